"""The annotation record every annotator produces."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SLOT_TYPES = ("ACTOR", "QUANTITY", "ITEM", "DATE", "LOCATION")


@dataclass(frozen=True, slots=True)
class Annotation:
    """A slot candidate over tokens [start, end) of one sentence.

    `code` is the actor or place code (None for quantities and dates).
    `value` is the normalized value: a number for QUANTITY, an ISO date string
    for DATE. `attrs` holds the extra normalized keys written next to `value`
    in the output (qualifier, unit, currency, end, granularity, ...).
    An annotator may emit several annotations with the same start and different
    ends (e.g. "300 boxes" and "300"); the matcher tries each. A compound
    actor ("Egypt and Israel") lists its members in `parts`; events are
    assembled once per member.
    """

    type: str
    start: int
    end: int
    code: str | None = None
    value: Any = None
    attrs: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    parts: tuple[Annotation, ...] = field(default=(), compare=False, hash=False)
