"""AST -> compiled rules: VM programs, word classes as lookup sets, trigger words.

Everything expensive happens here, once: inflections are expanded, classes are
merged into sets, default roles are named, and each rule registers the words
that must occur in a sentence before it is worth trying.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from eventrules import vm
from eventrules.annotate.clauses import COORD, MAX_COORD
from eventrules.codebook import load_codebook
from eventrules.errors import Diagnostic, Location, RuleError, did_you_mean
from eventrules.inflect import AUXILIARIES, expand
from eventrules.lang import ast

# Words in most sentences: a rule triggered by them would be tried nearly everywhere.
COMMON_WORDS = frozenset(
    "the a an of to in on at for with by from and or but as that this it its 's ' said says say "
    "is are was were be been being has have had do does did will would not no new two one also".split()
)
DEFAULT_GAP = 8  # bound used for a gap written without one (lint warns about it)
MAX_GAP = 50
ITEM_MAX = 6
PAREN_MAX = 15  # longest inserted clause skipped after a subject
# Words that may lead a date adverbial between a subject and its verb ("late on Sunday", "in March");
# the date itself is a DATE annotation, which the matcher's start filter accepts as well.
TIME_LEADS = frozenset({"on", "in", "late", "early", "earlier", "later"})
TIME_TAILS = frozenset({"night", "morning", "evening", "afternoon"})  # "on Monday night"
# Fixed time and manner phrases wire copy puts there: "Russia in a statement condemned ...".
SUBJECT_PHRASES = tuple(
    tuple(p.split())
    for p in (
        "overnight",
        "over the weekend",
        "in a statement",
        "in a joint statement",
        "in a written statement",
        "in a phone call",
        "in a telephone call",
        "at a news conference",
        "at a press conference",
        "at a briefing",
        "at a press briefing",
    )
)
ADVERBIAL_FIRSTS = TIME_LEADS | {p[0] for p in SUBJECT_PHRASES}
GUARD_WINDOW = 3


@dataclass(frozen=True, slots=True)
class SlotInfo:
    role: str
    type: str
    cap: int  # captures cap (start) and cap + 1 (end)


_NO_TYPES: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Program:
    instrs: tuple[vm.Instr, ...]
    ncaps: int
    slots: tuple[SlotInfo, ...]
    head_cap: int | None
    start_type: str | None  # the pattern must begin with an annotation of this type
    start_words: frozenset[str] | None  # or with one of these words (None: anywhere)
    specificity: int
    triggers: frozenset[str] | None  # None: the pattern has no required word
    node: ast.Node
    origins: dict[int, ast.Node]  # instruction index -> the pattern element it matches (for explain)
    # Necessary conditions, checked before the VM runs: one form of each set must be among the
    # sentence's words, and an annotation of each type must exist. Cheap set tests that rule
    # out most (sentence, program) pairs the trigger index lets through.
    requires: tuple[frozenset[str], ...] = ()
    needs: frozenset[str] = frozenset()
    # For a pattern with no fixed first word or slot: a word set one of whose forms any match
    # contains within `anchor_reach` tokens of its start. Only starts that close to such a
    # word are tried.
    anchor: frozenset[str] | None = None
    anchor_reach: int = 0
    # For a pattern that starts with a slot: the words one of which must come right after
    # that slot (and whether any adverb may), None if anything may. Slot annotations not
    # followed by one are not tried as starts.
    follow: frozenset[str] | None = None
    follow_adverbs: bool = False
    follow_types: frozenset[str] = frozenset()  # annotations the rest may begin with (DATE, COORD)
    start_place: bool = False  # the first slot is a target ACTOR, which a LOCATION may fill


@dataclass(frozen=True, slots=True)
class CompiledGuard:
    kind: str  # negated | preceded | followed | mentions
    program: Program | None
    window: int
    loc: Location


@dataclass(frozen=True, slots=True)
class CompiledCodeWhen:
    code: str
    role: str
    cls: vm.ClassSet


@dataclass(frozen=True, slots=True)
class CompiledRule:
    id: str
    code: str
    order: int
    priority: int
    description: str
    programs: tuple[Program, ...]
    guards: tuple[CompiledGuard, ...]
    code_when: tuple[CompiledCodeWhen, ...]
    triggers: frozenset[str] | None
    source: str  # "path:line"
    definition: ast.RuleDef

    @property
    def loc(self) -> Location:
        return self.definition.loc


@dataclass(frozen=True, slots=True)
class CompiledDiscard:
    program: Program
    scope: str
    loc: Location


def compile_rules(
    files: Sequence[ast.RuleFile], errors: list[Diagnostic] | None = None
) -> tuple[list[CompiledRule], dict[str, vm.ClassSet], list[CompiledDiscard]]:
    """Compile every rule of every file; raise RuleError with all problems found,
    including those the front ends already reported in `errors`."""
    errors = list(errors or ())
    class_defs: dict[str, ast.ClassDef] = {}
    for f in files:
        for c in f.classes:
            if c.name in class_defs:
                prev = class_defs[c.name].loc
                errors.append(Diagnostic(c.loc, f"class @{c.name} is already defined at {prev}"))
            else:
                class_defs[c.name] = c
    comp = _Compiler(class_defs, errors)
    classes = {name: comp.class_set(name) for name in class_defs}
    seen: dict[str, Location] = {}
    duplicates: set[Location] = set()
    for f in files:
        for rid, where in f.declared:
            if rid in seen:
                errors.append(Diagnostic(where, f"duplicate rule id {rid!r} (first defined at {seen[rid]})"))
                duplicates.add(where)
            else:
                seen[rid] = where
    rules: list[CompiledRule] = []
    for f in files:
        for r in f.rules:
            if r.loc in duplicates:
                continue
            rule = comp.rule(r, len(rules), f.open_codes)
            if rule is not None:
                rules.append(rule)
    discards = [
        CompiledDiscard(comp.program(d.pattern, roles=False), d.scope, d.loc) for f in files for d in f.discards
    ]
    if errors:
        raise RuleError(errors)
    return rules, classes, discards


class _Compiler:
    def __init__(self, class_defs: dict[str, ast.ClassDef], errors: list[Diagnostic]) -> None:
        self.class_defs = class_defs
        self.errors = errors
        self._class_sets: dict[str, vm.ClassSet] = {}

    # ---- word classes
    def _class_def(self, ref: ast.ClassRef) -> ast.ClassDef | None:
        d = self.class_defs.get(ref.name)
        if d is None:
            hint = did_you_mean(ref.name, self.class_defs)
            self.errors.append(Diagnostic(ref.loc, f"unknown word class @{ref.name}{hint}"))
        return d

    def class_set(self, name: str) -> vm.ClassSet:
        cs = self._class_sets.get(name)
        if cs is None:
            words: set[str] = set()
            phrases = []
            for entry in self.class_defs[name].entries:
                sets = tuple(_word_forms(w) for w in entry.items if isinstance(w, ast.Word))
                if len(sets) == 1:
                    words |= sets[0]
                else:
                    phrases.append(sets)
            cs = self._class_sets[name] = vm.ClassSet(frozenset(words), tuple(phrases))
        return cs

    def check_code(self, code: str, loc: Location, open_codes: bool = False) -> None:
        """Every event code must be in the CAMEO codebook (unless the file says `codes: any`)."""
        if open_codes:
            if not code or any(c.isspace() for c in code):
                self.errors.append(Diagnostic(loc, f"an event code must be one word, not {code!r}"))
            return
        book = load_codebook()
        if code in book:
            return
        near = ", ".join(f"{c.code} {c.name}" for c in book.nearest(code))
        hint = f"; nearest: {near}" if near else ""
        self.errors.append(Diagnostic(loc, f"unknown CAMEO event code {code!r}{hint}"))

    # ---- rules
    def rule(self, r: ast.RuleDef, order: int, open_codes: bool = False) -> CompiledRule | None:
        n_errors = len(self.errors)
        self.check_code(r.code, r.code_loc, open_codes)
        if r.reverse_code is not None:
            self.check_code(r.reverse_code, r.code_loc, open_codes)
        programs = tuple(prog for p in r.patterns for prog in self.rule_programs(p))
        roles = {s.role for p in programs for s in p.slots}
        code_when = []
        for cw in r.code_when:
            if cw.role not in roles:
                hint = did_you_mean(cw.role, roles)
                self.errors.append(Diagnostic(cw.loc, f"rule {r.id} binds no slot {cw.role!r}{hint}"))
            self.check_code(cw.code, cw.loc, open_codes)
            if self._class_def(cw.cls) is not None:
                code_when.append(CompiledCodeWhen(cw.code, cw.role, self.class_set(cw.cls.name)))
        guards = tuple(self.guard(g) for g in r.guards)
        if len(self.errors) > n_errors:
            return None
        trig = [p.triggers for p in programs]
        triggers = None if any(t is None for t in trig) else frozenset().union(*trig)  # type: ignore[arg-type]
        return CompiledRule(
            id=r.id,
            code=r.code,
            order=order,
            priority=r.priority,
            description=r.description,
            programs=programs,
            guards=guards,
            code_when=tuple(code_when),
            triggers=triggers,
            source=f"{r.loc.path}:{r.loc.line}",
            definition=r,
        )

    def guard(self, g: ast.Guard) -> CompiledGuard:
        prog = self.program(g.pattern, roles=False) if g.pattern is not None else None
        return CompiledGuard(g.kind, prog, g.window if g.window is not None else GUARD_WINDOW, g.loc)

    def program(self, node: ast.Node, roles: bool = True) -> Program:
        """One pattern as written (guards use this directly)."""
        return self._program(node, _top(node), _role_names(node) if roles else {})

    def rule_programs(self, node: ast.Node) -> list[Program]:
        """A rule pattern, plus the variants the engine derives for it.

        A subject ACTOR may be followed by an inserted clause (", which has
        denied the claims,"), and an ACTOR-verb-ACTOR pattern also matches
        its passive ("Ukraine was attacked by Russia", roles kept)."""
        top = _top(node)
        names = _role_names(node)
        progs = [self._program(node, _with_paren(top), names)]
        passive = self._passive(top)
        if passive is not None:
            progs.append(self._program(node, passive, names))
        return progs

    def _passive(self, top: list[ast.Node]) -> list[ast.Node] | None:
        k = 2 if len(top) > 2 and isinstance(top[1], ast.Gap) else 1
        if len(top) < k + 2 or not (_is_actor(top[0]) and _is_actor(top[k + 1])):
            return None
        head = top[k]
        if not (isinstance(head, (ast.Word, ast.ClassRef)) and self.passive_forms(head)):
            return None
        by = ast.Word("by", False, head.loc)
        return _with_paren([top[k + 1], ast.Passive(head, head.loc), by, top[0], *top[k + 2 :]])

    def passive_forms(self, head: ast.Node) -> frozenset[str]:
        """Past participles of a verb word, or of a class's single-word verbs."""
        if isinstance(head, ast.Word):
            return frozenset() if head.exact else expand(head.text).vbn
        if isinstance(head, ast.ClassRef) and head.name in self.class_defs:
            words = [e.items[0] for e in self.class_defs[head.name].entries if len(e.items) == 1]
            return frozenset().union(*(expand(w.text).vbn for w in words if isinstance(w, ast.Word) and not w.exact))
        return frozenset()

    def _program(self, node: ast.Node, top: list[ast.Node], names: dict[int, str]) -> Program:
        head = next((k for k, item in enumerate(top) if self.required_words(item) is not None), None)
        emitter = _Emitter(self, names)
        emitter.save(0)
        for k, item in enumerate(top):
            if k == head:
                emitter.save(2)
                emitter.emit(item)
                emitter.save(3)
            else:
                emitter.emit(item)
        emitter.save(1)
        emitter.out.append((vm.MATCH, None, None))
        first = top[0]
        start_type = first.type if isinstance(first, ast.Slot) and first.type != "ITEM" else None
        # A target ACTOR slot takes a place too (see _Emitter.emit), so the match may start at one.
        start_place = (
            isinstance(first, ast.Slot) and first.type == "ACTOR" and names.get(id(first), first.role) == "target"
        )
        start_words = self.required_words(first) if isinstance(first, (ast.Word, ast.ClassRef)) else None
        if start_words is not None:
            start_words |= AUXILIARIES  # a leading verb absorbs its verb group
        anchor, reach = self._anchor(top) if start_type is None and start_words is None else (None, 0)
        follow = self.first_words(top[1:]) if start_type is not None else None
        return Program(
            instrs=tuple(emitter.out),
            ncaps=emitter.ncaps,
            slots=tuple(emitter.slots),
            head_cap=2 if head is not None else None,
            start_type=start_type,
            start_words=start_words,
            specificity=sum(_specificity(n) for n in top),
            triggers=self._triggers(top),
            node=node,
            origins=emitter.origins,
            requires=self._requires(top),
            needs=frozenset().union(*(self.required_types(item) for item in top)),
            anchor=anchor,
            anchor_reach=reach,
            follow=follow[0] if follow is not None else None,
            follow_adverbs=follow is not None and follow[1],
            follow_types=follow[2] if follow is not None else frozenset(),
            start_place=start_place,
        )

    def first_words(self, items: Sequence[ast.Node]) -> tuple[frozenset[str], bool, frozenset[str]] | None:
        """Words one of which a match of `items` must begin with, and whether an adverb may
        begin it too (a verb group); None when the match may begin with anything or be empty."""
        words: set[str] = set()
        adverbs = False
        types: set[str] = set()
        for item in items:
            got = self._first_of(item)
            if got is None:
                return None
            w, adv, nullable, t = got
            words |= w
            adverbs = adverbs or adv
            types |= t
            if not nullable:
                return frozenset(words), adverbs, frozenset(types)
        return None  # everything may be skipped

    def _first_of(self, node: ast.Node) -> tuple[frozenset[str], bool, bool, frozenset[str]] | None:
        """(first words, adverbs too, may match nothing, annotation types it may begin with) of one
        element; None: unconstrained."""
        if isinstance(node, ast.Word):
            if "\u2019" in node.text or "\u2018" in node.text:
                return None  # compared unfolded by a case-sensitive literal: keep it simple
            forms = frozenset({node.text.lower()}) if _literal(node) else _word_forms(node) | AUXILIARIES
            return forms, not _literal(node), False, _NO_TYPES
        if isinstance(node, ast.ClassRef):
            d = self.class_defs.get(node.name)
            firsts = [e.items[0] if e.items else None for e in d.entries] if d is not None else [None]
            if not firsts or not all(isinstance(f, ast.Word) for f in firsts):
                return None
            out: set[str] = set(AUXILIARIES)
            for f in firsts:
                assert isinstance(f, ast.Word)
                if "\u2019" in f.text or "\u2018" in f.text:
                    return None
                out.add(f.text.lower())
                if not _literal(f):
                    out |= _word_forms(f)
            return frozenset(out), True, False, _NO_TYPES
        if isinstance(node, ast.Passive):
            return AUXILIARIES, True, False, _NO_TYPES
        if isinstance(node, ast.Paren):
            # A date adverbial or a coordinated first verb phrase is optional, and may begin with
            # its annotation (DATE, COORD).
            if node.time:
                return ADVERBIAL_FIRSTS, False, True, frozenset({"DATE"})
            if node.coordination:
                return frozenset(), False, True, frozenset({COORD})
            return frozenset({","}), False, False, _NO_TYPES
        if isinstance(node, (ast.Opt, ast.Seq)):
            inner = [node.node] if isinstance(node, ast.Opt) else list(node.items)
            got = self.first_words(inner)
            if got is None:
                return None
            return got[0], got[1], isinstance(node, ast.Opt), got[2]
        if isinstance(node, ast.Alt):
            parts = [self._first_of(o) for o in node.options]
            if any(p is None for p in parts):
                return None
            ps = [p for p in parts if p is not None]
            return (
                frozenset().union(*(p[0] for p in ps)),
                any(p[1] for p in ps),
                any(p[2] for p in ps),
                frozenset().union(*(p[3] for p in ps)),
            )
        return None  # slots and gaps may begin with anything

    def _anchor(self, top: list[ast.Node]) -> tuple[frozenset[str] | None, int]:
        """The first required element, if it and everything before it have a bounded length."""
        reach = 0
        for item in top:
            width = self.max_len(item)
            words = self.required_words(item)
            if words is not None and width is not None:
                return words, reach + width
            if width is None:
                return None, 0
            reach += width
        return None, 0

    def max_len(self, node: ast.Node) -> int | None:
        """Most tokens a match of `node` can span (None: unbounded, e.g. an annotation)."""
        if isinstance(node, (ast.Word, ast.Passive)):
            return vm.MAX_VERB_GROUP + 1  # a verb absorbs its verb group
        if isinstance(node, ast.ClassRef):
            d = self.class_defs.get(node.name)
            if d is None:
                return None
            return max((len(e.items) for e in d.entries), default=0) * (vm.MAX_VERB_GROUP + 1)
        if isinstance(node, ast.Slot):
            return ITEM_MAX if node.type == "ITEM" else None
        if isinstance(node, ast.Gap):
            return min(DEFAULT_GAP if node.max is None else node.max, MAX_GAP)
        if isinstance(node, ast.Paren):
            if node.time:
                return None  # ends with a DATE annotation
            return MAX_COORD if node.coordination else PAREN_MAX + 1
        if isinstance(node, ast.Opt):
            return self.max_len(node.node)
        if isinstance(node, (ast.Seq, ast.Alt)):
            parts = [self.max_len(n) for n in (node.items if isinstance(node, ast.Seq) else node.options)]
            lens = [p for p in parts if p is not None]
            if len(lens) < len(parts):
                return None
            return sum(lens) if isinstance(node, ast.Seq) else max(lens)
        return None

    def _requires(self, top: list[ast.Node]) -> tuple[frozenset[str], ...]:
        """Every required word set of the pattern, rarest-looking first, without repeats."""
        sets: list[frozenset[str]] = []
        for item in top:
            for w in self.all_required_words(item):
                if w not in sets:
                    sets.append(w)
        return tuple(sorted(sets, key=lambda w: (not w.isdisjoint(COMMON_WORDS), len(w))))

    def all_required_words(self, node: ast.Node) -> list[frozenset[str]]:
        """Word sets of which one form each must occur in any match of `node`."""
        if isinstance(node, ast.Seq):
            return [w for item in node.items for w in self.all_required_words(item)]
        if isinstance(node, ast.Slot):
            # ITEM[@cls] contains a member of the class.
            w = self.required_words(node.cls) if node.type == "ITEM" and node.cls is not None else None
        else:
            w = self.required_words(node)
        return [w] if w else []

    def required_types(self, node: ast.Node) -> frozenset[str]:
        """Annotation types (ACTOR, DATE, ...) any match of `node` needs."""
        if isinstance(node, ast.Slot):
            return frozenset() if node.type == "ITEM" else frozenset({node.type})
        if isinstance(node, ast.Seq):
            return frozenset().union(*(self.required_types(i) for i in node.items))
        if isinstance(node, ast.Alt):
            return frozenset.intersection(*(self.required_types(o) for o in node.options))
        return frozenset()

    def _triggers(self, top: list[ast.Node]) -> frozenset[str] | None:
        """The rarest-looking required word set of the pattern: the trigger index keys.

        Any required element works; one without common function words (and then the
        smallest) sends the rule to the fewest sentences."""
        sets = [w for w in (self.required_words(item) for item in top) if w is not None]
        if not sets:
            return None
        return min(sets, key=lambda w: (not w.isdisjoint(COMMON_WORDS), len(w)))

    def required_words(self, node: ast.Node) -> frozenset[str] | None:
        """Forms of which at least one must occur in any match of `node` (None: none required)."""
        if isinstance(node, ast.Word):
            return _word_forms(node)
        if isinstance(node, ast.ClassRef):
            d = self.class_defs.get(node.name)
            if d is None:
                return None
            out: set[str] = set()
            for entry in d.entries:
                first = entry.items[0] if entry.items else None
                if not isinstance(first, ast.Word):
                    return None  # an entry that needs no word: nothing is required
                out |= _word_forms(first)
            return frozenset(out) or None
        if isinstance(node, ast.Passive):
            return self.passive_forms(node.head) or None
        if isinstance(node, ast.Seq):
            for item in node.items:
                req = self.required_words(item)
                if req is not None:
                    return req
            return None
        if isinstance(node, ast.Alt):
            sets = [self.required_words(o) for o in node.options]
            if any(s is None for s in sets):
                return None
            return frozenset().union(*sets)  # type: ignore[arg-type]
        return None


class _Emitter:
    """Emits VM instructions for one pattern."""

    def __init__(self, comp: _Compiler, role_names: dict[int, str]) -> None:
        self.comp = comp
        self.role_names = role_names
        self.out: list[vm.Instr] = []
        self.slots: list[SlotInfo] = []
        self.ncaps = 4  # 0,1: whole match; 2,3: head
        self.origins: dict[int, ast.Node] = {}
        # True where a word stands right after the subject (or starts the pattern): only
        # there does a verb absorb its verb group, so "signed quietly memorandum" cannot
        # read "quietly" as part of the noun "memorandum".
        self.verbal = True

    def save(self, k: int) -> None:
        self.out.append((vm.SAVE, k, None))

    def emit(self, node: ast.Node) -> None:
        out = self.out
        if isinstance(node, (ast.Word, ast.Slot, ast.Gap)):
            self.origins[len(out) + (1 if isinstance(node, ast.Slot) else 0)] = node
        verbal = self.verbal
        self.verbal = False
        if isinstance(node, ast.Word):
            out.append(_word_instr(node, verbal))
            self.verbal = node.text.lower() == "to"  # an infinitive: "to immediately attack"
        elif isinstance(node, ast.ClassRef):
            start = len(out)
            self._emit_class(node, verbal)
            for pc in range(start, len(out)):
                self.origins[pc] = node
        elif isinstance(node, ast.Slot):
            self.verbal = node.type == "ACTOR"
            cap = self.ncaps
            self.ncaps += 2
            role = self.role_names.get(id(node), node.role or "")
            self.slots.append(SlotInfo(role, node.type, cap))
            self.save(cap)
            if node.type == "ACTOR" and role == "target":
                # A place can be the target ("Russia shelled Kharkiv"): it is coded as its country.
                k = len(out)
                out += [(vm.SPLIT, k + 1, k + 3), (vm.SLOT, "ACTOR", None), (vm.JMP, k + 4, None)]
                out.append((vm.SLOT, "LOCATION", None))
                self.origins[k + 1] = self.origins[k + 3] = node
            elif node.type == "ITEM":
                cls = None
                if node.cls is not None and self.comp._class_def(node.cls) is not None:
                    cls = self.comp.class_set(node.cls.name)
                out.append((vm.ITEM, ITEM_MAX, cls))
            else:
                out.append((vm.SLOT, node.type, None))
            self.save(cap + 1)
        elif isinstance(node, ast.Gap):
            bound = DEFAULT_GAP if node.max is None else node.max
            if bound > MAX_GAP:
                self.comp.errors.append(Diagnostic(node.loc, f"gap bound {bound} is above the limit of {MAX_GAP}"))
            out.append((vm.GAP, min(bound, MAX_GAP), None))
            self.verbal = verbal
        elif isinstance(node, ast.Passive):
            self.origins[len(out)] = node
            out.append((vm.PASSIVE, self.comp.passive_forms(node.head), None))
        elif isinstance(node, ast.Paren) and node.time:
            # Optional, preferred when present: up to two lead words, a DATE annotation and a
            # time of day; then optionally one fixed phrase ("in a statement").
            k = len(out)
            out += [
                (vm.SPLIT, k + 1, k + 8),
                (vm.SPLIT, k + 2, k + 5),
                (vm.LIT, TIME_LEADS, None),
                (vm.SPLIT, k + 4, k + 5),
                (vm.LIT, TIME_LEADS, None),
                (vm.SLOT, "DATE", None),
                (vm.SPLIT, k + 7, k + 8),
                (vm.LIT, TIME_TAILS, None),
            ]
            split = len(out)
            out.append((vm.SPLIT, split + 1, -1))

            def phrase(words: tuple[str, ...]) -> None:
                out.extend((vm.LIT, frozenset({w}), None) for w in words)

            self._emit_alt([lambda p=p: phrase(p) for p in SUBJECT_PHRASES])
            out[split] = (vm.SPLIT, split + 1, len(out))
            self.verbal = verbal
        elif isinstance(node, ast.Paren) and node.coordination:
            # Optional, but not preferred: "Russia attacked Kyiv and attacked Lviv" codes Kyiv first.
            k = len(out)
            out += [(vm.SPLIT, k + 2, k + 1), (vm.SLOT, COORD, None)]
            self.verbal = verbal
        elif isinstance(node, ast.Paren):
            out.append((vm.PAREN, PAREN_MAX, None))
            self.verbal = verbal
        elif isinstance(node, ast.Seq):
            self.verbal = verbal
            for item in node.items:
                self.emit(item)
        elif isinstance(node, ast.Alt):
            ends = []

            def branch(o: ast.Node) -> None:
                self.verbal = verbal
                self.emit(o)
                ends.append(self.verbal)

            self._emit_alt([lambda o=o: branch(o) for o in node.options])
            self.verbal = any(ends)
        elif isinstance(node, ast.Opt):
            split = len(out)
            out.append((vm.SPLIT, split + 1, -1))
            self.verbal = verbal
            self.emit(node.node)
            self.verbal = self.verbal or verbal  # the part may be skipped
            out[split] = (vm.SPLIT, split + 1, len(out))

    def _emit_alt(self, branches: Sequence[object]) -> None:
        out = self.out
        jumps = []
        for k, branch in enumerate(branches):
            split = None
            if k < len(branches) - 1:
                split = len(out)
                out.append((vm.SPLIT, split + 1, -1))
            branch()  # type: ignore[operator]
            if split is not None:
                jumps.append(len(out))
                out.append((vm.JMP, -1, None))
                out[split] = (vm.SPLIT, split + 1, len(out))
        for j in jumps:
            out[j] = (vm.JMP, len(out), None)

    def _emit_class(self, ref: ast.ClassRef, verbal: bool) -> None:
        d = self.comp._class_def(ref)
        if d is None:
            return
        singles = [e.items[0] for e in d.entries if len(e.items) == 1 and isinstance(e.items[0], ast.Word)]
        multis = [e for e in d.entries if len(e.items) > 1]

        def phrase(e: ast.Seq) -> None:
            self.verbal = verbal
            self.emit(e)

        branches: list[object] = [lambda e=e: phrase(e) for e in multis]
        if singles:
            branches.append(lambda: self.out.append(_merged_instr(singles, verbal)))
        self._emit_alt(branches)
        self.verbal = False


def _literal(w: ast.Word) -> bool:
    """Matched as written: quoted words, and clitics such as 's (never inflected to "is")."""
    return w.exact or w.text.startswith("'")


def _word_forms(w: ast.Word) -> frozenset[str]:
    return frozenset({w.text.lower()}) if _literal(w) else expand(w.text).all


def _word_instr(w: ast.Word, verbal: bool) -> vm.Instr:
    if _literal(w):
        if w.text != w.text.lower():
            return (vm.LITCS, frozenset({w.text}), None)
        return (vm.LIT, frozenset({w.text.lower()}), None)
    f = expand(w.text)
    return (vm.VERB, f.all, f.ing) if f.verb and verbal else (vm.LIT, f.all, None)


def _merged_instr(words: Iterable[ast.Word], verbal: bool) -> vm.Instr:
    """All single-word class members as one set lookup (a verb group if any is a verb)."""
    forms: set[str] = set()
    ing: set[str] = set()
    verb = False
    exact_cs: set[str] = set()
    for w in words:
        if w.exact and w.text != w.text.lower():
            exact_cs.add(w.text)
            forms.add(w.text.lower())
        elif _literal(w):
            forms.add(w.text.lower())
        else:
            f = expand(w.text)
            forms |= f.all
            ing |= f.ing
            verb = verb or f.verb
    if exact_cs and not verb and forms == {x.lower() for x in exact_cs}:
        return (vm.LITCS, frozenset(exact_cs), None)
    return (vm.VERB, frozenset(forms), frozenset(ing)) if verb and verbal else (vm.LIT, frozenset(forms), None)


_DEFAULT_ROLES = {
    "ACTOR": ("source", "target"),
    "DATE": ("date",),
    "QUANTITY": ("quantity",),
    "ITEM": ("item",),
    "LOCATION": ("location",),
}


def _role_names(node: ast.Node) -> dict[int, str]:
    """Name every slot: explicit roles stay; unnamed slots take the type's defaults in order.

    The first unnamed ACTOR is `source` and the second `target`; one DATE is
    `date`, two are `start` and `end`; other repeats are numbered (`quantity2`).
    Alternatives count from the same point, so each branch's first ACTOR is a source.
    """
    order: list[tuple[ast.Slot, int]] = []
    explicit: set[str] = set()

    def walk(n: ast.Node, counts: dict[str, int]) -> dict[str, int]:
        if isinstance(n, ast.Slot):
            if n.role:
                explicit.add(n.role)
                return counts
            c = dict(counts)
            c[n.type] = c.get(n.type, 0) + 1
            order.append((n, c[n.type]))
            return c
        if isinstance(n, ast.Seq):
            for item in n.items:
                counts = walk(item, counts)
            return counts
        if isinstance(n, ast.Opt):
            return walk(n.node, counts)
        if isinstance(n, ast.Alt):
            results = [walk(o, counts) for o in n.options]
            merged = dict(counts)
            for r in results:
                for k, v in r.items():
                    merged[k] = max(merged.get(k, 0), v)
            return merged
        return counts

    totals = walk(node, {})
    names: dict[int, str] = {}
    for slot, ordinal in order:
        defaults = _DEFAULT_ROLES[slot.type]
        if slot.type == "DATE" and totals.get("DATE", 0) == 2:
            defaults = ("start", "end")
        free = [d for d in defaults if d not in explicit]
        if ordinal <= len(free):
            names[id(slot)] = free[ordinal - 1]
        else:
            names[id(slot)] = f"{slot.type.lower()}{ordinal}"
    return names


def _top(node: ast.Node) -> list[ast.Node]:
    """A pattern's top-level elements."""
    return list(node.items) if isinstance(node, ast.Seq) else [node]


def _is_actor(node: ast.Node) -> bool:
    return isinstance(node, ast.Slot) and node.type == "ACTOR"


def _with_paren(top: list[ast.Node]) -> list[ast.Node]:
    """Let a date adverbial, an inserted clause, then a coordinated first verb phrase follow a
    leading subject ACTOR: "Russia on Monday condemned ..."; "North Korea, which has denied the
    claims, shipped ..."; "Russia condemned the strike and recalled ..."."""
    if (
        len(top) > 1
        and _is_actor(top[0])
        and isinstance(top[1], (ast.Word, ast.ClassRef, ast.Passive, ast.Gap, ast.Alt))
    ):
        loc = top[0].loc
        return [
            top[0],
            ast.Paren(loc, time=True),
            ast.Opt(ast.Paren(loc), loc),
            ast.Paren(loc, coordination=True),
            *top[1:],
        ]
    return top


def _specificity(node: ast.Node) -> int:
    if isinstance(node, (ast.Word, ast.ClassRef, ast.Slot, ast.Passive)):
        return 1
    if isinstance(node, ast.Seq):
        return sum(_specificity(i) for i in node.items)
    if isinstance(node, ast.Alt):
        return min(_specificity(o) for o in node.options)
    return 0  # gaps and optional parts add nothing required
