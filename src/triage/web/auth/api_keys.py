"""API keys for systems that call the API (`triage keys create|list|revoke`).

A key is `triage_` and 43 random URL-safe characters (256 bits). Only its SHA-256 hash is
stored (a key this random needs no slow hash: it cannot be guessed, only stolen, and the
hash is useless to whoever steals the database). The key itself is shown once, when it is
created. A revoked key is refused at once; its row stays, so the log's `api-key:<id>`
keeps its meaning. Keys live in the check log's database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, insert, select, update

from triage.web.auth.principal import Principal, Role
from triage.web.checklog import CheckLog

PREFIX = "triage_"
SUBJECT_PREFIX = "api-key:"

_metadata = MetaData()
api_keys = Table(
    "api_keys",
    _metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(80), nullable=False),
    Column("key_hash", String(64), nullable=False, unique=True),
    Column("roles", String(100), nullable=False),  # space-separated role names
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
)


@dataclass(frozen=True)
class ApiKey:
    id: int
    name: str
    roles: tuple[Role, ...]
    created_at: dt.datetime
    revoked_at: dt.datetime | None

    @property
    def subject(self) -> str:
        return f"{SUBJECT_PREFIX}{self.id}"


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class ApiKeys:
    """The API keys in one check log's database."""

    def __init__(self, log: CheckLog):
        self._engine = log.engine
        log.create_table(api_keys)

    def create(self, name: str, roles: list[Role]) -> tuple[ApiKey, str]:
        """A new key with these roles: its record and the key itself (shown once)."""
        key = PREFIX + secrets.token_urlsafe(32)
        now = dt.datetime.now(dt.UTC)
        row = {"name": name, "key_hash": _hash(key), "roles": " ".join(sorted(roles)), "created_at": now}
        with self._engine.begin() as connection:
            key_id = int(connection.execute(insert(api_keys).values(**row)).inserted_primary_key[0])
        return ApiKey(key_id, name, tuple(sorted(roles)), now, None), key

    def revoke(self, key_id: int) -> bool:
        """Revoke a key; False when there is no such key or it was revoked before."""
        query = (
            update(api_keys)
            .where(api_keys.c.id == key_id, api_keys.c.revoked_at.is_(None))
            .values(revoked_at=dt.datetime.now(dt.UTC))
        )
        with self._engine.begin() as connection:
            return connection.execute(query).rowcount == 1

    def all(self) -> list[ApiKey]:
        with self._engine.connect() as connection:
            return [_key(row) for row in connection.execute(select(api_keys).order_by(api_keys.c.id))]

    def principal(self, key: str) -> Principal | None:
        """The caller a presented key stands for, or None (unknown, malformed or revoked)."""
        if not key.startswith(PREFIX) or len(key) > 100:
            return None
        query = select(api_keys).where(api_keys.c.key_hash == _hash(key), api_keys.c.revoked_at.is_(None))
        with self._engine.connect() as connection:
            row = connection.execute(query).first()
        if row is None:
            return None
        found = _key(row)
        return Principal(subject=found.subject, roles=frozenset(found.roles), kind="sleutel")


def _key(row: object) -> ApiKey:
    data = row._mapping  # type: ignore[attr-defined]
    roles = tuple(Role(name) for name in data["roles"].split() if name in Role.__members__)
    return ApiKey(data["id"], data["name"], roles, data["created_at"], data["revoked_at"])
