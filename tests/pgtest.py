"""PostgreSQL for the tests: a fresh schema per test, dropped after; skipped without a server.

`CITEBOT_TEST_POSTGRES` names the server (default below). Without psycopg or a reachable
server the PostgreSQL tests are skipped with the reason; `CITEBOT_REQUIRE_POSTGRES=1` (CI)
makes that a failure instead, so they cannot be skipped silently where they should run.
"""

from __future__ import annotations

import functools
import os
import secrets
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test"


def server_url() -> str:
    return os.environ.get("CITEBOT_TEST_POSTGRES") or DEFAULT_URL


@functools.cache
def unavailable() -> str | None:
    """Why PostgreSQL tests cannot run here, or None."""
    url = server_url()
    try:
        import psycopg  # noqa: PLC0415
    except ImportError:
        return "psycopg is not installed (pip install -e '.[test,postgres]')"
    try:
        psycopg.connect(url, connect_timeout=3).close()
    except psycopg.Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return f"no PostgreSQL server at {url} (CITEBOT_TEST_POSTGRES): {first}"
    return None


def require() -> None:
    """Skip (or, with CITEBOT_REQUIRE_POSTGRES=1, fail) when there is no server."""
    reason = unavailable()
    if reason is None:
        return
    if os.environ.get("CITEBOT_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"CITEBOT_REQUIRE_POSTGRES=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def with_schema(url: str, schema: str) -> str:
    """The URL with `schema` first on the search path (libpq's `options`)."""
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.parse_qsl(parts.query)
    query.append(("options", f"-csearch_path={schema}"))
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def _admin(sql: str) -> None:
    import psycopg  # noqa: PLC0415

    with psycopg.connect(server_url(), autocommit=True) as conn:
        conn.execute(sql)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A database URL whose tables land in a schema of this test's own."""
    require()
    schema = f"citebot_test_{secrets.token_hex(5)}"
    _admin(f'CREATE SCHEMA "{schema}"')
    try:
        yield with_schema(server_url(), schema)
    finally:
        _admin(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """Each store in turn: a SQLite file, then a PostgreSQL schema."""
    if request.param == "sqlite":
        return tmp_path / "citebot.db"
    url: str = request.getfixturevalue("postgres_url")
    return url
