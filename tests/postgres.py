"""The PostgreSQL server of the tests: `.ci/run` starts Debian's PostgreSQL on 127.0.0.1
(`.ci/postgres.sh`) and names it in $TRIAGE_TEST_POSTGRES; each test gets a database of its
own on it. In CI a missing server fails the tests; a developer without one may skip them."""

from __future__ import annotations

import os
import secrets

import pytest

POSTGRES_URL = os.environ.get("TRIAGE_TEST_POSTGRES")

needs_postgres = pytest.mark.skipif(
    not POSTGRES_URL and not os.environ.get("CI"),
    reason="no PostgreSQL for the tests: TRIAGE_TEST_POSTGRES=$(.ci/postgres.sh start DIR)",
)

BACKENDS = ["sqlite", pytest.param("postgresql", marks=needs_postgres)]


def fresh_database(purpose: str) -> str:
    """A new, empty database on the test server; its SQLAlchemy URL."""
    import psycopg
    from sqlalchemy.engine import make_url

    assert POSTGRES_URL, "CI must start PostgreSQL and set TRIAGE_TEST_POSTGRES (.ci/run does)"
    url = make_url(POSTGRES_URL)
    name = f"triage_{purpose}_{secrets.token_hex(4)}"
    with psycopg.connect(
        host=url.host,
        port=url.port,
        user=url.username,
        password=url.password,
        dbname=url.database,
        autocommit=True,
    ) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return url.set(database=name).render_as_string(hide_password=False)
