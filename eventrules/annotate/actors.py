"""ACTOR and LOCATION annotators: dictionary phrase matching over tokens.

Actor files are YAML (see README, "Actor files"):

    actors:
      - code: RUS
        names: [Russia, Russian Federation]
        demonyms: [Russian, Russians]
        metonyms: [Moscow, {name: Kremlin, agent: GOV}]
    places:
      - {name: Najin, country: PRK}

Matching is longest-first at each token and case-aware: a capitalized name
never matches an all-lowercase token ("turkey"), and an all-caps name matches
only that exact case ("US" but not "us"). A leading "the" joins the span.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from eventrules.annotate.base import Annotation
from eventrules.errors import Diagnostic, RuleError
from eventrules.lang.yamlnodes import Node, Reader, compose
from eventrules.text import Sentence, tokenize

ACTOR_FILE_KEYS = ("actors", "places", "description")
ACTOR_KEYS = ("code", "names", "demonyms", "metonyms", "comment")
METONYM_KEYS = ("name", "agent")
PLACE_KEYS = ("name", "country", "aliases")

# Case modes of one phrase token.
_ANY, _NOT_LOWER, _EXACT = 0, 1, 2


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """What a phrase resolves to. `kind` is name, demonym, metonym or place."""

    code: str
    kind: str


@dataclass(frozen=True, slots=True)
class _Phrase:
    keys: tuple[str, ...]  # lowercase tokens
    forms: tuple[str, ...]  # tokens as written
    modes: tuple[int, ...]
    entry: ActorEntry


def _phrase(text: str, entry: ActorEntry) -> _Phrase | None:
    words = [w for w, _, _ in tokenize(text)]
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]  # "the" is absorbed generically at match time; "The Hague" keeps it
    if not words:
        return None
    modes = tuple(_EXACT if (w.isupper() and len(w) > 1) else _NOT_LOWER if w[:1].isupper() else _ANY for w in words)
    return _Phrase(tuple(w.lower().replace("\u2019", "'") for w in words), tuple(words), modes, entry)


class PhraseTable:
    """Phrases indexed by their first lowercase token, longest first."""

    def __init__(self) -> None:
        self._by_first: dict[str, list[_Phrase]] = {}

    def add(self, text: str, entry: ActorEntry, override: bool = True) -> None:
        """Add a phrase; by default a later entry for the same phrase replaces the earlier one."""
        p = _phrase(text, entry)
        if p is None:
            return
        bucket = self._by_first.setdefault(p.keys[0], [])
        same = [q for q in bucket if q.keys == p.keys and q.modes == p.modes]
        if same and not override:
            return
        bucket[:] = [q for q in bucket if q not in same]
        bucket.append(p)
        bucket.sort(key=lambda q: -len(q.keys))

    def match(self, words: Sequence[str], lowers: Sequence[str], i: int) -> tuple[int, ActorEntry] | None:
        """Longest phrase starting at token i: (end, entry)."""
        bucket = self._by_first.get(lowers[i])
        if not bucket:
            return None
        n = len(lowers)
        for p in bucket:
            k = len(p.keys)
            if i + k > n:
                continue
            ok = True
            for m in range(k):
                j = i + m
                if lowers[j] != p.keys[m]:
                    ok = False
                    break
                mode = p.modes[m]
                if (mode == _EXACT and words[j] != p.forms[m]) or (mode == _NOT_LOWER and words[j].islower()):
                    ok = False
                    break
            if ok:
                return i + k, p.entry
        return None

    def __len__(self) -> int:
        return sum(len(b) for b in self._by_first.values())


class ActorDictionary:
    """Actor and place phrases from one or more actor files (later files override)."""

    def __init__(self) -> None:
        self.actors = PhraseTable()
        self.places = PhraseTable()
        self.files: list[str] = []

    @classmethod
    def from_files(cls, paths: Iterable[str | Path]) -> ActorDictionary:
        d = cls()
        errors: list[Diagnostic] = []
        for p in paths:
            errors.extend(d.load(str(p)))
        if errors:
            raise RuleError(errors)
        return d

    def load(self, path: str, text: str | None = None, top: Node | None = None) -> list[Diagnostic]:
        """Add an actor file; returns the problems found (bad entries are skipped)."""
        if text is None:
            text = Path(path).read_text(encoding="utf-8")
        try:
            if top is None:
                top = compose(path, text)
        except RuleError as e:
            return e.diagnostics
        self.files.append(path)
        r = Reader(path, text)
        if top is None:
            return []
        m = r.mapping(top, "an actor file", ACTOR_FILE_KEYS)
        if m is None:
            return r.errors
        if "actors" in m:
            for node in r.sequence(m["actors"][1], "actors", False):
                self._actor(r, node)
        if "places" in m:
            for node in r.sequence(m["places"][1], "places", False):
                self._place(r, node)
        return r.errors

    def _names(self, r: Reader, node: Node, what: str) -> list[str]:
        return [s for s in (r.scalar(n, what) for n in r.sequence(node, what)) if s]

    def _actor(self, r: Reader, node: Node) -> None:
        m = r.mapping(node, "an actor", ACTOR_KEYS)
        if m is None:
            return
        code = r.scalar(m["code"][1], "code") if "code" in m else None
        if not code:
            r.error(node, "actor entry needs a `code`")
            return
        for name in self._names(r, m["names"][1], "names") if "names" in m else []:
            self.actors.add(name, ActorEntry(code, "name"))
            self.places.add(name, ActorEntry(code, "place"))
        for name in self._names(r, m["demonyms"][1], "demonyms") if "demonyms" in m else []:
            self.actors.add(name, ActorEntry(code, "demonym"))
        for mnode in r.sequence(m["metonyms"][1], "metonyms") if "metonyms" in m else []:
            if isinstance(mnode, yaml.ScalarNode):
                name, agent = str(mnode.value), ""
            else:
                mm = r.mapping(mnode, "a metonym", METONYM_KEYS)
                if mm is None or "name" not in mm:
                    r.error(mnode, "metonym needs a `name`")
                    continue
                name = r.scalar(mm["name"][1], "name") or ""
                agent = (r.scalar(mm["agent"][1], "agent") or "") if "agent" in mm else ""
            self.actors.add(name, ActorEntry(code + agent, "metonym"))
            if not agent:
                self.places.add(name, ActorEntry(code, "place"))

    def _place(self, r: Reader, node: Node) -> None:
        m = r.mapping(node, "a place", PLACE_KEYS)
        if m is None:
            return
        if "name" not in m or "country" not in m:
            r.error(node, "place needs `name` and `country`")
            return
        country = r.scalar(m["country"][1], "country") or ""
        names = self._names(r, m["name"][1], "name")
        if "aliases" in m:
            names += self._names(r, m["aliases"][1], "aliases")
        for name in names:
            self.places.add(name, ActorEntry(country, "place"))
            # Also a blocker in the actor table, so "South China Sea" or
            # "West Virginia" is never read as the actor inside it.
            self.actors.add(name, ActorEntry(country, "place"), override=False)


# Decides whether a dictionary hit ending at token `end` counts.
_Keep = Callable[[ActorEntry, Sentence, int], bool]


def _scan(table: PhraseTable, sent: Sentence, type_: str, keep: _Keep) -> list[Annotation]:
    """Greedy longest-match, left to right, no overlaps; "the" joins a following match."""
    words, lowers = sent.words, sent.lowers
    out: list[Annotation] = []
    n = len(lowers)
    i = 0
    while i < n:
        start = i
        hit = table.match(words, lowers, i)
        if hit is None and lowers[i] == "the" and i + 1 < n:
            hit = table.match(words, lowers, i + 1)
        if hit is None:
            i = start + 1
            continue
        end, entry = hit
        if keep(entry, sent, end):
            out.append(Annotation(type_, start, end, entry.code, entry.code))
            i = end
        else:
            i = end if entry.kind == "place" else start + 1
    return out


def _actor_filter(entry: ActorEntry, sent: Sentence, end: int) -> bool:
    # A demonym is an actor on its own only as a plural people noun ("the Russians");
    # "Russian weaponry" is an adjective, not an actor.
    if entry.kind == "place":
        return False
    if entry.kind == "demonym":
        w = sent.lowers[end - 1]
        return w.endswith("s") and not w.endswith("ss")
    return True


def find_actors(d: ActorDictionary, sent: Sentence) -> list[Annotation]:
    return _scan(d.actors, sent, "ACTOR", _actor_filter)


def find_locations(d: ActorDictionary, sent: Sentence) -> list[Annotation]:
    return _scan(d.places, sent, "LOCATION", lambda e, s, k: True)
