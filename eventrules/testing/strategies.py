"""Hypothesis strategies generated from a rule: sentences it must code, and near misses it must not.

    rules = eventrules.load_rules("rules/")
    rule = rules.rule("send-goods")

    @given(examples(rule, rules))
    def test_codes_its_examples(ex):
        assert produces(rules, rule, ex)

    @given(near_misses(rule, rules))
    def test_ignores_near_misses(nm):
        assert not produces(rules, rule, nm)

`examples` walks one of the rule's patterns (its AST) and realizes every part:
words in their inflections (a head verb in news forms: "shipped", "ships", "is
shipping", "has shipped"), class members, optional parts taken or skipped, one
branch of each alternative, gaps filled with harmless adverbs, and slots filled
with real values: dictionary actors valid for the date, quantities and dates
written in the annotators' own styles, places, and items (class members where the
rule asks for them, or harmless goods). The expectation is computed the way the
engine defines it: default role names, and the code from the first `code_when`
whose slot holds a member of its class, over the span the matcher will bind.

`near_misses` perturbs such an example so that the rule must not produce the
original event: the head verb negated, the source or target dropped or replaced by
a non-actor, the parts reordered, or a guard's words inserted where it looks. Each
kind is generated only where it is sound (see `NearMiss`).
"""

from __future__ import annotations

import datetime as dt
import functools
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from hypothesis import assume
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy
from lemminflect import getAllLemmas, getInflection

from eventrules import matcher
from eventrules.annotate.actors import ActorDictionary, ActorEntry, find_actors, find_locations
from eventrules.annotate.dates import DATE_STYLES, FUNCTION_WORDS, find_dates, render_date
from eventrules.annotate.quantities import QUANTITY_STYLES, find_quantities, render_quantity
from eventrules.compile import DEFAULT_GAP, GUARD_WINDOW, ITEM_MAX, CompiledRule, _role_names
from eventrules.inflect import AUXILIARIES, expand, is_adverb, verb_inflection, verb_lemmas
from eventrules.lang import ast
from eventrules.matcher import NEGATORS
from eventrules.ruleset import RuleSet
from eventrules.testing.expect import meets
from eventrules.text import make_sentence, tokenize

__all__ = ["Example", "NearMiss", "examples", "near_misses", "produces"]

T = TypeVar("T")

#: Reasons a NearMiss carries.
NEAR_MISS_REASONS = ("negated", "missing slot", "non-actor slot", "out of order", "guard word")


@dataclass(frozen=True)
class Example:
    """A sentence the rule must code: `expected` is an inline-example expectation
    ({"code": "072", "source": "IRN", "target": "RUS", "quantity": 300, ...})."""

    text: str
    date: dt.date
    expected: dict[str, Any]


@dataclass(frozen=True)
class NearMiss:
    """A sentence close to an example that must not yield `forbidden` (code, source, target).

    `reason` is one of:
    - "negated": the head verb negated ("did not ship"); only for rules with an
      `unless negated` guard, or whose every pattern puts its head verb right after
      a fixed element (a verb group never absorbs "not");
    - "missing slot" / "non-actor slot": the source or target dropped, or replaced by a
      noun phrase that is no actor ("the region"); its code is then nowhere in the text;
    - "out of order": source and target swapped (not for symmetric rules), or the head
      moved to the end when something required follows it; `forbidden` is the event of
      the original order;
    - "guard word": a `preceded by` / `followed by` / `mentions` guard's words put where
      the guard looks, or a modal before the head verb for a `hedged` guard.
    """

    text: str
    date: dt.date
    reason: str
    forbidden: dict[str, Any]


# ---------------------------------------------------------------------------- public API


def examples(
    rule: CompiledRule | str,
    ruleset: RuleSet,
    *,
    date_styles: Sequence[str] = DATE_STYLES,
    quantity_styles: Sequence[str] = QUANTITY_STYLES,
) -> SearchStrategy[Example]:
    """Sentences that `rule` (a rule or its id in `ruleset`) must code, with their expectation.

    `ruleset` supplies the word classes and the actor dictionary. `date_styles` and
    `quantity_styles` restrict how DATE and QUANTITY values are written (defaults: all
    styles of `render_date` and `render_quantity`).
    """
    plan = _plan(_the_rule(rule, ruleset), ruleset, date_styles, quantity_styles)
    if plan.example_strategy is None:
        plan.example_strategy = _examples(plan)
    return plan.example_strategy


def near_misses(
    rule: CompiledRule | str,
    ruleset: RuleSet,
    *,
    date_styles: Sequence[str] = DATE_STYLES,
    quantity_styles: Sequence[str] = QUANTITY_STYLES,
) -> SearchStrategy[NearMiss]:
    """Sentences close to the rule's examples that must not produce the example's event.

    Only the kinds that are sound for the rule are generated; a rule with none (no
    actor to drop, no verb head, nothing after its head, no guard) gives `nothing()`.
    """
    plan = _plan(_the_rule(rule, ruleset), ruleset, date_styles, quantity_styles)
    if plan.near_miss_strategy is None:
        usable = tuple(k for k in range(len(plan.patterns)) if plan.static_kinds(k))
        plan.near_miss_strategy = _near_misses(plan, usable) if usable else st.nothing()
    return plan.near_miss_strategy


def produces(ruleset: RuleSet, rule: CompiledRule | str, ex: Example | NearMiss) -> list[dict[str, Any]]:
    """The events of `rule` in `ex.text` that meet `ex.expected` (Example) or `ex.forbidden` (NearMiss).

    The whole rule set runs, so a rule that loses its words to another rule fails here.
    """
    rid = rule if isinstance(rule, str) else rule.id
    want = ex.expected if isinstance(ex, Example) else ex.forbidden
    return [e for e in ruleset.extract(ex.text, ex.date) if e["rule"] == rid and meets(e, want)]


def _the_rule(rule: CompiledRule | str, ruleset: RuleSet) -> CompiledRule:
    return ruleset.rule(rule) if isinstance(rule, str) else rule


# Plans (and their strategies) by (rule set, rule, styles): a test that builds its strategy
# inside `data.draw` calls `examples` once per generated example. Entries of a rule set that
# is gone are dropped when the next plan is built.
_PLANS: dict[tuple[int, int, tuple[str, ...], tuple[str, ...]], tuple[weakref.ref[RuleSet], _Plan]] = {}


def _plan(rule: CompiledRule, ruleset: RuleSet, date_styles: Sequence[str], quantity_styles: Sequence[str]) -> _Plan:
    key = (id(ruleset), id(rule), tuple(date_styles), tuple(quantity_styles))
    hit = _PLANS.get(key)
    if hit is not None and hit[0]() is ruleset and hit[1].rule is rule:
        return hit[1]
    plan = _Plan.build(rule, ruleset, date_styles, quantity_styles)
    for k in [k for k, (ref, _) in _PLANS.items() if ref() is None]:
        del _PLANS[k]
    _PLANS[key] = (weakref.ref(ruleset), plan)
    return plan


# ---------------------------------------------------------------------------- word pools

# Harmless material, vetted per rule set (no annotation, no rule or guard word).
_FILLERS = (
    "quietly", "again", "also", "reportedly", "secretly", "officially", "recently", "allegedly",
    "apparently", "formally", "openly", "finally", "already",
)  # fmt: skip
_ITEMS = (
    "supplies", "fuel", "spare parts", "equipment", "vehicles", "generators", "building materials",
    "goods", "cargo", "tents", "blankets", "components", "machinery", "engines", "radios", "uniforms",
    "cement", "timber", "fertilizer", "batteries", "textbooks", "water pumps",
)  # fmt: skip
_MODIFIERS = ("new", "additional", "modern", "heavy", "used", "advanced", "older", "surplus")
_UNITS = ("containers", "boxes", "tonnes", "tons", "trucks", "crates", "shipments", "barrels", "pallets", "loads")
_NON_ACTORS = ("the region", "the weather", "the market", "the crowd", "the harvest", "the storm", "the border area")

_REF_DATE = dt.date(2020, 6, 15)
_MIN_DATE = dt.date(2000, 1, 1)
_MAX_DATE = dt.date(2030, 12, 31)
_MAX_FILLERS = 3
_BE_HAVE_DO = frozenset({"be", "have", "do"})
_QUANTITY_PREFIXES = (2, 1000, 10**6)  # small counts, thousands, millions
_HEDGES: frozenset[str] = getattr(matcher, "HEDGES", frozenset())  # modals the `hedged` guard looks for
_GUARD_WORD_KINDS = ("preceded", "followed", "mentions", "hedged")
_MODALS = tuple(m for m in ("may", "could", "will", "would", "might") if m in _HEDGES)


@functools.lru_cache(maxsize=8192)
def _sampled(options: tuple[Any, ...]) -> SearchStrategy[Any]:
    return st.sampled_from(options)


@functools.lru_cache(maxsize=1024)
def _ints(lo: int, hi: int) -> SearchStrategy[int]:
    return st.integers(lo, hi)


_BOOLS = st.booleans()


def _choice(draw: st.DrawFn, options: Sequence[T]) -> T:
    """One of `options` (strategies are cached: building them is what costs)."""
    got: T = draw(_sampled(tuple(options)))
    return got


def _lowers(text: str) -> list[str]:
    return [w.lower().replace("\u2019", "'") for w, _, _ in tokenize(text)]


def _word_forms(w: ast.Word) -> frozenset[str]:
    return frozenset({w.text.lower()}) if w.exact else expand(w.text).all


def _no_annotation(d: ActorDictionary, text: str) -> bool:
    """`text` alone (and capitalized) holds no actor, place, quantity or date."""
    for variant in {text, text[:1].upper() + text[1:]}:
        s = make_sentence(variant)
        if find_actors(d, s, _REF_DATE) or find_locations(d, s) or find_quantities(s) or find_dates(s, _REF_DATE):
            return False
    return True


@dataclass(frozen=True)
class _Actor:
    phrase: str
    entry: ActorEntry
    words: frozenset[str]  # lowercase tokens

    def code(self, date: dt.date) -> str:
        return self.entry.resolve(date)


def _spans_alone(anns: Sequence[Any], n: int, code: str) -> bool:
    return len(anns) == 1 and anns[0].start == 0 and anns[0].end == n and anns[0].code == code


def _simple_phrase(phrase: str) -> bool:
    # Letters, spaces, hyphens and apostrophes only: a period would end the sentence or merge
    # with ours ("U.A.E."), digits read as numbers, a comma or "&" joins compound actors.
    return bool(phrase) and all(c.isalpha() or c in " -'\u2019" for c in phrase)


class _Pools:
    """What a dictionary offers: candidate actors and places, vetted lazily (only those drawn)."""

    def __init__(self, d: ActorDictionary) -> None:
        self._d = weakref.ref(d)  # the pools are cached by dictionary: no strong reference back
        phrases = list(d.actors.phrases())
        # States: codes with a demonym or a metonym (regions and organizations have only names).
        states = {e.code[:3] for _, e in phrases if e.kind in ("demonym", "metonym") and len(e.code) >= 3}
        actors = [
            _Actor(p, e, frozenset(_lowers(p)))
            for p, e in phrases
            if _simple_phrase(p) and ((e.kind == "name" and e.code[:3] in states) or (e.kind == "person" and e.periods))
        ]
        # Plain country names first: hypothesis shrinks towards the start of a list.
        actors.sort(key=lambda a: (len(a.entry.code) != 3, a.entry.kind != "name"))
        self.actors = tuple(actors)
        self.places = tuple((p, e.code, frozenset(_lowers(p))) for p, e in d.places.phrases() if _simple_phrase(p))
        self.harmless: dict[str, bool] = {}
        self._actor_ok: dict[_Actor, bool] = {}
        self._place_ok: dict[str, bool] = {}

    @property
    def d(self) -> ActorDictionary:
        d = self._d()
        assert d is not None, "the actor dictionary is gone"
        return d

    def actor_ok(self, a: _Actor) -> bool:
        """The phrase reads as exactly this one actor: alone, inside a sentence and at its end
        ("Dong Jun." would read "Jun." as an abbreviation)."""
        ok = self._actor_ok.get(a)
        if ok is None:
            n = len(tokenize(a.phrase))
            code = a.code(_REF_DATE)
            ok = _spans_alone(find_actors(self.d, make_sentence(a.phrase), _REF_DATE), n, code)
            for frame in (f"we saw {a.phrase} there", f"we saw {a.phrase}."):
                if not ok:
                    break
                got = find_actors(self.d, make_sentence(frame), _REF_DATE)
                got = [replace(x, start=x.start - 2, end=x.end - 2) for x in got if x.end > 2 and x.start < 2 + n]
                ok = _spans_alone(got, n, code)
            self._actor_ok[a] = ok
        return ok

    def place_ok(self, phrase: str, code: str) -> bool:
        """The phrase is exactly one place with this code, and no actor."""
        ok = self._place_ok.get(phrase)
        if ok is None:
            s = make_sentence(phrase)
            ok = _spans_alone(find_locations(self.d, s), len(s.words), code) and not find_actors(self.d, s, _REF_DATE)
            self._place_ok[phrase] = ok
        return ok


_POOLS: weakref.WeakKeyDictionary[ActorDictionary, _Pools] = weakref.WeakKeyDictionary()


def _pools(d: ActorDictionary) -> _Pools:
    got = _POOLS.get(d)
    if got is None:
        got = _POOLS[d] = _Pools(d)
    return got


# ---------------------------------------------------------------------------- classes


@dataclass(frozen=True)
class _Member:
    words: tuple[ast.Word, ...]
    forms: tuple[frozenset[str], ...]


def _occurs(members: Sequence[_Member], lowers: Sequence[str]) -> bool:
    """Does a class member occur in these tokens (the definition `code_when` and ITEM[@cls] use)?"""
    n = len(lowers)
    for k in range(n):
        for m in members:
            if k + len(m.forms) <= n and all(lowers[k + j] in m.forms[j] for j in range(len(m.forms))):
                return True
    return False


def _words_of(node: ast.Node | None, out: list[ast.Word], refs: list[str]) -> None:
    if isinstance(node, ast.Word):
        out.append(node)
    elif isinstance(node, ast.ClassRef):
        refs.append(node.name)
    elif isinstance(node, ast.Slot):
        if node.cls is not None:
            refs.append(node.cls.name)
    elif isinstance(node, ast.Seq):
        for item in node.items:
            _words_of(item, out, refs)
    elif isinstance(node, ast.Alt):
        for o in node.options:
            _words_of(o, out, refs)
    elif isinstance(node, ast.Opt):
        _words_of(node.node, out, refs)


def _forms_of(
    nodes: Sequence[ast.Node | None], classes: dict[str, tuple[_Member, ...]], more: Sequence[str] = ()
) -> set[str]:
    """Every form of every word and class member in `nodes` (and in the classes `more`)."""
    words: list[ast.Word] = []
    refs: list[str] = list(more)
    for node in nodes:
        _words_of(node, words, refs)
    out: set[str] = set()
    for w in words:
        out |= _word_forms(w)
    for r in refs:
        for m in classes.get(r, ()):
            for f in m.forms:
                out |= f
    return out


def _required_words(node: ast.Node, classes: dict[str, tuple[_Member, ...]]) -> bool:
    """Mirror of the compiler's head choice: does every match of `node` contain a word?"""
    if isinstance(node, ast.Word):
        return True
    if isinstance(node, ast.ClassRef):
        return node.name in classes
    if isinstance(node, ast.Seq):
        return any(_required_words(i, classes) for i in node.items)
    if isinstance(node, ast.Alt):
        return all(_required_words(o, classes) for o in node.options)
    return False


def _top(node: ast.Node) -> list[ast.Node]:
    return list(node.items) if isinstance(node, ast.Seq) else [node]


def _rigid(node: ast.Node, end: bool) -> bool:
    """Does every match of `node` begin (end=False) or end (end=True) with a fixed element?"""
    if isinstance(node, (ast.Word, ast.ClassRef)):
        return True
    if isinstance(node, ast.Slot):
        return node.type != "ITEM"
    if isinstance(node, ast.Seq):
        return bool(node.items) and _rigid(node.items[-1 if end else 0], end)
    if isinstance(node, ast.Alt):
        return all(_rigid(o, end) for o in node.options)
    return False  # Gap, Opt


def _head_index(node: ast.Node, classes: dict[str, tuple[_Member, ...]]) -> int | None:
    return next((k for k, item in enumerate(_top(node)) if _required_words(item, classes)), None)


# By id(rule set), checked through a weak reference as _PLANS is (a RuleSet is not hashable).
_CLASSES: dict[int, tuple[weakref.ref[RuleSet], dict[str, tuple[_Member, ...]]]] = {}


def _class_members(ruleset: RuleSet) -> dict[str, tuple[_Member, ...]]:
    """Every class of the rule set as members with their forms: once per rule set, not per
    rule (a pack has thousands of entries)."""
    hit = _CLASSES.get(id(ruleset))
    if hit is not None and hit[0]() is ruleset:
        return hit[1]
    for k in [k for k, (ref, _) in _CLASSES.items() if ref() is None]:
        del _CLASSES[k]
    got: dict[str, tuple[_Member, ...]] = {}
    for name, cdef in ruleset.class_defs.items():
        members = []
        for entry in cdef.entries:
            ws = tuple(w for w in entry.items if isinstance(w, ast.Word))
            if ws:
                members.append(_Member(ws, tuple(_word_forms(w) for w in ws)))
        got[name] = tuple(members)
    _CLASSES[id(ruleset)] = (weakref.ref(ruleset), got)
    return got


# ---------------------------------------------------------------------------- verbs


@dataclass(frozen=True)
class _Verb:
    affirmative: tuple[str, ...]
    negated: tuple[str, ...]  # forms that end in not/n't: never absorbed by what precedes
    negated_guard: tuple[str, ...]  # more forms, good where only the `negated` guard must see them
    hedged: tuple[str, ...]  # after a modal: for the `hedged` guard


@functools.lru_cache(maxsize=4096)
def _verb(word: ast.Word) -> _Verb | None:
    """News-style forms of a head verb, or None when the word is no (main) verb."""
    text = word.text
    if word.exact:
        if not expand(text).verb or not text.isalpha():
            return None
        lemma = next(iter(getAllLemmas(text.lower()).get("VERB", ())), text)
        return _Verb((text,), (f"did not {lemma}",), (f"never {text}",), tuple(f"{m} {text}" for m in _MODALS))
    low = text.lower()
    f = expand(low)
    if not f.verb or not low.isalpha() or low in AUXILIARIES or low in _HEDGES or "AUX" in getAllLemmas(low):
        return None  # auxiliaries and modals ("would") stay as written
    lemmas = [lem for lem in verb_lemmas(low) if lem in f.all]
    if not lemmas or lemmas[0] in _BE_HAVE_DO:
        return None
    base = lemmas[0]

    def infl(tag: str) -> str | None:
        return next((g for g in verb_inflection(base, tag) if g in f.all and g.isalpha()), None)

    vbd, vbz, vbg, vbn = infl("VBD"), infl("VBZ"), infl("VBG"), infl("VBN")
    aff = [x for x in (vbd, vbz, vbg and f"is {vbg}", vbn and f"has {vbn}", low) if x]
    neg = [f"did not {base}", f"didn't {base}", f"does not {base}"]
    if vbn:
        neg.append(f"has not {vbn}")
    neg_guard = [f"never {vbd}"] if vbd else []
    if vbg:
        neg_guard.append(f"is not {vbg}")
    return _Verb(tuple(dict.fromkeys(aff)), tuple(neg), tuple(neg_guard), tuple(f"{m} {base}" for m in _MODALS))


@functools.lru_cache(maxsize=4096)
def _other_forms(word: ast.Word, bad: frozenset[str], nouns_only: bool = False) -> tuple[str, ...]:
    """Forms of a word that is not the head: as written first, then its other noun number
    (with `nouns_only`, only for words that cannot be verbs: "treaties", not "meets")."""
    if word.exact:
        return (word.text,)
    low = word.text.lower()
    f = expand(low)
    out = [word.text]
    if (nouns_only and f.verb) or low in FUNCTION_WORDS:
        return tuple(out)
    for lemma in getAllLemmas(low).get("NOUN", ()):
        for tag in ("NN", "NNS"):
            for form in getInflection(lemma, tag=tag):
                if form != low and form in f.all and form.isalpha() and form not in bad and form not in out:
                    out.append(form)
    return tuple(out)


# ---------------------------------------------------------------------------- the plan of a rule


@dataclass(repr=False)
class _Plan:
    """Everything generation needs to know about one rule, computed once per strategy."""

    rule: CompiledRule
    date_styles: tuple[str, ...]
    quantity_styles: tuple[str, ...]
    classes: dict[str, tuple[_Member, ...]]
    # The patterns as written: the compiled programs add engine variants (passive, clauses).
    patterns: tuple[ast.Node, ...]
    roles: list[dict[int, str]]  # per pattern: id(slot node) -> role
    avoid: frozenset[str]  # forms harmless text must not contain
    guard_forms: frozenset[str]
    fillers: tuple[str, ...]
    items: tuple[str, ...]
    modifiers: tuple[str, ...]
    units: tuple[str, ...]
    non_actors: tuple[str, ...]
    pools: _Pools
    actors: tuple[_Actor, ...]  # candidates without the rule's and guards' words
    places: tuple[tuple[str, str], ...]
    example_strategy: SearchStrategy[Example] | None = None
    near_miss_strategy: SearchStrategy[NearMiss] | None = None

    @classmethod
    def build(
        cls, rule: CompiledRule, ruleset: RuleSet, date_styles: Sequence[str], quantity_styles: Sequence[str]
    ) -> _Plan:
        for s in date_styles:
            render_date(_REF_DATE, s)  # ValueError on an unknown style
        for s in quantity_styles:
            render_quantity(2, s)
        if not date_styles or not quantity_styles:
            raise ValueError("date_styles and quantity_styles must not be empty")
        classes = _class_members(ruleset)
        d = rule.definition
        rule_forms = _forms_of(d.patterns, classes, [cw.cls.name for cw in d.code_when])
        guard_forms = frozenset(_forms_of([g.pattern for g in d.guards], classes) | NEGATORS | _HEDGES)
        avoid = frozenset(rule_forms | guard_forms | AUXILIARIES)
        pools = _pools(ruleset.actors)

        def vetted(phrases: Sequence[str], adverbs: bool = False) -> tuple[str, ...]:
            out = []
            for p in phrases:
                low = _lowers(p)
                if set(low) & avoid or (not adverbs and any(is_adverb(w) for w in low)):
                    continue
                ok = pools.harmless.get(p)
                if ok is None:
                    ok = pools.harmless[p] = _no_annotation(ruleset.actors, p)
                if ok:
                    out.append(p)
            return tuple(out)

        plan = cls(
            rule=rule,
            date_styles=tuple(date_styles),
            quantity_styles=tuple(quantity_styles),
            classes=classes,
            patterns=rule.definition.patterns,
            roles=[_role_names(p) for p in rule.definition.patterns],
            avoid=avoid,
            guard_forms=guard_forms,
            fillers=vetted(_FILLERS, adverbs=True),
            items=vetted(_ITEMS),
            modifiers=vetted(_MODIFIERS),
            units=vetted(_UNITS),
            non_actors=tuple(p for p in _NON_ACTORS if not find_actors(ruleset.actors, make_sentence(p), _REF_DATE)),
            pools=pools,
            actors=tuple(a for a in pools.actors if not a.words & avoid),
            places=tuple((p, code) for p, code, words in pools.places if not words & avoid),
        )
        plan.check()
        return plan

    def __repr__(self) -> str:
        return f"<plan of rule {self.rule.id}>"

    def check(self) -> None:
        for k, pattern in enumerate(self.patterns):
            slots = _slots(pattern)
            n_actors = sum(1 for s in slots if s.type == "ACTOR")
            if n_actors > len(self.actors):
                raise ValueError(
                    f"rule {self.rule.id}: pattern {k + 1} needs {n_actors} actors, the dictionary offers fewer"
                )
            if any(s.type == "LOCATION" for s in slots) and not self.places:
                raise ValueError(f"rule {self.rule.id}: no place name in the dictionary")
        if not self.items:
            raise ValueError(f"rule {self.rule.id}: every harmless item word is a word of the rule")

    # ---- which near misses are sound
    def static_kinds(self, k: int) -> list[str]:
        """Near-miss kinds sound for pattern k (whatever the realization)."""
        rule = self.rule
        node = self.patterns[k]
        kinds = []
        head = _head_index(node, self.classes)
        negated_guard = any(g.kind == "negated" for g in rule.guards)
        if head is not None and (negated_guard or all(self._rigid_head(p) for p in self.patterns)):
            kinds.append("negated")
        # The source or target dropped: its code is nowhere else in the sentence (codes differ).
        roles = self.roles[k]
        actor_roles = {roles.get(id(s), s.role) for s in _slots(node) if s.type == "ACTOR"}
        if actor_roles & {"source", "target"}:
            kinds += ["missing slot", "non-actor slot"]
        if (not rule.definition.symmetric and {"source", "target"} <= actor_roles) or self.head_can_move(k):
            kinds.append("out of order")
        if head is not None and any(g.kind in _GUARD_WORD_KINDS for g in rule.guards):
            kinds.append("guard word")
        return kinds

    def head_can_move(self, k: int) -> bool:
        """Moved to the end, the head leaves a required element with nothing to match.
        Only for one-pattern rules: another pattern may well match the words left in order."""
        node = self.patterns[k]
        head = _head_index(node, self.classes)
        return (
            len(self.patterns) == 1
            and head is not None
            and any(_required_words(i, self.classes) or _is_required_slot(i) for i in _top(node)[head + 1 :])
        )

    def _rigid_head(self, node: ast.Node) -> bool:
        head = _head_index(node, self.classes)
        if head is None or head == 0:
            return False
        top = _top(node)
        return _rigid(top[head - 1], end=True) and _starts_with_word(top[head])


def _starts_with_word(node: ast.Node) -> bool:
    """Does every match of `node` begin with a word (where a negation would go)?"""
    if isinstance(node, (ast.Word, ast.ClassRef)):
        return True
    if isinstance(node, ast.Seq):
        return bool(node.items) and _starts_with_word(node.items[0])
    if isinstance(node, ast.Alt):
        return all(_starts_with_word(o) for o in node.options)
    return False


def _is_required_slot(node: ast.Node) -> bool:
    if isinstance(node, ast.Slot):
        return True
    if isinstance(node, ast.Seq):
        return any(_is_required_slot(i) for i in node.items)
    if isinstance(node, ast.Alt):
        return all(_is_required_slot(o) for o in node.options)
    return False


def _slots(node: ast.Node) -> list[ast.Slot]:
    if isinstance(node, ast.Slot):
        return [node]
    if isinstance(node, ast.Seq):
        return [s for i in node.items for s in _slots(i)]
    if isinstance(node, ast.Alt):
        return [s for o in node.options for s in _slots(o)]
    if isinstance(node, ast.Opt):
        return _slots(node.node)
    return []


# ---------------------------------------------------------------------------- realization


@dataclass
class _Piece:
    """One realized element of a sentence."""

    text: str
    kind: str  # lit | slot | gap | item | extra
    node: ast.Node | None = None
    role: str = ""
    head: bool = False  # part of the head element
    negated: tuple[str, ...] = ()  # negated variants of this piece (head verb only)
    negated_guard: tuple[str, ...] = ()
    hedged: tuple[str, ...] = ()
    span: str | None = None  # ITEM: the text the matcher will bind (None: not predictable)
    value: Any = None


@dataclass
class _Real:
    """A realized example: its pieces, the program it came from and its expectation."""

    plan: _Plan
    program: int
    date: dt.date
    pieces: list[_Piece]
    expected: dict[str, Any]

    def example(self) -> Example:
        expected = dict(self.expected)
        first = next((p for p in self.pieces if p.text), None)
        if first is not None and first.kind == "item" and first.span is not None:
            expected[first.role] = _capitalized(first.span)  # the sentence starts with it
        return Example(_sentence(self.pieces), self.date, expected)

    def forbidden(self) -> dict[str, Any]:
        return {k: v for k, v in self.expected.items() if k in ("code", "source", "target")}


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sentence(pieces: Sequence[_Piece]) -> str:
    return _capitalized(" ".join(p.text for p in pieces if p.text)) + "."


@dataclass
class _Leaf:
    node: ast.Node
    head: bool
    # Everything after this leaf in the pattern may match nothing: the matcher can end the
    # match right after it, so a shortest-first ITEM or gap here stops as early as it can.
    tail_nullable: bool = False


def _nullable(node: ast.Node) -> bool:
    if isinstance(node, (ast.Gap, ast.Opt)):
        return True
    if isinstance(node, ast.Seq):
        return all(_nullable(i) for i in node.items)
    if isinstance(node, ast.Alt):
        return any(_nullable(o) for o in node.options)
    return False


def _walk(draw: st.DrawFn, node: ast.Node, head: bool, out: list[_Leaf], tail_nullable: bool = True) -> None:
    if isinstance(node, ast.Seq):
        for i, item in enumerate(node.items):
            _walk(draw, item, head, out, tail_nullable and all(_nullable(j) for j in node.items[i + 1 :]))
    elif isinstance(node, ast.Alt):
        _walk(draw, node.options[draw(_ints(0, len(node.options) - 1))], head, out, tail_nullable)
    elif isinstance(node, ast.Opt):
        if draw(_BOOLS):
            _walk(draw, node.node, head, out, tail_nullable)
    else:
        out.append(_Leaf(node, head, tail_nullable))


class _Filler:
    """Fills leaves left to right for one example."""

    def __init__(
        self, draw: st.DrawFn, plan: _Plan, date: dt.date, roles: dict[int, str], verb_head: bool = False
    ) -> None:
        self.draw = draw
        self.verb_head = verb_head
        self.plan = plan
        self.date = date
        self.roles = roles
        self.used_codes: set[str] = set()
        self.last_date = _MIN_DATE
        self.head_done = False

    def fill(self, leaves: list[_Leaf]) -> list[_Piece]:
        out: list[_Piece] = []
        for i, leaf in enumerate(leaves):
            prev = leaves[i - 1].node if i > 0 else None
            nxt = leaves[i + 1] if i + 1 < len(leaves) else None
            after = leaves[i + 2].node if i + 2 < len(leaves) else None
            out.append(self.leaf(leaf, prev, nxt, after, out[-1] if out else None))
        return out

    # ---- one leaf
    def leaf(
        self, leaf: _Leaf, prev: ast.Node | None, next_leaf: _Leaf | None, after: ast.Node | None, last: _Piece | None
    ) -> _Piece:
        node = leaf.node
        nxt = next_leaf.node if next_leaf is not None else None
        if isinstance(node, (ast.Word, ast.ClassRef)):
            is_head_word = leaf.head and not self.head_done and self.verb_head
            if leaf.head:
                self.head_done = True
            return self.literal(node, is_head_word, leaf.head, last_word=not isinstance(nxt, (ast.Word, ast.ClassRef)))
        if isinstance(node, ast.Gap):
            bound = DEFAULT_GAP if node.max is None else node.max
            n = min(bound, _MAX_FILLERS)
            if _is_item(nxt) and next_leaf is not None and (_flexible(after) or next_leaf.tail_nullable):
                n = 0  # fillers before an item that ends flexibly would move its span
            if leaf.tail_nullable and nxt is not None:
                n = 0  # the match could end before the fillers, without what follows them
            fillers = self.plan.fillers
            words = self.draw(st.lists(_sampled(fillers), max_size=n, unique=True)) if fillers and n else []
            return _Piece(" ".join(words), "gap", node, head=leaf.head)
        assert isinstance(node, ast.Slot)
        role = self.roles.get(id(node), node.role or "")
        if node.type == "ACTOR":
            return self.actor(node, role, leaf.head)
        if node.type == "QUANTITY":
            return self.quantity(node, role, _is_item(nxt) or (isinstance(nxt, ast.Gap) and _is_item(after)), leaf.head)
        if node.type == "DATE":
            return self.date_slot(node, role, leaf.head)
        if node.type == "LOCATION":
            return self.place(node, role, leaf.head)
        if node.type == "ITEM":
            l_flex = isinstance(prev, ast.Gap) and last is not None and bool(last.text)
            return self.item(node, role, nxt, l_flex, leaf.head, leaf.tail_nullable)
        raise ValueError(f"cannot generate a {node.type} slot")

    def literal(self, node: ast.Word | ast.ClassRef, is_head_word: bool, head: bool, last_word: bool) -> _Piece:
        if isinstance(node, ast.Word):
            words: tuple[ast.Word, ...] = (node,)
        else:
            members = self.plan.classes.get(node.name, ())
            assume(members)
            words = _choice(self.draw, members).words
        texts = []
        verb = _verb(words[0]) if is_head_word else None
        for k, w in enumerate(words):
            if k == 0 and verb is not None:
                # "has shipped" or "is shipping" only where no guard looks for "has" or "is".
                forms = [f for f in verb.affirmative if not set(f.split()[:-1]) & self.plan.guard_forms]
                texts.append(_choice(self.draw, forms or verb.affirmative[-1:]))
            else:
                texts.append(_choice(self.draw, _other_forms(w, self.plan.guard_forms, nouns_only=True)))
        rest = " ".join(texts[1:])
        piece = _Piece(" ".join(texts), "lit", node, head=head)
        if verb is not None:
            piece.negated = tuple(f"{n} {rest}".strip() for n in verb.negated)
            piece.negated_guard = tuple(f"{n} {rest}".strip() for n in verb.negated + verb.negated_guard)
            piece.hedged = tuple(f"{h} {rest}".strip() for h in verb.hedged)
        return piece

    def actor(self, node: ast.Slot, role: str, head: bool) -> _Piece:
        # An index, not sampled_from: the pool has thousands of entries, vetted only when drawn.
        pool = self.plan.actors
        start = self.draw(_ints(0, len(pool) - 1))
        for k in range(len(pool)):
            a = pool[(start + k) % len(pool)]
            code = a.code(self.date)
            if code not in self.used_codes and self.plan.pools.actor_ok(a):
                self.used_codes.add(code)
                return _Piece(a.phrase, "slot", node, role, head, value=code)
        assume(False)
        raise AssertionError("unreachable")

    def place(self, node: ast.Slot, role: str, head: bool) -> _Piece:
        places = self.plan.places
        start = self.draw(_ints(0, len(places) - 1))
        for k in range(len(places)):
            phrase, code = places[(start + k) % len(places)]
            if self.plan.pools.place_ok(phrase, code):
                return _Piece(phrase, "slot", node, role, head, value=code)
        assume(False)
        raise AssertionError("unreachable")

    def quantity(self, node: ast.Slot, role: str, before_item: bool, head: bool) -> _Piece:
        scale = _choice(self.draw, _QUANTITY_PREFIXES)
        if scale == 2:
            value = self.draw(_ints(2, 999))
        elif scale == 1000:
            value = self.draw(_ints(1, 999)) * 1000 + _choice(self.draw, (0, 0, 500, 250))
        else:
            value = self.draw(_ints(1, 99)) * _choice(self.draw, (10**6, 10**5, 10**9))
        style = _choice(self.draw, self.plan.quantity_styles)
        if style == "plain" and 1000 <= value < 3000:
            style = "digits"  # a bare 1999 may read as a year
        text = render_quantity(value, style)
        # An item right after a number would lend its first word as the unit: give it one.
        unit_needed = before_item and not text.startswith("$")
        assume(self.plan.units or not unit_needed)
        if self.plan.units and not text.startswith("$") and (unit_needed or self.draw(_BOOLS)):
            text += " " + _choice(self.draw, self.plan.units)
        return _Piece(text, "slot", node, role, head, value=value)

    def date_slot(self, node: ast.Slot, role: str, head: bool) -> _Piece:
        lo = min(self.last_date, self.date)
        d = self.draw(st.dates(min_value=lo, max_value=self.date))
        self.last_date = d
        style = _choice(self.draw, self.plan.date_styles)
        return _Piece(render_date(d, style), "slot", node, role, head, value=d.isoformat())

    def item(
        self, node: ast.Slot, role: str, nxt: ast.Node | None, l_flex: bool, head: bool, tail_nullable: bool
    ) -> _Piece:
        plan = self.plan
        bad = plan.guard_forms | _literal_forms(nxt, plan.classes)

        def ok(m: _Member) -> bool:
            return not any(f & bad for f in m.forms)

        constraint: tuple[_Member, ...] | None = None
        if node.cls is not None:
            constraint = plan.classes.get(node.cls.name, ())
            members = [m for m in constraint if ok(m)]
            assume(members)
            mod = _choice(self.draw, ("", *plan.modifiers))
            text = f"{mod} {self.realize_member(_choice(self.draw, members))}".strip()
        else:
            # Harmless goods, or on purpose a member of a class a `code_when` tests this slot for.
            purposes = [
                [m for m in plan.classes.get(cw.cls.name, ()) if ok(m)]
                for cw in plan.rule.definition.code_when
                if cw.role == role
            ]
            purposes = [p for p in purposes if p]
            which = self.draw(_ints(0, len(purposes)))
            if which == 0:
                text = _choice(self.draw, plan.items)
            else:
                text = self.realize_member(_choice(self.draw, purposes[which - 1]))
        low = _lowers(text)
        assume(0 < len(low) <= ITEM_MAX and not set(low) & bad)
        keep = len(low)
        if _flexible(nxt) or tail_nullable:
            # Nothing fixed follows: the matcher binds the shortest span (one word, or up to the
            # first class member). Before a gap or an item, the rest would spill into it: drop it.
            shortest = _minimal_prefix(low, constraint)
            assume(shortest is not None)
            assert shortest is not None
            keep = shortest
            if nxt is not None:
                text = text[: tokenize(text)[keep - 1][2]]
                low = low[:keep]
        span = text[: tokenize(text)[keep - 1][2]]
        # After a gap with words in it, the span may start inside the gap: no text expectation.
        return _Piece(text, "item", node, role, head, span=None if l_flex else span, value=low[:keep])

    def realize_member(self, m: _Member) -> str:
        """A class member, its last word in either number ("artillery shells")."""
        last = _choice(self.draw, _other_forms(m.words[-1], self.plan.guard_forms))
        return " ".join([*(w.text for w in m.words[:-1]), last])


def _is_item(node: ast.Node | None) -> bool:
    return isinstance(node, ast.Slot) and node.type == "ITEM"


def _flexible(node: ast.Node | None) -> bool:
    """After an ITEM: the end, a gap or another ITEM let the item stop at its shortest."""
    return node is None or isinstance(node, ast.Gap) or _is_item(node)


def _literal_forms(node: ast.Node | None, classes: dict[str, tuple[_Member, ...]]) -> frozenset[str]:
    if isinstance(node, ast.Word):
        return _word_forms(node)
    if isinstance(node, ast.ClassRef):
        out: set[str] = set()
        for m in classes.get(node.name, ()):
            out |= m.forms[0]
        return frozenset(out)
    return frozenset()


def _minimal_prefix(low: Sequence[str], constraint: Sequence[_Member] | None) -> int | None:
    if constraint is None:
        return 1
    return next((k for k in range(1, len(low) + 1) if _occurs(constraint, low[:k])), None)


def _code(plan: _Plan, pieces: Sequence[_Piece]) -> str:
    """The rule's code, or the first code_when whose slot holds a member of its class."""
    for cw in plan.rule.definition.code_when:
        members = plan.classes.get(cw.cls.name, ())
        for p in pieces:
            if p.kind in ("slot", "item") and p.role == cw.role:
                low = p.value if p.kind == "item" else _lowers(p.text)
                if _occurs(members, low):
                    return cw.code
    return plan.rule.code


def _examples(plan: _Plan) -> SearchStrategy[Example]:
    # The plan is closed over, not passed: hypothesis would pretty-print it in the strategy's repr.
    @st.composite
    def build(draw: st.DrawFn) -> Example:
        return _realize(draw, plan, None).example()

    return build()


def _realize(draw: st.DrawFn, plan: _Plan, programs: tuple[int, ...] | None) -> _Real:
    """Walk one pattern of the rule, choosing branches, and fill every part."""
    k = _choice(draw, programs if programs is not None else range(len(plan.patterns)))
    pattern = plan.patterns[k]
    date = draw(st.dates(min_value=_MIN_DATE, max_value=_MAX_DATE))
    top = _top(pattern)
    head = _head_index(pattern, plan.classes)
    leaves: list[_Leaf] = []
    for i, item in enumerate(top):
        _walk(draw, item, i == head, leaves, all(_nullable(j) for j in top[i + 1 :]))
    verb_head = head is not None and head > 0  # a head after its subject reads as a verb
    pieces = _Filler(draw, plan, date, plan.roles[k], verb_head).fill(leaves)
    expected: dict[str, Any] = {"code": _code(plan, pieces)}
    for p in pieces:
        if p.kind == "slot" and p.role:
            expected[p.role] = p.value
        elif p.kind == "item" and p.role and p.span is not None:
            expected[p.role] = p.span
    return _Real(plan, k, date, pieces, expected)


# ---------------------------------------------------------------------------- near misses


def _near_misses(plan: _Plan, programs: tuple[int, ...]) -> SearchStrategy[NearMiss]:
    @st.composite
    def build(draw: st.DrawFn) -> NearMiss:
        real = _realize(draw, plan, programs)
        kinds = [k for k in plan.static_kinds(real.program) if _applies(real, k)]
        assume(kinds)
        kind = _choice(draw, kinds)
        pieces = [replace(p) for p in real.pieces]
        if kind == "negated":
            pieces = _negate(draw, plan, pieces)
        elif kind in ("missing slot", "non-actor slot"):
            k = _choice(draw, [i for i, p in enumerate(pieces) if _is_main_actor(p)])
            if kind == "missing slot":
                del pieces[k]
            else:
                pieces[k] = _Piece(_choice(draw, plan.non_actors), "extra")
        elif kind == "out of order":
            pieces = _reorder(draw, real, pieces)
        else:
            pieces = _guard_words(draw, plan, real, pieces)
        return NearMiss(_sentence(pieces), real.date, kind, real.forbidden())

    return build()


def _is_main_actor(p: _Piece) -> bool:
    """The source or target actor of an example."""
    return isinstance(p.node, ast.Slot) and p.node.type == "ACTOR" and p.role in ("source", "target")


def _applies(real: _Real, kind: str) -> bool:
    pieces = real.pieces
    if kind == "negated":
        return any(p.negated for p in pieces)
    if kind in ("missing slot", "non-actor slot"):
        return any(_is_main_actor(p) for p in pieces) and (kind == "missing slot" or bool(real.plan.non_actors))
    if kind == "out of order":
        return bool(_reorder_ways(real))
    return bool(_usable_guards(real))


def _usable_guards(real: _Real) -> list[ast.Guard]:
    """Guards whose words a near miss can put where they look: a modal needs a head verb."""
    out = []
    for g in real.plan.rule.definition.guards:
        if g.kind == "hedged" and any(p.hedged for p in real.pieces):
            out.append(g)
        elif g.kind in ("preceded", "followed", "mentions") and g.pattern is not None:
            if any(p.head for p in real.pieces):
                out.append(g)
    return out


def _negate(draw: st.DrawFn, plan: _Plan, pieces: list[_Piece]) -> list[_Piece]:
    k = next(i for i, p in enumerate(pieces) if p.negated)
    guarded = any(g.kind == "negated" for g in plan.rule.guards)
    forms = pieces[k].negated_guard if guarded else pieces[k].negated
    pieces[k] = replace(pieces[k], text=_choice(draw, forms))
    return pieces


def _reorder_ways(real: _Real) -> list[str]:
    actors = {p.role for p in real.pieces if _is_main_actor(p)}
    ways = []
    if not real.plan.rule.definition.symmetric and {"source", "target"} <= actors:
        ways.append("swap")
    if real.plan.head_can_move(real.program) and any(p.head for p in real.pieces):
        # ... and only when the head's words occur nowhere else, to be matched there instead.
        plan = real.plan
        node = plan.patterns[real.program]
        head = _head_index(node, plan.classes)
        assert head is not None
        forms = _forms_of([_top(node)[head]], plan.classes)
        if not any(set(_lowers(p.text)) & forms for p in real.pieces if not p.head):
            ways.append("head last")
    return ways


def _reorder(draw: st.DrawFn, real: _Real, pieces: list[_Piece]) -> list[_Piece]:
    """Source and target swapped, or the head moved to the end."""
    if _choice(draw, _reorder_ways(real)) == "swap":
        actors = {p.role: i for i, p in enumerate(pieces) if _is_main_actor(p)}
        s, t = actors["source"], actors["target"]
        pieces[s], pieces[t] = pieces[t], pieces[s]
        return pieces
    return [p for p in pieces if not p.head] + [p for p in pieces if p.head]


def _guard_words(draw: st.DrawFn, plan: _Plan, real: _Real, pieces: list[_Piece]) -> list[_Piece]:
    g = _choice(draw, _usable_guards(real))
    if g.kind == "hedged":
        k = next(i for i, p in enumerate(pieces) if p.hedged)
        pieces[k] = replace(pieces[k], text=_choice(draw, pieces[k].hedged))
        return pieces
    assert g.pattern is not None
    leaves: list[_Leaf] = []
    _walk(draw, g.pattern, False, leaves)
    filler = _Filler(draw, plan, real.date, {})
    filler.used_codes = {str(p.value) for p in pieces if p.kind == "slot"}
    words = [p for p in filler.fill(leaves) if p.text]
    text = " ".join(p.text for p in words)
    assume(text)
    inserted = _Piece(text, "extra")
    window = g.window if g.window is not None else GUARD_WINDOW
    first_head = next(i for i, p in enumerate(pieces) if p.head)
    if g.kind == "preceded":
        assume(len(tokenize(text)) <= window)
        return [*pieces[:first_head], inserted, *pieces[first_head:]]
    if g.kind == "followed":
        end = len(pieces)
        while end > 0 and pieces[end - 1].kind == "gap":
            end -= 1  # a trailing gap matches nothing: the match ends before it
        last = pieces[end - 1] if end else None
        if last is not None and last.kind == "item" and last.span is not None:
            pieces[end - 1] = replace(last, text=last.span)  # the words after the bound span
        # A bare number would take the inserted word as its unit, moving the end of the match.
        assume(last is None or not (isinstance(last.node, ast.Slot) and last.node.type == "QUANTITY"))
        return [*pieces[:end], inserted, *pieces[end:]]
    if draw(_BOOLS):
        return [inserted, *pieces]
    return [*pieces, inserted]
