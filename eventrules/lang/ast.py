"""Typed AST shared by the YAML and DSL front ends.

Every node carries the Location it came from, so the compiler can report
errors at file:line:col even for text inside YAML pattern strings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Union

from eventrules.errors import Location


@dataclass(frozen=True, slots=True)
class Word:
    """A literal. `exact` words match only that form; others match all inflections."""

    text: str
    exact: bool
    loc: Location


@dataclass(frozen=True, slots=True)
class ClassRef:
    name: str
    loc: Location


@dataclass(frozen=True, slots=True)
class Slot:
    type: str
    role: str | None
    cls: ClassRef | None
    loc: Location


@dataclass(frozen=True, slots=True)
class Gap:
    """Up to `max` tokens of anything; `max` is None when the writer gave no bound."""

    max: int | None
    loc: Location


@dataclass(frozen=True, slots=True)
class Seq:
    items: tuple[Node, ...]
    loc: Location


@dataclass(frozen=True, slots=True)
class Alt:
    options: tuple[Node, ...]
    loc: Location


@dataclass(frozen=True, slots=True)
class Opt:
    node: Node
    loc: Location


@dataclass(frozen=True, slots=True)
class Passive:
    """Compiler-made: the passive form of a verb element ("was attacked")."""

    head: Node
    loc: Location


@dataclass(frozen=True, slots=True)
class Paren:
    """Compiler-made: an inserted clause after a subject (", which has denied the claims,"),
    with `coordination` an optional first verb phrase ("condemned the strike and"), or with
    `time` a date adverbial ("on Monday", "last week", "late on Sunday")."""

    loc: Location
    coordination: bool = False
    time: bool = False


Node = Union[Word, ClassRef, Slot, Gap, Seq, Alt, Opt, Passive, Paren]


@dataclass(frozen=True, slots=True)
class Guard:
    """`negated`, or `preceded`/`followed`/`mentions` with a sub-pattern."""

    kind: str
    pattern: Node | None
    window: int | None
    loc: Location


@dataclass(frozen=True, slots=True)
class CodeWhen:
    """Use `code` instead of the rule's code when slot `role` holds a member of `cls`."""

    code: str
    role: str
    cls: ClassRef
    loc: Location


@dataclass(frozen=True, slots=True)
class Example:
    """An inline example: `expect` is "none", "todo" or a mapping of field -> value."""

    text: str
    date: str | None
    expect: str | dict[str, Any]
    loc: Location


@dataclass(frozen=True, slots=True)
class RuleDef:
    id: str
    code: str
    patterns: tuple[Node, ...]
    loc: Location
    code_loc: Location
    priority: int = 0
    description: str = ""
    guards: tuple[Guard, ...] = ()
    code_when: tuple[CodeWhen, ...] = ()
    examples: tuple[Example, ...] = ()
    symmetric: bool = False  # the event holds both ways (consult, sign, fight): emit both directions
    by_position: bool = False  # file says `precedence: position` (imported TABARI/PETRARCH verbs)
    reverse_code: str | None = None  # a paired code: also code target -> source with this code


@dataclass(frozen=True, slots=True)
class ClassDef:
    name: str
    entries: tuple[Seq, ...]
    loc: Location


@dataclass(frozen=True, slots=True)
class Discard:
    """Drop every event of a sentence (or of the whole story) where `pattern` occurs."""

    pattern: Node
    scope: str  # "sentence" | "story"
    loc: Location


@dataclass(frozen=True, slots=True)
class RuleFile:
    """A parsed file. `declared` lists every rule id seen, even of rules that
    failed to parse, so duplicate ids are still reported alongside syntax errors."""

    path: str
    classes: tuple[ClassDef, ...] = ()
    rules: tuple[RuleDef, ...] = ()
    declared: tuple[tuple[str, Location], ...] = ()
    discards: tuple[Discard, ...] = ()
    open_codes: bool = False  # `codes: any`: event codes outside the CAMEO codebook (imported legacy codes)
