"""pytest plugin: `pytest rules/` collects every rule's inline examples as test items.

Registered through the `pytest11` entry point. It collects `*.rules` files and
YAML rule files that have `examples:`. Each example is one item, named after
its rule and line; a failure points at the example's file:line. The examples
run against the whole rule set of the directory given on the command line
(or the file's own directory), as `eventrules test` does. `-p no:eventrules`
turns the plugin off.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from eventrules.errors import RuleError, format_diagnostics
from eventrules.ruleset import RuleSet, load_rules
from eventrules.testing.runner import ExampleResult, _run

_CACHE: dict[Path, RuleSet] = {}


def _is_rule_file(path: Path) -> bool:
    if path.suffix == ".rules":
        return True
    if path.suffix not in (".yaml", ".yml"):
        return False
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return "rules:" in text and "examples:" in text


def _root(config: pytest.Config, path: Path) -> Path:
    """The widest directory named on the command line that holds the file."""
    roots = []
    for arg in config.args:
        p = Path(arg.split("::")[0]).resolve()
        if p.is_dir() and path.resolve().is_relative_to(p):
            roots.append(p)
    return min(roots, key=lambda p: len(p.parts)) if roots else path.resolve().parent


def _ruleset(root: Path) -> RuleSet:
    if root not in _CACHE:
        _CACHE[root] = load_rules(root)
    return _CACHE[root]


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if _is_rule_file(file_path):
        return RuleFileCollector.from_parent(parent, path=file_path)
    return None


class RuleFileCollector(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        try:
            ruleset = _ruleset(_root(self.config, self.path))
        except RuleError as e:
            raise self.CollectError(format_diagnostics(e.diagnostics)) from None
        mine = self.path.resolve()
        for rule in ruleset.rules:
            if Path(rule.loc.path).resolve() != mine:
                continue
            alone = ruleset.subset([rule])
            for k, ex in enumerate(rule.definition.examples):
                yield ExampleItem.from_parent(
                    self, name=f"{rule.id}[{ex.loc.line}]", ruleset=ruleset, alone=alone, rule=rule, index=k
                )


class ExampleFailed(Exception):
    def __init__(self, result: ExampleResult) -> None:
        self.result = result


class ExampleItem(pytest.Item):
    def __init__(self, *, ruleset: RuleSet, alone: RuleSet, rule: Any, index: int, **kw: Any) -> None:
        super().__init__(**kw)
        self.ruleset, self.alone, self.rule = ruleset, alone, rule
        self.example = rule.definition.examples[index]

    def runtest(self) -> None:
        res = _run(self.ruleset, self.alone, self.rule, self.example)
        if res.status == "todo":
            pytest.xfail("todo example")
        if res.status == "fail":
            raise ExampleFailed(res)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, ExampleFailed):
            r = excinfo.value.result
            return "\n".join(
                [
                    f"{r.where}: example {r.text!r}",
                    f"expected: {r.expected}",
                    f"actual:   {', '.join(r.actual) or 'no events'}",
                ]
                + [f"- {p}" for p in r.problems]
            )
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.example.loc.line - 1, f"{self.rule.id}: {self.example.text}"
