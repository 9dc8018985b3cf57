"""Lark front end: rule-language text -> typed AST, with located errors.

The grammar lives in grammar/eventrules.lark. This module only loads it,
maps Lark's errors to Diagnostics at the right file:line:col, and transforms
parse trees into eventrules.lang.ast nodes.
"""

from __future__ import annotations

import dataclasses
import functools
import threading
from collections.abc import Callable
from typing import Any

from lark import Lark, Token, Transformer, Tree, v_args
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from eventrules.annotate.base import SLOT_TYPES
from eventrules.errors import Diagnostic, Location, RuleError, did_you_mean
from eventrules.lang import ast
from eventrules.resources import grammar_path
from eventrules.text import tokenize

# Maps a (line, col) inside the parsed text (1-based) to a Location in the file.
PositionMap = Callable[[int, int], Location]

_HUMAN = {
    "WORD": "a word",
    "STRING": 'a quoted "phrase"',
    "SLOT_TYPE": "a slot (ACTOR, QUANTITY, ITEM, DATE, LOCATION)",
    "NAME": "a name",
    "RULE_ID": "a rule id",
    "CODE": "a CAMEO code",
    "LPAR": "'('",
    "RPAR": "')'",
    "VBAR": "'|'",
    "AT": "'@'",
    "GAP": "a gap '...N'",
    "OPTIONAL": "'?'",
    "_NL": "end of line",
    "$END": "end of text",
    "INT": "a number",
    "ISO_DATE": "a date YYYY-MM-DD",
}


@functools.cache
def _parser() -> Lark:
    return Lark(
        grammar_path().read_text(encoding="utf-8"),
        parser="lalr",
        start=["file", "pattern", "guard", "condition", "entry"],
        maybe_placeholders=False,
    )


def identity_map(path: str, line_offset: int = 0) -> PositionMap:
    return lambda line, col: Location(path, line + line_offset, col)


def parse(text: str, start: str, where: PositionMap) -> Any:
    """Parse `text` from grammar rule `start` into AST; raise RuleError on any problem.

    Patterns and guards are built into AST while Lark parses (no parse tree: about a third
    faster). Imported dictionaries repeat the same guard text on thousands of rules, so a
    guard is parsed once with positions relative to its text and each use gets a copy with
    its own positions. Any problem is reported by the ordinary path, at its real position."""
    try:
        if start == "guard":
            return _relocate(_parse_relative(text, start), where)
        if start == "pattern":
            return _parse_direct(text, start, where)
    except RuleError:
        pass
    return _parse(text, start, where)


# Marks a Location relative to the parsed text (line, col inside it) in a cached AST.
_RELATIVE = "\0relative"


@functools.lru_cache(maxsize=1024)
def _parse_relative(text: str, start: str) -> Any:
    return _parse_direct(text, start, lambda line, col: Location(_RELATIVE, line, col))


def _parse_direct(text: str, start: str, where: PositionMap) -> Any:
    """The AST built during the parse; RuleError (without diagnostics) on any problem."""
    parser, builder = _direct_parser()
    with _DIRECT_LOCK:  # one shared builder: its position map and errors are per call
        builder.where = where
        builder.errors = []
        try:
            result = parser.parse(text, start=start)
        except Exception:  # re-parsed by `_parse`, which reports it
            raise RuleError([]) from None
        if builder.errors:
            raise RuleError([])
    return result


_DIRECT_LOCK = threading.Lock()


@functools.cache
def _direct_parser() -> tuple[Lark, _Builder]:
    builder = _Builder(identity_map("?"))
    lark = Lark(
        grammar_path().read_text(encoding="utf-8"),
        parser="lalr",
        start=["pattern", "guard"],
        maybe_placeholders=False,
        transformer=builder,
    )
    return lark, builder


def _relocate(node: Any, where: PositionMap) -> Any:
    """A copy of a cached AST with every relative Location mapped through `where`."""
    if isinstance(node, Location):
        return where(node.line, node.col) if node.path == _RELATIVE else node
    if isinstance(node, tuple):
        return tuple(_relocate(x, where) for x in node)
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        changes = {}
        for f in dataclasses.fields(node):
            value = getattr(node, f.name)
            new = _relocate(value, where)
            if new is not value:
                changes[f.name] = new
        return dataclasses.replace(node, **changes) if changes else node
    return node


def _parse(text: str, start: str, where: PositionMap) -> Any:
    try:
        tree = _parser().parse(text, start=start)
    except UnexpectedInput as e:
        raise RuleError([_syntax_error(e, text, where)]) from None
    except LarkError as e:  # never let an internal Lark error escape
        raise RuleError([Diagnostic(where(1, 1), f"cannot parse: {e}")]) from None
    builder = _Builder(where)
    try:
        result = builder.transform(tree)
    except LarkError as e:
        raise RuleError([Diagnostic(where(1, 1), f"cannot parse: {e}")]) from None
    if builder.errors:
        raise RuleError(builder.errors)
    return result


def _syntax_error(e: UnexpectedInput, text: str, where: PositionMap) -> Diagnostic:
    line = getattr(e, "line", None)
    col = getattr(e, "column", None)
    at_end = isinstance(e, UnexpectedEOF) or (isinstance(e, UnexpectedToken) and e.token.type == "$END")
    if at_end or not isinstance(line, int) or line < 1 or not isinstance(col, int) or col < 1:
        body = text.rstrip()
        line = body.count("\n") + 1
        col = len(body) - (body.rfind("\n") + 1) + 1
    if isinstance(e, UnexpectedCharacters):
        pos = e.pos_in_stream
        ch = text[pos] if pos is not None and 0 <= pos < len(text) else "?"
        msg = f"unexpected character {ch!r}"
    elif isinstance(e, UnexpectedEOF):
        msg = "the text ends too early"
    elif isinstance(e, UnexpectedToken):
        tok = e.token
        found = "end of text" if tok.type == "$END" else ("end of line" if tok.type == "_NL" else repr(str(tok)))
        msg = f"unexpected {found}"
    else:
        msg = "syntax error"
    expected = sorted(getattr(e, "expected", None) or getattr(e, "allowed", None) or ())
    names = sorted({_HUMAN.get(t, _literal_name(t)) for t in expected})
    if names and len(names) <= 6:
        msg += "; expected " + " or ".join(names)
    return Diagnostic(where(line, col), msg)


def _literal_name(term: str) -> str:
    try:
        pattern = _parser().get_terminal(term).pattern
    except (KeyError, AttributeError):
        return term
    return f"'{pattern.value}'" if pattern.type == "str" else term.lower()


def _unquote(tok: Token) -> str:
    return str(tok)[1:-1]


@v_args(inline=True)
class _Builder(Transformer[Token, Any]):
    """Parse tree -> AST. Semantic errors are collected, not raised, so all are reported."""

    def __init__(self, where: PositionMap) -> None:
        super().__init__()
        self.where = where
        self.errors: list[Diagnostic] = []

    def _loc(self, tok: Token | Tree[Any] | Any) -> Location:
        if isinstance(tok, Token) and tok.line is not None and tok.column is not None:
            return self.where(tok.line, tok.column)
        loc = getattr(tok, "loc", None)
        return loc if isinstance(loc, Location) else self.where(1, 1)

    # ---- patterns
    def pattern(self, node: ast.Node) -> ast.Node:
        return node

    def alt(self, *options: ast.Node) -> ast.Node:
        return ast.Alt(tuple(options), options[0].loc)

    def seq(self, *items: ast.Node) -> ast.Node:
        return items[0] if len(items) == 1 else ast.Seq(tuple(items), items[0].loc)

    def element(self, node: ast.Node, opt: Token | None = None) -> ast.Node:
        return ast.Opt(node, node.loc) if opt is not None else node

    def group(self, node: ast.Node) -> ast.Node:
        return node

    def word(self, tok: Token) -> ast.Word:
        text = str(tok)
        return ast.Word(text, exact=text != text.lower(), loc=self._loc(tok))

    def exact(self, tok: Token) -> ast.Node:
        loc = self._loc(tok)
        # Split the way the text tokenizer does, so "72-hour" meets "72", "-", "hour".
        words = [w for w, _, _ in tokenize(_unquote(tok))]
        if not words:
            self.errors.append(Diagnostic(loc, 'empty quoted phrase ""'))
            return ast.Word("", True, loc)
        parts = tuple(ast.Word(w, True, loc) for w in words)
        return parts[0] if len(parts) == 1 else ast.Seq(parts, loc)

    def slot(self, type_tok: Token, *rest: Any) -> ast.Slot:
        loc = self._loc(type_tok)
        role = next((str(r) for r in rest if isinstance(r, Token)), None)
        cls = next((r for r in rest if isinstance(r, ast.ClassRef)), None)
        kind = str(type_tok)
        if kind not in SLOT_TYPES:
            self.errors.append(Diagnostic(loc, f"unknown slot type {kind}{did_you_mean(kind, SLOT_TYPES)}"))
        elif cls is not None and kind != "ITEM":
            self.errors.append(Diagnostic(cls.loc, f"only ITEM slots take a word class, not {kind}"))
        return ast.Slot(kind, role, cls, loc)

    def class_ref(self, name: Token) -> ast.ClassRef:
        loc = self._loc(name)
        return ast.ClassRef(str(name), Location(loc.path, loc.line, max(1, loc.col - 1)))

    def gap(self, tok: Token) -> ast.Gap:
        digits = str(tok)[3:]
        return ast.Gap(int(digits) if digits else None, self._loc(tok))

    # ---- guards and conditions
    def guard_negated(self) -> ast.Guard:
        return ast.Guard("negated", None, None, self.where(1, 1))

    def guard_hedged(self) -> ast.Guard:
        return ast.Guard("hedged", None, None, self.where(1, 1))

    def _window_guard(self, kind: str, node: ast.Node, window: Token | None) -> ast.Guard:
        return ast.Guard(kind, node, int(window) if window is not None else None, node.loc)

    def guard_preceded(self, node: ast.Node, window: Token | None = None) -> ast.Guard:
        return self._window_guard("preceded", node, window)

    def guard_followed(self, node: ast.Node, window: Token | None = None) -> ast.Guard:
        return self._window_guard("followed", node, window)

    def guard_mentions(self, node: ast.Node) -> ast.Guard:
        return self._window_guard("mentions", node, None)

    def condition(self, role: Token, cls: ast.ClassRef) -> tuple[str, ast.ClassRef, Location]:
        return (str(role), cls, self._loc(role))

    def entry(self, *toks: Token) -> ast.Seq:
        words: list[ast.Node] = []
        for t in toks:
            if t.type == "STRING":
                # Split like the text, as in patterns: '"24-hour"' meets 24 - hour.
                words.extend(ast.Word(w, True, self._loc(t)) for w, _, _ in tokenize(_unquote(t)))
            else:
                words.append(self.word(t))
        return ast.Seq(tuple(words), self._loc(toks[0]))

    # ---- DSL files
    def file(self, *stmts: Any) -> list[Any]:
        return list(stmts)

    def discard_def(self, scope: Token, node: ast.Node) -> ast.Discard:
        return ast.Discard(node, str(scope), self._loc(scope))

    def class_def(self, name: Token, *entries: ast.Seq) -> ast.ClassDef:
        return ast.ClassDef(str(name), tuple(entries), self._loc(name))

    def code_line(self, code: Token) -> tuple[str, Any]:
        return ("code", (str(code), self._loc(code)))

    def code_when_line(self, code: Token, cond: tuple[str, ast.ClassRef, Location]) -> tuple[str, Any]:
        role, cls, loc = cond
        return ("code_when", ast.CodeWhen(str(code), role, cls, loc))

    def pattern_line(self, node: ast.Node) -> tuple[str, Any]:
        return ("pattern", node)

    def priority_line(self, tok: Token) -> tuple[str, Any]:
        return ("priority", int(tok))

    def description_line(self, tok: Token) -> tuple[str, Any]:
        return ("description", _unquote(tok))

    def guard_line(self, guard: ast.Guard) -> tuple[str, Any]:
        return ("guard", guard)

    def symmetric_line(self) -> tuple[str, Any]:
        return ("symmetric", True)

    def example_line(self, text: Token, *rest: Any) -> tuple[str, Any]:
        date = next((str(r) for r in rest if isinstance(r, Token) and r.type == "ISO_DATE"), None)
        expect = rest[-1]
        return ("example", ast.Example(_unquote(text), date, expect, self._loc(text)))

    def expect_none(self) -> str:
        return "none"

    def expect_todo(self) -> str:
        return "todo"

    def expect_fields(self, *pairs: tuple[str, str]) -> dict[str, Any]:
        return dict(pairs)

    def expect_pair(self, key: Token, value: Token) -> tuple[str, str]:
        return (str(key), _unquote(value) if value.type == "STRING" else str(value))

    def rule_def(self, rid: Token, *lines: tuple[str, Any]) -> ast.RuleDef | None:
        loc = self._loc(rid)
        codes = [v for k, v in lines if k == "code"]
        patterns = tuple(v for k, v in lines if k == "pattern")
        if len(codes) != 1:
            what = "has no `code` line" if not codes else "has more than one `code` line"
            self.errors.append(Diagnostic(loc, f"rule {rid} {what}"))
        if not patterns:
            self.errors.append(Diagnostic(loc, f"rule {rid} has no `pattern` line"))
        if len(codes) != 1 or not patterns:
            return None
        prio = [v for k, v in lines if k == "priority"]
        desc = [v for k, v in lines if k == "description"]
        return ast.RuleDef(
            id=str(rid),
            code=codes[0][0],
            code_loc=codes[0][1],
            patterns=patterns,
            loc=loc,
            priority=prio[-1] if prio else 0,
            description=desc[-1] if desc else "",
            guards=tuple(v for k, v in lines if k == "guard"),
            code_when=tuple(v for k, v in lines if k == "code_when"),
            examples=tuple(v for k, v in lines if k == "example"),
            symmetric=any(k == "symmetric" for k, _ in lines),
        )


def parse_dsl_file(path: str, text: str) -> tuple[ast.RuleFile, list[Diagnostic]]:
    """Parse a plain DSL rule file. Each `rule`/`class` block is parsed on its own so
    one syntax error does not hide the errors in later blocks."""
    lines = text.splitlines(keepends=True)
    if not any(ln.strip() for ln in lines):
        return ast.RuleFile(path), []
    starts = [i for i, ln in enumerate(lines) if ln.split(maxsplit=1)[:1] in (["rule"], ["class"], ["discard"])]
    if not starts or any(ln.strip() and not ln.lstrip().startswith("#") for ln in lines[: starts[0]]):
        starts = [0, *starts]
    errors: list[Diagnostic] = []
    classes: list[ast.ClassDef] = []
    rules: list[ast.RuleDef] = []
    declared: list[tuple[str, Location]] = []
    discards: list[ast.Discard] = []
    for a, b in zip(starts, [*starts[1:], len(lines)], strict=True):
        chunk = "".join(lines[a:b])
        head = lines[a].split()
        if len(head) > 1 and head[0] == "rule":
            declared.append((head[1], Location(path, a + 1, lines[a].index(head[1]) + 1)))
        if not chunk.endswith("\n"):
            chunk += "\n"
        try:
            stmts = parse(chunk, "file", identity_map(path, a))
        except RuleError as e:
            errors.extend(e.diagnostics)
            continue
        for s in stmts:
            if isinstance(s, ast.ClassDef):
                classes.append(s)
            elif isinstance(s, ast.RuleDef):
                rules.append(s)
            elif isinstance(s, ast.Discard):
                discards.append(s)
    return ast.RuleFile(path, tuple(classes), tuple(rules), tuple(declared), tuple(discards)), errors
