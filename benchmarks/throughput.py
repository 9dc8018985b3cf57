"""Throughput of `apply` over the Wikinews politics corpus.

Prints sentences/s, MB/s and peak RSS for three rule sets: the example rules,
the bundled pack, and a generated set of 1,000 rules (200 verbs x 5 pattern shapes). Also
prints a bare tokenization pass over the same text (the floor).

    python benchmarks/throughput.py [--corpus PATH] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eventrules import load_rules  # noqa: E402
from eventrules.document import Document, parse_date  # noqa: E402
from eventrules.ruleset import RuleSet  # noqa: E402
from eventrules.text import split_sentences, tokenize  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "wikinews_politics.jsonl"

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
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(name: str, rules: RuleSet, docs: list[Document], n_sent: int, mb: float) -> None:
    t0 = time.perf_counter()
    events = sum(len(rules.process(d)) for d in docs)
    dt = time.perf_counter() - t0
    print(
        f"{name:<28} {len(rules.rules):>5} rules  {n_sent / dt:>9,.0f} sentences/s  {mb / dt:>6.2f} MB/s"
        f"  {events:>6} events  peak RSS {peak_rss_mb():,.0f} MB"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int, default=None, help="only the first N documents")
    args = ap.parse_args()
    if not args.corpus.exists():
        sys.exit(f"corpus not found: {args.corpus}")
    docs = load_docs(args.corpus, args.limit)
    mb = sum(len(d.text.encode()) for d in docs) / 1e6
    t0 = time.perf_counter()
    n_sent = sum(len(split_sentences(d.text)) for d in docs)
    t_split = time.perf_counter() - t0
    t0 = time.perf_counter()
    for d in docs:
        tokenize(d.text)
    t_tok = time.perf_counter() - t0
    print(f"corpus: {args.corpus.name}: {len(docs)} documents, {n_sent} sentences, {mb:.1f} MB")
    print(f"{'tokenize only (floor)':<28} {'':>11} {n_sent / t_tok:>9,.0f} sentences/s  {mb / t_tok:>6.2f} MB/s")
    print(f"{'split into sentences':<28} {'':>11} {n_sent / t_split:>9,.0f} sentences/s  {mb / t_split:>6.2f} MB/s")
    run("example rules", load_rules(ROOT / "examples" / "rules.yaml"), docs, n_sent, mb)
    t0 = time.perf_counter()
    pack = load_rules()
    print(f"compiled the bundled pack in {time.perf_counter() - t0:.1f} s")
    run("bundled pack", pack, docs, n_sent, mb)
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "generated.rules"
        f.write_text(generated_rules())
        t0 = time.perf_counter()
        gen = load_rules(f)
        print(f"compiled 1,000 generated rules in {time.perf_counter() - t0:.1f} s")
        run("1,000 generated rules", gen, docs, n_sent, mb)


if __name__ == "__main__":
    main()
