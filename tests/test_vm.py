"""The matcher's work is linear in the sentence length, whatever the rule."""

import pytest

from eventrules import vm
from eventrules.compile import compile_rules
from eventrules.lang.parser import parse_dsl_file
from eventrules.text import make_sentence

NASTY = [
    "(a? a? a? a?)? (a | a a | a a a)? ...10 a ...10 b",
    "(a | a a)? (a | a a)? (a | a a)? ...50 z",
    "ITEM ITEM ITEM ITEM ...5 ITEM nothing",
    "a? ...8 a? ...8 a? ...8 a? ...8 ACTOR",
]


def _program(pattern: str) -> vm.Instr:
    rf, errs = parse_dsl_file("t.rules", f"rule t\n  code 010\n  pattern {pattern}\n")
    assert not errs
    rules, _, _ = compile_rules([rf])
    return rules[0].programs[0]


def _steps(prog, n: int) -> int:
    sent = make_sentence(" ".join(["a"] * n))
    ctx = vm.Context(sent.lowers, sent.words, {"ACTOR": {}})
    assert vm.search(prog.instrs, ctx, range(n), prog.ncaps) is None
    return ctx.steps


@pytest.mark.parametrize("pattern", NASTY)
def test_steps_are_bounded_and_linear(pattern: str) -> None:
    prog = _program(pattern)
    counts = {n: _steps(prog, n) for n in (50, 100, 200, 400)}
    for n, steps in counts.items():
        # Each (instruction, position) pair is visited at most once.
        assert steps <= len(prog.instrs) * (n + 1)
    assert counts[400] <= 2.2 * counts[200] and counts[200] <= 2.2 * counts[100]


def test_leftmost_match_with_captures() -> None:
    prog = _program("ACTOR ships ITEM to ACTOR")
    s = make_sentence("Iran has reportedly shipped old rifles to Russia")
    ctx = vm.Context(s.lowers, s.words, {"ACTOR": {0: [1], 7: [8]}})
    caps = vm.search(prog.instrs, ctx, [0, 7], prog.ncaps)
    assert caps is not None
    roles = {slot.role: (caps[slot.cap], caps[slot.cap + 1]) for slot in prog.slots}
    assert roles == {"source": (0, 1), "item": (4, 6), "target": (7, 8)}


def test_passive_does_not_match_active_verb() -> None:
    prog = _program("ACTOR ships ITEM")
    for text, ok in [
        ("Iran is shipping rifles", True),
        ("Iran was shipped rifles", False),
        ("Iran did not ship rifles", False),
        ("Iran has been shipping rifles", True),
    ]:
        s = make_sentence(text)
        ctx = vm.Context(s.lowers, s.words, {"ACTOR": {0: [1]}})
        assert (vm.search(prog.instrs, ctx, [0], prog.ncaps) is not None) is ok, text
