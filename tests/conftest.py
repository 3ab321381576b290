"""Shared fixtures. The Discord fake's fixtures live in tests/discord_fake/fixtures.py."""

try:  # tests/ on sys.path (no tests/__init__.py): the package is ``discord_fake``
    from discord_fake.fixtures import discord_error_log, discord_fake, loopback_connector
except ImportError:  # tests/ became a package
    from tests.discord_fake.fixtures import discord_error_log, discord_fake, loopback_connector

__all__ = ["discord_error_log", "discord_fake", "loopback_connector"]
