"""The check log: every check done through the API or the web page, for auditors.

Stored in an embedded SQLite database by default (any SQLAlchemy URL works, e.g.
`postgresql+psycopg://...` with the `postgres` extra). A check is written and committed
before its response is sent; SQLite runs in WAL mode with `synchronous=FULL`, so a crash or
a kill after the response never loses an acknowledged check. Only what an auditor needs is
stored: time, rules version, decision id, the pseudonymous client id, verdict and findings
(rule and outcome), and who checked: the identity provider's subject id of the person
(`sub`), or `api-key:<id>` for a system with an API key — no names, no e-mail addresses, no
BSN, no free text. An SQLite log is created with mode 0600 (its WAL and shared-memory files
take the same mode). `purge` removes the entries older than a retention period.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from sqlalchemy import (
    Column,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import Connection
from sqlalchemy.engine import Engine as SqlEngine

from triage.outcome import Outcome
from triage.private_files import create_private

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
    # who checked: the issuer's `sub`, `api-key:<id>`, or null (single-user mode, older logs)
    Column("subject", String(255)),
)
INDEXES = (Index("checks_subject", checks.c.subject), Index("checks_checked_at", checks.c.checked_at))


def database_url(db: str | Path) -> str:
    """A path becomes an SQLite URL; a URL is used as given, except that a URL without a
    password takes the one in $TRIAGE_DB_PASSWORD or the file $TRIAGE_DB_PASSWORD_FILE names
    (a Docker secret), so that the password need not be in the URL."""
    text = str(db)
    if "://" not in text:
        return f"sqlite:///{Path(text).resolve()}"
    from sqlalchemy.engine import make_url

    from triage.web.auth.settings import secret_from_environment

    url = make_url(text)
    if url.password is None and url.username and (password := secret_from_environment("TRIAGE_DB_PASSWORD")):
        return url.set(password=password).render_as_string(hide_password=False)
    return text


# How long a check waits for a log that another process holds before it is refused (503)
BUSY_TIMEOUT_MS = 10_000


def _durable_sqlite(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_MS)}")
    cursor.close()


# A number of our own for PostgreSQL's advisory lock under which the tables are created, so
# that two servers starting at once on one database do not both create them.
_SCHEMA_LOCK = 0x7472_6961


def _private_sqlite_file(url: str) -> None:
    """An SQLite log file is created 0600 before SQLite opens it (SQLite gives its WAL and
    shared-memory files the mode of the database file)."""
    from sqlalchemy.engine import make_url

    database = make_url(url).database
    if database and database != ":memory:" and not database.startswith("file:"):
        path = Path(database)
        if path.parent.is_dir():
            create_private(path)


class CheckLog:
    """Append-only log of checks; `record` returns the new entry's id once it is committed."""

    def __init__(self, db: str | Path):
        self.url = database_url(db)
        if self.url.startswith("sqlite"):
            _private_sqlite_file(self.url)
        # a PostgreSQL connection is tested before use (the server may have restarted)
        self._engine: SqlEngine = create_engine(self.url, pool_pre_ping=not self.url.startswith("sqlite"))
        if self._engine.dialect.name == "sqlite":
            event.listen(self._engine, "connect", _durable_sqlite)
        self._create_schema()
        self._lock = threading.Lock()  # one writer at a time (SQLite allows no more)

    @property
    def engine(self) -> SqlEngine:
        """The database connection (the API keys live in the same database)."""
        return self._engine

    def _create_schema(self) -> None:
        """Create the tables, and add the `subject` column to a log made before it existed."""
        with self._schema_change() as connection:
            metadata.create_all(connection)
            if "subject" not in {column["name"] for column in inspect(connection).get_columns("checks")}:
                connection.execute(text("ALTER TABLE checks ADD COLUMN subject VARCHAR(255)"))
            for index in INDEXES:
                index.create(connection, checkfirst=True)

    def create_table(self, table: Table) -> None:
        """Create another table of this database if it is not there (the API keys)."""
        with self._schema_change() as connection:
            table.create(connection, checkfirst=True)

    @contextlib.contextmanager
    def _schema_change(self) -> Iterator[Connection]:
        """A transaction in which to create tables, one server at a time on PostgreSQL."""
        with self._engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text(f"SELECT pg_advisory_xact_lock({_SCHEMA_LOCK})"))
            yield connection

    def record(self, outcome: Outcome, channel: str, subject: str | None = None) -> int:
        """Store one check (committed before this returns) and give its id. `subject` is who
        checked: the identity provider's subject id or an API key's, never a name."""
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
            "subject": subject,
        }
        with self._lock, self._engine.begin() as connection:
            result = connection.execute(insert(checks).values(**row))
            return int(result.inserted_primary_key[0])

    def count(self) -> int:
        """Number of checks in the log."""
        with self._engine.connect() as connection:
            return int(connection.execute(select(func.count()).select_from(checks)).scalar_one())

    def entries(self, batch: int = 1000) -> Iterator[dict[str, Any]]:
        """Every entry, oldest first, as JSON-ready data; read `batch` at a time, each batch
        on a connection of its own (a slow reader holds no connection in between)."""
        last = 0
        while True:
            query = select(checks).where(checks.c.id > last).order_by(checks.c.id).limit(batch)
            with self._engine.connect() as connection:
                rows = [_entry(row) for row in connection.execute(query)]
            yield from rows
            if len(rows) < batch:
                return
            last = rows[-1]["id"]

    def entries_of(self, subject: str | None, limit: int = 100) -> list[dict[str, Any]]:
        """The latest `limit` checks of one subject (None: those without one), newest first."""
        who = checks.c.subject.is_(None) if subject is None else checks.c.subject == subject
        query = select(checks).where(who).order_by(checks.c.id.desc()).limit(limit)
        with self._engine.connect() as connection:
            return [_entry(row) for row in connection.execute(query)]

    def purge(self, before: dt.datetime) -> int:
        """Delete every check made before `before` (an aware time); returns how many."""
        cutoff = before.astimezone(dt.UTC).isoformat(timespec="milliseconds")
        with self._lock, self._engine.begin() as connection:
            return int(connection.execute(delete(checks).where(checks.c.checked_at < cutoff)).rowcount)

    def ping(self) -> None:
        """Raise when the database cannot be reached (the health check)."""
        with self._engine.connect() as connection:
            connection.execute(select(1))

    def export(self, stream: IO[str]) -> int:
        """Write every entry as JSON Lines; returns how many."""
        count = 0
        for entry in self.entries():
            stream.write(json.dumps(entry, ensure_ascii=False) + "\n")
            count += 1
        return count

    def close(self) -> None:
        self._engine.dispose()


def _entry(row: Any) -> dict[str, Any]:
    entry = dict(row._mapping)
    entry["findings"] = json.loads(entry["findings"])
    return entry
