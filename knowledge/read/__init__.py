"""Reading: a knowledge folder -> documents -> blocks -> sections and answer units.

`parse` chooses a reader per document (`markdown`, `rst`, `mediawiki`/`wikitext`, plain
text); the readers split source text into `blocks`, and `units` keeps the answer units as
arrays with exact offsets. The folder's own files are read here too: `manifest`, the
curated `synonyms`, and every YAML file through `yamlfile`. `display` turns a verbatim
excerpt's markup into what a reader sees.

May import `knowledge.model` and `knowledge.words`.
"""
