"""PETRARCH discard files -> eventrules discards.

YEARS LATER          a sentence naming the phrase is dropped
+MANCHESTER UNITED   `+`: the whole story is dropped
"""

from __future__ import annotations

from pathlib import Path

from eventrules.legacy.common import Report, lines, phrase_words


def phrase_pattern(words: list[str]) -> str:
    """Words matched exactly, in any case (quoted lowercase words are not inflected)."""
    return " ".join('"' + w.replace('"', "") + '"' for w in words)


def convert(path: str | Path, report: Report) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for ln in lines(path):
        story = ln.text.startswith("+")
        words = phrase_words(ln.text.lstrip("+"))
        if not words:
            report.skip(ln, "discard", "no phrase on the line")
            continue
        out.append({"pattern": phrase_pattern(words), "scope": "story" if story else "sentence"})
        report.ok("discard")
    return out
