"""The matcher: a small instruction set run by memoized backtracking.

A compiled pattern is a flat list of instructions. The search explores
alternatives in priority order (like a regex engine), but remembers every
(instruction, token position) pair it has already tried. A pair that was
reached once and did not lead to a match never can, so the total work per
sentence is bounded by len(program) x (tokens + 1) x the longest multi-token
step: linear in the input, whatever the rule (RE2's "BitState" idea).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from eventrules.inflect import AUXILIARIES, BE_FORMS, is_adverb

# Opcodes. Instructions are tuples (opcode, arg1, arg2) for fast dispatch.
LIT = 0  # (LIT, lower forms, None): one token whose lowercase form is in the set
LITCS = 1  # (LITCS, exact forms, None): one token, case-sensitive
VERB = 2  # (VERB, forms, ing forms): a verb group: auxiliaries/adverbs, then a form
SLOT = 3  # (SLOT, type, None): one annotation of that type starting here
ITEM = 4  # (ITEM, max tokens, ClassSet | None): an open span, shortest first
GAP = 5  # (GAP, max tokens, None): 0..max tokens of anything, shortest first
SPLIT = 6  # (SPLIT, preferred pc, other pc)
JMP = 7  # (JMP, pc, None)
SAVE = 8  # (SAVE, capture index, None)
MATCH = 9
PASSIVE = 10  # (PASSIVE, past participles, None): a be-auxiliary group, then a participle
PAREN = 11  # (PAREN, max tokens, None): an inserted clause between commas

Instr = tuple[int, Any, Any]

MAX_VERB_GROUP = 4
# Tokens an ITEM span never contains: it stays inside one phrase.
ITEM_STOP = frozenset(',;:.!?()[]"\u201c\u201d')


@dataclass(frozen=True, slots=True)
class ClassSet:
    """A word class as lookup sets: single-word forms and multi-word entries."""

    words: frozenset[str]
    phrases: tuple[tuple[frozenset[str], ...], ...] = ()
    firsts: frozenset[str] = frozenset()  # forms that can start a phrase
    # Phrases by the forms of their last word (derived; not part of equality or hash).
    by_last: dict[str, tuple[tuple[frozenset[str], ...], ...]] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "firsts", frozenset().union(*(p[0] for p in self.phrases)))
        by_last: dict[str, list[tuple[frozenset[str], ...]]] = {}
        for ph in self.phrases:
            for w in ph[-1]:
                by_last.setdefault(w, []).append(ph)
        object.__setattr__(self, "by_last", {w: tuple(v) for w, v in by_last.items()})

    def ends_at(self, lowers: Sequence[str], lo: int, k: int) -> bool:
        """Does a member end at token k (and start at or after lo)?"""
        if lowers[k] in self.words:
            return True
        for ph in self.phrases:
            a = k + 1 - len(ph)
            if a >= lo and lowers[a] in ph[0] and all(lowers[a + m] in ph[m] for m in range(1, len(ph))):
                return True
        return False

    def latest_start(self, lowers: Sequence[str], k: int) -> int:
        """The latest start of a multi-word member ending at token k (-1: none)."""
        best = -1
        for ph in self.by_last.get(lowers[k], ()):
            a = k + 1 - len(ph)
            if a > best and a >= 0 and lowers[a] in ph[0] and all(lowers[a + m] in ph[m] for m in range(1, len(ph))):
                best = a
        return best

    def occurs_in(self, lowers: Sequence[str], i: int, j: int) -> bool:
        """Does a member of the class occur within tokens [i, j)?"""
        if not self.words.isdisjoint(lowers[i:j]):
            return True
        if not self.phrases or self.firsts.isdisjoint(lowers[i:j]):
            return False
        return any(self.ends_at(lowers, i, k) for k in range(i, j))


@dataclass(slots=True)
class Context:
    """What the matcher sees of one sentence: tokens and slot annotations.

    `ends[type][start]` lists the end positions of annotations of `type`
    starting at `start`, preferred (longest) first.
    """

    lowers: Sequence[str]
    words: Sequence[str]
    ends: dict[str, dict[int, list[int]]]
    steps: int = 0
    vocab: frozenset[str] = frozenset()  # the distinct lowercase words (filled in if not given)
    # Per-sentence tables every rule shares, built on first use (see verb_groups, class_ends).
    groups: list[tuple[tuple[int, bool, bool], ...]] | None = None
    class_cache: dict[int, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.vocab:
            self.vocab = frozenset(self.lowers)

    def verb_groups(self) -> list[tuple[tuple[int, bool, bool], ...]]:
        """For each start i: the positions j where a verb group from i may have its verb,
        with (a be-form is the last auxiliary before j, a be-form is among them).

        j = i always, then on while tokens are auxiliaries or adverbs, at most
        MAX_VERB_GROUP of them. Most starts have just (i, False, False), which the VM
        turns into a plain set lookup."""
        if self.groups is None:
            lowers = self.lowers
            n = len(lowers)
            absorbs = [w in AUXILIARIES or is_adverb(w) for w in lowers]
            out: list[tuple[tuple[int, bool, bool], ...]] = []
            for i in range(n):
                if not absorbs[i]:
                    out.append(((i, False, False),))
                    continue
                cand = []
                be_last = be_any = False
                j = i
                while j < n and j - i <= MAX_VERB_GROUP:
                    cand.append((j, be_last, be_any))
                    w = lowers[j]
                    if w in AUXILIARIES:
                        be_last = w in BE_FORMS
                        be_any = be_any or be_last
                    elif not absorbs[j]:
                        break
                    j += 1
                out.append(tuple(cand))
            out.append(())  # i == n: no token left
            self.groups = out
        return self.groups

    def class_ends(self, cls: ClassSet) -> list[int]:
        """For each token k, the latest start of a member of `cls` ending at k (-1: none)."""
        got = self.class_cache.get(id(cls))
        if got is None:
            lowers = self.lowers
            got = [k if w in cls.words else -1 for k, w in enumerate(lowers)]
            if cls.phrases and not cls.firsts.isdisjoint(self.vocab):
                by_last = cls.by_last
                for k, w in enumerate(lowers):
                    if got[k] < 0 and w in by_last:
                        got[k] = cls.latest_start(lowers, k)
            self.class_cache[id(cls)] = got
        return got


@dataclass(slots=True)
class Trace:
    """Why-not information: each instruction that failed, and the first token where it did.

    The deepest failing instruction (highest pc) is how far into the pattern
    the search got; explain reports it with the words found there."""

    failed: dict[int, int] = field(default_factory=dict)

    def note(self, pos: int, pc: int) -> None:
        if pc not in self.failed:
            self.failed[pc] = pos


def _verb_ends(ctx: Context, i: int, forms: frozenset[str], ing: frozenset[str]) -> list[int]:
    """End positions of a verb group starting at i, longest first. A be-auxiliary before a
    non -ing form is a passive ("was shipped") and does not match an active verb literal."""
    lowers = ctx.lowers
    out = [
        j + 1 for j, be_last, _ in ctx.verb_groups()[i] if lowers[j] in forms and not (be_last and lowers[j] not in ing)
    ]
    out.reverse()
    return out


def _passive_ends(ctx: Context, i: int, vbn: frozenset[str]) -> list[int]:
    """ "was attacked", "has been attacked", "were reportedly attacked": a be-form must come first."""
    lowers = ctx.lowers
    for j, _, be_any in ctx.verb_groups()[i]:
        if be_any and lowers[j] in vbn:
            return [j + 1]
    return []


def _paren_ends(lowers: Sequence[str], i: int, limit: int) -> list[int]:
    """ ", which has denied the claims," -> the position after the closing comma."""
    if i >= len(lowers) or lowers[i] != ",":
        return []
    for j in range(i + 1, min(len(lowers), i + limit + 1)):
        w = lowers[j]
        if w == ",":
            return [j + 1] if j > i + 1 else []
        if w in _CLAUSE_END:
            break
    return []


_CLAUSE_END = frozenset({".", ";", "!", "?", ":"})


def _multi_ends(op: Instr, ctx: Context, i: int) -> Iterable[int]:
    code = op[0]
    lowers = ctx.lowers
    if code == VERB:
        return _verb_ends(ctx, i, op[1], op[2])
    if code == PASSIVE:
        return _passive_ends(ctx, i, op[1])
    if code == PAREN:
        return _paren_ends(lowers, i, op[1])
    if code == SLOT:
        return ctx.ends.get(op[1], {}).get(i, ())
    n = len(lowers)
    if code == GAP:
        return range(i, min(n, i + op[1]) + 1)
    # ITEM: 1..max tokens, shortest first, no phrase-breaking punctuation. With a class,
    # every span from the first member on qualifies (checked once per token).
    out = []
    cls: ClassSet | None = op[2]
    found = cls is None
    member = ctx.class_ends(cls) if cls is not None else None
    for j in range(i, min(n, i + op[1])):
        if lowers[j] in ITEM_STOP:
            break
        if not found:
            found = member[j] >= i  # type: ignore[index]
        if found:
            out.append(j + 1)
    return out


def search(
    prog: Sequence[Instr],
    ctx: Context,
    starts: Iterable[int],
    ncaps: int,
    trace: Trace | None = None,
) -> tuple[int, ...] | None:
    """Leftmost match of `prog` from any of `starts`; returns the capture tuple or None."""
    lowers = ctx.lowers
    words = ctx.words
    n = len(lowers)
    width = n + 1
    seen = bytearray(len(prog) * width)
    steps = 0
    groups = ctx.verb_groups()
    # Captures are a linked list (index, position, older): a SAVE is one small tuple
    # instead of a copy of every capture; the array is built only for a match.
    caps: Any
    for s in starts:
        stack: list[tuple[int, int, Any]] = [(0, s, None)]
        while stack:
            pc, i, caps = stack.pop()
            while True:
                op = prog[pc]
                if op[0] == SAVE:  # never fails nor branches: the memo check is left to the next
                    caps = (op[1], i, caps)
                    pc += 1
                    continue
                key = pc * width + i
                if seen[key]:
                    break
                seen[key] = 1
                steps += 1
                code = op[0]
                if code == LIT:
                    if i < n and lowers[i] in op[1]:
                        pc += 1
                        i += 1
                        continue
                elif code == SPLIT:
                    stack.append((op[2], i, caps))
                    pc = op[1]
                    continue
                elif code == JMP:
                    pc = op[1]
                    continue
                elif code == MATCH:
                    ctx.steps += steps
                    return _captures(caps, ncaps)
                elif code == LITCS:
                    if i < n and words[i] in op[1]:
                        pc += 1
                        i += 1
                        continue
                elif code == VERB and len(groups[i]) == 1:
                    # No auxiliary or adverb to absorb: the verb is the one token at i.
                    if lowers[i] in op[1]:
                        pc += 1
                        i += 1
                        continue
                elif code == SLOT:
                    ends = ctx.ends.get(op[1], {}).get(i)
                    if ends:
                        for e in reversed(ends[1:]):
                            stack.append((pc + 1, e, caps))
                        pc += 1
                        i = ends[0]
                        continue
                else:
                    ends = list(_multi_ends(op, ctx, i))
                    if ends:
                        for e in reversed(ends[1:]):
                            stack.append((pc + 1, e, caps))
                        pc += 1
                        i = ends[0]
                        continue
                if trace is not None:
                    trace.note(i, pc)
                break
    ctx.steps += steps
    return None


def _captures(caps: Any, ncaps: int) -> tuple[int, ...]:
    """The capture array from the linked list; the latest SAVE of an index wins."""
    out = [-1] * ncaps
    while caps is not None:
        k, i, caps = caps
        if out[k] < 0:
            out[k] = i
    return tuple(out)


def match_at(prog: Sequence[Instr], ctx: Context, start: int, ncaps: int) -> tuple[int, ...] | None:
    """Anchored match at `start` (used by guards)."""
    return search(prog, ctx, (start,), ncaps)
