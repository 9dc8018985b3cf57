"""Dask: code documents on a dask.distributed cluster, or inside your own dask.bag / dask.dataframe.

    rules = eventrules.load_rules()
    events = apply_bag(rules, bag)              # a bag of documents -> a bag of event dicts
    table = apply_dataframe(rules, frame)       # id/text/date columns -> one row per event (io.tables.COLUMNS)

`apply --dask ADDRESS` (or `--dask local`) uses `DaskExecutor`, the same
chunked, ordered stream as `--jobs`, with the compiled rules broadcast once
to every worker. Workers need eventrules (same version) installed; they never
read rule files, so the cluster needs no shared file system.
Requires the `dask` extra: pip install 'eventrules[dask]'.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import os
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from eventrules.assemble import Event
from eventrules.document import Document, parse_date
from eventrules.io.tables import COLUMNS, NAMES, flat_row
from eventrules.parallel import DocResult, Result, code_documents
from eventrules.ruleset import RuleSet


class DaskExecutor:
    """Chunks coded on a dask.distributed cluster: `address` is a scheduler address, or "local" for a LocalCluster."""

    def __init__(self, rules: RuleSet, address: str, workers: int | None = None) -> None:
        distributed: Any = importlib.import_module("distributed")  # typed Any: dask's typing varies by version
        Client, LocalCluster = distributed.Client, distributed.LocalCluster
        self.cluster: Any = None
        if address == "local":
            self.cluster = LocalCluster(
                n_workers=workers or os.cpu_count() or 1,
                threads_per_worker=1,  # the matcher is pure Python: one thread per process
                processes=True,
                dashboard_address=":0",
                silence_logs=logging.ERROR,
            )
            self.client: Any = Client(self.cluster)
        else:
            self.client = Client(address)
        threads = sum(self.client.nthreads().values()) or 1
        self.window = 3 * threads
        # Every worker deserializes the rules once and keeps them; tasks refer to them by key.
        self.rules = self.client.scatter(rules, broadcast=True, hash=False)

    def submit(self, docs: list[Document]) -> Result:
        fut: Result = self.client.submit(code_documents, self.rules, docs, pure=False)
        return fut

    def close(self, abort: bool = False) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def as_document(item: Any, default_date: dt.date | None = None) -> Document:
    """A Document from a Document, a mapping with `text` (and `id`, `date`), or a plain string."""
    if isinstance(item, Document):
        return item
    if isinstance(item, str):
        return Document("text", item, default_date)
    if isinstance(item, Mapping):
        date = item.get("date")
        return Document(str(item.get("id", "text")), str(item["text"]), parse_date(date) if date else default_date)
    raise TypeError(f"not a document: {type(item).__name__}")


def _code_partition(items: Iterable[Any], rules: RuleSet, default_date: dt.date | None) -> list[Event]:
    docs = [as_document(x, default_date) for x in items]
    out: list[Event] = []
    for events, _ in code_documents(rules, docs):
        out += events
    return out


def apply_bag(rules: RuleSet, bag: Any, date: str | dt.date | None = None) -> Any:
    """A dask.bag of documents (Documents, {"id", "text", "date"} dicts or strings) -> a dask.bag of events,
    in order. A document the engine fails on yields no events (the CLI reports these; here they are skipped)."""
    delayed: Any = importlib.import_module("dask").delayed
    ruleset = delayed(rules, name=f"eventrules-rules-{uuid.uuid4().hex}")
    return bag.map_partitions(_code_partition, ruleset, parse_date(date))


def _dtypes() -> dict[str, str]:
    kinds = {"str": "object", "int": "Int64", "float": "float64"}
    return {name: kinds[t] for name, t, _ in COLUMNS}


def events_frame(events: Iterable[Event]) -> Any:
    """Events -> a pandas DataFrame with the flat columns of `eventrules.io.tables.COLUMNS`."""
    import pandas as pd

    rows = [flat_row(ev) for ev in events]
    return pd.DataFrame.from_records(rows, columns=NAMES).astype(_dtypes())


def _code_frame(
    frame: Any, rules: RuleSet, id_col: str, text_col: str, date_col: str | None, default_date: dt.date | None
) -> Any:
    docs = []
    for rec in frame.to_dict("records"):
        text = rec.get(text_col)
        if not isinstance(text, str) or not text.strip():
            continue
        raw_date = rec.get(date_col) if date_col else None
        try:
            date = parse_date(str(raw_date)) if isinstance(raw_date, str | dt.date) and raw_date else default_date
        except ValueError:
            date = default_date
        docs.append(Document(str(rec.get(id_col)), text, date))
    results: list[DocResult] = code_documents(rules, docs)
    return events_frame(ev for events, _ in results for ev in events)


def apply_dataframe(
    rules: RuleSet,
    frame: Any,
    id_col: str = "id",
    text_col: str = "text",
    date_col: str | None = "date",
    default_date: str | dt.date | None = None,
) -> Any:
    """A dask.dataframe with id, text and (optional) date columns -> a dask.dataframe of events, one row per
    event with the columns of `eventrules.io.tables.COLUMNS`, in document order."""
    delayed: Any = importlib.import_module("dask").delayed
    ruleset = delayed(rules, name=f"eventrules-rules-{uuid.uuid4().hex}")
    if date_col is not None and date_col not in frame.columns:
        date_col = None
    meta = events_frame([])
    return frame.map_partitions(_code_frame, ruleset, id_col, text_col, date_col, parse_date(default_date), meta=meta)
