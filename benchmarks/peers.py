"""The peers' dictionaries and suites: import summaries, validation pass rates, and the
imported production dictionaries applied to the Wikinews corpus.

    python benchmarks/peers.py [--peers DIR] [--corpus PATH] [--docs N] [--skip-corpus]

Prints, for each dictionary set, what `eventrules import` converted and lost; the pass rate
of the PETRARCH suite (original and 2017 expectations) and of TABARI's Validate.text, with
PETRARCH2's own figure beside ours; and events per 1,000 sentences of the imported production
dictionaries beside the bundled pack's on the first N documents of the corpus.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eventrules import load_rules  # noqa: E402
from eventrules.document import Document, parse_date  # noqa: E402
from eventrules.legacy.convert import classify, import_dicts  # noqa: E402
from eventrules.legacy.validate import validate_petrarch, validate_tabari  # noqa: E402
from eventrules.ruleset import RuleSet  # noqa: E402
from eventrules.text import split_sentences  # noqa: E402


def _shared() -> Path:
    for base in (ROOT.parent, ROOT.parents[1]):  # /work/main/.. or a worktree's ../..
        if (base / "shared" / "peers").is_dir():
            return base / "shared"
    return ROOT.parent / "shared"


SHARED = _shared()


def import_summary(name: str, files: list[Path], dialect: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        report = import_dicts(classify(files), Path(tmp), dialect=dialect)
        print(f"{name}: {report.summary()} [{time.perf_counter() - t:.1f} s]")


def peer_rate(suite: Path, key: str) -> str:
    n = ok = raised = 0
    for line in suite.open(encoding="utf-8"):
        r = json.loads(line)
        if not r.get("scored_by_suite"):
            continue
        n += 1
        run = r.get("petrarch2_run") or {}
        ok += bool(run.get(f"pass_{key}"))
        raised += bool(run.get(f"raised_error_{key.replace('v2_', '')}"))
    return f"PETRARCH2: {ok} of {n} ({100 * ok / n:.1f}%), raised on {raised}"


def per_thousand(rules: RuleSet, corpus: Path, docs: int) -> tuple[int, int, float]:
    sentences = events = 0
    t = time.perf_counter()
    with corpus.open(encoding="utf-8") as f:
        for k, line in enumerate(f):
            if k >= docs:
                break
            rec = json.loads(line)
            text = rec.get("text") or ""
            sentences += len(split_sentences(text))
            events += len(rules.process(Document(str(rec.get("id", k)), text, parse_date(rec.get("date")))))
    return sentences, events, time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--peers", type=Path, default=SHARED / "peers")
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpora" / "wikinews_politics.jsonl")
    ap.add_argument("--docs", type=int, default=300, help="documents of the corpus to code (default 300)")
    ap.add_argument("--skip-corpus", action="store_true")
    a = ap.parse_args()
    peers: Path = a.peers
    pd, td = peers / "petrarch2_dicts", peers / "tabari_dicts"
    prod = pd / "production"
    production = [prod / n for n in ("CAMEO.verbpatterns.150430.txt", "Phoenix.Countries.actors.txt")]
    production += [prod / "Phoenix.International.actors.txt", prod / "Phoenix.agents.txt"]

    print("== import")
    import_summary("PETRARCH validation dictionaries", [pd / f"PETR.Validate.{k}.txt" for k in
                   ("verbs", "actors", "agents", "discards")], "petrarch")  # fmt: skip
    import_summary("TABARI demo dictionaries", [td / "TABARI.Demo.verbs", td / "TABARI.Demo.actors",
                   td / "Validate.agents"], "tabari")  # fmt: skip
    import_summary("TABARI CAMEO.091003.master.verbs", [td / "CAMEO.091003.master.verbs"], "tabari")
    import_summary("PETRARCH-1 production verbs + Phoenix actors/agents", production, "petrarch")

    print("\n== validation")
    suite = peers / "petrarch2_validation.jsonl"
    for v2, key in ((False, "with_validate_verbs"), (True, "v2_with_validate_verbs_2_0")):
        res = validate_petrarch(suite, pd, v2=v2)
        cats = ", ".join(f"{c} {ok}/{n}" for c, (ok, n) in res.by_category().items())
        print(f"{res.suite}: {res.final_line()}; crashes {res.crashes}; {peer_rate(suite, key)}")
        print(f"  {cats}")
    res = validate_tabari(peers / "tabari_validation.jsonl", td)
    cats = ", ".join(f"{c} {ok}/{n}" for c, (ok, n) in res.by_category().items())
    print(f"TABARI Validate.text: {res.final_line()}; crashes {res.crashes}")
    print(f"  {cats}")

    if a.skip_corpus or not a.corpus.is_file():
        return
    print(f"\n== {a.corpus.name}, first {a.docs} documents")
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        import_dicts(classify(production), Path(tmp), dialect="petrarch")
        imported = load_rules(tmp, bundled_actors=False)
        print(
            f"imported production dictionaries: {len(imported.rules)} rules, loaded in {time.perf_counter() - t:.0f} s"
        )
        for name, rules in (("imported production dictionaries", imported), ("bundled pack", load_rules())):
            n, ev, secs = per_thousand(rules, a.corpus, a.docs)
            print(f"{name}: {ev} events in {n} sentences = {1000 * ev / n:.1f} per 1,000 sentences [{secs:.0f} s]")


if __name__ == "__main__":
    main()
