"""citebot's knowledge engine: a knowledge folder in, verbatim cited answers out.

The public API (the bot and other tools use nothing else)::

    import knowledge
    kb = knowledge.load()              # the bundled default; knowledge.load(path) for a folder
    result = kb.answer("when did stalin die")
    result.to_dict()                   # what `citebot ask --json` prints
"""

from knowledge.answer.faq import closest_sentence
from knowledge.answer.learned import Learned, LearnedAnswers
from knowledge.base import DEFAULT_KNOWLEDGE, KnowledgeBase, load
from knowledge.model import (
    Answer,
    AnswerKind,
    Document,
    Excerpt,
    FaqEntry,
    KnowledgeError,
    Problem,
    Section,
    Sentence,
    Summary,
    written,
)
from knowledge.read.display import Link, Segment, links, segments, unwrapped
from knowledge.read.yamlfile import parse_yaml

__all__ = [
    "DEFAULT_KNOWLEDGE",
    "Answer",
    "AnswerKind",
    "Document",
    "Excerpt",
    "FaqEntry",
    "KnowledgeBase",
    "KnowledgeError",
    "Learned",
    "LearnedAnswers",
    "Link",
    "Problem",
    "Section",
    "Segment",
    "Sentence",
    "Summary",
    "closest_sentence",
    "links",
    "load",
    "parse_yaml",
    "segments",
    "unwrapped",
    "written",
]
