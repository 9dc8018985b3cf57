"""PETRARCH-2 verb dictionaries (`CAMEO.2.0.txt`, `PETR.Validate.verbs.2.0.txt`) -> eventrules rules.

The file layout is PETRARCH-1's (`--- NAME [code] ---` blocks, verbs, `&SYNSETS`, `- pattern [code]`);
the patterns describe the parse tree instead of the word string:

    - * {ARMS SHIPMENT} [072]        `{...}`: a noun phrase (its words, in order)
    - * (TO BORDER) [154]            `(...)`: a prepositional phrase (its words, in order)
    - * AID [070]                    a bare word: the head of the object
    - &MILITARY * [154]              before `*`: the subject's head

eventrules has no parse tree, so a noun phrase becomes its words side by side, a prepositional
phrase its words with room for modifiers between them, and the actors go where PETRARCH-1 puts
them (source before the verb, target at the first place after it, unless `$`/`+` say otherwise).
What does not carry over: the syntactic roles themselves (a word inside `{}` that is the head of
an NP elsewhere in the sentence still matches), and PETRARCH-2's choice among several verbs by
the parse (eventrules takes the first verb after the subject). A block without verb lines uses
its name as its verb.
"""

from __future__ import annotations

import re
from pathlib import Path

from eventrules.legacy.common import Report
from eventrules.legacy.verbs import Unconvertible, Verb, VerbDict
from eventrules.legacy.verbs import convert as convert_verbs
from eventrules.legacy.verbs import parse as parse_verbs


def rewrite(pattern: str) -> str:
    """A PETRARCH-2 pattern in PETRARCH-1 syntax: `{A B}` -> A_B, `(P W)` -> P W."""
    if pattern.count("{") != pattern.count("}") or pattern.count("(") != pattern.count(")"):
        raise Unconvertible("unbalanced {} or ()")
    out = re.sub(r"\{([^{}]*)\}", lambda m: "_".join(m.group(1).split()), pattern)
    out = out.replace("(", " ").replace(")", " ")
    if "{" in out:
        raise Unconvertible("nested {}")
    return " ".join(out.split())


def parse(path: str | Path, report: Report) -> VerbDict:
    d = parse_verbs(path, report, rewrite)
    for block in d.blocks:
        if not block.verbs and block.name and block.name.replace("_", "").isalpha():
            block.verbs.append(Verb(block.name, [], None, block.line))
    return d


def convert(d: VerbDict, report: Report) -> dict[str, object]:
    return convert_verbs(d, report, null_verbs=False)
