"""Rate limits that hold for every server process on one check log database.

`SharedRateLimiter` counts each person's or key's requests per minute in the table
`rate_counts` of the check log's database (PostgreSQL or SQLite): one atomic upsert
(`INSERT ... ON CONFLICT DO UPDATE ... RETURNING`) per request, so two servers on one
database together allow what one allows. The limit is a sliding window: the count of this
minute plus the previous minute's, weighted by how much of it still lies within the last 60
seconds; so a burst across the turn of a minute is not let through twice. Rows hold a hash of
the key (never a subject id or an API key itself), the minute and a count, and are deleted
two minutes on.

When the database does not answer, a request is counted by the process's own limiter
(`guard.RateLimiter`) instead: the limit then holds per process, as it did before, and the
request goes on to get the log's own 503 if it needs the log.
"""

from __future__ import annotations

import hashlib
import logging
import math
import threading
import time
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    delete,
    event,
    select,
)
from sqlalchemy.engine import Engine as SqlEngine
from sqlalchemy.exc import SQLAlchemyError

from triage.web.auth.guard import RateLimiter
from triage.web.checklog import BUSY_TIMEOUT_MS, CheckLog

log = logging.getLogger("triage.web")
WINDOW_SECONDS = 60

rate_counts = Table(
    "rate_counts",
    MetaData(),
    Column("key_hash", String(64), primary_key=True),
    Column("minute", BigInteger, primary_key=True),  # seconds since the epoch // 60
    Column("requests", Integer, nullable=False),
)


def _sqlite_counter(connection: Any, _record: Any) -> None:
    """A lost count after a power failure does no harm: the counter's commits need no
    flush to disk of their own (WAL with synchronous=NORMAL never corrupts the database,
    and leaves the log's own commits, flushed by the log's connections, as durable)."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_MS)}")
    cursor.close()


class SharedRateLimiter:
    """`per_minute` requests a minute per key, counted in the check log's database."""

    def __init__(self, check_log: CheckLog, per_minute: int, fallback: RateLimiter):
        self.per_minute = per_minute
        self.fallback = fallback  # the process's own limiter, for when the database fails
        self._engine = check_log.engine
        dialect = self._engine.dialect.name
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        elif dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert

            self._engine = _counter_engine(check_log.url)
        else:
            raise ValueError(f"no shared rate limit on {dialect}")
        self._insert = insert
        check_log.create_table(rate_counts)
        self._cleared = 0  # the last minute whose old rows this process deleted
        self._failing = False
        self._lock = threading.Lock()

    def wait_needed(self, key: str) -> float:
        """0 when the request may go ahead (and is counted); else the seconds to wait."""
        if self.per_minute <= 0:
            return 0.0
        now = time.time()
        try:
            previous, current = self._count(_hashed(key), int(now // WINDOW_SECONDS))
        except SQLAlchemyError as exc:
            self._report_failure(exc)
            return self.fallback.wait_needed(key)
        if self._failing:
            self._failing = False
            log.warning("snelheidsgrens: telling in de database werkt weer")
        return _wait(previous, current, now % WINDOW_SECONDS / WINDOW_SECONDS, self.per_minute)

    def _count(self, key_hash: str, minute: int) -> tuple[int, int]:
        """Count one request in `minute`; the counts of the minute before and of this one."""
        upsert = self._insert(rate_counts).values(key_hash=key_hash, minute=minute, requests=1)
        upsert = upsert.on_conflict_do_update(
            index_elements=[rate_counts.c.key_hash, rate_counts.c.minute],
            set_={"requests": rate_counts.c.requests + 1},
        ).returning(rate_counts.c.requests)
        earlier = select(rate_counts.c.requests).where(
            rate_counts.c.key_hash == key_hash, rate_counts.c.minute == minute - 1
        )
        with self._engine.begin() as connection:
            current = int(connection.execute(upsert).scalar_one())
            previous = int(connection.execute(earlier).scalar() or 0)
            if self._clear_due(minute):
                connection.execute(delete(rate_counts).where(rate_counts.c.minute < minute - 1))
        return previous, current

    def _clear_due(self, minute: int) -> bool:
        """True once a minute per process: time to delete the rows of past minutes."""
        with self._lock:
            if self._cleared == minute:
                return False
            self._cleared = minute
            return True

    def _report_failure(self, exc: Exception) -> None:
        if not self._failing:
            self._failing = True
            log.error(
                "snelheidsgrens: de database telt niet (%s); elk serverproces telt nu zelf",
                type(exc).__name__,
            )


def rate_limiter(check_log: CheckLog, per_minute: int) -> SharedRateLimiter | RateLimiter:
    """The limiter of a signed-in server: shared through the log's database where it is
    PostgreSQL or SQLite, else the process's own."""
    own = RateLimiter(per_minute)
    if check_log.engine.dialect.name not in ("postgresql", "sqlite"):
        return own
    return SharedRateLimiter(check_log, per_minute, own)


def _counter_engine(url: str) -> SqlEngine:
    engine = create_engine(url)
    event.listen(engine, "connect", _sqlite_counter)
    return engine


def _hashed(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _wait(previous: int, current: int, elapsed: float, per_minute: int) -> float:
    """0 when the sliding window's count (this request included) is within `per_minute`;
    else the seconds until it will be. `elapsed`: the share of this minute gone by."""
    if previous * (1 - elapsed) + current <= per_minute:
        return 0.0
    if current > per_minute:  # only the next minute brings room
        return (1 - elapsed) * WINDOW_SECONDS
    # the previous minute's weight falls until previous * (1 - t) + current <= per_minute
    t = 1 - (per_minute - current) / previous
    return max(math.ceil((t - elapsed) * WINDOW_SECONDS), 1)
