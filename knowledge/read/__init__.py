"""Reading: a knowledge folder -> documents -> blocks -> sections and answer units.

`parse` chooses a reader per document (`markdown`, `rst`, `mediawiki`/`wikitext`, plain
text); the readers split source text into `blocks`, and `units` keeps the answer units as
arrays with exact offsets. `documents` reads a manifest's documents within the size
and depth limits (`confine` keeps every read inside the folder, `depth` refuses nesting
made to take minutes). The folder's own files are read here too: `manifest`, the
curated `synonyms`, and every YAML file through `yamlfile`. `display` turns a verbatim
excerpt's markup into what a reader sees.

May import `knowledge.model` and `knowledge.words`.
"""
