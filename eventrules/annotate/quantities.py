"""QUANTITY annotator: counts and amounts in digits or words, with qualifier, unit and currency.

Why fixed conventions: rules compare and output numbers, so every wording needs one value.

- `value` is an int when the amount is whole ("1.5 million" -> 1500000), else a float.
- `attrs` always has `qualifier` and `unit`; money adds `currency` (ISO code) and keeps
  unit None; ranges add `min` and `max`.
- Vague plurals count as twice their base, the least they can honestly mean:
  "dozens" 24, "scores" (of) 40, "hundreds" 200, "thousands" 2000, "millions" 2000000,
  "billions" 2000000000, "tens of thousands" 20000, "hundreds of thousands" 200000;
  the qualifier is the vague phrase itself. "several"/"a few" + hundred/thousand/...
  count as three times the multiplier, qualifier "several"/"a few".
- Qualifiers are normalized: over, more than, about (around, approximately, roughly,
  some, an estimated), nearly (almost, close to), at least, up to (as many as, at most),
  less than (fewer than, under). The span starts at the qualifier.
- Ranges ("between 500 and 800", "500 to 800", "500-800"): value is the lower bound,
  qualifier "between", min/max set; a multiplier or currency on one side applies to both
  ("2 to 3 million"). Each bound is also annotated on its own.
- Unit: a lowercase word right after the number that is not a function word, participle
  ("-ed"), verb of saying, date word or number word (see `_UNIT_STOP`). A quantity with
  a unit yields two annotations with the same start, the longer (unit included) first.
  A following "of" is never included: in "dozens of soldiers" the quantity is "dozens".
  "%" / "percent" / "per cent" give unit "percent".
- Not quantities: years used as dates (see `dates.year_token_is_date`), day numbers next
  to a month name, ordinals ("7th"), clock times ("10:30", "10 a.m."), ISO dates.
- The scan uses dict/set lookups and str methods only (no per-token regex): it runs on
  every sentence of the corpus.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from eventrules.annotate.base import Annotation
from eventrules.annotate.dates import FUNCTION_WORDS, MONTHS, year_token_is_date
from eventrules.text import Sentence

__all__ = ["QUANTITY_STYLES", "find_quantities", "render_quantity"]

_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = (
    "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
)  # fmt: skip
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")

# word -> (value, kind); kind drives which word may follow which ("twenty five", not "five twenty").
_SMALL: dict[str, tuple[int, str]] = {}
for _i, _w in enumerate(_UNITS, 1):
    _SMALL[_w] = (_i, "unit")
for _i, _w in enumerate(_TEENS, 10):
    _SMALL[_w] = (_i, "teen")
for _i, _w in enumerate(_TENS, 2):
    _SMALL[_w] = (_i * 10, "tens")
    for _j, _u in enumerate(_UNITS, 1):
        _SMALL[f"{_w}-{_u}"] = (_i * 10 + _j, "compound")

_SCALES: dict[str, int] = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_A_MULTIPLIERS = frozenset({"hundred", "dozen", *_SCALES})
_AFTER_A = _A_MULTIPLIERS | {"few"}  # "a dozen", "a few hundred"
_ASCII_DIGITS = frozenset("0123456789")
# Multipliers allowed after a digit number ("1.5 million", "2 dozen", "3 bn", "5 crore").
_DIGIT_MULTIPLIERS: dict[str, int] = {
    **_SCALES,
    "hundred": 100, "dozen": 12, "bn": 10**9, "mn": 10**6, "mln": 10**6, "bln": 10**9,
    "lakh": 10**5, "crore": 10**7,
}  # fmt: skip
# Letters glued to digits: "20m", "5bn", "3k".
_SUFFIX_MULTIPLIERS: dict[str, int] = {
    "k": 10**3, "m": 10**6, "mn": 10**6, "mln": 10**6, "b": 10**9, "bn": 10**9, "bln": 10**9,
    "tn": 10**12, "trn": 10**12,
}  # fmt: skip
_SUFFIX_UNITS: dict[str, str] = {"km": "km", "kg": "kg", "mw": "MW", "gw": "GW", "kt": "kt"}

# Vague plurals: word -> value (twice the base).
_VAGUE: dict[str, int] = {
    "dozens": 24, "hundreds": 200, "thousands": 2000, "millions": 2 * 10**6, "billions": 2 * 10**9,
}  # fmt: skip
_VAGUE_OF_SCALE: dict[str, int] = {"thousands": 10**3, "millions": 10**6, "billions": 10**9}
_VAGUE_HEADS: dict[str, int] = {"tens": 20, "hundreds": 200}  # "tens of thousands"

# Qualifier phrase (as lowercased tokens) -> normalized qualifier. Looked up backwards from
# the number, so common words like "some" or "over" never start a scan by themselves.
_QUALIFIERS: dict[tuple[str, ...], str] = {
    tuple(phrase.split()): norm
    for phrase, norm in (
        ("more than", "more than"),
        ("over", "over"),
        ("in excess of", "over"),
        ("upwards of", "over"),
        ("about", "about"),
        ("around", "about"),
        ("approximately", "about"),
        ("approx.", "about"),
        ("roughly", "about"),
        ("some", "about"),
        ("an estimated", "about"),
        ("estimated", "about"),
        ("nearly", "nearly"),
        ("almost", "nearly"),
        ("close to", "nearly"),
        ("at least", "at least"),
        ("up to", "up to"),
        ("as many as", "up to"),
        ("as much as", "up to"),
        ("at most", "up to"),
        ("fewer than", "less than"),
        ("less than", "less than"),
        ("under", "less than"),
    )
}

_CURRENCY_SYMBOLS: dict[str, str] = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₽": "RUB", "₴": "UAH"}
# Glued before "$": "US$", "A$", "C$", "HK$".
_DOLLAR_PREFIXES: dict[str, str] = {"US": "USD", "A": "AUD", "C": "CAD", "HK": "HKD", "NZ": "NZD", "S": "SGD"}
_CURRENCY_CODES = frozenset({"USD", "EUR", "GBP", "JPY", "CNY", "RUB", "INR", "UAH", "CHF", "AUD", "CAD"})
_CURRENCY_WORDS: dict[str, str] = {
    "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "yuan": "CNY", "renminbi": "CNY",
    "yen": "JPY", "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB", "rupee": "INR",
    "rupees": "INR", "hryvnia": "UAH", "hryvnias": "UAH", "sterling": "GBP",
}  # fmt: skip

_RANGE_SEPARATORS = frozenset({"to", "-", "–", "—"})
_DAY_RANGE_SEPARATORS = _RANGE_SEPARATORS | {"until", "till", "through", "thru", "and"}  # as in dates.py
_TIME_MARKERS = frozenset({"a.m.", "p.m.", "am", "pm", "o'clock", "gmt", "utc", "hrs", "h"})
_MONTH_WORDS = frozenset(MONTHS)

# Words that are never a unit: function words, number and multiplier words, verbs of saying.
_UNIT_STOP = frozenset(
    FUNCTION_WORDS
    | set(_SMALL)
    | set(_DIGIT_MULTIPLIERS)
    | set(_VAGUE)
    | set(_CURRENCY_WORDS)
    | {"hundred", "percent", "pct", "worth", "apiece", "each", "per", "times", "said", "says", "say", "told"}
    | {"were", "are", "is", "was", "have", "has", "had", "will", "would", "could", "can", "may", "might"}
    | {"a.m.", "p.m.", "am", "pm", "plus", "minus", "or", "nor", "and", "of", "to", "other", "others", "more"}
    | {"early", "late", "mid", "last", "next", "yesterday", "today", "tonight", "tomorrow"}  # date words
)

# Tokens that can anchor a quantity. Words that only precede a number ("a", "some", "over",
# "between", "US" in "US$") are looked up backwards from the anchor instead: they are common.
_TRIGGERS = frozenset(
    set(_SMALL)
    | set(_VAGUE)
    | set(_VAGUE_HEADS)
    | set(_CURRENCY_SYMBOLS)
    | set(_A_MULTIPLIERS)
    | {c.lower() for c in _CURRENCY_CODES}
    | {"half", "several", "few", "scores"}
)


@dataclass(slots=True)
class _Num:
    """A parsed number over tokens [start, end): value = num * mult / den."""

    start: int
    end: int
    num: int
    den: int = 1
    mult: int = 1
    vague: str | None = None
    currency: str | None = None
    unit: str | None = None  # glued unit ("20km")

    def value(self) -> int | float:
        top = self.num * self.mult
        if top % self.den == 0:
            return top // self.den
        return top / self.den

    def base(self) -> int | float:
        return self.num // self.den if self.num % self.den == 0 else self.num / self.den


# ---------------------------------------------------------------------------- digits


def _digits(s: str) -> tuple[int, int] | None:
    """ "1,000" -> (1000, 1); "1.5" -> (15, 10); None unless well-formed ASCII digits."""
    if not s.isascii():
        return None
    whole, dot, frac = s.partition(".")
    if dot and not (frac.isdigit() and len(frac) <= 12):
        return None
    if "," in whole:
        groups = whole.split(",")
        if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
            return None
        whole = "".join(groups)
    if not whole.isdigit() or len(whole) > 15:
        return None
    if dot:
        return int(whole + frac), 10 ** len(frac)
    return int(whole), 1


def _split_glued(s: str) -> tuple[str, str]:
    """ "20m" -> ("20", "m"); "1.5bn" -> ("1.5", "bn")."""
    k = 0
    while k < len(s) and (s[k].isdigit() or s[k] in ".,"):
        k += 1
    return s[:k], s[k:]


def _is_day_number(sent: Sentence, i: int) -> bool:
    """Token i is a day of month next to a month name ("March 3", "3 March", "7 to 12 September")."""
    words, lowers = sent.words, sent.lowers
    w = words[i]
    if not (len(w) <= 2 and w.isascii() and w.isdigit() and 1 <= int(w) <= 31):
        return False
    n = len(words)

    def month(k: int) -> bool:
        return 0 <= k < n and lowers[k] in _MONTH_WORDS and words[k][:1].isupper()

    if month(i - 1) or month(i + 1):
        return True
    if i + 1 < n and lowers[i + 1] == "of" and month(i + 2):
        return True
    if i + 3 < n and lowers[i + 1] in _DAY_RANGE_SEPARATORS and month(i + 3):
        nxt = words[i + 2]
        return len(nxt) <= 2 and nxt.isascii() and nxt.isdigit()
    if i >= 3 and lowers[i - 1] in _DAY_RANGE_SEPARATORS and month(i - 3):
        prv = words[i - 2]
        return len(prv) <= 2 and prv.isascii() and prv.isdigit()
    return False


def _digit_number(sent: Sentence, i: int) -> _Num | None:
    """A number written with digits at token i, with its multiplier ("1.5 million", "20m")."""
    words, lowers, starts, ends = sent.words, sent.lowers, sent.starts, sent.ends
    n = len(words)
    w = words[i]
    end = i + 1
    # "1.5bn" is tokenized "1" "." "5bn": glue it back when the three tokens touch.
    if (
        i + 2 < n
        and w.isdigit()
        and words[i + 1] == "."
        and ends[i] == starts[i + 1]
        and ends[i + 1] == starts[i + 2]
        and words[i + 2][:1].isdigit()
        and not words[i + 2].isdigit()
    ):
        w = w + "." + words[i + 2]
        end = i + 3
    core, suffix = _split_glued(w)
    if not core:
        return None
    parsed = _digits(core)
    if parsed is None:
        return None
    num, den = parsed
    if suffix:
        low = suffix.lower()
        if low in _SUFFIX_MULTIPLIERS:
            return _Num(i, end, num, den, _SUFFIX_MULTIPLIERS[low])
        if low in _SUFFIX_UNITS:
            return _Num(i, end, num, den, unit=_SUFFIX_UNITS[low])
        return None  # ordinals, "1990s", "10am", codes
    if end == i + 1:
        if core.isdigit() and len(core) == 4 and year_token_is_date(sent, i):
            return None
        if _is_day_number(sent, i):
            return None
    if end < n and lowers[end] in _TIME_MARKERS:
        return None
    if end < n and lowers[end] in _DIGIT_MULTIPLIERS:
        return _Num(i, end + 1, num, den, _DIGIT_MULTIPLIERS[lowers[end]])
    return _Num(i, end, num, den)


# ---------------------------------------------------------------------------- words


def _word_number(sent: Sentence, i: int, allow_and: bool) -> _Num | None:
    """ "three hundred and fifty", "twenty-five", "one million two hundred thousand", "two dozen"."""
    lowers = sent.lowers
    n = len(lowers)
    total = 0
    group = 0
    last = "none"
    last_scale = 10**18
    scales_used = 0
    k = i
    if lowers[i] == "a":  # "a hundred", "a thousand", "a dozen": "a" reads as "one"
        if i + 1 >= n or lowers[i + 1] not in _A_MULTIPLIERS:
            return None
        group, last, k = 1, "unit", i + 1
    while k < n:
        w = lowers[k]
        small = _SMALL.get(w)
        if small is not None:
            v, kind = small
            fresh = last in ("none", "hundred", "scale", "and")  # "three hundred [and] fifty"
            if not (fresh or (last == "tens" and kind == "unit")):  # "twenty five"
                break
            group += v
            last = kind
        elif w == "hundred":
            if last in ("unit", "teen", "tens", "compound") and group < 100:
                group *= 100
                last = "hundred"
            else:
                break
        elif w in _SCALES:
            scale = _SCALES[w]
            if group > 0 and last != "and" and scale < last_scale:
                total += group * scale
                group = 0
                last_scale = scale
                scales_used += 1
                last = "scale"
            else:
                break
        elif w == "dozen":
            if last in ("unit", "teen", "tens", "compound") and total == 0 and group < 100:
                group *= 12
                k += 1
                last = "dozen"
            break
        elif w == "and":
            if allow_and and last in ("hundred", "scale") and k + 1 < n and lowers[k + 1] in _SMALL:
                last = "and"
            else:
                break
        else:
            break
        k += 1
    if k == i or last == "none":
        return None
    value = total + group
    if value <= 0:
        return None
    if scales_used == 1 and group == 0 and total % last_scale == 0:
        return _Num(i, k, total // last_scale, 1, last_scale)  # "three million": base 3, mult 10**6
    return _Num(i, k, value)


def _multiplier_at(lowers: tuple[str, ...], k: int) -> tuple[int, int] | None:
    """Multiplier word at k, possibly "hundred thousand": (multiplier, index after)."""
    n = len(lowers)
    if k >= n:
        return None
    w = lowers[k]
    if w == "hundred":
        if k + 1 < n and lowers[k + 1] in _SCALES:
            return 100 * _SCALES[lowers[k + 1]], k + 2
        return 100, k + 1
    if w in _SCALES:
        return _SCALES[w], k + 1
    if w == "dozen":
        return 12, k + 1
    return None


def _special_number(sent: Sentence, i: int) -> _Num | None:
    """ "a dozen", "a thousand", "half a million", "several hundred", vague plurals."""
    lowers = sent.lowers
    n = len(lowers)
    w = lowers[i]
    if w == "a":
        if i + 1 < n and lowers[i + 1] == "few":
            m = _multiplier_at(lowers, i + 2)
            return _Num(i, m[1], 3, 1, m[0], vague="a few") if m else None
        return None
    if w == "half":
        if i + 2 < n and lowers[i + 1] == "a":
            m = _multiplier_at(lowers, i + 2)
            return _Num(i, m[1], 1, 2, m[0]) if m else None
        return None
    if w == "several":
        m = _multiplier_at(lowers, i + 1)
        return _Num(i, m[1], 3, 1, m[0], vague="several") if m else None
    if w in _VAGUE_HEADS and i + 2 < n and lowers[i + 1] == "of" and lowers[i + 2] in _VAGUE_OF_SCALE:
        return _Num(i, i + 3, _VAGUE_HEADS[w], 1, _VAGUE_OF_SCALE[lowers[i + 2]], vague=f"{w} of {lowers[i + 2]}")
    if w in _VAGUE:
        return _Num(i, i + 1, _VAGUE[w], vague=w)
    if w == "scores" and i + 1 < n and lowers[i + 1] == "of":
        return _Num(i, i + 1, 40, vague="scores")
    return None


def _number(sent: Sentence, i: int, allow_and: bool) -> _Num | None:
    """Any number at token i, without qualifier or currency."""
    if i >= len(sent.words):
        return None
    w = sent.lowers[i]
    if not w:
        return None
    if w[0].isdigit():
        return _digit_number(sent, i)
    if w in _SMALL or w == "a":
        num = _word_number(sent, i, allow_and)
        if num is not None:
            return num
    return _special_number(sent, i)


# ---------------------------------------------------------------------------- quantity


def _currency_prefix(sent: Sentence, i: int) -> tuple[str | None, int]:
    """Currency written before the number ("$", "US$", "€", "USD"): (code, index after)."""
    words = sent.words
    n = len(words)
    if i >= n:
        return None, i
    w = words[i]
    if w in _CURRENCY_SYMBOLS:
        return _CURRENCY_SYMBOLS[w], i + 1
    if w in _DOLLAR_PREFIXES and i + 1 < n and words[i + 1] == "$" and sent.ends[i] == sent.starts[i + 1]:
        return _DOLLAR_PREFIXES[w], i + 2
    if w in _CURRENCY_CODES:
        return w, i + 1
    return None, i


def _money(sent: Sentence, i: int, allow_and: bool) -> _Num | None:
    """A number with an optional currency before it."""
    cur, j = _currency_prefix(sent, i)
    if j >= len(sent.words):
        return None
    num = _number(sent, j, allow_and)
    if num is None:
        return None
    num.start = i
    num.currency = cur
    return num


def _qualifier_before(lowers: tuple[str, ...], s: int, floor: int) -> tuple[str | None, int]:
    """Qualifier phrase ending just before token s, not reaching below `floor`: (qualifier, its start)."""
    for k in (3, 2, 1):
        b = s - k
        if b >= floor:
            norm = _QUALIFIERS.get(lowers[b:s])
            if norm is not None:
                return norm, b
    return None, s


def _number_start(sent: Sentence, i: int, floor: int) -> int:
    """Where the number anchored at token i starts: back over "a" ("a dozen") or "US" ("US$5")."""
    words, lowers = sent.words, sent.lowers
    w = lowers[i]
    if i - 1 >= floor:
        if w in _AFTER_A and lowers[i - 1] == "a":
            return i - 1
        if w == "$" and words[i - 1] in _DOLLAR_PREFIXES and sent.ends[i - 1] == sent.starts[i]:
            return i - 1
    return i


def _tail(sent: Sentence, k: int, num: _Num) -> tuple[int, str | None]:
    """Currency word, percent sign or unit after the number: (end including it, unit).

    Returns (k, None) when nothing follows. For a currency word the end grows and the
    unit stays None.
    """
    words, lowers = sent.words, sent.lowers
    n = len(words)
    if k >= n:
        return k, None
    w = lowers[k]
    if w in _CURRENCY_WORDS:
        if num.currency is None or num.currency == _CURRENCY_WORDS[w]:
            num.currency = _CURRENCY_WORDS[w]
            return k + 1, None
        return k, None
    if words[k] == "US" and k + 1 < n and lowers[k + 1] in ("dollar", "dollars"):
        num.currency = "USD"
        return k + 2, None
    if words[k] in _CURRENCY_CODES and num.currency is None:
        num.currency = words[k]
        return k + 1, None
    if w == "pounds" and k + 1 < n and lowers[k + 1] == "sterling":
        num.currency = "GBP"
        return k + 2, None
    if num.currency is not None or (num.vague is not None and num.vague not in ("several", "a few")):
        return k, None  # money has no unit; "dozens" takes its noun through "of"
    if w in ("%", "percent", "pct"):
        return k + 1, "percent"
    if w == "per" and k + 1 < n and lowers[k + 1] == "cent":
        return k + 2, "percent"
    if w in _UNIT_STOP or w in _MONTH_WORDS:
        return k, None
    word = words[k]
    if word.endswith("ed"):
        return k, None  # participles: "500 died", "300 armed"
    if word.islower() and word.replace("-", "").isalpha() and word[0] != "-" and word[-1] != "-":
        if _coordinated_noun(words, lowers, k):
            return k, None  # "300 drones and missiles": the count is of both, no unit
        return k + 1, w
    return k, None


def _coordinated_noun(words: Sequence[str], lowers: Sequence[str], k: int) -> bool:
    """Is the word at k the first of two nouns joined by and/or ("drones and missiles")?
    A verb after the join ("20 people and wounded 30") or a number ("300 boxes and 20 crates")
    starts something else."""
    if k + 2 >= len(words) or lowers[k + 1] not in ("and", "or"):
        return False
    nxt = words[k + 2]
    return nxt.islower() and nxt.isalpha() and not nxt.endswith("ed") and nxt not in _UNIT_STOP


def _emit(
    out: list[Annotation], start: int, num: _Num, end: int, unit_end: int, unit: str | None, extra: dict[str, Any]
) -> None:
    """Append the annotation(s) of one quantity: with the unit first, then without it."""
    value = num.value()
    qualifier = extra.pop("qualifier", None)
    if num.vague is not None:
        qualifier = num.vague
    attrs: dict[str, Any] = {"qualifier": qualifier, "unit": None}
    if num.currency is not None:
        attrs["currency"] = num.currency
    attrs.update(extra)
    if num.unit is not None:  # glued: "20km"
        attrs["unit"] = num.unit
        out.append(Annotation("QUANTITY", start, unit_end, value=value, attrs=attrs))
        return
    if unit is not None and unit_end > end:
        out.append(Annotation("QUANTITY", start, unit_end, value=value, attrs={**attrs, "unit": unit}))
        out.append(Annotation("QUANTITY", start, end, value=value, attrs=attrs))
    else:
        out.append(Annotation("QUANTITY", start, unit_end, value=value, attrs=attrs))


def _share(lo: _Num, hi: _Num) -> bool:
    """Check lo..hi is a range and spread a one-sided multiplier or currency to both bounds."""
    if lo.vague is not None or hi.vague is not None or lo.unit is not None or hi.unit is not None:
        return False
    if lo.currency is not None and hi.currency is not None and lo.currency != hi.currency:
        return False
    mult = hi.mult if lo.mult == 1 and hi.mult > 1 and lo.value() < hi.base() else lo.mult
    if lo.num * mult * hi.den >= hi.num * hi.mult * lo.den:
        return False
    lo.mult = mult
    lo.currency = lo.currency or hi.currency
    hi.currency = hi.currency or lo.currency
    return True


def _quantity_at(sent: Sentence, i: int, out: list[Annotation], floor: int) -> int:
    """Annotate the quantity anchored at token i; return the index after it (i if none).

    Tokens below `floor` belong to an earlier quantity and are never looked back at.
    """
    lowers = sent.lowers
    n = len(lowers)
    j = _number_start(sent, i, floor)
    if j - 1 >= floor and lowers[j - 1] == "between":
        lo = _money(sent, j, allow_and=False)
        if lo is not None and lo.end + 1 < n and lowers[lo.end] == "and":
            hi = _money(sent, lo.end + 1, allow_and=True)
            if hi is not None:
                end = _emit_range(sent, out, j - 1, lo, hi)
                if end > j:
                    return end
    num = _money(sent, j, allow_and=True)
    if num is None:
        return i
    qualifier, start = _qualifier_before(lowers, j, floor)
    k = num.end
    if k + 1 < n and lowers[k] in _RANGE_SEPARATORS and num.unit is None:
        hi = _money(sent, k + 1, allow_and=True)
        if hi is not None and hi.unit is None:
            end = _emit_range(sent, out, start, num, hi)
            if end > start:
                return end
    end, unit = _tail(sent, k, num)
    if num.unit is not None:
        end, unit = k, None
    _emit(out, start, num, k, end, unit, {"qualifier": qualifier})
    if start < j:
        # Also the bare number: in "handed over 300 tonnes" the "over" belongs to the verb.
        _emit(out, j, replace(num), k, end, unit, {"qualifier": None})
    return end


def _emit_range(sent: Sentence, out: list[Annotation], start: int, lo: _Num, hi: _Num) -> int:
    """Emit the range lo..hi starting at `start`, then each bound alone; return the index after it."""
    lo_alone = _Num(lo.start, lo.end, lo.num, lo.den, lo.mult, None, lo.currency)
    if not _share(lo, hi):
        return start
    end, unit = _tail(sent, hi.end, hi)
    lo.currency = lo.currency or hi.currency
    extra: dict[str, Any] = {"qualifier": "between", "min": lo.value(), "max": hi.value()}
    _emit(out, start, _Num(start, end, lo.num, lo.den, lo.mult, None, lo.currency), hi.end, end, unit, extra)
    _emit(out, lo.start, lo_alone, lo.end, lo.end, None, {})
    _emit(out, hi.start, hi, hi.end, end, unit, {})
    return end


def _has_digit(text: str) -> bool:
    """Ten C-level substring searches: cheaper than looking at each character in Python."""
    return "0" in text or "1" in text or "2" in text or "3" in text or "4" in text or _has_digit_5_9(text)


def _has_digit_5_9(text: str) -> bool:
    return "5" in text or "6" in text or "7" in text or "8" in text or "9" in text


def find_quantities(sent: Sentence) -> list[Annotation]:
    """All QUANTITY annotations of a sentence, sorted by start, longer spans first."""
    lowers = sent.lowers
    # Most sentences have no digit and no trigger word: decide that with C-level set and
    # substring tests before looking at single tokens.
    digits = _has_digit("".join(lowers))
    if not digits and _TRIGGERS.isdisjoint(lowers):
        return []
    if digits:
        todo = [i for i, w in enumerate(lowers) if w in _TRIGGERS or "0" <= w < ":"]  # ":" follows "9"
    else:
        todo = [i for i, w in enumerate(lowers) if w in _TRIGGERS]
    out: list[Annotation] = []
    done = 0  # tokens before this index belong to a quantity already found
    for i in todo:
        if i >= done:
            end = _quantity_at(sent, i, out, done)
            if end > i:
                done = end
    out.sort(key=lambda a: (a.start, -a.end))
    return out


# ---------------------------------------------------------------------------- rendering

#: Styles for `render_quantity`; every one parses back to the same value.
QUANTITY_STYLES: tuple[str, ...] = ("digits", "plain", "words", "million", "short", "usd")

_WORD_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (10**3, "thousand"))


def _words_below_1000(v: int) -> list[str]:
    out: list[str] = []
    hundreds, rest = divmod(v, 100)
    if hundreds:
        out += [_UNITS[hundreds - 1], "hundred"]
    if rest >= 20:
        tens, unit = divmod(rest, 10)
        out.append(f"{_TENS[tens - 2]}-{_UNITS[unit - 1]}" if unit else _TENS[tens - 2])
    elif rest >= 10:
        out.append(_TEENS[rest - 10])
    elif rest:
        out.append(_UNITS[rest - 1])
    return out


def _in_words(v: int) -> str:
    out: list[str] = []
    for scale, name in _WORD_SCALES:
        q, v = divmod(v, scale)
        if q:
            out += [*_words_below_1000(q), name]
    out += _words_below_1000(v)
    return " ".join(out)


def _decimal_of(value: int, scale: int) -> str | None:
    """ "1.5" for 1500000 at 10**6, when at most three decimals are needed."""
    q, r = divmod(value, scale)
    if q == 0 or r % (scale // 1000):
        return None
    frac = f"{r // (scale // 1000):03d}".rstrip("0")
    return f"{q}.{frac}" if frac else str(q)


def render_quantity(value: int, style: str) -> str:
    """Write a positive int in one of QUANTITY_STYLES (for tests and rule examples).

    "digits" 1,000; "plain" 1000; "words" one thousand; "million" 1.5 million / 2 billion;
    "short" 1.5m / 2bn; "usd" $1,000. Styles that do not fit the value fall back to "digits".
    ValueError on an unknown style.
    """
    if style not in QUANTITY_STYLES:
        raise ValueError(f"unknown quantity style: {style!r}")
    if style == "plain":
        return str(value)
    if style == "words" and 0 < value < 10**15:
        return _in_words(value)
    if style in ("million", "short") and value >= 10**6:
        for scale, long_name, short_name in ((10**9, "billion", "bn"), (10**6, "million", "m")):
            text = _decimal_of(value, scale)
            if text is not None:
                return f"{text} {long_name}" if style == "million" else f"{text}{short_name}"
    if style == "usd":
        return f"${value:,}"
    return f"{value:,}"
