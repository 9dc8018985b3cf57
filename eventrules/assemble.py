"""Matches -> event records: roles, normalized slots, provenance, dedup and priority."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from eventrules.annotate import Annotations
from eventrules.annotate.actors import is_country_code
from eventrules.codebook import load_codebook
from eventrules.inflect import AUXILIARIES, is_adverb
from eventrules.matcher import Match
from eventrules.text import Sentence

Event = dict[str, Any]


def _slot_record(sent: Sentence, anns: Annotations, role_type: str, s: int, e: int) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "type": role_type,
        "text": sent.span_text(s, e),
        "span": [sent.starts[s], sent.ends[e - 1]],
    }
    ann = anns.by_span.get((role_type, s, e))
    if ann is None and role_type == "ACTOR":
        ann = anns.by_span.get(("LOCATION", s, e))  # a place as target: coded as its country
        if ann is not None:
            rec["type"] = "LOCATION"
    if ann is not None:
        rec["value"] = ann.value
        rec.update(ann.attrs)
    else:  # ITEM: an open span, its value is its text
        rec["value"] = rec["text"]
    return rec


def build_events(m: Match, sent: Sentence, anns: Annotations, doc_id: str, doc_date: dt.date | None) -> list[Event]:
    """The events of one match: one per source x target member of compound actors,
    and both directions for a symmetric rule."""
    slots: dict[str, Any] = {}
    members: dict[str, list[dict[str, Any]]] = {}
    for slot in m.program.slots:
        span = m.span(slot.cap)
        if span is None or span[1] <= span[0]:
            continue
        slots[slot.role] = _slot_record(sent, anns, slot.type, *span)
        ann = anns.by_span.get((slot.type, *span))
        if ann is not None and ann.parts:
            members[slot.role] = [_slot_record(sent, anns, "ACTOR", p.start, p.end) for p in ann.parts]

    if slots.get("target", {}).get("type") == "LOCATION":
        slots.setdefault("location", slots["target"])  # the place is where it happened, too
    date_slot = slots.get("date") or slots.get("start")
    if date_slot is None:
        date_slot = next((v for v in slots.values() if v["type"] == "DATE"), None)
    date = date_slot["value"] if date_slot is not None else (doc_date.isoformat() if doc_date else None)
    info = load_codebook().get(m.code)  # None for a legacy code of a `codes: any` file
    base = {
        "doc_id": doc_id,
        "sentence_index": sent.index,
        "sentence": sent.text,
        "span": [sent.starts[m.start], sent.ends[m.end - 1]],
        "code": m.code,
        "root_code": m.code[:2],
        "event_name": info.name if info else None,
        "quad_class": info.quad if info else None,
        "goldstein": info.goldstein if info else None,
        "source": None,
        "target": None,
        "slots": slots,
        "date": date,
        "rule": m.rule.id,
        "rule_source": m.rule.source,
    }
    sources: list[dict[str, Any] | None] = [*members.get("source", [slots.get("source")])]
    targets: list[dict[str, Any] | None] = [*members.get("target", [slots.get("target")])]
    if targets == [None]:
        targets = [_place_target(m, slots)]
    pairs = [(s, t) for s in sources for t in targets]
    if m.rule.definition.symmetric:
        if "target" not in slots and len(sources) > 1:  # "Egypt and Israel signed an agreement"
            pairs = [(s, t) for s in sources for t in sources if s is not t]
        else:
            pairs += [(t, s) for s, t in pairs if t is not None and t["type"] == "ACTOR"]  # a place acts not
    out = []
    for s, t in pairs:
        if s is not None and t is not None and s["span"] == t["span"]:
            continue  # no event of a mention with itself; two mentions of one code are two actors
        ev = dict(base, source=_actor(s), target=_actor(t))
        if len(pairs) > 1:
            ev["slots"] = dict(slots, **({"source": s} if s else {}), **({"target": t} if t else {}))
        out.append(ev)
    rev = m.rule.definition.reverse_code
    if rev is not None:  # a TABARI paired code [c1:c2]: the target does c2 to the source
        info = load_codebook().get(rev)
        code: dict[str, Any] = {"code": rev, "root_code": rev[:2], "event_name": info.name if info else None}
        code |= {"quad_class": info.quad if info else None, "goldstein": info.goldstein if info else None}
        out += [dict(ev, source=ev["target"], target=ev["source"], **code) for ev in list(out) if ev["target"]]
    return out


def _place_target(m: Match, slots: dict[str, Any]) -> dict[str, Any] | None:
    """A rule that binds no target ACTOR but a place ("Russia shelled Gaza") is coded against the
    place's country, as CAMEO coders do: the first LOCATION slot after the trigger."""
    head = m.caps[2] if m.program.head_cap is not None and m.caps[2] >= 0 else m.start
    best: tuple[int, dict[str, Any]] | None = None
    for slot in m.program.slots:
        span = m.span(slot.cap)
        if slot.type != "LOCATION" or span is None or span[0] < head or slot.role not in slots:
            continue
        if best is None or span[0] < best[0]:
            best = (span[0], slots[slot.role])
    return best[1] if best is not None else None


def _actor(rec: dict[str, Any] | None) -> dict[str, Any] | None:
    if rec is None or rec["type"] not in ("ACTOR", "LOCATION"):
        return None
    return {"code": rec["value"], "text": rec["text"], "span": rec["span"]}


# Attribution verbs ("said", "told", ...): every inflection of SAY_VERBS, written out so
# that loading a cached rule set never has to load lemminflect's tables (tested to agree).
SAY_VERBS = "say tell state add claim report announce assert reveal allege insist confirm note write".split()
_SAY = frozenset(
    """add added adding adds allege alleged alleges alleging announce announced announces announcing
    assert asserted asserting asserts claim claimed claiming claims confirm confirmed confirming confirms
    insist insisted insisting insists note noted notes noting report reported reporting reports reveal
    revealed revealing reveals said say saying says state stated states stating tell telling tells told
    write writes writing written wrote""".split()
)


def attribution_sources(sent: Sentence, anns: Annotations) -> list[tuple[int, int, int, str | None]]:
    """Who the sentence attributes its content to: (start, end, say-word position, code).

    "Kirby said (that) ...", "..., Kirby said", "... according to official sources".
    """
    lowers = sent.lowers
    out: list[tuple[int, int, int, str | None]] = []
    actors = [a for a in anns.items if a.type == "ACTOR" and not a.parts]
    for a in actors:
        j = a.end
        while j < len(lowers) and j - a.end < 3 and (lowers[j] in AUXILIARIES or is_adverb(lowers[j])):
            j += 1
        if j < len(lowers) and lowers[j] in _SAY:
            out.append((a.start, a.end, j, a.code))
    for k in range(len(lowers) - 2):
        if lowers[k] == "according" and lowers[k + 1] == "to":
            who = next((a for a in actors if a.start == k + 2), None)
            if who is not None:
                out.append((who.start, who.end, k, who.code))
            else:
                end = k + 2
                while end < len(lowers) and end < k + 6 and lowers[end] not in ",.;:!?":
                    end += 1
                if end > k + 2:
                    out.append((k + 2, end, k, None))
    return out


def document_countries(anns: Annotations, seen: Counter[str]) -> bool:
    """Count the sentence's country actors into `seen`; True if it names any."""
    here = [a.code[:3] for a in anns.items if a.type == "ACTOR" and a.code and is_country_code(a.code[:3])]
    seen.update(here)
    return bool(here)


def fill_from_document(events: list[Event], seen: Counter[str]) -> None:
    """An agent with no country ("police", "the ministry") in a sentence that names no country
    belongs to the country the story has named most so far, as a reader takes it; the actor is
    marked `"country_from": "document"`. Ties go to the country named first."""
    if not seen:
        return
    country = seen.most_common(1)[0][0]
    for ev in events:
        for role in ("source", "target"):
            actor = ev[role]
            if actor is not None and actor["code"].startswith("---") and len(actor["code"]) > 3:
                ev[role] = dict(actor, code=country + actor["code"][3:], country_from="document")


def attach_attribution(events: list[Event], sent: Sentence, anns: Annotations) -> None:
    """Add `attribution` to each event: the source the sentence reports it from, or null."""
    sources = attribution_sources(sent, anns) if events else []
    for ev in events:
        ev["attribution"] = None
        lo, hi = ev["span"]
        for start, end, say, code in sources:
            say_at = sent.starts[say]
            if lo <= say_at < hi:
                continue  # the saying is the event itself ("X said Y" coded as a statement)
            ev["attribution"] = {
                "code": code,
                "text": sent.span_text(start, end),
                "span": [sent.starts[start], sent.ends[end - 1]],
            }
            break


def _rank(m: Match, lowers: Sequence[str] = ()) -> tuple[int, int, int, int, int]:
    # Rules of a `precedence: position` file rank by where their head word starts (a verb's own
    # word, not the auxiliaries it absorbed), the longer head first, before specificity.
    at = end = 0
    if m.rule.definition.by_position and m.caps[2] >= 0:
        at, end = m.caps[2], m.caps[3]
        while at < end - 1 and at < len(lowers) and (lowers[at] in AUXILIARIES or is_adverb(lowers[at])):
            at += 1
    return (-m.rule.priority, at, -end, -m.program.specificity, m.rule.order)


def _same_actors(a: Event, b: Event) -> bool:
    """Do both events bind the same source and target words? Overlapping spans count: an
    actor read with or without the agent noun after it ("Brazil" in "Brazil's leadership"),
    its "the", or by two rules ("an Egyptian offer" and "Egyptian") is the same mention."""
    for role in ("source", "target"):
        x, y = a[role], b[role]
        if (x is None) != (y is None) or (x is not None and y is not None and not _overlap(x["span"], y["span"])):
            return False
    return True


def _actors_key(ev: Event) -> tuple[Any, ...]:
    src, tgt = ev["source"], ev["target"]
    return (
        tuple(src["span"]) if src and src.get("span") else None,
        tuple(tgt["span"]) if tgt and tgt.get("span") else None,
    )


def _overlap(a: list[int], b: list[int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def resolve(
    pairs: Iterable[tuple[Match, Event]], sent: Sentence | None = None
) -> tuple[list[Event], list[tuple[Event, str]]]:
    """Keep the best event where rules compete; return (kept, [(dropped, reason)]).

    Two events compete when their spans overlap and either they are the same
    event (code, source, target) or they bind the same source and target
    words (overlapping spans): then the higher priority, then the more specific
    pattern, then the earlier rule wins.
    """
    lowers: Sequence[str] = sent.lowers if sent is not None else ()
    pairs = list(pairs)
    swallowed = _swallowers(pairs)
    ranked = sorted(pairs, key=lambda p: (id(p[0]) in swallowed, _rank(p[0], lowers), p[1]["span"]))
    kept: list[tuple[Match, Event]] = []
    dropped: list[tuple[Event, str]] = []
    lost: set[int] = set()
    for m, ev in ranked:
        reason = None
        for km, kev in kept:
            if not _overlap(ev["span"], kev["span"]):
                continue
            same = (ev["code"], _codes(ev)) == (kev["code"], _codes(kev))
            if same:
                reason = f"duplicate of the event from rule {km.rule.id}"
            elif _same_actors(ev, kev) and km.rule.id != m.rule.id:
                reason = f"rule {km.rule.id} covers the same words with higher precedence"
            elif _positional(m, km, ev, kev):
                reason = f"rule {km.rule.id} codes this subject first"
            if reason:
                break
        if reason is None and m.rule.definition.by_position and id(m) in lost:
            reason = "another event of this match lost"
        if reason is None:
            kept.append((m, ev))
        else:
            dropped.append((ev, reason))
            if m.rule.definition.by_position:
                lost.add(id(m))  # TABARI codes a verb's pattern whole: its paired event goes too
    kept.sort(key=lambda p: (p[1]["span"][0], p[0].rule.order, p[1]["span"][1]))
    kept, embedded = _drop_embedded(kept, lowers if sent is not None else None)
    dropped += embedded
    for _, ev in kept:
        _domestic_target(ev)
    return [ev for _, ev in kept], dropped


def _positional(m: Match, km: Match, ev: Event, kev: Event) -> bool:
    """Matches of two `precedence: position` rules that TABARI would code once: the same subject
    (its first verb codes), the same verb word (one pattern per verb), or the same two actors
    the other way round."""
    if m is km or not (m.rule.definition.by_position and km.rule.definition.by_position):
        return False
    if m.caps[2] >= 0 and m.caps[2] == km.caps[2]:
        return True  # two patterns of one verb word: TABARI codes one pattern per verb
    if _actors_key(ev)[::-1] == _actors_key(kev):
        return True  # the same two actors the other way round: the first verb codes them
    if not (ev["source"] and kev["source"]):
        return False
    return bool(ev["source"]["span"] == kev["source"]["span"])


_CLAUSE_BREAK = frozenset({",", ";", ":", "who", "which", "whose", "and", "but", "while", "after", "before"})


def _drop_embedded(
    kept: list[tuple[Match, Event]], lowers: Sequence[str] | None
) -> tuple[list[tuple[Match, Event]], list[tuple[Event, str]]]:
    """An act whose doer is another event's target, told right after it, is that event's content,
    not an act of its own: "condemned Russia's invasion of Ukraine", "urged Israel to allow aid",
    "accused Y of attacking Z", "demanded that Russia withdraw" code only the condemnation, the
    appeal, the accusation, the demand."""
    out: list[tuple[Match, Event]] = []
    dropped: list[tuple[Event, str]] = []
    for m, ev in kept:
        src = ev["source"]
        outer = None
        if src is not None and src.get("span"):
            outer = next((km for km, kev in kept if km is not m and _frames(km, kev, m, src["span"], lowers)), None)
        if outer is None:
            out.append((m, ev))
        else:
            dropped.append((ev, f"the content of the event from rule {outer.rule.id}, not an act of its own"))
    return out, dropped


def _frames(km: Match, kev: Event, m: Match, span: list[int], lowers: Sequence[str] | None) -> bool:
    """Is `span` (the source of m's event) the target of kev, with m's trigger right after it?"""
    tgt = kev["target"]
    if tgt is None or tgt.get("span") != span or _head(km)[0] >= _head(m)[0]:
        return False
    slot = next((s for s in m.program.slots if s.role == "source" and m.span(s.cap) is not None), None)
    if slot is None:
        return False
    between = range(m.caps[slot.cap + 1], _head(m)[0])
    return lowers is None or not any(lowers[k] in _CLAUSE_BREAK for k in between)


def _country(code: str | None) -> str:
    return code[:3] if code and len(code) >= 3 and code[:3].isalpha() and code[:3].isupper() else ""


def _is_place(ev: Event, tgt: dict[str, Any]) -> bool:
    """Was the target coded from a place (a LOCATION slot) rather than an actor?"""
    return any(v.get("type") == "LOCATION" and v["span"] == tgt["span"] for v in ev["slots"].values())


# Codes whose target, when the text names none, is the source's own country by CAMEO convention:
# administrative sanctions and their easing (curfews, bans, martial law) fall on the population.
_DOMESTIC_PREFIXES = ("172", "081")


def _domestic_target(ev: Event) -> None:
    """CAMEO's conventions for domestic events: a protest at a place is against the government
    there ("protesters rallied in Tbilisi" ->GEOGOV, not the place); an administrative sanction
    the text names no target for falls on the source's country ("Hong Kong authorities banned
    the vigil" HKGGOV->HKG). An implied target has no text or span."""
    src, tgt = ev["source"], ev["target"]
    home = _country(src["code"]) if src else ""
    if ev["root_code"] == "14" and tgt is not None and _is_place(ev, tgt):
        place = _country(tgt["code"])
        if place:
            ev["target"] = dict(tgt, code=place + "GOV")
    elif tgt is None and home and ev["code"].startswith(_DOMESTIC_PREFIXES):
        ev["target"] = {"code": home, "text": None, "span": None, "implied": True}


def _head(m: Match) -> tuple[int, int]:
    if m.program.head_cap is not None and m.caps[2] >= 0:
        return m.caps[2], m.caps[3]
    return m.start, m.end


def _swallowers(pairs: list[tuple[Match, Event]]) -> set[int]:
    """Matches whose open ITEM slot holds another rule's trigger: "condemned [the strike and
    recalled its ambassador] from Kyiv" read the recall as an item. They rank below the rest."""
    heads = {(m.rule.id, _head(m), _actors_key(ev)) for m, ev in pairs}
    out: set[int] = set()
    for m, ev in pairs:
        key = _actors_key(ev)
        for slot in m.program.slots:
            span = m.span(slot.cap) if slot.type == "ITEM" else None
            if span is not None and any(
                rid != m.rule.id and k == key and span[0] <= h[0] and h[1] <= span[1] for rid, h, k in heads
            ):
                out.add(id(m))
    return out


def _codes(ev: Event) -> tuple[Any, Any]:
    return (
        ev["source"]["code"] if ev["source"] else None,
        ev["target"]["code"] if ev["target"] else None,
    )
