"""What is kept on disk: a built knowledge base saved so restarts skip the build.

`inputs` gathers and hashes everything a build reads (the cache key), `cache` writes and
reads a built knowledge base, `arrayfile` the raw array layout it uses, and `graphcodec`
the plain-JSON object graph beside the arrays (no pickle: nothing in a cache file runs).

May import every room below it: `model`, `words`, `read`, `index`, `answer`; never
`knowledge.base` (the builder hands it what to store).
"""
