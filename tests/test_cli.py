"""The command line contracts: `apply` and `check`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from eventrules.cli import app

runner = CliRunner()

BAD_RULES = """rules:
  - id: syntax
    code: "072"
    pattern: ACTOR ships (ITEM to ACTOR
  - id: slot
    code: "073"
    pattern: ACTOR sends ITEM to ACTER
  - id: key
    code: "074"
    patern: ACTOR gives ITEM
    pattern: ACTOR gives ITEM
  - id: syntax
    code: "075"
    pattern: ACTOR lends ITEM to ACTOR
"""


def test_check_reports_all_four_errors_with_locations(tmp_path: Path) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text(BAD_RULES)
    result = runner.invoke(app, ["check", str(f)])
    assert result.exit_code == 1
    err = result.stderr
    assert f"{f}:4:40: error: unexpected end of text; expected ')'" in err
    assert f"{f}:7:34: error: unknown slot type ACTER (did you mean ACTOR?)" in err
    assert f"{f}:10:5: error: unknown key 'patern' in a rule (did you mean pattern?)" in err
    assert f"{f}:12:5: error: duplicate rule id 'syntax' (first defined at {f}:2:5)" in err
    # The offending line and a caret under the column.
    assert "        pattern: ACTOR sends ITEM to ACTER\n" + " " * 37 + "^" in err


def test_check_clean_files(root: Path) -> None:
    result = runner.invoke(app, ["check", str(root / "rules/example"), str(root / "examples/rules.yaml")])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ok: ")


def test_check_suggests_classes(tmp_path: Path) -> None:
    f = tmp_path / "c.rules"
    f.write_text("class send = send, ship\nrule r\n  code 070\n  pattern ACTOR @sedn ITEM\n")
    result = runner.invoke(app, ["check", str(f)])
    assert result.exit_code == 1
    assert f"{f}:4:17: error: unknown word class @sedn (did you mean send?)" in result.stderr


def test_apply_loses_no_good_record(tmp_path: Path, root: Path) -> None:
    good = {
        "id": "a",
        "date": "2023-10-13",
        "text": "Iran ships 300 boxes of shells to Russia between May 1 and May 3.",
    }
    lines = [
        json.dumps(good).encode(),
        b'{"id": "broken", "text": ',
        b'{"id": "latin1", "text": "caf\xe9"}',
        json.dumps({"id": "empty", "date": "2023-10-13"}).encode(),
        json.dumps({**good, "id": "b"}).encode(),
    ]
    corpus = tmp_path / "c.jsonl"
    corpus.write_bytes(b"\n".join(lines) + b"\n")
    result = runner.invoke(app, ["apply", "--rules", str(root / "rules/example/shipments.yaml"), str(corpus)])
    assert result.exit_code == 1
    events = [json.loads(x) for x in result.stdout.splitlines()]
    assert [e["doc_id"] for e in events] == ["a", "b"]
    assert f"{corpus}:2: malformed JSON" in result.stderr
    assert f"{corpus}:3: invalid UTF-8" in result.stderr
    assert f"{corpus}:4: record has no text" in result.stderr
    assert "documents: 2, events: 2, errors: 3" in result.stderr


def test_apply_reports_bad_files_and_goes_on(tmp_path: Path, root: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02abc")
    (tmp_path / "bad.txt").write_bytes(b"Iran ships \xff\xfe")
    (tmp_path / "ok.txt").write_text("Iran ships 3 boxes of rifles to Russia between May 1 and May 3, 2024.")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(
        app, ["apply", "-r", str(root / "rules/example/shipments.yaml"), "-o", str(out), str(tmp_path)]
    )
    assert result.exit_code == 1
    assert f"{tmp_path / 'empty.txt'}: empty file" in result.stderr
    assert f"{tmp_path / 'bin.txt'}: binary file" in result.stderr
    assert f"{tmp_path / 'bad.txt'}:1: invalid UTF-8" in result.stderr
    [ev] = [json.loads(x) for x in out.read_text().splitlines()]
    assert ev["doc_id"] == str(tmp_path / "ok.txt") and ev["date"] == "2024-05-01"


def test_apply_stops_on_invalid_rules_before_output(tmp_path: Path, root: Path) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text(BAD_RULES)
    result = runner.invoke(app, ["apply", "-r", str(f), str(root / "examples/shipment.txt")])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"{f}:7:34: error: unknown slot type ACTER" in result.stderr


def test_apply_reads_stdin(root: Path) -> None:
    text = "Iran ships 3 boxes of rifles to Russia between May 1 and May 3, 2024."
    result = runner.invoke(app, ["apply", "-r", str(root / "rules/example/shipments.yaml"), "-"], input=text)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["doc_id"] == "<stdin>"


def test_installed_console_script_finds_grammar_and_rules(tmp_path: Path, root: Path) -> None:
    """The installed command (not the checkout) parses rules: grammar and actors ship as package data."""
    exe = shutil.which("eventrules", path=str(Path(sys.executable).parent))
    if exe is None:
        import pytest

        pytest.skip("eventrules is not installed in this environment")
    rules = tmp_path / "r.yaml"
    rules.write_text((root / "rules/example/shipments.yaml").read_text())
    proc = subprocess.run(
        [exe, "apply", "-r", str(rules), "--date", "2023-10-13", "-"],
        input="Iran shipped 300 boxes of ammunition to Russia between March 3 and April 20, 2023.",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    ev = json.loads(proc.stdout)
    assert (ev["code"], ev["source"]["code"], ev["target"]["code"]) == ("072", "IRN", "RUS")


def test_codes_lists_the_codebook() -> None:
    everything = json.loads(runner.invoke(app, ["codes", "--json"]).stdout)
    assert len(everything) == 316
    root07 = json.loads(runner.invoke(app, ["codes", "07", "--json"]).stdout)
    assert [c["code"] for c in root07] == ["07", "070", "071", "072", "073", "074", "075"]
    sanction = [c["code"] for c in json.loads(runner.invoke(app, ["codes", "sanction", "--json"]).stdout)]
    assert "163" in sanction and "1312" in sanction
    text = runner.invoke(app, ["codes", "072"]).stdout
    assert "072" in text and "Provide military aid" in text and "8.3" in text


def test_check_rejects_unknown_codes_with_suggestions(tmp_path: Path) -> None:
    f = tmp_path / "c.yaml"
    f.write_text('rules:\n  - id: a\n    code: "0722"\n    pattern: ACTOR ships ITEM to ACTOR\n')
    result = runner.invoke(app, ["check", str(f)])
    assert result.exit_code == 1
    assert f"{f}:3:11: error: unknown CAMEO event code '0722'; nearest: 072 Provide military aid" in result.stderr


def test_events_carry_codebook_fields(root: Path) -> None:
    result = runner.invoke(
        app,
        ["apply", "-r", str(root / "examples/rules.yaml"), "--date", "2023-10-13", str(root / "examples/shipment.txt")],
    )
    events = [json.loads(x) for x in result.stdout.splitlines()]
    by_code = {e["code"]: e for e in events}
    assert by_code["072"]["event_name"] == "Provide military aid"
    assert (by_code["072"]["quad_class"], by_code["072"]["goldstein"]) == (2, 8.3)
    assert (by_code["111"]["quad_class"], by_code["111"]["goldstein"]) == (3, -2.0)
