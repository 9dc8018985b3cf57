"""Throughput and start-up of `apply` over the Wikinews politics corpus.

For each rule set (the example rules, the bundled pack, a generated set of 1,000
rules, and any --rules given, e.g. the pack plus imported production dictionaries)
this prints:

- sentences/s and MB/s, raw text to events (split, annotate, match, assemble);
- the ratio of that time to a bare tokenization pass over the same text, measured in
  the same process just before (the floor; the target is a ratio of at most 6);
- the peak RSS of the process that ran it;
- cold start-up (a fresh process compiles the rules, empty cache) and warm start-up
  (a fresh process reads them from the compile cache), each including imports.

Each rule set runs in its own process, so start-up and peak RSS are its own. Times are
CPU times of that process (time.process_time), so other work on the machine inflates
them less than wall-clock time; wall-clock sentences/s is printed too.

    python benchmarks/throughput.py [--corpus PATH] [--limit N] [--rules PATH ...]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eventrules.document import Document, parse_date  # noqa: E402

CORPUS_NAME = Path("corpora") / "wikinews_politics.jsonl"
# ../shared beside the repository (a checkout) or beside the worktrees' parent.
DEFAULT_CORPUS = next(
    (p for p in (ROOT.parent / "shared" / CORPUS_NAME, ROOT.parents[1] / "shared" / CORPUS_NAME) if p.exists()),
    ROOT.parent / "shared" / CORPUS_NAME,
)

VERBS = """accept accuse acknowledge acquire admit advise agree aid allow announce appeal appoint approve
argue arm arrest ask assist attack back ban bar battle beat besiege block bomb boycott break bring
build call capture cede censure charge choose cite claim close commit complain concede condemn
confirm confront congratulate consult contact contribute convict cooperate counter criticize
curb cut debate declare decline defeat defend delay demand deny deploy deport destroy detain
discuss dismiss dispatch dispute donate drop ease elect embrace endorse engage equip evacuate
examine exchange execute expel expand export extend extradite fight finance fire force forgive
free freeze fund give grant greet guarantee halt hand help hire host hunt ignore impose imprison
increase inform insist inspect instruct insult intervene invade investigate invite issue join
kill launch lead lend lift limit loan lobby meet mobilize monitor negotiate nominate obstruct
occupy offer open oppose order pardon pay persuade pledge plan praise press prevent promise
propose protect protest provide punish pursue question raid rally ratify receive recognize
reduce refuse reject release remove renew repatriate reply request rescue resist resume retaliate
return reward rule sanction seize sell send sentence shell ship shoot sign smuggle strike
suspend support surrender target tax terminate threaten torture trade train transfer
unite urge veto violate visit warn welcome withdraw""".split()

SHAPES = [
    "ACTOR {v} ACTOR",
    "ACTOR {v} ITEM to ACTOR",
    "ACTOR ...3 {v} (QUANTITY of)? ITEM",
    "ACTOR {v} ACTOR (on DATE)?",
    "ACTOR ...2 {v} ITEM (in LOCATION)?",
]
CODES = ["010", "020", "036", "042", "051", "057", "061", "070", "072", "111", "112", "130", "163", "173", "190"]


def generated_rules(n: int = 1000) -> str:
    lines = []
    for k in range(n):
        verb = VERBS[k % len(VERBS)]
        shape = SHAPES[(k // len(VERBS)) % len(SHAPES)]
        lines += [f"rule gen-{k}", f"  code {CODES[k % len(CODES)]}", f"  pattern {shape.format(v=verb)}"]
    return "\n".join(lines) + "\n"


def load_docs(path: Path, limit: int | None) -> list[Document]:
    docs = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            if rec.get("text"):
                docs.append(Document(rec["id"], rec["text"], parse_date(rec.get("date"))))
            if limit and len(docs) >= limit:
                break
    return docs


def peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---- the child processes

PACK = "@pack"  # stands for the bundled pack's files among other paths


def _paths(paths: list[str]) -> list[str]:
    from eventrules.ruleset import bundled_pack

    return [str(p) for a in paths for p in (bundled_pack() if a == PACK else [a])]


def child_startup(paths: list[str]) -> None:
    """Import the engine and load the rules: the start-up a user waits for. process_time()
    counts from the start of the process, so interpreter start-up and imports are included."""
    from eventrules import load_rules

    rules = load_rules(*_paths(paths))
    print(json.dumps({"seconds": time.process_time(), "cached": getattr(rules, "from_cache", False)}))


def child_run(paths: list[str], corpus: Path, limit: int | None) -> None:
    """Tokenization floor, then the full pipeline, over the same documents in this process."""
    from eventrules import load_rules
    from eventrules.text import split_sentences, tokenize

    docs = load_docs(corpus, limit)
    rules = load_rules(*_paths(paths))
    n_sent = sum(len(split_sentences(d.text)) for d in docs)
    mb = sum(len(d.text.encode()) for d in docs) / 1e6

    def tokenize_all() -> None:
        for d in docs:
            tokenize(d.text)  # dropped at once: the floor must not hold the corpus's tokens

    floor = min(_timed(tokenize_all) for _ in range(3))
    events = 0

    def run() -> None:
        nonlocal events
        events = sum(len(rules.process(d)) for d in docs)

    w0 = time.perf_counter()
    cpu = _timed(run)
    wall = time.perf_counter() - w0
    cpu = min(cpu, _timed(run))  # the better of two runs: the first also loads the codebook
    print(
        json.dumps(
            {
                "rules": len(rules.rules),
                "docs": len(docs),
                "sentences": n_sent,
                "mb": mb,
                "floor": floor,
                "cpu": cpu,
                "wall": wall,
                "events": events,
                "rss": peak_rss_mb(),
            }
        )
    )


def _timed(fn: object) -> float:
    t0 = time.process_time()
    fn()  # type: ignore[operator]
    return time.process_time() - t0


# ---- the parent


def _child(args: list[str], cache_dir: Path) -> dict[str, object]:
    env = dict(os.environ, EVENTRULES_CACHE_DIR=str(cache_dir))
    env.pop("EVENTRULES_NO_CACHE", None)
    out = subprocess.run(
        [sys.executable, __file__, *args], env=env, capture_output=True, text=True, check=True, cwd=ROOT
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def bench(name: str, paths: list[str], corpus: Path, limit: int | None, cache_dir: Path, first: bool) -> None:
    cold = _child(["--child-startup", *paths], cache_dir)
    warm = _child(["--child-startup", *paths], cache_dir)
    lim = ["--limit", str(limit)] if limit else []
    r = _child(["--child-run", "--corpus", str(corpus), *lim, *paths], cache_dir)
    sent, mb, floor, cpu = r["sentences"], r["mb"], r["floor"], r["cpu"]
    assert isinstance(sent, int) and isinstance(mb, float) and isinstance(floor, float) and isinstance(cpu, float)
    if first:
        print(f"corpus: {corpus.name}: {r['docs']} documents, {sent:,} sentences, {mb:.1f} MB")
        print(f"{'tokenize only (the floor)':<26} {'':>11} {sent / floor:>9,.0f} sentences/s  {mb / floor:>6.2f} MB/s")
        print()
        print(
            f"{'rule set':<26} {'rules':>5}  {'sent/s':>9} {'(wall)':>8}  {'MB/s':>6}  {'ratio':>6}  {'events':>6}"
            f"  {'peak RSS':>8}  {'cold':>6}  {'warm':>6}"
        )
    if not warm["cached"]:
        print(f"warning: the warm start of {name} did not read the compile cache", file=sys.stderr)
    wall = float(r["wall"])  # type: ignore[arg-type]
    cold_s, warm_s = float(cold["seconds"]), float(warm["seconds"])  # type: ignore[arg-type]
    print(
        f"{name:<26} {r['rules']:>5}  {sent / cpu:>9,.0f} {sent / wall:>8,.0f}  {mb / cpu:>6.2f}"
        f"  {cpu / floor:>6.1f}  {r['events']:>6}  {r['rss']:>5,.0f} MB  {cold_s:>5.2f}s  {warm_s:>5.2f}s",
        flush=True,
    )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child-startup":
        return child_startup(sys.argv[2:])
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int, default=None, help="only the first N documents")
    ap.add_argument("--rules", action="append", default=[], help="an extra rule set (file or directory; repeatable)")
    ap.add_argument("--child-run", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("paths", nargs="*", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if not args.corpus.exists():
        sys.exit(f"corpus not found: {args.corpus}")
    if args.child_run:
        return child_run(args.paths, args.corpus, args.limit)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        gen = tmp / "generated.rules"
        gen.write_text(generated_rules())
        sets = [
            ("example rules", [str(ROOT / "examples" / "rules.yaml")]),
            ("bundled pack", []),
            ("1,000 generated rules", [str(gen)]),
            *((f"pack + {Path(p).name}", [PACK, p]) for p in args.rules),
        ]
        for k, (name, paths) in enumerate(sets):
            bench(name, paths, args.corpus, args.limit, tmp / f"cache{k}", first=k == 0)
    print(f"\npython {sys.version.split()[0]}, {os.cpu_count()} CPUs; times are CPU seconds of one process")


if __name__ == "__main__":
    main()
