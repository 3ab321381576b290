"""The index: the arrays a question is matched against.

`tokenise` turns units into terms in one pass, `postings` holds them as CSR arrays
(term -> unit ids and weights), and `index` answers "which units, how strongly" for a
question's planned terms.

May import `knowledge.model`, `knowledge.words` and `knowledge.read`.
"""
