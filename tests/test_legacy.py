"""eventrules.legacy: TABARI / PETRARCH dictionaries imported into our own files.

The legacy snippets here are written for these tests (made-up states: Freedonia FRD,
Sylvania SYL, Ruritania RUR); the peers' own files are only read by the tests at the end,
which skip when ../shared/peers is absent.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventrules.cli import app
from eventrules.legacy import actors as legacy_actors
from eventrules.legacy import agents as legacy_agents
from eventrules.legacy.common import Report, legacy_date
from eventrules.legacy.convert import classify, import_dicts
from eventrules.legacy.validate import COMMA_DEFAULTS, drop_comma_clauses, validate_petrarch, validate_tabari
from eventrules.legacy.verbs import Unconvertible, plan
from eventrules.ruleset import RuleSet, load_rules

ACTORS = """\
# made-up actors for the tests
FREEDONIA [FRD]
+FREEDONIAN
SYLVANIA_ [SYL]  # an exact word
RURITANIA [RUR]
GRAND_DUCHY_OF_FENWICK [FEN]
RUFUS_FIREFLY  # a dated actor: codes follow on indented lines
\t[FRDGOV 19330101-19331231]
\t[FRDELI >19340101]
\t[FRD]
TRENTINO [SYLGOV <19330601] [SYLMIL]
KLOPSTOKIA [KLO <19330101] [###]  # a discard from 1933 on
MRS_TEASDALE [+++]  # complex: her sentences are not coded
"""

AGENTS = """\
!PERSON! = MAN, MEN, WOMAN, WOMEN
TROOP [~MIL]
POLICE {} [~COP]
CONGRESS!PERSON! [~LEG]
RELIEF_AGENCY [NGO~]
"""

VERBS = """\
&ARMS
+WEAPONS
+HEAVY_GUNS

--- DENOUNCE [122] ---
DENOUNCE
CASTIGATE {CASTIGATES CASTIGATED}
- * FOR_TREASON [1121]
- $ * SUPPORT FOR + [---]
- * ^ SPORTS [###]

--- SHIP [070] ---
SHIP {SHIPS SHIPPED}
- * &ARMS TO + [072]
- % * TRUCE [057:057]

--- MEET [036:036] ---
MEET {MET}
- * WITH + IN { SECRET | PRIVATE } [036]

--- VISIT [042:043] ---
VISIT
"""

DISCARDS = """\
FOOTBALL MATCH
+HOROSCOPE
"""


def write(tmp: Path, files: dict[str, str], encoding: str = "utf-8") -> Path:
    for name, text in files.items():
        (tmp / name).write_text(text, encoding=encoding)
    return tmp


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[RuleSet, Report, Path]:
    src = write(
        tmp_path_factory.mktemp("legacy"),
        {"T.verbs.txt": VERBS, "T.actors.txt": ACTORS, "T.agents.txt": AGENTS, "T.discards.txt": DISCARDS},
    )
    out = tmp_path_factory.mktemp("out")
    report = import_dicts(classify([src]), out)
    return load_rules(out, bundled_actors=False), report, out


def triples(rules: RuleSet, text: str, date: str = "1933-06-01") -> Counter[tuple[str, str, str]]:
    return Counter(
        (e["source"]["code"] if e["source"] else "", e["target"]["code"] if e["target"] else "", e["code"])
        for e in rules.extract(text, date=date)
    )


def test_bare_verb_codes_subject_and_first_actor_after_it(imported: tuple[RuleSet, Report, Path]) -> None:
    rules = imported[0]
    assert triples(rules, "Freedonia denounced Sylvania on Monday.") == {("FRD", "SYL", "122"): 1}
    # the irregular forms given in braces are verbs of the block too
    assert triples(rules, "Freedonia castigated Sylvania.") == {("FRD", "SYL", "122"): 1}


def test_pattern_words_and_consecutive_words(imported: tuple[RuleSet, Report, Path]) -> None:
    rules = imported[0]
    assert triples(rules, "Freedonia denounced Sylvania for treason.") == {("FRD", "SYL", "1121"): 1}
    # `_` joins FOR_TREASON: "for high treason" is not the pattern, the bare verb codes it
    assert triples(rules, "Freedonia denounced Sylvania for high treason.") == {("FRD", "SYL", "122"): 1}


def test_synset_class_and_explicit_target(imported: tuple[RuleSet, Report, Path]) -> None:
    rules = imported[0]
    assert triples(rules, "Freedonia shipped heavy guns to Sylvania.") == {("FRD", "SYL", "072"): 1}
    assert triples(rules, "Freedonia shipped grain to Sylvania.") == {("FRD", "SYL", "070"): 1}


def test_alternatives_in_braces(imported: tuple[RuleSet, Report, Path]) -> None:
    rules = imported[0]
    assert triples(rules, "Freedonia met with Sylvania in secret.") == {("FRD", "SYL", "036"): 1}
    assert triples(rules, "Freedonia met with Sylvania in private.") == {("FRD", "SYL", "036"): 1}


def test_paired_codes_code_both_directions(imported: tuple[RuleSet, Report, Path]) -> None:
    rules = imported[0]
    assert triples(rules, "Freedonia visited Sylvania.") == {("FRD", "SYL", "042"): 1, ("SYL", "FRD", "043"): 1}


def test_compound_actor_is_symmetric(imported: tuple[RuleSet, Report, Path]) -> None:
    rules = imported[0]
    got = triples(rules, "Freedonia and Sylvania shipped a truce proposal.")
    assert got == {("FRD", "SYL", "057"): 1, ("SYL", "FRD", "057"): 1}


def test_null_code_matches_and_codes_nothing(imported: tuple[RuleSet, Report, Path]) -> None:
    rules = imported[0]
    assert triples(rules, "Freedonia denounced support for Sylvania.") == {}


def test_discard_code_drops_the_sentence(imported: tuple[RuleSet, Report, Path]) -> None:
    rules = imported[0]
    assert triples(rules, "Freedonia denounced the sports results of Sylvania.") == {}


def test_passive_of_a_bare_verb(imported: tuple[RuleSet, Report, Path]) -> None:
    rules = imported[0]
    assert triples(rules, "Sylvania was denounced by Freedonia.") == {("FRD", "SYL", "122"): 1}


def test_discard_file(imported: tuple[RuleSet, Report, Path]) -> None:
    rules = imported[0]
    assert triples(rules, "Freedonia denounced Sylvania after the football match.") == {}
    story = "Freedonia denounced Sylvania. The horoscope says so."
    assert triples(rules, story) == {}


def test_actor_synonyms_joins_and_exact_words(imported: tuple[RuleSet, Report, Path]) -> None:
    rules = imported[0]
    assert triples(rules, "The Freedonian denounced the Grand Duchy of Fenwick.") == {("FRD", "FEN", "122"): 1}


def test_actor_date_restrictions_and_default(imported: tuple[RuleSet, Report, Path]) -> None:
    rules = imported[0]
    text = "Rufus Firefly denounced Sylvania."
    assert triples(rules, text, "1933-06-01") == {("FRDGOV", "SYL", "122"): 1}
    assert triples(rules, text, "1935-01-01") == {("FRDELI", "SYL", "122"): 1}
    assert triples(rules, text, "1920-01-01") == {("FRD", "SYL", "122"): 1}  # the unrestricted default
    inline = "Trentino denounced Freedonia."
    assert triples(rules, inline, "1933-01-01") == {("SYLGOV", "FRD", "122"): 1}
    assert triples(rules, inline, "1940-01-01") == {("SYLMIL", "FRD", "122"): 1}


def test_dated_discard_drops_the_sentence_only_in_its_period(imported: tuple[RuleSet, Report, Path]) -> None:
    rules = imported[0]
    text = "Freedonia denounced Sylvania over Klopstokia."
    assert triples(rules, text, "1932-06-01") == {("FRD", "SYL", "122"): 1}
    assert triples(rules, text, "1934-06-01") == {}
    discards = (imported[2] / "discards.yaml").read_text()
    assert "klopstokia" not in discards.lower()  # not a discard at every date
    assert triples(rules, "Freedonia denounced Sylvania over Mrs Teasdale.", "1932-06-01") == {}


def test_agents_append_prepend_plurals_and_sets(imported: tuple[RuleSet, Report, Path]) -> None:
    rules = imported[0]
    assert triples(rules, "Freedonian troops denounced Sylvania.") == {("FRDMIL", "SYL", "122"): 1}
    assert triples(rules, "Freedonia denounced the Sylvanians.") == Counter()  # SYLVANIA_ is exact
    assert triples(rules, "Freedonian police denounced Sylvania.") == {("FRDCOP", "SYL", "122"): 1}
    assert triples(rules, "Freedonian congresswomen denounced Sylvania.") == {("FRDLEG", "SYL", "122"): 1}
    assert triples(rules, "A Freedonian relief agency denounced Sylvania.") == {("NGOFRD", "SYL", "122"): 1}


def test_every_line_is_converted_or_reported(imported: tuple[RuleSet, Report, Path]) -> None:
    report = imported[1]
    assert report.skipped == Counter()
    assert report.converted["pattern"] == 6 and report.converted["verb"] == 5
    assert report.converted["actor"] == 8 and report.converted["discard"] == 2


def test_unconvertible_lines_are_reported_with_file_and_line(tmp_path: Path) -> None:
    write(tmp_path, {"B.verbs.txt": "--- WARN [130] ---\nWARN\n- * + AND + [131]\n- * { A | B [132]\n- NOCODE *\n"})
    report = import_dicts(classify([tmp_path]), tmp_path / "out")
    where = sorted((p.line, p.reason) for p in report.problems)
    assert [w[0] for w in where] == [3, 4, 5]
    assert "more than one +" in where[0][1] and "unclosed" in where[1][1] and "[code]" in where[2][1]
    assert report.skipped["pattern"] == 3
    assert "pattern: 0 of 3 converted (100.0% lost)" in report.summary()
    load_rules(tmp_path / "out", bundled_actors=False)  # what was converted still loads


def test_latin1_actor_file(tmp_path: Path) -> None:
    write(tmp_path, {"L.actors.txt": "CURA\u00c7AO [CUW]\n"}, encoding="latin-1")
    report = Report()
    d = legacy_actors.parse(tmp_path / "L.actors.txt", report)
    entries, _ = legacy_actors.convert(d, report)
    assert entries == [{"code": "CUW", "names": ["cura\u00e7ao"]}]


def test_tabari_stems_and_word_endings(tmp_path: Path) -> None:
    files = {"S.verbs": "DENOUNC [122]\nBAN= [191]\nDEPART_ [032]\n", "S.actors": "FREEDON [FRD]\nSYLVANIA_ [SYL]\n"}
    src = write(tmp_path, files)
    out = tmp_path / "out"
    import_dicts(classify([src / "S.verbs", src / "S.actors"]), out, dialect="tabari")
    rules = load_rules(out, bundled_actors=False)
    assert triples(rules, "Freedonia denounces Sylvania.") == {("FRD", "SYL", "122"): 1}
    assert triples(rules, "Freedonians banned Sylvania.") == {("FRD", "SYL", "191"): 1}
    assert triples(rules, "Freedonia departed Sylvania.") == {("FRD", "SYL", "032"): 1}
    assert triples(rules, "Freedonia departed Sylvanian.") == {}  # SYLVANIA_ is exact (but for a plural -s)
    assert triples(rules, "Freedonia departed Sylvanias.") == {("FRD", "SYL", "032"): 1}


def test_plan_places_source_and_target() -> None:
    p = plan("+ HOSTING * TABLE ^ $", "@v", {}, gap=4)
    assert p.pattern == "ACTOR:target ...4 hosting ...4 @v ...4 table ...4 ...1 ...4 ACTOR:source"
    p = plan("*_OUT", "@v", {}, gap=4)
    assert p.pattern == "ACTOR:source ...4 @v (out ...4 ACTOR:target)"
    with pytest.raises(Unconvertible):
        plan("* + + ", "@v", {})


def test_skip_marker_skips_an_actor_or_a_word(tmp_path: Path) -> None:
    verbs = "--- WARN [160] ---\nWARN\n- * AT ^ +  [162]\n"
    src = write(tmp_path, {"W.verbs": verbs, "W.actors": ACTORS})
    import_dicts(classify([src / "W.verbs", src / "W.actors"]), tmp_path / "out", dialect="tabari")
    rules = load_rules(tmp_path / "out", bundled_actors=False)
    # `^` skips the actor after "at": the target is the next one
    assert triples(rules, "Freedonia warned at the Sylvania summit about Ruritania.") == {("FRD", "RUR", "162"): 1}
    assert triples(rules, "Freedonia warned at the summit about Ruritania.") == {("FRD", "RUR", "162"): 1}
    rp = plan("* AT ^ +", "@verb_warn", {})
    assert rp.skipping is not None and "ACTOR:skip1" in rp.skipping and "ACTOR:skip" not in rp.pattern


def test_tabari_comma_clauses_are_dropped_by_length() -> None:
    text = "Freedonia, in a speech on Monday, denounced the treaty with Sylvania, officials said."
    assert drop_comma_clauses(text, COMMA_DEFAULTS) == "Freedonia denounced the treaty with Sylvania."
    long_clause = (
        "Freedonia, in a long speech to the assembled parliament on a cold Monday morning, denounced"
        " the treaty that Sylvania and Ruritania signed in the spring of last year."
    )
    assert drop_comma_clauses(long_clause, COMMA_DEFAULTS) == long_clause  # clauses of 14 and 15 words are kept
    short_tail = "Freedonia denounced Sylvania, officials said."
    assert drop_comma_clauses(short_tail, COMMA_DEFAULTS) == "Freedonia denounced Sylvania."
    assert drop_comma_clauses("Freedonia denounced Sylvania.", COMMA_DEFAULTS) == "Freedonia denounced Sylvania."
    off = {k: (255 if k.endswith("MIN") else 0) for k in COMMA_DEFAULTS}
    assert drop_comma_clauses(text, off) == text


def test_one_pattern_per_verb_and_one_verb_per_actor_pair(tmp_path: Path) -> None:
    verbs = "--- BREAK [1717] ---\nBREAK_\n- + * IN_ $  [075]\n\n--- PARADE [111] ---\nPARADE\n"
    src = write(tmp_path, {"B.verbs": verbs, "B.actors": ACTORS})
    import_dicts(classify([src / "B.verbs", src / "B.actors"]), tmp_path / "out", dialect="tabari")
    rules = load_rules(tmp_path / "out", bundled_actors=False)
    # the pattern of "break" wins over the bare verb on the same word, and the later verb
    # "parade" does not code the same two actors the other way round
    got = triples(rules, "Freedonia would break in a Sylvania parade on Monday.")
    assert got == {("SYL", "FRD", "075"): 1}
    assert triples(rules, "Freedonia would break the Sylvania parade on Monday.") == {("FRD", "SYL", "1717"): 1}


def test_legacy_dates() -> None:
    assert str(legacy_date("950601")) == "1995-06-01"
    assert str(legacy_date("010114")) == "2001-01-14"
    assert str(legacy_date("20130119")) == "2013-01-19"
    assert legacy_date("9008223") is None and legacy_date("19951341") is None


def test_agent_sets_expand() -> None:
    assert legacy_agents.expand_sets("X!P!_Y", {"P": ["A", "B"]}) == ["XA_Y", "XB_Y"]
    assert legacy_agents.agent_code(" ~GOV") == "GOV" and legacy_agents.agent_code("NGO~") == "NGO~"


# ---------------------------------------------------------------- the command line and the runners


def test_cli_import_writes_files_check_accepts(tmp_path: Path) -> None:
    src = write(tmp_path, {"C.verbs.txt": VERBS, "C.actors.txt": ACTORS, "C.agents.txt": AGENTS})
    runner = CliRunner()
    res = runner.invoke(app, ["import", "petrarch", str(src), "--out", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    assert "pattern: 6 of 6 converted (0.0% lost)" in res.stdout
    res = runner.invoke(app, ["check", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    assert "ok: " in res.stdout


def test_validate_runner_scores_records_and_never_crashes(tmp_path: Path) -> None:
    write(tmp_path, {"V.verbs.txt": VERBS, "V.actors.txt": ACTORS, "V.agents.txt": AGENTS})
    records = [
        {"text": "Freedonia denounced Sylvania.", "expected_events": [["FRD", "SYL", "122"]]},
        {"text": "Freedonia visited Sylvania.", "expected_events": [["FRD", "SYL", "042"]]},  # misses 043
        {"text": "Freedonia and Sylvania.", "expect_no_event": True, "expected_events": []},
        {"text": None, "expected_events": [["FRD", "SYL", "122"]]},  # a broken record
    ]
    suite = tmp_path / "suite.jsonl"
    with suite.open("w") as f:
        for k, r in enumerate(records):
            ev = [{"source": s, "target": t, "code": c} for s, t, c in r["expected_events"]]
            rec = {"id": f"T-{k}", "uid": f"T-{k}", "category": "T", "date": "19330601", "text": r["text"]}
            rec |= {"expected_events": ev, "expect_no_event": r.get("expect_no_event", False)}
            rec |= {"scored_by_suite": True, "petrarch2_run": None}
            f.write(json.dumps(rec) + "\n")
    res = validate_petrarch(suite, tmp_path)
    assert [o.passed for o in res.outcomes] == [True, False, True, False]
    assert res.crashes == 1 and res.outcomes[3].error
    assert res.final_line() == "passed 2 of 4 records (50.0%)"
    cli = CliRunner().invoke(app, ["validate", "petrarch", "--suite", str(suite), "--dicts", str(tmp_path)])
    assert cli.exit_code == 0, (cli.output, cli.exception)
    assert cli.stdout.rstrip().splitlines()[-1] == "passed 2 of 4 records (50.0%)"


def test_tabari_options_convert_agent_and_minimum_words(tmp_path: Path) -> None:
    write(tmp_path, {"V.verbs": VERBS, "V.actors": ACTORS, "V.agents": AGENTS})
    records: list[tuple[str, list[str], str, list[tuple[str, str, str]] | None]] = [
        ("T-1", [], "Freedonia denounced the troops on Monday at noon.", [("FRD", "FRDMIL", "122")]),
        ("T-on", ["SET: CONVERT AGENT = TRUE"], "Options.", []),
        ("T-2", [], "Freedonia denounced the troops on Monday at noon.", [("FRD", "~MIL", "122")]),
        ("T-3", [], "Sylvania denounced Freedonian troops on Monday at noon.", [("SYL", "FRDMIL", "122")]),
        ("T-4", [], "The police denounced Sylvania on Monday at noon.", [("~COP", "SYL", "122")]),
        ("T-off", ["SET: CONVERT AGENT = FALSE"], "Options.", []),
        ("T-5", [], "Freedonia denounced the troops on Monday at noon.", [("FRD", "FRDMIL", "122")]),
        ("T-6", [], "Freedonia denounced Sylvania.", None),  # {---}: 3 words are under the minimum of 8
        ("T-min", ["SET: MINIMUM WORDS = 3"], "Options.", []),
        ("T-7", [], "Freedonia denounced Sylvania.", [("FRD", "SYL", "122")]),
        # the clause ", Ruritania's ally," is dropped (2..10 words): the target is Ruritania's ally no more
        ("T-8", [], "Freedonia denounced the treaty, Ruritania's old ally, on Monday.", None),
        ("T-off", ["COMMA: OFF"], "Options.", []),
        ("T-9", [], "Freedonia denounced the treaty, Ruritania's old ally, on Monday.", [("FRD", "RUR", "122")]),
    ]
    suite = tmp_path / "suite.jsonl"
    with suite.open("w") as f:
        for uid, options, text, expected in records:
            ev = [{"source": s, "target": t, "code": c} for s, t, c in expected or []]
            rec = {"id": uid, "date": "330601", "text": text, "expected_events": ev, "options": options}
            rec["expect_no_event"] = expected is None
            f.write(json.dumps(rec) + "\n")
    res = validate_tabari(suite, tmp_path)
    assert [o.uid for o in res.outcomes] == ["T-1", "T-2", "T-3", "T-4", "T-5", "T-6", "T-7", "T-8", "T-9"]
    assert [o.passed for o in res.outcomes] == [True] * 9, res.render()


# ---------------------------------------------------------------- the peers' own files (skipped when absent)

ROOT = Path(__file__).resolve().parents[1]
# ../shared beside the checkout (/work/main -> /work/shared), also from a worktree one level deeper.
PEERS = next((p for p in (ROOT.parent / "shared" / "peers", ROOT.parents[1] / "shared" / "peers") if p.is_dir()), ROOT)
needs_peers = pytest.mark.skipif(PEERS == ROOT, reason="../shared/peers is not present")


@needs_peers
def test_petrarch_suite_pass_rate() -> None:
    res = validate_petrarch(PEERS / "petrarch2_validation.jsonl", PEERS / "petrarch2_dicts")
    assert len(res.outcomes) == 278
    assert res.crashes == 0
    assert res.passed / len(res.outcomes) >= 0.60, res.final_line()


@needs_peers
def test_tabari_suite_runs_without_crashes() -> None:
    res = validate_tabari(PEERS / "tabari_validation.jsonl", PEERS / "tabari_dicts")
    assert res.crashes == 0
    assert res.passed / len(res.outcomes) >= 0.70, res.final_line()


@needs_peers
def test_production_verb_file_loses_under_two_percent(tmp_path: Path) -> None:
    prod = PEERS / "petrarch2_dicts" / "production"
    report = import_dicts(classify([prod / "CAMEO.verbpatterns.150430.txt", prod / "Phoenix.agents.txt"]), tmp_path)
    assert report.converted["pattern"] > 10_000
    assert report.loss("pattern") < 0.02 and report.loss("agent") < 0.02
    assert len(report.problems) == sum(report.skipped.values())
