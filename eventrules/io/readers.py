"""Inputs -> Documents. Bad records are reported with path:line and skipped.

Accepted inputs: .txt files (one document each, the path is its id),
directories (walked recursively, sorted), .jsonl files with `id`, `date` and
`text` per line, and "-" for stdin (JSON Lines if it starts with "{").
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from eventrules.document import Document, parse_date

# Called with (path, line, reason) for every record that is skipped.
Report = Callable[[str, int, str], None]

_SNIFF = 8192


def read_inputs(inputs: Iterable[str], default_date: dt.date | None, report: Report) -> Iterator[Document]:
    for name in inputs:
        if name == "-":
            yield from _read_bytes("<stdin>", sys.stdin.buffer.read(), default_date, report, sniff=True)
            continue
        p = Path(name)
        if p.is_dir():
            for f in sorted(x for x in p.rglob("*") if x.is_file()):
                yield from _read_file(f, default_date, report)
        elif p.is_file():
            yield from _read_file(p, default_date, report)
        else:
            report(name, 0, "no such file or directory")


def _read_file(p: Path, default_date: dt.date | None, report: Report) -> Iterator[Document]:
    try:
        data = p.read_bytes()
    except OSError as e:
        report(str(p), 0, f"cannot read: {e.strerror or e}")
        return
    yield from _read_bytes(str(p), data, default_date, report, sniff=False, jsonl=p.suffix == ".jsonl")


def _read_bytes(
    path: str, data: bytes, default_date: dt.date | None, report: Report, sniff: bool, jsonl: bool = False
) -> Iterator[Document]:
    if not data.strip():
        report(path, 0, "empty file")
        return
    if b"\x00" in data[:_SNIFF]:
        report(path, 0, "binary file (contains NUL bytes)")
        return
    if sniff:
        jsonl = data.lstrip()[:1] == b"{"
    if jsonl:
        yield from _read_jsonl(path, data, default_date, report)
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        report(path, line, f"invalid UTF-8 (byte {e.start})")
        return
    yield Document(path, text, default_date)


def _read_jsonl(path: str, data: bytes, default_date: dt.date | None, report: Report) -> Iterator[Document]:
    for lineno, raw in enumerate(data.split(b"\n"), 1):
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            report(path, lineno, f"invalid UTF-8 (byte {e.start} of the line)")
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            report(path, lineno, f"malformed JSON: {e.msg} (column {e.colno})")
            continue
        if not isinstance(rec, dict):
            report(path, lineno, "a record must be a JSON object")
            continue
        text = rec.get("text")
        if not isinstance(text, str) or not text.strip():
            report(path, lineno, "record has no text")
            continue
        date = default_date
        if rec.get("date"):
            try:
                date = parse_date(rec["date"])
            except (ValueError, TypeError):
                report(path, lineno, f"invalid date {rec['date']!r}")
                continue
        doc_id = rec.get("id")
        yield Document(str(doc_id) if doc_id is not None else f"{path}:{lineno}", text, date)
