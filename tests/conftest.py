"""Shared fixtures. The Discord fake's fixtures live in tests/discord_fake/fixtures.py;
PostgreSQL's (a schema per test, skipped without a server) in tests/pgtest.py."""

try:  # tests/ on sys.path (no tests/__init__.py): the package is ``discord_fake``
    from discord_fake.fixtures import discord_error_log, discord_fake, loopback_connector
    from pgtest import database, postgres_url
except ImportError:  # tests/ became a package
    from tests.discord_fake.fixtures import discord_error_log, discord_fake, loopback_connector
    from tests.pgtest import database, postgres_url

__all__ = ["database", "discord_error_log", "discord_fake", "loopback_connector", "postgres_url"]
