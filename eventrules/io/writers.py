"""Events -> JSON Lines, one event per line, byte-for-byte deterministic."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO, Any


def write_jsonl(events: Iterable[dict[str, Any]], out: IO[str]) -> int:
    n = 0
    for ev in events:
        out.write(json.dumps(ev, ensure_ascii=False))
        out.write("\n")
        n += 1
    return n
