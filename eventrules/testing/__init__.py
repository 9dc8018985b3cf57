"""Testing rules: hypothesis strategies generated from rules, and the example runner.

from hypothesis import given
import eventrules
from eventrules.testing import examples, produces

rules = eventrules.load_rules("rules/")
rule = rules.rule("ship-military-aid")

@given(examples(rule, rules))
def test_rule_codes_its_examples(ex):
    assert produces(rules, rule, ex)
"""

from __future__ import annotations

from typing import Any

__all__ = ["Example", "NearMiss", "examples", "near_misses", "produces"]


def __getattr__(name: str) -> Any:
    # Lazy, so the example runner and the CLI do not import hypothesis until needed.
    if name in __all__:
        from eventrules.testing import strategies

        return getattr(strategies, name)
    raise AttributeError(name)
