"""Start-up: the command line and the Bot.

`cli` parses `citebot run|sync|stats|...`, `client` builds the Bot from its settings and
stores and loads the cogs, `config_check` and `failures` explain what is wrong before and
while connecting, `progress` shows a long build.

The top room of the bot: it may import every other room, and only `bot.__main__` (and
type hints under TYPE_CHECKING) import it.
"""
