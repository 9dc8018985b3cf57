"""The bundled pack on the seed article (../shared/seeds/, dated 2023-10-13)."""

from __future__ import annotations

from pathlib import Path

import pytest

import eventrules


@pytest.fixture(scope="module")
def events(shared: Path) -> list[dict]:
    [seed] = sorted((shared / "seeds").glob("*.txt"))
    return eventrules.load_rules().extract(seed.read_text(encoding="utf-8"), date="2023-10-13", doc_id="seed")


def _find(events: list[dict], code: str, src: str, tgt: str) -> list[dict]:
    """Events of this code (or, for a root like "13", any code of it) between these countries."""
    return [
        e
        for e in events
        if e["code"].startswith(code)
        and (e["source"] or {}).get("code", "")[:3] == src
        and (e["target"] or {}).get("code", "")[:3] == tgt
    ]


def test_shipment(events: list[dict]) -> None:
    hits = _find(events, "072", "PRK", "RUS")
    assert any(
        e["slots"].get("quantity", {}).get("value") == 1000
        and e["slots"]["quantity"].get("qualifier") == "over"
        and e["slots"]["quantity"].get("unit") == "containers"
        for e in hits
    ), hits


@pytest.mark.parametrize(
    ("code", "src", "tgt", "what"),
    [
        ("111", "USA", "PRK", "condemned"),
        ("0232", "PRK", "RUS", "seeking military aid from Russia"),
        ("13", "PRK", "USA", "a threat"),
        ("112", "USA", "PRK", "accused"),
        ("042", "PRK", "RUS", "Kim Jong Un's visit to Russia"),
    ],
)
def test_seed_events(events: list[dict], code: str, src: str, tgt: str, what: str) -> None:
    assert _find(events, code, src, tgt), f"{what}: {[(e['code'], e['rule']) for e in events]}"


def test_no_events_in_boilerplate(events: list[dict]) -> None:
    for e in events:
        assert not any(w in e["sentence"] for w in ("Leave a Reply", "Comments", "Join For", "READ ALSO")), e
