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
    inputs: Annotated[list[str], typer.Argument(help=".txt/.jsonl files (.gz too), directories, or - for stdin.")],
    rules: RulesOpt = None,
    date: DateOpt = None,
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--output", "-o", help="Write events here instead of stdout (.gz: compressed)."),
    ] = None,
    fmt: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--format", "-f", help="jsonl, csv or parquet. Default: from the output's suffix, else jsonl."),
    ] = None,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", help="Worker processes (0: one per core). Same output as 1.")
    ] = 1,
    dask: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--dask", help="Run on a Dask cluster: a scheduler address, or 'local' (--jobs workers)."),
    ] = None,
    resume: Annotated[
        bool,
        typer.Option("--resume", help="Log progress to OUT.resume; if it exists, continue that interrupted run."),
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Apply rules to documents and write the events (JSON Lines by default), in input order."""
    import os

    from eventrules.batch import ResumeError, ResumeLog, run
    from eventrules.io.readers import InputReader
    from eventrules.io.writers import EventWriter, OutputError, infer_format
    from eventrules.parallel import Executor, InProcess, ProcessPool
    from eventrules.progress import ApplyProgress

    doc_date = _date(date)
    if jobs < 0:
        _err("--jobs: must be 0 (one per core) or more")
        raise typer.Exit(2)
    jobs = jobs or os.cpu_count() or 1
    try:
        out_format = infer_format(output, fmt)
    except OutputError as e:
        _err(f"--format: {e}")
        raise typer.Exit(2) from None
    if resume and output is None:
        _err("--resume needs an output file (-o OUT)")
        raise typer.Exit(2)
    ruleset = _load(rules)

    progress: ApplyProgress | None = None
    errors = 0

    def report(path: str, line: int, reason: str) -> None:
        nonlocal errors
        errors += 1
        msg = f"{path}:{line}: {reason}" if line else f"{path}: {reason}"
        if progress is not None:
            progress.message(msg)
        else:
            _err(msg)

    reader = InputReader(inputs, doc_date, report)
    log: ResumeLog | None = None
    append_at: int | None = None
    if resume and output is not None:
        log = ResumeLog(output, reader.files, out_format)
        try:
            cp = log.load()
        except ResumeError as e:
            _err(f"--resume: {e}")
            raise typer.Exit(2) from None
        if cp is not None:
            append_at = cp.bytes
            reader.skip = log.skip
            _err(f"resuming {output} after {cp.bytes} bytes")
    try:
        writer = EventWriter(output, out_format, append_at=append_at)
    except OutputError as e:
        _err(str(e))
        raise typer.Exit(2) from None
    except OSError as e:
        _err(f"{output}: cannot write: {e.strerror or e}")
        raise typer.Exit(2) from None
    executor: Executor
    try:
        if dask is not None:
            try:
                from eventrules.dask import DaskExecutor
            except ImportError:
                _err("--dask needs dask.distributed: pip install 'eventrules[dask]'")
                raise typer.Exit(2) from None
            executor = DaskExecutor(ruleset, dask, jobs if dask == "local" and jobs > 1 else None)
        elif jobs > 1:
            executor = ProcessPool(ruleset, jobs)
        else:
            executor = InProcess(ruleset)
    except typer.Exit:
        writer.close()
        raise
    except Exception as e:  # an unreachable scheduler, a pool that cannot start
        writer.close()
        _err(f"cannot start the workers: {e}")
        raise typer.Exit(2) from None
    show = not quiet and sys.stderr.isatty()
    failed: OSError | None = None
    finished = False
    try:
        if log is not None:
            log.open()
        with ApplyProgress(show, reader.total_bytes) as progress:
            totals = run(reader, executor, writer, progress, report, log)
        progress = None
        finished = True
    except BrokenPipeError:  # the reader of stdout went away (| head): stop quietly, like other filters
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(1) from None
    except OSError as e:  # the output cannot be written (disk full, ...); input errors never get here
        failed = e
    finally:
        executor.close(abort=not finished)
        try:
            writer.close()
        except OSError as e:
            failed = failed or e
        if log is not None:
            log.close()
    if failed is not None:
        _err(f"{output or '<stdout>'}: cannot write events: {failed.strerror or failed}")
        raise typer.Exit(2)
    _err(f"documents: {totals.documents}, events: {totals.events}, errors: {errors}")
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


import_app = typer.Typer(no_args_is_help=True, help="Convert TABARI / PETRARCH dictionaries into eventrules files.")
validate_app = typer.Typer(no_args_is_help=True, help="Run the TABARI / PETRARCH validation suites.")
app.add_typer(import_app, name="import")
app.add_typer(validate_app, name="validate")

LegacyIn = Annotated[
    list[Path],
    typer.Argument(help="Legacy dictionary files or directories (verbs, actors, agents, discards by file name)."),
]
OutDir = Annotated[Path, typer.Option("--out", "-o", help="Directory for the converted rule and actor files.")]


def _import(dialect: str, inputs: list[Path], out: Path, quiet: bool) -> None:
    from eventrules.legacy.convert import classify, import_dicts

    missing = [p for p in inputs if not p.exists()]
    if missing:
        _err("\n".join(f"{p}: no such file or directory" for p in missing))
        raise typer.Exit(2)
    src = classify(inputs)
    if not src.all():
        _err("no legacy dictionary among the inputs (file names must say verbs, actors, agents or discards)")
        raise typer.Exit(2)
    report = import_dicts(src, out, dialect=dialect)
    if not quiet:
        for p in report.problems:
            _err(str(p))
        for p in report.notes:
            _err(f"{p.path}:{p.line}: approximated: {p.reason}")
    print(f"wrote {out}: {report.summary()}")


QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Only the summary, not every unconverted line.")]


@import_app.command("petrarch")
def import_petrarch(inputs: LegacyIn, out: OutDir, quiet: QuietOpt = False) -> None:
    """PETRARCH dictionaries: PETRARCH-1 verb patterns, CAMEO.2.0.txt, actors, agents, discards."""
    _import("petrarch", inputs, out, quiet)


@import_app.command("tabari")
def import_tabari(inputs: LegacyIn, out: OutDir, quiet: QuietOpt = False) -> None:
    """TABARI dictionaries: .verbs, .actors, agents (words are stems unless they end in _)."""
    _import("tabari", inputs, out, quiet)


SuiteOpt = Annotated[Path, typer.Option("--suite", help="The suite's JSON Lines file (in ../shared/peers/).")]
DictsOpt = Annotated[Path, typer.Option("--dicts", help="Directory of the dictionaries the suite needs.")]
KeepOpt = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option("--out", "-o", help="Keep the imported files here (default: a temporary directory)."),
]
FailOpt = Annotated[bool, typer.Option("--failures/--no-failures", help="List failing records.")]


@validate_app.command("petrarch")
def validate_petrarch(
    suite: SuiteOpt,
    dicts: DictsOpt,
    v2: Annotated[
        bool, typer.Option("--v2", help="Score expected_events_v2 with PETR.Validate.verbs.2.0.txt.")
    ] = False,
    out: KeepOpt = None,
    failures: FailOpt = True,
) -> None:
    """PETRARCH's unit-test suite (278 scored records); our result beside PETRARCH2's."""
    from eventrules.legacy.validate import validate_petrarch as run

    try:
        res = run(suite, dicts, v2=v2, out=out)
    except (OSError, ValueError, RuleError) as e:
        _err(f"cannot run the suite: {e}")
        raise typer.Exit(2) from None
    print(res.render(failures))


@validate_app.command("tabari")
def validate_tabari(suite: SuiteOpt, dicts: DictsOpt, out: KeepOpt = None, failures: FailOpt = True) -> None:
    """TABARI's Validate.text with its demo dictionaries."""
    from eventrules.legacy.validate import validate_tabari as run

    try:
        res = run(suite, dicts, out=out)
    except (OSError, ValueError, RuleError) as e:
        _err(f"cannot run the suite: {e}")
        raise typer.Exit(2) from None
    print(res.render(failures))


def main() -> None:
    app()


if __name__ == "__main__":
    main()
