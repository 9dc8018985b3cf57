"""Compare the curated country dictionary with pycountry's names (read-only report).

``rules/actors/countries.yaml`` was seeded from pycountry (``name``, ``official_name`` and
``common_name`` of each ISO 3166 entry, plus ``historic_countries`` for the CAMEO codes of
states that no longer exist) and then curated by hand: wire forms and abbreviations added,
ambiguous forms removed, CAMEO's own codes used where they differ from ISO.

This script re-derives that seed and prints, for every CAMEO code, pycountry's names next to
the curated entry, then a summary of codes whose pycountry names are missing from the YAML.
A missing name is not necessarily an error (some ISO forms are never used in news text and
were dropped on purpose); the report is for a maintainer to review after a pycountry upgrade.

It never writes to countries.yaml. pycountry is a development dependency only
(``pip install pycountry``); the engine does not need it at run time.

Usage::

    python tools/build_countries.py                 # full table and summary
    python tools/build_countries.py --missing-only  # only codes with missing names
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
COUNTRIES_YAML = REPO / "rules" / "actors" / "countries.yaml"
DEFAULT_CAMEO_TSV = REPO.parent / "shared" / "cameo" / "countries.tsv"

# CAMEO code -> ISO 3166-1 alpha-3 code, where they differ.
CAMEO_TO_ISO: dict[str, str] = {
    "MTN": "MNE",  # Montenegro
    "TMP": "TLS",  # East Timor
    "ROM": "ROU",  # Romania
    "IMY": "IMN",  # Isle of Man
}

# CAMEO codes for former states -> alpha-3 code in pycountry.historic_countries (ISO 3166-3).
CAMEO_TO_HISTORIC: dict[str, str] = {
    "ANT": "ANT",  # Netherlands Antilles
    "CZA": "CSK",  # Czechoslovakia
    "GME": "DDR",  # East Germany
    "SCG": "SCG",  # Serbia and Montenegro
    "USR": "SUN",  # Soviet Union
    "YMS": "YMD",  # South Yemen
    "YUG": "YUG",  # Yugoslavia
}

# pycountry names left out of countries.yaml on purpose (reported separately, not as missing).
DELIBERATELY_OMITTED: dict[str, dict[str, str]] = {
    "COG": {"Congo": "bare 'Congo' is coded COD (wire style); COG is always qualified in news"},
}

# Codes with no ISO 3166 counterpart: FRY, GMW, KAS and YMN are CAMEO-only; KSV is our addition
# (ISO's user-assigned XKX is not in pycountry).
NO_ISO = frozenset({"FRY", "GMW", "KAS", "YMN", "KSV"})


@dataclass
class Row:
    """One CAMEO code with its pycountry names and the curated YAML strings."""

    code: str
    iso: str | None
    pycountry_names: list[str] = field(default_factory=list)
    yaml_names: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    inverted: list[str] = field(default_factory=list)
    omitted: list[str] = field(default_factory=list)


def load_cameo_codes(tsv: Path) -> list[str]:
    """State codes (ISO and CAMEO special) from the CAMEO reference table, or [] if absent."""
    if not tsv.exists():
        return []
    with tsv.open(encoding="utf-8", newline="") as fh:
        return [
            r["code"]
            for r in csv.DictReader(fh, delimiter="\t")
            if r["kind"] in ("iso3166_alpha3", "cameo_special_state")
        ]


def load_yaml_entries(path: Path) -> dict[str, dict[str, Any]]:
    """Curated entries of countries.yaml keyed by code."""
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    return {e["code"]: e for e in data["actors"]}


def entry_strings(entry: dict[str, Any]) -> list[str]:
    """Every surface string of an entry: names, demonyms and metonym names."""
    out = list(entry.get("names", [])) + list(entry.get("demonyms", []))
    out += [m if isinstance(m, str) else m["name"] for m in entry.get("metonyms", [])]
    return out


def pycountry_names(code: str) -> tuple[str | None, list[str]]:
    """ISO code used and pycountry's distinct names for a CAMEO code (leading "the " removed)."""
    import pycountry  # dev dependency, imported late so --help works without it

    record: Any = None
    iso: str | None = None
    if code in CAMEO_TO_HISTORIC:
        iso = CAMEO_TO_HISTORIC[code]
        record = pycountry.historic_countries.get(alpha_3=iso)
    elif code not in NO_ISO:
        iso = CAMEO_TO_ISO.get(code, code)
        record = pycountry.countries.get(alpha_3=iso)
    if record is None:
        return iso, []
    names: list[str] = []
    for attr in ("name", "official_name", "common_name"):
        value = getattr(record, attr, None)
        if not value:
            continue
        if value.lower().startswith("the "):
            value = value[4:]
        if value not in names:
            names.append(value)
    return iso, names


def _name_parts(name: str) -> list[str]:
    """A name, or the two halves of a parenthesised ISO form ("Holy See (Vatican City State)")."""
    if name.endswith(")") and " (" in name:
        outer, inner = name[:-1].split(" (", 1)
        return [outer, inner]
    return [name]


def build_rows(codes: list[str], entries: dict[str, dict[str, Any]]) -> list[Row]:
    """Compare pycountry's names with the curated strings, code by code."""
    rows: list[Row] = []
    for code in codes:
        iso, names = pycountry_names(code)
        entry = entries.get(code, {})
        curated = entry_strings(entry) if entry else []
        have = {s.casefold() for s in curated}
        row = Row(code=code, iso=iso, pycountry_names=names, yaml_names=list(entry.get("names", [])))
        for n in names:
            if all(part.casefold() in have for part in _name_parts(n)):
                continue
            if n in DELIBERATELY_OMITTED.get(code, {}):
                row.omitted.append(n)
            elif ", " in n:
                # ISO's inverted sort forms ("Korea, Republic of") never occur in running text.
                row.inverted.append(n)
            else:
                row.missing.append(n)
        rows.append(row)
    return rows


def print_report(rows: list[Row], entries: dict[str, dict[str, Any]], missing_only: bool) -> None:
    """Print the comparison table and a summary."""
    for row in rows:
        if missing_only and not row.missing and row.code in entries:
            continue
        iso = row.iso or "-"
        status = "NOT IN YAML" if row.code not in entries else ("missing" if row.missing else "ok")
        print(f"{row.code}  iso={iso:<4} {status}")
        print(f"      pycountry: {'; '.join(row.pycountry_names) or '(none)'}")
        print(f"      yaml:      {'; '.join(row.yaml_names) or '(none)'}")
        if row.missing:
            print(f"      missing:   {'; '.join(row.missing)}")
        for n in row.omitted:
            print(f"      omitted on purpose: {n} ({DELIBERATELY_OMITTED[row.code][n]})")
        if row.inverted:
            print(f"      inverted ISO forms (not expected in YAML): {'; '.join(row.inverted)}")
    absent = [r.code for r in rows if r.code not in entries]
    with_missing = [r for r in rows if r.missing]
    print()
    print(f"{len(rows)} CAMEO state codes compared; {len(absent)} absent from countries.yaml")
    if absent:
        print("  absent: " + " ".join(absent))
    print(f"{len(with_missing)} codes have pycountry names not in countries.yaml:")
    for r in with_missing:
        print(f"  {r.code}: {'; '.join(r.missing)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--cameo-tsv",
        type=Path,
        default=DEFAULT_CAMEO_TSV,
        help="CAMEO countries.tsv (default: ../shared/cameo/countries.tsv beside the repo)",
    )
    parser.add_argument("--yaml", type=Path, default=COUNTRIES_YAML, help="curated countries.yaml (read only)")
    parser.add_argument("--missing-only", action="store_true", help="show only codes with missing names")
    args = parser.parse_args(argv)

    entries = load_yaml_entries(args.yaml)
    codes = load_cameo_codes(args.cameo_tsv)
    if not codes:
        print(f"note: {args.cameo_tsv} not found; comparing the codes present in {args.yaml.name}", file=sys.stderr)
    # Our additions (e.g. SSD) are compared too; regions have no pycountry counterpart.
    extra = [c for c in entries if c not in codes and (c in NO_ISO or _is_state(c))]
    print_report(build_rows(codes + sorted(extra), entries), entries, args.missing_only)
    return 0


def _is_state(code: str) -> bool:
    """True if pycountry knows the code as a current or historic country."""
    import pycountry

    return pycountry.countries.get(alpha_3=CAMEO_TO_ISO.get(code, code)) is not None or code in CAMEO_TO_HISTORIC


if __name__ == "__main__":
    raise SystemExit(main())
