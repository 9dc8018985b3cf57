"""Precision, recall and F1 of a rule set on our own hand-coded evaluation set.

    python benchmarks/quality.py [--rules PATH]... [--set benchmarks/eval/sentences.jsonl] [--errors]

Two scorings, each over multisets of events per sentence:
- strict:  (full event code, full source code, full target code)
- lenient: (root code, source country, target country), a country being the
  first three letters of an actor code.
Figures are printed overall and per root code.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eventrules import load_rules  # noqa: E402

DEFAULT_SET = ROOT / "benchmarks" / "eval" / "sentences.jsonl"

Triple = tuple[str, str, str]


def strict(code: str, src: str, tgt: str) -> Triple:
    return (code, src, tgt)


def lenient(code: str, src: str, tgt: str) -> Triple:
    return (code[:2], src[:3], tgt[:3])


def _triples(
    events: Iterable[dict[str, Any]], key: Callable[[str, str, str], Triple], predicted: bool
) -> Counter[Triple]:
    out: Counter[Triple] = Counter()
    for e in events:
        if predicted:
            src = (e["source"] or {}).get("code") or ""
            tgt = (e["target"] or {}).get("code") or ""
        else:
            src, tgt = e.get("source") or "", e.get("target") or ""
        out[key(e["code"], src, tgt)] += 1
    return out


class Score:
    def __init__(self) -> None:
        self.tp: Counter[str] = Counter()
        self.fp: Counter[str] = Counter()
        self.fn: Counter[str] = Counter()

    def add(self, gold: Counter[Triple], pred: Counter[Triple]) -> None:
        for t, n in (gold & pred).items():
            self.tp[t[0][:2]] += n
        for t, n in (pred - gold).items():
            self.fp[t[0][:2]] += n
        for t, n in (gold - pred).items():
            self.fn[t[0][:2]] += n

    @staticmethod
    def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def overall(self) -> tuple[float, float, float]:
        return self.prf(sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values()))

    def roots(self) -> list[str]:
        return sorted(set(self.tp) | set(self.fp) | set(self.fn))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rules", action="append", default=None, help="rule files or directories (default: the pack)")
    ap.add_argument("--set", type=Path, default=DEFAULT_SET)
    ap.add_argument("--errors", action="store_true", help="print every sentence the rules get wrong")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    rules = load_rules(*(args.rules or []))
    records = [json.loads(line) for line in args.set.read_text(encoding="utf-8").splitlines() if line.strip()]
    scores = {"strict": Score(), "lenient": Score()}
    keys = {"strict": strict, "lenient": lenient}
    for rec in records:
        events = rules.extract(rec["text"], rec.get("date"), rec["id"])
        for name, score in scores.items():
            gold = _triples(rec["events"], keys[name], predicted=False)
            pred = _triples(events, keys[name], predicted=True)
            score.add(gold, pred)
            if args.errors and name == "strict" and gold != pred:
                print(f"{rec['id']}: {rec['text']}")
                print(f"    gold: {sorted(gold.elements())}")
                print(f"    got:  {sorted(pred.elements())}  {[e['rule'] for e in events]}")
    if args.json:
        out = {
            name: {"overall": s.overall(), "roots": {r: s.prf(s.tp[r], s.fp[r], s.fn[r]) for r in s.roots()}}
            for name, s in scores.items()
        }
        print(json.dumps(out))
        return
    print(f"evaluation set: {args.set.name}, {len(records)} sentences, {len(rules.rules)} rules")
    print(f"{'root':<6}{'strict P':>10}{'R':>7}{'F1':>7}{'lenient P':>12}{'R':>7}{'F1':>7}")
    for r in sorted(set(scores["strict"].roots()) | set(scores["lenient"].roots())):
        s, le = scores["strict"], scores["lenient"]
        a, b = s.prf(s.tp[r], s.fp[r], s.fn[r]), le.prf(le.tp[r], le.fp[r], le.fn[r])
        print(f"{r:<6}{a[0]:>10.2f}{a[1]:>7.2f}{a[2]:>7.2f}{b[0]:>12.2f}{b[1]:>7.2f}{b[2]:>7.2f}")
    a, b = scores["strict"].overall(), scores["lenient"].overall()
    print(f"{'all':<6}{a[0]:>10.2f}{a[1]:>7.2f}{a[2]:>7.2f}{b[0]:>12.2f}{b[1]:>7.2f}{b[2]:>7.2f}")


if __name__ == "__main__":
    main()
