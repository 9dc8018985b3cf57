"""Rule-authoring tools: `eventrules test`, lint warnings, `explain`, the pytest plugin."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

from typer.testing import CliRunner

from eventrules.cli import app

runner = CliRunner()

GOOD = """classes:
  weapons: [weapon, drone, rifle, shell]
rules:
  - id: ship-military-aid
    code: "072"
    pattern: ACTOR ships ITEM[@weapons] to ACTOR (in DATE)?
    unless: [negated]
    examples:
      - text: "Iran shipped 300 drones to Russia in March."
        date: 2023-05-01
        expect: {code: "072", source: IRN, target: RUS, start: 2023-03-01}
      - text: "Iran did not ship drones to Russia."
        expect: none
      - text: "Iran sold drones to Russia."
        expect: todo
"""


def test_examples_pass_and_are_counted(tmp_path: Path) -> None:
    f = tmp_path / "r.yaml"
    f.write_text(GOOD.replace("start: 2023-03-01", "date: 2023-03-01"))
    result = runner.invoke(app, ["test", str(f), "--verbose"])
    assert result.exit_code == 0, result.output
    assert "ship-military-aid" in result.stdout
    assert "1 passed" not in result.stdout  # two pass: the positive and the negative
    assert "2 passed, 0 failed, 1 todo  [TP 1, FP 0, FN 0]" in result.stdout


def test_a_wrong_expectation_fails_and_names_its_line(tmp_path: Path) -> None:
    f = tmp_path / "r.yaml"
    f.write_text(GOOD.replace('expect: {code: "072", source: IRN', 'expect: {code: "073", source: IRN'))
    result = runner.invoke(app, ["test", str(f)])
    assert result.exit_code == 1
    assert f"{f}:9: FAIL 'Iran shipped 300 drones to Russia in March.'" in result.stdout
    assert "code: expected '073', got '072'" in result.stdout
    report = json.loads(runner.invoke(app, ["test", str(f), "--json"]).stdout)
    [rule] = report["rules"]
    assert (rule["failed"], rule["fn"], rule["passed"]) == (1, 1, 1)


def test_a_wrong_event_from_another_rule_is_a_false_positive(tmp_path: Path) -> None:
    f = tmp_path / "r.yaml"
    f.write_text(
        GOOD.replace("start: 2023-03-01", "date: 2023-03-01")
        + """  - id: ship-anything
    code: "070"
    priority: 5
    pattern: ACTOR ships ...2 drones to ACTOR
    examples:
      - {text: "Iran ships drones to Iraq.", expect: {code: "070"}}
      - {text: "Iran ships nothing.", expect: none}
"""
    )
    result = runner.invoke(app, ["test", str(f)])
    assert result.exit_code == 1
    assert "wrong event from another rule: 070 IRN->RUS (ship-anything)" in result.stdout


def test_lint_warnings_and_strict(tmp_path: Path) -> None:
    f = tmp_path / "l.yaml"
    f.write_text(
        """classes:
  unused: [foo, bar]
rules:
  - id: gappy
    code: "010"
    pattern: ACTOR ... said
"""
    )
    result = runner.invoke(app, ["check", str(f)])
    assert result.exit_code == 0
    err = result.stderr
    assert f"{f}:6:20: warning: gap without a bound" in err
    assert f"{f}:2:3: warning: class @unused is defined but never used" in err
    assert f"{f}:4:5: warning: rule gappy has no examples" in err
    assert runner.invoke(app, ["check", "--strict", str(f)]).exit_code == 1


def test_lint_roles_shadowing_and_triggerless_rules(tmp_path: Path) -> None:
    f = tmp_path / "l.rules"
    f.write_text(
        "rule a\n  code 010\n  priority 2\n  pattern ACTOR says\n"
        '  example "Iran says." expect quantity=3\n'
        "rule b\n  code 010\n  pattern ACTOR says\n"
        '  example "Iran says." expect none\n'
        "rule c\n  code 010\n  pattern ACTOR ACTOR\n"
        '  example "Iran Iraq." expect none\n'
    )
    err = runner.invoke(app, ["check", str(f)]).stderr
    assert "expect names 'quantity', which rule a never binds" in err
    assert "rule b is shadowed by the higher-priority rule a" in err
    assert "rule c has no trigger word" in err


def test_explain_names_the_failing_element(root: Path) -> None:
    result = runner.invoke(
        app,
        ["explain", "-r", str(root / "examples/rules.yaml"), "North Korea shipped shells to the region."],
    )
    assert result.exit_code == 0
    assert "trigger matched; the ACTOR after 'to' was not found: 'the region' is not an actor" in result.stdout
    records = json.loads(
        runner.invoke(
            app, ["explain", "--json", "-r", str(root / "examples/rules.yaml"), "Iran did not send drones to Iraq."]
        ).stdout
    )
    assert records[0]["triggered"] == ["send-goods"]
    assert records[0]["events"] == []


def test_explain_shows_suppressed_events(tmp_path: Path) -> None:
    f = tmp_path / "p.rules"
    f.write_text(
        "rule low\n  code 070\n  pattern ACTOR ships ITEM to ACTOR\n"
        "rule high\n  code 072\n  priority 3\n  pattern ACTOR ships ITEM to ACTOR\n"
        "rule guarded\n  code 073\n  pattern ACTOR ...3 ships ITEM to ACTOR\n  unless negated\n"
    )
    out = runner.invoke(app, ["explain", "-r", str(f), "Iran has not quietly shipped rifles to Iraq."]).stdout
    assert "suppressed: 073 IRN->IRQ (guarded): the trigger is negated" in out
    out = runner.invoke(app, ["explain", "-r", str(f), "Iran shipped rifles to Iraq."]).stdout
    assert "event: 072 IRN->IRQ (high)" in out
    assert "suppressed: 070 IRN->IRQ (low): rule high covers the same words with higher precedence" in out


def test_pytest_plugin_collects_examples(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "r.yaml").write_text(GOOD.replace('expect: {code: "072"', 'expect: {code: "071"'))
    installed = any(ep.name == "eventrules" for ep in entry_points(group="pytest11"))
    load = [] if installed else ["-p", "eventrules.testing.plugin"]  # a checkout without `pip install`
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", *load, str(rules), "-q", "-p", "no:cacheprovider"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
    )
    out = proc.stdout
    assert proc.returncode == 1, out
    assert "1 failed, 1 passed, 1 xfailed" in out
    assert "r.yaml:9: example 'Iran shipped 300 drones to Russia in March.'" in out
