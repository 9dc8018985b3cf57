"""Scale-out and usability at scale: --jobs, Dask, .gz, CSV/Parquet, progress, --resume, streaming."""

from __future__ import annotations

import gzip
import json
import os
import pty
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import eventrules
from eventrules import batch, parallel
from eventrules.cli import app
from eventrules.io.readers import InputReader
from eventrules.io.tables import NAMES

ROOT = Path(__file__).resolve().parents[1]
RULES = str(ROOT / "examples/rules.yaml")
runner = CliRunner()

# Our own sentences; each template yields events with the example rules.
TEMPLATES = [
    "Iran shipped {n} drones to Russia between May 1 and May 3.",
    "Germany sent {n} tonnes of grain to Ukraine. France condemned Russia.",
    "North Korea has delivered {n} artillery shells to Russia, officials said.",
    "The weather in the capital was mild on Tuesday.",
    "Poland supplied {n} rifles to Ukraine. Russia accuses Poland of escalation.",
    "Ukraine seeks military aid from Germany after {n} strikes.",
]


def write_corpus(path: Path, n: int, bad_every: int = 0) -> int:
    """A JSONL corpus of n documents (plus a malformed line every `bad_every`); the number of bad lines."""
    lines = []
    bad = 0
    for i in range(n):
        text = " ".join(TEMPLATES[(i + k) % len(TEMPLATES)].format(n=10 + i + k) for k in range(3))
        lines.append(json.dumps({"id": f"doc-{i}", "date": f"2023-{1 + i % 12:02d}-15", "text": text}))
        if bad_every and i % bad_every == bad_every - 1:
            lines.append('{"id": "broken", "text": ')
            bad += 1
    data = ("\n".join(lines) + "\n").encode()
    if path.suffix == ".gz":
        data = gzip.compress(data)
    path.write_bytes(data)
    return bad


def run_apply(*args: str) -> Any:
    return runner.invoke(app, ["apply", "-r", RULES, "-q", *args])


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of a few documents, so that small corpora still span many chunks and workers."""
    monkeypatch.setattr(parallel, "CHUNK_DOCS", 7)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    p = tmp_path / "corpus.jsonl"
    write_corpus(p, 120, bad_every=25)
    return p


@pytest.fixture
def reference(tmp_path: Path, corpus: Path) -> bytes:
    out = tmp_path / "ref.jsonl"
    result = run_apply("-o", str(out), str(corpus))
    assert result.exit_code == 1  # the malformed lines
    assert "documents: 120, " in result.stderr and "errors: 4" in result.stderr
    data = out.read_bytes()
    assert data.count(b"\n") > 200
    return data


def test_chunked_keeps_order_and_bounds() -> None:
    chunks = list(parallel.chunked(range(20), lambda x: 10, max_items=6, max_size=35))
    assert [x for c in chunks for x in c] == list(range(20))
    assert [len(c) for c in chunks] == [3, 3, 3, 3, 3, 3, 2]


def test_jobs_2_is_byte_identical(tmp_path: Path, corpus: Path, reference: bytes) -> None:
    out = tmp_path / "j2.jsonl"
    result = run_apply("--jobs", "2", "-o", str(out), str(corpus))
    assert result.exit_code == 1
    assert "documents: 120, " in result.stderr and "errors: 4" in result.stderr
    assert out.read_bytes() == reference


def test_jobs_to_stdout_is_byte_identical(corpus: Path, reference: bytes) -> None:
    result = run_apply("-j", "3", str(corpus))
    assert result.stdout_bytes == reference


def test_gzip_in_and_out(tmp_path: Path, corpus: Path, reference: bytes) -> None:
    gz_in = tmp_path / "corpus.jsonl.gz"
    gz_in.write_bytes(gzip.compress(corpus.read_bytes()))
    out = tmp_path / "out.jsonl.gz"
    result = run_apply("-o", str(out), str(gz_in))
    assert result.exit_code == 1
    assert gzip.decompress(out.read_bytes()) == reference.replace(str(corpus).encode(), str(gz_in).encode())
    # A compressed text document is read as text.
    txt = tmp_path / "note.txt.gz"
    txt.write_bytes(gzip.compress(b"Iran shipped 300 drones to Russia between May 1 and May 3, 2023."))
    result = run_apply(str(txt))
    [ev] = [json.loads(x) for x in result.stdout.splitlines()]
    assert (ev["doc_id"], ev["code"], ev["date"]) == (str(txt), "072", "2023-05-01")
    # A corrupt gzip file is reported, not fatal.
    broken = tmp_path / "broken.jsonl.gz"
    broken.write_bytes(gzip.compress(corpus.read_bytes())[:500])
    result = run_apply(str(broken), str(txt))
    assert result.exit_code == 1 and f"{broken}: cannot read" in result.stderr
    assert json.loads(result.stdout.splitlines()[-1])["doc_id"] == str(txt)


def _expected_rows(reference: bytes) -> list[dict[str, Any]]:
    events = [json.loads(x) for x in reference.decode().splitlines()]
    rows = []
    for ev in events:
        src, tgt = ev["source"] or {}, ev["target"] or {}
        rows.append(
            {
                "doc_id": ev["doc_id"],
                "sentence_index": ev["sentence_index"],
                "span": ev["span"],
                "code": ev["code"],
                "root_code": ev["root_code"],
                "date": ev["date"],
                "source": (src.get("code"), src.get("text"), src.get("span")),
                "target": (tgt.get("code"), tgt.get("text"), tgt.get("span")),
                "goldstein": ev["goldstein"],
                "quad_class": ev["quad_class"],
                "rule": ev["rule"],
                "rule_source": ev["rule_source"],
                "slots": ev["slots"],
                "sentence": ev["sentence"],
            }
        )
    return rows


def _rows_of(frame: Any) -> list[dict[str, Any]]:
    import pandas as pd

    def v(x: Any) -> Any:
        return None if pd.isna(x) else x

    def span(a: Any, b: Any) -> list[int] | None:
        return None if v(a) is None else [int(a), int(b)]

    rows = []
    for r in frame.to_dict("records"):
        rows.append(
            {
                "doc_id": r["doc_id"],
                "sentence_index": int(r["sentence_index"]),
                "span": span(r["span_start"], r["span_end"]),
                "code": r["code"],
                "root_code": r["root_code"],
                "date": v(r["date"]),
                "source": (v(r["source_code"]), v(r["source_text"]), span(r["source_start"], r["source_end"])),
                "target": (v(r["target_code"]), v(r["target_text"]), span(r["target_start"], r["target_end"])),
                "goldstein": float(r["goldstein"]),
                "quad_class": int(r["quad_class"]),
                "rule": r["rule"],
                "rule_source": r["rule_source"],
                "slots": json.loads(r["slots"]),
                "sentence": r["sentence"],
            }
        )
    return rows


@pytest.mark.parametrize("name", ["events.csv", "events.csv.gz"])
def test_csv_reads_back_in_pandas(tmp_path: Path, corpus: Path, reference: bytes, name: str) -> None:
    pd = pytest.importorskip("pandas")
    out = tmp_path / name
    run_apply("-o", str(out), str(corpus))
    frame = pd.read_csv(out, dtype={"code": str, "base_code": str, "root_code": str}, keep_default_na=False)
    frame = frame.replace("", None)
    assert list(frame.columns) == NAMES
    rows = _rows_of(frame)
    assert rows == _expected_rows(reference)
    assert {"072", "073", "111", "112", "0232"} <= {r["code"] for r in rows}
    assert (frame["base_code"] == frame["code"].str[:3]).all()


def test_parquet_reads_back_in_pandas(tmp_path: Path, corpus: Path, reference: bytes) -> None:
    pytest.importorskip("pyarrow")
    pd = pytest.importorskip("pandas")
    out = tmp_path / "events.parquet"
    result = run_apply("-j", "2", "-o", str(out), str(corpus))
    assert result.exit_code == 1
    frame = pd.read_parquet(out)
    assert list(frame.columns) == NAMES
    assert _rows_of(frame) == _expected_rows(reference)
    events = [json.loads(x) for x in reference.decode().splitlines()]
    for row, ev in zip(frame.to_dict("records"), events, strict=True):
        qty = next((s["value"] for s in ev["slots"].values() if s["type"] == "QUANTITY"), None)
        assert (None if pd.isna(row["quantity"]) else row["quantity"]) == qty
        assert f"{row['year']:04d}-{row['month']:02d}-{row['day']:02d}" == ev["date"]
    assert frame["quantity"].notna().any() and frame["quantity"].isna().any()


def test_format_option_and_errors(tmp_path: Path, corpus: Path) -> None:
    csv_out = tmp_path / "events.txt"
    run_apply("--format", "csv", "-o", str(csv_out), str(corpus))
    assert csv_out.read_text().splitlines()[0] == ",".join(NAMES)
    result = run_apply("--format", "xml", str(corpus))
    assert result.exit_code == 2 and "unknown format 'xml'" in result.stderr
    result = run_apply("--format", "parquet", str(corpus))
    assert result.exit_code == 2 and "-o OUT.parquet" in result.stderr


def test_reader_streams(tmp_path: Path) -> None:
    p = tmp_path / "big.jsonl"
    write_corpus(p, 3000)
    reader = InputReader([str(p)], None, lambda *a: None)
    it = iter(reader)
    first = next(it)
    assert first.doc.id == "doc-0" and (first.file, first.line) == (0, 1)
    assert reader.total_bytes == p.stat().st_size
    assert 0 < reader.bytes_read < reader.total_bytes / 4  # read a buffer's worth, not the file
    assert sum(1 for _ in it) == 2999


class _Interrupted(Exception):
    pass


@pytest.mark.parametrize("name", ["out.jsonl", "out.csv.gz"])
def test_resume_after_an_interruption(tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """A run stopped half-way and resumed writes exactly what an uninterrupted run writes."""
    second = tmp_path / "second.jsonl"
    write_corpus(second, 30)
    inputs = [str(corpus), str(second)]
    full = tmp_path / ("full-" + name)
    run_apply("-o", str(full), *inputs)

    monkeypatch.setattr(batch, "CHECKPOINT_EVERY", 0.0)
    out = tmp_path / name
    real_write = eventrules.io.writers.EventWriter.write
    calls = 0

    def failing_write(self: Any, events: Any) -> int:
        nonlocal calls
        calls += 1
        if calls == 60:  # well into the first file
            raise _Interrupted
        return real_write(self, events)

    monkeypatch.setattr(eventrules.io.writers.EventWriter, "write", failing_write)
    with pytest.raises(_Interrupted):
        runner.invoke(app, ["apply", "-r", RULES, "-q", "--resume", "-o", str(out), *inputs], catch_exceptions=False)
    monkeypatch.setattr(eventrules.io.writers.EventWriter, "write", real_write)
    log = Path(str(out) + ".resume").read_text().splitlines()
    assert len(log) > 3 and json.loads(log[-1])["file"] == 0  # interrupted in the first file
    partial = out.stat().st_size
    assert partial > json.loads(log[-1])["bytes"]  # events past the last checkpoint, to be cut

    result = run_apply("--resume", "-o", str(out), *inputs)
    assert "resuming" in result.stderr
    assert 0 < int(result.stderr.split("documents: ")[1].split(",")[0]) < 150
    opener: Any = gzip.open if name.endswith(".gz") else open
    with opener(out, "rb") as a, opener(full, "rb") as b:
        assert a.read() == b.read()

    # Resuming a finished run adds nothing.
    result = run_apply("--resume", "-o", str(out), *inputs)
    assert "documents: 0, events: 0" in result.stderr
    with opener(out, "rb") as a, opener(full, "rb") as b:
        assert a.read() == b.read()


def test_resume_refuses_other_inputs_and_stdin(tmp_path: Path, corpus: Path) -> None:
    out = tmp_path / "out.jsonl"
    run_apply("--resume", "-o", str(out), str(corpus))
    other = tmp_path / "other.jsonl"
    write_corpus(other, 3)
    result = run_apply("--resume", "-o", str(out), str(other))
    assert result.exit_code == 2 and "belongs to another run" in result.stderr
    result = run_apply("--resume", "-o", str(tmp_path / "x.jsonl"), "-")
    assert result.exit_code == 2 and "stdin cannot be resumed" in result.stderr
    result = run_apply("--resume", str(corpus))
    assert result.exit_code == 2 and "needs an output file" in result.stderr


def _run_on_pty(args: list[str]) -> tuple[int, bytes, bytes]:
    """Run the CLI with stderr on a pseudo-terminal and stdout on a pipe."""
    master, slave = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "160"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "eventrules.cli", "apply", *args], stdout=subprocess.PIPE, stderr=slave, env=env
    )
    os.close(slave)
    chunks: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                return
            if not data:
                return
            chunks.append(data)

    t = threading.Thread(target=drain)
    t.start()
    assert proc.stdout is not None
    out = proc.stdout.read()
    proc.wait()
    t.join(timeout=30)
    os.close(master)
    return proc.returncode, out, b"".join(chunks)


def test_progress_bar_only_on_a_terminal(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    write_corpus(corpus, 40)
    code, out, err = _run_on_pty(["-r", RULES, str(corpus)])
    assert code == 0
    assert b"docs" in err and b"events" in err and b"ETA" in err and b"/s" in err
    assert b"documents: 40," in err
    assert all(json.loads(line)["doc_id"].startswith("doc-") for line in out.splitlines())  # only events on stdout
    code, out2, err = _run_on_pty(["-r", RULES, "--quiet", str(corpus)])
    assert out2 == out
    assert b"ETA" not in err and b"documents: 40," in err
    # Not a terminal: no bar either.
    proc = subprocess.run(
        [sys.executable, "-m", "eventrules.cli", "apply", "-r", RULES, str(corpus)],
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert proc.stdout == out and b"ETA" not in proc.stderr


# ---- Dask: a real LocalCluster with 2 worker processes


@pytest.fixture(scope="module")
def cluster() -> Any:
    distributed = pytest.importorskip("distributed")
    import logging

    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=logging.ERROR
    ) as c:
        yield c


def test_dask_cli_is_identical(tmp_path: Path, corpus: Path, reference: bytes, cluster: Any) -> None:
    out = tmp_path / "dask.jsonl"
    result = run_apply("--dask", cluster.scheduler_address, "-o", str(out), str(corpus))
    assert result.exit_code == 1
    assert "documents: 120, " in result.stderr and "errors: 4" in result.stderr
    assert out.read_bytes() == reference


def test_dask_local_cluster_cli_is_identical(tmp_path: Path, corpus: Path, reference: bytes) -> None:
    pytest.importorskip("distributed")
    out = tmp_path / "dask.jsonl"
    result = run_apply("--dask", "local", "--jobs", "2", "-o", str(out), str(corpus))
    assert result.exit_code == 1, result.stderr
    assert out.read_bytes() == reference


def test_dask_bag_and_dataframe_api(corpus: Path, reference: bytes, cluster: Any) -> None:
    distributed = pytest.importorskip("distributed")
    import dask.bag as db
    import dask.dataframe as dd
    import pandas as pd

    from eventrules.dask import apply_bag, apply_dataframe, events_frame

    rules = eventrules.load_rules(RULES)
    records = [json.loads(x) for x in corpus.read_text().splitlines() if x.endswith("}")]
    expected = [json.loads(x) for x in reference.decode().splitlines()]
    with distributed.Client(cluster):
        bag = db.from_sequence(records, npartitions=4)
        assert apply_bag(rules, bag).compute() == expected
        frame = dd.from_pandas(pd.DataFrame.from_records(records), npartitions=3)
        table = apply_dataframe(rules, frame).compute().reset_index(drop=True)
    pd.testing.assert_frame_equal(table, events_frame(expected))
    assert list(table.columns) == NAMES and len(table) == len(expected)


def test_readme_documents_every_table_column() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in NAMES:
        assert f"| `{name}` |" in readme, name
