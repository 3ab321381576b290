"""What renders: answers, sections, reports and charts -> embeds, views and files.

Pure functions and discord.py views that stay within Discord's limits (`render`,
`render_reports`, `sections`, `charts`), the buttons and menus that go with them
(`components`, `faq_ui`), and what a message reads as (`question_text`).

May import `knowledge`, `bot.state` and `bot.feedback`; never the cogs or `bot.app`
(except for type hints under TYPE_CHECKING).
"""
