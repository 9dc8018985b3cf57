"""QUANTITY annotator: examples for every supported form, plus round-trip and robustness properties."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventrules.annotate.base import Annotation
from eventrules.annotate.dates import find_dates
from eventrules.annotate.quantities import QUANTITY_STYLES, find_quantities, render_quantity
from eventrules.text import make_sentence


def quantities(text: str) -> list[tuple[str, Any, dict[str, Any]]]:
    """(span text, value, attrs) for every QUANTITY of `text`, in emission order."""
    sent = make_sentence(text)
    return [(sent.span_text(a.start, a.end), a.value, a.attrs) for a in find_quantities(sent)]


def first(text: str, span: str) -> tuple[Any, dict[str, Any]]:
    """Value and attrs of the annotation covering exactly `span`."""
    for got_span, value, attrs in quantities(text):
        if got_span == span:
            return value, attrs
    raise AssertionError(f"no quantity {span!r} in {quantities(text)}")


def spans(text: str) -> list[str]:
    return [s for s, _, _ in quantities(text)]


# ---------------------------------------------------------------------------- examples


def test_brief_example_has_long_and_short_variants() -> None:
    text = "North Korea has dispatched over 1,000 containers of military gear to Russia."
    got = quantities(text)
    # The bare number is offered too, for "handed over 300 tonnes" where "over" is the verb's.
    assert [s for s, _, _ in got] == ["over 1,000 containers", "over 1,000", "1,000 containers", "1,000"]
    assert got[0][1] == 1000
    assert got[0][2] == {"qualifier": "over", "unit": "containers"}
    assert got[1][2] == {"qualifier": "over", "unit": None}


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("Moscow received 300 shells on Tuesday.", "300", 300),
        ("Pyongyang shipped 1,000 rockets.", "1,000", 1000),
        ("Officials counted 300,000 refugees.", "300,000", 300000),
        ("The army fired 1.5 tons of explosives.", "1.5", 1.5),
        ("Kyiv needs 1.5 million shells a year.", "1.5 million", 1500000),
        ("Russia bought 2 billion rounds.", "2 billion", 2000000000),
        ("They mobilized 12,345,678 reservists.", "12,345,678", 12345678),
        ("The depot held 5 bn litres.", "5 bn", 5000000000),
        ("The plant produces 300 thousand shells.", "300 thousand", 300000),
    ],
)
def test_digit_numbers(text: str, span: str, value: int | float) -> None:
    got, attrs = first(text, span)
    assert got == value and type(got) is type(value)
    assert attrs["qualifier"] is None


@pytest.mark.parametrize(
    ("text", "span", "value", "currency"),
    [
        ("Washington approved $500 million in aid.", "$500 million", 500000000, "USD"),
        ("Brussels pledged €20m for demining.", "€20m", 20000000, "EUR"),
        ("London sent £3.5 billion of equipment.", "£3.5 billion", 3500000000, "GBP"),
        ("The loan totals US$20m.", "US$20m", 20000000, "USD"),
        ("Beijing lent $1.5bn to the junta.", "$1.5bn", 1500000000, "USD"),
        ("The deal is worth 500 million euros.", "500 million euros", 500000000, "EUR"),
        ("The fine was one million dollars.", "one million dollars", 1000000, "USD"),
        ("The fund holds 40 billion yuan.", "40 billion yuan", 40000000000, "CNY"),
        ("The contract is worth USD 300 million.", "USD 300 million", 300000000, "USD"),
    ],
)
def test_money(text: str, span: str, value: int, currency: str) -> None:
    got, attrs = first(text, span)
    assert got == value
    assert attrs["currency"] == currency
    assert attrs["unit"] is None


def test_money_has_a_single_annotation_without_unit() -> None:
    assert spans("Washington approved $500 million loans.") == ["$500 million"]


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("The navy lost three hundred sailors.", "three hundred", 300),
        ("Rebels seized twenty-five trucks.", "twenty-five", 25),
        ("Rebels seized twenty five trucks.", "twenty five", 25),
        ("Police detained a dozen activists.", "a dozen", 12),
        ("The strike destroyed two dozen drones.", "two dozen", 24),
        ("A thousand protesters marched.", "A thousand", 1000),
        ("The census found one million residents.", "one million", 1000000),
        ("Half a million refugees fled.", "Half a million", 500000),
        ("They freed half a dozen hostages.", "half a dozen", 6),
        ("A hundred and fifty soldiers defected.", "A hundred and fifty", 150),
        ("The army has three hundred and fifty tanks.", "three hundred and fifty", 350),
        ("The city has one million two hundred thousand people.", "one million two hundred thousand", 1200000),
        ("Nineteen hundred troops crossed.", "Nineteen hundred", 1900),
        ("A hundred thousand people rallied.", "A hundred thousand", 100000),
    ],
)
def test_word_numbers(text: str, span: str, value: int) -> None:
    got, attrs = first(text, span)
    assert got == value
    assert attrs["qualifier"] is None


@pytest.mark.parametrize(
    ("text", "span", "value", "qualifier"),
    [
        ("Dozens of soldiers were killed.", "Dozens", 24, "dozens"),
        ("Hundreds of civilians fled.", "Hundreds", 200, "hundreds"),
        ("Thousands protested in Tbilisi.", "Thousands", 2000, "thousands"),
        ("Millions watched the parade.", "Millions", 2000000, "millions"),
        ("Scores of houses burned.", "Scores", 40, "scores"),
        ("Tens of thousands of refugees crossed.", "Tens of thousands", 20000, "tens of thousands"),
        ("Hundreds of thousands of people marched.", "Hundreds of thousands", 200000, "hundreds of thousands"),
        ("Several hundred soldiers deserted.", "Several hundred", 300, "several"),
        ("A few thousand troops remain.", "A few thousand", 3000, "a few"),
    ],
)
def test_vague_quantities(text: str, span: str, value: int, qualifier: str) -> None:
    got, attrs = first(text, span)
    assert got == value
    assert attrs["qualifier"] == qualifier


def test_vague_plural_never_takes_of() -> None:
    assert spans("Dozens of soldiers were killed.") == ["Dozens"]


def test_scores_needs_of() -> None:
    assert spans("The scores were tied.") == []


@pytest.mark.parametrize(
    ("text", "span", "qualifier"),
    [
        ("Israel fired over 500 rockets.", "over 500", "over"),
        ("Israel fired more than 500 rockets.", "more than 500", "more than"),
        ("Israel fired about 500 rockets.", "about 500", "about"),
        ("Israel fired around 500 rockets.", "around 500", "about"),
        ("Israel fired approximately 500 rockets.", "approximately 500", "about"),
        ("Israel fired roughly 500 rockets.", "roughly 500", "about"),
        ("Israel fired some 500 rockets.", "some 500", "about"),
        ("Israel fired an estimated 500 rockets.", "an estimated 500", "about"),
        ("Israel fired nearly 500 rockets.", "nearly 500", "nearly"),
        ("Israel fired almost 500 rockets.", "almost 500", "nearly"),
        ("Israel fired at least 500 rockets.", "at least 500", "at least"),
        ("Israel fired up to 500 rockets.", "up to 500", "up to"),
        ("Israel fired as many as 500 rockets.", "as many as 500", "up to"),
        ("Israel fired fewer than 500 rockets.", "fewer than 500", "less than"),
        ("Israel fired less than 500 rockets.", "less than 500", "less than"),
        ("Israel fired more than a dozen rockets.", "more than a dozen", "more than"),
        ("Aid reached over $2 billion.", "over $2 billion", "over"),
    ],
)
def test_qualifiers_start_the_span(text: str, span: str, qualifier: str) -> None:
    _, attrs = first(text, span)
    assert attrs["qualifier"] == qualifier
    # The bare number is a second, unqualified variant (for "handed over 300 tonnes").
    bare = [attrs for s, _, attrs in quantities(text) if s != span and span.endswith(" " + s)]
    assert bare and all(attrs["qualifier"] is None for attrs in bare)


@pytest.mark.parametrize(
    ("text", "span", "lo", "hi"),
    [
        ("Between 500 and 800 troops arrived.", "Between 500 and 800", 500, 800),
        ("Iran supplied 500 to 800 drones.", "500 to 800", 500, 800),
        ("Iran supplied 500-800 drones.", "500-800", 500, 800),
        ("Iran supplied 2 to 3 million barrels.", "2 to 3 million", 2000000, 3000000),
        ("The bill is $2-3 billion.", "$2-3 billion", 2000000000, 3000000000),
        ("Between three and five ships sank.", "Between three and five", 3, 5),
    ],
)
def test_ranges(text: str, span: str, lo: int, hi: int) -> None:
    value, attrs = first(text, span)
    assert value == lo
    assert attrs["min"] == lo and attrs["max"] == hi
    assert attrs["qualifier"] == "between"


def test_range_unit_and_bounds() -> None:
    got = spans("Iran supplied 500 to 800 drones.")
    assert got == ["500 to 800 drones", "500 to 800", "500", "800 drones", "800"]
    _, attrs = first("Iran supplied 500 to 800 drones.", "500 to 800 drones")
    assert attrs["unit"] == "drones"


def test_descending_pair_is_not_a_range() -> None:
    got = quantities("They won 3-2 on Sunday.")
    assert all("min" not in attrs for _, _, attrs in got)


@pytest.mark.parametrize(
    ("text", "span", "unit"),
    [
        ("Inflation reached 30 percent in May.", "30 percent", "percent"),
        ("Inflation reached 30% in May.", "30%", "percent"),
        ("Inflation reached 30 per cent in May.", "30 per cent", "percent"),
        ("The convoy carried 300 boxes of ammunition.", "300 boxes", "boxes"),
        ("The convoy carried 1.5 million rounds.", "1.5 million rounds", "rounds"),
        ("The convoy carried a dozen anti-tank missiles.", "a dozen anti-tank", "anti-tank"),
        ("The border is 20km away.", "20km", "km"),
    ],
)
def test_units(text: str, span: str, unit: str) -> None:
    _, attrs = first(text, span)
    assert attrs["unit"] == unit


def test_unit_variants_share_start_longer_first() -> None:
    sent = make_sentence("The convoy carried 300 boxes of ammunition.")
    anns = find_quantities(sent)
    assert [(a.start, a.end) for a in anns] == [(3, 5), (3, 4)]
    assert anns[0].attrs["unit"] == "boxes" and anns[1].attrs["unit"] is None


@pytest.mark.parametrize(
    "text",
    [
        "The three were killed.",  # no unit variant after "were" (auxiliary)
        "More than 500 died.",  # participles are not units
        "Troops fired 300 of the shells.",
        "Officials said 300 and then 400.",
    ],
)
def test_no_unit_after_function_words(text: str) -> None:
    assert all(attrs["unit"] is None for _, _, attrs in quantities(text))


@pytest.mark.parametrize(
    "text",
    [
        "The war started in 2022.",
        "The treaty was signed on March 3, 2023.",
        "The treaty was signed on Oct. 1, 2023.",
        "The treaty was signed on 3 March 2023.",
        "Talks resumed in March 2023.",
        "The strike came on 2023-09-07.",
        "The meeting is on Oct. 1.",
        "The meeting is on 1 October.",
        "Fighting raged from 7 to 12 September.",
        "Fighting raged between 2019 and 2022.",
        "Fighting raged in 2019-2022.",
        "The attack came on the 7th.",
        "The attack came at 10:30.",
        "The attack came at 10 a.m. local time.",
        "Since 2014 alone the region changed.",
        "The 1990s were calm.",
    ],
)
def test_not_quantities(text: str) -> None:
    assert quantities(text) == []


def test_year_like_counts_are_still_quantities() -> None:
    assert first("Officials recorded 2000 cases in 2023.", "2000 cases")[0] == 2000
    assert spans("Officials recorded 2000 cases in 2023.") == ["2000 cases", "2000"]
    assert first("From 1500 to 2000 soldiers deserted.", "1500 to 2000 soldiers")[0] == 1500


def test_annotations_sorted_by_start_then_longer() -> None:
    sent = make_sentence("Over 300 tanks and 1,000 trucks, plus dozens of drones, arrived.")
    anns = find_quantities(sent)
    keys = [(a.start, -a.end) for a in anns]
    assert keys == sorted(keys)
    assert all(a.type == "QUANTITY" and a.code is None for a in anns)
    assert all({"qualifier", "unit"} <= a.attrs.keys() for a in anns)


# ---------------------------------------------------------------------------- render_quantity


@pytest.mark.parametrize(
    ("value", "style", "text"),
    [
        (1000, "digits", "1,000"),
        (1000, "plain", "1000"),
        (1000, "words", "one thousand"),
        (1234567, "words", "one million two hundred thirty-four thousand five hundred sixty-seven"),
        (1500000, "million", "1.5 million"),
        (2000000000, "million", "2 billion"),
        (1234, "million", "1,234"),
        (1500000, "short", "1.5m"),
        (1000, "usd", "$1,000"),
    ],
)
def test_render_quantity(value: int, style: str, text: str) -> None:
    assert render_quantity(value, style) == text


def test_render_quantity_unknown_style() -> None:
    with pytest.raises(ValueError):
        render_quantity(5, "roman")


# ---------------------------------------------------------------------------- properties


@st.composite
def rendered(draw: st.DrawFn) -> tuple[int, str]:
    style = draw(st.sampled_from(QUANTITY_STYLES))
    if style in ("million", "short"):
        # values that actually use the multiplier, plus anything else (falls back to digits)
        value = draw(
            st.one_of(
                st.builds(lambda m, s: m * s, st.integers(1, 999_999), st.sampled_from((10**3, 10**6))),
                st.integers(1, 10**9),
            )
        )
    else:
        value = draw(st.integers(1, 10**9))
    return value, render_quantity(value, style)


@settings(max_examples=300, deadline=None)
@given(rendered())
def test_rendered_quantity_parses_back(case: tuple[int, str]) -> None:
    value, text = case
    anns = [a for a in find_quantities(make_sentence(text)) if a.start == 0]
    assert len(anns) == 1, (text, anns)
    assert anns[0].value == value, text


@settings(max_examples=200, deadline=None)
@given(rendered(), st.sampled_from(["Russia received {} shells.", "They sent about {} troops to Mali."]))
def test_rendered_quantity_in_sentence(case: tuple[int, str], template: str) -> None:
    value, text = case
    sent = make_sentence(template.format(text))
    assert value in {a.value for a in find_quantities(sent)}


def _check_spans(anns: list[Annotation], n: int) -> None:
    for a in anns:
        assert 0 <= a.start < a.end <= n
        assert {"qualifier", "unit"} <= a.attrs.keys()


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_on_text(text: str) -> None:
    sent = make_sentence(text)
    _check_spans(find_quantities(sent), len(sent))


_VOCAB = [
    "over", "more", "than", "about", "some", "an", "estimated", "at", "least", "up", "to", "as", "many",
    "between", "and", "a", "half", "dozen", "dozens", "of", "hundreds", "thousands", "tens", "scores",
    "several", "few", "hundred", "thousand", "million", "billion", "bn", "m", "one", "twenty-five", "three",
    "$", "US", "€", "£", "USD", "dollars", "euros", "%", "percent", "per", "cent", "-", "–", ",", ".",
    "1", "7", "31", "300", "1,000", "1.5", "2023", "1990s", "7th", "10:30", "2023-09-07", "20m", "5bn",
    "March", "Oct.", "September", "in", "on", "since", "boxes", "troops", "a.m.", "were", "died",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_VOCAB), max_size=12))
def test_never_raises_on_token_soup(tokens: list[str]) -> None:
    sent = make_sentence(" ".join(tokens))
    _check_spans(find_quantities(sent), len(sent))


_DATE_VOCAB = [
    "on", "in", "since", "between", "from", "and", "to", "-", ",", "the", "of", "March", "May", "Sept.",
    "December", "7", "7th", "12", "31", "2023", "2019", "1500", "2000", "1990s", "soldiers", "alone",
    "early", "mid-March", "2023-09-07", "13/09/2023", "$", "over", "some", "were",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_DATE_VOCAB), max_size=10))
def test_numbers_inside_dates_are_not_quantities(tokens: list[str]) -> None:
    sent = make_sentence(" ".join(tokens))
    date_spans = [(d.start, d.end) for d in find_dates(sent, dt.date(2023, 10, 13))]
    for q in find_quantities(sent):
        for start, end in date_spans:
            assert q.end <= start or q.start >= end, (sent.span_text(q.start, q.end), sent.span_text(start, end))
