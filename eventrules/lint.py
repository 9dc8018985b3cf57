"""Lint: warnings about rules that compile but are probably not what the writer meant.

`eventrules check` prints them; `--strict` turns them into errors.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from eventrules.errors import Diagnostic, Location
from eventrules.lang import ast
from eventrules.ruleset import RuleSet

# Event fields an `expect` may name besides slot roles.
EVENT_FIELDS = frozenset(
    "doc_id sentence_index sentence span code root_code event_name quad_class goldstein "
    "source target slots date rule rule_source".split()
)


def _walk(node: ast.Node) -> Iterator[ast.Node]:
    yield node
    if isinstance(node, ast.Seq):
        for item in node.items:
            yield from _walk(item)
    elif isinstance(node, ast.Alt):
        for option in node.options:
            yield from _walk(option)
    elif isinstance(node, ast.Opt):
        yield from _walk(node.node)


def _shape(node: ast.Node) -> Any:
    """The pattern without locations, to compare two rules' patterns."""
    if isinstance(node, ast.Word):
        return ("w", node.text, node.exact)
    if isinstance(node, ast.ClassRef):
        return ("c", node.name)
    if isinstance(node, ast.Slot):
        return ("s", node.type, node.role, node.cls.name if node.cls else None)
    if isinstance(node, ast.Gap):
        return ("g", node.max)
    if isinstance(node, ast.Seq):
        return ("seq", tuple(_shape(i) for i in node.items))
    if isinstance(node, ast.Alt):
        return ("alt", tuple(_shape(o) for o in node.options))
    if isinstance(node, ast.Opt):
        return ("opt", _shape(node.node))
    return (type(node).__name__,)


def lint(ruleset: RuleSet) -> list[Diagnostic]:
    out: list[Diagnostic] = []

    def warn(loc: Location, msg: str) -> None:
        out.append(Diagnostic(loc, msg, "warning"))

    used: set[str] = set()
    seen: dict[Any, tuple[str, int, Location]] = {}
    for rule in ruleset.rules:
        d = rule.definition
        nodes = [n for p in d.patterns for n in _walk(p)]
        nodes += [n for g in d.guards if g.pattern is not None for n in _walk(g.pattern)]
        for n in nodes:
            if isinstance(n, ast.ClassRef):
                used.add(n.name)
            elif isinstance(n, ast.Slot) and n.cls is not None:
                used.add(n.cls.name)
            elif isinstance(n, ast.Gap) and n.max is None:
                warn(n.loc, "gap without a bound (matches up to 8 words); write ...N")
        used.update(cw.cls.name for cw in d.code_when)
        roles = {s.role for p in rule.programs for s in p.slots}
        for ex in d.examples:
            if isinstance(ex.expect, dict):
                for key in ex.expect:
                    if key not in EVENT_FIELDS and key not in roles:
                        warn(ex.loc, f"expect names {key!r}, which rule {rule.id} never binds")
        if not d.examples:
            warn(d.loc, f"rule {rule.id} has no examples")
        if rule.triggers is None:
            warn(d.loc, f"rule {rule.id} has no trigger word: it is tried on every sentence")
        shape = tuple(_shape(p) for p in d.patterns)
        if shape in seen:
            other, prio, where = seen[shape]
            if prio > rule.priority:
                warn(d.loc, f"rule {rule.id} is shadowed by the higher-priority rule {other} at {where}")
            else:
                warn(d.loc, f"rule {rule.id} has the same patterns as rule {other} at {where}")
        else:
            seen[shape] = (rule.id, rule.priority, d.loc)
    for name, cdef in sorted(ruleset.class_defs.items()):
        if name not in used:
            warn(cdef.loc, f"class @{name} is defined but never used")
    return sorted(out, key=lambda x: x.loc)
