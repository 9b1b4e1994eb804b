"""Failures an operator must know about are said in one line, without personal data: a
check log that is locked (the API answers 503 and the server logs it), a file name with
control characters (escaped on the terminal)."""

from __future__ import annotations

import json
import logging
import sqlite3
import subprocess
import sys
from pathlib import Path

from triage.web import checklog
from triage.web.app import create_app
from web_client import PageClient

ROOT = Path(__file__).resolve().parents[1]
DECISION = json.loads((ROOT / "examples" / "zou-maatwerkcontract-met-uitzondering.json").read_text())


def test_a_locked_check_log_is_answered_with_503_and_logged(tmp_path: Path, monkeypatch, caplog) -> None:
    db = tmp_path / "log.sqlite3"
    monkeypatch.setattr(checklog, "BUSY_TIMEOUT_MS", 200)  # instead of ten seconds
    with PageClient(create_app(db)) as client:
        assert client.post("/api/v1/check", json=DECISION).status_code == 200
        holder = sqlite3.connect(db, timeout=0)  # another process holds the log
        holder.execute("BEGIN EXCLUSIVE")
        try:
            with caplog.at_level(logging.ERROR, logger="triage.web"):
                response = client.post("/api/v1/check", json=DECISION)
        finally:
            holder.rollback()
            holder.close()
    assert response.status_code == 503
    assert response.json()["message"].startswith("Het logboek is op dit moment niet beschikbaar")
    (record,) = [r for r in caplog.records if r.name == "triage.web"]
    assert "logboek niet beschikbaar" in record.getMessage()
    assert "/api/v1/check" in record.getMessage()
    for private in (DECISION["id"], DECISION["client"]["id"]):
        assert private not in caplog.text


def test_an_escape_character_in_a_file_name_is_escaped_on_the_terminal(tmp_path: Path) -> None:
    path = tmp_path / "naam\x1b[2J.yaml"
    path.write_text("id: [\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "triage", "check", str(path)], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 2
    assert "\x1b" not in done.stderr
    assert "naam\\x1b[2J.yaml" in done.stderr
