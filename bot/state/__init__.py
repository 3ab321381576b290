"""What holds state: settings, per-server settings, the live knowledge and its curation.

`settings` reads config.yaml into frozen Settings, `servers` keeps each server's own
settings, `live_knowledge` holds the current KnowledgeBase and swaps it whole on reload,
`curate` edits the FAQ, `faq_export` writes it out, `recent_answers` remembers what was
answered for the feedback buttons.

May import `knowledge`, `bot.feedback` and `bot.cluster`; never the cogs, views or app.
"""
