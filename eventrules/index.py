"""Trigger index: which rules are worth trying on a sentence.

Each rule registers the word forms of which at least one must occur in any
match. A sentence is looked up word by word; rules with no trigger word at
all (lint warns about them) are tried on every sentence.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from eventrules.compile import CompiledRule


class TriggerIndex:
    def __init__(self, rules: Sequence[CompiledRule]) -> None:
        self._by_order = {r.order: r for r in rules}
        by_word: dict[str, list[int]] = {}
        self.always: tuple[int, ...] = tuple(r.order for r in rules if r.triggers is None)
        for r in rules:
            for w in r.triggers or ():
                by_word.setdefault(w, []).append(r.order)
        self._by_word = {w: tuple(v) for w, v in by_word.items()}

    def candidates(self, lowers: Iterable[str]) -> list[CompiledRule]:
        """Rules triggered by these tokens, in rule order."""
        hit: set[int] = set(self.always)
        get = self._by_word.get
        for w in set(lowers):
            orders = get(w)
            if orders:
                hit.update(orders)
        by_order = self._by_order
        return [by_order[i] for i in sorted(hit)]

    def __len__(self) -> int:
        return len(self._by_word)
