"""One cog per user-facing area: asking, browsing topics, the FAQ, feedback, settings, admin.

Cogs are thin: they turn a command or an event into calls on the engine and the stores,
and hand the result to `bot.views` to render. They may import `knowledge`, the data
rooms (`bot.feedback`, `bot.cluster`, `bot.state`) and `bot.views`; never `bot.app`
(except the Bot's type under TYPE_CHECKING).
"""
