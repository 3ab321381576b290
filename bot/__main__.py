"""`python -m bot` starts the Discord bot (the same as `citebot run`)."""

import sys

from bot.app.cli import main

sys.exit(main(["run", *sys.argv[1:]]))
