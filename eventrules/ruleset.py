"""Load rule and actor files into a RuleSet, and run it over documents.

This is the pipeline in one place:
document -> sentences -> trigger index -> annotations -> matcher -> events.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from eventrules import cache as rule_cache
from eventrules import vm
from eventrules.annotate import Annotations, Annotator
from eventrules.annotate.actors import ACTOR_FILE_KEYS, ActorDictionary
from eventrules.assemble import Event, attach_attribution, build_events, document_countries, fill_from_document, resolve
from eventrules.compile import CompiledDiscard, CompiledRule, Program, compile_rules
from eventrules.document import Document, parse_date
from eventrules.errors import Diagnostic, Location, RuleError
from eventrules.index import TriggerIndex
from eventrules.lang import ast
from eventrules.lang.parser import parse_dsl_file
from eventrules.lang.yamlfile import is_rule_file, parse_yaml_rules
from eventrules.lang.yamlnodes import compose
from eventrules.matcher import Match, context, find_matches, possible
from eventrules.resources import bundled_rules_dir
from eventrules.text import Sentence, split_sentences

RULE_SUFFIXES = (".yaml", ".yml", ".rules")
NULL_CODE = "---"
# An actor whose code is `###` on a document's date discards the sentence (an imported
# TABARI actor such as `ONODOHER [ONO <911226] [###]`: a discard only from that date on).
DISCARD_ACTOR = "###"
DSL_SUFFIX = ".rules"


def discover(paths: Iterable[str | Path]) -> tuple[list[Path], list[Diagnostic]]:
    """Rule and actor files under `paths` (directories are walked, sorted)."""
    out: list[Path] = []
    errors: list[Diagnostic] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix in RULE_SUFFIXES)
        elif p.is_file():
            out.append(p)
        else:
            errors.append(Diagnostic(Location(str(p), 1, 1), "no such file or directory"))
    return out, errors


def bundled_pack() -> list[Path]:
    """The bundled rule pack: everything under rules/ but the rules/example/ demo."""
    return sorted(
        p for p in bundled_rules_dir().iterdir() if (p.is_dir() and p.name != "example") or p.suffix in RULE_SUFFIXES
    )


def _bundled_actor_files() -> list[Path]:
    d = bundled_rules_dir() / "actors"
    return sorted(d.glob("*.yaml")) if d.is_dir() else []


@dataclass
class RuleSet:
    """Compiled rules, the actor dictionary and the trigger index, ready to run."""

    rules: list[CompiledRule]
    classes: dict[str, vm.ClassSet]
    actors: ActorDictionary
    files: list[str] = field(default_factory=list)
    class_defs: dict[str, ast.ClassDef] = field(default_factory=dict)
    discards: list[CompiledDiscard] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.index = TriggerIndex(self.rules)
        self.annotator = Annotator(self.actors)
        self.from_cache = False  # True when load_rules read it from the compile cache
        self._types_by_order: dict[int, frozenset[str]] = {}  # rule order -> its slot types

    # ---- running
    def process(self, doc: Document) -> list[Event]:
        """Every event in a document, in document order (none if a story discard matches)."""
        events: list[Event] = []
        countries: Counter[str] = Counter()  # country actors in the story's annotated sentences so far
        for sent in split_sentences(doc.text):
            found = self.sentence_events(sent, doc.id, doc.date, countries)
            if found is None:
                return []
            events += found
        return events

    def sentence_events(
        self, sent: Sentence, doc_id: str, date: dt.date | None, countries: Counter[str] | None = None
    ) -> list[Event] | None:
        """The sentence's events; None when a story-level discard matches it. With `countries`
        (the story's country mentions so far), agents without a country take the story's."""
        words = frozenset(sent.lowers)
        rules = self.index.possible_rules(words)
        discards = [d for d in self.discards if possible(d.program, words)]
        if not rules and not discards:
            return []
        anns = self.annotator.annotate(sent, date, self._slot_types(rules, discards))
        names_country = countries is not None and document_countries(anns, countries)
        if any(a.type == "ACTOR" and a.value == DISCARD_ACTOR for a in anns.items):
            return []  # an actor coded `###` on this date (TABARI's dated discard) drops the sentence
        if discards:
            ctx = context(sent, anns, words)
            for d in discards:
                if vm.search(d.program.instrs, ctx, range(len(sent)), d.program.ncaps) is not None:
                    return None if d.scope == "story" else []
        events = resolve(self._raw_events(rules, sent, anns, doc_id, date, words), sent)[0]
        # A rule coded `---` (an imported TABARI/PETRARCH null code) wins like any rule, then codes nothing.
        events = [ev for ev in events if ev["code"] != NULL_CODE]
        if countries is not None and not names_country:
            fill_from_document(events, countries)
        attach_attribution(events, sent, anns)
        return events

    def _slot_types(self, rules: Sequence[CompiledRule], discards: Sequence[CompiledDiscard]) -> frozenset[str]:
        """Every slot type these rules and discards can bind: the annotators worth running."""
        memo = self._types_by_order
        out: set[str] = set()
        for r in rules:
            t = memo.get(r.order)
            if t is None:
                progs = [*r.programs, *(g.program for g in r.guards if g.program is not None)]
                t = memo[r.order] = frozenset(x for p in progs for x in _program_slot_types(p))
            out |= t
        for d in discards:
            out |= _program_slot_types(d.program)
        return frozenset(out)

    def _raw_events(
        self,
        rules: Sequence[CompiledRule],
        sent: Sentence,
        anns: Annotations,
        doc_id: str,
        date: dt.date | None,
        words: frozenset[str] | None = None,
    ) -> list[tuple[Match, Event]]:
        ctx = context(sent, anns, words)
        out = []
        for rule in rules:
            for m in find_matches(rule, ctx):
                out += [(m, ev) for ev in build_events(m, sent, anns, doc_id, date)]
        return out

    def extract(self, text: str, date: str | dt.date | None = None, doc_id: str = "text") -> list[Event]:
        """Events in `text`, with `date` (YYYY-MM-DD) as the document date."""
        return self.process(Document(doc_id, text, parse_date(date)))

    def subset(self, rules: Sequence[CompiledRule]) -> RuleSet:
        """The same classes and actors with only these rules (e.g. to test one rule alone)."""
        return RuleSet(list(rules), self.classes, self.actors, self.files, self.class_defs, self.discards)

    def rule(self, rule_id: str) -> CompiledRule:
        """The rule with this id (KeyError if there is none)."""
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)


def _share_word_sets(rules: list[CompiledRule]) -> list[CompiledRule]:
    """Programs with equal word sets share one object. Imported dictionaries repeat a verb
    block's forms in every one of its patterns: 155k set objects with 1.4M members hold only
    7k distinct sets, and shared sets make the compile cache and memory several times smaller
    (pickle writes a shared object once)."""
    canon: dict[frozenset[str], frozenset[str]] = {}

    def share(x: Any) -> Any:
        if isinstance(x, frozenset):
            return canon.setdefault(x, x)
        if type(x) is tuple:
            return tuple(share(y) for y in x)
        return x

    def program(p: Program) -> Program:
        return dataclasses.replace(
            p,
            instrs=share(p.instrs),
            requires=share(p.requires),
            start_words=share(p.start_words),
            triggers=share(p.triggers),
            anchor=share(p.anchor),
            follow=share(p.follow),
        )

    return [
        dataclasses.replace(
            r,
            programs=tuple(program(p) for p in r.programs),
            guards=tuple(
                g if g.program is None else dataclasses.replace(g, program=program(g.program)) for g in r.guards
            ),
            triggers=share(r.triggers),
        )
        for r in rules
    ]


def _program_slot_types(prog: Program) -> frozenset[str]:
    """The slot types a program's SLOT instructions read (optional ones too)."""
    return frozenset(op[1] for op in prog.instrs if op[0] == vm.SLOT)


def load_actors(*paths: str | Path) -> ActorDictionary:
    """The bundled actor dictionaries plus the actor files among `paths`."""
    files, errors = discover(paths)
    actors = ActorDictionary()
    for p in _bundled_actor_files() + files:
        errors += actors.load(str(p))
    if errors:
        raise RuleError(errors)
    return actors


def load_rules(*paths: str | Path, bundled_actors: bool = True, cache: bool = True) -> RuleSet:
    """Load rule files (YAML or DSL) and actor files from files or directories.

    With no paths, the bundled rule pack is loaded. The bundled actor
    dictionaries are always loaded first; actor files among `paths` add to
    and override them. Raises RuleError with every problem found.

    A compiled rule set is cached on disk (see eventrules.cache), keyed by the
    files' contents and the engine: later loads of the same files skip compiling.
    `cache=False` (or EVENTRULES_NO_CACHE=1) always compiles.
    """
    files, errors = discover(paths or bundled_pack())
    actor_paths = _bundled_actor_files() if bundled_actors else []
    key = rule_cache.key_for(actor_paths + files, f"actors={bundled_actors}") if cache and not errors else None
    if key is not None and rule_cache.cache_dir() is not None:
        hit = rule_cache.load(key)
        if isinstance(hit, RuleSet):
            hit.from_cache = True
            return hit
    with rule_cache.gc_paused():
        ruleset = _compile_files(files, errors, actor_paths)
    if key is not None:
        rule_cache.store(key, ruleset)
    return ruleset


def _compile_files(files: list[Path], errors: list[Diagnostic], actor_paths: list[Path]) -> RuleSet:
    seen = {p.resolve() for p in actor_paths}
    actors = ActorDictionary()
    for p in actor_paths:
        errors += actors.load(str(p))
    rule_files: list[ast.RuleFile] = []
    for p in files:
        if p.resolve() in seen:
            continue
        seen.add(p.resolve())
        path = str(p)
        try:
            text = p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            errors.append(Diagnostic(Location(path, 1, 1), f"cannot read rule file: {e}"))
            continue
        if p.suffix == DSL_SUFFIX:
            rf, errs = parse_dsl_file(path, text)
        else:
            try:
                top = compose(path, text)
            except RuleError as e:
                errors += e.diagnostics
                continue
            if _is_actor_file(top):
                errors += actors.load(path, text, top)
                continue
            if top is not None and not is_rule_file(top):
                errors.append(Diagnostic(Location(path, 1, 1), "not a rule file (no `rules:`) nor an actor file"))
                continue
            rf, errs = parse_yaml_rules(path, text, top)
        rule_files.append(rf)
        errors += errs
    rules, classes, discards = compile_rules(rule_files, errors)
    rules = _share_word_sets(rules)
    class_defs = {c.name: c for f in rule_files for c in f.classes}
    return RuleSet(rules, classes, actors, [str(p) for p in files], class_defs, discards)


def _is_actor_file(top: yaml.Node | None) -> bool:
    return isinstance(top, yaml.MappingNode) and any(
        str(k.value) in ACTOR_FILE_KEYS and str(k.value) != "description" for k, _ in top.value
    )
