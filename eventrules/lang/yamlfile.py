"""YAML rule files -> AST (the same AST the DSL front end builds).

classes:
  send: [send, dispatch, hand over]
rules:
  - id: ship-military-aid
    code: "072"
    pattern: ACTOR ships QUANTITY of ITEM to ACTOR between DATE and DATE
"""

from __future__ import annotations

import dataclasses
from typing import Any

import yaml

from eventrules.errors import Diagnostic, Location, RuleError
from eventrules.lang import ast
from eventrules.lang.parser import parse
from eventrules.lang.yamlnodes import Node, Reader, compose

FILE_KEYS = ("classes", "rules", "discards", "description", "codes", "precedence")
CODES_VALUES = ("cameo", "any")
PRECEDENCE_VALUES = ("specificity", "position")
DISCARD_KEYS = ("pattern", "scope", "description")
RULE_KEYS = (
    "id",
    "code",
    "pattern",
    "patterns",
    "description",
    "priority",
    "unless",
    "code_when",
    "examples",
    "symmetric",
    "reverse_code",
    "tags",
)
CODE_WHEN_KEYS = ("if", "code")
EXAMPLE_KEYS = ("text", "date", "expect")


def is_rule_file(top: Node | None) -> bool:
    return isinstance(top, yaml.MappingNode) and any(
        str(k.value) in ("rules", "classes", "discards") for k, _ in top.value
    )


def parse_yaml_rules(path: str, text: str, top: Node | None = None) -> tuple[ast.RuleFile, list[Diagnostic]]:
    """The file's good rules and classes, plus every problem found in the rest."""
    try:
        if top is None:
            top = compose(path, text)
    except RuleError as e:
        return ast.RuleFile(path), e.diagnostics
    r = Reader(path, text)
    if top is None:
        return ast.RuleFile(path), []
    entries = r.mapping(top, "a rule file", FILE_KEYS)
    if entries is None:
        return ast.RuleFile(path), r.errors
    declared: list[tuple[str, Location]] = []
    classes: list[ast.ClassDef] = []
    rules: list[ast.RuleDef] = []
    if "classes" in entries:
        cnode = entries["classes"][1]
        if isinstance(cnode, yaml.MappingNode):
            for k, v in cnode.value:
                seqs = [_sub(r, e, "entry") for e in r.sequence(v, f"class {k.value}")]
                classes.append(ast.ClassDef(str(k.value), tuple(s for s in seqs if s is not None), r.loc(k)))
        else:
            r.error(cnode, "classes must be a mapping of name -> list of words")
    if "rules" in entries:
        for rn in r.sequence(entries["rules"][1], "rules", allow_scalar=False):
            rule = _rule(r, rn, declared)
            if rule is not None:
                rules.append(rule)
    discards = (
        [_discard(r, n) for n in r.sequence(entries["discards"][1], "discards", False)] if "discards" in entries else []
    )
    open_codes = False
    if "codes" in entries:
        # `codes: any` lets imported TABARI/PETRARCH dictionaries keep their own (WEIS, test) codes.
        value = r.scalar(entries["codes"][1], "codes")
        if value not in CODES_VALUES:
            r.error(entries["codes"][1], f"codes must be one of {', '.join(CODES_VALUES)}, not {value!r}")
        open_codes = value == "any"
    if "precedence" in entries:
        # `precedence: position`: among this file's rules the pattern whose words start first wins,
        # and one subject codes one event per stretch of words (TABARI/PETRARCH: the first verb).
        value = r.scalar(entries["precedence"][1], "precedence")
        if value not in PRECEDENCE_VALUES:
            r.error(
                entries["precedence"][1], f"precedence must be one of {', '.join(PRECEDENCE_VALUES)}, not {value!r}"
            )
        elif value == "position":
            rules = [dataclasses.replace(rule, by_position=True) for rule in rules]
    return (
        ast.RuleFile(path, tuple(classes), tuple(rules), tuple(declared), tuple(d for d in discards if d), open_codes),
        r.errors,
    )


def _discard(r: Reader, node: Node) -> ast.Discard | None:
    m = r.mapping(node, "a discard", DISCARD_KEYS)
    if m is None:
        return None
    if "pattern" not in m:
        r.error(node, "a discard needs a `pattern`")
        return None
    scope = (r.scalar(m["scope"][1], "scope") or "") if "scope" in m else "sentence"
    if scope not in ("sentence", "story"):
        r.error(m["scope"][1], f"scope must be sentence or story, not {scope!r}")
        return None
    pattern = _sub(r, m["pattern"][1], "pattern")
    return ast.Discard(pattern, scope, r.loc(node)) if pattern is not None else None


def _sub(r: Reader, node: Node, start: str) -> Any:
    """Parse a scalar with the grammar, errors located inside the YAML file.

    Line breaks inside the string (block scalars) are plain whitespace in a
    pattern; the position map undoes the flattening for error locations."""
    text = r.scalar(node, start)
    if text is None:
        return None
    inner = r.position_map(node)

    def where(_line: int, col: int) -> Location:
        off = col - 1
        nl = text.rfind("\n", 0, off)
        return inner(text.count("\n", 0, off) + 1, off - nl)

    try:
        return parse(text.replace("\n", " "), start, where)
    except RuleError as e:
        r.errors.extend(e.diagnostics)
        return None


def _rule(r: Reader, node: Node, declared: list[tuple[str, Location]]) -> ast.RuleDef | None:
    m = r.mapping(node, "a rule", RULE_KEYS)
    if m is None:
        return None
    if "id" in m and isinstance(m["id"][1], yaml.ScalarNode):
        declared.append((str(m["id"][1].value), r.loc(node)))
    n_err = len(r.errors)
    for key in ("id", "code"):
        if key not in m:
            r.error(node, f"rule is missing `{key}`")
    if "pattern" not in m and "patterns" not in m:
        r.error(node, "rule is missing `pattern`")
    rid = r.scalar(m["id"][1], "id") if "id" in m else None
    code = r.scalar(m["code"][1], "code") if "code" in m else None
    pattern_nodes = []
    for key in ("pattern", "patterns"):
        if key in m:
            pattern_nodes += r.sequence(m[key][1], key)
    patterns = [_sub(r, p, "pattern") for p in pattern_nodes]
    priority = 0
    if "priority" in m:
        ptext = r.scalar(m["priority"][1], "priority") or "0"
        try:
            priority = int(ptext)
        except ValueError:
            r.error(m["priority"][1], f"priority must be a whole number, not {ptext!r}")
    description = (r.scalar(m["description"][1], "description") or "") if "description" in m else ""
    symmetric = False
    if "symmetric" in m:
        flag = (r.scalar(m["symmetric"][1], "symmetric") or "").lower()
        if flag not in ("true", "false"):
            r.error(m["symmetric"][1], "symmetric must be true or false")
        symmetric = flag == "true"
    guards = [_sub(r, g, "guard") for g in r.sequence(m["unless"][1], "unless")] if "unless" in m else []
    code_when = (
        [_code_when(r, n) for n in r.sequence(m["code_when"][1], "code_when", False)] if "code_when" in m else []
    )
    examples = [_example(r, n) for n in r.sequence(m["examples"][1], "examples", False)] if "examples" in m else []
    if len(r.errors) > n_err or rid is None or code is None:
        return None
    return ast.RuleDef(
        id=rid,
        code=code,
        code_loc=r.loc(m["code"][1]),
        patterns=tuple(patterns),
        loc=r.loc(node),
        priority=priority,
        description=description,
        guards=tuple(guards),
        code_when=tuple(c for c in code_when if c is not None),
        examples=tuple(e for e in examples if e is not None),
        symmetric=symmetric,
        reverse_code=(r.scalar(m["reverse_code"][1], "reverse_code") or None) if "reverse_code" in m else None,
    )


def _code_when(r: Reader, node: Node) -> ast.CodeWhen | None:
    m = r.mapping(node, "a code_when entry", CODE_WHEN_KEYS)
    if m is None:
        return None
    if "if" not in m or "code" not in m:
        r.error(node, "code_when entries need `if` and `code`")
        return None
    cond = _sub(r, m["if"][1], "condition")
    code = r.scalar(m["code"][1], "code")
    if cond is None or code is None:
        return None
    role, cls, loc = cond
    return ast.CodeWhen(code, role, cls, loc)


def _example(r: Reader, node: Node) -> ast.Example | None:
    m = r.mapping(node, "an example", EXAMPLE_KEYS)
    if m is None:
        return None
    if "text" not in m or "expect" not in m:
        r.error(node, "examples need `text` and `expect`")
        return None
    text = r.scalar(m["text"][1], "text")
    date = r.scalar(m["date"][1], "date") if "date" in m else None
    expect_node = m["expect"][1]
    expect: Any = r.value(expect_node)
    if isinstance(expect, str) and expect not in ("none", "todo"):
        r.error(expect_node, "expect must be none, todo or a mapping of fields")
        return None
    if not isinstance(expect, (str, dict)):
        r.errors.append(Diagnostic(r.loc(expect_node), "expect must be none, todo or a mapping of fields"))
        return None
    if text is None:
        return None
    return ast.Example(text, date, expect, r.loc(node))
