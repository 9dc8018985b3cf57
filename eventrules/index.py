"""Trigger index: which rules are worth trying on a sentence.

Each rule registers the word forms of which at least one must occur in any
match. A sentence is looked up word by word; rules with no trigger word at
all (lint warns about them) are tried on every sentence.

`possible_rules` goes further: every word set a pattern requires (compile.py's
Program.requires) gets a number, each word form lists the numbers of the sets it
belongs to, and a sentence's satisfied sets are collected with C-level set
updates. A rule is kept when one of its patterns has all its sets satisfied:
the same answer as testing each set against the sentence, for much less work.
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
        self._index_requirements(rules)

    def _index_requirements(self, rules: Sequence[CompiledRule]) -> None:
        ids: dict[frozenset[str], int] = {}
        first_of: dict[int, list[tuple[int, frozenset[int]]]] = {}  # first set -> (rule, all its sets)
        free: set[int] = set()  # rules with a pattern that requires no word
        for r in rules:
            for p in r.programs:
                need = [ids.setdefault(req, len(ids)) for req in p.requires]
                if not need:
                    free.add(r.order)
                else:
                    first_of.setdefault(need[0], []).append((r.order, frozenset(need[1:])))
        member: dict[str, list[int]] = {}
        first: dict[str, list[int]] = {}
        for req, k in ids.items():
            for w in req:
                member.setdefault(w, []).append(k)
                if k in first_of:
                    first.setdefault(w, []).append(k)
        self._member = {w: tuple(v) for w, v in member.items()}
        self._first = {w: tuple(v) for w, v in first.items()}
        self._first_of = {k: tuple(v) for k, v in first_of.items()}
        self._free = frozenset(free)

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

    def possible_rules(self, vocab: Iterable[str]) -> list[CompiledRule]:
        """Rules, in order, with a pattern whose every required word set meets `vocab`
        (the distinct lowercase words of a sentence)."""
        satisfied: set[int] = set()
        firsts: set[int] = set()
        member = self._member.get
        first = self._first.get
        for w in vocab:
            ks = member(w)
            if ks:
                satisfied.update(ks)
                fs = first(w)
                if fs:
                    firsts.update(fs)
        hit = set(self._free)
        first_of = self._first_of
        for k in firsts:
            for order, rest in first_of[k]:
                if order not in hit and rest <= satisfied:
                    hit.add(order)
        by_order = self._by_order
        return [by_order[i] for i in sorted(hit)]

    def __len__(self) -> int:
        return len(self._by_word)
