"""A progress bar for `apply` on stderr: documents/s, events/s, and an ETA from the bytes of input read.

Only on a terminal (never in pipes, logs or CI) and never on stdout, which
carries nothing but events. Updates are throttled so the bar costs nothing
measurable per document.
"""

from __future__ import annotations

import sys
import time
from typing import IO

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

_EVERY = 0.2  # seconds between redraws


class ApplyProgress:
    """Counts documents and events; draws a bar when `enabled`. Use as a context manager."""

    def __init__(self, enabled: bool, total_bytes: int | None, stream: IO[str] | None = None) -> None:
        self.enabled = enabled
        self.total = total_bytes or None
        self.docs = 0
        self.events = 0
        self._start = time.monotonic()
        self._last = 0.0
        self._done_bytes = 0
        self._bar: Progress | None = None
        self._task: TaskID | None = None
        self.console = Console(file=stream or sys.stderr, highlight=False)

    def __enter__(self) -> ApplyProgress:
        self._start = time.monotonic()
        if self.enabled:
            self._bar = Progress(
                TextColumn("coding"),
                BarColumn(),
                TaskProgressColumn(),
                TextColumn("{task.fields[docs]:,} docs {task.fields[dps]:,.0f}/s"),
                TextColumn("{task.fields[events]:,} events {task.fields[eps]:,.0f}/s"),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=self.console,
                transient=False,
            )
            self._bar.start()
            self._task = self._bar.add_task("coding", total=self.total, docs=0, events=0, dps=0.0, eps=0.0)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._redraw(self._done_bytes)
            self._bar.stop()
            self._bar = None

    def update(self, docs: int, events: int, bytes_read: int) -> None:
        """Add `docs` documents and `events` events; `bytes_read` is the input consumed so far."""
        self.docs += docs
        self.events += events
        self._done_bytes = bytes_read
        if self._bar is None:
            return
        now = time.monotonic()
        if now - self._last >= _EVERY:
            self._last = now
            self._redraw(bytes_read)

    def _redraw(self, bytes_read: int) -> None:
        assert self._bar is not None and self._task is not None
        secs = max(time.monotonic() - self._start, 1e-9)
        self._bar.update(
            self._task,
            completed=bytes_read if self.total else self.docs,
            docs=self.docs,
            events=self.events,
            dps=self.docs / secs,
            eps=self.events / secs,
        )

    def message(self, text: str) -> None:
        """A line on stderr that does not tear the bar."""
        if self._bar is not None:
            self.console.print(text, markup=False, highlight=False, soft_wrap=True)
        else:
            print(text, file=sys.stderr)
