"""What the bot sent: every REST request, kept in order and awaitable.

Tests assert on the exact JSON discord.py produced, and wait for requests that
happen after the interaction's first response (follow-ups, edits).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Upload:
    """A file sent with a multipart request, as Discord receives it."""

    field: str  # the form field, e.g. "files[0]"
    filename: str
    content_type: str
    data: bytes


@dataclass
class RecordedRequest:
    """One REST request and the fake's answer to it."""

    method: str
    path: str  # relative to the API base, e.g. "/users/@me"
    query: Mapping[str, str]
    json: Any
    headers: Mapping[str, str]
    status: int = 0
    response: Any = None
    #: Names of files uploaded with a multipart request.
    files: list[str] = field(default_factory=list)
    #: The files themselves (name, content type, bytes), in the order sent.
    uploads: list[Upload] = field(default_factory=list)
    #: The message this request created or edited, when it did.
    message: dict[str, Any] | None = None

    @property
    def data(self) -> Any:
        """``json["data"]``: the payload of an interaction callback."""
        return (self.json or {}).get("data")

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def __repr__(self) -> str:
        return f"<{self.method} {self.path} -> {self.status}>"


Predicate = Callable[[RecordedRequest], bool]


@dataclass
class _Waiter:
    matches: Predicate
    future: asyncio.Future[RecordedRequest]


@dataclass
class RequestLog:
    """The ordered list of requests, plus waiting for ones that have not come yet."""

    requests: list[RecordedRequest] = field(default_factory=list)
    _taken: set[int] = field(default_factory=set)
    _waiters: list[_Waiter] = field(default_factory=list)

    def add(self, request: RecordedRequest) -> None:
        """Record a finished request (status and response filled) and wake waiters."""
        self.requests.append(request)
        for waiter in list(self._waiters):
            if waiter.future.done():
                self._waiters.remove(waiter)
            elif waiter.matches(request) and id(request) not in self._taken:
                self._taken.add(id(request))
                waiter.future.set_result(request)
                self._waiters.remove(waiter)

    def find(
        self, method: str | None = None, path: str = "", predicate: Predicate | None = None
    ) -> list[RecordedRequest]:
        """All recorded requests matching ``method`` and the regex ``path`` (searched)."""
        matches = _matcher(method, path, predicate)
        return [r for r in self.requests if matches(r)]

    def last(self, method: str | None = None, path: str = "") -> RecordedRequest:
        found = self.find(method, path)
        if not found:
            raise LookupError(
                f"no {method or 'ANY'} {path!r} request recorded; got {self.requests}"
            )
        return found[-1]

    async def wait_for(
        self,
        method: str | None = None,
        path: str = "",
        *,
        timeout: float = 5.0,
        predicate: Predicate | None = None,
    ) -> RecordedRequest:
        """The first matching request not already returned by a ``wait_for``."""
        matches = _matcher(method, path, predicate)
        for request in self.requests:
            if id(request) not in self._taken and matches(request):
                self._taken.add(id(request))
                return request
        future: asyncio.Future[RecordedRequest] = asyncio.get_running_loop().create_future()
        self._waiters.append(_Waiter(matches, future))
        try:
            return await asyncio.wait_for(future, timeout)
        except TimeoutError:
            seen = "\n  ".join(repr(r) for r in self.requests[-15:])
            raise TimeoutError(
                f"no {method or 'ANY'} {path!r} request within {timeout}s; last requests:\n  {seen}"
            ) from None


def _matcher(method: str | None, path: str, predicate: Predicate | None) -> Predicate:
    pattern = re.compile(path)

    def matches(request: RecordedRequest) -> bool:
        if method is not None and request.method != method.upper():
            return False
        if not pattern.search(request.path):
            return False
        return predicate is None or predicate(request)

    return matches
