"""The check log: every check done through the API or the web page, for auditors.

Stored in an embedded SQLite database by default (any SQLAlchemy URL works, e.g.
`postgresql+psycopg://...` with the `postgres` extra). A check is written and committed
before its response is sent; SQLite runs in WAL mode with `synchronous=FULL`, so a crash or
a kill after the response never loses an acknowledged check. Only what an auditor needs is
stored: time, rules version, decision id, the pseudonymous client id, verdict and findings
(rule and outcome) — no names, no BSN, no free text.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    func,
    insert,
    select,
)
from sqlalchemy.engine import Engine as SqlEngine

from triage.outcome import Outcome

metadata = MetaData()
checks = Table(
    "checks",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("checked_at", String(32), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("engine_version", String(32), nullable=False),
    Column("rules_version", String(64), nullable=False),
    Column("rules_in_force_on", String(10), nullable=False),
    Column("decision_id", String(200), nullable=False),
    Column("client_id", String(200)),
    Column("region", String(40), nullable=False),
    Column("municipality", String(80)),
    Column("verdict", String(40), nullable=False),
    Column("priority", String(20), nullable=False),
    Column("findings", Text, nullable=False),  # JSON: [{"rule": ..., "outcome": ...}]
)


def database_url(db: str | Path) -> str:
    """A path becomes an SQLite URL; a URL is used as given."""
    text = str(db)
    return text if "://" in text else f"sqlite:///{Path(text).resolve()}"


# How long a check waits for a log that another process holds before it is refused (503)
BUSY_TIMEOUT_MS = 10_000


def _durable_sqlite(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_MS)}")
    cursor.close()


class CheckLog:
    """Append-only log of checks; `record` returns the new entry's id once it is committed."""

    def __init__(self, db: str | Path):
        self.url = database_url(db)
        self._engine: SqlEngine = create_engine(self.url)
        if self._engine.dialect.name == "sqlite":
            event.listen(self._engine, "connect", _durable_sqlite)
        metadata.create_all(self._engine)
        self._lock = threading.Lock()  # one writer at a time (SQLite allows no more)

    def record(self, outcome: Outcome, channel: str) -> int:
        """Store one check (committed before this returns) and give its id."""
        row = {
            "checked_at": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
            "channel": channel,
            "engine_version": outcome.engine_version or "",
            "rules_version": outcome.rules_version,
            "rules_in_force_on": outcome.rules_in_force_on.isoformat(),
            "decision_id": outcome.decision,
            "client_id": outcome.client,
            "region": outcome.region,
            "municipality": outcome.municipality,
            "verdict": outcome.verdict.value,
            "priority": outcome.priority.priority_class.value,
            "findings": json.dumps([{"rule": f.rule, "outcome": f.outcome.value} for f in outcome.findings]),
        }
        with self._lock, self._engine.begin() as connection:
            result = connection.execute(insert(checks).values(**row))
            return int(result.inserted_primary_key[0])

    def count(self) -> int:
        """Number of checks in the log."""
        with self._engine.connect() as connection:
            return int(connection.execute(select(func.count()).select_from(checks)).scalar_one())

    def entries(self) -> Iterator[dict[str, Any]]:
        """Every entry, oldest first, as JSON-ready data."""
        with self._engine.connect() as connection:
            for row in connection.execute(select(checks).order_by(checks.c.id)):
                entry = dict(row._mapping)
                entry["findings"] = json.loads(entry["findings"])
                yield entry

    def export(self, stream: IO[str]) -> int:
        """Write every entry as JSON Lines; returns how many."""
        count = 0
        for entry in self.entries():
            stream.write(json.dumps(entry, ensure_ascii=False) + "\n")
            count += 1
        return count

    def close(self) -> None:
        self._engine.dispose()
