"""Expectations of inline examples: does an event have the expected fields?

An expectation is a mapping of output field or slot role -> value. Only the
keys it names are checked:

- `source` / `target` compare with the actor's code (or a mapping of its fields);
- any other top-level event field (`code`, `root_code`, `date`, `rule`, ...)
  compares with that field;
- any other key is a slot role, compared with the slot's normalized `value`,
  or with its `text`, or a mapping of the slot's fields (`{value: 1000, unit: containers}`).

Values compare as strings, so `quantity: 300` matches 300 and 300.0 is 300,
and YAML's `date: 2023-05-01` (a date object) matches "2023-05-01".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

Event = Mapping[str, Any]


def _same(expected: Any, actual: Any) -> bool:
    if isinstance(expected, Mapping):
        return isinstance(actual, Mapping) and all(_same(v, actual.get(k)) for k, v in expected.items())
    if expected is None:
        return actual is None
    if isinstance(actual, float) and actual.is_integer():
        actual = int(actual)
    if isinstance(expected, float) and expected.is_integer():
        expected = int(expected)
    return str(expected) == str(actual)


def mismatches(event: Event, expect: Mapping[str, Any]) -> list[str]:
    """What differs between `event` and `expect` (empty when the event meets it)."""
    out = []
    for key, want in expect.items():
        if key in ("source", "target"):
            got = event.get(key)
            if not isinstance(want, Mapping) and isinstance(got, Mapping):
                got = got["code"]
            ok, shown = _same(want, got), got
        elif key in event and key != "slots":
            shown = event[key]
            ok = _same(want, shown)
        else:
            slot = event.get("slots", {}).get(key)
            if slot is None:
                ok, shown = False, None
            elif isinstance(want, Mapping):
                ok, shown = _same(want, slot), slot
            else:
                ok = _same(want, slot.get("value")) or _same(want, slot.get("text"))
                shown = slot.get("value")
        if not ok:
            out.append(f"{key}: expected {want!r}, got {shown!r}")
    return out


def meets(event: Event, expect: Mapping[str, Any]) -> bool:
    return not mismatches(event, expect)


def summary(event: Event) -> str:
    """One line for reports: code source->target (rule)."""
    src = event["source"]["code"] if event.get("source") else "-"
    tgt = event["target"]["code"] if event.get("target") else "-"
    return f"{event['code']} {src}->{tgt} ({event['rule']})"
