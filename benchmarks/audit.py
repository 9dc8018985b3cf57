"""Real-corpus audit: run a rule set over the Wikinews corpus, report the event rate and
the distribution by root, and draw a fixed random sample of events to judge by hand.

    python benchmarks/audit.py [--rules PATH]... [--sample 100] [--seed 2026] [--out sample.jsonl]

The judged sample and its verdicts are recorded in benchmarks/audit.md.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eventrules import load_rules  # noqa: E402
from eventrules.document import Document, parse_date  # noqa: E402
from eventrules.text import split_sentences  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "wikinews_politics.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rules", action="append", default=None)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--sample", type=int, default=100)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--out", type=Path, default=None, help="write the sample as JSON Lines")
    args = ap.parse_args()
    rules = load_rules(*(args.rules or []))
    sentences = 0
    events = []
    with args.corpus.open(encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            if not rec.get("text"):
                continue
            sentences += len(split_sentences(rec["text"]))
            events += rules.process(Document(rec["id"], rec["text"], parse_date(rec.get("date"))))
    roots = Counter(e["root_code"] for e in events)
    print(f"{args.corpus.name}: {sentences} sentences, {len(events)} events, rules: {len(rules.rules)}")
    print(f"events per 1,000 sentences: {1000 * len(events) / sentences:.1f}")
    print("by root: " + ", ".join(f"{r} {roots[r]}" for r in sorted(roots)))
    sample = random.Random(args.seed).sample(events, min(args.sample, len(events)))
    if args.out:
        with args.out.open("w", encoding="utf-8") as f:
            for k, e in enumerate(sample, 1):
                f.write(
                    json.dumps(
                        {
                            "n": k,
                            "doc_id": e["doc_id"],
                            "sentence_index": e.get("sentence_index"),
                            "sentence": e["sentence"],
                            "code": e["code"],
                            "event_name": e["event_name"],
                            "source": (e["source"] or {}).get("code"),
                            "source_text": (e["source"] or {}).get("text"),
                            "target": (e["target"] or {}).get("code"),
                            "target_text": (e["target"] or {}).get("text"),
                            "rule": e["rule"],
                        },
                        ensure_ascii=False,
                    )
                    + "\n"
                )
        print(f"sample of {len(sample)} events (seed {args.seed}) written to {args.out}")


if __name__ == "__main__":
    main()
