"""User ids are never stored: a salted hash stands in, the salt kept beside the database.

The salt is made once per install (readable by its owner only), so the same user hashes the
same way across restarts, which is what lets /forget-me find a user's rows, while the hash
alone cannot be turned back into an id nor matched against another install's.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path


def salt_path(database: Path) -> Path:
    """Where the salt of a database lives: beside it, `<name>.salt`."""
    return database.with_name(database.name + ".salt")


def load_salt(database: Path | None) -> bytes:
    """The install's salt, created (mode 0600) on first use; a memory database gets a fresh one."""
    if database is None:
        return secrets.token_bytes(32)
    path = salt_path(database)
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    salt = secrets.token_bytes(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first: use theirs
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(salt.hex() + "\n")
    return salt


def user_hash(salt: bytes, user_id: int) -> str:
    """The stored stand-in for a user id."""
    return hmac.new(salt, str(user_id).encode(), hashlib.sha256).hexdigest()[:32]
