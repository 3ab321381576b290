"""The KnowledgeBase: everything built from one knowledge folder, immutable once built."""

from __future__ import annotations

import gc
import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from knowledge.answer.answerer import Answerer
from knowledge.answer.faq import generate, quoted_span, read_curated
from knowledge.answer.faqmatch import FaqMatcher
from knowledge.answer.learned import Learned, LearnedAnswers
from knowledge.answer.scoring import PassageScorer
from knowledge.answer.summarize import summarize
from knowledge.index.index import Index
from knowledge.index.postings import Pairs, Postings
from knowledge.index.texttable import TextTable
from knowledge.index.tokenise import unit_words
from knowledge.model import (
    Answer,
    Document,
    FaqEntry,
    KnowledgeError,
    Problem,
    Section,
    Sentence,
    Summary,
)
from knowledge.read.documents import read_documents, vanished
from knowledge.read.manifest import DocumentSpec, Manifest
from knowledge.read.synonyms import Synonyms, load_synonyms
from knowledge.read.units import Units, UnitTable
from knowledge.semantic.attach import attach_meaning
from knowledge.semantic.encoder import asked_for, prepare_in_background
from knowledge.semantic.meaning import Meaning, Status
from knowledge.store import cache, graphcodec, memory
from knowledge.store.filememo import FileMemo
from knowledge.store.inputs import engine_version, read_inputs
from knowledge.words import warmup
from knowledge.words.english import warm as warm_english
from knowledge.words.text import fold
from knowledge.words.typo_filters import Bigrams, DeletionIndex
from knowledge.words.typos import TypoIndex

DEFAULT_KNOWLEDGE = Path(__file__).parent / "corpus"


class KnowledgeBase:
    """Documents, sections, FAQ, summaries and the index of one knowledge folder.

    Immutable after construction: safe to share between threads and to swap whole.
    """

    # The sentence model's side (`citebot[semantic]`), attached by `load` after the cache:
    # never part of a cache file, whose graph is the same with and without the extra.
    meaning: Meaning | None = None
    meaning_status: Status = Status(False, "not loaded")

    def __init__(
        self,
        manifest: Manifest,
        documents: tuple[Document, ...],
        faq: tuple[FaqEntry, ...],
        index: Index,
        *,
        fingerprint: str,
        threshold: float,
    ) -> None:
        started = time.perf_counter()
        self.source: Path = manifest.folder
        self.fingerprint = fingerprint
        self.threshold = threshold
        self.documents = documents
        self.faq = faq
        self._index = index
        self._answerer = Answerer(index, documents, faq)
        self._derive()
        self._topic_titles = [fold(self.topic_name(s)) for s in self.topics]
        self._topic_labels = [fold(" ".join((s.document, *s.path))) for s in self.topics]
        self._faq_labels = [fold(e.question) for e in faq]
        self.build_seconds = time.perf_counter() - started
        self.from_cache = False
        self.warnings: tuple[Problem, ...] = ()  # files skipped while reading the folder
        self.read_warnings: tuple[Problem, ...] = ()  # of those, the ones the build skipped

    _DERIVED = ("sections", "topics", "_sections_by_id", "_faq_by_id", "_topic_ids", "_summaries")

    def _derive(self) -> None:
        """The lookups made from the documents and FAQ (a few ms at 500× the article): not
        kept in a cache file, where their ~70,000 references cost a quarter of a load."""
        self.sections: tuple[Section, ...] = tuple(s for d in self.documents for s in d.sections)
        self.topics: tuple[Section, ...] = tuple(
            s for s in self.sections if not s.reference_only and s.sentences
        )
        self._sections_by_id = {s.id: s for s in self.sections}
        self._faq_by_id = {e.id: e for e in self.faq}
        self._topic_ids = {s.id for s in self.topics}
        self._summaries: dict[str, Summary] = {}  # made on first request: cheap, rarely all needed

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k not in self._DERIVED}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._derive()

    def answer(
        self,
        question: str,
        *,
        threshold: float | None = None,
        limit: int = 3,
        learned: LearnedAnswers | None = None,
    ) -> Answer:
        """Answer a question; never raises. `threshold` overrides the default; `learned`
        (a server's, from `learned()`) adds its confirmed answers."""
        if learned is not None and learned.index is not self._index:
            learned = self.learned(learned.pairs)  # made for an earlier knowledge base
        return self._answerer.answer(
            question,
            self.threshold if threshold is None else threshold,
            limit,
            learned,
            self.meaning,
        )

    def learned(self, pairs: Iterable[Learned]) -> LearnedAnswers:
        """Learned (question -> quote) pairs checked against this text: stale ones set aside."""
        return LearnedAnswers(self._index, self.documents, pairs, self.meaning)

    def section(self, section_id: str) -> Section | None:
        return self._sections_by_id.get(section_id)

    def summary(self, section_id: str) -> Summary:
        if section_id not in self._topic_ids:
            raise KeyError(section_id)
        summary = self._summaries.get(section_id)
        if summary is None:  # two threads may both compute it: same value, harmless
            summary = self._summaries[section_id] = summarize(self._sections_by_id[section_id])
        return summary

    def find_sections(self, query: str, limit: int = 25) -> list[Section]:
        """Fuzzy match on section titles/paths (autocomplete); empty query -> first `limit`."""
        folded = fold(query).strip()
        if not folded:
            return list(self.topics[:limit])
        # A section's own title counts fully; its path (document, parents) a little less,
        # so "purges" finds "Purges and executions" before a sibling under the same parent.
        scores: dict[int, float] = {}
        for labels, factor in ((self._topic_titles, 1.0), (self._topic_labels, 0.9)):
            for _, score, i in process.extract(
                folded, labels, scorer=fuzz.WRatio, limit=None, score_cutoff=50
            ):
                scores[i] = max(scores.get(i, 0.0), score * factor)
        best = sorted(scores, key=lambda i: (-scores[i], i))[:limit]
        return [self.topics[i] for i in best]

    def faq_entry(self, entry_id: str) -> FaqEntry | None:
        return self._faq_by_id.get(entry_id)

    def find_faq(self, query: str, limit: int = 25) -> list[FaqEntry]:
        """Fuzzy match on FAQ questions; empty query -> first `limit`."""
        folded = fold(query).strip()
        if not folded:
            return list(self.faq[:limit])
        found = process.extract(
            folded, self._faq_labels, scorer=fuzz.WRatio, limit=limit, score_cutoff=50
        )
        return [self.faq[i] for _, _, i in found]

    def document(self, title: str) -> Document | None:
        return next((d for d in self.documents if d.title == title), None)

    def topic_name(self, section: Section) -> str:
        """A section's name for people: its title, or the document's for the lead."""
        return section.name

    def counts(self) -> dict[str, int]:
        """{"documents", "sections", "topics", "sentences", "faq", "curated_faq"}."""
        return {
            "documents": len(self.documents),
            "sections": len(self.sections),
            "topics": len(self.topics),
            "sentences": sum(len(s.sentences) for s in self.topics),
            "faq": len(self.faq),
            "curated_faq": sum(e.curated for e in self.faq),
        }


Progress = Callable[[str, int, int], None]  # (stage, done, total)


def load(
    path: str | Path | None = None,
    *,
    threshold: float | None = None,
    cache_dir: str | Path | None = None,
    progress: Progress | None = None,
    faq_text: str | None = None,
    semantic: bool | None = None,
) -> KnowledgeBase:
    """Build a KnowledgeBase from a folder (default: the bundled one).

    With `cache_dir`, a knowledge base built earlier from the very same inputs is read
    back instead of rebuilt (and a fresh build is saved there). `progress` is told how
    the build goes: each stage (documents, faq, index) as (stage, 0, total) when it starts,
    then (stage, done, total). `faq_text` stands in for the text of the curated FAQ file
    (the manifest's first `faq:` file, else `faq.yaml`) and is checked exactly as that file
    would be: how FAQ edits kept outside a read-only folder are applied and validated.
    With the semantic extra installed and `semantic` (None: CITEBOT_SEMANTIC=1), every
    unit's vector is attached too (`knowledge.semantic`; the "meaning" stage);
    `meaning_status` says whether.
    Raises KnowledgeError listing every problem (file, line, reason).
    """
    started = time.perf_counter()
    wanted = asked_for() if semantic is None else semantic
    preparing = prepare_in_background() if wanted else None
    # The English word list, loaded first so the first question is as fast as the rest.
    warm_english()
    folder = Path(path) if path is not None else DEFAULT_KNOWLEDGE
    cache_folder = Path(cache_dir) if cache_dir is not None else None
    warming = warmup.in_background() if cache_folder is None else []
    memo = FileMemo.read(cache_folder)
    manifest, inputs = read_inputs(folder, cache_folder, faq_text, memo)
    key = hashlib.sha256(engine_version().encode() + inputs).digest()
    stored = cache.cache_path(cache_folder, key) if cache_folder is not None else None
    kb = cache.read_object(stored, key, KnowledgeBase, memo) if stored is not None else None
    memo.save()
    if kb is not None:
        # A thread loading tables while a cache is read slowed the read by a third (they
        # share the GIL): after it, the two the first question needs are loaded at once.
        warmup.what_the_first_question_needs()
    warming += warmup.in_background()  # while the knowledge is built
    if kb is None:
        with _no_cycle_collection():
            kb = _build(manifest, folder, inputs.hex()[:12], progress or _silent, faq_text)
        if stored is not None:
            cache.write(stored, key, kb)
    else:
        kb.from_cache = True
        kb.source = folder
    if preparing is not None:
        preparing.join()
    kb.meaning, kb.meaning_status = attach_meaning(
        kb._index,
        kb.documents,
        [kb.faq[i] for i in kb._answerer.curated],
        cache_folder,
        progress or _silent,
        wanted=wanted,
    )
    # What the folder's listing skipped is named afresh each load (it is not in the key).
    kb.warnings = (*manifest.warnings, *kb.read_warnings)
    if threshold is not None:
        kb.threshold = threshold
    if kb.from_cache:  # only wordfreq's import is left (~70 ms): the first answer waits for none
        warmup.wait(warming)  # after a build, the tables finish while the bot connects
    _prime(kb)
    memory.give_back()  # what the build or the read freed: RSS need not stay at its peak
    kb.build_seconds = time.perf_counter() - started
    return kb


def _prime(kb: KnowledgeBase) -> None:
    """Answer one question, the text's own first title, and forget it: the first person's
    answer no longer runs the engine's code cold (2.0 -> 0.95 ms on the bundled article;
    later answers 0.65-1.0 ms). An answer changes nothing but caches of word lookups."""
    kb.answer(next((s.name for s in kb.sections), "") or "prime")


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """A build makes millions of objects that live until it ends: the cycle collector
    walking them again and again cost ~15% of a large build. (The collector is the
    process's: while a bot rebuilds in a thread, its other threads go without it too.)"""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _silent(stage: str, done: int, total: int) -> None:
    del stage, done, total


def _build(
    manifest: Manifest, folder: Path, fingerprint: str, progress: Progress, faq_text: str | None
) -> KnowledgeBase:
    documents, masked, warnings = read_documents(manifest, folder, progress)
    problems: list[Problem] = []
    curated: list[FaqEntry] = []
    faq_ids: set[str] = set()
    for n, faq_file in enumerate(manifest.faq_files):
        stand_in = faq_text if n == 0 else None
        try:
            curated += read_curated(faq_file, folder, documents, faq_ids, stand_in)
        except KnowledgeError as exc:
            (warnings if vanished(faq_file, stand_in) else problems).extend(exc.problems)
    synonym_files = [p for p in manifest.synonym_files if not vanished(p, None, warnings)]
    try:
        synonyms = load_synonyms(synonym_files, folder)
    except KnowledgeError as exc:
        problems.extend(exc.problems)
    if problems:
        raise KnowledgeError(problems)
    progress("faq", 0, 1)
    generated = [e for e in generate(documents) if e.id not in faq_ids]
    progress("faq", 1, 1)
    progress("index", 0, 1)
    answerable = [s for d in documents for s in d.sections if not s.reference_only]
    by_title = {d.title: masked[i] for i, d in enumerate(documents)}
    searchable = [w for s in answerable for w in unit_words(s.sentences, by_title[s.document])]
    index = Index(
        answerable,
        synonyms,
        _phrasings(curated, answerable, documents),
        searchable=searchable,
    )
    progress("index", 1, 1)
    kb = KnowledgeBase(
        manifest,
        tuple(documents),
        (*curated, *generated),
        index,
        fingerprint=fingerprint,
        threshold=manifest.threshold,
    )
    kb.read_warnings = tuple(warnings)
    return kb


def _phrasings(
    entries: list[FaqEntry], answerable: list[Section], documents: list[Document]
) -> dict[int, list[str]]:
    """Sentence position -> the curated questions (and alternates) its text answers
    (positions number the answerable sections' sentences in order)."""
    first = dict(zip((s.id for s in answerable), _firsts(answerable), strict=True))
    texts = {d.title: d.text for d in documents}
    sections = {s.id: s for s in answerable}
    out: dict[int, list[str]] = {}
    for entry in entries:
        section = sections.get(entry.section_id)
        span = quoted_span(entry, section, texts[section.document]) if section else None
        if section is None or span is None:
            continue
        for position in range(first[section.id] + span[0], first[section.id] + span[1] + 1):
            out.setdefault(position, []).extend((entry.question, *entry.alternates))
    return out


def _firsts(sections: list[Section]) -> list[int]:
    """Each section's first sentence position when their sentences are numbered in order."""
    out, total = [], 0
    for section in sections:
        out.append(total)
        total += len(section.sentences)
    return out


def _allow_in_the_cache() -> None:
    """Name the classes a cache file may hold (`knowledge.store.graphcodec`): a built
    knowledge base's whole graph, and the cached manifest."""
    graphcodec.allow(
        KnowledgeBase,
        Document,
        Section,
        Sentence,
        FaqEntry,
        Problem,
        Units,
        UnitTable,
        Index,
        Synonyms,
        Postings,
        Pairs,
        TypoIndex,
        DeletionIndex,
        Bigrams,
        Answerer,
        PassageScorer,
        FaqMatcher,
        TextTable,
        Manifest,
        DocumentSpec,
    )


_allow_in_the_cache()
