"""The actor annotator on the bundled dictionaries, and `eventrules actors`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventrules.annotate import Annotation, Annotator
from eventrules.annotate.actors import ActorDictionary, find_actors
from eventrules.cli import app
from eventrules.ruleset import load_actors
from eventrules.text import make_sentence

runner = CliRunner()


@pytest.fixture(scope="module")
def actors() -> ActorDictionary:
    return load_actors()


def codes(d: ActorDictionary, text: str, date: str | None = None) -> list[tuple[str, str | None]]:
    s = make_sentence(text)
    when = dt.date.fromisoformat(date) if date else None
    return [(s.span_text(a.start, a.end), a.code) for a in find_actors(d, s, when) if not a.parts]


# The issue's acceptance cases, through the command line.
CLI_CASES = [
    ("Vladimir Putin", "2005-06-01", "RUSGOV"),
    ("Vladimir Putin", "2010-06-01", "RUSGOV"),
    ("Vladimir Putin", "2023-06-01", "RUSGOV"),
    ("Kim Jong Un", "2023-06-01", "PRKGOV"),
    ("the Kremlin", None, "RUSGOV"),
    ("the Pentagon", None, "USAMIL"),
    ("Russian troops", None, "RUSMIL"),
    ("North Korea's military", None, "PRKMIL"),
    ("the U.S.", None, "USA"),
    ("Pyongyang", None, "PRK"),
    ("NATO", None, "IGOWSTNAT"),
    ("the UN Security Council", None, "IGOUNO"),
    ("Hamas", None, "PSEREBHMS"),
]


@pytest.mark.parametrize(("text", "date", "code"), CLI_CASES)
def test_actors_command(text: str, date: str | None, code: str) -> None:
    args = ["actors", text, "--json"] + (["--date", date] if date else [])
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"text": text, "span": [0, len(text)], "code": code}]


def test_actors_command_example_from_the_issue() -> None:
    result = runner.invoke(app, ["actors", "Russian troops crossed into Ukraine", "--date", "2022-02-24"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "RUSMIL" in lines[0] and "Russian troops" in lines[0]
    assert "UKR" in lines[1] and "Ukraine" in lines[1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("South Korean police", [("South Korean police", "KORCOP")]),
        ("the Israeli army", [("the Israeli army", "ISRMIL")]),
        ("Iran's foreign minister", [("Iran's foreign minister", "IRNGOV")]),
        ("the government of Iran", [("the government of Iran", "IRNGOV")]),
        ("South Korea and Korea", [("South Korea", "KOR")]),  # longest match; bare "Korea" is ambiguous
        ("the US told us", [("the US", "USA")]),  # case-aware
        ("a turkey from Turkey", [("Turkey", "TUR")]),
        ("Russia’s war", [("Russia", "RUS")]),  # possessive with a curly apostrophe
        ("ships in the South China Sea", []),  # a place, not China
        ("Russian weaponry", []),  # an adjective alone is not an actor
        ("the Russians", [("the Russians", "RUS")]),
        ("Hamas fighters", [("Hamas fighters", "PSEREBHMS")]),  # a group keeps its code
        ("UN investigators", [("UN investigators", "IGOUNO")]),
        # "agent of X" joins X only when X is a country; a bare agent still takes the only country.
        ("the army of Hamas", [("the army", "PSEMIL"), ("Hamas", "PSEREBHMS")]),
    ],
)
def test_matching_rules(actors: ActorDictionary, text: str, expected: list[tuple[str, str]]) -> None:
    assert codes(actors, text) == expected


def test_a_name_before_an_agent_noun_is_also_read_alone(actors: ActorDictionary) -> None:
    """ "Spain tanks" composes (as "Sri Lanka army" must), but the matcher may fall back on
    "Spain" alone ("Italy gave Spain tanks"); a demonym alone is no actor, so "Spanish troops"
    has no second reading."""

    def readings(text: str) -> tuple[list[tuple[str, str | None]], list[tuple[str, str | None]]]:
        s = make_sentence(text)
        shorter: list[Annotation] = []
        found = find_actors(actors, s, None, shorter)
        return [(s.span_text(a.start, a.end), a.code) for a in found], [
            (s.span_text(a.start, a.end), a.code) for a in shorter
        ]

    assert readings("Italy gave Spain tanks") == ([("Italy", "ITA"), ("Spain tanks", "ESPMIL")], [("Spain", "ESP")])
    assert readings("Spain's military left") == ([("Spain's military", "ESPMIL")], [("Spain", "ESP")])
    kremlin = readings("the Kremlin spokesman said")
    assert kremlin == ([("the Kremlin spokesman", "RUSGOV")], [("the Kremlin", "RUSGOV")])
    assert readings("Hamas fighters fired") == ([("Hamas fighters", "PSEREBHMS")], [("Hamas", "PSEREBHMS")])
    assert readings("Spanish troops left") == ([("Spanish troops", "ESPMIL")], [])
    assert readings("the Spanish army left") == ([("the Spanish army", "ESPMIL")], [])
    assert readings("Spain left") == ([("Spain", "ESP")], [])


def test_the_article_is_in_the_span_and_optional_for_the_matcher(actors: ActorDictionary) -> None:
    s = make_sentence("the Spanish army entered the Donbas")
    anns = Annotator(actors).annotate(s, None)
    # Listed once, with "the"; matchable at both starts (a rule may spell "the" out).
    assert [(a.type, s.span_text(a.start, a.end)) for a in anns.items] == [
        ("ACTOR", "the Spanish army"),
        ("LOCATION", "the Donbas"),
    ]
    assert anns.ends["ACTOR"] == {0: [3], 1: [3]}
    assert anns.ends["LOCATION"] == {4: [6], 5: [6]}
    assert anns.by_span[("LOCATION", 5, 6)].code == "UKR"


def test_bare_agent_takes_the_only_country_of_the_sentence(actors: ActorDictionary) -> None:
    assert codes(actors, "Iran said troops moved") == [("Iran", "IRN"), ("troops", "IRNMIL")]
    got = codes(actors, "Egypt said Israel moved troops")
    assert got[-1] == ("troops", "---MIL")


def test_people_resolve_by_date_and_fall_back_to_elite(tmp_path: Path) -> None:
    f = tmp_path / "people.yaml"
    f.write_text(
        "actors:\n"
        "  - names: [Jane Example]\n"
        "    country: FRA\n"
        "    periods:\n"
        "      - {code: FRAGOV, from: 2010-01-01, to: 2014-12-31}\n"
        "      - {code: FRALEG, from: 2015-01-01}\n"
    )
    d = load_actors(f)
    assert codes(d, "Jane Example", "2012-05-01") == [("Jane Example", "FRAGOV")]
    assert codes(d, "Jane Example", "2020-05-01") == [("Jane Example", "FRALEG")]
    assert codes(d, "Jane Example", "2001-05-01") == [("Jane Example", "FRAELI")]
    assert codes(d, "French President Jane Example", "2001-05-01") == [("French President Jane Example", "FRAGOV")]
    assert codes(d, "Jane Example") == [("Jane Example", "FRALEG")]  # no date: the latest period


def test_user_files_add_and_override(tmp_path: Path) -> None:
    f = tmp_path / "mine.yaml"
    f.write_text("actors:\n  - code: RUSGOV\n    names: [Moscow]\n  - code: XYZREB\n    names: [Blue Brigade]\n")
    d = load_actors(f)
    assert codes(d, "Moscow and the Blue Brigade") == [("Moscow", "RUSGOV"), ("the Blue Brigade", "XYZREB")]


def test_every_shared_country_is_recognized(actors: ActorDictionary, shared: Path) -> None:
    import yaml

    root = Path(__file__).resolve().parents[1]
    entries = yaml.safe_load((root / "rules/actors/countries.yaml").read_text())["actors"]
    names = {e["code"]: e["names"] for e in entries}
    missed = []
    for line in (shared / "cameo/countries.tsv").read_text().splitlines()[1:]:
        code, _name, kind = line.split("\t")[:3]
        if kind == "region":
            continue
        if not any(codes(actors, n) == [(n, code)] for n in names.get(code, [])):
            missed.append(code)
    assert missed == []


def test_compound_actors(actors: ActorDictionary) -> None:
    s = make_sentence("Russia, Iran and Syria condemned Egypt and Israel")
    compounds = [(s.span_text(a.start, a.end), [p.code for p in a.parts]) for a in find_actors(actors, s) if a.parts]
    assert compounds == [("Russia, Iran and Syria", ["RUS", "IRN", "SYR"]), ("Egypt and Israel", ["EGY", "ISR"])]
    s = make_sentence("Indian and Pakistani officials met")
    [pair] = [a for a in find_actors(actors, s) if a.parts]
    assert [p.code for p in pair.parts] == ["INDGOV", "PAKGOV"]


def test_military_equipment_personnel_and_office_nouns_are_agents(actors: ActorDictionary) -> None:
    assert codes(actors, "Belgian jets and Dutch helicopters flew over Mali.")[:2] == [
        ("Belgian jets", "BELMIL"),
        ("Dutch helicopters", "NLDMIL"),
    ]
    assert codes(actors, "Chilean military personnel") == [("Chilean military personnel", "CHLMIL")]
    assert codes(actors, "Kenya's police chief") == [("Kenya's police chief", "KENCOP")]
    assert codes(actors, "rioters in Lyon")[0] == ("rioters in Lyon", "FRAOPP")


def test_an_organization_keeps_its_code_before_an_agent_noun(actors: ActorDictionary) -> None:
    assert codes(actors, "UN inspectors")[0] == ("UN inspectors", "IGOUNO")
    assert codes(actors, "NATO members")[0] == ("NATO members", "IGOWSTNAT")
    assert codes(actors, "the UN chief")[0] == ("the UN chief", "IGOUNO")
    assert codes(actors, "Peru's nuclear chief") == [("Peru's nuclear chief", "PERGOV")]


def test_ethnic_and_religious_communities(actors: ActorDictionary) -> None:
    # Tied to one state: that state, as civilians, unless a role noun follows.
    assert codes(actors, "Rohingya") == [("Rohingya", "MMRCVL")]
    assert codes(actors, "Yazidis") == [("Yazidis", "IRQCVL")]
    assert codes(actors, "Uyghur students")[0] == ("Uyghur students", "CHNEDU")
    assert codes(actors, "Rohingya refugees")[0] == ("Rohingya refugees", "MMRREF")
    # Spread over several states: the country named with them.
    assert codes(actors, "Turkish Kurds") == [("Turkish Kurds", "TURCVL")]
    assert codes(actors, "Egypt's Copts") == [("Egypt's Copts", "EGYCVL")]
    assert codes(actors, "kurds")[0][1] == "---CVL"  # no country named: left open
