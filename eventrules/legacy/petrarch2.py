"""PETRARCH-2 verb dictionaries (CAMEO.2.0.txt syntax) -> eventrules rules.

Not implemented yet: every line is reported as not converted.
"""

from __future__ import annotations

from pathlib import Path

from eventrules.legacy.common import Report, lines


def parse(path: str | Path, report: Report) -> list[str]:
    for ln in lines(path):
        report.skip(ln, "pattern", "PETRARCH-2 syntax is not converted yet")
    return []


def convert(d: list[str], report: Report) -> dict[str, object]:
    return {"codes": "any", "rules": []}
