"""Slot annotators: mark ACTOR, QUANTITY, DATE and LOCATION candidates on a sentence.

ITEM is not annotated: it is an open slot the matcher fills itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from eventrules.annotate.actors import ActorDictionary, find_actors, find_demonym_phrases, find_locations
from eventrules.annotate.base import SLOT_TYPES, Annotation
from eventrules.annotate.clauses import find_coordinations
from eventrules.annotate.dates import find_dates
from eventrules.annotate.quantities import find_quantities
from eventrules.text import Sentence

__all__ = ["SLOT_TYPES", "ActorDictionary", "Annotation", "Annotations", "Annotator"]


@dataclass(slots=True)
class Annotations:
    """A sentence's annotations, indexed the way the matcher and assembler need them."""

    items: list[Annotation]
    # Matchable but not listed: second readings (an actor without the agent noun after it,
    # without its leading "the"), tried after the listed annotation at the same start.
    aliases: list[Annotation] = field(default_factory=list)
    ends: dict[str, dict[int, list[int]]] = field(default_factory=dict)
    by_span: dict[tuple[str, int, int], Annotation] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for a in (*self.items, *self.aliases):
            key = (a.type, a.start, a.end)
            if key in self.by_span:
                continue
            self.by_span[key] = a
            self.ends.setdefault(a.type, {}).setdefault(a.start, []).append(a.end)
        for starts in self.ends.values():
            for lst in starts.values():
                lst.sort(reverse=True)  # longest first


class Annotator:
    """Runs every annotator over a sentence."""

    def __init__(self, actors: ActorDictionary) -> None:
        self.actors = actors

    def annotate(self, sent: Sentence, doc_date: dt.date | None, types: frozenset[str] | None = None) -> Annotations:
        """`types`: the slot types some rule that may fire here can bind (None: all). Quantities
        and dates are read only through slots, so they are skipped when no such rule binds them;
        actors, places and coordinations are always found (event assembly reads them too)."""
        shorter: list[Annotation] = []
        items = find_actors(self.actors, sent, doc_date, shorter)
        items += find_demonym_phrases(self.actors, sent, items)
        items += find_locations(self.actors, sent)
        if types is None or "QUANTITY" in types:
            items += find_quantities(sent)
        if types is None or "DATE" in types:
            items += find_dates(sent, doc_date)
        items += find_coordinations(sent)
        return Annotations(items, shorter + _without_the(items + shorter, sent.lowers))


_THE_TYPES = frozenset({"ACTOR", "LOCATION"})
_ARTICLES = frozenset({"the", "a", "an"})


def _without_the(items: list[Annotation], lowers: tuple[str, ...]) -> list[Annotation]:
    """Actors and places take a leading "the" into their span ("the Donbas"), so a slot binds
    it; the same annotation also starts after it, so that a rule that spells the article out
    (`captured most of the LOCATION`) still finds its slot."""
    return [
        replace(a, start=a.start + 1)
        for a in items
        if a.type in _THE_TYPES and a.end - a.start > 1 and lowers[a.start] in _ARTICLES
    ]
