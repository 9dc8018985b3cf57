"""The compile cache: a second load reads it; changes, corruption and opting out recompile."""

from __future__ import annotations

from pathlib import Path

import pytest

import eventrules
from eventrules import cache
from eventrules.assemble import _SAY, SAY_VERBS
from eventrules.inflect import expand

RULE = """rules:
  - id: ship
    code: "{code}"
    pattern: ACTOR ships ITEM to ACTOR
"""
TEXT = "Iran shipped drones to Russia."


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    monkeypatch.delenv(cache.CACHE_DIR_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "eventrules"


def rule_file(tmp_path: Path, code: str = "072") -> Path:
    f = tmp_path / "ship.yaml"
    f.write_text(RULE.format(code=code))
    return f


def codes(rules: eventrules.RuleSet) -> list[str]:
    return [e["code"] for e in rules.extract(TEXT)]


def test_second_load_comes_from_the_cache_in_xdg_cache_home(tmp_path: Path, cache_home: Path) -> None:
    f = rule_file(tmp_path)
    first = eventrules.load_rules(f)
    assert not first.from_cache
    assert len(list(cache_home.glob("*.ruleset.pickle"))) == 1
    second = eventrules.load_rules(f)
    assert second.from_cache
    assert codes(second) == codes(first) == ["072"]
    assert [r.id for r in second.rules] == [r.id for r in first.rules]


def test_changed_rule_file_is_recompiled(tmp_path: Path, cache_home: Path) -> None:
    f = rule_file(tmp_path, "072")
    assert codes(eventrules.load_rules(f)) == ["072"]
    f.write_text(RULE.format(code="070"))
    again = eventrules.load_rules(f)
    assert not again.from_cache
    assert codes(again) == ["070"]


@pytest.mark.parametrize("garbage", [b"", b"not a pickle", b"\x80\x05\x95truncated"])
def test_corrupt_entry_is_ignored_and_replaced(tmp_path: Path, cache_home: Path, garbage: bytes) -> None:
    f = rule_file(tmp_path)
    eventrules.load_rules(f)
    (entry,) = cache_home.glob("*.ruleset.pickle")
    entry.write_bytes(garbage)
    rules = eventrules.load_rules(f)
    assert not rules.from_cache and codes(rules) == ["072"]
    assert eventrules.load_rules(f).from_cache  # rewritten


def test_entry_under_another_key_is_not_used(tmp_path: Path, cache_home: Path) -> None:
    f = rule_file(tmp_path)
    eventrules.load_rules(f)
    (entry,) = cache_home.glob("*.ruleset.pickle")
    key = entry.name.split(".")[0]
    cache.store(key, "something else")  # right file name, wrong content type
    assert not eventrules.load_rules(f).from_cache


@pytest.mark.parametrize("how", ["env", "argument"])
def test_cache_can_be_turned_off(tmp_path: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    f = rule_file(tmp_path)
    if how == "env":
        monkeypatch.setenv(cache.NO_CACHE_ENV, "1")
    for _ in range(2):
        rules = eventrules.load_rules(f, cache=how != "argument")
        assert not rules.from_cache and codes(rules) == ["072"]
    assert not list(cache_home.glob("*.ruleset.pickle"))


def test_unwritable_cache_dir_does_not_fail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory should be")
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(blocker / "sub"))
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    rules = eventrules.load_rules(rule_file(tmp_path))
    assert codes(rules) == ["072"]


def test_rule_errors_are_never_cached(tmp_path: Path, cache_home: Path) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text('rules:\n  - id: x\n    code: "999"\n    pattern: ACTOR ships ACTOR\n')
    for _ in range(2):
        with pytest.raises(eventrules.RuleError):
            eventrules.load_rules(f)
    assert not list(cache_home.glob("*.ruleset.pickle"))


def test_written_out_say_forms_match_the_inflector() -> None:
    assert frozenset().union(*(expand(w).all for w in SAY_VERBS)) == _SAY
