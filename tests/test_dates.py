"""DATE annotator: examples for every supported form, plus round-trip and robustness properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventrules.annotate.dates import DATE_STYLES, find_dates, render_date, year_token_is_date
from eventrules.text import make_sentence

DOC = dt.date(2023, 10, 13)  # a Friday


def dates(text: str, doc: dt.date | None = DOC) -> list[tuple[str, str, str, str]]:
    """(span text, value, end, granularity) for every DATE of `text`."""
    sent = make_sentence(text)
    return [
        (sent.span_text(a.start, a.end), a.value, a.attrs["end"], a.attrs["granularity"]) for a in find_dates(sent, doc)
    ]


def only(text: str, doc: dt.date | None = DOC) -> tuple[str, str, str, str]:
    got = dates(text, doc)
    assert len(got) == 1, got
    return got[0]


# ---------------------------------------------------------------------------- single days


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("Troops crossed on September 7, officials said.", "September 7", "2023-09-07"),
        ("Troops crossed on 7 September, officials said.", "7 September", "2023-09-07"),
        ("Troops crossed on Sept. 7 near Bakhmut.", "Sept. 7", "2023-09-07"),
        ("Troops crossed on Sept 7 near Bakhmut.", "Sept 7", "2023-09-07"),
        ("The ceasefire began Oct. 1, 2023.", "Oct. 1, 2023", "2023-10-01"),
        ("The ceasefire began October 1st.", "October 1st", "2023-10-01"),
        ("The ceasefire began on the 1st of October.", "1st of October", "2023-10-01"),
        ("The ceasefire began on 2023-09-07.", "2023-09-07", "2023-09-07"),
        ("The ceasefire began on 2023/09/07.", "2023/09/07", "2023-09-07"),
        ("The ceasefire began on 13/09/2023.", "13/09/2023", "2023-09-13"),
        ("The ceasefire began on 09/13/2023.", "09/13/2023", "2023-09-13"),
        ("The ceasefire began on September 7 2023.", "September 7 2023", "2023-09-07"),
        ("The ceasefire began on 7 September 2023.", "7 September 2023", "2023-09-07"),
        ("The vote was held March 3 in Kyiv.", "March 3", "2023-03-03"),
        ("The vote was held December 25 in Kyiv.", "December 25", "2022-12-25"),
        ("The vote was held October 13 in Kyiv.", "October 13", "2023-10-13"),
        ("The vote was held October 14 in Kyiv.", "October 14", "2022-10-14"),
    ],
)
def test_calendar_days(text: str, span: str, value: str) -> None:
    assert only(text) == (span, value, value, "day")


def test_trailing_comma_is_not_in_span() -> None:
    assert only("On September 7, the army advanced.")[0] == "September 7"


def test_ambiguous_slash_date_is_skipped() -> None:
    assert dates("The ceasefire began on 09/07/2023.") == []


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("Strikes hit Odesa on Friday.", "Friday", "2023-10-13"),  # the doc date itself
        ("Strikes hit Odesa on Tuesday.", "Tuesday", "2023-10-10"),
        ("Strikes hit Odesa last Friday.", "last Friday", "2023-10-06"),
        ("Strikes hit Odesa last Tuesday.", "last Tuesday", "2023-10-10"),
        ("Strikes hit Odesa yesterday.", "yesterday", "2023-10-12"),
        ("Strikes hit Odesa today.", "today", "2023-10-13"),
        ("Strikes hit Odesa last night.", "last night", "2023-10-12"),
        ("Strikes hit Odesa three days ago.", "three days ago", "2023-10-10"),
    ],
)
def test_relative_days(text: str, span: str, value: str) -> None:
    assert only(text) == (span, value, value, "day")


@pytest.mark.parametrize(
    ("text", "doc", "span", "value"),
    [
        ("Talks opened on Friday, March 3, 2023, in Geneva.", None, "Friday, March 3, 2023", "2023-03-03"),
        ("Talks opened on Friday 3 March 2023 in Geneva.", None, "Friday 3 March 2023", "2023-03-03"),
        ("Talks opened on Friday, Sept. 7 in Geneva.", DOC, "Friday, Sept. 7", "2023-09-07"),
        # The calendar date wins over a weekday that does not fit it (a typo in the copy).
        ("Talks opened on Monday, March 3, 2023, in Geneva.", None, "Monday, March 3, 2023", "2023-03-03"),
    ],
)
def test_weekday_joins_its_calendar_date(text: str, doc: dt.date | None, span: str, value: str) -> None:
    assert only(text, doc) == (span, value, value, "day")


def test_weekday_dates_in_a_range() -> None:
    got = dates("Talks ran between Friday, March 3, 2023 and Wednesday, September 20, 2023.", None)
    assert got[0] == (
        "Friday, March 3, 2023 and Wednesday, September 20, 2023",
        "2023-03-03",
        "2023-09-20",
        "range",
    )
    assert ("Wednesday, September 20, 2023", "2023-09-20", "2023-09-20", "day") in got


def test_weekday_alone_before_other_words() -> None:
    assert only("On Friday, the army advanced.") == ("Friday", "2023-10-13", "2023-10-13", "day")


def test_month_abbreviation_ending_a_sentence() -> None:
    assert only("Prices rose in Sept.") == ("Sept", "2023-09-01", "2023-09-30", "month")
    assert dates("Japan condemned Dong Jun.") == []


def test_invalid_dates_are_skipped() -> None:
    assert dates("The summit on February 30 was cancelled.") == []
    assert dates("The summit on 2023-02-30 was cancelled.") == []
    assert dates("The summit on 2023-13-01 was cancelled.") == []


def test_february_29_goes_back_to_a_leap_year() -> None:
    assert only("The summit on February 29 was cancelled.")[1] == "2020-02-29"


# ---------------------------------------------------------------------------- intervals


@pytest.mark.parametrize(
    ("text", "span", "value", "end", "granularity"),
    [
        ("Prices rose last week.", "last week", "2023-10-02", "2023-10-08", "week"),
        ("Prices rose this week.", "this week", "2023-10-09", "2023-10-15", "week"),
        ("Prices will rise next week.", "next week", "2023-10-16", "2023-10-22", "week"),
        ("Prices rose earlier this week.", "earlier this week", "2023-10-09", "2023-10-13", "week"),
        ("Prices rose last month.", "last month", "2023-09-01", "2023-09-30", "month"),
        ("Prices rose this month.", "this month", "2023-10-01", "2023-10-31", "month"),
        ("Prices rose last year.", "last year", "2022-01-01", "2022-12-31", "year"),
        ("Prices rose earlier this year.", "earlier this year", "2023-01-01", "2023-10-13", "year"),
        ("Prices rose late last year.", "late last year", "2022-01-01", "2022-12-31", "year"),
        ("Prices rose last weekend.", "last weekend", "2023-10-07", "2023-10-08", "range"),
        ("Prices rose in March.", "March", "2023-03-01", "2023-03-31", "month"),
        ("Prices rose in November.", "November", "2022-11-01", "2022-11-30", "month"),
        ("Prices rose since early March.", "early March", "2023-03-01", "2023-03-31", "month"),
        ("Prices rose in mid-March.", "mid-March", "2023-03-01", "2023-03-31", "month"),
        ("Prices rose in March 2021.", "March 2021", "2021-03-01", "2021-03-31", "month"),
        ("Prices rose last March.", "last March", "2023-03-01", "2023-03-31", "month"),
        ("Prices rose last October.", "last October", "2022-10-01", "2022-10-31", "month"),
        ("Prices rose in 2021.", "2021", "2021-01-01", "2021-12-31", "year"),
        ("Prices rose in late 2021.", "late 2021", "2021-01-01", "2021-12-31", "year"),
        ("Prices rose by the end of 2021.", "2021", "2021-01-01", "2021-12-31", "year"),
        ("Prices rose in the 1990s.", "1990s", "1990-01-01", "1999-12-31", "range"),
        ("Prices rose two weeks ago.", "two weeks ago", "2023-09-25", "2023-10-01", "week"),
    ],
)
def test_intervals(text: str, span: str, value: str, end: str, granularity: str) -> None:
    assert only(text) == (span, value, end, granularity)


@pytest.mark.parametrize(
    "text",
    [
        "March on, the general said.",  # sentence-initial verb
        "Protesters will march to the square.",
        "March was cold.",  # bare month needs a preposition or a year
        "He may return.",
        "They met in 2000 cases.",  # a count, not a year
        "The army has 2023 soldiers.",
        "At 10:30 the shelling began.",
        "The strike happened on the 7th.",
    ],
)
def test_not_dates(text: str) -> None:
    assert dates(text) == []


# ---------------------------------------------------------------------------- pairs and ranges


def test_between_pair_shares_year_and_emits_range() -> None:
    got = dates("Talks were held between March 3 and April 20, 2023, in Doha.", None)
    assert got == [
        ("March 3 and April 20, 2023", "2023-03-03", "2023-04-20", "range"),
        ("March 3", "2023-03-03", "2023-03-03", "day"),
        ("April 20, 2023", "2023-04-20", "2023-04-20", "day"),
    ]


def test_from_to_pair_shares_year_and_emits_range() -> None:
    got = dates("Talks ran from March 3 to April 20, 2021.")
    assert got == [
        ("March 3 to April 20, 2021", "2021-03-03", "2021-04-20", "range"),
        ("March 3", "2021-03-03", "2021-03-03", "day"),
        ("April 20, 2021", "2021-04-20", "2021-04-20", "day"),
    ]


def test_range_across_new_year() -> None:
    got = dates("Talks ran from December 20 to January 5, 2023.")
    assert got[0] == ("December 20 to January 5, 2023", "2022-12-20", "2023-01-05", "range")


def test_yearless_range_resolves_as_a_whole() -> None:
    got = dates("Talks ran from December 20 to January 5.", dt.date(2023, 1, 10))
    assert got[0] == ("December 20 to January 5", "2022-12-20", "2023-01-05", "range")


def test_day_number_range() -> None:
    got = dates("Fighting raged from 7 to 12 September around the city.")
    assert got == [
        ("7 to 12 September", "2023-09-07", "2023-09-12", "range"),
        ("12 September", "2023-09-12", "2023-09-12", "day"),
    ]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Fighting raged 7-12 September.", "7-12 September"),
        ("Fighting raged between 7 and 12 September.", "7 and 12 September"),
        ("Fighting raged September 7-12.", "September 7-12"),
        ("Fighting raged September 7 to 12.", "September 7 to 12"),
    ],
)
def test_other_day_ranges(text: str, span: str) -> None:
    assert (span, "2023-09-07", "2023-09-12", "range") in dates(text)


def test_month_day_range_with_year() -> None:
    got = dates("Fighting raged September 7-12, 2021.", None)
    assert got == [
        ("September 7-12, 2021", "2021-09-07", "2021-09-12", "range"),
        ("September 7", "2021-09-07", "2021-09-07", "day"),
    ]


def test_month_pair() -> None:
    got = dates("Shipments arrived between March and May 2021.", None)
    assert got[0] == ("March and May 2021", "2021-03-01", "2021-05-31", "range")


def test_year_ranges() -> None:
    assert ("2019 and 2022", "2019-01-01", "2022-12-31", "range") in dates("It grew between 2019 and 2022.")
    assert ("2019 to 2022", "2019-01-01", "2022-12-31", "range") in dates("It grew from 2019 to 2022.")
    assert ("2019-2022", "2019-01-01", "2022-12-31", "range") in dates("It grew in 2019-2022.")


def test_list_shares_written_year_only() -> None:
    got = dates("Strikes hit on Oct. 1 and Sept. 7, 2021.")
    assert ("Oct. 1", "2021-10-01", "2021-10-01", "day") in got
    got = dates("Strikes hit on February 29 and December 25.")
    assert [g[1] for g in got] == ["2020-02-29", "2022-12-25"]


# ---------------------------------------------------------------------------- no document date


def test_without_doc_date_only_explicit_dates() -> None:
    text = "On Friday, yesterday, last week, in March and on September 7, and on Oct. 1, 2023, it rained."
    assert dates(text, None) == [("Oct. 1, 2023", "2023-10-01", "2023-10-01", "day")]
    assert len(dates(text)) == 6


def test_spans_exclude_prepositions() -> None:
    for text in ("It happened on Friday.", "It happened in March.", "It happened in 2021."):
        span = only(text)[0]
        assert not span.startswith(("on", "in"))


def test_year_token_is_date() -> None:
    sent = make_sentence("In 2023 some 2000 people died, and on March 3, 2021 others did.")
    flags = {sent.words[i]: year_token_is_date(sent, i) for i in range(len(sent))}
    assert flags["2023"] and flags["2021"] and not flags["2000"]


# ---------------------------------------------------------------------------- render_date


@pytest.mark.parametrize(
    ("style", "text"),
    [
        ("iso", "2023-09-07"),
        ("month_day_year", "September 7, 2023"),
        ("day_month_year", "7 September 2023"),
        ("abbrev", "Sept. 7, 2023"),
        ("ordinal", "September 7th, 2023"),
        ("day_ordinal_month_year", "7th of September 2023"),
        ("slash_ymd", "2023/09/07"),
        ("weekday_month_day_year", "Thursday, September 7, 2023"),
    ],
)
def test_render_date(style: str, text: str) -> None:
    assert render_date(dt.date(2023, 9, 7), style) == text


def test_render_date_unknown_style() -> None:
    with pytest.raises(ValueError):
        render_date(DOC, "mayan")


# ---------------------------------------------------------------------------- properties


@settings(max_examples=300, deadline=None)
@given(st.dates(dt.date(1950, 1, 1), dt.date(2049, 12, 31)), st.sampled_from(DATE_STYLES))
def test_rendered_date_parses_back(d: dt.date, style: str) -> None:
    text = render_date(d, style)
    for doc in (None, DOC):
        got = [
            a
            for a in find_dates(make_sentence(f"The attack on {text} was repelled."), doc)
            if a.value == a.attrs["end"]
        ]
        assert d.isoformat() in {a.value for a in got}, (text, got)
    alone = find_dates(make_sentence(text), None)
    assert [a.value for a in alone] == [d.isoformat()], text


@settings(max_examples=200, deadline=None)
@given(st.dates(dt.date(1950, 1, 1), dt.date(2049, 12, 31)), st.dates(dt.date(1950, 1, 1), dt.date(2049, 12, 31)))
def test_yearless_date_is_most_recent_on_or_before_doc(d: dt.date, doc: dt.date) -> None:
    text = f"{render_date(d, 'month_day_year').rsplit(',', 1)[0]} was calm."
    got = find_dates(make_sentence(text), doc)
    if d.month == 2 and d.day == 29:
        return
    assert len(got) == 1
    value = dt.date.fromisoformat(got[0].value)
    assert (value.month, value.day) == (d.month, d.day)
    assert value <= doc < value.replace(year=value.year + 1)


@settings(max_examples=300, deadline=None)
@given(st.text(), st.one_of(st.none(), st.dates()))
def test_never_raises_on_text(text: str, doc: dt.date | None) -> None:
    sent = make_sentence(text)
    for a in find_dates(sent, doc):
        assert 0 <= a.start < a.end <= len(sent)
        assert a.value <= a.attrs["end"]


_VOCAB = [
    "on", "in", "since", "between", "from", "and", "to", "-", ",", "the", "of", "last", "this", "next",
    "early", "late", "mid", "earlier", "later", "week", "month", "year", "weekend", "night", "ago", "days",
    "a", "three", "yesterday", "today", "Friday", "March", "May", "Sept.", "Oct.", "December", "February",
    "mid-March", "mid-2023", "1", "7", "7th", "12", "29", "30", "31", "2023", "1990s", "2019", "9999",
    "2023-09-07", "2023-02-30", "13/09/2023", "09/07/2023", "0000-00-00", "1000", "2999", "500", "soldiers",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(_VOCAB), max_size=12),
    st.one_of(st.none(), st.sampled_from([dt.date.min, dt.date.max, DOC, dt.date(2024, 2, 29)]), st.dates()),
)
def test_never_raises_on_token_soup(tokens: list[str], doc: dt.date | None) -> None:
    sent = make_sentence(" ".join(tokens))
    for a in find_dates(sent, doc):
        assert 0 <= a.start < a.end <= len(sent)
        assert a.value <= a.attrs["end"]
