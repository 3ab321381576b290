"""One cog per user-facing area: asking, browsing topics, moderating."""
