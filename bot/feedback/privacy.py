"""User ids are never stored: a salted hash stands in, made with the install's salt.

The salt is made once per install (SQLite: a file beside the database, readable by its owner
only; PostgreSQL: a row of the database, so every process on every machine hashes alike). The
same user hashes the same way across restarts, which is what lets /forget-me find a user's
rows, while the hash alone cannot be turned back into an id nor matched against another
install's. A salt that cannot be read, is not hex or is too short is never replaced nor
weakened: it is a `SaltError`, and the store then records nothing until it is fixed.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import tempfile
from pathlib import Path

SALT_BYTES = 32
MIN_SALT_BYTES = 16  # shorter than this, a hash could be brute-forced back to a user id


class SaltError(Exception):
    """The salt is missing, unreadable, damaged or cannot be made; the message says which."""


def salt_path(database: Path) -> Path:
    """Where the salt of a SQLite database lives: beside it, `<name>.salt`."""
    return database.with_name(database.name + ".salt")


def parse_salt(text: str, where: str, remedy: str) -> bytes:
    """A stored salt (hex), checked: never hash with a damaged or empty key."""
    try:
        salt = bytes.fromhex(text.strip())
    except ValueError:
        raise SaltError(f"{where} is damaged (not hexadecimal): {remedy}") from None
    if len(salt) < MIN_SALT_BYTES:
        too_short = f"{len(salt)} bytes, fewer than {MIN_SALT_BYTES}"
        raise SaltError(f"{where} is damaged ({too_short}): {remedy}")
    return salt


def remedy(what: str) -> str:
    """How to fix a damaged salt, and what the fix costs."""
    return (
        f"restore it from a backup, or delete {what} to make a new one (questions recorded "
        "before can then no longer be found by /forget-me)"
    )


def new_salt() -> bytes:
    return secrets.token_bytes(SALT_BYTES)


def load_salt(database: Path | None) -> bytes:
    """The install's salt, made (mode 0600) on first use; a memory database gets a fresh one."""
    if database is None:
        return new_salt()
    path = salt_path(database)
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    try:
        _create(path, new_salt())
    except FileExistsError:  # another process made it first: use theirs
        pass
    except OSError as exc:
        raise SaltError(
            f"cannot create the salt file {path} ({_why(exc)}): make its folder writable, "
            "or set feedback.database to a place citebot may write"
        ) from None
    return _read(path)


def _read(path: Path) -> bytes:
    try:
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        raise
    except (OSError, UnicodeDecodeError) as exc:
        raise SaltError(f"cannot read the salt file {path} ({_why(exc)})") from None
    return parse_salt(text, f"the salt file {path}", remedy("the file"))


def _create(path: Path, salt: bytes) -> None:
    """Write the salt whole under a temporary name, then link it into place: a reader never
    sees a half-written salt, and of two processes racing only one salt wins."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(salt.hex() + "\n")
        os.link(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _why(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc)


def user_hash(salt: bytes, user_id: int) -> str:
    """The stored stand-in for a user id."""
    return hmac.new(salt, str(user_id).encode(), hashlib.sha256).hexdigest()[:32]
