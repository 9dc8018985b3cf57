"""ACTOR and LOCATION annotators: dictionary phrase matching over tokens.

Actor files are YAML (see README, "Actor files"):

    actors:
      - code: RUS                          # a country, organization or group
        names: [Russia, Russian Federation]
        demonyms: [Russian, Russians]
        metonyms: [Moscow, {name: Kremlin, agent: GOV}]
      - names: [Vladimir Putin, Putin]     # a person: the code depends on the date
        country: RUS
        periods: [{code: RUSGOV, from: 1999-08-09}]
    agents:
      - {code: MIL, names: [troops, army, military]}
    places:
      - {name: Najin, country: PRK}

Matching is longest-first at each token and case-aware: a capitalized name
never matches an all-lowercase token ("turkey"), and an all-caps name matches
only that exact case ("US" but not "us"). A leading "the" joins the span.
Country, agent and person compose: "Russian troops" is RUSMIL, "North Korea's
military" PRKMIL, "the government of Iran" IRNGOV, "Russian President
Vladimir Putin" Putin's code for the date. A name composed with the agent noun
after it is also offered alone, as a second reading the matcher may fall back
on ("Italy gave Spain tanks").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from eventrules.annotate.base import Annotation
from eventrules.errors import Diagnostic, RuleError
from eventrules.lang.yamlnodes import Node, Reader, compose
from eventrules.text import Sentence, tokenize

ACTOR_FILE_KEYS = ("actors", "agents", "places", "description")
ACTOR_KEYS = ("code", "names", "demonyms", "metonyms", "country", "periods", "default", "comment")
AGENT_KEYS = ("code", "names", "comment")
PERIOD_KEYS = ("code", "from", "to")
METONYM_KEYS = ("name", "agent")
PLACE_KEYS = ("name", "country", "aliases")

# Articles that join the actor after them: "the Kremlin", "a Russian delegation", "an Iranian envoy".
_ARTICLES = frozenset({"the", "a", "an"})

# Case modes of one phrase token.
_ANY, _NOT_LOWER, _EXACT = 0, 1, 2


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """What a phrase resolves to.

    `kind` is name, demonym, metonym, person, agent or place. A person's code
    comes from `periods` (start, inclusive end or None, code) for the date;
    where periods overlap the one that started last wins (it is the more
    specific: imported TABARI restrictions nest). Outside every period it is
    `default` if given, else the country's elite code (e.g. RUSELI).
    """

    code: str
    kind: str
    country: str = ""
    periods: tuple[tuple[dt.date, dt.date | None, str], ...] = ()
    default: str = ""

    def resolve(self, date: dt.date | None) -> str:
        if not self.periods:
            return self.code
        if date is None:
            return self.periods[-1][2]
        for start, end, code in reversed(self.periods):
            if start <= date and (end is None or date <= end):
                return code
        return self.default or self.country + "ELI"


@dataclass(frozen=True, slots=True)
class _Phrase:
    text: str  # as written in the actor file
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
    return _Phrase(text, tuple(w.lower().replace("\u2019", "'") for w in words), tuple(words), modes, entry)


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

    def phrases(self) -> Iterator[tuple[str, ActorEntry]]:
        """Every (phrase as written, entry), in a stable order."""
        for key in sorted(self._by_first):
            for p in self._by_first[key]:
                yield p.text, p.entry

    def starts(self, lowers: Sequence[str]) -> list[int]:
        """Token positions where a phrase may start (also the "the" before one)."""
        keys = self._by_first
        hits = [i for i, w in enumerate(lowers) if w in keys]
        if "the" in lowers or "a" in lowers or "an" in lowers:
            hits += [i - 1 for i in hits if i > 0 and lowers[i - 1] in _ARTICLES]
            hits.sort()
        return hits


class ActorDictionary:
    """Actor and place phrases from one or more actor files (later files override)."""

    def __init__(self) -> None:
        self.actors = PhraseTable()
        self.agents = PhraseTable()
        self.places = PhraseTable()
        self.files: list[str] = []

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
        if "agents" in m:
            for node in r.sequence(m["agents"][1], "agents", False):
                self._agent(r, node)
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
        code = (r.scalar(m["code"][1], "code") or "") if "code" in m else ""
        country = (r.scalar(m["country"][1], "country") or "") if "country" in m else ""
        periods = self._periods(r, m["periods"][1]) if "periods" in m else ()
        default = (r.scalar(m["default"][1], "default") or "") if "default" in m else ""
        if not code and not periods:
            r.error(node, "actor entry needs a `code` or `periods`")
            return
        if periods and not country and not default:
            r.error(node, "an actor with `periods` needs a `country` or a `default` (its code outside every period)")
            return
        entry = ActorEntry(code, "person" if periods else "name", country, periods, default)
        for name in self._names(r, m["names"][1], "names") if "names" in m else []:
            self.actors.add(name, entry)
            if not periods and is_country_code(code):
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

    def _periods(self, r: Reader, node: Node) -> tuple[tuple[dt.date, dt.date | None, str], ...]:
        out = []
        for pnode in r.sequence(node, "periods", False):
            pm = r.mapping(pnode, "a period", PERIOD_KEYS)
            if pm is None:
                continue
            if "code" not in pm or "from" not in pm:
                r.error(pnode, "a period needs `code` and `from`")
                continue
            try:
                start = dt.date.fromisoformat(r.scalar(pm["from"][1], "from") or "")
                end = dt.date.fromisoformat(r.scalar(pm["to"][1], "to") or "") if "to" in pm else None
            except ValueError:
                r.error(pnode, "period dates must be YYYY-MM-DD")
                continue
            out.append((start, end, r.scalar(pm["code"][1], "code") or ""))
        return tuple(sorted(out, key=lambda p: (p[0], p[1] or dt.date.max, p[2])))

    def _agent(self, r: Reader, node: Node) -> None:
        m = r.mapping(node, "an agent", AGENT_KEYS)
        if m is None or "code" not in m or "names" not in m:
            if m is not None:
                r.error(node, "agent entry needs `code` and `names`")
            return
        code = r.scalar(m["code"][1], "code") or ""
        for name in self._names(r, m["names"][1], "names"):
            self.agents.add(name, ActorEntry(code, "agent"))

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


# CAMEO's international actor types: three capitals that are not a country.
_NOT_COUNTRIES = frozenset({"IGO", "IMG", "INT", "MNC", "NGM", "NGO", "UIS"})


def is_country_code(code: str) -> bool:
    return len(code) == 3 and code.isalpha() and code.isupper() and code not in _NOT_COUNTRIES


def _match_the(table: PhraseTable, sent: Sentence, i: int) -> tuple[int, ActorEntry] | None:
    """A match at i, or after a leading "the" at i."""
    hit = table.match(sent.words, sent.lowers, i)
    if hit is None and sent.lowers[i] in _ARTICLES and i + 1 < len(sent.lowers):
        hit = table.match(sent.words, sent.lowers, i + 1)
    return hit


def find_locations(d: ActorDictionary, sent: Sentence) -> list[Annotation]:
    """Greedy longest place match, left to right, no overlaps."""
    out: list[Annotation] = []
    done = 0
    for i in d.places.starts(sent.lowers):
        if i < done:
            continue
        hit = _match_the(d.places, sent, i)
        if hit is not None:
            out.append(Annotation("LOCATION", i, hit[0], hit[1].code, hit[1].code))
            done = hit[0]
    lowers = sent.lowers
    extra = []
    for a in out:
        for start in _place_noun_starts(sent.words, lowers, a.start):
            extra.append(Annotation("LOCATION", start, a.end, a.value, a.code))
    return out + extra


# Nouns for a place or a thing in one, before "of"/"in" and a named place: "the city of Kharkiv",
# "villages in Syria". The phrase is that place as a target: a wire coder codes the country.
_PLACE_NOUNS = frozenset(
    """city cities town towns village villages port capital region province district enclave
    territory territories island islands area areas neighbourhood neighborhood neighbourhoods
    neighborhoods suburb suburbs camp camps base bases position positions target targets home homes
    house houses hospital hospitals school schools infrastructure facilities facility outpost outposts""".split()
)


def _place_noun_starts(words: Sequence[str], lowers: Sequence[str], k: int) -> list[int]:
    """Where "the (port) city of" / "(border) villages in" before the place at k may begin. Each
    reading is offered (the word before the noun may be a modifier or the verb), the matcher picks."""
    if k < 2 or lowers[k - 1] not in ("of", "in") or lowers[k - 2] not in _PLACE_NOUNS:
        return []
    if lowers[k - 1] == "of" and lowers[k - 2] in _NOT_OF:
        return []  # "home of", "area of": no place noun phrase
    out = [k - 2]
    j = k - 2
    if j > 0 and words[j - 1].isalpha() and words[j - 1].islower() and lowers[j - 1] not in _NP_STOP:
        out.append(j - 1)  # "port city", "border villages"
    for s in list(out):
        if s > 0 and lowers[s - 1] in ("the", "a"):
            out.append(s - 1)
    return out


_NOT_OF = frozenset("home homes house houses base position target area areas".split())


def find_actors(
    d: ActorDictionary, sent: Sentence, date: dt.date | None = None, shorter: list[Annotation] | None = None
) -> list[Annotation]:
    """Actors, left to right: [country] ['s] [agent] [person] compose into one actor.

    A name followed by an agent noun may also be the name alone: "Italy gave Spain tanks",
    "Afghanistan's criminal investigation". The composed actor is the annotation; when
    `shorter` is given, the name alone is appended to it as a second reading at the same
    start, for the matcher to fall back on when the pattern needs the words after it.
    """
    out: list[Annotation] = []
    bare: list[int] = []  # indexes in `out` of agents with no country
    lowers = sent.lowers
    starts = sorted(set(d.actors.starts(lowers) + d.agents.starts(lowers)))
    done = 0
    for i in starts:
        if i < done:
            continue
        found = _compose(d, sent, i, date)
        if found is None:
            continue
        end, code, alone = found
        done = end
        if code is None:
            continue
        if code.startswith("---") and len(code) > 3:  # "---" alone is a null actor, not an agent
            bare.append(len(out))
        out.append(Annotation("ACTOR", i, end, code, code))
        if alone is not None and shorter is not None:
            shorter.append(Annotation("ACTOR", i, alone[0], alone[1], alone[1]))
    if bare:
        bare = _resolve_possessed_agents(out, bare, lowers)
    if bare:
        bare = _resolve_located_agents(d, sent, out, bare)
    if bare:
        _resolve_bare_agents(out, bare)
    return out + _compounds(out, lowers)


def _resolve_located_agents(d: ActorDictionary, sent: Sentence, out: list[Annotation], bare: list[int]) -> list[int]:
    """ "Protesters in Belgrade", "prosecutors in Kenya": a people's agent followed by "in" and a
    country or a place belongs to that country, and the place joins its span. Not the military:
    "troops in Syria" are as often foreign as not. Returns the bare agents left."""
    lowers = sent.lowers
    left = []
    for k in bare:
        a = out[k]
        j = a.end + 1
        hit = None
        if str(a.value)[3:] != "MIL" and j < len(lowers) and lowers[a.end] == "in":
            hit = _match_the(d.actors, sent, j) or _match_the(d.places, sent, j)
        if hit is None or hit[1].kind not in ("name", "metonym", "place") or not is_country_code(hit[1].code[:3]):
            left.append(k)
            continue
        if hit[1].kind == "metonym" and len(hit[1].code) > 3:
            left.append(k)  # "officials in the Kremlin" is the Kremlin's own code, not a place
            continue
        composed = hit[1].code[:3] + str(a.value)[3:]
        out[k] = Annotation("ACTOR", a.start, hit[0], composed, composed)
    return left


def _resolve_possessed_agents(out: list[Annotation], bare: list[int], lowers: Sequence[str]) -> list[int]:
    """ "Ukraine said its forces advanced": an agent after its/their belongs to the nearest actor
    before it that has a country. Returns the bare agents left."""
    left = []
    for k in bare:
        a = out[k]
        owner = None
        if a.start > 0 and lowers[a.start - 1] in ("its", "their"):
            owner = next((b for b in reversed(out[:k]) if is_country_code(str(b.value)[:3])), None)
        if owner is None:
            left.append(k)
            continue
        composed = str(owner.value)[:3] + str(a.value)[3:]
        out[k] = Annotation("ACTOR", a.start, a.end, composed, composed)
    return left


_JOINERS = frozenset({",", "and", "&"})


def _compounds(actors: list[Annotation], lowers: Sequence[str]) -> list[Annotation]:
    """One more annotation over each list of actors: "Egypt and Israel", "Russia, Iran and Syria".

    Members must be joined by "," / "and" only, and the last join must hold "and".
    """
    out: list[Annotation] = []
    k = 0
    while k < len(actors):
        group = [actors[k]]
        joins: list[Sequence[str]] = []
        while k + 1 < len(actors):
            gap = lowers[group[-1].end : actors[k + 1].start]
            if not gap or len(gap) > 2 or not all(w in _JOINERS for w in gap):
                break
            group.append(actors[k + 1])
            joins.append(gap)
            k += 1
        if len(group) > 1 and joins[-1][-1] in ("and", "&"):
            code = str(group[0].value)
            out.append(Annotation("ACTOR", group[0].start, group[-1].end, code, code, parts=tuple(group)))
        k += 1
    return out


def _resolve_bare_agents(out: list[Annotation], bare: list[int]) -> None:
    """An agent with no country takes the sentence's only country, if it has exactly one."""
    countries = {str(a.value)[:3] for a in out} - {"---"}
    countries = {c for c in countries if is_country_code(c)}
    if len(countries) != 1:
        return
    c = countries.pop()
    for k in bare:
        a = out[k]
        composed = c + str(a.value)[3:]
        out[k] = Annotation("ACTOR", a.start, a.end, composed, composed)


# (end, code, the name alone as (end, code) when an agent noun joined it)
_Composed = tuple[int, str | None, tuple[int, str] | None]


def _compose(d: ActorDictionary, sent: Sentence, i: int, date: dt.date | None) -> _Composed | None:
    """The actor starting at token i; code None skips a place name; None: no actor."""
    lowers = sent.lowers
    n = len(lowers)
    hit = _match_the(d.actors, sent, i)
    if hit is not None and hit[1].kind == "place":
        return hit[0], None, None  # a place name blocks the actor names inside it
    if hit is not None and hit[0] < n and sent.words[hit[0]] == "$" and sent.ends[hit[0] - 1] == sent.starts[hit[0]]:
        return hit[0], None, None  # "US$1.2 billion", "AU$34 billion": a currency, not an actor
    country = ""
    agent = ""
    person: ActorEntry | None = None
    alone: tuple[int, str] | None = None
    end = i
    if hit is not None:
        end, entry = hit
        if entry.kind == "person":
            person = entry
        elif is_country_code(entry.code[:3]) and (len(entry.code) == 3 or entry.kind == "metonym"):
            country, agent = entry.code[:3], entry.code[3:]
        else:
            # An organization or a group keeps its own code; a following agent noun
            # joins the span ("Hamas fighters", "NATO troops").
            ahit = d.agents.match(sent.words, lowers, end) if end < n else None
            if ahit is None:
                return end, entry.code, None
            return ahit[0], entry.code, (end, entry.code)
    # ['s] agent  ("Russia's military", "Russian troops", "Kremlin spokesman")
    if person is None:
        j = end + 1 if country and end < n and lowers[end] == "'s" else end
        ahit = d.agents.match(sent.words, lowers, j) if j < n else None
        if ahit is None and not country and i < n and lowers[i] in _ARTICLES and i + 1 < n:
            ahit = d.agents.match(sent.words, lowers, i + 1)
        if ahit is not None:
            if hit is not None and hit[1].kind != "demonym":  # a demonym alone is no actor
                alone = (end, hit[1].code)
            end, agent = ahit[0], ahit[1].code
            # "the government of Iran", "foreign minister of Russia"
            if not country and end + 1 < n and lowers[end] == "of":
                chit = _match_the(d.actors, sent, end + 1)
                # Only a country or its metonym: "the prosecution of AfD" is an act, not a German court.
                if chit is not None:
                    c_end, c = chit
                    if (
                        c.kind in ("name", "metonym")
                        and is_country_code(c.code[:3])
                        and (len(c.code) == 3 or c.kind == "metonym")
                    ):
                        end, country = c_end, c.code[:3]
        # a person after a title: "Russian President Vladimir Putin"
        if end < n and (agent or country):
            phit = d.actors.match(sent.words, lowers, end)
            if phit is not None and phit[1].kind == "person":
                end, person = phit
    if person is not None:
        code = person.resolve(date)
        if code.endswith("ELI") and country and agent:
            code = _join(country, agent)  # the title says more than the fallback
        return end, code, None
    if country:
        if hit is not None and hit[1].kind == "demonym" and not agent and not _plural_demonym(lowers[end - 1]):
            # "Indian and Pakistani officials": the first adjective shares the second one's agent.
            if end + 1 < n and lowers[end] in ("and", ","):
                nxt = _compose(d, sent, end + 1, date)
                if nxt is not None and nxt[1] is not None and len(nxt[1]) > 3 and is_country_code(nxt[1][:3]):
                    return end, country + nxt[1][3:], None
            return None  # "Russian weaponry": an adjective, not an actor
        return end, _join(country, agent), alone
    if agent:
        return end, _join("---", agent), None
    return None


def _join(country: str, agent: str) -> str:
    """Country + agent; an agent code ending in `~` goes in front (PETRARCH's `NGO~`: NGOFRA)."""
    if agent.endswith("~"):
        return agent[:-1] + ("" if country == "---" else country)
    return country + agent


def _plural_demonym(w: str) -> bool:
    # A demonym is an actor on its own only as a plural people noun ("the Russians").
    return w.endswith("s") and not w.endswith("ss")


# Words that end the noun phrase after an adjective demonym ("Armenian positions near ...").
_NP_STOP = frozenset(
    """a an the this that these those its their his her our my your of in on at to for from with by
    into onto over under near after before during against across along and or but nor as than
    who whom whose which what where when while if is are was were be been being has have had do does
    did will would may might could should can must not n't""".split()
)
_NP_MAX = 3
_LOCATIVE = frozenset("in at inside near outside across throughout within".split())


def find_demonym_phrases(d: ActorDictionary, sent: Sentence, actors: Sequence[Annotation]) -> list[Annotation]:
    """A demonym before nouns that are no agent stands for its country: "seized Greek tankers",
    "attacked Armenian positions", "Israeli airstrikes hit". One annotation per length of the noun
    run (the demonym alone too), so a rule's own words after it ("an Egyptian offer") still match.
    These are not actors of their own (`find_actors` leaves "Russian weaponry" out): they exist
    only for the matcher's ACTOR slots."""
    lowers, words = sent.lowers, sent.words
    n = len(lowers)
    covered = bytearray(n)
    for a in actors:
        for k in range(a.start, a.end):
            covered[k] = 1
    out: list[Annotation] = []
    for i in d.actors.starts(lowers):
        if covered[i]:
            continue
        hit = d.actors.match(words, lowers, i)
        if hit is None or hit[1].kind != "demonym" or covered[hit[0] - 1]:
            continue
        end, entry = hit
        code = entry.code[:3]
        if not is_country_code(code) or _plural_demonym(lowers[end - 1]):
            continue
        if (i > 0 and lowers[i - 1] in _LOCATIVE) or (i > 1 and lowers[i - 2] in _LOCATIVE and lowers[i - 1] == "the"):
            continue  # "prisoners in Israeli jails launched ...": a place, never the one who acts
        if end < n and lowers[end] in ("counterpart", "counterparts"):
            out += _counterpart(sent, actors, i, end + 1, code)
            continue
        ends = [end]
        j = end
        while j < n and j - end < _NP_MAX and not covered[j]:
            w = words[j]
            if lowers[j] in _NP_STOP or not w[:1].isalpha() or not w[:1].islower():
                break
            j += 1
            ends.append(j)
        starts = [i] + ([i - 1] if i > 0 and lowers[i - 1] in ("a", "an", "the") and not covered[i - 1] else [])
        out += [Annotation("ACTOR", s, e, code, code) for s in starts for e in ends]
    return out


def _counterpart(sent: Sentence, actors: Sequence[Annotation], i: int, end: int, country: str) -> list[Annotation]:
    """ "met his Chinese counterpart": the country's holder of the subject's role (a foreign
    minister's counterpart is a foreign minister), GOV when the subject has no role. A name
    right after it ("his Chinese counterpart Wang Yi") joins the span with the person's code."""
    before = [a.code for a in actors if a.end <= i and not a.parts and a.code and is_country_code(a.code[:3])]
    agent = next((c[3:] for c in reversed(before) if len(c) > 3), "GOV")
    code = country + agent
    out = []
    starts = [i] + ([i - 1] if i > 0 and sent.lowers[i - 1] in _COUNTERPART_DETERMINERS else [])
    for s in starts:
        out.append(Annotation("ACTOR", s, end, code, code))
        person = next((a for a in actors if a.start == end and not a.parts), None)
        if person is not None and person.code and person.code[:3] == country:
            out.append(Annotation("ACTOR", s, person.end, person.code, person.code))
    return out


_COUNTERPART_DETERMINERS = frozenset("his her their its the a".split())
