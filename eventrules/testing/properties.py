"""The generated-example properties `eventrules test --property N` checks for every rule.

1. every generated example produces the rule's event;
2. no near miss produces it;
3. harmless whitespace and punctuation noise does not change what is produced.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventrules.compile import CompiledRule
from eventrules.ruleset import RuleSet
from eventrules.testing.strategies import Example, NearMiss, examples, near_misses, produces


def add_noise(text: str, choice: int) -> str:
    """The same sentence with harmless noise: doubled spaces, a line break, edge spaces."""
    if choice == 0:
        return text.replace(" ", "  ")
    if choice == 1:
        words = text.split(" ")
        mid = len(words) // 2
        return " ".join(words[:mid]) + "\n" + " ".join(words[mid:])
    return f"  {text}  "


def _events(ruleset: RuleSet, rule: CompiledRule, text: str, ex: Example) -> set[tuple[str, str, str]]:
    out = set()
    for e in ruleset.extract(text, ex.date):
        if e["rule"] == rule.id:
            out.add((e["code"], (e["source"] or {}).get("code", ""), (e["target"] or {}).get("code", "")))
    return out


def rule_properties(ruleset: RuleSet, rule: CompiledRule, n: int) -> list[tuple[str, Callable[[], None]]]:
    """The three properties of one rule, as callables that raise AssertionError on failure."""
    opts = settings(
        max_examples=n,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )

    @opts
    @given(examples(rule, ruleset))
    def positive(ex: Example) -> None:
        assert produces(ruleset, rule, ex), f"no event meeting {ex.expected} in {ex.text!r} ({ex.date})"

    @opts
    @given(near_misses(rule, ruleset))
    def near_miss(nm: NearMiss) -> None:
        got = produces(ruleset, rule, nm)
        assert not got, f"near miss ({nm.reason}) {nm.text!r} produced {got[0]['code']}"

    @opts
    @given(examples(rule, ruleset), st.integers(0, 2))
    def noise(ex: Example, choice: int) -> None:
        noisy = add_noise(ex.text, choice)
        clean, dirty = _events(ruleset, rule, ex.text, ex), _events(ruleset, rule, noisy, ex)
        assert clean == dirty, f"noise changed {clean} into {dirty}: {noisy!r}"

    return [("examples", positive), ("near misses", near_miss), ("noise", noise)]


def _rule_failures(ruleset: RuleSet, rule: CompiledRule, n: int) -> list[str]:
    failures = []
    for name, prop in rule_properties(ruleset, rule, n):
        try:
            prop()
        except AssertionError as e:
            failures.append(f"{rule.id} ({rule.source}): {name}: {str(e).splitlines()[0]}")
    return failures


# What forked workers run on: set by check_properties just before the fork, so that no
# worker has to load or unpickle the rule set.
_FORKED: tuple[RuleSet, int, int] | None = None


def _share(k: int) -> list[tuple[int, str]]:
    assert _FORKED is not None
    ruleset, n, jobs = _FORKED
    return [(i, f) for i, rule in enumerate(ruleset.rules) if i % jobs == k for f in _rule_failures(ruleset, rule, n)]


def check_properties(ruleset: RuleSet, n: int, jobs: int = 1) -> list[str]:
    """Run every rule's properties; one message per failing property, in rule order.

    With jobs > 1 the rules are shared out among that many forked processes (where the
    platform can fork). Each property is derandomized on its own, so the result does not
    depend on the number of jobs."""
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [f for rule in ruleset.rules for f in _rule_failures(ruleset, rule, n)]
    global _FORKED
    _FORKED = (ruleset, n, jobs)
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            shares = pool.map(_share, range(jobs))
    finally:
        _FORKED = None
    return [f for _, f in sorted((x for share in shares for x in share), key=lambda x: x[0])]
