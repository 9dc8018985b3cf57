"""The unit of input: one document with its id and date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Document:
    id: str
    text: str
    date: dt.date | None = None


def parse_date(value: str | dt.date | None) -> dt.date | None:
    """YYYY-MM-DD (or YYYYMMDD) -> date; ValueError on anything else."""
    if value is None or isinstance(value, dt.date):
        return value
    s = str(value).strip()
    if len(s) == 8 and s.isdigit():
        s = f"{s[:4]}-{s[4:6]}-{s[6:]}"
    return dt.date.fromisoformat(s[:10])
