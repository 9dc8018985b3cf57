"""Events as flat table rows, in the style of the Phoenix and GDELT event tables.

One row per event, one column per scalar, so CSV and Parquet files load
straight into pandas, DuckDB or a spreadsheet. Nothing is lost: `slots` and
`attribution` keep their full JSON. The JSON Lines output stays the reference;
these columns are derived from its fields.
"""

from __future__ import annotations

import json
from typing import Any

# (name, type, description). Types: "str", "int", "float". Every column may be empty (null).
COLUMNS: list[tuple[str, str, str]] = [
    ("doc_id", "str", "the document's id"),
    ("sentence_index", "int", "0-based index of the sentence within the document"),
    ("span_start", "int", "start of the match, a character offset within the document"),
    ("span_end", "int", "end of the match (exclusive)"),
    ("date", "str", "the event date, YYYY-MM-DD (the DATE slot's value, else the document date)"),
    ("year", "int", "the year of `date` (Phoenix Year, GDELT Year)"),
    ("month", "int", "the month of `date`"),
    ("day", "int", "the day of `date`"),
    ("code", "str", "CAMEO event code, e.g. 072 (Phoenix EventCode, GDELT EventCode)"),
    ("base_code", "str", "the first three digits of the code (GDELT EventBaseCode)"),
    ("root_code", "str", "the first two digits (Phoenix EventRootCode, GDELT EventRootCode)"),
    ("event_name", "str", "the code's name in the CAMEO codebook"),
    ("quad_class", "int", "1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict"),
    ("goldstein", "float", "Goldstein scale value of the code (Phoenix GoldsteinScore, GDELT GoldsteinScale)"),
    ("source_code", "str", "the source actor's full CAMEO code, e.g. RUSMIL (Phoenix SourceActorFull)"),
    ("source_entity", "str", "its first three letters: country, IGO or --- (Phoenix SourceActorEntity)"),
    ("source_role", "str", "the next three letters: GOV, MIL, REB... (Phoenix SourceActorRole)"),
    ("source_text", "str", "the words that named the source"),
    ("source_start", "int", "character offset of those words within the document"),
    ("source_end", "int", "end of those words"),
    ("target_code", "str", "the target actor's full CAMEO code (Phoenix TargetActorFull)"),
    ("target_entity", "str", "its first three letters (Phoenix TargetActorEntity)"),
    ("target_role", "str", "the next three letters (Phoenix TargetActorRole)"),
    ("target_text", "str", "the words that named the target"),
    ("target_start", "int", "character offset of those words"),
    ("target_end", "int", "end of those words"),
    ("location", "str", "the LOCATION slot's code, if the rule has one (Phoenix CountryCode)"),
    ("location_text", "str", "the LOCATION slot's words (Phoenix LocationName)"),
    ("quantity", "float", "the QUANTITY slot's normalized value, if any"),
    ("quantity_unit", "str", "the unit noun after the number (containers, troops...)"),
    ("attribution_code", "str", "who the sentence attributes the event to (an actor code), if anyone"),
    ("attribution_text", "str", "their words"),
    ("rule", "str", "the id of the rule that fired"),
    ("rule_source", "str", "path:line of the rule's definition"),
    ("slots", "str", "every slot as JSON, as in the JSON Lines output"),
    ("sentence", "str", "the sentence text"),
]
NAMES = [c[0] for c in COLUMNS]


def flat_row(ev: dict[str, Any]) -> dict[str, Any]:
    """One event as a flat row with the COLUMNS, None for an empty cell."""
    span = ev.get("span") or [None, None]
    date = ev.get("date")
    y = m = d = None
    if isinstance(date, str) and len(date) >= 10 and date[4] == "-":
        try:
            y, m, d = int(date[:4]), int(date[5:7]), int(date[8:10])
        except ValueError:
            y = m = d = None
    code = ev.get("code") or ""
    slots = ev.get("slots") or {}
    loc = next((s for s in slots.values() if s.get("type") == "LOCATION"), None)
    qty = next((s for s in slots.values() if s.get("type") == "QUANTITY"), None)
    qval = qty.get("value") if qty else None
    attribution = ev.get("attribution") or {}
    row: dict[str, Any] = {
        "doc_id": ev.get("doc_id"),
        "sentence_index": ev.get("sentence_index"),
        "span_start": span[0],
        "span_end": span[1],
        "date": date,
        "year": y,
        "month": m,
        "day": d,
        "code": code or None,
        "base_code": code[:3] or None,
        "root_code": ev.get("root_code"),
        "event_name": ev.get("event_name"),
        "quad_class": ev.get("quad_class"),
        "goldstein": ev.get("goldstein"),
        **_actor("source", ev.get("source")),
        **_actor("target", ev.get("target")),
        "location": loc.get("value") if loc else None,
        "location_text": loc.get("text") if loc else None,
        "quantity": float(qval) if isinstance(qval, int | float) else None,
        "quantity_unit": qty.get("unit") if qty else None,
        "attribution_code": attribution.get("code"),
        "attribution_text": attribution.get("text"),
        "rule": ev.get("rule"),
        "rule_source": ev.get("rule_source"),
        "slots": json.dumps(slots, ensure_ascii=False),
        "sentence": ev.get("sentence"),
    }
    return row


def _actor(role: str, a: dict[str, Any] | None) -> dict[str, Any]:
    if not a:
        return {f"{role}_{k}": None for k in ("code", "entity", "role", "text", "start", "end")}
    code = a.get("code") or ""
    span = a.get("span") or [None, None]
    return {
        f"{role}_code": code or None,
        f"{role}_entity": code[:3] or None,
        f"{role}_role": code[3:6] or None,
        f"{role}_text": a.get("text"),
        f"{role}_start": span[0],
        f"{role}_end": span[1],
    }
