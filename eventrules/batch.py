"""The `apply` job: inputs -> chunks -> an executor -> a writer, with progress and resumption.

Resumption (`apply --resume -o OUT`): a completion log, OUT.resume, records
the inputs and, every few seconds, a checkpoint: "every record up to input
file i, line n is coded, and its events are the first b bytes of OUT". A
resumed run cuts OUT back to b bytes (dropping events written after the last
checkpoint), skips what the checkpoint covers, and appends. No event is lost
or written twice, whatever moment the first run was stopped at.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventrules.io.readers import STDIN, InputReader, Record
from eventrules.io.writers import EventWriter
from eventrules.parallel import Executor, chunked, ordered
from eventrules.progress import ApplyProgress

CHECKPOINT_EVERY = 2.0  # seconds


class ResumeError(Exception):
    """The completion log does not fit this run (other inputs, another format, output missing)."""


@dataclass(frozen=True, slots=True)
class Checkpoint:
    file: int  # index among the expanded input files; len(files) when the run completed
    line: int  # the last line done in that file (0: a whole-file document)
    bytes: int  # the output's length at that point


class ResumeLog:
    """OUT.resume: a header line with the inputs and format, then one checkpoint per line."""

    def __init__(self, output: Path, files: list[str], fmt: str) -> None:
        self.path = Path(str(output) + ".resume")
        self.output = output
        self.header = {"eventrules_resume": 1, "inputs": files, "format": fmt, "gzip": output.suffix == ".gz"}
        self.files = files
        self.last: Checkpoint | None = None
        self._f: Any = None

    def load(self) -> Checkpoint | None:
        """The last checkpoint of an interrupted run, or None to start afresh."""
        if STDIN in self.files:
            raise ResumeError("stdin cannot be resumed: give the input as files")
        if not self.path.is_file():
            return None
        lines = self.path.read_text(encoding="utf-8").splitlines()
        try:
            header = json.loads(lines[0]) if lines else None
        except json.JSONDecodeError:
            header = None
        if header != self.header:
            raise ResumeError(f"{self.path} belongs to another run (other inputs or format); remove it to start afresh")
        for line in lines[1:]:
            try:
                rec = json.loads(line)
                self.last = Checkpoint(int(rec["file"]), int(rec["line"]), int(rec["bytes"]))
            except (json.JSONDecodeError, KeyError, TypeError, ValueError):
                break  # a line torn by the interruption: the previous checkpoint stands
        if self.last is not None:
            if not self.output.is_file():
                raise ResumeError(f"{self.output} is missing; remove {self.path} to start afresh")
            if self.output.stat().st_size < self.last.bytes:
                raise ResumeError(f"{self.output} is shorter than {self.path} says; remove both to start afresh")
        return self.last

    def open(self) -> None:
        if self.last is None:
            self._f = open(self.path, "w", encoding="utf-8")  # noqa: SIM115 - closed in close()
            self._write(self.header)
        else:
            self._f = open(self.path, "a", encoding="utf-8")  # noqa: SIM115

    def skip(self, file: int, line: int) -> bool:
        """Is this record (line -1: this whole file) covered by the last checkpoint?"""
        cp = self.last
        if cp is None:
            return False
        if line < 0:
            return file < cp.file
        return (file, line) <= (cp.file, cp.line)

    def record(self, file: int, line: int, nbytes: int) -> None:
        self._write({"file": file, "line": line, "bytes": nbytes})

    def _write(self, rec: dict[str, Any]) -> None:
        self._f.write(json.dumps(rec) + "\n")
        self._f.flush()
        os.fsync(self._f.fileno())

    def close(self) -> None:
        if self._f is not None:
            self._f.close()
            self._f = None


@dataclass(slots=True)
class Totals:
    documents: int = 0
    events: int = 0


def run(
    reader: InputReader,
    executor: Executor,
    writer: EventWriter,
    progress: ApplyProgress,
    report: Any,
    log: ResumeLog | None = None,
) -> Totals:
    """Code every record of `reader` on `executor` and write the events in input order."""
    totals = Totals()
    last: Record | None = None
    last_cp = time.monotonic()
    chunks = chunked(reader, lambda r: len(r.doc.text))
    for chunk, results in ordered(chunks, lambda r: r.doc, executor):
        n = 0
        for rec, (events, err) in zip(chunk, results, strict=True):
            if err is not None:
                report(rec.doc.id, 0, err)
            n += writer.write(events)
        last = chunk[-1]
        totals.documents += len(chunk)
        totals.events += n
        progress.update(len(chunk), n, reader.bytes_read)
        if log is not None and time.monotonic() - last_cp >= CHECKPOINT_EVERY:
            log.record(last.file, last.line, writer.checkpoint())
            last_cp = time.monotonic()
    if log is not None:
        log.record(len(reader.files), 0, writer.checkpoint())
    return totals
