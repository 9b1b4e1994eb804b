"""Start-up of `triage audit`: worker processes only when there is work to share, started
with the right environment, and the same outcomes as one process; the CLI imports the
audit pipeline only for `audit`."""

from __future__ import annotations

import functools
import os
import signal
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import polars as pl

from triage import Engine
from triage.audit import pipeline
from triage.audit.pipeline import WORKER_ENVIRONMENT, AuditOptions, Auditor
from triage.audit.readers import csv_chunks

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "audit" / "beschikkingen.csv"
OUTPUTS = ("outcomes.jsonl", "errors.jsonl")


def _run(engine: Engine, out: Path, workers: int) -> dict[str, bytes]:
    Auditor(engine.book, AuditOptions(inputs=[SAMPLE], out_dir=out, workers=workers)).run()
    return {name: (out / name).read_bytes() for name in OUTPUTS}


def test_one_batch_starts_no_worker_processes(engine: Engine, tmp_path: Path, monkeypatch) -> None:
    one = _run(engine, tmp_path / "one", workers=1)

    def no_pool(*args, **kwargs):
        raise AssertionError("a worker process was started for a single batch")

    monkeypatch.setattr(pipeline, "ProcessPoolExecutor", no_pool)
    assert _run(engine, tmp_path / "two", workers=2) == one


def test_workers_give_the_same_files_as_one_process(engine: Engine, tmp_path: Path, monkeypatch) -> None:
    one = _run(engine, tmp_path / "one", workers=1)
    monkeypatch.setattr(pipeline, "csv_chunks", functools.partial(csv_chunks, batch_rows=40))
    assert _run(engine, tmp_path / "two", workers=2) == one
    assert not (tmp_path / "two" / pipeline.PARTS).exists()


def test_worker_processes_start_with_their_own_environment() -> None:
    before = dict(os.environ)
    with ProcessPoolExecutor(1, mp_context=pipeline._WorkerContext()) as pool:
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


def test_the_cli_imports_the_audit_pipeline_and_the_web_app_only_when_needed() -> None:
    heavy = ("triage.audit.pipeline", "rich.progress", "fastapi", "sqlalchemy", "uvicorn")
    code = f"import sys, triage.interfaces.cli; print([m for m in {heavy!r} if m in sys.modules])"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
