"""Fixtures for the bot's tests (the Discord fake's own fixtures come from tests/conftest.py)."""

import logging
from collections.abc import Iterator

import bot_harness
import pytest

from bot.state.live_knowledge import LiveKnowledge


@pytest.fixture(scope="session")
def shared_knowledge() -> LiveKnowledge:
    """The bundled knowledge, built once: tests that reload make their own store."""
    return LiveKnowledge()


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "citebot_errors: the test expects citebot to log ERRORs")


@pytest.fixture(autouse=True)
def citebot_error_log(request: pytest.FixtureRequest) -> Iterator[list[logging.LogRecord]]:
    """Like the fake's discord.py guard, for citebot's own loggers: an ERROR fails the test."""
    handler = _Collect()
    logger = logging.getLogger("citebot")
    logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)
    if request.node.get_closest_marker("citebot_errors") is None:
        assert not handler.records, [r.getMessage() for r in handler.records]


@pytest.fixture(params=["sqlite", "postgresql"])
def each_store(request: pytest.FixtureRequest) -> Iterator[str]:
    """Run a feature test on SQLite (as given) and again on a PostgreSQL schema of its own."""
    if request.param == "sqlite":
        yield "sqlite"
        return
    bot_harness.DATABASE = request.getfixturevalue("postgres_url")
    try:
        yield "postgresql"
    finally:
        bot_harness.DATABASE = None
