"""`eventrules test`: run every rule's inline examples, alone and in the whole rule set.

A positive example (`expect: {...}`) passes when the rule alone produces an
event meeting the expectation (else a false negative) and the whole rule set
still produces it, with no event of another code between the same source and
target (else a false positive: a wrong event from another rule).
`expect: none` passes when neither the rule nor any other rule of the same
code produces an event. `expect: todo` is run and reported, never failed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from eventrules.assemble import Event
from eventrules.compile import CompiledRule
from eventrules.document import parse_date
from eventrules.errors import Location
from eventrules.lang import ast
from eventrules.ruleset import RuleSet
from eventrules.testing.expect import meets, mismatches, summary


@dataclass
class ExampleResult:
    rule: str
    where: str  # "file:line" of the example
    text: str
    kind: str  # positive | negative | todo
    status: str  # pass | fail | todo
    outcome: str  # tp | fn | fp | tn | todo
    problems: list[str] = field(default_factory=list)
    expected: Any = None
    actual: list[str] = field(default_factory=list)


@dataclass
class RuleReport:
    rule: str
    source: str
    results: list[ExampleResult] = field(default_factory=list)

    def count(self, what: str) -> int:
        return sum(r.status == what or r.outcome == what for r in self.results)

    @property
    def failed(self) -> int:
        return self.count("fail")

    def line(self) -> str:
        c = self.count
        return (
            f"{self.rule} ({self.source}): {c('pass')} passed, {c('fail')} failed, {c('todo')} todo"
            f"  [TP {c('tp')}, FP {c('fp')}, FN {c('fn')}]"
        )


def _date(value: str | None) -> dt.date | None:
    try:
        return parse_date(value)
    except ValueError:
        return None


def _where(loc: Location) -> str:
    return f"{loc.path}:{loc.line}"


def run_rule_examples(ruleset: RuleSet, rule: CompiledRule, alone: RuleSet | None = None) -> RuleReport:
    alone = alone or ruleset.subset([rule])
    report = RuleReport(rule.id, rule.source)
    for ex in rule.definition.examples:
        report.results.append(_run(ruleset, alone, rule, ex))
    return report


def _run(ruleset: RuleSet, alone: RuleSet, rule: CompiledRule, ex: ast.Example) -> ExampleResult:
    date = _date(ex.date)
    own = alone.extract(ex.text, date)
    everyone = ruleset.extract(ex.text, date)
    res = ExampleResult(rule.id, _where(ex.loc), ex.text, "positive", "pass", "tp", expected=ex.expect)
    res.actual = [summary(e) for e in everyone]
    if ex.expect == "todo":
        res.kind, res.status, res.outcome = "todo", "todo", "todo"
        if own:
            res.problems.append("this todo example now produces an event: " + ", ".join(summary(e) for e in own))
        return res
    if ex.expect == "none":
        res.kind, res.outcome = "negative", "tn"
        wrong = own + [e for e in everyone if e["code"] == rule.code and e["rule"] != rule.id]
        if wrong:
            res.status, res.outcome = "fail", "fp"
            res.problems = [f"expected no {rule.code} event, got {summary(e)}" for e in wrong]
        return res
    assert isinstance(ex.expect, Mapping)
    expect = dict(ex.expect)
    hit = next((e for e in own if meets(e, expect)), None)
    if hit is None:
        res.status, res.outcome = "fail", "fn"
        res.problems = _closest(own, expect) or ["the rule produced no event"]
        return res
    pair = (_code(hit["source"]), _code(hit["target"]))
    wrong = [e for e in everyone if e["code"] != hit["code"] and (_code(e["source"]), _code(e["target"])) == pair]
    if wrong:
        res.status, res.outcome = "fail", "fp"
        res.problems = [f"wrong event from another rule: {summary(e)}" for e in wrong]
    elif not any(meets(e, expect) for e in everyone):
        res.status, res.outcome = "fail", "fn"
        res.problems = ["the whole rule set drops the event"]
    return res


def _code(actor: Mapping[str, Any] | None) -> str | None:
    return actor["code"] if actor else None


def _closest(events: Sequence[Event], expect: Mapping[str, Any]) -> list[str]:
    if not events:
        return []
    best = min(events, key=lambda e: len(mismatches(e, expect)))
    return [f"{summary(best)}: " + "; ".join(mismatches(best, expect))]


def run_examples(ruleset: RuleSet) -> list[RuleReport]:
    return [run_rule_examples(ruleset, r) for r in ruleset.rules]


def iter_failures(reports: Sequence[RuleReport]) -> Iterator[ExampleResult]:
    for rep in reports:
        yield from (r for r in rep.results if r.status == "fail")


def format_report(reports: Sequence[RuleReport], verbose: bool = False) -> str:
    lines = []
    for rep in reports:
        if verbose or rep.failed or not rep.results:
            lines.append(rep.line() if rep.results else f"{rep.rule} ({rep.source}): no examples")
        for r in rep.results:
            if r.status == "fail" or (r.status == "todo" and r.problems):
                lines.append(f"  {r.where}: {r.status.upper()} {r.text!r}")
                lines.append(f"    expected: {r.expected}")
                lines.append(f"    actual:   {', '.join(r.actual) or 'no events'}")
                lines += [f"    - {p}" for p in r.problems]
    total = {k: sum(rep.count(k) for rep in reports) for k in ("pass", "fail", "todo", "tp", "fp", "fn")}
    lines.append(
        f"{len(reports)} rules: {total['pass']} passed, {total['fail']} failed, {total['todo']} todo"
        f"  [TP {total['tp']}, FP {total['fp']}, FN {total['fn']}]"
    )
    return "\n".join(lines)


def report_json(reports: Sequence[RuleReport]) -> list[dict[str, Any]]:
    return [
        {
            "rule": rep.rule,
            "source": rep.source,
            "passed": rep.count("pass"),
            "failed": rep.count("fail"),
            "todo": rep.count("todo"),
            "tp": rep.count("tp"),
            "fp": rep.count("fp"),
            "fn": rep.count("fn"),
            "examples": [asdict(r) for r in rep.results],
        }
        for rep in reports
    ]
