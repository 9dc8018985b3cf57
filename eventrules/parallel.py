"""Coding a stream of documents on several processes, in input order.

Documents are cut into chunks (a few dozen documents, a bounded number of
characters). A chunk is the unit of work everywhere: in-process, on a local
process pool (`apply --jobs N`) and on a Dask cluster (`eventrules.dask`).
Only a fixed window of chunks is in flight at once and results are taken in
submission order, so the output is the same bytes in the same order as a
single-process run, and memory stays bounded however long the input is.

Each worker gets the compiled RuleSet once: inherited through fork where
the platform forks, else sent pickled to the pool initializer (Dask
broadcasts it to every worker once).
"""

from __future__ import annotations

import concurrent.futures as cf
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Protocol, TypeVar

from eventrules.assemble import Event
from eventrules.document import Document
from eventrules.ruleset import RuleSet

# A document's events, and the message of an internal error that stopped it (None if it went well).
DocResult = tuple[list[Event], str | None]

T = TypeVar("T")

CHUNK_DOCS = 64
CHUNK_CHARS = 200_000


def code_documents(rules: RuleSet, docs: Sequence[Document]) -> list[DocResult]:
    """Every document's events; an internal error is caught per document, never stops the chunk."""
    out: list[DocResult] = []
    for doc in docs:
        try:
            out.append((rules.process(doc), None))
        except Exception as e:
            out.append(([], f"internal error while coding this document: {e!r}"))
    return out


def chunked(
    items: Iterable[T], size: Callable[[T], int], max_items: int | None = None, max_size: int | None = None
) -> Iterator[list[T]]:
    """Consecutive runs of items, each at most max_items long and (past its first item) max_size big."""
    max_items = max_items or CHUNK_DOCS
    max_size = max_size or CHUNK_CHARS
    chunk: list[T] = []
    total = 0
    for item in items:
        n = size(item)
        if chunk and (len(chunk) >= max_items or total + n > max_size):
            yield chunk
            chunk, total = [], 0
        chunk.append(item)
        total += n
    if chunk:
        yield chunk


class Result(Protocol):
    def result(self) -> list[DocResult]: ...


class Executor(Protocol):
    """Somewhere to code chunks: `window` chunks may be in flight at once."""

    window: int

    def submit(self, docs: list[Document]) -> Result: ...

    def close(self, abort: bool = False) -> None: ...


class _Done:
    __slots__ = ("value",)

    def __init__(self, value: list[DocResult]) -> None:
        self.value = value

    def result(self) -> list[DocResult]:
        return self.value


class InProcess:
    """Codes each chunk on submission, in this process: the --jobs 1 path."""

    window = 1

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules

    def submit(self, docs: list[Document]) -> Result:
        return _Done(code_documents(self.rules, docs))

    def close(self, abort: bool = False) -> None:
        pass


_worker_rules: RuleSet | None = None


def _init_worker(rules: RuleSet) -> None:
    global _worker_rules
    _worker_rules = rules
    # Ctrl-C reaches the whole process group: only the main process handles it (it stops the workers).
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _code_in_worker(docs: list[Document]) -> list[DocResult]:
    assert _worker_rules is not None, "worker not initialized"
    return code_documents(_worker_rules, docs)


class ProcessPool:
    """N local worker processes (`apply --jobs N`)."""

    def __init__(self, rules: RuleSet, jobs: int) -> None:
        self.window = 3 * jobs
        self.pool = cf.ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(rules,))
        # Start the workers now, before any other thread (a progress bar) exists: forking a threaded process is unsafe.
        self.pool.submit(int).result()

    def submit(self, docs: list[Document]) -> Result:
        return self.pool.submit(_code_in_worker, docs)

    def close(self, abort: bool = False) -> None:
        """Stop the workers: after the last result, or at once (`abort`) when the run was interrupted."""
        if abort:
            # shutdown() alone can wait forever on workers whose queue was cut mid-message by the interrupt.
            for proc in list(getattr(self.pool, "_processes", {}).values()):
                proc.terminate()
        self.pool.shutdown(wait=not abort, cancel_futures=True)


def ordered(
    chunks: Iterable[list[T]], docs_of: Callable[[T], Document], executor: Executor
) -> Iterator[tuple[list[T], list[DocResult]]]:
    """(chunk, its DocResults) for every chunk, in submission order, with at most `executor.window` in flight."""
    pending: deque[tuple[list[T], Result]] = deque()
    for chunk in chunks:
        pending.append((chunk, executor.submit([docs_of(x) for x in chunk])))
        if len(pending) >= executor.window:
            c, r = pending.popleft()
            yield c, r.result()
    while pending:
        c, r = pending.popleft()
        yield c, r.result()
