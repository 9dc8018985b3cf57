"""Run the rules a sentence triggered: VM search, guards, code selection."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from eventrules import vm
from eventrules.annotate import Annotations
from eventrules.compile import CompiledGuard, CompiledRule, Program
from eventrules.inflect import AUXILIARIES, is_adverb
from eventrules.text import Sentence

NEGATORS = frozenset({"not", "n't", "never", "no", "neither", "nor", "cannot", "without"})
# Modals and future markers: "may send", "could attack", "will deploy" assert no act yet.
HEDGES = frozenset({"may", "might", "could", "would", "should", "can", "will", "'ll", "must", "shall"})
NEGATION_WINDOW = 4


@dataclass(frozen=True, slots=True)
class Match:
    """One successful match of one rule's pattern, before event assembly."""

    rule: CompiledRule
    program: Program
    caps: tuple[int, ...]
    code: str
    suppressed_by: str | None = None  # a guard's description when a guard vetoed it

    @property
    def start(self) -> int:
        return self.caps[0]

    @property
    def end(self) -> int:
        return self.caps[1]

    def span(self, cap: int) -> tuple[int, int] | None:
        s, e = self.caps[cap], self.caps[cap + 1]
        return (s, e) if s >= 0 and e >= 0 else None


def context(sent: Sentence, anns: Annotations, vocab: frozenset[str] | None = None) -> vm.Context:
    return vm.Context(sent.lowers, sent.words, anns.ends, vocab=vocab or frozenset(sent.lowers))


def possible(prog: Program, vocab: frozenset[str] | set[str]) -> bool:
    """Does the sentence have a form of each word set the program requires?"""
    for req in prog.requires:  # noqa: SIM110 - a plain loop beats all() on this hot path
        if req.isdisjoint(vocab):
            return False
    return True


def _starts(prog: Program, ctx: vm.Context, n: int, pos: int) -> Sequence[int]:
    if prog.start_type is not None:
        ends = ctx.ends.get(prog.start_type, {})
        if prog.start_place and "LOCATION" in ctx.ends:
            places = ctx.ends["LOCATION"]
            ends = {s: ends.get(s, []) + places.get(s, []) for s in ends.keys() | places.keys()}
        follow = prog.follow
        if follow is None:
            return sorted(s for s in ends if s >= pos)
        # Only annotations followed by a word, or an annotation (a date in "Russia on Monday
        # condemned", a COORD), the rest of the pattern can begin with.
        lowers = ctx.lowers
        adverbs = prog.follow_adverbs
        begins = [ctx.ends[t] for t in prog.follow_types if t in ctx.ends]
        return sorted(
            s
            for s, es in ends.items()
            if s >= pos
            and any(
                e < n and (lowers[e] in follow or any(e in b for b in begins) or (adverbs and is_adverb(lowers[e])))
                for e in es
            )
        )
    if prog.start_words is not None:
        words = prog.start_words
        return [k for k in range(pos, n) if ctx.lowers[k] in words]
    if prog.anchor is not None:
        # Only starts within reach before an anchor word can lead to a match.
        anchor = prog.anchor
        reach = prog.anchor_reach
        out: list[int] = []
        lowers = ctx.lowers
        for k in range(pos, n):
            if lowers[k] in anchor:
                lo = max(pos, k - reach, out[-1] + 1 if out else pos)
                out += range(lo, k + 1)
        return out
    return range(pos, n)


def find_matches(rule: CompiledRule, ctx: vm.Context, keep_suppressed: bool = False) -> Iterator[Match]:
    """Non-overlapping matches of the rule, left to right. Patterns are alternatives in order
    of preference: a later pattern's match that overlaps an earlier pattern's is dropped."""
    n = len(ctx.lowers)
    taken: list[tuple[int, int]] = []
    vocab = ctx.vocab
    for prog in rule.programs:
        if not possible(prog, vocab) or not all(t in ctx.ends for t in prog.needs):
            continue  # it cannot match here: skip the search
        pos = 0
        mine: list[tuple[int, int]] = []
        while pos < n:
            caps = vm.search(prog.instrs, ctx, _starts(prog, ctx, n, pos), prog.ncaps)
            if caps is None:
                break
            pos = max(caps[1], caps[0] + 1)
            if any(caps[0] < e and s < caps[1] for s, e in taken):
                continue
            veto = next((g for g in rule.guards if _guard_fires(g, prog, caps, ctx)), None)
            if veto is None:
                mine.append((caps[0], caps[1]))  # a vetoed match blocks no later pattern
                yield Match(rule, prog, caps, _choose_code(rule, prog, caps, ctx))
            elif keep_suppressed:
                yield Match(rule, prog, caps, rule.code, suppressed_by=describe_guard(veto))
        taken += mine


def _guard_fires(g: CompiledGuard, prog: Program, caps: tuple[int, ...], ctx: vm.Context) -> bool:
    head = caps[2] if prog.head_cap is not None and caps[2] >= 0 else caps[0]
    head_end = caps[3] if prog.head_cap is not None and caps[3] >= 0 else caps[1]
    lowers = ctx.lowers
    if g.kind in ("negated", "hedged"):
        lo = max(0, head - NEGATION_WINDOW)
        if g.kind == "negated":
            return any(lowers[k] in NEGATORS for k in range(lo, head_end))
        # Case-sensitive: "May" is a month or a name, "may" a modal.
        return any(ctx.words[k] in HEDGES for k in range(lo, head_end))
    sub = g.program
    assert sub is not None
    n = len(lowers)
    if g.kind == "preceded":
        # Words the head's verb group absorbed ("has reportedly shipped") count as in front of it.
        last = head_end - 1
        absorbed = [k for k in range(head, last) if lowers[k] in AUXILIARIES or is_adverb(lowers[k])]
        for s in [*range(max(0, head - g.window), head), *absorbed]:
            got = vm.match_at(sub.instrs, ctx, s, sub.ncaps)
            if got is not None and got[1] <= last:
                return True
        return False
    if g.kind == "followed":
        starts: Sequence[int] = range(caps[1], min(n, caps[1] + g.window + 1))
    else:  # mentions: anywhere in the sentence
        starts = range(n)
    return vm.search(sub.instrs, ctx, starts, sub.ncaps) is not None


def describe_guard(g: CompiledGuard) -> str:
    if g.kind == "negated":
        return "the trigger is negated"
    if g.kind == "hedged":
        return "the trigger is hedged by a modal"
    return f"guard `{g.kind}` at {g.loc}"


def _choose_code(rule: CompiledRule, prog: Program, caps: tuple[int, ...], ctx: vm.Context) -> str:
    for cw in rule.code_when:
        for slot in prog.slots:
            if slot.role == cw.role and caps[slot.cap] >= 0:
                if cw.cls.occurs_in(ctx.lowers, caps[slot.cap], caps[slot.cap + 1]):
                    return cw.code
    return rule.code
