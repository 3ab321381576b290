"""Several citebot processes sharing one PostgreSQL database, kept in step (NOTIFY).

`process` runs a process's share (heartbeat, listening), `listener` follows the NOTIFY
channel, `state` reads and writes the shared state, `overlay` applies shared FAQ edits.

One of the bot's data rooms with `bot.feedback` and `bot.state`: they may import
`knowledge` and each other, never `bot.views`, `bot.cogs` or `bot.app`.
"""
