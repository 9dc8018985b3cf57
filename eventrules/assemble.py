"""Matches -> event records: roles, normalized slots, provenance, dedup and priority."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from eventrules.annotate import Annotations
from eventrules.codebook import load_codebook
from eventrules.matcher import Match
from eventrules.text import Sentence

Event = dict[str, Any]


def _slot_record(m: Match, sent: Sentence, anns: Annotations, role_type: str, s: int, e: int) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "type": role_type,
        "text": sent.span_text(s, e),
        "span": [sent.starts[s], sent.ends[e - 1]],
    }
    ann = anns.by_span.get((role_type, s, e))
    if ann is not None:
        rec["value"] = ann.value
        rec.update(ann.attrs)
    else:  # ITEM: an open span, its value is its text
        rec["value"] = rec["text"]
    return rec


def build_event(m: Match, sent: Sentence, anns: Annotations, doc_id: str, doc_date: dt.date | None) -> Event:
    slots: dict[str, Any] = {}
    for slot in m.program.slots:
        span = m.span(slot.cap)
        if span is not None and span[1] > span[0]:
            slots[slot.role] = _slot_record(m, sent, anns, slot.type, *span)

    def actor(role: str) -> dict[str, Any] | None:
        rec = slots.get(role)
        if rec is None or rec["type"] != "ACTOR":
            return None
        return {"code": rec["value"], "text": rec["text"], "span": rec["span"]}

    date_slot = slots.get("date") or slots.get("start")
    if date_slot is None:
        date_slot = next((v for v in slots.values() if v["type"] == "DATE"), None)
    date = date_slot["value"] if date_slot is not None else (doc_date.isoformat() if doc_date else None)
    start, end = m.start, m.end
    info = load_codebook()[m.code]
    return {
        "doc_id": doc_id,
        "sentence_index": sent.index,
        "sentence": sent.text,
        "span": [sent.starts[start], sent.ends[end - 1]],
        "code": m.code,
        "root_code": m.code[:2],
        "event_name": info.name,
        "quad_class": info.quad,
        "goldstein": info.goldstein,
        "source": actor("source"),
        "target": actor("target"),
        "slots": slots,
        "date": date,
        "rule": m.rule.id,
        "rule_source": m.rule.source,
    }


def _rank(m: Match) -> tuple[int, int, int]:
    return (-m.rule.priority, -m.program.specificity, m.rule.order)


def _actors_key(ev: Event) -> tuple[Any, ...]:
    src, tgt = ev["source"], ev["target"]
    return (
        tuple(src["span"]) if src else None,
        tuple(tgt["span"]) if tgt else None,
    )


def _overlap(a: list[int], b: list[int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def resolve(pairs: Iterable[tuple[Match, Event]]) -> tuple[list[Event], list[tuple[Event, str]]]:
    """Keep the best event where rules compete; return (kept, [(dropped, reason)]).

    Two events compete when their spans overlap and either they are the same
    event (code, source, target) or they bind the same source and target
    words: then the higher priority, then the more specific pattern, then the
    earlier rule wins.
    """
    ranked = sorted(pairs, key=lambda p: (_rank(p[0]), p[1]["span"]))
    kept: list[tuple[Match, Event]] = []
    dropped: list[tuple[Event, str]] = []
    for m, ev in ranked:
        reason = None
        for km, kev in kept:
            if not _overlap(ev["span"], kev["span"]):
                continue
            same = (ev["code"], _codes(ev)) == (kev["code"], _codes(kev))
            if same:
                reason = f"duplicate of the event from rule {km.rule.id}"
            elif _actors_key(ev) == _actors_key(kev) and km.rule.id != m.rule.id:
                reason = f"rule {km.rule.id} covers the same words with higher precedence"
            if reason:
                break
        if reason is None:
            kept.append((m, ev))
        else:
            dropped.append((ev, reason))
    kept.sort(key=lambda p: (p[1]["span"][0], p[0].rule.order, p[1]["span"][1]))
    return [ev for _, ev in kept], dropped


def _codes(ev: Event) -> tuple[Any, Any]:
    return (
        ev["source"]["code"] if ev["source"] else None,
        ev["target"]["code"] if ev["target"] else None,
    )
