"""TABARI / PETRARCH actor dictionaries -> an eventrules actor file.

    ISRAEL [ISR]                      a phrase and its code (`_` or a space joins words)
    +ISRAELI                          a synonym of the phrase above
    GOLLUM                            a phrase whose codes follow on tab-indented lines:
        [HOB <950601]                 before a date (exclusive)
        [HOBGOV 950601-990815]        within dates (inclusive)
        [HOBREB >990816]              from a date on
    ALBRIGHT [USAGOV 991201-010114] [---]   the same restrictions inline; an unrestricted
                                      code is the default outside every restriction
    AMBASSADOR [~GOV]                 an agent inside an actor file (TABARI): see agents.py

Dates are YYMMDD or YYYYMMDD. `[---]` is a null code (recognized, coded `---`),
`[###]` a discard (a sentence naming the actor is dropped; with a date restriction it is
the actor's code in that period, and a sentence where it is so coded is dropped), `[+++]` a
"complex" actor (TABARI leaves its sentences uncoded: imported as a discard), `[A/B]` keeps A.
Files are read as UTF-8, or Latin-1 when that fails.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from eventrules.legacy.common import Line, Report, legacy_date, lines, phrase_words

BEGINNING = dt.date(1, 1, 1)
NULL_ACTOR = "---"


@dataclass
class Actor:
    names: list[str]  # as written: a trailing `_` means the exact word
    line: Line
    codes: list[tuple[str, str, Line]] = field(default_factory=list)  # (code, restriction, line)


@dataclass
class ActorDict:
    actors: list[Actor] = field(default_factory=list)
    agents: list[tuple[list[str], str, Line]] = field(default_factory=list)  # TABARI agents in actor files
    discards: list[tuple[list[str], Line]] = field(default_factory=list)


_CODE = re.compile(r"\[([^\]]*)\]")


def parse(path: str | Path, report: Report) -> ActorDict:
    d = ActorDict()
    cur: Actor | None = None
    section = ""
    for ln in lines(path):
        t = ln.text
        if t.startswith("<") and t.endswith(">"):
            tag = t.strip("</>").strip().upper()
            section = "" if t.startswith("</") else tag
            if not t.startswith("</"):
                report.skip(ln, "section", f"the <{tag}> section (TABARI parts of speech) is not carried over")
            continue
        if section:
            report.skip(ln, "section line", f"inside <{section}>: not converted")
            continue
        codes = _CODE.findall(t)
        body = _CODE.sub(" ", t).strip()
        if t.startswith("[") or (ln.indented and not body and codes):
            if cur is None:
                report.skip(ln, "actor", "a code line without a phrase before it")
                continue
            cur.codes += [(c, "", ln) for c in codes]
            continue
        if t.startswith("+"):
            if cur is None:
                report.skip(ln, "actor", "a synonym without a phrase before it")
                continue
            if phrase_words(body):
                cur.names.append(body)
            cur.codes += [(c, "", ln) for c in codes]
            continue
        words = phrase_words(body)
        if not words:
            report.skip(ln, "actor", "no phrase on the line")
            continue
        if any(c.strip().startswith("~") or c.strip().endswith("~") for c in codes):
            d.agents.append((words, codes[0].strip(), ln))
            cur = None
            continue
        cur = Actor([body], ln, [(c, "", ln) for c in codes])
        d.actors.append(cur)
    return d


def _restriction(raw: str) -> tuple[str, str]:
    """`HOBGOV 950601 - 990815` -> (HOBGOV, `950601-990815`); `HOB < 950601` -> (HOB, `<950601`)."""
    t = raw.strip()
    m = re.match(r"^([^\s<>\d][^\s<>]*)?\s*(.*)$", t)
    code = (m.group(1) or "") if m else ""
    rest = re.sub(r"\s+", "", m.group(2)) if m else t
    return code, rest


def _period(rest: str) -> tuple[dt.date, dt.date | None] | None:
    if rest.startswith("<"):
        d = legacy_date(rest[1:])
        return (BEGINNING, d - dt.timedelta(days=1)) if d else None
    if rest.startswith(">"):
        d = legacy_date(rest[1:])
        return (d, None) if d else None
    if "-" in rest:
        a, b = rest.split("-", 1)
        da, db = legacy_date(a), legacy_date(b)
        return (da, db) if da and db and da <= db else None
    return None


def _code(code: str, line: Line, report: Report) -> str | None:
    c = code.strip().upper()
    if "/" in c:
        report.approx(line, f"several codes {c}: the first is kept")
        c = c.split("/")[0]
    if c in ("+++",):
        # A "complex" actor: TABARI leaves its sentences uncoded, as a discard does.
        return "###"
    if not re.fullmatch(r"[A-Z0-9\-]+|###", c):
        return None
    return c


# Endings a TABARI actor stem takes in news text (ESTONIA: Estonias, Estonian, Estonians).
ACTOR_ENDINGS = ("s", "es", "n", "ns", "an", "ans", "ian", "ians", "i", "is", "ese", "a", "ia", "e", "ine", "ines")


def names_of(raw: str, stems: bool) -> list[str]:
    """A phrase's names: with `stems` (TABARI), the last word also with the endings a stem allows."""
    words = phrase_words(raw)
    names = [" ".join(words)]
    last = words[-1] if words else ""
    if stems and not raw.rstrip().endswith(("_", "=")) and last.isalpha() and len(last) > 2:
        names += [" ".join([*words[:-1], last + e]) for e in ACTOR_ENDINGS]
    elif stems and raw.rstrip().endswith("_") and last.isalpha():
        names.append(" ".join([*words[:-1], last + "s"]))  # TABARI drops a plural -s before matching
    return names


DISCARD_CODE = "###"  # the actor's code where its sentence is discarded (see eventrules.ruleset)


def convert(d: ActorDict, report: Report, stems: bool = False) -> tuple[list[dict[str, object]], list[list[str]]]:
    """(actor entries, phrases whose sentences are discarded)."""
    out: list[dict[str, object]] = []
    discards: list[list[str]] = []
    for a in d.actors:
        names = [n for raw in a.names for n in names_of(raw, stems)]
        default = ""
        periods: list[dict[str, str]] = []
        bad = False
        undated_discard = False
        if not a.codes:
            report.skip(a.line, "actor", "a phrase without a code")
            continue
        for raw, _, ln in a.codes:
            code_text, rest = _restriction(raw)
            code = _code(code_text, ln, report) if code_text else None
            if code is None:
                report.skip(ln, "actor", f"cannot read the code block [{raw.strip()}]")
                bad = True
                break
            if code == "###" and not rest:
                undated_discard = True
                continue
            if not rest:
                if not default:
                    default = code
                continue
            span = _period(rest)
            if span is None:
                report.skip(ln, "actor", f"cannot read the date restriction {rest!r}")
                bad = True
                break
            p = {"code": code, "from": span[0].isoformat()}
            if span[1] is not None:
                p["to"] = span[1].isoformat()
            periods.append(p)
        if bad:
            continue
        if undated_discard:
            if not periods:
                discards += [phrase_words(n) for n in a.names]
            elif not default:
                default = DISCARD_CODE  # outside its periods the actor is a discard
        if not default and not periods:
            report.ok("actor")
            continue  # a discard only
        entry: dict[str, object] = {}
        if periods:
            entry["names"] = names
            entry["periods"] = periods
            entry["default"] = default or NULL_ACTOR
        else:
            entry["code"] = default
            entry["names"] = names
        out.append(entry)
        report.ok("actor")
    return out, discards
