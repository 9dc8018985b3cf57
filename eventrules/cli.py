"""The `eventrules` command line."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from eventrules.annotate.actors import find_actors
from eventrules.codebook import load_codebook
from eventrules.document import parse_date
from eventrules.errors import RuleError, format_diagnostics
from eventrules.io.readers import read_inputs
from eventrules.io.writers import write_jsonl
from eventrules.lint import lint
from eventrules.ruleset import RuleSet, load_actors, load_rules
from eventrules.text import split_sentences

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Code news text into CAMEO political events with analyst-written rules.",
)

RulesOpt = Annotated[
    Optional[list[Path]],  # noqa: UP045 - typer needs Optional here
    typer.Option("--rules", "-r", help="Rule/actor file or directory (repeatable). Default: the bundled pack."),
]
DateOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--date", help="Document date YYYY-MM-DD for inputs that carry none."),
]


def _err(msg: str) -> None:
    print(msg, file=sys.stderr)


def _load(rules: list[Path] | None) -> RuleSet:
    try:
        return load_rules(*(rules or []))
    except RuleError as e:
        _err(format_diagnostics(e.diagnostics))
        n = sum(d.severity == "error" for d in e.diagnostics)
        _err(f"{n} error(s) in rule files")
        raise typer.Exit(1) from None


def _date(value: str | None) -> dt.date | None:
    try:
        return parse_date(value)
    except ValueError:
        _err(f"--date: not a date in YYYY-MM-DD form: {value!r}")
        raise typer.Exit(2) from None


@app.command()
def apply(
    inputs: Annotated[list[str], typer.Argument(help=".txt/.jsonl files, directories, or - for stdin.")],
    rules: RulesOpt = None,
    date: DateOpt = None,
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--output", "-o", help="Write events here instead of stdout."),
    ] = None,
) -> None:
    """Apply rules to documents and write one JSON event per line."""
    doc_date = _date(date)
    ruleset = _load(rules)
    errors = 0

    def report(path: str, line: int, reason: str) -> None:
        nonlocal errors
        errors += 1
        _err(f"{path}:{line}: {reason}" if line else f"{path}: {reason}")

    docs = 0

    def events() -> object:
        nonlocal docs
        for doc in read_inputs(inputs, doc_date, report):
            docs += 1
            try:
                yield from ruleset.process(doc)
            except Exception as e:
                report(doc.id, 0, f"internal error while coding this document: {e!r}")

    out = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
    try:
        n = write_jsonl(events(), out)  # type: ignore[arg-type]
    finally:
        if output:
            out.close()
        else:
            out.flush()
    _err(f"documents: {docs}, events: {n}, errors: {errors}")
    if errors:
        raise typer.Exit(1)


@app.command()
def check(
    paths: Annotated[list[Path], typer.Argument(help="Rule files or directories.")],
    strict: Annotated[bool, typer.Option("--strict", help="Treat lint warnings as errors.")] = False,
) -> None:
    """Compile rule files and report every error (and lint warning) as file:line:col."""
    ruleset = _load(paths)
    warnings = lint(ruleset)
    if warnings:
        _err(format_diagnostics(warnings))
        _err(f"{len(warnings)} warning(s)")
    print(f"ok: {len(ruleset.rules)} rules in {len(ruleset.files)} files")
    if strict and warnings:
        raise typer.Exit(1)


@app.command("test")
def test_rules(
    paths: Annotated[list[Path], typer.Argument(help="Rule files or directories.")],
    prop: Annotated[
        int, typer.Option("--property", help="Also check N generated examples and near misses per rule.")
    ] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Write a machine-readable report to stdout.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="A line for every rule.")] = False,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=1, help="Processes for --property (the result is the same).")
    ] = 1,
) -> None:
    """Run every rule's inline examples (and, with --property, generated ones)."""
    from eventrules.testing.runner import format_report, report_json, run_examples

    ruleset = _load(paths)
    reports = run_examples(ruleset)
    failed = sum(r.failed for r in reports)
    prop_failures: list[str] = []
    if prop:
        from eventrules.testing.properties import check_properties

        prop_failures = check_properties(ruleset, prop, jobs)
    if as_json:
        print(json.dumps({"rules": report_json(reports), "property_failures": prop_failures}, ensure_ascii=False))
    else:
        print(format_report(reports, verbose))
        if prop:
            print(f"properties: {len(ruleset.rules)} rules x {prop} examples, {len(prop_failures)} failed")
            for f in prop_failures:
                print(f"  {f}")
    if failed or prop_failures:
        raise typer.Exit(1)


@app.command()
def codes(
    query: Annotated[str, typer.Argument(help="A code prefix (07) or words of the name (sanction).")] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List CAMEO event codes, filtered by a code prefix or by words in the name."""
    found = load_codebook().search(query)
    if as_json:
        keys = ("code", "name", "root", "goldstein", "quad")
        print(json.dumps([{k: getattr(c, k) for k in keys} for c in found], ensure_ascii=False))
        return
    for c in found:
        print(f"{'  ' * (len(c.code) - 2)}{c.code:<6} {c.goldstein:>5.1f}  q{c.quad}  {c.name}")
    if not found:
        _err(f"no CAMEO code matches {query!r}")
        raise typer.Exit(1)


@app.command()
def actors(
    text: Annotated[str, typer.Argument(help="The text to look at.")],
    date: DateOpt = None,
    actor_files: Annotated[
        Optional[list[Path]],  # noqa: UP045
        typer.Option("--actors", "-a", help="Extra actor files or directories (repeatable)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show every actor recognized in TEXT, with its span and its code as of --date."""
    doc_date = _date(date)
    try:
        d = load_actors(*(actor_files or []))
    except RuleError as e:
        _err(format_diagnostics(e.diagnostics))
        raise typer.Exit(1) from None
    rows: list[tuple[int, int, str]] = []
    for sent in split_sentences(text):
        for ann in find_actors(d, sent, doc_date):
            if ann.parts:
                continue  # a compound actor: its members are listed
            rows.append((sent.starts[ann.start], sent.ends[ann.end - 1], ann.code or ""))
    if as_json:
        print(json.dumps([{"text": text[a:b], "span": [a, b], "code": c} for a, b, c in rows], ensure_ascii=False))
        return
    for a, b, c in rows:
        print(f"{a:>5}-{b:<5} {c:<12} {text[a:b]}")
    if not rows:
        _err("no actors recognized")


@app.command()
def explain(
    text: Annotated[str, typer.Argument(help="A sentence or a short text.")],
    rules: RulesOpt = None,
    date: DateOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show tokens, annotations, triggered rules, why each rule did or did not match, and the events."""
    from eventrules.explain import explain as run_explain
    from eventrules.explain import render

    doc_date = _date(date)
    records = run_explain(_load(rules), text, doc_date)
    if as_json:
        print(json.dumps(records, ensure_ascii=False, default=str))
    else:
        print(render(records))


def main() -> None:
    app()


if __name__ == "__main__":
    main()
