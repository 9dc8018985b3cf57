"""Document -> sentences -> tokens, keeping character offsets into the document.

Tokens are stored as parallel tuples on each Sentence (words, lowers, starts,
ends) rather than one object per token: it is cheaper to build and the matcher
only ever needs `lowers` and, for case-sensitive literals, `words`.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

# Abbreviations that keep their period, so "Oct. 1" or "Gen. Smith" never end a sentence.
ABBREVIATIONS = (
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec "
    "Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun "
    "Mr Mrs Ms Dr Prof Gen Lt Col Capt Sgt Adm Maj Cmdr Gov Sen Rep Rev Pres "
    "St Mt Ft Jr Sr Inc Corp Co Ltd No vs etc approx est"
).split()

_APOS = "'\u2019\u2018"
_TOKEN_RE = regex.compile(
    r"""
    (?:[A-Za-z]\.){2,}(?![A-Za-z])                 # U.S.  U.N.  U.K.  a.m.
  | (?:%s)\.(?!\w)                                 # Oct.  Mr.  Gen.
  | \d{4}-\d{2}-\d{2}(?!\d)                        # 2023-09-07
  | \d+(?:[.,:/]\d+)*(?:st|nd|rd|th)?(?![\p{L}\d]) # 1,000  1.5  7th  10:30
  | \p{L}+(?=n[%s]t\b)                             # did|n't
  | n[%s]t\b
  | [%s](?:s|re|ve|ll|d|m)\b(?!\p{L})              # 's  're  ...
  | [\p{L}\p{N}][\p{L}\p{M}\p{N}]*                # words, hyphenated, O'Brien
      (?:(?:-|[%s](?!(?:s|re|ve|ll|d|m)\b))[\p{L}\p{N}][\p{L}\p{M}\p{N}]*)*
  | \.{3}|\u2026
  | [^\s\p{L}\p{N}]
    """
    % ("|".join(ABBREVIATIONS), _APOS, _APOS, _APOS, _APOS),
    regex.VERBOSE,
)
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


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """All tokens of `text` as (word, start, end)."""
    return [(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]


def split_sentences(text: str) -> list[Sentence]:
    """Split a document into sentences.

    A sentence ends at . ! ? (plus closing quotes) when the next token starts a
    new sentence (capital letter, digit or quote), and always at a blank line.
    Single newlines are ignored because wire copy is often hard-wrapped.
    """
    toks = tokenize(text)
    paragraph_breaks = [m.start() for m in _BLANK_LINE_RE.finditer(text)]
    out: list[Sentence] = []
    n = len(toks)
    first = 0
    pb = 0
    i = 0
    while i < n:
        word, _, end = toks[i]
        cut = False
        if word in _SENTENCE_END:
            j = i + 1
            while j < n and toks[j][0] in _CLOSERS:
                j += 1
            if j >= n or _starts_sentence(toks[j][0]):
                i = j - 1
                cut = True
        elif i + 1 < n:
            nxt_start = toks[i + 1][1]
            while pb < len(paragraph_breaks) and paragraph_breaks[pb] < end:
                pb += 1
            if pb < len(paragraph_breaks) and paragraph_breaks[pb] < nxt_start:
                cut = True
        if cut or i == n - 1:
            out.append(_make_sentence(text, len(out), toks[first : i + 1]))
            first = i + 1
        i += 1
    return out


def _starts_sentence(word: str) -> bool:
    c = word[0]
    return c.isupper() or c.isdigit() or c in "\"'(\u201c\u2018["


def _make_sentence(text: str, index: int, toks: list[tuple[str, int, int]]) -> Sentence:
    words = tuple(t[0] for t in toks)
    starts = tuple(t[1] for t in toks)
    ends = tuple(t[2] for t in toks)
    start, end = starts[0], ends[-1]
    return Sentence(
        index=index,
        start=start,
        end=end,
        text=text[start:end],
        words=words,
        lowers=tuple(w.lower().translate(_FOLD) for w in words),
        starts=starts,
        ends=ends,
    )


def make_sentence(text: str) -> Sentence:
    """The whole of `text` as one sentence (for rule examples and tests)."""
    toks = tokenize(text)
    if not toks:
        return Sentence(0, 0, 0, "", (), (), (), ())
    return _make_sentence(text, 0, toks)
