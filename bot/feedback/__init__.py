"""Feedback: the question log, votes, per-server settings and shared state (SQLite or
PostgreSQL), and reports over them.

One of the bot's data rooms with `bot.cluster` and `bot.state`: they may import
`knowledge` and each other, never `bot.views`, `bot.cogs` or `bot.app`.
"""

from bot.feedback import reports
from bot.feedback.db import Db
from bot.feedback.store import Database, FeedbackStore, Question, StoreUnavailable

__all__ = ["Database", "Db", "FeedbackStore", "Question", "StoreUnavailable", "reports"]
