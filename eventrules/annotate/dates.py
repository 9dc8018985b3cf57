"""DATE annotator: explicit, yearless and relative dates, resolved against the document date.

Why resolution works this way: news reports past events, so a date without a year
("September 7", "in March", "Friday") is the MOST RECENT such day or month on or before
the document date. Relative forms need the document date; when it is None they are not
annotated, while dates that carry their own year still are.

Conventions:
- `value` is the ISO first day, `attrs["end"]` the ISO last day, `attrs["granularity"]`
  one of "day", "week", "month", "year", "range".
- Weeks are ISO weeks, Monday..Sunday: "last week" is the week before the one holding
  the document date. "last Friday" is strictly before the document date; a bare
  "Friday" may be the document date itself. "last March" is the most recent March that
  started before the document's month.
- "earlier this year/month/week" ends at the document date, "later this ..." starts at it;
  "early/late/mid" widen the span but keep the whole month or year.
- Pairs ("between X and Y", "from X to Y", "X-Y", "7 to 12 September") share a year:
  a yearless side takes its partner's year (one year earlier or later if needed to keep
  X <= Y). Both sides are annotated on their own (except a bare day number) and one
  combined annotation with granularity "range" starts at X.
- A weekday before a calendar date joins its span ("Friday, March 3, 2023"); the calendar
  date alone gives the value.
- Spans never include a leading preposition ("on", "in") nor a trailing comma.
- The scan is a single pass of dict/set lookups and str methods (no per-token regex):
  annotators run on every sentence of the corpus.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from eventrules.annotate.base import Annotation
from eventrules.text import Sentence

__all__ = ["DATE_STYLES", "FUNCTION_WORDS", "MONTHS", "find_dates", "render_date", "year_token_is_date"]

_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip

#: Lowercased month forms -> month number: full names and 3-letter abbreviations with or
#: without a period, plus "sept". Callers must also check the word is capitalized
#: ("may", "march" are verbs).
MONTHS: dict[str, int] = {}
for _num, _name in enumerate(_MONTH_NAMES, 1):
    MONTHS[_name] = _num
    MONTHS[_name[:3]] = _num
    MONTHS[_name[:3] + "."] = _num
MONTHS["sept"] = 9
MONTHS["sept."] = 9

# Forms that can stand alone as a month ("in Sept." but not "in Mar", which may be a word).
_STANDALONE_MONTHS = frozenset(k for k in MONTHS if k in _MONTH_NAMES or k.endswith("."))

_WEEKDAYS: dict[str, int] = {
    name: i for i, name in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
}

#: Function words: prepositions, conjunctions, determiners, pronouns, auxiliaries and a few
#: adverbs. A year followed by one of these is still a year ("in 2023 when ..."), while
#: "in 2000 cases" is a count; the quantity annotator extends this set into its unit stop list.
FUNCTION_WORDS: frozenset[str] = frozenset(
    """
    a an the this that these those each every all any both either neither no some such
    of in on at to from by for with without into onto upon over under about above below
    across after before behind beside besides between beyond during except inside near
    off out outside since through throughout till until toward towards via within against
    among amid amidst along alongside around despite per than like unlike following
    and or but nor so yet as if when while whereas because although though unless whether
    where which who whom whose what why how whereby
    is are was were be been being am has have had having do does did doing done
    will would shall should can could may might must ought
    i me my mine we us our ours you your yours he him his she her hers it its they them
    their theirs himself herself itself themselves ourselves
    not also only just even still already alone again too very more most less least
    then there here now ago later earlier onwards onward respectively compared
    """.split()
)

_RANGE_CONN = frozenset({"to", "-", "–", "—", "until", "till", "through", "thru"})
_PAIR_CONN = _RANGE_CONN | {"and", "or"}
_MODIFIERS = frozenset({"early", "late", "mid", "earlier", "later"})
_YEAR_PREPS = frozenset(
    {
        "in", "since", "until", "till", "by", "during", "before", "after", "from", "between",
        "through", "throughout", "circa", "year", "early", "late", "mid", "fiscal",
    }
)  # fmt: skip
_MONTH_PREPS = frozenset(
    {
        "in", "since", "until", "till", "by", "during", "before", "after", "from", "between",
        "through", "throughout", "early", "late", "mid", "of", "around",
    }
)  # fmt: skip
_OF_HEADS = frozenset(
    {"end", "start", "beginning", "middle", "half", "spring", "summer", "autumn", "fall", "winter", "rest", "course"}
)
_ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th"})
_SMALL_NUMBERS: dict[str, int] = {
    w: i
    for i, w in enumerate(
        ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"), 1
    )
}
_SMALL_NUMBERS["a"] = 1
_SMALL_NUMBERS["an"] = 1
_AGO_UNITS: dict[str, str] = {
    "day": "day", "days": "day", "week": "week", "weeks": "week",
    "month": "month", "months": "month", "year": "year", "years": "year",
}  # fmt: skip
_DAY_WORDS: dict[str, int] = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}
# Tokens that can anchor a date. "three days ago" is anchored on "ago" and read backwards.
_TRIGGERS = frozenset(set(MONTHS) | set(_WEEKDAYS) | set(_DAY_WORDS) | _MODIFIERS | {"last", "this", "next", "ago"})
_REL_WORDS = frozenset({"last", "this", "next"})
# What may follow "last"/"this"/"next" in a date: checked before any parsing, "this" is common.
_REL_NEXT = frozenset(
    {"week", "weekend", "month", "year", "night", "morning", "afternoon", "evening"}
    | set(_WEEKDAYS)
    | _STANDALONE_MONTHS
)

_ONE_DAY = dt.timedelta(days=1)
_ASCII_DIGITS = frozenset("0123456789")


@dataclass(slots=True)
class _Cand:
    """A date candidate over tokens [start, end).

    Calendar candidates (year/month/day from the text, year possibly missing) are resolved
    after pairing, so a partner can lend its year; fixed ones already carry first/last.
    """

    start: int
    end: int
    year: int | None = None
    month: int | None = None
    day: int | None = None
    first: dt.date | None = None
    last: dt.date | None = None
    gran: str = "day"
    emit: bool = True
    fixed: bool = False
    explicit: bool = False  # year written in the text (or lent by a partner that wrote it)

    def __post_init__(self) -> None:
        self.explicit = self.year is not None


# ---------------------------------------------------------------------------- token tests


def _day_at(words: tuple[str, ...], k: int) -> int | None:
    """Day-of-month value of token k ("7", "07", "7th"), or None."""
    if k < 0 or k >= len(words):
        return None
    w = words[k]
    if len(w) > 2 and w[-2:].lower() in _ORDINAL_SUFFIXES:
        w = w[:-2]
    if not (0 < len(w) <= 2 and w.isascii() and w.isdigit()):
        return None
    d = int(w)
    return d if 1 <= d <= 31 else None


def _year_at(words: tuple[str, ...], k: int) -> int | None:
    """Year value of a 4-digit token 1000..2999, or None."""
    if k < 0 or k >= len(words):
        return None
    w = words[k]
    if len(w) != 4 or not (w.isascii() and w.isdigit()) or w[0] not in "12":
        return None
    return int(w)


def _month_at(words: tuple[str, ...], lowers: tuple[str, ...], k: int) -> int | None:
    """Month number of a capitalized month token k, or None."""
    if k < 0 or k >= len(words):
        return None
    m = MONTHS.get(lowers[k])
    if m is None or not words[k][:1].isupper():
        return None
    return m


def _mid_month(low: str) -> bool:
    return low.startswith("mid-") and low[4:] in _STANDALONE_MONTHS


def _contiguous(sent: Sentence, a: int, b: int) -> bool:
    """Tokens a..b (inclusive) touch each other (no spaces), as in "2019-2022"."""
    starts, ends = sent.starts, sent.ends
    return all(ends[k] == starts[k + 1] for k in range(a, b))


def _year_follower_ok(sent: Sentence, i: int) -> bool:
    """A year after a preposition stays a year unless a content word follows ("in 2000 cases")."""
    k = i + 1
    if k >= len(sent.words):
        return True
    w = sent.words[k]
    if not (w.islower() and w.replace("-", "").isalpha()):
        return True
    return sent.lowers[k] in FUNCTION_WORDS


def _day_before_month(words: tuple[str, ...], lowers: tuple[str, ...], k: int) -> bool:
    """Token k is a day number preceded by its month ("September 7" or "September 7-12")."""
    if _day_at(words, k) is None:
        return False
    if _month_at(words, lowers, k - 1) is not None:
        return True
    return (
        k - 3 >= 0
        and lowers[k - 1] in _RANGE_CONN
        and _day_at(words, k - 2) is not None
        and _month_at(words, lowers, k - 3) is not None
    )


def year_token_is_date(sent: Sentence, i: int) -> bool:
    """True when token i is a year that `find_dates` reads as (part of) a date.

    The quantity annotator calls this so "in 2023" or "Oct. 1, 2023" is never a count,
    while a bare "2023" or "in 2000 cases" still is.
    """
    y = _year_at(sent.words, i)
    return y is not None and _year_context(sent, i, y, allow_pair=True)


def _year_context(sent: Sentence, i: int, y: int, allow_pair: bool) -> bool:
    words, lowers = sent.words, sent.lowers
    n = len(words)
    k = i - 1
    if k >= 0:
        p = lowers[k]
        if p == ",":
            # "Oct. 1, 2023", "September 7-12, 2023", "7 September, 2023"
            if _day_before_month(words, lowers, k - 1):
                return True
            if _month_at(words, lowers, k - 1) is not None and (
                _day_at(words, k - 2) is not None or (k >= 3 and lowers[k - 2] == "of" and _day_at(words, k - 3))
            ):
                return True  # "7 September, 2023", "7th of September, 2023"
        elif _month_at(words, lowers, k) is not None or _mid_month(p):
            return True  # "March 2023", "7 September 2023", "mid-March 2023"
        elif _day_before_month(words, lowers, k):
            return True  # "September 7 2023"
        elif p == "of":
            if _month_at(words, lowers, k - 1) is not None or (k >= 1 and lowers[k - 1] in _OF_HEADS):
                return True
        elif p in _YEAR_PREPS:
            # "from 1500 to 2000 soldiers" is a count: check the partner's follower too.
            partner = i + 2 if i + 2 < n and lowers[i + 1] in _PAIR_CONN and _year_at(words, i + 2) else i
            if _year_follower_ok(sent, i) and _year_follower_ok(sent, partner):
                return True
        elif allow_pair and p in _PAIR_CONN:
            y0 = _year_at(words, k - 1)
            if y0 is not None and y0 < y:
                if p in ("-", "–") and _contiguous(sent, k - 1, i) and _year_follower_ok(sent, i):
                    return True  # second half of "2019-2022"
                if _year_context(sent, k - 1, y0, allow_pair=False):
                    return True  # "between 2019 and 2022", "from 2019 to 2022"
    if i + 2 < n and lowers[i + 1] in ("-", "–") and _contiguous(sent, i, i + 2):
        y2 = _year_at(words, i + 2)
        if y2 is not None and y < y2 and _year_follower_ok(sent, i + 2):
            return True  # first half of "2019-2022"
    return False


# ---------------------------------------------------------------------------- date helpers


def _month_end(y: int, m: int) -> dt.date:
    if m == 12:
        return dt.date(y, 12, 31)
    return dt.date(y, m + 1, 1) - _ONE_DAY


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + k
    return idx // 12, idx % 12 + 1


def _infer_year(c: _Cand, doc: dt.date) -> int | None:
    """Year of the most recent occurrence of c's month (and day) on or before doc."""
    m, d = c.month, c.day
    if m is None:
        return None
    if d is None:
        return doc.year if m <= doc.month else doc.year - 1
    for y in range(doc.year, doc.year - 9, -1):  # Feb 29 may be up to 8 years back
        try:
            if dt.date(y, m, d) <= doc:
                return y
        except ValueError:
            continue
    return None


def _fixed(start: int, end: int, first: dt.date, last: dt.date, gran: str) -> _Cand:
    return _Cand(start, end, first=first, last=last, gran=gran, fixed=True)


# ---------------------------------------------------------------------------- parsers

_Parsed = tuple[list[_Cand], int] | None


def _year_after(sent: Sentence, k: int) -> tuple[int | None, int]:
    """Optional ", 2023" or "2023" at token k: (year, index after it)."""
    words = sent.words
    y = _year_at(words, k)
    if y is not None:
        return y, k + 1
    if k < len(words) and words[k] == ",":
        y = _year_at(words, k + 1)
        if y is not None:
            return y, k + 2
    return None, k


def _month_first(sent: Sentence, i: int, start: int, force: bool, prev_end: int) -> _Parsed:
    """ "September 7[, 2023]", "Sept. 7-12", "March 2023", "March of 2023", "in March"."""
    words, lowers = sent.words, sent.lowers
    n = len(words)
    m = MONTHS[lowers[i]]
    j = i + 1
    d = _day_at(words, j)
    if d is not None and j + 2 < n and words[j + 1] == "." and _contiguous(sent, j, j + 2):
        d = None  # "March 2.5bn": the tokenizer split a decimal with a suffix
    if d is not None:
        k = j + 1
        y, k2 = _year_after(sent, k)
        out = [_Cand(start, k2, y, m, d)]
        if y is None and k + 1 < n and lowers[k] in _RANGE_CONN:
            d2 = _day_at(words, k + 1)
            if d2 is not None and d2 > d and _month_at(words, lowers, k + 2) is None:
                y2, k3 = _year_after(sent, k + 2)
                out.append(_Cand(k + 1, k3, y2, m, d2, emit=False))
                return out, k3
        return out, k2
    y = _year_at(words, j)
    if y is not None:
        return [_Cand(start, j + 1, y, m, None, gran="month")], j + 1
    if j + 1 < n and lowers[j] == "of":
        y = _year_at(words, j + 1)
        if y is not None:
            return [_Cand(start, j + 2, y, m, None, gran="month")], j + 2
    if not force:
        if not _standalone(sent, i) or i == 0:
            return None
        p = lowers[i - 1]
        if p not in _MONTH_PREPS and not (p in _PAIR_CONN and prev_end == i - 1):
            return None
    return [_Cand(start, i + 1, None, m, None, gran="month")], i + 1


def _standalone(sent: Sentence, i: int) -> bool:
    """A month form that stands alone, also an abbreviation whose period ends the sentence
    (the tokenizer splits it off there: "in Sept.")."""
    low = sent.lowers[i]
    if low in _STANDALONE_MONTHS:
        return True
    return i + 1 < len(sent.words) and sent.words[i + 1] == "." and _contiguous(sent, i, i + 1) and f"{low}." in MONTHS


def _day_month(sent: Sentence, i: int) -> _Cand | None:
    """ "7 September [2023]", "7th of September", "7 Sept., 2023"."""
    words, lowers = sent.words, sent.lowers
    d = _day_at(words, i)
    if d is None:
        return None
    j = i + 1
    if j < len(words) and lowers[j] == "of" and not words[i].isdigit():
        j += 1
    m = _month_at(words, lowers, j)
    if m is None:
        return None
    y, k = _year_after(sent, j + 1)
    return _Cand(i, k, y, m, d)


def _day_first(sent: Sentence, i: int) -> _Parsed:
    """Day-first dates, including "7 to 12 September" (the bare 7 is not emitted alone)."""
    c = _day_month(sent, i)
    if c is not None:
        return [c], c.end
    words, lowers = sent.words, sent.lowers
    j = i + 1
    if j + 2 >= len(words):
        return None
    conn = lowers[j]
    if conn not in _RANGE_CONN and not (conn == "and" and i > 0 and lowers[i - 1] == "between"):
        return None
    d1, d2 = _day_at(words, i), _day_at(words, j + 1)
    if d1 is None or d2 is None or d1 >= d2:
        return None
    c2 = _day_month(sent, j + 1)
    if c2 is None:
        return None
    return [_Cand(i, i + 1, None, c2.month, d1, emit=False), c2], c2.end


def _numeric(sent: Sentence, i: int) -> _Parsed:
    """Tokens starting with a digit: ISO, slashed, decade, day-first, or a year in context."""
    words = sent.words
    w = words[i]
    if len(w) == 10 and w[4] == "-" and w[7] == "-":
        ys, ms, ds = w[:4], w[5:7], w[8:]
        if (ys + ms + ds).isascii() and ys.isdigit() and ms.isdigit() and ds.isdigit():
            return [_Cand(i, i + 1, int(ys), int(ms), int(ds))], i + 1
        return None
    if "/" in w:
        parts = w.split("/")
        if len(parts) != 3 or not all(p.isascii() and p.isdigit() and p for p in parts):
            return None
        a, b, c = parts
        if len(a) == 4 and len(b) <= 2 and len(c) <= 2:
            return [_Cand(i, i + 1, int(a), int(b), int(c))], i + 1
        if len(c) == 4 and len(a) <= 2 and len(b) <= 2:
            x, z = int(a), int(b)
            if x > 12 >= z:
                return [_Cand(i, i + 1, int(c), z, x)], i + 1
            if z > 12 >= x:
                return [_Cand(i, i + 1, int(c), x, z)], i + 1
        return None  # ambiguous 09/07/2023
    if len(w) == 5 and w.endswith("0s") and w[:4].isascii() and w[:4].isdigit():
        y0 = int(w[:4])
        if y0 >= 1000:
            return [_fixed(i, i + 1, dt.date(y0, 1, 1), dt.date(y0 + 9, 12, 31), "range")], i + 1
        return None
    if _day_at(words, i) is not None:
        return _day_first(sent, i)
    y = _year_at(words, i)
    if y is not None and _year_context(sent, i, y, allow_pair=True):
        return [_Cand(i, i + 1, y, gran="year")], i + 1
    return None


def _weekday_on_or_before(doc: dt.date, wd: int) -> dt.date:
    return doc - dt.timedelta(days=(doc.weekday() - wd) % 7)


def _relative(sent: Sentence, start: int, j: int, mod: str | None, doc: dt.date) -> _Parsed:
    """ "last week", "this month", "next year", "last Friday", "last March", "last night"."""
    words, lowers = sent.words, sent.lowers
    rel = lowers[j]
    k = j + 1
    if k >= len(words):
        return None
    unit = lowers[k]
    monday = doc - dt.timedelta(days=doc.weekday())
    step = {"last": -1, "this": 0, "next": 1}[rel]
    first: dt.date
    last: dt.date
    if unit == "week":
        first = monday + dt.timedelta(days=7 * step)
        last, gran = first + dt.timedelta(days=6), "week"
    elif unit == "weekend":
        first = monday + dt.timedelta(days=7 * step + 5)
        last, gran = first + _ONE_DAY, "range"
    elif unit == "month":
        y, m = _shift_month(doc.year, doc.month, step)
        first, last, gran = dt.date(y, m, 1), _month_end(y, m), "month"
    elif unit == "year":
        y = doc.year + step
        first, last, gran = dt.date(y, 1, 1), dt.date(y, 12, 31), "year"
    elif unit in _WEEKDAYS and words[k][:1].isupper() and mod is None:
        wd = _WEEKDAYS[unit]
        if step < 0:
            first = doc - dt.timedelta(days=(doc.weekday() - wd - 1) % 7 + 1)
        elif step > 0:
            first = doc + dt.timedelta(days=(wd - doc.weekday() - 1) % 7 + 1)
        else:
            first = monday + dt.timedelta(days=wd)
        last, gran = first, "day"
    elif unit in _STANDALONE_MONTHS and words[k][:1].isupper():
        m = MONTHS[unit]
        if step < 0:
            y = doc.year if m < doc.month else doc.year - 1
        elif step > 0:
            y = doc.year if m > doc.month else doc.year + 1
        else:
            y = doc.year
        first, last, gran = dt.date(y, m, 1), _month_end(y, m), "month"
    elif unit == "night" and rel == "last" and mod is None:
        first = last = doc - _ONE_DAY
        gran = "day"
    elif unit in ("morning", "afternoon", "evening") and rel == "this" and mod is None:
        first = last = doc
        gran = "day"
    else:
        return None
    if mod in ("earlier", "later"):
        if rel != "this" or not first <= doc <= last:
            return None
        if mod == "earlier":
            last = doc
        else:
            first = doc
    return [_fixed(start, k + 1, first, last, gran)], k + 1


def _weekday_and_date(sent: Sentence, i: int, prev_end: int) -> _Parsed:
    """ "Friday, March 3, 2023", "Friday 3 March": the weekday joins the calendar date it
    names, which alone gives the value (no document date needed when the year is written)."""
    words, lowers = sent.words, sent.lowers
    j = i + 2 if i + 1 < len(words) and words[i + 1] == "," else i + 1
    if _month_at(words, lowers, j) is not None and _day_at(words, j + 1) is not None:
        got = _month_first(sent, j, i, True, prev_end)
        if got is not None:
            return got
    c = _day_month(sent, j)
    if c is not None:
        c.start = i
        return [c], c.end
    return None


def _ago(sent: Sentence, i: int, doc: dt.date) -> _Parsed:
    """ "three days ago", "a week ago", "2 years ago"."""
    words, lowers = sent.words, sent.lowers
    if i + 2 >= len(words) or lowers[i + 2] != "ago":
        return None
    unit = _AGO_UNITS.get(lowers[i + 1])
    if unit is None:
        return None
    w = lowers[i]
    num = _SMALL_NUMBERS.get(w)
    if num is None:
        if not (w.isascii() and w.isdigit() and len(w) <= 4):
            return None
        num = int(w)
    if unit == "day":
        first = last = doc - dt.timedelta(days=num)
        gran = "day"
    elif unit == "week":
        d = doc - dt.timedelta(days=7 * num)
        first = d - dt.timedelta(days=d.weekday())
        last, gran = first + dt.timedelta(days=6), "week"
    elif unit == "month":
        y, m = _shift_month(doc.year, doc.month, -num)
        first, last, gran = dt.date(y, m, 1), _month_end(y, m), "month"
    else:
        y = doc.year - num
        first, last, gran = dt.date(y, 1, 1), dt.date(y, 12, 31), "year"
    return [_fixed(i, i + 3, first, last, gran)], i + 3


def _word(sent: Sentence, i: int, doc: dt.date | None, prev_end: int) -> _Parsed:
    """Tokens starting with a letter: months, weekdays, relative expressions."""
    words, lowers = sent.words, sent.lowers
    n = len(words)
    low = lowers[i]
    if low.startswith("mid-"):
        rest = low[4:]
        if rest in _STANDALONE_MONTHS:
            m = MONTHS[rest]
            y = _year_at(words, i + 1)  # "mid-March 2023", like "March 2023" (no comma)
            k = i + 1 if y is None else i + 2
            return [_Cand(i, k, y, m, None, gran="month")], k
        y = _year_at((rest,), 0)
        if y is not None:
            return [_Cand(i, i + 1, y, gran="year")], i + 1
        return None
    if low not in _TRIGGERS:
        return None
    if low in _WEEKDAYS and words[i][:1].isupper():
        dated = _weekday_and_date(sent, i, prev_end)
        if dated is not None:
            return dated
    if _month_at(words, lowers, i) is not None:
        return _month_first(sent, i, i, False, prev_end)
    if low in _MODIFIERS and i + 1 < n:
        nxt = lowers[i + 1]
        if nxt in ("last", "this", "next"):
            return _relative(sent, i, i + 1, low, doc) if doc is not None else None
        if low in ("early", "late", "mid"):
            if _month_at(words, lowers, i + 1) is not None and nxt in _STANDALONE_MONTHS:
                return _month_first(sent, i + 1, i, True, prev_end)
            y = _year_at(words, i + 1)
            if y is not None and _year_follower_ok(sent, i + 1):
                return [_Cand(i, i + 2, y, gran="year")], i + 2
        return None
    if doc is None:
        return None
    if low in ("last", "this", "next"):
        return _relative(sent, i, i, None, doc)
    if low in _DAY_WORDS:
        d = doc + dt.timedelta(days=_DAY_WORDS[low])
        return [_fixed(i, i + 1, d, d, "day")], i + 1
    if low in _WEEKDAYS:
        if not words[i][:1].isupper():
            return None
        d = _weekday_on_or_before(doc, _WEEKDAYS[low])
        return [_fixed(i, i + 1, d, d, "day")], i + 1
    return None


# ---------------------------------------------------------------------------- resolution


def _link(cands: list[_Cand], lowers: tuple[str, ...], doc: dt.date | None) -> list[tuple[_Cand, _Cand]]:
    """Share years inside adjacent pairs; return the pairs that form a range."""
    ranges: list[tuple[_Cand, _Cand]] = []
    for a, b in itertools.pairwise(cands):
        if b.start - a.end != 1:
            continue
        conn = lowers[a.end]
        if conn not in _PAIR_CONN:
            continue
        between = a.start > 0 and lowers[a.start - 1] == "between"
        is_range = conn in _RANGE_CONN or (conn == "and" and between)
        if not (a.fixed or b.fixed) and a.month is not None and b.month is not None:
            a_key = (a.month, a.day or 1)
            b_key = (b.month, b.day or 1)
            # A range keeps X <= Y ("December 20 to January 5, 2023"); a list ("March 3 and
            # April 20, 2023") only shares a year written in the text.
            if a.year is None:
                if is_range and b.year is None and doc is not None:
                    b.year = _infer_year(b, doc)
                if b.year is not None and (is_range or b.explicit):
                    a.year = b.year - 1 if is_range and a_key > b_key else b.year
                    a.explicit = b.explicit
            elif b.year is None and a.explicit:
                b.year = a.year + 1 if is_range and b_key < a_key else a.year
                b.explicit = True
        if is_range:
            ranges.append((a, b))
    return ranges


def _resolve(c: _Cand, doc: dt.date | None) -> bool:
    """Fill first/last of a calendar candidate; False when it cannot be dated or is invalid."""
    if c.fixed:
        return True
    if c.year is None:
        if doc is None:
            return False
        c.year = _infer_year(c, doc)
        if c.year is None:
            return False
    y, m, d = c.year, c.month, c.day
    try:
        if m is None:
            c.first, c.last, c.gran = dt.date(y, 1, 1), dt.date(y, 12, 31), "year"
        elif d is None:
            c.first, c.last, c.gran = dt.date(y, m, 1), _month_end(y, m), "month"
        else:
            c.first = c.last = dt.date(y, m, d)
            c.gran = "day"
    except (ValueError, OverflowError):
        return False
    return True


def _annotation(start: int, end: int, first: dt.date, last: dt.date, gran: str) -> Annotation:
    return Annotation("DATE", start, end, value=first.isoformat(), attrs={"end": last.isoformat(), "granularity": gran})


def _has_digit(text: str) -> bool:
    """Ten C-level substring searches: cheaper than looking at each character in Python."""
    return "0" in text or "1" in text or "2" in text or "3" in text or "4" in text or _has_digit_5_9(text)


def _has_digit_5_9(text: str) -> bool:
    return "5" in text or "6" in text or "7" in text or "8" in text or "9" in text


def find_dates(sent: Sentence, doc_date: dt.date | None) -> list[Annotation]:
    """All DATE annotations of a sentence, sorted by start, longer spans first."""
    lowers = sent.lowers
    # Most sentences have no digit and no trigger word: decide that with C-level set and
    # substring tests before looking at single tokens.
    joined = "".join(lowers)
    digits = _has_digit(joined)
    mids = "mid-" in joined
    if not digits and not mids and _TRIGGERS.isdisjoint(lowers):
        return []
    todo = [
        i
        for i, w in enumerate(lowers)
        if w in _TRIGGERS or (digits and "0" <= w < ":") or (mids and w.startswith("mid-"))
    ]
    n = len(lowers)
    cands: list[_Cand] = []
    prev_end = -1
    done = 0  # tokens before this index belong to a date already found
    for i in todo:
        if i < done:
            continue
        low = lowers[i]
        if low in _REL_WORDS and (i + 1 >= n or lowers[i + 1] not in _REL_NEXT):
            continue
        try:
            if low == "ago":
                got = _ago(sent, i - 2, doc_date) if i - 2 >= done and doc_date is not None else None
            elif low[0] in _ASCII_DIGITS:
                got = _numeric(sent, i)
            else:
                got = _word(sent, i, doc_date, prev_end)
        except (ValueError, OverflowError):  # date arithmetic past year 1..9999
            got = None
        if got is None or not got[0]:
            continue
        new, nxt = got
        cands.extend(new)
        prev_end = new[-1].end
        done = max(nxt, i + 1)
    if not cands:
        return []
    ranges = _link(cands, lowers, doc_date)
    ok = {id(c) for c in cands if _resolve(c, doc_date)}
    out: list[Annotation] = []
    for c in cands:
        if c.emit and id(c) in ok and c.first is not None and c.last is not None:
            out.append(_annotation(c.start, c.end, c.first, c.last, c.gran))
    for a, b in ranges:
        if id(a) in ok and id(b) in ok and a.first is not None and b.last is not None and a.first <= b.last:
            out.append(_annotation(a.start, b.end, a.first, b.last, "range"))
    out.sort(key=lambda a: (a.start, -a.end))
    return out


# ---------------------------------------------------------------------------- rendering

#: Styles for `render_date`; each includes the year, so it parses back without a doc date.
DATE_STYLES: tuple[str, ...] = (
    "iso",
    "month_day_year",
    "day_month_year",
    "abbrev",
    "ordinal",
    "day_ordinal_month_year",
    "slash_ymd",
    "weekday_month_day_year",
)

_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_AP_ABBREV = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")


def _ordinal(d: int) -> str:
    suffix = "th" if 10 <= d % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")
    return f"{d}{suffix}"


def render_date(d: dt.date, style: str) -> str:
    """Write `d` in one of DATE_STYLES (for tests and rule examples); ValueError on an unknown style."""
    month = _MONTH_NAMES[d.month - 1].capitalize()
    if style == "iso":
        return d.isoformat()
    if style == "month_day_year":
        return f"{month} {d.day}, {d.year}"
    if style == "day_month_year":
        return f"{d.day} {month} {d.year}"
    if style == "abbrev":
        return f"{_AP_ABBREV[d.month - 1]} {d.day}, {d.year}"
    if style == "ordinal":
        return f"{month} {_ordinal(d.day)}, {d.year}"
    if style == "day_ordinal_month_year":
        return f"{_ordinal(d.day)} of {month} {d.year}"
    if style == "slash_ymd":
        return f"{d.year}/{d.month:02d}/{d.day:02d}"
    if style == "weekday_month_day_year":
        return f"{_WEEKDAY_NAMES[d.weekday()]}, {month} {d.day}, {d.year}"
    raise ValueError(f"unknown date style: {style!r}")
