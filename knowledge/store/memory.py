"""Memory a load has freed, handed back to the system.

Building or reading a knowledge base allocates and frees a great deal (token lists, the
JSON of a cache, column lists). glibc's allocator keeps freed memory for the process, so
RSS after a load stayed near its peak: at 500x the article, 444 MB after a build, of
which `malloc_trim` hands back 133 MB (and ~10 MB after a cached load), in ~2 ms.
Elsewhere (macOS, musl) there is nothing to call, and nothing is done.
"""

from __future__ import annotations

import ctypes
import sys


def give_back() -> bool:
    """Ask the C allocator to return what it holds free; whether it could be asked."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        trim = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc
        return False
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    trim(0)
    return True
