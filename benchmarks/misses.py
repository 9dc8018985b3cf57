"""Classify the evaluation set's misses by cause, without reading the rules.

    python benchmarks/misses.py [--rules PATH]... [--set FILE] [--quiet]

Every gold event the rules miss (a false negative) and every event they emit that the gold
does not have (a false positive) is paired, where possible, with its nearest counterpart in
the same sentence and put in one bucket:

- target missing / target wrong / source missing / source wrong: the code is right, an actor is not;
- agent code: the countries and the root are right, the full actor codes are not;
- sub-code / other root: the actors are right, the code is not;
- no event: nothing for this pair. `eventrules explain` then tells why: an actor of the gold
  event is not recognized, no rule was triggered, a rule matched but a guard vetoed it, or rules
  were triggered and none matched (rule coverage);
- spurious: an event with no gold counterpart at all (a false positive).

It prints each miss with its explanation, then the counts per bucket, biggest first.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eventrules import load_rules  # noqa: E402
from eventrules.document import parse_date  # noqa: E402
from eventrules.explain import explain  # noqa: E402
from eventrules.ruleset import RuleSet  # noqa: E402

DEFAULT_SET = ROOT / "benchmarks" / "eval" / "sentences.jsonl"

Triple = tuple[str, str, str]


def _pred(events: list[dict[str, Any]]) -> list[Triple]:
    return [(e["code"], (e["source"] or {}).get("code") or "", (e["target"] or {}).get("code") or "") for e in events]


def _pair(g: Triple, p: Triple) -> str | None:
    """The bucket of a gold/predicted pair that are the same event gone wrong (None: unrelated)."""
    gc, gs, gt = g
    pc, ps, pt = p
    if gc == pc and gs == ps:
        return "target missing" if not pt else "target wrong"
    if gc == pc and gt == pt:
        return "source missing" if not ps else "source wrong"
    if gc[:2] == pc[:2] and gs[:3] == ps[:3] and gt[:3] == pt[:3]:
        return "agent code" if (gs, gt) != (ps, pt) else "sub-code"
    if (gs, gt) == (ps, pt):
        return "sub-code" if gc[:2] == pc[:2] else "other root"
    return None


def _why_none(rules: RuleSet, text: str, date: str | None, g: Triple) -> str:
    """Why a gold event has no predicted counterpart, from `explain`'s record."""
    recs = explain(rules, text, parse_date(date))
    codes = {a["code"] for r in recs for a in r["annotations"] if a["type"] == "ACTOR" and a["code"]}
    places = {a["code"] for r in recs for a in r["annotations"] if a["type"] == "LOCATION" and a["code"]}
    for role, code in (("source", g[1]), ("target", g[2])):
        if code and code not in codes:
            countries = {c[:3] for c in codes}
            if code[:3] in countries:
                return f"no event: the {role} is recognized with another code ({code})"
            if code[:3] in places:
                return f"no event: the {role} is recognized only as a place ({code})"
            return f"no event: the {role} is not recognized ({code})"
    rules_seen = [r for rec in recs for r in rec["rules"]]
    if not rules_seen:
        return "no event: no rule triggered"
    same_root = [r for r in rules_seen if r["rule"][:2] == g[0][:2]]
    vetoed = [m for r in same_root for m in r.get("matches", []) if m["vetoed"]]
    if vetoed:
        return f"no event: a guard vetoed it ({vetoed[0]['vetoed']})"
    if any(r.get("matches") for r in same_root):
        return "no event: a rule of the root matched other words"
    if same_root:
        return "no event: rules of the root triggered, none matched"
    return "no event: no rule of the root triggered"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rules", action="append", default=None)
    ap.add_argument("--set", type=Path, default=DEFAULT_SET)
    ap.add_argument("--quiet", action="store_true", help="only the counts")
    args = ap.parse_args()
    rules = load_rules(*(args.rules or []))
    records = [json.loads(line) for line in args.set.read_text(encoding="utf-8").splitlines() if line.strip()]
    buckets: Counter[str] = Counter()
    for rec in records:
        events = rules.extract(rec["text"], rec.get("date"), rec["id"])
        gold = Counter((e["code"], e.get("source") or "", e.get("target") or "") for e in rec["events"])
        pred = Counter(_pred(events))
        fn = list((gold - pred).elements())
        fp = list((pred - gold).elements())
        lines = []
        for g in fn:
            bucket = None
            for p in fp:
                bucket = _pair(g, p)
                if bucket:
                    fp.remove(p)
                    lines.append(f"    {bucket}: gold {g} got {p}")
                    break
            if bucket is None:
                bucket = _why_none(rules, rec["text"], rec.get("date"), g)
                lines.append(f"    {bucket}: gold {g}")
            buckets[bucket.split(" (")[0]] += 1
        for p in fp:
            rule = next((e["rule"] for e in events if _pred([e])[0] == p), "?")
            lines.append(f"    spurious: {p} from {rule}")
            buckets["spurious"] += 1
        if lines and not args.quiet:
            print(f"{rec['id']}: {rec['text']}")
            print("\n".join(lines))
    print(f"\n{sum(buckets.values())} misses ({len(records)} sentences):")
    for bucket, n in buckets.most_common():
        print(f"{n:>5}  {bucket}")


if __name__ == "__main__":
    main()
