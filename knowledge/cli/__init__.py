"""The offline command line: `python -m knowledge` / `citebot ask|chat|topics|check|eval`.

`cli` parses the commands, `chat` is the interactive loop, `show` formats answers for a
terminal, `evaluate` scores question sets, `progress` draws build progress.

The top room: it may import everything in `knowledge`, and nothing else may import it
(`bot` uses its `main` only through the console script).
"""
