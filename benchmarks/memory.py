"""Peak memory of `eventrules apply` as the corpus grows: it must stay flat (target: < 600 MB on 1 GB).

For each size, generates a JSON Lines corpus of about that many MB by repeating
the shared corpora (../shared/corpora/*.jsonl, each document given a fresh id),
in a temporary directory that is deleted afterwards, and streams it through
`python -m eventrules.cli apply` in a subprocess. Prints, per size: documents,
wall time, MB/s, and the peak RSS of the apply process (and of its whole
process tree, with --jobs). Finally the growth of peak RSS per extra GB.

    python benchmarks/memory.py                         # 1 GB, the bundled pack (slow: hours at ~700 sentences/s)
    python benchmarks/memory.py --sizes 4,16,64         # RSS at several sizes: flat means it streams
    python benchmarks/memory.py --sizes 1024 --rules examples/rules.yaml --jobs 2 [--corpora DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpora"
MB = 1024 * 1024


def make_corpus(path: Path, size_mb: float, sources: list[Path]) -> int:
    """Repeat the source corpora into `path` until it holds size_mb MB; the number of documents."""
    target = int(size_mb * MB)
    written = docs = rep = 0
    with path.open("w", encoding="utf-8") as out:
        while written < target:
            for src in sources:
                with src.open(encoding="utf-8") as f:
                    for line in f:
                        rec = json.loads(line)
                        rec["id"] = f"{rec.get('id')}#{rep}"
                        s = json.dumps(rec, ensure_ascii=False) + "\n"
                        out.write(s)
                        written += len(s.encode("utf-8"))
                        docs += 1
                        if written >= target:
                            return docs
            rep += 1
    return docs


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree(pid: int) -> list[int]:
    out = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as f:
                for child in f.read().split():
                    out += _tree(int(child))
    except OSError:
        pass
    return out


def run_apply(corpus: Path, rules: list[str], jobs: int) -> tuple[float, float, float, str]:
    """(seconds, peak RSS MB of the apply process, peak RSS MB of its process tree, its summary line)."""
    cmd = [sys.executable, "-m", "eventrules.cli", "apply", "-q", "-o", os.devnull, "--jobs", str(jobs)]
    for r in rules:
        cmd += ["--rules", r]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    proc = subprocess.Popen([*cmd, str(corpus)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    tree_peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal tree_peak
        while not done.is_set():
            tree_peak = max(tree_peak, sum(_rss_kb(p) for p in _tree(proc.pid)))
            done.wait(0.5)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    assert proc.stderr is not None
    err = proc.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    secs = time.perf_counter() - start
    done.set()
    t.join()
    summary = next((x for x in reversed(err.splitlines()) if x.startswith("documents:")), err[-300:])
    return secs, usage.ru_maxrss / 1024, tree_peak / 1024, summary


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1024", help="corpus sizes in MB, comma-separated (default 1024)")
    ap.add_argument("--rules", action="append", default=[], help="rule files/dirs (default: the bundled pack)")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--corpora", type=Path, default=SHARED, help=f"folder of JSONL corpora (default {SHARED})")
    ap.add_argument("--tmp", default=None, help="where to write the generated corpora (default: the system temp dir)")
    args = ap.parse_args()
    sources = sorted(args.corpora.glob("*.jsonl"))
    if not sources:
        sys.exit(f"no corpora in {args.corpora}")
    sizes = [float(s) for s in args.sizes.split(",")]
    print(
        f"rules: {', '.join(args.rules) or 'the bundled pack'}; jobs: {args.jobs}; sources: "
        + ", ".join(s.name for s in sources)
    )
    print(f"{'corpus MB':>10} {'documents':>10} {'seconds':>9} {'MB/s':>7} {'peak RSS MB':>12} {'tree RSS MB':>12}")
    rows = []
    for size in sizes:
        with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
            corpus = Path(tmp) / "corpus.jsonl"
            docs = make_corpus(corpus, size, sources)
            real_mb = corpus.stat().st_size / MB
            secs, rss, tree, summary = run_apply(corpus, args.rules, args.jobs)
        rows.append((real_mb, rss))
        print(
            f"{real_mb:>10.1f} {docs:>10,} {secs:>9.1f} {real_mb / secs:>7.2f} {rss:>12.1f} {tree:>12.1f}   {summary}",
            flush=True,
        )
    if len(rows) > 1:
        (m0, r0), (m1, r1) = rows[0], rows[-1]
        print(
            f"peak RSS growth: {r1 - r0:+.1f} MB from {m0:.0f} to {m1:.0f} MB of corpus "
            f"({(r1 - r0) / max(m1 - m0, 1e-9) * 1024:+.1f} MB per GB)"
        )
    print("target: < 600 MB peak RSS on a 1 GB corpus")


if __name__ == "__main__":
    main()
