"""Answering: a question -> an Answer with cited excerpts, or a decline.

`answerer` runs the question through FAQ matching (`faqmatch`), candidate scoring
(`scoring`) and the confidence model (`calibration`); `faq` builds the generated and
curated FAQ, `summarize` the sections' extractive summaries, and `learned` matches a
server's learned (confirmed) answers.

May import `knowledge.model`, `knowledge.words`, `knowledge.read` and `knowledge.index`.
"""
