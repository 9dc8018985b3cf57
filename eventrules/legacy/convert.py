"""A whole legacy dictionary set -> an output directory of eventrules files.

verbs.yaml     (or <verb file stem>.yaml per verb file) rules and classes, `codes: any`
actors.yaml    actors (with dated codes) and agents
discards.yaml  sentence and story discards (discard files, `[###]` actors)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from eventrules.legacy import actors as actor_dict
from eventrules.legacy import agents as agent_dict
from eventrules.legacy import discards as discard_dict
from eventrules.legacy import petrarch2, verbs
from eventrules.legacy.common import Report, dump_yaml


@dataclass
class Sources:
    """The legacy files of one dictionary set, by kind."""

    verbs: list[Path] = field(default_factory=list)
    actors: list[Path] = field(default_factory=list)
    agents: list[Path] = field(default_factory=list)
    discards: list[Path] = field(default_factory=list)

    def all(self) -> list[Path]:
        return [*self.verbs, *self.actors, *self.agents, *self.discards]


def classify(paths: Sequence[str | Path]) -> Sources:
    """Sort legacy files by kind from their names (PETR.Validate.verbs.txt, TABARI.Demo.actors, ...).

    A directory contributes every file in it whose name says verbs, actors, agents or discards."""
    src = Sources()
    files: list[Path] = []
    for p in map(Path, paths):
        files += sorted(f for f in p.iterdir() if f.is_file()) if p.is_dir() else [p]
    for f in files:
        name = f.name.lower()
        if "verb" in name or name.startswith("cameo.2.0"):
            src.verbs.append(f)
        elif "agent" in name:
            src.agents.append(f)
        elif "discard" in name:
            src.discards.append(f)
        elif "actor" in name:
            src.actors.append(f)
    return src


def is_petrarch2(path: Path) -> bool:
    """PETRARCH-2 verb files hold `~` noun patterns after `*` and `(` phrases: CAMEO.2.0.txt, *.verbs.2.0.txt."""
    return bool(re.search(r"2\.0", path.name))


def import_dicts(src: Sources, out: Path, header: str = "", dialect: str = "petrarch") -> Report:
    """Convert every file of `src` into `out`; returns the report (nothing is skipped silently)."""
    out.mkdir(parents=True, exist_ok=True)
    report = Report()
    note = header or "Imported by `eventrules import` from: " + ", ".join(p.name for p in src.all())
    for vf in src.verbs:
        if is_petrarch2(vf):
            rules = petrarch2.convert(petrarch2.parse(vf, report), report)
        else:
            rules = verbs.convert(
                verbs.parse(vf, report), report, null_verbs=dialect == "tabari", stems=dialect == "tabari"
            )
        name = re.sub(r"[^A-Za-z0-9]+", "_", vf.name).strip("_") + ".yaml"
        (out / name).write_text(dump_yaml(rules, f"{note}\nsource: {vf.name}"), encoding="utf-8")
    actors: list[dict[str, object]] = []
    agents_in: list[agent_dict.Agent] = []
    sets: dict[str, list[str]] = {}
    discards: list[dict[str, object]] = []
    for af in src.actors:
        d = actor_dict.parse(af, report)
        entries, dropped = actor_dict.convert(d, report, stems=dialect == "tabari")
        actors += entries
        discards += [{"pattern": discard_dict.phrase_pattern(w), "scope": "sentence"} for w in dropped]
        agents_in += [agent_dict.Agent([" ".join(w)], None, c, ln) for w, c, ln in d.agents]
    for gf in src.agents:
        more, more_sets = agent_dict.parse(gf, report)
        agents_in += more
        sets.update(more_sets)
    agents = agent_dict.convert(agents_in, sets, report)
    if actors or agents:
        data: dict[str, object] = {}
        if actors:
            data["actors"] = actors
        if agents:
            data["agents"] = agents
        (out / "actors.yaml").write_text(dump_yaml(data, note), encoding="utf-8")
    for df in src.discards:
        discards += discard_dict.convert(df, report)
    if discards:
        (out / "discards.yaml").write_text(dump_yaml({"discards": discards}, note), encoding="utf-8")
    return report
