"""Fixtures for the bot's tests (the Discord fake's own fixtures come from tests/conftest.py)."""

import pytest

from bot.store import KnowledgeStore


@pytest.fixture(scope="session")
def shared_store() -> KnowledgeStore:
    """The bundled knowledge, built once: tests that reload make their own store."""
    return KnowledgeStore()
