"""`citebot faq export`: the curated FAQ file with the database's edits applied, for git.

With PostgreSQL, /faq add and /faq remove are kept in the database over each machine's
read-only faq.yaml. This writes the merged file (checked by the loader first), so whoever
keeps the knowledge in git can commit it; with the edits in the file, they may be cleared
from the database (`DELETE FROM faq_edits`), and every process then serves the same FAQ.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path

import yaml

import knowledge
from bot.cluster import overlay, state
from bot.feedback import learning, postgres
from bot.feedback.offline import database, open_db, read_errors
from bot.state.curate import CurateError, curated_file
from bot.state.settings import Settings, SettingsError, load


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="citebot faq export", description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, help="config file (default: ./config.yaml)")
    parser.add_argument("--database", help="SQLite file or postgresql:// URL (default: config's)")
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    parser.add_argument(
        "--learned", type=int, metavar="GUILD", help="add this server's learned answers too"
    )
    return parser


def _settings(config: Path | None) -> Settings:
    if config is None and Path("config.yaml").is_file():
        config = Path("config.yaml")
    return load(config) if config is not None else Settings()


def merged_text(folder: Path, where: Path | str) -> str:
    """The folder's curated FAQ file with every stored edit applied (as the bot loads it)."""
    base = overlay.base_text(folder)
    if isinstance(where, Path) and not where.is_file():
        return base
    with closing(open_db(where)) as db:
        edits = state.faq_edits(db)
    return overlay.merge(base, edits) if edits else base


def main(argv: Sequence[str]) -> int:
    """0 written; 1 when the database or the FAQ cannot be read or is refused; 2 config."""
    args = _parser().parse_args(argv)
    try:
        settings = _settings(args.config)
        where = database(args.config, args.database)
        folder = overlay.folder_of(settings.knowledge_path)
        curated_file(folder)
    except (SettingsError, CurateError) as exc:
        print(f"citebot: {exc}", file=sys.stderr)
        return 2
    try:
        text = merged_text(folder, where)
        if args.learned is not None:
            text = with_learned(text, folder, where, args.learned)
        knowledge.load(folder, faq_text=text)  # never export what the loader would refuse
    except knowledge.KnowledgeError as exc:
        print("citebot: the merged FAQ is refused by the loader:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    except read_errors() as exc:
        name = postgres.redact(where) if isinstance(where, str) else where
        print(f"citebot: cannot read {name}: {str(exc).strip()}", file=sys.stderr)
        return 1
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
        print(f"merged FAQ written to {args.output}", file=sys.stderr)
    return 0


def with_learned(text: str, folder: Path, where: Path | str, guild: int) -> str:
    """The FAQ text with a server's published learned answers added as curated entries
    (those whose quote is still verbatim; a question already in the FAQ is left out)."""
    if isinstance(where, Path) and not where.is_file():
        return text
    kb = knowledge.load(folder, faq_text=text)
    with closing(open_db(where)) as db:
        learned = learning.server_learned(kb, db, guild)
    asked = {" ".join(e.question.casefold().split()) for e in kb.faq if e.curated}
    taken = {e.id for e in kb.faq}
    entries = []
    for pair in learned.usable:
        if " ".join(pair.question.casefold().split()) in asked:
            continue
        entry_id = f"learned-{guild}-{pair.key}"
        if entry_id not in taken:
            entries.append({"id": entry_id, "question": pair.question, "answer": pair.quote})
    if not entries:
        return text
    added = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=100)
    lead = "" if not text.strip() else ("" if text.endswith("\n") else "\n")
    return f"{text}{lead}# learned in server {guild} (citebot learn list)\n{added}"
