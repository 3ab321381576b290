import sys

from knowledge.cli.cli import main

sys.exit(main())
