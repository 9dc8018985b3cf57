"""Errors are values with locations: rule-file diagnostics and bad-input reports."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A 1-based position in a file."""

    path: str
    line: int
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem in a rule file: an error, or a lint warning."""

    loc: Location
    message: str
    severity: str = "error"  # "error" | "warning"

    def format(self, source_line: str | None = None) -> str:
        """`file:line:col: severity: message`, then the line and a caret under the column."""
        head = f"{self.loc}: {self.severity}: {self.message}"
        if source_line is None:
            return head
        line = source_line.rstrip("\r\n").expandtabs(1)
        return f"{head}\n    {line}\n    {' ' * (self.loc.col - 1)}^"


class RuleError(Exception):
    """Raised by the rule loader and compiler; carries every diagnostic found."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics, key=lambda d: d.loc)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """' (did you mean X?)' when a close match exists, else ''."""
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    if not close:
        close = difflib.get_close_matches(name.upper(), [c.upper() for c in choices], n=1, cutoff=0.6)
    return f" (did you mean {close[0]}?)" if close else ""


def format_diagnostics(diagnostics: Iterable[Diagnostic]) -> str:
    """Each diagnostic with its source line and a caret, reading each file once."""
    cache: dict[str, list[str] | None] = {}
    out = []
    for d in diagnostics:
        if d.loc.path not in cache:
            try:
                with open(d.loc.path, encoding="utf-8", errors="replace") as f:
                    cache[d.loc.path] = f.read().splitlines()
            except OSError:
                cache[d.loc.path] = None
        lines = cache[d.loc.path]
        line = lines[d.loc.line - 1] if lines is not None and 0 < d.loc.line <= len(lines) else None
        out.append(d.format(line))
    return "\n".join(out)
