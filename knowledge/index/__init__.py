"""The index: the arrays a question is matched against, and the plan it is matched with.

`tokenise` turns units into terms in one pass, `postings` holds them as CSR arrays
(term -> unit ids and weights), `index` answers "which units, how strongly" for a planned
term; `planning` turns a question into weighed terms and what each may match, with
`names` (a name's derived forms) and `initialisms` ("hp" for "hit points").

May import `knowledge.model`, `knowledge.words` and `knowledge.read`.
"""
