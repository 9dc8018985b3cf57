"""How `apply` throughput scales with workers: --jobs 1/2/... and Dask LocalClusters of 1/2/... workers.

Loads the rules once, then for each configuration starts the workers (timed
apart: the pool's fork, or the cluster's start and the broadcast of the rules),
streams the same documents through the same ordered pipeline as the CLI and
prints documents/s, sentences/s and MB/s, and the speed-up over one in-process
worker. Every configuration's output is checked to be identical to --jobs 1.

    python benchmarks/scaling.py [--corpus PATH] [--limit N] [--workers 1,2] [--rules PATH]...
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eventrules import load_rules  # noqa: E402
from eventrules.batch import run  # noqa: E402
from eventrules.io.readers import InputReader  # noqa: E402
from eventrules.parallel import Executor, InProcess, ProcessPool  # noqa: E402
from eventrules.progress import ApplyProgress  # noqa: E402
from eventrules.text import split_sentences  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "wikinews_politics.jsonl"


class HashWriter:
    """Stands in for EventWriter: serializes like the JSONL writer, keeps only a digest."""

    def __init__(self) -> None:
        self.h = hashlib.sha256()
        self.count = 0

    def write(self, events: Any) -> int:
        n = 0
        for ev in events:
            self.h.update((json.dumps(ev, ensure_ascii=False) + "\n").encode())
            n += 1
        self.count += n
        return n

    def checkpoint(self) -> int:
        return 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int, default=1000, help="documents (default 1000)")
    ap.add_argument("--workers", default="1,2", help="worker counts, comma-separated")
    ap.add_argument("--rules", action="append", default=[], help="default: the bundled pack")
    ap.add_argument("--no-dask", action="store_true")
    args = ap.parse_args()

    with args.corpus.open("rb") as f:
        data = b"".join(line for _, line in zip(range(args.limit), f, strict=False))
    tmp = Path(f"/tmp/eventrules-scaling-{args.limit}.jsonl")
    tmp.write_bytes(data)
    reader0 = InputReader([str(tmp)], None, lambda *a: None)
    docs = [r.doc for r in reader0]
    sentences = sum(len(split_sentences(d.text)) for d in docs)
    mb = len(data) / 1e6
    t = time.perf_counter()
    rules = load_rules(*args.rules)
    print(
        f"{len(rules.rules)} rules loaded in {time.perf_counter() - t:.1f} s; {len(docs)} documents, "
        f"{sentences:,} sentences, {mb:.2f} MB"
    )

    configs: list[tuple[str, Any]] = []
    for n in (int(x) for x in args.workers.split(",")):
        configs.append((f"--jobs {n}", (lambda n=n: InProcess(rules) if n == 1 else ProcessPool(rules, n))))
    if not args.no_dask:
        try:
            from eventrules.dask import DaskExecutor

            for n in (int(x) for x in args.workers.split(",")):
                configs.append((f"--dask local, {n} workers", (lambda n=n: DaskExecutor(rules, "local", n))))
        except ImportError:
            print("dask is not installed: skipping the Dask runs")

    print(f"{'configuration':<26} {'start s':>8} {'docs/s':>8} {'sent/s':>8} {'MB/s':>6} {'speed-up':>9}  output")
    base = None
    ref = None
    for name, make in configs:
        t = time.perf_counter()
        executor: Executor = make()
        start = time.perf_counter() - t
        writer = HashWriter()
        t = time.perf_counter()
        try:
            with ApplyProgress(False, None, io.StringIO()) as progress:
                run(InputReader([str(tmp)], None, lambda *a: None), executor, writer, progress, lambda *a: None)  # type: ignore[arg-type]
        finally:
            secs = time.perf_counter() - t
            executor.close()
        digest = writer.h.hexdigest()
        ref = ref or digest
        base = base or secs
        same = "identical" if digest == ref else "DIFFERENT"
        print(
            f"{name:<26} {start:>8.1f} {len(docs) / secs:>8.1f} {sentences / secs:>8.0f} {mb / secs:>6.2f} "
            f"{base / secs:>8.2f}x  {writer.count} events, {same}",
            flush=True,
        )
    tmp.unlink()


if __name__ == "__main__":
    main()
