"""YAML with positions: safe composition into nodes that remember file:line:col.

Rule and actor files are read with yaml's safe composer (never a loader that
can build Python objects). Working on nodes rather than plain values keeps
every key's and scalar's location, so errors inside a YAML pattern string can
point at the exact column in the file, and `072` stays the string "072".
"""

from __future__ import annotations

from typing import Any

import yaml

from eventrules.errors import Diagnostic, Location, RuleError, did_you_mean
from eventrules.lang.parser import PositionMap

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # libyaml not compiled in
    _Loader = yaml.SafeLoader

Node = yaml.Node


def compose(path: str, text: str) -> Node | None:
    """Compose `text` into a node tree; YAML syntax errors become RuleError."""
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        loc = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path, 1, 1)
        raise RuleError([Diagnostic(loc, f"invalid YAML: {e.problem or e.context}")]) from None
    except yaml.YAMLError as e:
        raise RuleError([Diagnostic(Location(path, 1, 1), f"invalid YAML: {e}")]) from None


def loc(path: str, node: Node) -> Location:
    return Location(path, node.start_mark.line + 1, node.start_mark.column + 1)


class Reader:
    """Typed access to a node tree, collecting errors instead of stopping at the first."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()
        self.errors: list[Diagnostic] = []

    def loc(self, node: Node) -> Location:
        return loc(self.path, node)

    def error(self, node: Node, message: str) -> None:
        self.errors.append(Diagnostic(self.loc(node), message))

    def mapping(self, node: Node, what: str, known: tuple[str, ...]) -> dict[str, tuple[Node, Node]] | None:
        """A mapping's entries by key; unknown keys are reported with a suggestion."""
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{what} must be a mapping")
            return None
        out: dict[str, tuple[Node, Node]] = {}
        for k, v in node.value:
            key = str(k.value)
            if key not in known:
                self.error(k, f"unknown key {key!r} in {what}{did_you_mean(key, known)}")
            elif key in out:
                self.error(k, f"duplicate key {key!r} in {what}")
            else:
                out[key] = (k, v)
        return out

    def sequence(self, node: Node, what: str, allow_scalar: bool = True) -> list[Node]:
        if isinstance(node, yaml.SequenceNode):
            return list(node.value)
        if allow_scalar and isinstance(node, yaml.ScalarNode):
            return [node]
        self.error(node, f"{what} must be a list")
        return []

    def scalar(self, node: Node, what: str) -> str | None:
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, f"{what} must be a single value")
            return None
        return str(node.value)

    def value(self, node: Node) -> Any:
        """Plain Python value of a subtree (for free-form data such as `expect`).

        Unlike YAML 1.1, a plain `072` stays the string "072" (CAMEO codes
        keep their leading zeros) and dates stay strings."""
        if isinstance(node, yaml.MappingNode):
            return {str(k.value): self.value(v) for k, v in node.value}
        if isinstance(node, yaml.SequenceNode):
            return [self.value(v) for v in node.value]
        text = str(node.value)
        if getattr(node, "style", None) or (len(text) > 1 and text[0] == "0" and text.isdigit()):
            return text
        low = text.lower()
        if low in ("null", "~", ""):
            return None
        if low in ("true", "false"):
            return low == "true"
        for cast in (int, float):
            try:
                return cast(text)
            except ValueError:
                pass
        return text

    def position_map(self, node: Node) -> PositionMap:
        """Map positions inside a scalar's value to positions in the file.

        Plain and quoted scalars start at their mark (+1 for the quote); block
        scalars (| and >) start on the next line at the block's indentation.
        Escapes in double-quoted strings may shift columns slightly.
        """
        mark = node.start_mark
        style = getattr(node, "style", None)
        if style in ("|", ">"):
            first = mark.line + 1
            while first < len(self.lines) and not self.lines[first].strip():
                first += 1
            indent = 0
            if first < len(self.lines):
                indent = len(self.lines[first]) - len(self.lines[first].lstrip())
            return lambda line, col: Location(self.path, first + line, indent + col)
        col0 = mark.column + (1 if style in ('"', "'") else 0)
        line0 = mark.line

        def where(line: int, col: int) -> Location:
            if line == 1:
                return Location(self.path, line0 + 1, col0 + col)
            # A folded plain/quoted scalar: continuation lines keep their indentation.
            ln = line0 + line - 1
            text = self.lines[ln] if ln < len(self.lines) else ""
            return Location(self.path, ln + 1, len(text) - len(text.lstrip()) + col)

        return where
