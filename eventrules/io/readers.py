"""Inputs -> Documents, streamed. Bad records are reported with path:line and skipped.

Accepted inputs: .txt files (one document each, the path is its id),
directories (walked recursively, sorted), .jsonl files with `id`, `date` and
`text` per line, and "-" for stdin (JSON Lines if it starts with "{").
A `.gz` suffix on any file is read through gzip (`news.jsonl.gz`, `a.txt.gz`).

JSON Lines are read one line at a time, so a corpus of any size streams
through in constant memory. `InputReader` also says how far it has got (bytes
of the input files, for a progress bar) and where each document came from
(file and line, for resuming an interrupted run).
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, cast

from eventrules.document import Document, parse_date

# Called with (path, line, reason) for every record that is skipped.
Report = Callable[[str, int, str], None]

_SNIFF = 8192
STDIN = "-"


@dataclass(frozen=True, slots=True)
class Record:
    """A document and where it came from: the index of its file among the inputs, and its line (0 for a whole file)."""

    doc: Document
    file: int
    line: int


def is_gzip(p: Path) -> bool:
    return p.suffix == ".gz"


def is_jsonl(p: Path) -> bool:
    return (Path(p.stem) if is_gzip(p) else p).suffix == ".jsonl"


def expand_inputs(inputs: Iterable[str]) -> list[str]:
    """The input files in reading order: directories walked (sorted), files and '-' kept, missing names kept
    (they are reported when reached)."""
    out: list[str] = []
    for name in inputs:
        p = Path(name)
        if name != STDIN and p.is_dir():
            out += [str(x) for x in sorted(x for x in p.rglob("*") if x.is_file())]
        else:
            out.append(name)
    return out


class InputReader:
    """Streams Records from input files, reporting bad ones.

    `total_bytes` is the size of the input files on disk (None when stdin is
    among them); `bytes_read` how much of it has been consumed (for gzip files,
    compressed bytes), so a progress bar can show an ETA.
    """

    def __init__(
        self,
        inputs: Iterable[str],
        default_date: dt.date | None,
        report: Report,
        *,
        skip: Callable[[int, int], bool] | None = None,
    ) -> None:
        self.files = expand_inputs(inputs)
        self.default_date = default_date
        self.report = report
        # skip(file_index, line) -> True for records already done (resumption); skipped files are not even opened.
        self.skip = skip
        self._done_bytes = 0
        self._raw: IO[bytes] | None = None
        sizes = [_size(f) for f in self.files]
        self.total_bytes: int | None = None if STDIN in self.files else sum(s for s in sizes if s is not None)
        self._sizes = sizes

    @property
    def bytes_read(self) -> int:
        pos = 0
        if self._raw is not None:
            try:
                pos = self._raw.tell()
            except (OSError, ValueError):
                pos = 0
        return self._done_bytes + pos

    def __iter__(self) -> Iterator[Record]:
        for i, name in enumerate(self.files):
            if self.skip is not None and self.skip(i, -1):
                self._done_bytes += self._sizes[i] or 0
                continue
            try:
                yield from self._read(i, name)
            finally:
                self._raw = None
                self._done_bytes += self._sizes[i] or 0

    def _read(self, i: int, name: str) -> Iterator[Record]:
        if name == STDIN:
            yield from self._read_stream(i, "<stdin>", sys.stdin.buffer, sniff=True, jsonl=False)
            return
        p = Path(name)
        if not p.is_file():
            self.report(name, 0, "no such file or directory")
            return
        try:
            raw = open(p, "rb")  # noqa: SIM115 - closed below, after the generator is done with it
        except OSError as e:
            self.report(str(p), 0, f"cannot read: {e.strerror or e}")
            return
        self._raw = raw
        try:
            f = cast(IO[bytes], gzip.GzipFile(fileobj=raw, mode="rb")) if is_gzip(p) else raw
            yield from self._read_stream(i, str(p), f, sniff=False, jsonl=is_jsonl(p))
        except (OSError, EOFError) as e:  # a truncated or corrupt gzip file, a read error
            self.report(str(p), 0, f"cannot read: {e}")
        finally:
            raw.close()

    def _read_stream(self, i: int, path: str, f: IO[bytes], sniff: bool, jsonl: bool) -> Iterator[Record]:
        head = f.read(_SNIFF)
        while head and not head.strip():  # leading blank space: read on to the first real byte
            more = f.read(_SNIFF)
            if not more:
                break
            head += more
        if not head.strip():
            self.report(path, 0, "empty file")
            return
        if b"\x00" in head[:_SNIFF]:
            self.report(path, 0, "binary file (contains NUL bytes)")
            return
        if sniff:
            jsonl = head.lstrip()[:1] == b"{"
        if jsonl:
            yield from self._read_jsonl(i, path, _lines(head, f))
            return
        if self.skip is not None and self.skip(i, 0):
            return
        data = head + f.read()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            line = data.count(b"\n", 0, e.start) + 1
            self.report(path, line, f"invalid UTF-8 (byte {e.start})")
            return
        yield Record(Document(path, text, self.default_date), i, 0)

    def _read_jsonl(self, i: int, path: str, lines: Iterator[bytes]) -> Iterator[Record]:
        default_date, report, skip = self.default_date, self.report, self.skip
        for lineno, raw in enumerate(lines, 1):
            if not raw.strip():
                continue
            if skip is not None and skip(i, lineno):
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
            yield Record(Document(str(doc_id) if doc_id is not None else f"{path}:{lineno}", text, date), i, lineno)


def _lines(head: bytes, rest: IO[bytes]) -> Iterator[bytes]:
    """The lines of `head` followed by the stream it was read from, split on b"\\n" only."""
    parts = head.split(b"\n")
    tail = parts.pop()
    yield from parts
    for line in rest:
        if tail:
            line, tail = tail + line, b""
        yield line[:-1] if line.endswith(b"\n") else line
    if tail:
        yield tail


def _size(name: str) -> int | None:
    if name == STDIN:
        return None
    try:
        return Path(name).stat().st_size
    except OSError:
        return None


def read_inputs(inputs: Iterable[str], default_date: dt.date | None, report: Report) -> Iterator[Document]:
    """Every good document of the inputs, in order (see InputReader for progress and provenance)."""
    for rec in InputReader(inputs, default_date, report):
        yield rec.doc
