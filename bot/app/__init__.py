"""Start-up: the command line, the Bot and its command tree.

`cli` parses `citebot run|sync|stats|...`, `client` builds the Bot from its settings and
stores and loads the cogs, `checks` and `errors` are the command tree's permission checks
and its one error handler, `config_check` and `failures` explain what is wrong before and
while connecting, `progress` shows a long build.

The top room of the bot: it may import every other room.
"""
