"""Data checks for the bundled agent, people and organization dictionaries.

The YAML files are read with ``yaml.safe_load`` directly, so these tests do not
depend on the eventrules loader. The date logic of ``_resolve`` mirrors the
engine's: periods have an inclusive ``to``; outside every period a person is
coded as country + ELI.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

ACTORS_DIR = Path(__file__).resolve().parents[1] / "rules" / "actors"
AGENTS_YAML = ACTORS_DIR / "agents.yaml"
PEOPLE_YAML = ACTORS_DIR / "people.yaml"
ORGANIZATIONS_YAML = ACTORS_DIR / "organizations.yaml"
COUNTRIES_YAML = ACTORS_DIR / "countries.yaml"

AGENT_KEYS = {"code", "names", "comment"}
PERSON_KEYS = {"names", "country", "periods", "comment"}
PERIOD_KEYS = {"code", "from", "to"}
ORGANIZATION_KEYS = {"names", "code", "comment"}

# CAMEO role codes an agent noun may carry: the domestic roles of the manual's Table 3.1 and
# section 3.1.4, plus the generic religious code REL (section 10.0.4).
AGENT_CODES = frozenset(
    {
        "COP", "GOV", "INS", "JUD", "MIL", "OPP", "REB", "SEP", "SPY", "UAF",
        "PTY",
        "AGR", "BUS", "CRM", "CVL", "DEV", "EDU", "ELI", "ENV", "HLH", "HRI", "LAB", "LEG", "MED", "REF",
        "MOD", "RAD",
        "REL",
    }
)  # fmt: skip
# First three letters of a code that is not a country's: CAMEO's international generic codes.
INTERNATIONAL_PREFIXES = frozenset({"IGO", "IMG", "INT", "MNC", "NGM", "NGO", "UIS"})

CODE_RE = re.compile(r"^(?:[A-Z]{3})+$")
COUNTRY_RE = re.compile(r"^[A-Z]{3}$")

MIN_AGENT_NAMES = 150
MIN_PEOPLE = 250
MIN_ORGANIZATIONS = 60


def _load(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _entries(path: Path, key: str) -> list[dict[str, Any]]:
    data = _load(path)
    assert isinstance(data, dict) and set(data) == {key}, f"{path.name}: top level must be only `{key}:`"
    entries = data[key]
    assert isinstance(entries, list) and entries, f"{path.name}: `{key}` must be a non-empty list"
    for e in entries:
        assert isinstance(e, dict), f"{path.name}: entry is not a mapping: {e!r}"
    return entries


@pytest.fixture(scope="module")
def agents() -> list[dict[str, Any]]:
    return _entries(AGENTS_YAML, "agents")


@pytest.fixture(scope="module")
def people() -> list[dict[str, Any]]:
    return _entries(PEOPLE_YAML, "actors")


@pytest.fixture(scope="module")
def organizations() -> list[dict[str, Any]]:
    return _entries(ORGANIZATIONS_YAML, "actors")


@pytest.fixture(scope="module")
def countries() -> list[dict[str, Any]]:
    return _entries(COUNTRIES_YAML, "actors")


def _date(value: Any) -> dt.date:
    """A period date: yaml.safe_load gives a date for unquoted ISO dates, a str if quoted."""
    if isinstance(value, dt.datetime):
        raise AssertionError(f"date with a time: {value!r}")
    if isinstance(value, dt.date):
        return value
    assert isinstance(value, str), f"bad date {value!r}"
    return dt.date.fromisoformat(value)


def _periods(person: dict[str, Any]) -> list[tuple[dt.date, dt.date | None, str]]:
    out = []
    for p in person["periods"]:
        end = _date(p["to"]) if "to" in p else None
        out.append((_date(p["from"]), end, str(p["code"])))
    return sorted(out, key=lambda x: x[0])


def _resolve(person: dict[str, Any], day: str) -> str:
    """The person's code on `day`, as the engine computes it (inclusive `to`, ELI fallback)."""
    d = dt.date.fromisoformat(day)
    for start, end, code in _periods(person):
        if start <= d and (end is None or d <= end):
            return code
    return str(person["country"]) + "ELI"


def _person(people: list[dict[str, Any]], name: str) -> dict[str, Any]:
    found = [p for p in people if name in p["names"]]
    assert len(found) == 1, f"{name!r} names {len(found)} people"
    return found[0]


def _is_clean_name(s: Any) -> bool:
    return isinstance(s, str) and s != "" and s.strip() == s and "  " not in s


def _country_strings(entry: dict[str, Any]) -> list[str]:
    out = list(entry.get("names", [])) + list(entry.get("demonyms", []))
    out += [m if isinstance(m, str) else m["name"] for m in entry.get("metonyms", [])]
    return out


# ------------------------------------------------------------------------------ agents


def test_agent_entries_well_formed(agents: list[dict[str, Any]]) -> None:
    for e in agents:
        assert set(e) <= AGENT_KEYS, f"unknown keys in agent {e.get('code')}: {set(e) - AGENT_KEYS}"
        assert e.get("code") in AGENT_CODES, f"not a CAMEO role code: {e.get('code')!r}"
        names = e.get("names")
        assert isinstance(names, list) and names, f"{e['code']}: names must be a non-empty list"
        for s in names:
            assert _is_clean_name(s), f"{e['code']}: bad name {s!r}"
            assert not s.lower().startswith("the "), f"{e['code']}: leading 'the' in {s!r}"
            # lowercase nouns; the only capitals allowed are acronyms (MP, MPs, IDPs)
            for word in s.split():
                assert word.islower() or word[:2].isupper(), f"{e['code']}: {s!r} is not lowercase"


def test_agent_codes_listed_once(agents: list[dict[str, Any]]) -> None:
    codes = [e["code"] for e in agents]
    twice = sorted(c for c in set(codes) if codes.count(c) > 1)
    assert not twice, f"agent codes listed twice: {twice}"


def test_agent_core_roles_covered(agents: list[dict[str, Any]]) -> None:
    codes = {e["code"] for e in agents}
    wanted = set("GOV MIL COP JUD LEG OPP REB SPY BUS MED CVL EDU HLH LAB REF CRM".split())
    assert wanted <= codes, f"roles without agent nouns: {sorted(wanted - codes)}"


def test_enough_agent_names(agents: list[dict[str, Any]]) -> None:
    n = sum(len(e["names"]) for e in agents)
    assert n >= MIN_AGENT_NAMES, f"only {n} agent names"


def test_agent_spot_checks(agents: list[dict[str, Any]]) -> None:
    by_name = {s: e["code"] for e in agents for s in e["names"]}
    expected = {
        "troops": "MIL",
        "military": "MIL",
        "army": "MIL",
        "defence minister": "MIL",
        "police": "COP",
        "foreign minister": "GOV",
        "government": "GOV",
        "spokesman": "GOV",
        "rebels": "REB",
        "militants": "REB",
        "civilians": "CVL",
        "protesters": "OPP",
        "refugees": "REF",
        "journalists": "MED",
        "lawmakers": "LEG",
        "judges": "JUD",
    }
    for name, code in expected.items():
        assert by_name.get(name) == code, f"{name!r} should be {code}, is {by_name.get(name)}"


# ------------------------------------------------------------------------------ people


def test_person_entries_well_formed(people: list[dict[str, Any]], countries: list[dict[str, Any]]) -> None:
    country_codes = {e["code"] for e in countries}
    for e in people:
        label = (e.get("names") or ["?"])[0]
        assert set(e) <= PERSON_KEYS, f"unknown keys in {label}: {set(e) - PERSON_KEYS}"
        names = e.get("names")
        assert isinstance(names, list) and names, f"{label}: names must be a non-empty list"
        for s in names:
            assert _is_clean_name(s), f"{label}: bad name {s!r}"
            assert not s.lower().startswith("the "), f"{label}: leading 'the' in {s!r}"
        country = e.get("country")
        assert isinstance(country, str) and COUNTRY_RE.match(country), f"{label}: bad country {country!r}"
        assert country in country_codes, f"{label}: country {country} is not in countries.yaml"
        periods = e.get("periods")
        assert isinstance(periods, list) and periods, f"{label}: periods must be a non-empty list"
        for p in periods:
            assert isinstance(p, dict), f"{label}: bad period {p!r}"
            assert set(p) <= PERIOD_KEYS, f"{label}: unknown period keys {set(p) - PERIOD_KEYS}"
            assert "code" in p and "from" in p, f"{label}: a period needs `code` and `from`: {p!r}"
            assert isinstance(p["code"], str) and CODE_RE.match(p["code"]), f"{label}: bad code {p['code']!r}"


def test_periods_ordered_and_disjoint(people: list[dict[str, Any]]) -> None:
    for e in people:
        label = e["names"][0]
        periods = _periods(e)
        for start, end, code in periods:
            assert end is None or start <= end, f"{label}: {code} ends before it starts ({start} > {end})"
        for (s1, e1, c1), (s2, _e2, c2) in itertools.pairwise(periods):
            assert e1 is not None, f"{label}: open-ended {c1} from {s1} is followed by {c2} from {s2}"
            assert e1 < s2, f"{label}: {c1} (to {e1}) overlaps {c2} (from {s2})"


def test_period_codes_match_country(people: list[dict[str, Any]], organizations: list[dict[str, Any]]) -> None:
    igo_codes = {e["code"] for e in organizations if e["code"].startswith("IGO")}
    for e in people:
        for _start, _end, code in _periods(e):
            if code.startswith("IGO"):
                assert code in igo_codes, f"{e['names'][0]}: IGO code {code} is not used in organizations.yaml"
            else:
                assert code.startswith(e["country"]), f"{e['names'][0]}: {code} does not start with {e['country']}"


def test_enough_people(people: list[dict[str, Any]]) -> None:
    assert len(people) >= MIN_PEOPLE, f"only {len(people)} people"


def test_putin(people: list[dict[str, Any]]) -> None:
    putin = _person(people, "Putin")
    assert "Vladimir Putin" in putin["names"]
    assert putin["country"] == "RUS"
    for day in ("2005-06-01", "2010-06-01", "2023-06-01"):
        assert _resolve(putin, day) == "RUSGOV", day
    assert _resolve(putin, "1999-01-01") == "RUSSPY"
    assert _resolve(putin, "1990-01-01") == "RUSELI"


def test_kim_jong_un(people: list[dict[str, Any]]) -> None:
    kim = _person(people, "Kim Jong Un")
    assert "Kim Jong-un" in kim["names"]
    assert _resolve(kim, "2023-06-01") == "PRKGOV"
    assert min(start for start, _end, _code in _periods(kim)) == dt.date(2011, 12, 17)
    assert _resolve(kim, "2011-12-16") == "PRKELI"


def test_kirby(people: list[dict[str, Any]]) -> None:
    kirby = _person(people, "John Kirby")
    assert _resolve(kirby, "2023-10-13") == "USAGOV"
    assert _resolve(kirby, "2021-06-01") == "USAMIL"


def test_biden(people: list[dict[str, Any]]) -> None:
    biden = _person(people, "Joe Biden")
    assert _resolve(biden, "2023-06-01") == "USAGOV"
    assert _resolve(biden, "2005-06-01") == "USALEG"  # a senator then
    assert _resolve(biden, "2013-06-01") == "USAGOV"  # vice president
    assert _resolve(biden, "2019-06-01") == "USAELI"  # no office: the country's elite fallback
    assert _resolve(biden, "2025-06-01") == "USAELI"


def test_trump(people: list[dict[str, Any]]) -> None:
    trump = _person(people, "Donald Trump")
    assert "Trump" in trump["names"]
    assert _periods(trump) == [
        (dt.date(2017, 1, 20), dt.date(2021, 1, 20), "USAGOV"),
        (dt.date(2025, 1, 20), None, "USAGOV"),
    ]
    assert _resolve(trump, "2019-06-01") == "USAGOV"
    assert _resolve(trump, "2023-06-01") == "USAELI"
    assert _resolve(trump, "2026-06-01") == "USAGOV"


def test_handover_day_codes_both(people: list[dict[str, Any]]) -> None:
    """`to` is inclusive: on 2025-01-20 both Biden and Trump hold office."""
    assert _resolve(_person(people, "Joe Biden"), "2025-01-20") == "USAGOV"
    assert _resolve(_person(people, "Donald Trump"), "2025-01-20") == "USAGOV"


def test_igo_officials(people: list[dict[str, Any]]) -> None:
    assert _resolve(_person(people, "António Guterres"), "2023-06-01") == "IGOUNO"
    assert _resolve(_person(people, "Jens Stoltenberg"), "2020-06-01") == "IGOWSTNAT"
    assert _resolve(_person(people, "Mark Rutte"), "2025-06-01") == "IGOWSTNAT"
    assert _resolve(_person(people, "Mark Rutte"), "2020-06-01") == "NLDGOV"
    assert _resolve(_person(people, "Ursula von der Leyen"), "2023-06-01") == "IGOEUREEC"


# ------------------------------------------------------------------------------ organizations


def test_organization_entries_well_formed(organizations: list[dict[str, Any]], countries: list[dict[str, Any]]) -> None:
    country_codes = {e["code"] for e in countries}
    for e in organizations:
        label = (e.get("names") or ["?"])[0]
        assert set(e) <= ORGANIZATION_KEYS, f"unknown keys in {label}: {set(e) - ORGANIZATION_KEYS}"
        names = e.get("names")
        assert isinstance(names, list) and names, f"{label}: names must be a non-empty list"
        for s in names:
            assert _is_clean_name(s), f"{label}: bad name {s!r}"
            assert not s.lower().startswith("the "), f"{label}: leading 'the' in {s!r}"
        code = e.get("code")
        assert isinstance(code, str) and CODE_RE.match(code), f"{label}: bad code {code!r}"
        head = code[:3]
        assert head in INTERNATIONAL_PREFIXES or head in country_codes, f"{label}: {code} starts with no known code"


def test_enough_organizations(organizations: list[dict[str, Any]]) -> None:
    assert len(organizations) >= MIN_ORGANIZATIONS, f"only {len(organizations)} organizations"


def test_organization_spot_checks(organizations: list[dict[str, Any]]) -> None:
    by_name = {s: e["code"] for e in organizations for s in e["names"]}
    expected = {
        "United Nations": "IGOUNO",
        "UN": "IGOUNO",
        "UN Security Council": "IGOUNO",
        "Nato": "IGOWSTNAT",
        "European Union": "IGOEUREEC",
        "EU": "IGOEUREEC",
        "UNHCR": "IGOUNOREFHCR",
        "WHO": "IGOUNOHLHWHO",
        "IAEA": "IGOUNOIAE",
        "Red Cross": "NGOHLHIRC",
        "Amnesty International": "NGOHRIAMN",
        "Hamas": "PSEREBHMS",
        "al-Qaeda": "IMGMUSALQ",
        "Islamic State": "IMGMUSISI",
    }
    for name, code in expected.items():
        assert by_name.get(name) == code, f"{name!r} should be {code}, is {by_name.get(name)}"


# ------------------------------------------------------------------------------ across files


def test_no_string_twice_across_files(
    agents: list[dict[str, Any]],
    people: list[dict[str, Any]],
    organizations: list[dict[str, Any]],
    countries: list[dict[str, Any]],
) -> None:
    """A name string belongs to one entry of one file (case-insensitive), countries.yaml included."""
    owners: dict[str, list[str]] = defaultdict(list)
    for e in agents:
        for s in e["names"]:
            owners[s.casefold()].append(f"agents.yaml:{e['code']}")
    for i, e in enumerate(people):
        for s in e["names"]:
            owners[s.casefold()].append(f"people.yaml:{e['names'][0]}#{i}")
    for i, e in enumerate(organizations):
        for s in e["names"]:
            owners[s.casefold()].append(f"organizations.yaml:{e['code']}#{i}")
    for e in countries:
        for s in _country_strings(e):
            owners[s.casefold()].append(f"countries.yaml:{e['code']}")
    clashes = {s: who for s, who in owners.items() if len(who) > 1}
    assert not clashes, f"strings claimed twice: {clashes}"
