"""Data checks for the bundled country and place dictionaries.

The YAML files are read with ``yaml.safe_load`` directly, so these tests do not
depend on the eventrules loader.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
COUNTRIES_YAML = REPO / "rules" / "actors" / "countries.yaml"
PLACES_YAML = REPO / "rules" / "actors" / "places.yaml"
# The shared CAMEO reference tables live beside the repository (../shared/cameo).
CAMEO_COUNTRIES_TSV = Path(__file__).resolve().parents[2] / "shared" / "cameo" / "countries.tsv"
CAMEO_ACTOR_TYPES_TSV = CAMEO_COUNTRIES_TSV.with_name("actor_types.tsv")

ACTOR_KEYS = {"code", "names", "demonyms", "metonyms"}
PLACE_KEYS = {"name", "country", "aliases"}
METONYM_KEYS = {"name", "agent"}
CODE_RE = re.compile(r"^[A-Z]{3}$")

# CAMEO domestic role codes (manual Table 3.1 and section 3.1.4) that may follow a country code.
AGENTS = frozenset(
    {
        # primary
        "COP",
        "GOV",
        "INS",
        "JUD",
        "MIL",
        "OPP",
        "REB",
        "SEP",
        "SPY",
        "UAF",
        # party
        "PTY",
        # secondary
        "AGR",
        "BUS",
        "CRM",
        "CVL",
        "DEV",
        "EDU",
        "ELI",
        "ENV",
        "HLH",
        "HRI",
        "LAB",
        "LEG",
        "MED",
        "REF",
        # tertiary
        "MOD",
        "RAD",
    }
)

# Strings deliberately claimed by more than one code (key: the string casefolded), with the codes
# allowed to share it.
# Empty on purpose: ambiguous forms ("Korea", "Korean", "Virgin Islands", "Kingston") are left out
# of the data instead. Add an entry here only together with a comment in countries.yaml.
SHARED_STRINGS: dict[str, frozenset[str]] = {}

MIN_COUNTRIES_WITH_DEMONYMS = 180


def _load(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@pytest.fixture(scope="module")
def actors() -> list[dict[str, Any]]:
    data = _load(COUNTRIES_YAML)
    assert isinstance(data, dict) and set(data) == {"actors"}
    assert isinstance(data["actors"], list) and data["actors"]
    return data["actors"]


@pytest.fixture(scope="module")
def places() -> list[dict[str, Any]]:
    data = _load(PLACES_YAML)
    assert isinstance(data, dict) and set(data) == {"places"}
    assert isinstance(data["places"], list) and data["places"]
    return data["places"]


def _metonym_name(m: Any) -> str:
    return m if isinstance(m, str) else m["name"]


def _strings(entry: dict[str, Any]) -> list[str]:
    """Every surface string an actor entry claims (names, demonyms, metonyms)."""
    out = list(entry.get("names", [])) + list(entry.get("demonyms", []))
    out += [_metonym_name(m) for m in entry.get("metonyms", [])]
    return out


def _is_nonempty_str(s: Any) -> bool:
    return isinstance(s, str) and s.strip() == s and s != ""


def test_actor_entries_well_formed(actors: list[dict[str, Any]]) -> None:
    for entry in actors:
        assert isinstance(entry, dict), entry
        assert set(entry) <= ACTOR_KEYS, f"unknown keys in {entry.get('code')}: {set(entry) - ACTOR_KEYS}"
        code = entry.get("code")
        assert isinstance(code, str) and CODE_RE.match(code), f"bad code {code!r}"
        names = entry.get("names")
        assert isinstance(names, list) and names, f"{code}: names must be a non-empty list"
        for key in ("names", "demonyms"):
            for s in entry.get(key, []):
                assert _is_nonempty_str(s), f"{code}: bad {key} item {s!r}"
        for s in names:
            assert not s.lower().startswith("the "), f"{code}: name with a leading 'the': {s!r}"
        metonyms = entry.get("metonyms", [])
        assert isinstance(metonyms, list)
        for m in metonyms:
            if isinstance(m, dict):
                assert set(m) == METONYM_KEYS, f"{code}: metonym keys must be name+agent: {m!r}"
                assert _is_nonempty_str(m["name"]), f"{code}: bad metonym {m!r}"
            else:
                assert _is_nonempty_str(m), f"{code}: bad metonym {m!r}"
        if "demonyms" in entry:
            assert isinstance(entry["demonyms"], list) and entry["demonyms"], f"{code}: empty demonyms"
        if "metonyms" in entry:
            assert metonyms, f"{code}: empty metonyms"


def test_codes_unique(actors: list[dict[str, Any]]) -> None:
    codes = [e["code"] for e in actors]
    dups = sorted({c for c in codes if codes.count(c) > 1})
    assert not dups, f"codes listed twice: {dups}"


def test_no_string_claimed_by_two_codes(actors: list[dict[str, Any]]) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for entry in actors:
        seen: set[str] = set()
        for s in _strings(entry):
            key = s.casefold()
            assert key not in seen, f"{entry['code']}: {s!r} listed twice in one entry"
            seen.add(key)
            owners[key].add(entry["code"])
    clashes = {
        s: sorted(codes)
        for s, codes in owners.items()
        if len(codes) > 1 and not codes <= SHARED_STRINGS.get(s, frozenset())
    }
    assert not clashes, f"strings claimed by several codes: {clashes}"


def test_shared_string_exceptions_are_real(actors: list[dict[str, Any]]) -> None:
    """Every documented exception must still be shared, so the list cannot go stale."""
    owners: dict[str, set[str]] = defaultdict(set)
    for entry in actors:
        for s in _strings(entry):
            owners[s.casefold()].add(entry["code"])
    for s, codes in SHARED_STRINGS.items():
        assert owners.get(s, set()) == set(codes), f"stale exception {s!r}"


def test_enough_demonyms(actors: list[dict[str, Any]]) -> None:
    n = sum(1 for e in actors if e.get("demonyms"))
    assert n >= MIN_COUNTRIES_WITH_DEMONYMS, f"only {n} entries have demonyms"


def test_metonym_agents_are_cameo_types(actors: list[dict[str, Any]]) -> None:
    for entry in actors:
        for m in entry.get("metonyms", []):
            if isinstance(m, dict):
                assert m["agent"] in AGENTS, f"{entry['code']}: unknown agent {m['agent']!r} for {m['name']!r}"


def test_agent_set_matches_cameo_table() -> None:
    if not CAMEO_ACTOR_TYPES_TSV.exists():
        pytest.skip(f"{CAMEO_ACTOR_TYPES_TSV} not available")
    with CAMEO_ACTOR_TYPES_TSV.open(encoding="utf-8", newline="") as fh:
        known = {row["code"] for row in csv.DictReader(fh, delimiter="\t")}
    assert known >= AGENTS, f"agents not in actor_types.tsv: {sorted(AGENTS - known)}"


def test_all_cameo_states_present(actors: list[dict[str, Any]]) -> None:
    if not CAMEO_COUNTRIES_TSV.exists():
        pytest.skip(f"{CAMEO_COUNTRIES_TSV} not available")
    with CAMEO_COUNTRIES_TSV.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    wanted = {r["code"] for r in rows if r["kind"] in ("iso3166_alpha3", "cameo_special_state")}
    assert len(wanted) == 243
    have = {e["code"] for e in actors}
    missing = sorted(wanted - have)
    assert not missing, f"CAMEO codes missing from countries.yaml: {missing}"
    regions = {r["code"] for r in rows if r["kind"] == "region"}
    assert regions <= have, f"regions missing: {sorted(regions - have)}"
    extra = sorted(have - wanted - regions)
    assert extra == ["KSV", "SSD"], f"codes not in the CAMEO table (document them): {extra}"


def test_regions_have_names_only(actors: list[dict[str, Any]]) -> None:
    if not CAMEO_COUNTRIES_TSV.exists():
        pytest.skip(f"{CAMEO_COUNTRIES_TSV} not available")
    with CAMEO_COUNTRIES_TSV.open(encoding="utf-8", newline="") as fh:
        regions = {r["code"] for r in csv.DictReader(fh, delimiter="\t") if r["kind"] == "region"}
    for entry in actors:
        if entry["code"] in regions:
            assert set(entry) == {"code", "names"}, entry["code"]


def test_place_entries_well_formed(places: list[dict[str, Any]]) -> None:
    for p in places:
        assert isinstance(p, dict), p
        assert set(p) <= PLACE_KEYS and {"name", "country"} <= set(p), f"bad keys in {p}"
        assert _is_nonempty_str(p["name"]), p
        assert isinstance(p["country"], str) and CODE_RE.match(p["country"]), p
        if "aliases" in p:
            assert isinstance(p["aliases"], list) and p["aliases"], p
            for a in p["aliases"]:
                assert _is_nonempty_str(a), p


def test_place_countries_known(actors: list[dict[str, Any]], places: list[dict[str, Any]]) -> None:
    codes = {e["code"] for e in actors}
    unknown = sorted({p["country"] for p in places} - codes)
    assert not unknown, f"place countries not in countries.yaml: {unknown}"


def test_place_strings_unique(actors: list[dict[str, Any]], places: list[dict[str, Any]]) -> None:
    """No place string twice, and none that is already a country name, demonym or metonym.

    Capitals are metonyms in countries.yaml (the loader turns them into places), so this
    also guarantees that places.yaml does not repeat a capital.
    """
    actor_strings = {s.casefold(): e["code"] for e in actors for s in _strings(e)}
    seen: dict[str, str] = {}
    for p in places:
        for s in [p["name"], *p.get("aliases", [])]:
            key = s.casefold()
            assert key not in seen, f"place string {s!r} listed twice ({seen[key]}, {p['name']})"
            seen[key] = p["name"]
            assert key not in actor_strings, f"place {s!r} is already a string of {actor_strings[key]}"


def test_enough_places(places: list[dict[str, Any]]) -> None:
    assert len(places) >= 400
