"""What every legacy reader shares: lines without comments, the report, YAML output."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml


@dataclass(frozen=True, slots=True)
class Line:
    """One legacy line with its comment removed; `raw` keeps the original for messages."""

    path: str
    number: int
    text: str
    raw: str
    indented: bool


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    line: int
    reason: str
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}: {self.text.strip()}"


@dataclass
class Report:
    """Every legacy line that did not carry over (with file:line and why), and counts of what did."""

    problems: list[Problem] = field(default_factory=list)
    converted: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    notes: list[Problem] = field(default_factory=list)  # converted, but only approximately

    def skip(self, line: Line, what: str, reason: str) -> None:
        self.problems.append(Problem(line.path, line.number, reason, line.raw))
        self.skipped[what] += 1

    def approx(self, line: Line, reason: str) -> None:
        self.notes.append(Problem(line.path, line.number, reason, line.raw))

    def ok(self, what: str, n: int = 1) -> None:
        self.converted[what] += n

    def loss(self, what: str) -> float:
        total = self.converted[what] + self.skipped[what]
        return self.skipped[what] / total if total else 0.0

    def summary(self) -> str:
        kinds = sorted(set(self.converted) | set(self.skipped))
        parts = []
        for k in kinds:
            total = self.converted[k] + self.skipped[k]
            parts.append(f"{k}: {self.converted[k]} of {total} converted ({100 * self.loss(k):.1f}% lost)")
        return "; ".join(parts) + f"; {len(self.notes)} approximated"

    def merge(self, other: Report) -> None:
        self.problems += other.problems
        self.notes += other.notes
        self.converted.update(other.converted)
        self.skipped.update(other.skipped)


_XML_COMMENT = re.compile(r"<!--.*?-->", re.S)


def read_text(path: str | Path) -> str:
    """Legacy files are ASCII with a few Latin-1 bytes: UTF-8 if it decodes, else Latin-1."""
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def lines(path: str | Path, comment: str = "#;") -> Iterator[Line]:
    """Non-blank lines without `#`/`;` comments and `<!-- -->` blocks, numbered as in the file."""
    text = read_text(path)
    # Blank out XML comments but keep their newlines, so line numbers stay right.
    text = _XML_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    for k, raw in enumerate(text.splitlines(), 1):
        body = _strip_comment(raw, comment)
        if body.lstrip().startswith("<!"):
            continue  # a malformed `<! -- ... -->` comment line
        if body.strip():
            yield Line(str(path), k, body.strip(), raw, raw[:1] in ("\t", " "))


def _strip_comment(raw: str, comment: str) -> str:
    """Cut at the first comment character outside [...] (`[###]` is a code, not a comment)."""
    depth = 0
    for k, c in enumerate(raw):
        if c == "[":
            depth += 1
        elif c == "]":
            depth = max(0, depth - 1)
        elif c in comment and depth == 0:
            return raw[:k]
    return raw


def legacy_date(text: str) -> dt.date | None:
    """TABARI/PETRARCH dates: YYYYMMDD, or YYMMDD (years below 30 are 20xx)."""
    t = text.strip()
    if not t.isdigit():
        return None
    try:
        if len(t) == 8:
            return dt.date(int(t[:4]), int(t[4:6]), int(t[6:]))
        if len(t) == 6:
            yy = int(t[:2])
            return dt.date(2000 + yy if yy < 30 else 1900 + yy, int(t[2:4]), int(t[4:]))
    except ValueError:
        return None
    return None


def words_of(phrase: str) -> list[str]:
    """A legacy phrase's words: `_` and spaces both separate words."""
    return [w for w in re.split(r"[\s_]+", phrase) if w]


def phrase_words(phrase: str) -> list[str]:
    """A legacy dictionary phrase as lowercase words (`_` and spaces join words; `+`/`_` marks dropped)."""
    return [w.lower().strip("+=") for w in words_of(phrase) if w.strip("+=")]


def dump_yaml(data: object, header: str) -> str:
    """YAML text with a comment header; keys keep their insertion order."""
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120, default_flow_style=None)
    head = "".join(f"# {h}\n" if h else "#\n" for h in header.splitlines())
    return head + body
