"""The bundled rule pack: size, coverage, lint-clean, and every example and property passing."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import eventrules
from eventrules.cli import app
from eventrules.testing.properties import check_properties
from eventrules.testing.runner import format_report, run_examples

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


@pytest.fixture(scope="module")
def pack() -> eventrules.RuleSet:
    return eventrules.load_rules(ROOT / "rules")


def test_size_and_coverage(pack: eventrules.RuleSet) -> None:
    cameo = [r for r in pack.rules if "/cameo/" in r.source]
    assert len(cameo) >= 400
    assert {r.code[:2] for r in cameo} == {f"{k:02d}" for k in range(1, 21)}


def test_every_rule_has_positive_and_negative_examples(pack: eventrules.RuleSet) -> None:
    missing = []
    for r in pack.rules:
        kinds = {
            "none" if ex.expect == "none" else "todo" if ex.expect == "todo" else "positive"
            for ex in r.definition.examples
        }
        if not {"positive", "none"} <= kinds:
            missing.append(r.id)
    assert missing == []


def test_check_strict() -> None:
    result = runner.invoke(app, ["check", "--strict", str(ROOT / "rules")])
    assert result.exit_code == 0, result.stderr[-3000:]


def test_examples_pass(pack: eventrules.RuleSet) -> None:
    reports = run_examples(pack)
    assert sum(r.failed for r in reports) == 0, format_report(reports)[-4000:]


def test_properties_pass(pack: eventrules.RuleSet) -> None:
    """What `eventrules test rules/ --property 20` checks: for every rule, 20 generated examples
    are coded, 20 near misses are not, and 20 noisy examples code the same. Each property is
    derandomized with no example database, so the run is the same every time; the rules are
    shared between two processes (the result does not depend on how many)."""
    failures = check_properties(pack, 20, jobs=2)
    assert failures == [], "\n".join(failures)[-4000:]


def test_rule_files_load_without_libyaml() -> None:
    """The pack must not depend on what only the C YAML parser accepts (e.g. `? ` in flow lists)."""
    import yaml

    for f in sorted((ROOT / "rules").rglob("*.yaml")):
        yaml.compose(f.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
