"""Meaning: the optional sentence model (`pip install "citebot[semantic]"`).

`encoder` runs all-MiniLM-L6-v2 (int8 ONNX, shipped in `knowledge/data`, derived by
`knowledge/data/derive_minilm.py`) through onnxruntime; `vectors` embeds every answer unit
as a reader sees it and keeps the vectors by the text they embed, so a rebuild embeds only
what changed; `meaning` holds a knowledge base's unit vectors and finds the units closest to
a question. Without the extra, nothing here is loaded and every answer is the lexical one.

May import `knowledge.model`, `knowledge.words`, `knowledge.read` and `knowledge.index`.
"""
