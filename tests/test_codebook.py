"""The bundled CAMEO event codebook (eventrules/data/codebook.yaml) and its loader."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
import yaml

from eventrules.codebook import (
    CODEBOOK_PATH,
    Code,
    Codebook,
    _edit_distance,
    load_codebook,
    parse_codebook,
    quad_for_root,
)

# The shared CAMEO reference tables live beside the repository (../shared/cameo).
CAMEO_EVENTCODES_TSV = Path(__file__).resolve().parents[2] / "shared" / "cameo" / "eventcodes.tsv"
CAMEO_MANUAL_ONLY_TSV = CAMEO_EVENTCODES_TSV.with_name("eventcodes_manual_only.tsv")

# In CAMEO manual 1.1b3 but not in GDELT's lookups: their Goldstein values are ours (see the YAML header).
MANUAL_ONLY = {"155", "176", "1834", "1951", "1952"}
ROOTS = [f"{i:02d}" for i in range(1, 21)]
CODE_RE = re.compile(r"^(0[1-9]|1[0-9]|20)[0-9]{0,2}$")


@pytest.fixture(scope="module")
def cb() -> Codebook:
    return load_codebook()


def _read_tsv(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["code"]: row for row in csv.DictReader(fh, delimiter="\t")}


@pytest.fixture(scope="module")
def reference() -> dict[str, dict[str, str]]:
    if not CAMEO_EVENTCODES_TSV.is_file():
        pytest.skip(f"CAMEO reference table not present: {CAMEO_EVENTCODES_TSV}")
    return _read_tsv(CAMEO_EVENTCODES_TSV)


# --- the data file itself -------------------------------------------------------------------------------------------


def test_yaml_entries_have_exact_keys_and_types() -> None:
    data = yaml.safe_load(CODEBOOK_PATH.read_text(encoding="utf-8"))
    assert set(data) == {"codes"}
    for entry in data["codes"]:
        assert (
            {"code", "name", "goldstein", "quad", "root"}
            <= set(entry)
            <= {
                "code",
                "name",
                "goldstein",
                "quad",
                "root",
                "description",
            }
        ), entry
        assert isinstance(entry["code"], str), entry  # quoted, so leading zeros survive
        assert isinstance(entry["root"], str), entry
        assert type(entry["goldstein"]) is float, entry
        assert type(entry["quad"]) is int, entry
        assert isinstance(entry["name"], str), entry


def test_yaml_is_in_cameo_order() -> None:
    data = yaml.safe_load(CODEBOOK_PATH.read_text(encoding="utf-8"))
    codes = [e["code"] for e in data["codes"]]
    assert codes == sorted(codes)
    # and that string order really is root, children, grandchildren-after-parent
    assert codes[:4] == ["01", "010", "011", "012"]
    i = codes.index("021")
    assert codes[i : i + 6] == ["021", "0211", "0212", "0213", "0214", "022"]


# --- structure ------------------------------------------------------------------------------------------------------


def test_counts(cb: Codebook) -> None:
    assert len(cb) == 316
    assert len(list(cb)) == 316
    assert len({c.code for c in cb}) == 316
    levels = [len(c.code) for c in cb]
    assert (levels.count(2), levels.count(3), levels.count(4)) == (20, 149, 147)
    assert [c.code for c in cb.roots()] == ROOTS


def test_codes_are_wellformed_and_parents_exist(cb: Codebook) -> None:
    for c in cb:
        assert CODE_RE.match(c.code), c
        assert c.root == c.code[:2], c
        if len(c.code) > 2:
            assert c.code[:-1] in cb, f"{c.code}: parent {c.code[:-1]} missing"
            assert c.parent == c.code[:-1]
        else:
            assert c.parent is None


def test_quad_rule(cb: Codebook) -> None:
    expected = {**dict.fromkeys(ROOTS[0:5], 1), **dict.fromkeys(ROOTS[5:9], 2)}
    expected |= {**dict.fromkeys(ROOTS[9:14], 3), **dict.fromkeys(ROOTS[14:20], 4)}
    for c in cb:
        assert c.quad == expected[c.root] == quad_for_root(c.root), c
    quads = [c.quad for c in cb]
    # the reference's 85/45/118/63, plus the five manual-only codes (all quad 4)
    assert [quads.count(q) for q in (1, 2, 3, 4)] == [85, 45, 118, 68]


def test_values_names_and_descriptions(cb: Codebook) -> None:
    for c in cb:
        assert isinstance(c.goldstein, float) and -10.0 <= c.goldstein <= 10.0, c
        name = c.name
        assert name == name.strip() and "  " not in name, c
        assert name[0].isupper() and not name.isupper(), f"{c.code}: name not in sentence case: {name!r}"
        assert not name.endswith("."), c
    for root in cb.roots():
        assert root.description, f"root {root.code} has no description"


def test_manual_only_codes_present_with_our_values(cb: Codebook) -> None:
    ours = {"155": -7.2, "176": -7.0, "1834": -10.0, "1951": -10.0, "1952": -10.0}
    for code, value in ours.items():
        c = cb.get(code)
        assert c is not None
        assert c.goldstein == value
        assert c.quad == 4


def test_manual_only_codes_match_reference_list(reference: dict[str, dict[str, str]], cb: Codebook) -> None:
    manual = _read_tsv(CAMEO_MANUAL_ONLY_TSV)
    assert set(manual) == MANUAL_ONLY
    for code, row in manual.items():
        c = cb.get(code)
        assert c is not None
        assert c.quad == int(row["quad_class"])
        assert c.root == row["root_code"]
    assert {c.code for c in cb} == set(reference) | MANUAL_ONLY


def test_matches_reference_goldstein_and_quad(reference: dict[str, dict[str, str]], cb: Codebook) -> None:
    assert len(reference) == 311
    for code, row in reference.items():
        c = cb.get(code)
        assert c is not None, f"{code} missing from the codebook"
        assert c.goldstein == pytest.approx(float(row["goldstein"]), abs=1e-9), (code, c.goldstein, row["goldstein"])
        assert c.quad == int(row["quad_class"]), code
        assert c.root == row["root_code"], code


# --- lookups --------------------------------------------------------------------------------------------------------


def test_get_contains_getitem(cb: Codebook) -> None:
    c = cb.get("072")
    assert c == Code(code="072", name="Provide military aid", root="07", goldstein=8.3, quad=2)
    assert c.level == 2
    assert cb["163"].name == "Impose embargo, boycott, or sanctions"
    assert cb.get(" 163 ") is cb.get("163")
    assert cb.get("72") is None and cb.get("0722") is None
    assert "072" in cb and "0722" not in cb and 72 not in cb and None not in cb
    with pytest.raises(KeyError):
        cb["999"]
    assert [c.code for c in cb.children("07")] == ["070", "071", "072", "073", "074", "075"]


def test_iteration_is_cameo_order(cb: Codebook) -> None:
    codes = [c.code for c in cb]
    assert codes == sorted(codes)
    assert codes[0] == "01" and codes[-1] == "2042"
    i = codes.index("183")
    assert codes[i : i + 6] == ["183", "1831", "1832", "1833", "1834", "184"]


def test_load_codebook_is_cached(cb: Codebook) -> None:
    assert load_codebook() is cb


# --- search ---------------------------------------------------------------------------------------------------------


def test_search_code_prefix(cb: Codebook) -> None:
    assert [c.code for c in cb.search("07")] == ["07", "070", "071", "072", "073", "074", "075"]
    assert [c.code for c in cb.search(" 021 ")] == ["021", "0211", "0212", "0213", "0214"]
    assert [c.code for c in cb.search("1834")] == ["1834"]
    assert cb.search("99") == []


def test_search_words(cb: Codebook) -> None:
    found = {c.code for c in cb.search("sanction")}
    assert "163" in found
    by_name = {c.code for c in cb if "sanction" in c.name.casefold()}
    assert len(by_name) >= 10
    assert by_name <= found
    assert {c.code for c in cb.search("Sanctions")} == found
    # every hit really mentions sanctions, in its name or description
    assert all("sanction" in f"{c.name} {c.description}".casefold() for c in cb.search("sanction"))


def test_search_needs_all_words(cb: Codebook) -> None:
    # the root 07 comes in through its description ("economic, military or humanitarian ... aid")
    assert [c.code for c in cb.search("military aid")] == ["0232", "0332", "07", "072", "1032", "1222"]
    assert [c.code for c in cb.search("impose embargo")] == ["163"]
    assert {c.code for c in cb.search("bombing")} >= {"183", "1831", "1832", "1833", "1834"}
    assert [c.code for c in cb.search("18 bomb")] == ["18", "183", "1831", "1832", "1833", "1834"]
    assert cb.search("sanction zeppelin") == []


def test_search_empty_query_lists_everything(cb: Codebook) -> None:
    assert cb.search("") == list(cb)
    assert cb.search("   ") == list(cb)


# --- nearest --------------------------------------------------------------------------------------------------------


def test_nearest_prefers_parent_and_siblings(cb: Codebook) -> None:
    got = [c.code for c in cb.nearest("0722")]
    assert got[:2] == ["072", "07"]
    assert len(got) == 3 and all(code.startswith("07") for code in got)
    assert [c.code for c in cb.nearest("1839")] == ["183", "1831", "1832"]
    assert [c.code for c in cb.nearest("1839", n=6)] == ["183", "1831", "1832", "1833", "1834", "18"]
    assert [c.code for c in cb.nearest("1900")][:2] == ["190", "19"]


def test_nearest_unknown_root_uses_edit_distance(cb: Codebook) -> None:
    got = cb.nearest("999")
    assert len(got) == 3 and len({c.code for c in got}) == 3
    assert all(c.code in cb for c in got)
    worst = max(_edit_distance("999", c.code) for c in got)
    best_possible = min(_edit_distance("999", c.code) for c in cb)
    assert worst == best_possible  # nothing closer was left out


def test_nearest_edge_cases(cb: Codebook) -> None:
    assert [c.code for c in cb.nearest("072", n=1)] == ["072"]  # a real code is its own best match
    assert cb.nearest("0722", n=0) == []
    assert cb.nearest("") == [] and cb.nearest("abc") == []
    assert len(cb.nearest("0722", n=10)) == 10


# --- loader validation ----------------------------------------------------------------------------------------------


def test_codebook_rejects_duplicates() -> None:
    c = Code(code="01", name="Make public statement", root="01", goldstein=0.0, quad=1)
    with pytest.raises(ValueError, match="duplicate"):
        Codebook([c, c])


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('{code: 72, name: "X", goldstein: 1.0, quad: 2, root: "07"}', "quoted"),
        ('{code: "072", name: "X", goldstein: 1.0, quad: 3, root: "07"}', "quad must be 2"),
        ('{code: "072", name: "X", goldstein: 11.0, quad: 2, root: "07"}', "goldstein"),
        ('{code: "072", name: "X", goldstein: 1.0, quad: 2, root: "08"}', "root must be"),
        ('{code: "072", name: "X", goldstein: 1.0, quad: 2}', "missing key"),
        ('{code: "072", name: "X", goldstein: 1.0, quad: 2, root: "07", colour: red}', "unknown key"),
        ('{code: "0721", name: "X", goldstein: 1.0, quad: 2, root: "07"}', "parent"),
    ],
)
def test_parse_codebook_rejects_bad_entries(entry: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_codebook(f"codes:\n  - {entry}\n")
