"""Events -> JSON Lines (the reference), CSV or Parquet; byte-for-byte deterministic.

A `.gz` suffix on the output compresses JSON Lines and CSV. Writers stream:
events go out as they come, Parquet in row groups. `checkpoint()` makes
everything written so far durable and returns the byte offset where the file
may be cut and appended to again (each checkpoint ends a gzip member, and
gzip readers read concatenated members as one stream), which is what
`apply --resume` relies on.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any, cast

from eventrules.io.tables import COLUMNS, NAMES, flat_row

FORMATS = ("jsonl", "csv", "parquet")
_SUFFIX_FORMAT = {".jsonl": "jsonl", ".csv": "csv", ".parquet": "parquet"}
_PARQUET_BATCH = 10_000


class OutputError(Exception):
    """An output that cannot be written as asked (bad format/suffix combination, missing pyarrow)."""


def write_jsonl(events: Iterable[dict[str, Any]], out: IO[str]) -> int:
    n = 0
    for ev in events:
        out.write(json.dumps(ev, ensure_ascii=False))
        out.write("\n")
        n += 1
    return n


def infer_format(path: Path | None, fmt: str | None) -> str:
    """--format if given, else from the output's suffix (out.csv.gz -> csv), else jsonl."""
    if fmt is not None:
        if fmt not in FORMATS:
            raise OutputError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
        return fmt
    if path is None:
        return "jsonl"
    inner = Path(path.stem) if path.suffix == ".gz" else path
    return _SUFFIX_FORMAT.get(inner.suffix, "jsonl")


class EventWriter:
    """Writes events to a file (or stdout) in one of FORMATS."""

    def __init__(self, path: Path | None, fmt: str = "jsonl", *, append_at: int | None = None) -> None:
        """`append_at`: reopen an existing output, cut it at this byte offset and append (resumption)."""
        self.fmt = fmt
        self.path = path
        self.count = 0
        self.gz = path is not None and path.suffix == ".gz"
        if fmt == "parquet":
            if path is None:
                raise OutputError("Parquet output needs a file: use -o OUT.parquet")
            if self.gz:
                raise OutputError("Parquet is compressed already: drop the .gz suffix")
            if append_at is not None:
                raise OutputError("Parquet cannot be appended to: resume jsonl or csv, or write one shard per input")
            self._parquet = _ParquetSink(path)
            return
        self._own = path is not None
        if path is None:
            sys.stdout.flush()
            self._raw: IO[bytes] = getattr(sys.stdout, "buffer", None) or cast(IO[bytes], _TextAsBytes(sys.stdout))
        elif append_at is not None:
            self._raw = open(path, "r+b")  # noqa: SIM115 - closed in close()
            self._raw.truncate(append_at)
            self._raw.seek(append_at)
        else:
            self._raw = open(path, "wb")  # noqa: SIM115
        self._layer: IO[bytes] | None = None
        self._csv_buf = io.StringIO()
        self._csv = csv.writer(self._csv_buf, lineterminator="\n")
        if fmt == "csv" and not append_at:
            self._csv.writerow(NAMES)
            self._flush_csv()

    def _out(self) -> IO[bytes]:
        if self._layer is None:
            gz = gzip.GzipFile(filename="", fileobj=self._raw, mode="wb", mtime=0) if self.gz else None
            self._layer = cast(IO[bytes], gz) if gz is not None else self._raw
        return self._layer

    def _flush_csv(self) -> None:
        self._out().write(self._csv_buf.getvalue().encode("utf-8"))
        self._csv_buf.seek(0)
        self._csv_buf.truncate()

    def write(self, events: Iterable[dict[str, Any]]) -> int:
        n = 0
        if self.fmt == "jsonl":
            out = self._out()
            for ev in events:
                out.write((json.dumps(ev, ensure_ascii=False) + "\n").encode("utf-8"))
                n += 1
        elif self.fmt == "csv":
            for ev in events:
                row = flat_row(ev)
                self._csv.writerow(["" if row[k] is None else row[k] for k in NAMES])
                n += 1
            if n:
                self._flush_csv()
        else:
            for ev in events:
                self._parquet.add(flat_row(ev))
                n += 1
        self.count += n
        return n

    def checkpoint(self) -> int:
        """Flush and sync what has been written; the byte offset where a resumed run appends."""
        if self.fmt == "parquet":
            raise OutputError("Parquet output has no checkpoints")
        if self.gz and self._layer is not None:
            self._layer.close()  # ends the gzip member; the file stays open
            self._layer = None
        self._raw.flush()
        if self._own:
            os.fsync(self._raw.fileno())
            return self._raw.tell()
        return 0

    def close(self) -> None:
        if self.fmt == "parquet":
            self._parquet.close()
            return
        if self._layer is not None and self._layer is not self._raw:
            self._layer.close()
        self._layer = None
        if self._own:
            self._raw.close()
        else:
            self._raw.flush()


class _TextAsBytes(io.RawIOBase):
    """A bytes view of a text stream without a .buffer (some test harnesses replace sys.stdout)."""

    def __init__(self, text: IO[str]) -> None:
        self.text = text

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        self.text.write(bytes(b).decode("utf-8"))
        return len(b)

    def flush(self) -> None:
        self.text.flush()


class _ParquetSink:
    """Rows -> a Parquet file, one row group per _PARQUET_BATCH rows."""

    def __init__(self, path: Path) -> None:
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise OutputError("Parquet output needs pyarrow: pip install 'eventrules[parquet]'") from None
        types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64()}
        self._pa = pa
        self.schema = pa.schema([(name, types[t]) for name, t, _ in COLUMNS])
        self._writer = pq.ParquetWriter(str(path), self.schema)
        self._rows: list[dict[str, Any]] = []

    def add(self, row: dict[str, Any]) -> None:
        self._rows.append(row)
        if len(self._rows) >= _PARQUET_BATCH:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            self._writer.write_table(self._pa.Table.from_pylist(self._rows, schema=self.schema))
            self._rows = []

    def close(self) -> None:
        self._flush()
        self._writer.close()
