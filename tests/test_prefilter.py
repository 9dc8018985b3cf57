"""The shortcuts that skip work (required word sets and slot types, anchored and filtered
starts, possible_rules) never change what matches: compared with the plain search from
every start, over the bundled pack's example sentences and hand-written ones."""

from __future__ import annotations

import dataclasses

import pytest

import eventrules
from eventrules.compile import CompiledRule, Program
from eventrules.document import parse_date
from eventrules.matcher import context, find_matches
from eventrules.text import make_sentence

OWN_SENTENCES = [
    "Food aid from Norway to Sudan arrived by ship on Friday.",
    "Germany's military aid to Ukraine, which has grown, reached new records.",
    "The ministry said, after a long delay, that Canada had quietly sent rifles to Poland.",
    "Egypt was reportedly attacked by militants near the border.",
    "Officials in Paris will not meet Iran's envoy, the spokesman said.",
    "France, which has denied the claims, accused Russia of meddling.",
]


def _plain(rule: CompiledRule) -> CompiledRule:
    """The rule with every shortcut's metadata removed: the VM tries every start."""

    def strip(p: Program) -> Program:
        return dataclasses.replace(p, requires=(), needs=frozenset(), anchor=None, follow=None)

    return dataclasses.replace(rule, programs=tuple(strip(p) for p in rule.programs))


@pytest.fixture(scope="module")
def pack() -> eventrules.RuleSet:
    return eventrules.load_rules()


def _texts(pack: eventrules.RuleSet) -> list[tuple[str, str | None]]:
    out = [(t, "2024-03-01") for t in OWN_SENTENCES]
    out += [(ex.text, ex.date) for r in pack.rules for ex in r.definition.examples]
    return out


def test_shortcuts_find_the_same_matches_as_the_plain_search(pack: eventrules.RuleSet) -> None:
    plain = {r.order: _plain(r) for r in pack.rules}
    checked = matched = 0
    for text, date in _texts(pack):
        sent = make_sentence(text)
        anns = pack.annotator.annotate(sent, parse_date(date))
        ctx = context(sent, anns)
        fast_rules = pack.index.possible_rules(frozenset(sent.lowers))
        fast = [(m.rule.id, m.caps, m.code) for r in fast_rules for m in find_matches(r, ctx, True)]
        ctx = context(sent, anns)
        slow = [
            (m.rule.id, m.caps, m.code)
            for r in pack.index.candidates(sent.lowers)
            for m in find_matches(plain[r.order], ctx, True)
        ]
        assert fast == slow, text
        checked += 1
        matched += bool(fast)
    assert checked > 2000 and matched > 1000  # the comparison really exercised matches


def test_possible_rules_is_the_trigger_candidates_narrowed(pack: eventrules.RuleSet) -> None:
    for text, _ in _texts(pack)[:300]:
        lowers = make_sentence(text).lowers
        fast = {r.order for r in pack.index.possible_rules(frozenset(lowers))}
        assert fast <= {r.order for r in pack.index.candidates(lowers)}
