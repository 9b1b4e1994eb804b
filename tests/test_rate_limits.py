"""Rate limits shared by the server processes on one check log database (issue 18: "rate
limits per user and key"): two real `triage serve` processes on one PostgreSQL database, and
on one SQLite file, together let through what one allows; the window slides over the turn of
a minute; a database that fails leaves each process counting on its own."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy.exc import OperationalError

from postgres import BACKENDS, fresh_database
from triage.web.auth import rate_limits
from triage.web.auth.guard import RateLimiter
from triage.web.auth.rate_limits import SharedRateLimiter, _wait
from triage.web.checklog import CheckLog

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from load_test import Server, create_api_key  # noqa: E402

LIMIT = 30


def _start_of_a_minute_with_room(seconds: float) -> None:
    """Wait, if need be, so that the next `seconds` lie within one minute of the clock."""
    into = time.time() % 60
    if into > 60 - seconds:
        time.sleep(60 - into + 0.2)


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_servers_on_one_database_share_the_limit(tmp_path: Path, backend: str) -> None:
    db = tmp_path / "log.sqlite3" if backend == "sqlite" else fresh_database("rate")
    key = create_api_key(db, "beleid")
    other = create_api_key(db, "beleid")
    auth = ["--rate-limit", str(LIMIT)]
    one, two = (Server(db, auth_args=auth, log_dir=tmp_path) for _ in range(2))
    with one, two:
        _start_of_a_minute_with_room(15)
        statuses: list[int] = []
        retry_after: list[int] = []
        with httpx.Client(headers={"X-API-Key": key}, timeout=30) as client:
            for number in range(2 * LIMIT):
                server = (one, two)[number % 2]
                response = client.get(server.url + "/api/v1/regions")
                statuses.append(response.status_code)
                if response.status_code == 429:
                    retry_after.append(int(response.headers["retry-after"]))
            other_status = client.get(one.url + "/api/v1/regions", headers={"X-API-Key": other}).status_code
    # each server alone would have let all 60 through (30 each); together they allow 30
    assert statuses == [200] * LIMIT + [429] * LIMIT
    assert all(1 <= wait <= 61 for wait in retry_after)
    assert other_status == 200  # counted per key
    # the table holds a hash of the key, never the key or its subject id
    log = CheckLog(db)
    with log.engine.connect() as connection:
        rows = connection.execute(rate_limits.rate_counts.select()).fetchall()
    assert sorted(row.requests for row in rows) == [1, 2 * LIMIT]
    assert all(len(row.key_hash) == 64 and key not in row.key_hash for row in rows)


def test_the_window_slides_over_the_turn_of_a_minute() -> None:
    # a full previous minute still counts almost whole just after the turn...
    assert _wait(previous=30, current=1, elapsed=0.01, per_minute=30) > 0
    # ...and half at half past; within the limit once it has decayed enough
    assert _wait(previous=30, current=10, elapsed=0.5, per_minute=30) == 0
    assert _wait(previous=30, current=20, elapsed=0.5, per_minute=30) == pytest.approx(12, abs=1)
    assert _wait(previous=0, current=31, elapsed=0.25, per_minute=30) == pytest.approx(45)
    assert _wait(previous=0, current=30, elapsed=0.99, per_minute=30) == 0


def test_a_failing_database_leaves_each_process_counting_on_its_own(tmp_path: Path, monkeypatch) -> None:
    log = CheckLog(tmp_path / "log.sqlite3")
    limiter = SharedRateLimiter(log, 3, RateLimiter(3))
    assert [limiter.wait_needed("sleutel") for _ in range(3)] == [0, 0, 0]

    def broken(*_args):
        raise OperationalError("INSERT ...", {}, Exception("database is locked"))

    monkeypatch.setattr(limiter, "_count", broken)
    # the process's own count starts afresh: three more, then refused
    assert [limiter.wait_needed("sleutel") > 0 for _ in range(4)] == [False, False, False, True]
