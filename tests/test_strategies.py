"""Hypothesis strategies generated from rules: examples, near misses, and what they catch."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

import eventrules
from eventrules.annotate.dates import DATE_STYLES, render_date
from eventrules.annotate.quantities import QUANTITY_STYLES, render_quantity
from eventrules.ruleset import RuleSet
from eventrules.testing.strategies import Example, NearMiss, examples, near_misses, produces

ROOT = Path(__file__).resolve().parents[1]

# A style the engine does not read back yet (see the xfail test at the end): the properties
# below run without it so that they test the rules, not this known bug.
DATES = tuple(s for s in DATE_STYLES if s != "weekday_month_day_year")
QUANTITIES = QUANTITY_STYLES

RULES = """\
class send = send, ship, dispatch, deliver, supply
class weapons = munition, ammunition, weapon, artillery shell, missile, drone, rifle
class relief = food, medicine, medical supplies, grain
class crimes = war crimes, genocide, aggression, espionage

rule send-goods
  code 070
  pattern ACTOR ...1 @send (QUANTITY of)? ITEM to ACTOR (between DATE and DATE)?
  code 072 if item is @weapons
  code 073 if item is @relief
  unless negated
  unless preceded by (plan | "may") within 2

rule arms-sale
  code 072
  pattern ACTOR (sells | transfers) ITEM[@weapons] to ACTOR (in DATE)?

rule sign
  code 057
  symmetric
  pattern ACTOR sign ...3 (agreement | deal | treaty) with ACTOR (on DATE)?

rule accuse
  code 112
  pattern ACTOR accuses ACTOR of ITEM[@crimes] (in LOCATION)?
  unless followed by (retract | "without evidence") within 2

rule visit
  code 042
  pattern ACTOR (visited | "arrived in") LOCATION ...2 (on DATE)?
  unless mentions rumor
"""

RULE_IDS = ["send-goods", "arms-sale", "sign", "accuse", "visit"]

# Rules for the tests below, loaded with RULES once and split off with RuleSet.subset.
EXTRA = """
rule ship-means-navy
  code 190
  priority 5
  pattern ACTOR ship ITEM to ACTOR

rule accuse-after-gap
  code 112
  pattern ACTOR ...2 accuses ACTOR of

rule ship-guarded
  code 070
  pattern ACTOR ...2 ships ITEM to ACTOR
  unless negated

rule ship-unguarded
  code 070
  pattern ACTOR ...2 ships ITEM to ACTOR

rule ship-unless-reportedly
  code 072
  pattern ACTOR ships ITEM to ACTOR
  unless preceded by reportedly

rule give-object
  code 070
  pattern ACTOR give ACTOR ITEM

rule capture-most-of
  code 192
  pattern ACTOR captured most of the LOCATION

rule truce
  code 0871
  pattern ACTOR declared (a)? "72-hour" truce
"""
PROPERTY = settings(
    max_examples=30, deadline=None, database=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


def _load(tmp: Path, text: str, name: str = "rules.rules") -> RuleSet:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return eventrules.load_rules(path)


@pytest.fixture(scope="module")
def everything(tmp_path_factory: pytest.TempPathFactory) -> RuleSet:
    return _load(tmp_path_factory.mktemp("strategies"), RULES + EXTRA)


def _only(rs: RuleSet, *ids: str) -> RuleSet:
    return rs.subset([r for r in rs.rules if r.id in ids])


@pytest.fixture(scope="module")
def rules(everything: RuleSet) -> RuleSet:
    return _only(everything, *RULE_IDS)


@pytest.fixture(scope="module")
def repo_rules() -> RuleSet:
    return eventrules.load_rules(ROOT / "examples" / "rules.yaml")


def _triples(rs: RuleSet, rule_id: str, text: str, date: dt.date) -> set[tuple[str, str, str]]:
    return {
        (e["code"], (e["source"] or {}).get("code", ""), (e["target"] or {}).get("code", ""))
        for e in rs.extract(text, date)
        if e["rule"] == rule_id
    }


# ---------------------------------------------------------------------------- the three properties


@pytest.mark.parametrize("rule_id", RULE_IDS)
@PROPERTY
@given(data=st.data())
def test_every_example_produces_its_event(rules: RuleSet, rule_id: str, data: st.DataObject) -> None:
    rule = rules.rule(rule_id)
    ex = data.draw(examples(rule, rules, date_styles=DATES, quantity_styles=QUANTITIES))
    assert ex.expected["code"] and ex.text.endswith(".") and ex.text[0].isupper()
    got = produces(rules, rule, ex)
    assert got, f"{ex.text!r} ({ex.date}): no event meeting {ex.expected}; got {rules.extract(ex.text, ex.date)}"


@pytest.mark.parametrize("rule_id", RULE_IDS)
@PROPERTY
@given(data=st.data())
def test_no_near_miss_produces_its_forbidden_event(rules: RuleSet, rule_id: str, data: st.DataObject) -> None:
    rule = rules.rule(rule_id)
    nm = data.draw(near_misses(rule, rules, date_styles=DATES, quantity_styles=QUANTITIES))
    assert nm.reason in ("negated", "missing slot", "non-actor slot", "out of order", "guard word")
    assert not produces(rules, rule, nm), f"near miss ({nm.reason}) {nm.text!r} produced {nm.forbidden}"


def _noisy(text: str, where: int, kind: int) -> str:
    spaces = [i for i, c in enumerate(text) if c == " "]
    at = spaces[where % len(spaces)] if spaces else 0
    if kind == 0:
        return text[:at] + "  " + text[at + 1 :]  # a doubled space
    if kind == 1:
        return text[:at] + "\n" + text[at + 1 :]  # a line break inside the sentence
    if kind == 2:
        return text + " "  # a trailing space
    if kind == 3:
        return "  " + text.replace(" ", "  ")  # everything doubled, leading spaces
    return text[:-1] + "!"  # other final punctuation


@pytest.mark.parametrize("rule_id", RULE_IDS)
@PROPERTY
@given(data=st.data(), where=st.integers(0, 50), kind=st.integers(0, 4))
def test_noise_does_not_change_the_events(
    rules: RuleSet, rule_id: str, data: st.DataObject, where: int, kind: int
) -> None:
    ex = data.draw(examples(rule_id, rules, date_styles=DATES, quantity_styles=QUANTITIES))
    noisy = _noisy(ex.text, where, kind)
    assert _triples(rules, rule_id, noisy, ex.date) == _triples(rules, rule_id, ex.text, ex.date), repr(noisy)


# ---------------------------------------------------------------------------- what the generators make


def test_examples_cover_the_rule(rules: RuleSet) -> None:
    """Over many draws the generator takes both sides of options, every code and every slot."""
    seen: list[Example] = []

    @settings(max_examples=100, deadline=None, database=None, derandomize=True)
    @given(examples("send-goods", rules, date_styles=DATES, quantity_styles=QUANTITIES))
    def collect(ex: Example) -> None:
        seen.append(ex)

    collect()
    assert {ex.expected["code"] for ex in seen} == {"070", "072", "073"}
    keys = set().union(*(ex.expected for ex in seen))
    assert {"source", "target", "quantity", "item", "start", "end"} <= keys
    assert any("quantity" not in ex.expected for ex in seen)
    for ex in seen:
        assert ex.expected["source"] != ex.expected["target"]
        if "start" in ex.expected:
            assert ex.expected["start"] <= ex.expected["end"] <= ex.date.isoformat()
        assert "plan" not in ex.text.lower().split() and " may " not in ex.text  # the guard's words


def test_near_misses_come_in_every_sound_kind(rules: RuleSet) -> None:
    reasons: dict[str, set[str]] = {}

    for rule_id in RULE_IDS:
        got: set[str] = set()

        @settings(max_examples=40, deadline=None, database=None, derandomize=True)
        @given(near_misses(rule_id, rules, date_styles=DATES, quantity_styles=QUANTITIES))
        def collect(nm: NearMiss) -> None:
            got.add(nm.reason)  # noqa: B023

        collect()
        reasons[rule_id] = got
    assert reasons["send-goods"] == {"negated", "missing slot", "non-actor slot", "out of order", "guard word"}
    assert reasons["accuse"] >= {"negated", "guard word", "out of order"}
    assert "guard word" in reasons["visit"]
    # `sign` is symmetric: swapping its actors is no near miss, but moving its head is.
    assert "out of order" in reasons["sign"] and "negated" in reasons["sign"]


def test_near_miss_shapes(rules: RuleSet) -> None:
    rule = rules.rule("send-goods")
    seen: list[NearMiss] = []

    @settings(max_examples=60, deadline=None, database=None, derandomize=True)
    @given(near_misses(rule, rules, date_styles=DATES, quantity_styles=QUANTITIES))
    def collect(nm: NearMiss) -> None:
        seen.append(nm)

    collect()
    for nm in seen:
        assert set(nm.forbidden) == {"code", "source", "target"}
        words = nm.text.lower().rstrip(".").split()
        if nm.reason == "negated":
            assert {"not", "n't", "never"} & set(words) or any(w.endswith("n't") for w in words)
        if nm.reason == "guard word":
            assert {"plan", "plans", "planned", "planning", "may"} & set(words)


def test_negation_needs_a_guard_or_a_fixed_head(everything: RuleSet) -> None:
    """A head after a gap absorbs "did not": without `unless negated` that is no near miss."""
    rs = _only(everything, "accuse-after-gap")
    reasons: set[str] = set()

    @settings(max_examples=40, deadline=None, database=None, derandomize=True)
    @given(near_misses("accuse-after-gap", rs))
    def collect(nm: NearMiss) -> None:
        reasons.add(nm.reason)
        assert not produces(rs, "accuse-after-gap", nm)

    collect()
    assert "negated" not in reasons and {"missing slot", "out of order"} <= reasons


def test_produces_checks_rule_and_expectation(rules: RuleSet) -> None:
    date = dt.date(2023, 10, 13)
    ex = Example("Iran shipped 300 boxes of drones to Russia.", date, {"code": "072", "source": "IRN", "quantity": 300})
    assert [e["rule"] for e in produces(rules, "send-goods", ex)] == ["send-goods"]
    wrong = Example(ex.text, date, {"code": "073", "source": "IRN"})
    assert produces(rules, "send-goods", wrong) == []
    assert produces(rules, "arms-sale", ex) == []
    nm = NearMiss("Iran did not ship drones to Russia.", date, "negated", {"code": "072", "source": "IRN"})
    assert produces(rules, "send-goods", nm) == []


def test_unknown_styles_are_rejected(rules: RuleSet) -> None:
    with pytest.raises(ValueError):
        examples("send-goods", rules, date_styles=("julian",))
    with pytest.raises(KeyError):
        examples("no-such-rule", rules)


# ---------------------------------------------------------------------------- it finds real bugs


def test_finds_a_rule_that_loses_its_words(everything: RuleSet) -> None:
    """A higher-priority rule with another code takes the words of `send-goods` for "ship":
    the example property fails, and hypothesis shrinks the failure to a minimal sentence."""
    rs = _only(everything, *RULE_IDS, "ship-means-navy")
    rule = rs.rule("send-goods")
    ex = find(
        examples(rule, rs, date_styles=DATES, quantity_styles=QUANTITIES),
        lambda ex: not produces(rs, rule, ex),
        settings=settings(max_examples=200, database=None, derandomize=True),
    )
    assert {"shipped", "ships", "ship", "shipping"} & set(ex.text.split())
    thief = [e for e in rs.extract(ex.text, ex.date) if e["rule"] == "ship-means-navy"]
    assert thief and thief[0]["source"]["code"] == ex.expected["source"]
    # Without the thief the same example is coded.
    assert produces(_only(everything, *RULE_IDS), "send-goods", ex)


def test_finds_a_rule_that_forgets_its_negation_guard(everything: RuleSet) -> None:
    """Negation near misses of a guarded rule, replayed against the same rule without
    `unless negated`, show the hole: the gap before the verb lets "did not" through."""
    guarded, loose = _only(everything, "ship-guarded"), _only(everything, "ship-unguarded")
    nm = find(
        near_misses("ship-guarded", guarded).filter(lambda nm: nm.reason == "negated"),
        lambda nm: bool(produces(loose, "ship-unguarded", nm)),
        settings=settings(max_examples=100, database=None, derandomize=True),
    )
    assert not produces(guarded, "ship-guarded", nm)
    assert {"not", "n't", "never"} & set(nm.text.replace("n't", " n't").split())


# ---------------------------------------------------------------------------- the repo's example rules


@pytest.mark.parametrize("rule_id", ["send-goods", "condemn", "accuse", "seek-military-aid"])
@PROPERTY
@given(data=st.data())
def test_repo_example_rules_code_their_examples(repo_rules: RuleSet, rule_id: str, data: st.DataObject) -> None:
    ex = data.draw(examples(rule_id, repo_rules, date_styles=DATES, quantity_styles=QUANTITIES))
    assert produces(repo_rules, rule_id, ex), f"{ex.text!r}: no event meeting {ex.expected}"


@pytest.mark.parametrize("rule_id", ["send-goods", "condemn", "accuse", "seek-military-aid"])
@PROPERTY
@given(data=st.data())
def test_repo_example_rules_ignore_near_misses(repo_rules: RuleSet, rule_id: str, data: st.DataObject) -> None:
    nm = data.draw(near_misses(rule_id, repo_rules, date_styles=DATES, quantity_styles=QUANTITIES))
    assert not produces(repo_rules, rule_id, nm), f"near miss ({nm.reason}) {nm.text!r}"


# ---------------------------------------------------------------------------- engine bugs found
# Found by these strategies. The first five are open (xfail); the last three were fixed in
# the engine since and stay as regression tests.


@pytest.mark.xfail(strict=True, reason="engine bug: a DATE written with its weekday is annotated without it")
def test_engine_bug_weekday_dates(rules: RuleSet) -> None:
    start, end = dt.date(2023, 3, 3), dt.date(2023, 9, 20)
    style = "weekday_month_day_year"
    text = f"Iran shipped fuel to Russia between {render_date(start, style)} and {render_date(end, style)}."
    ex = Example(text, dt.date(2023, 10, 13), {"code": "070", "start": "2023-03-03", "end": "2023-09-20"})
    assert produces(rules, "send-goods", ex)


# Passes since a place can fill a target ACTOR slot ("Spain" the place); the actor annotator
# still reads "Spain tanks" as ESPMIL.
def test_engine_bug_agent_noun_after_an_actor(everything: RuleSet) -> None:
    rs = _only(everything, "give-object")
    ex = Example("Italy gave Spain tanks.", dt.date(2023, 10, 13), {"source": "ITA", "target": "ESP", "item": "tanks"})
    assert produces(rs, "give-object", ex)


@pytest.mark.xfail(strict=True, reason="engine bug: a slot takes a leading 'the', so 'the LOCATION' never matches")
def test_engine_bug_the_before_a_slot(everything: RuleSet) -> None:
    rs = _only(everything, "capture-most-of")
    ex = Example("Russia captured most of the Donbas.", dt.date(2023, 10, 13), {"source": "RUS", "location": "UKR"})
    assert produces(rs, "capture-most-of", ex)


@pytest.mark.xfail(strict=True, reason="engine bug: a name ending in 'Jun' at the end of a sentence reads 'Jun.'")
def test_engine_bug_month_abbreviation_ends_a_name(repo_rules: RuleSet) -> None:
    ex = Example("Japan condemned Dong Jun.", dt.date(2024, 6, 1), {"source": "JPN", "target": "CHNMIL"})
    assert produces(repo_rules, "condemn", ex)


def test_hyphenated_number_literal(everything: RuleSet) -> None:
    rs = _only(everything, "truce")
    ex = Example("Israel declared a 72-hour truce.", dt.date(2023, 10, 13), {"code": "0871", "source": "ISR"})
    assert produces(rs, "truce", ex)


def test_engine_bug_short_decimal_quantities(rules: RuleSet) -> None:
    text = f"Iran shipped {render_quantity(1_500_000, 'short')} tonnes of drones to Russia."
    ex = Example(text, dt.date(2023, 10, 13), {"code": "072", "source": "IRN", "quantity": 1_500_000})
    assert produces(rules, "send-goods", ex)


def test_engine_bug_hand_over_swallows_the_quantity(repo_rules: RuleSet) -> None:
    ex = Example("Palau handed over 300 tonnes of munition to Honduras.", dt.date(2023, 10, 13), {"quantity": 300})
    assert produces(repo_rules, "send-goods", ex)


def test_engine_bug_preceded_by_adverb(everything: RuleSet) -> None:
    rs = _only(everything, "ship-unless-reportedly")
    nm = NearMiss("Iran reportedly shipped drones to Russia.", dt.date(2023, 10, 13), "guard word", {"code": "072"})
    assert not produces(rs, "ship-unless-reportedly", nm)
