"""Start-up of `triage audit`: worker processes only when there is work to share, started
first thing for a big input, with the right environment and without the command line, and
the same outcomes as one process; the CLI imports the audit pipeline only for `audit`."""

from __future__ import annotations

import functools
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from triage import Engine
from triage.audit import inputs, pipeline, places, workers
from triage.audit.inputs import csv_chunks
from triage.audit.pipeline import AuditOptions, Auditor
from triage.audit.workers import WORKER_ENVIRONMENT, start_workers
from triage.interfaces.cli import app

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "audit" / "beschikkingen.csv"
OUTPUTS = ("outcomes.jsonl", "errors.jsonl")


def _run(
    engine: Engine, out: Path, workers: int, pool: ProcessPoolExecutor | None = None
) -> dict[str, bytes]:
    options = AuditOptions(inputs=[SAMPLE], out_dir=out, workers=workers)
    Auditor(engine.book, options, pool).run()
    return {name: (out / name).read_bytes() for name in OUTPUTS}


def _no_children_left() -> bool:
    """Every worker process has ended and been reaped (within a few seconds)."""
    deadline = time.monotonic() + 10
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)
    return not multiprocessing.active_children()


def test_one_batch_starts_no_worker_processes(engine: Engine, tmp_path: Path, monkeypatch) -> None:
    one = _run(engine, tmp_path / "one", workers=1)

    def no_pool(*args, **kwargs):
        raise AssertionError("a worker process was started for a single batch")

    monkeypatch.setattr(pipeline, "start_workers", no_pool)
    assert _run(engine, tmp_path / "two", workers=2) == one


def test_workers_give_the_same_files_as_one_process(engine: Engine, tmp_path: Path, monkeypatch) -> None:
    one = _run(engine, tmp_path / "one", workers=1)
    monkeypatch.setattr(pipeline, "csv_chunks", functools.partial(csv_chunks, batch_rows=40))
    assert _run(engine, tmp_path / "two", workers=2) == one
    assert not (tmp_path / "two" / places.PARTS).exists()
    assert _no_children_left()


def test_workers_started_early_load_the_rule_book_themselves(
    engine: Engine, tmp_path: Path, monkeypatch
) -> None:
    one = _run(engine, tmp_path / "one", workers=1)
    monkeypatch.setattr(pipeline, "csv_chunks", functools.partial(csv_chunks, batch_rows=40))
    options = AuditOptions(inputs=[SAMPLE], out_dir=tmp_path / "two", workers=2)
    pool = start_workers(2, engine.book.root, options, now=2)
    assert _run(engine, tmp_path / "two", workers=2, pool=pool) == one
    assert _no_children_left()


def test_workers_refuse_batches_when_their_rule_book_differs(
    engine: Engine, tmp_path: Path, monkeypatch
) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(engine.book.root, rules)
    with (rules / "catalogue.yaml").open("a", encoding="utf-8") as catalogue:
        catalogue.write("\n# changed after the main process loaded the rules\n")
    monkeypatch.setattr(pipeline, "csv_chunks", functools.partial(csv_chunks, batch_rows=40))
    options = AuditOptions(inputs=[SAMPLE], out_dir=tmp_path / "out", workers=2)
    with pytest.raises(RuntimeError, match="regelbestanden zijn veranderd"):
        Auditor(engine.book, options, start_workers(2, rules, options, now=2)).run()
    assert _no_children_left()


def test_only_inputs_of_several_batches_start_their_workers_first(tmp_path: Path, monkeypatch) -> None:
    # the guess matches how the reader cuts CSV files
    assert workers.BATCH_BYTES == inputs.BATCH_ROWS * inputs.BYTES_PER_ROW
    options = AuditOptions(inputs=[], out_dir=tmp_path)
    assert workers.start_early(2, [SAMPLE, ROOT / "missing.csv"], None, options) is None
    started = []
    monkeypatch.setattr(workers, "start_workers", lambda *args, now: started.append(now))
    monkeypatch.setattr(workers, "BATCH_BYTES", -(-SAMPLE.stat().st_size // 3))  # 3 batches
    assert workers.start_early(1, [SAMPLE], None, options) is None
    workers.start_early(8, [SAMPLE], None, options)
    assert started == [3]  # one per batch


def test_the_command_with_workers_started_early(tmp_path: Path, monkeypatch, capfd) -> None:
    monkeypatch.setattr(workers, "BATCH_BYTES", 1000)
    monkeypatch.setattr(pipeline, "csv_chunks", functools.partial(csv_chunks, batch_rows=40))
    runner = CliRunner()
    one = runner.invoke(app, ["audit", str(SAMPLE), "--out", str(tmp_path / "one"), "--workers", "1"])
    two = runner.invoke(app, ["audit", str(SAMPLE), "--out", str(tmp_path / "two"), "--workers", "2"])
    assert one.exit_code == two.exit_code == 0, two.output
    for name in OUTPUTS:
        assert (tmp_path / "two" / name).read_bytes() == (tmp_path / "one" / name).read_bytes()
    # rule files with mistakes: refused as before, the workers stop without a word
    bad = tmp_path / "bad-rules"
    bad.mkdir()
    refused = runner.invoke(
        app, ["audit", str(SAMPLE), "--out", str(tmp_path / "three"), "--rules", str(bad)]
    )
    assert refused.exit_code == 3
    assert _no_children_left()
    assert "Traceback" not in capfd.readouterr().err


def test_a_second_run_replaces_the_files_of_the_first(engine: Engine, tmp_path: Path) -> None:
    first = _run(engine, tmp_path / "out", workers=1)
    (tmp_path / "out" / "errors.jsonl").write_text("stale\n" * 1000, encoding="utf-8")
    assert _run(engine, tmp_path / "out", workers=1) == first
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == [
        "errors.jsonl",
        "outcomes.jsonl",
        "report.html",
        "summary.json",
    ]


def test_worker_processes_start_with_their_own_environment() -> None:
    before = dict(os.environ)
    with ProcessPoolExecutor(1, mp_context=workers.WorkerContext()) as pool:
        seen = {name: pool.submit(os.getenv, name).result() for name in WORKER_ENVIRONMENT}
        threads = pool.submit(pl.thread_pool_size).result()
        blocked = pool.submit(signal.pthread_sigmask, signal.SIG_BLOCK, []).result()
    assert seen["POLARS_MAX_THREADS"] == "1"
    # polars puts its defaults in front when it starts; the later settings win
    assert seen["_RJEM_MALLOC_CONF"].endswith(WORKER_ENVIRONMENT["_RJEM_MALLOC_CONF"])
    assert seen["GLIBC_TUNABLES"] == WORKER_ENVIRONMENT["GLIBC_TUNABLES"]
    assert threads == 1
    assert signal.SIGINT in blocked  # a Ctrl-C on the terminal is for the main process
    assert dict(os.environ) == before  # this process's environment is left as it was


def test_worker_processes_import_neither_the_main_module_nor_the_command_line(
    engine: Engine, tmp_path: Path
) -> None:
    options = AuditOptions(inputs=[], out_dir=tmp_path)
    main = sys.modules["__main__"]
    pool = start_workers(1, engine.book, options, now=1)
    try:
        modules = pool.submit(eval, "sorted(__import__('sys').modules)").result()
        main_file = pool.submit(eval, "getattr(__import__('sys').modules['__main__'], '__file__', None)")
        assert main_file.result() is None  # not this process's main module run again
    finally:
        pool.shutdown()
    assert sys.modules["__main__"] is main
    assert "triage.audit.evaluator" in modules
    for unwanted in ("pytest", "typer", "rich", "triage.interfaces.cli", "durable"):
        assert unwanted not in modules, unwanted


def test_the_cli_imports_the_audit_pipeline_and_the_web_app_only_when_needed() -> None:
    heavy = (
        "triage.audit.pipeline",
        "rich.progress",
        "fastapi",
        "sqlalchemy",
        "uvicorn",
        "polars",
        "pydantic",
        "durable",
    )
    code = f"import sys, triage.interfaces.cli; print([m for m in {heavy!r} if m in sys.modules])"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_main_process_of_an_audit_does_not_import_polars() -> None:
    # it cuts CSV files and merges counts; its workers start up faster without it
    code = (
        "import sys, triage.audit.pipeline, triage.interfaces.audit_command; "
        "print([m for m in ('polars', 'triage.audit.evaluator', 'durable') if m in sys.modules])"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
