"""Run the peers' validation suites (PETRARCH unit tests, TABARI Validate.text) with imported dictionaries.

A record passes when the multiset of (source, target, code) we emit equals the
expected one, as the suites' own scorers did; "no events", expected errors,
discards and TABARI's `{+++}` (complex, not coded) all mean nothing may be emitted.
A record that raises is reported, counted as failed, and the run goes on.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventrules.annotate.actors import find_actors
from eventrules.document import Document, parse_date
from eventrules.legacy.common import Report, legacy_date
from eventrules.legacy.convert import Sources, classify, import_dicts
from eventrules.ruleset import RuleSet, load_rules
from eventrules.text import make_sentence

Triple = tuple[str, str, str]


@dataclass
class Outcome:
    uid: str
    category: str
    text: str
    expected: list[Triple]
    actual: list[Triple]
    passed: bool
    error: str = ""
    peer: str = ""  # what PETRARCH2 did on this record


@dataclass
class Result:
    suite: str
    outcomes: list[Outcome] = field(default_factory=list)
    report: Report = field(default_factory=Report)

    @property
    def passed(self) -> int:
        return sum(o.passed for o in self.outcomes)

    @property
    def crashes(self) -> int:
        return sum(bool(o.error) for o in self.outcomes)

    def by_category(self) -> dict[str, tuple[int, int]]:
        total: Counter[str] = Counter(o.category for o in self.outcomes)
        ok: Counter[str] = Counter(o.category for o in self.outcomes if o.passed)
        return {c: (ok[c], total[c]) for c in sorted(total)}

    def final_line(self) -> str:
        m = len(self.outcomes)
        pct = 100 * self.passed / m if m else 0.0
        return f"passed {self.passed} of {m} records ({pct:.1f}%)"

    def render(self, failures: bool = True) -> str:
        out = [f"{self.suite}: {self.report.summary()}"]
        for c, (ok, n) in self.by_category().items():
            out.append(f"  {c:<12} {ok:>4} / {n:<4} ({100 * ok / n:.0f}%)")
        if self.crashes:
            out.append(f"  records that raised: {self.crashes}")
        if failures:
            for o in self.outcomes:
                if o.passed:
                    continue
                out.append(f"FAIL {o.uid} [{o.category}] {str(o.text or '')[:100]}")
                out.append(f"    expected: {_fmt(o.expected)}")
                out.append(f"    ours:     {_fmt(o.actual)}" + (f"  (error: {o.error})" if o.error else ""))
                if o.peer:
                    out.append(f"    petrarch2: {o.peer}")
        out.append(self.final_line())
        return "\n".join(out)


def _fmt(ts: list[Triple]) -> str:
    return " ".join(f"{s}>{t}:{c}" for s, t, c in sorted(ts)) or "(none)"


def load_imported(src: Sources, out: Path | None, dialect: str) -> tuple[RuleSet, Report]:
    """Import `src` (into `out`, or a temporary directory) and load it without the bundled actors."""
    if out is not None:
        report = import_dicts(src, out, dialect=dialect)
        return load_rules(out, bundled_actors=False), report
    with tempfile.TemporaryDirectory() as tmp:
        report = import_dicts(src, Path(tmp), dialect=dialect)
        return load_rules(tmp, bundled_actors=False), report


def _triples(events: list[dict[str, Any]]) -> list[Triple]:
    out = []
    for ev in events:
        s = ev["source"]["code"] if ev.get("source") else "---"
        t = ev["target"]["code"] if ev.get("target") else "---"
        out.append((str(s), str(t), str(ev["code"])))
    return out


def _code_record(
    rules: RuleSet, uid: str, text: str, date: str, convert_agents: bool = False
) -> tuple[list[Triple], str]:
    try:
        d = legacy_date(date)
        doc = Document(uid, text, d if d is not None else parse_date(None))
        events = rules.process(doc)
        if convert_agents:
            for ev in events:
                for role in ("source", "target"):
                    if ev.get(role):
                        ev[role] = dict(ev[role], code=_converted_agent(rules, ev[role], doc.date))
        return _triples(events), ""
    except Exception as e:  # a record must never stop the run
        return [], f"{type(e).__name__}: {e}"


def _converted_agent(rules: RuleSet, actor: dict[str, Any], date: Any) -> str:
    """TABARI's `CONVERT AGENT = TRUE`: an agent with no actor of its own is coded `~AGENT`.

    Our recognizer lends such an agent the sentence's only country ("the Muslims" -> ARNMOS
    beside "Arnor"); read on its own, the actor's text shows whether it names one."""
    alone = find_actors(rules.actors, make_sentence(str(actor.get("text") or "")), date)
    code = str(actor["code"])
    if len(alone) == 1 and str(alone[0].value).startswith("---") and len(str(alone[0].value)) > 3:
        return "~" + str(alone[0].value)[3:]
    return code


def _records(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def petrarch_src(dicts: Path, v2: bool) -> Sources:
    src = classify([dicts])
    src.verbs = [p for p in src.verbs if (".2.0" in p.name) == v2]
    return src


def validate_petrarch(suite: Path, dicts: Path, v2: bool = False, out: Path | None = None) -> Result:
    """The PETRARCH unit-test suite: the 278 records the suite scores.

    `expected_events` with PETR.Validate.verbs.txt, or `expected_events_v2` with the 2.0 verb file.
    `config.new_actor_length`: where it is above 0, PETRARCH codes an unknown noun phrase of up
    to that many words as its own text; those expectations (`source_is_text`) cannot be met by a
    dictionary coder and the records count as failed."""
    rules, report = load_imported(petrarch_src(dicts, v2), out, "petrarch")
    res = Result("PETRARCH " + ("v2 (verbs 2.0)" if v2 else "v1"), report=report)
    for r in _records(suite):
        if not r.get("scored_by_suite"):
            continue
        key = "expected_events_v2" if v2 else "expected_events"
        expected = [] if r.get("expect_no_event") else [(e["source"], e["target"], e["code"]) for e in r[key] or []]
        actual, err = _code_record(rules, r["uid"], r["text"], r["date"])
        run = r.get("petrarch2_run") or {}
        peer_events = run.get("events_with_validate_verbs_2_0" if v2 else "events_with_validate_verbs") or []
        peer_pass = run.get("pass_v2_with_validate_verbs_2_0" if v2 else "pass_with_validate_verbs")
        raised = run.get("raised_error_with_validate_verbs_2_0" if v2 else "raised_error_with_validate_verbs")
        peer_triples: list[Triple] = [(str(e[0]), str(e[1]), str(e[2])) for e in peer_events]
        peer = ("pass" if peer_pass else "FAIL") + (" (raised)" if raised else "") + " " + _fmt(peer_triples)
        ok = not err and Counter(actual) == Counter(expected)
        res.outcomes.append(Outcome(r["uid"], r["category"], r["text"], expected, actual, ok, err, peer))
    return res


# TABARI codes no record of fewer words than this (`SET: MINIMUM WORDS`; the suite resets it to 8,
# "the default").
MINIMUM_WORDS = 8


def _options(r: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """The record's TABARI option commands as (KEY, VALUE) without spaces: ("SET:CONVERTAGENT", "TRUE").

    Most are in `options`; a few sit in the record's comment (`notes`) as `{ OPTION: ... `."""
    commands = [str(o) for o in r.get("options") or []]
    commands += [str(n).split("OPTION:", 1)[1] for n in r.get("notes") or [] if "OPTION:" in str(n)]
    for c in commands:
        key, _, value = c.replace(" ", "").strip("{}").upper().partition("=")
        yield key, value


# TABARI drops comma-delimited clauses by their length in words: internal ones of MIN..MAX
# words, the terminal one of EMIN..EMAX, the initial one of BMIN..BMAX (the suite's defaults).
COMMA_DEFAULTS = {"MIN": 2, "MAX": 10, "EMIN": 2, "EMAX": 10, "BMIN": 255, "BMAX": 0}


def _comma_option(key: str, value: str, current: dict[str, int]) -> dict[str, int]:
    """`COMMA: MIN = 4 MAX = 6 ...` (read without spaces: key `COMMA:MIN`, value `4MAX=6...`) or `COMMA: OFF`."""
    if key == "COMMA:OFF":
        return {k: (255 if k.endswith("MIN") else 0) for k in COMMA_DEFAULTS}
    text = key.split(":", 1)[1] + "=" + value
    out = dict(current)
    for name, num in re.findall(r"(BMIN|BMAX|EMIN|EMAX|MIN|MAX)=(\d+)", text):
        out[name] = int(num)
    return out


def drop_comma_clauses(text: str, limits: dict[str, int]) -> str:
    """The text without the comma-delimited clauses TABARI skips: internal clauses first,
    then the terminal and initial ones of what is left."""
    body = text.rstrip()
    stop = body[-1] if body and body[-1] in ".!?" else ""
    parts = (body[:-1] if stop else body).split(",")
    if len(parts) < 2:
        return text
    # Commas pair up left to right; a dropped clause takes both of its commas with it:
    # "X, in remarks on Monday, urged Y" -> "X urged Y".
    kept = [parts[0]]
    i = 1
    while i < len(parts) - 1:
        if limits["MIN"] <= len(parts[i].split()) <= limits["MAX"]:
            kept[-1] += " " + parts[i + 1].lstrip()
            i += 2
        else:
            kept.append(parts[i])
            i += 1
    if i == len(parts) - 1:
        kept.append(parts[-1])
    parts = kept
    if len(parts) > 1 and limits["EMIN"] <= len(parts[-1].split()) <= limits["EMAX"]:
        parts = parts[:-1]
    if len(parts) > 1 and limits["BMIN"] <= len(parts[0].split()) <= limits["BMAX"]:
        parts = parts[1:]
    out = ",".join(parts).strip()
    return (out + stop) if out else text


def validate_tabari(suite: Path, dicts: Path, out: Path | None = None) -> Result:
    """TABARI's Validate.text: every record with an expectation that is not switched off by `-{`.

    `{---}` (no event), `{###}` (discard) and `{+++}` (complex: left uncoded) expect nothing;
    events marked `not_checked` are not compared. Options honoured as the suite switches them:
    `SET: CONVERT AGENT`, `SET: MINIMUM WORDS` and `COMMA:` (the other coder options are not
    carried over)."""
    src = classify([dicts])
    src.verbs = [p for p in src.verbs if "demo" in p.name.lower()] or src.verbs
    rules, report = load_imported(src, out, "tabari")
    res = Result("TABARI", report=report)
    convert_agents = False  # TABARI's `SET: CONVERT AGENT`, switched by option records
    min_words = MINIMUM_WORDS
    commas = dict(COMMA_DEFAULTS)
    for r in _records(suite):
        for key, value in _options(r):
            if key == "SET:CONVERTAGENT":
                convert_agents = value == "TRUE"
            elif key == "SET:MINIMUMWORDS" and value.isdigit():
                min_words = int(value)
            elif key.startswith("COMMA:"):
                commas = _comma_option(key, value, commas)
        if r.get("validation_disabled"):
            continue
        flags = r.get("expect_no_event") or r.get("expect_discard") or r.get("expect_complex_or_noncoded")
        expected = [(e["source"], e["target"], e["code"]) for e in r["expected_events"] if not e.get("not_checked")]
        if not expected and not flags:
            continue  # an options or comment record: nothing to check
        if flags:
            expected = []
        actual, err = _code_record(rules, r["id"], drop_comma_clauses(r["text"], commas), r["date"], convert_agents)
        if len(str(r["text"]).split()) < min_words:
            actual = []  # TABARI does not code a record shorter than its minimum
        ok = not err and Counter(actual) == Counter(expected)
        cat = r["id"].rsplit("-", 1)[0] if "-" in r["id"] else r["id"]
        res.outcomes.append(Outcome(r["id"], cat, r["text"], expected, actual, ok, err))
    return res
