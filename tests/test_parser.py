"""The rule language front ends: located errors, and no internal exceptions ever."""

from hypothesis import given, settings
from hypothesis import strategies as st

from eventrules.errors import RuleError
from eventrules.lang import ast
from eventrules.lang.parser import identity_map, parse, parse_dsl_file
from eventrules.lang.yamlfile import parse_yaml_rules

PATTERN_BITS = st.sampled_from(
    ["ACTOR", "ITEM", "DATE", "QUANTITY", "ACTR", ":src", "ships", '"Hand over"', "(", ")", "|", "?",
     "...", "...3", "@send", "[", "]", "to", " ", "\n", "rule", "code", "072", "pattern", "class", "=", ","]
)  # fmt: skip
RULEISH = st.lists(PATTERN_BITS, max_size=25).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=120), RULEISH), st.sampled_from(["pattern", "guard", "condition", "entry", "file"]))
def test_parser_raises_only_rule_errors(text: str, start: str) -> None:
    try:
        parse(text, start, identity_map("x"))
    except RuleError as e:
        assert e.diagnostics and all(d.loc.line >= 1 and d.loc.col >= 1 for d in e.diagnostics)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=200), RULEISH))
def test_file_front_ends_never_raise(text: str) -> None:
    parse_dsl_file("x.rules", text)
    parse_yaml_rules("x.yaml", text)


def test_pattern_ast() -> None:
    node = parse("ACTOR:src @send (QUANTITY of)? ITEM[@arms] to ACTOR ...3 DATE", "pattern", identity_map("f"))
    assert isinstance(node, ast.Seq)
    kinds = [type(n).__name__ for n in node.items]
    assert kinds == ["Slot", "ClassRef", "Opt", "Slot", "Word", "Slot", "Gap", "Slot"]
    assert node.items[0].role == "src"
    assert node.items[3].cls.name == "arms"
    assert node.items[6].max == 3


def test_syntax_error_location_in_yaml_pattern() -> None:
    text = 'rules:\n  - id: a\n    code: "072"\n    pattern: ACTOR ships (ITEM to ACTOR\n'
    _, errors = parse_yaml_rules("f.yaml", text)
    assert [(d.loc.line, d.loc.col) for d in errors] == [(4, 40)]  # just past the text


def test_block_scalar_error_location() -> None:
    text = 'rules:\n  - id: a\n    code: "072"\n    pattern: |\n      ACTOR lends\n        ITEM to ACTER\n'
    _, errors = parse_yaml_rules("f.yaml", text)
    assert [(d.loc.line, d.loc.col, d.message[:22]) for d in errors] == [(6, 17, "unknown slot type ACTE")]


def test_dsl_errors_in_several_blocks_are_all_reported() -> None:
    text = "rule a\n  code 072\n  pattern ACTOR ) x\nrule b\n  code 010\n  pattern ACTR says\n"
    _, errors = parse_dsl_file("f.rules", text)
    assert [(d.loc.line, d.loc.col) for d in errors] == [(3, 17), (6, 11)]
    assert "did you mean ACTOR?" in errors[1].message
