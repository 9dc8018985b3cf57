"""`eventrules explain`: what the engine saw in a text, and why each rule did or did not fire."""

from __future__ import annotations

import datetime as dt
from typing import Any

from eventrules import vm
from eventrules.assemble import build_events, resolve
from eventrules.compile import Program
from eventrules.lang import ast
from eventrules.matcher import context, find_matches
from eventrules.ruleset import RuleSet
from eventrules.testing.expect import summary
from eventrules.text import Sentence, split_sentences

_ARTICLE = {
    "ACTOR": "an actor",
    "QUANTITY": "a quantity",
    "DATE": "a date",
    "LOCATION": "a location",
    "ITEM": "an item",
}


def _describe(node: ast.Node) -> str:
    if isinstance(node, ast.Word):
        return repr(node.text)
    if isinstance(node, ast.ClassRef):
        return f"@{node.name}"
    if isinstance(node, ast.Slot):
        return node.type + (f":{node.role}" if node.role else "")
    if isinstance(node, ast.Gap):
        return "a gap"
    if isinstance(node, ast.Passive):
        return f"the passive of {_describe(node.head)}"
    return "the pattern"


def _phrase_at(sent: Sentence, i: int, n: int = 3) -> str:
    words = []
    for w in sent.words[i : i + n]:
        if w in ",.;:!?":
            break
        words.append(w)
    return " ".join(words)


def why_not(prog: Program, sent: Sentence, ctx: vm.Context) -> str:
    """The furthest point the pattern reached and the element that failed there."""
    trace = vm.Trace()
    vm.search(prog.instrs, ctx, range(len(sent)), prog.ncaps, trace)
    failing = [pc for pc in trace.failed if pc in prog.origins]
    if not failing:
        return "no part of the pattern matched"
    pc = max(failing)
    node = prog.origins[pc]
    before = [prog.origins[k] for k in range(pc) if k in prog.origins and prog.origins[k] is not node]
    after = f" after {_describe(before[-1])}" if before else ""
    pos = trace.failed[pc]
    found = _phrase_at(sent, pos) if pos < len(sent) else ""
    head = "trigger matched; " if prog.head_cap is not None else ""
    if isinstance(node, ast.Slot):
        if not found:
            return f"{head}the {_describe(node)}{after} was not found: the sentence ends"
        return f"{head}the {_describe(node)}{after} was not found: {found!r} is not {_ARTICLE[node.type]}"
    return f"{head}{_describe(node)}{after} was not found" + (f": the text has {found!r}" if found else "")


def explain(ruleset: RuleSet, text: str, date: dt.date | None = None) -> list[dict[str, Any]]:
    """One record per sentence: tokens, annotations, triggered rules, matches, events."""
    out = []
    for sent in split_sentences(text):
        rules = ruleset.index.candidates(sent.lowers)
        anns = ruleset.annotator.annotate(sent, date)
        ctx = context(sent, anns)
        rec: dict[str, Any] = {
            "sentence_index": sent.index,
            "sentence": sent.text,
            "tokens": list(sent.words),
            "annotations": [
                {"type": a.type, "text": sent.span_text(a.start, a.end), "code": a.code, "value": a.value, **a.attrs}
                for a in sorted(anns.items, key=lambda a: (a.start, a.type))
            ],
            "triggered": [r.id for r in rules],
            "rules": [],
        }
        pairs = []
        suppressed = []
        for rule in rules:
            matches = list(find_matches(rule, ctx, keep_suppressed=True))
            entry: dict[str, Any] = {"rule": rule.id, "source": rule.source}
            if not matches:
                entry["result"] = "no match"
                entry["why"] = [why_not(p, sent, ctx) for p in rule.programs]
            else:
                entry["result"] = "matched"
                entry["matches"] = [_match_record(m, sent) for m in matches]
            rec["rules"].append(entry)
            for m in matches:
                for ev in build_events(m, sent, anns, "text", date):
                    if m.suppressed_by:
                        suppressed.append({"event": summary(ev), "reason": m.suppressed_by})
                    else:
                        pairs.append((m, ev))
        kept, dropped = resolve(pairs, sent)
        rec["events"] = kept
        rec["suppressed"] = suppressed + [{"event": summary(e), "reason": why} for e, why in dropped]
        out.append(rec)
    return out


def _match_record(m: Any, sent: Sentence) -> dict[str, Any]:
    slots = {}
    for s in m.program.slots:
        span = m.span(s.cap)
        if span is not None and span[1] > span[0]:
            slots[s.role] = sent.span_text(*span)
    return {"text": sent.span_text(m.start, m.end), "code": m.code, "slots": slots, "vetoed": m.suppressed_by}


def render(records: list[dict[str, Any]]) -> str:
    """A terminal rendering of explain()'s records."""
    lines: list[str] = []
    for rec in records:
        lines.append(f"Sentence {rec['sentence_index']}: {rec['sentence']}")
        lines.append("  tokens: " + " | ".join(rec["tokens"]))
        for a in rec["annotations"]:
            code = a["code"] or a["value"]
            lines.append(f"  {a['type']:<9} {a['text']!r:<30} {code}")
        lines.append("  triggered: " + (", ".join(rec["triggered"]) or "no rule"))
        for r in rec["rules"]:
            if r["result"] == "no match":
                for why in r["why"]:
                    lines.append(f"  - {r['rule']}: {why}")
            for m in r.get("matches", []):
                state = f"vetoed: {m['vetoed']}" if m["vetoed"] else "matched"
                slots = ", ".join(f"{k}={v!r}" for k, v in m["slots"].items())
                lines.append(f"  + {r['rule']}: {state} {m['text']!r} [{slots}]")
        for e in rec["events"]:
            lines.append(f"  event: {summary(e)}")
        for s in rec["suppressed"]:
            lines.append(f"  suppressed: {s['event']}: {s['reason']}")
    return "\n".join(lines)
