"""What users see and touch: answers, sections, reports and charts as embeds, views and files.

Pure functions that stay within Discord's limits (`render`, `render_reports`, `sections`,
`charts`), the buttons and menus that go with them (`components`, `faq_ui`), what a
message reads as (`question_text`), who may press or run what (`checks`), and the one
error handler's short replies (`errors`).

May import `knowledge`, `bot.state`, `bot.feedback` and `bot.cluster`; never `bot.cogs`
or `bot.app` (except the Bot's type under TYPE_CHECKING).
"""
