"""Document -> sentences -> tokens, keeping character offsets into the document.

Tokens are stored as parallel tuples on each Sentence (words, lowers, starts,
ends) rather than one object per token: it is cheaper to build and the matcher
only ever needs `lowers` and, for case-sensitive literals, `words`.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate

import regex

# Abbreviations that keep their period, so "Oct. 1" or "Gen. Smith" never end a sentence.
# Not at the end of the text, and a month not before a capital: "Japan condemned Dong Jun."
# ends there (months are followed by a day or a year: "Oct. 1", "Sept. 2023").
MONTH_ABBREVIATIONS = "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split()
ABBREVIATIONS = (
    MONTH_ABBREVIATIONS
    + (
        "Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun "
        "Mr Mrs Ms Dr Prof Gen Lt Col Capt Sgt Adm Maj Cmdr Gov Sen Rep Rev Pres "
        "St Mt Ft Jr Sr Inc Corp Co Ltd No"
    ).split()
)

_APOS = "'\u2019\u2018"
_CLITIC = r"(?:s|re|ve|ll|d|m)(?!\p{L})"
# Branches are ordered by frequency and guarded by cheap look-aheads, because
# the regex engine tries them in order at every token start.
_TOKEN_RE = regex.compile(
    r"""
    (                                                       # one group: split() keeps the tokens
      \p{L}[\p{L}\p{M}\p{N}]*                               # words, hyphenated, O'Brien
        (?:(?:-|[%(a)s](?!%(c)s))[\p{L}\p{N}][\p{L}\p{M}\p{N}]*)*
        (?: \.(?<=(?<![\p{L}\p{N}.])[A-Za-z]\.)(?:[A-Za-z]\.)+(?![A-Za-z])   # U.S.  U.N.  a.m.
          | \.(?<=(?<![\p{L}\p{N}])(?:%(abbr)s)\.)(?!\w)     # Oct.  Mr.  Gen.
            (?![\s%(a)s"\u201c\u201d)\]]*$)                       # ... but "Co." ends a text
            (?!(?<=(?<![\p{L}\p{N}])(?:%(months)s)\.)\s+\p{Lu})    # and "Jun. Japan" a sentence
        )?
    | \d{4}-\d{2}-\d{2}(?!\d)                               # 2023-09-07
    | \d+(?:[.,:/]\d+)*\p{L}*                               # 1,000  1.5  7th  10:30  1.5m  20km
    | \p{N}[\p{L}\p{M}\p{N}]*                               # other digits (superscripts, ...)
    | [%(a)s]%(c)s                                          # 's  're  ...
    | \.{3}|\u2026
    | [^\s\p{L}\p{N}]
    )
    """
    % {"a": _APOS, "c": _CLITIC, "abbr": "|".join(ABBREVIATIONS), "months": "|".join(MONTH_ABBREVIATIONS)},
    regex.VERBOSE,
)
_NT = ("n't", "n\u2019t")
_BLANK_LINE_RE = regex.compile(r"\n[ \t\r\f\v]*\n")

# Curly apostrophes fold to ' in `lowers`, so a rule's 's also matches "Russia’s".
_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'"})

_SENTENCE_END = frozenset({".", "!", "?", "\u2026", "..."})
_CLOSERS = frozenset({'"', "'", ")", "]", "\u201d", "\u2019"})


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: its text and its tokens as parallel tuples (document offsets)."""

    index: int
    start: int
    end: int
    text: str
    words: tuple[str, ...]
    lowers: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def __len__(self) -> int:
        return len(self.words)

    def span_text(self, i: int, j: int) -> str:
        """Text of tokens i..j-1, as it stands in the sentence."""
        return self.text[self.starts[i] - self.start : self.ends[j - 1] - self.start]


def _token_arrays(text: str) -> tuple[list[str], list[int], list[int]]:
    """Tokens of `text` with their start and end offsets.

    split() with one capturing group yields [gap, token, gap, token, ..., gap];
    running sums of the piece lengths give every offset without a Python-level
    loop over the tokens.
    """
    parts = _TOKEN_RE.split(text)
    cum = list(accumulate(map(len, parts)))
    words = parts[1::2]
    starts = cum[0:-1:2]
    ends = cum[1::2]
    if "n't" in text or "n\u2019t" in text:
        words, starts, ends = _split_negation(words, starts, ends)
    return words, starts, ends


def _split_negation(words: list[str], starts: list[int], ends: list[int]) -> tuple[list[str], list[int], list[int]]:
    """didn't -> did + n't (the form rules and the negation guard look for)."""
    w2: list[str] = []
    s2: list[int] = []
    e2: list[int] = []
    for w, s, e in zip(words, starts, ends, strict=True):
        if len(w) > 3 and w.endswith(_NT):
            cut = e - 3
            w2 += [w[:-3], w[-3:]]
            s2 += [s, cut]
            e2 += [cut, e]
        else:
            w2.append(w)
            s2.append(s)
            e2.append(e)
    return w2, s2, e2


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """All tokens of `text` as (word, start, end)."""
    return list(zip(*_token_arrays(text), strict=True))


def _lowers(words: list[str]) -> list[str]:
    # Tokens never contain spaces, so one join/lower/split does every token at C speed.
    return " ".join(words).lower().translate(_FOLD).split(" ") if words else []


def split_sentences(text: str) -> list[Sentence]:
    """Split a document into sentences.

    A sentence ends at . ! ? (plus closing quotes) when the next token starts a
    new sentence (capital letter, digit or quote), and always at a blank line.
    Single newlines are ignored because wire copy is often hard-wrapped.
    """
    words, starts, ends = _token_arrays(text)
    n = len(words)
    if not n:
        return []
    lowers = _lowers(words)
    cuts: set[int] = set()  # index of the last token of a sentence
    for i in [i for i, w in enumerate(words) if w in _SENTENCE_END]:
        j = i + 1
        while j < n and words[j] in _CLOSERS:
            j += 1
        if j >= n or _starts_sentence(words[j]):
            cuts.add(j - 1)
    for m in _BLANK_LINE_RE.finditer(text):
        k = bisect_left(starts, m.end())  # first token after the blank line
        if 0 < k < n and ends[k - 1] <= m.start():
            cuts.add(k - 1)
    cuts.add(n - 1)
    out: list[Sentence] = []
    first = 0
    for last in sorted(cuts):
        a, b = first, last + 1
        s0, s1 = starts[a], ends[last]
        out.append(
            Sentence(
                len(out),
                s0,
                s1,
                text[s0:s1],
                tuple(words[a:b]),
                tuple(lowers[a:b]),
                tuple(starts[a:b]),
                tuple(ends[a:b]),
            )
        )
        first = b
    return out


def _starts_sentence(word: str) -> bool:
    c = word[0]
    return c.isupper() or c.isdigit() or c in "\"'(\u201c\u2018["


def make_sentence(text: str) -> Sentence:
    """The whole of `text` as one sentence (for rule examples and tests)."""
    words, starts, ends = _token_arrays(text)
    if not words:
        return Sentence(0, 0, 0, "", (), (), (), ())
    s0, s1 = starts[0], ends[-1]
    return Sentence(0, s0, s1, text[s0:s1], tuple(words), tuple(_lowers(words)), tuple(starts), tuple(ends))
