"""Feedback: the question log, votes and per-server settings in SQLite, and reports over them."""

from bot.feedback import reports
from bot.feedback.store import FeedbackStore, Question, StoreUnavailable

__all__ = ["FeedbackStore", "Question", "StoreUnavailable", "reports"]
