"""TABARI / PETRARCH agent dictionaries -> eventrules agent entries.

!PERSON! = MAN, MEN, WOMAN, WOMEN    a substitution set, spelled out where `!PERSON!` occurs
POLICE {} [~COP]                     `{}`: no plural; `{A B}`: these plurals
AMBASSADOR [~GOV]                    no braces: the regular plural is added (ambassadors)
HUMAN_RIGHTS_BODY [NGO~]             `~GOV` is appended to the country (ISRGOV);
                                     `NGO~` goes in front of it (NGOISR)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from eventrules.legacy.common import Line, Report, lines, phrase_words


@dataclass
class Agent:
    words: list[str]  # may hold !SET! markers
    plurals: list[str] | None  # None: make the regular plural
    code: str
    line: Line


_SET = re.compile(r"^!(\w+)!\s*=\s*(.*)$")
_CODE = re.compile(r"\[([^\]]*)\]")
_FORMS = re.compile(r"\{([^}]*)\}")


def parse(path: str | Path, report: Report) -> tuple[list[Agent], dict[str, list[str]]]:
    agents: list[Agent] = []
    sets: dict[str, list[str]] = {}
    for ln in lines(path):
        t = ln.text
        m = _SET.match(t)
        if m is not None:
            sets[m.group(1).upper()] = [x.strip() for x in m.group(2).split(",") if x.strip()]
            continue
        codes = _CODE.findall(t)
        if not codes:
            report.skip(ln, "agent", "an agent line without a [code]")
            continue
        body = _CODE.sub(" ", t)
        plurals: list[str] | None = None
        f = _FORMS.search(body)
        if f is not None:
            plurals = [x for x in f.group(1).split() if x]
            body = body[: f.start()] + body[f.end() :]
        agents.append(Agent([body.strip()], plurals, codes[0].strip(), ln))
    return agents, sets


def plural(word: str) -> str:
    w = word.lower()
    if w.endswith(("s", "x", "z", "ch", "sh")):
        return w + "es"
    if w.endswith("y") and len(w) > 1 and w[-2] not in "aeiou":
        return w[:-1] + "ies"
    if w.endswith("man"):
        return w[:-3] + "men"
    return w + "s"


def agent_code(raw: str) -> str | None:
    """`~GOV` -> GOV; `NGO~` -> `NGO~` (the loader puts it before the country)."""
    c = raw.replace(" ", "").upper()
    if re.fullmatch(r"~[A-Z0-9]+", c):
        return c[1:]
    if re.fullmatch(r"[A-Z0-9]+~", c):
        return c
    return None


def expand_sets(text: str, sets: dict[str, list[str]]) -> list[str]:
    """Spell out `!SET!` markers: CONGRESS!PERSON! -> CONGRESSMAN, CONGRESSMEN, ..."""
    m = re.search(r"!(\w+)!", text)
    if m is None:
        return [text]
    members = sets.get(m.group(1).upper())
    if members is None:
        raise KeyError(m.group(1))
    return [y for x in members for y in expand_sets(text[: m.start()] + x + text[m.end() :], sets)]


def convert(agents: list[Agent], sets: dict[str, list[str]], report: Report) -> list[dict[str, object]]:
    by_code: dict[str, list[str]] = {}
    for a in agents:
        code = agent_code(a.code)
        if code is None:
            report.skip(a.line, "agent", f"not an agent code [{a.code}]")
            continue
        try:
            texts = expand_sets(a.words[0], sets)
        except KeyError as e:
            report.skip(a.line, "agent", f"unknown substitution set !{e.args[0]}!")
            continue
        names = by_code.setdefault(code, [])
        for text in texts:
            words = phrase_words(text)
            if not words:
                continue
            names.append(" ".join(words))
            if a.plurals is None:
                names.append(" ".join([*words[:-1], plural(words[-1])]))
        for p in a.plurals or []:
            names.append(" ".join(phrase_words(p)))
        report.ok("agent")
    return [{"code": c, "names": sorted(set(n))} for c, n in sorted(by_code.items())]
