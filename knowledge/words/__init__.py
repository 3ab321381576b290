"""Words: what a word is, and what it is close to.

Normalising, tokenising, stemming and sentence splitting (`text`), English word rarity
(`english`), WordNet and related words (`thesaurus`), typo correction (`typos`,
`typo_filters`) and question-type cues (`cues`).

The lowest room: it may import only `knowledge.model`.
"""
