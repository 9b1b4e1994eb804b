"""Fault injection: an audit killed (SIGKILL at several moments, SIGTERM) or run on a disk
that fills never leaves a summary that claims more than is true, leaves no process behind,
and the next run into the same folder gives exactly the files of an uninterrupted run."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from triage.audit import output_folder
from triage.audit.pipeline import AuditOptions, Auditor

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
ROWS = 12_000
BATCH_ROWS = "1500"  # eight batches: kills land between and inside batches
STABLE = ("outcomes.jsonl", "errors.jsonl")


@pytest.fixture(scope="module")
def export(tmp_path_factory) -> Path:
    from generate_audit_input import write_csv

    path = tmp_path_factory.mktemp("faults") / "export.csv"
    write_csv(path, ROWS, seed=11, broken_share=0.01, workers=1)
    return path


def _start(export: Path, out: Path, marker: str) -> subprocess.Popen:
    """`triage audit` with two workers, every process of it carrying `marker` in its environment."""
    env = {**os.environ, "TRIAGE_AUDIT_BATCH_ROWS": BATCH_ROWS, "TRIAGE_TEST_MARKER": marker}
    return subprocess.Popen(
        [sys.executable, "-m", "triage", "audit", str(export), "--out", str(out), "--workers", "2"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _processes_with(marker: str) -> list[int]:
    found = []
    needle = f"TRIAGE_TEST_MARKER={marker}".encode()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if needle in (entry / "environ").read_bytes().split(b"\0"):
                    found.append(int(entry.name))
    return found


def _wait_until_gone(marker: str, seconds: float = 5.0) -> list[int]:
    deadline = time.monotonic() + seconds
    while (left := _processes_with(marker)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


def _run(export: Path, out: Path) -> subprocess.CompletedProcess:
    marker = uuid.uuid4().hex
    process = _start(export, out, marker)
    stdout, stderr = process.communicate(timeout=300)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def _lines(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0


def _assert_truthful(out: Path) -> None:
    """No summary, or one whose status and totals agree with the files beside it."""
    summary_path = out / "summary.json"
    if not summary_path.exists():
        assert not (out / "report.html").exists(), "a report without its summary"
        return
    summary = json.loads(summary_path.read_text())  # whole, valid JSON
    totals = summary["totals"]
    assert totals["outcomes"] == _lines(out / "outcomes.jsonl")
    assert totals["errors"] == _lines(out / "errors.jsonl")
    if summary["status"] == "voltooid":
        assert totals["input_rows"] == ROWS
        assert totals["reconciled"]


def _comparable(out: Path) -> dict:
    files = {name: (out / name).read_bytes() for name in STABLE}
    summary = json.loads((out / "summary.json").read_text())
    summary["receipt"].pop("generated_at")
    summary.pop("seconds")
    leftovers = sorted(
        p.name for p in out.iterdir() if p.name not in {*STABLE, "summary.json", "report.html"}
    )
    return {"files": files, "summary": summary, "leftovers": leftovers}


@pytest.fixture(scope="module")
def uninterrupted(export: Path, tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("reference")
    result = _run(export, out)
    assert result.returncode == 0, result.stderr
    reference = _comparable(out)
    assert reference["summary"]["status"] == "voltooid"
    assert reference["summary"]["totals"]["input_rows"] == ROWS
    assert reference["leftovers"] == []
    return reference


@pytest.mark.parametrize("delay", [0.2, 1.5, 2.5, 4.0])
def test_sigkill_leaves_no_lying_summary_and_no_process(
    export: Path, uninterrupted: dict, tmp_path: Path, delay: float
) -> None:
    out = tmp_path / "out"
    assert _run(export, out).returncode == 0  # a finished earlier run: its summary says voltooid
    marker = uuid.uuid4().hex
    process = _start(export, out, marker)
    time.sleep(delay)
    process.kill()
    process.communicate()
    assert _wait_until_gone(marker) == [], "processes of the killed audit are still running after 5 s"
    _assert_truthful(out)
    # the next run into the same folder cleans up and gives exactly the uninterrupted files
    result = _run(export, out)
    assert result.returncode == 0, result.stderr
    assert _comparable(out) == uninterrupted


def test_sigterm_stops_like_ctrl_c(export: Path, uninterrupted: dict, tmp_path: Path) -> None:
    out = tmp_path / "out"
    marker = uuid.uuid4().hex
    process = _start(export, out, marker)
    # wait until the first batch is in, so that the stop lands in the middle of the run
    deadline = time.monotonic() + 60
    while _lines(out / "outcomes.jsonl") == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert _wait_until_gone(marker) == []
    summary = json.loads((out / "summary.json").read_text())
    if summary["status"] == "voltooid":  # the run was faster than the signal: nothing to stop
        assert process.returncode == 0
    else:
        assert process.returncode == 128 + signal.SIGTERM, stderr
        assert summary["status"] == "onderbroken"
        assert "Onderbroken" in stderr and "Traceback" not in stderr
        assert summary["totals"]["reconciled"]
        assert summary["totals"]["input_rows"] < ROWS
    _assert_truthful(out)
    assert _run(export, out).returncode == 0
    assert _comparable(out) == uninterrupted


def _mount_tmpfs(folder: Path, size: str) -> bool:
    folder.mkdir()
    try:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True
        )
    except FileNotFoundError:
        return False
    return done.returncode == 0


def test_a_full_disk_leaves_no_claim_of_success(export: Path, tmp_path: Path) -> None:
    """A tmpfs of 2 MB (the outcomes need about 13 MB) where the machine allows mounting one."""
    disk = tmp_path / "disk"
    if not _mount_tmpfs(disk, "2m"):
        pytest.skip("no tmpfs can be mounted here; test_injected_enospc covers the full disk")
    try:
        out = disk / "out"
        out.mkdir()
        (out / "summary.json").write_text('{"status": "voltooid"}')  # an earlier run's
        (out / "report.html").write_text("<h1>voltooid</h1>")
        result = _run(export, out)
        assert result.returncode == 1, result.stderr
        assert "Audit mislukt: de schijf is vol" in result.stderr
        assert "Traceback" not in result.stderr
        _assert_truthful(out)
        if (out / "summary.json").exists():
            assert json.loads((out / "summary.json").read_text())["status"] == "mislukt"
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


@pytest.mark.parametrize("where", ["errors", "summary", "report"])
def test_injected_enospc(engine, export: Path, tmp_path: Path, monkeypatch, where: str) -> None:
    """ENOSPC while the errors are written (mid-run), while the summary is written (the
    very end), and while the report is made (as the summary is being written): either way
    no summary says voltooid, and nothing half-written is left."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "summary.json").write_text('{"status": "voltooid"}')
    full = OSError(errno.ENOSPC, "No space left on device")
    if where == "summary":
        real_fsync = os.fsync
        calls = {"n": 0}

        def fsync(descriptor: int) -> None:
            calls["n"] += 1
            if calls["n"] >= 2:  # the summary is staged; the report is not
                raise full
            real_fsync(descriptor)

        monkeypatch.setattr(output_folder.os, "fsync", fsync)
    elif where == "report":
        import triage.audit.report as report

        def failing_report(*args, **kwargs):
            raise full

        monkeypatch.setattr(report, "render_report", failing_report)
    else:
        import triage.audit.pipeline as pipeline

        def failing_finish(*args, **kwargs):
            raise full

        monkeypatch.setattr(pipeline.Auditor, "_finish", failing_finish)
    with pytest.raises(OSError):
        Auditor(engine.book, AuditOptions(inputs=[export], out_dir=out, workers=1)).run()
    names = sorted(p.name for p in out.iterdir())
    assert not any(name.endswith(".tmp") for name in names), names
    if where in ("summary", "report"):
        assert "summary.json" not in names and "report.html" not in names
    else:
        summary = json.loads((out / "summary.json").read_text())
        assert summary["status"] == "mislukt"
        assert summary["failure"].startswith("de schijf is vol")
        _assert_truthful(out)
