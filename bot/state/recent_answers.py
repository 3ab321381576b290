"""The last answers shown, so "More" and votes can refer to them by a short key."""

from __future__ import annotations

import secrets
from collections import OrderedDict

import knowledge


class RecentAnswers:
    """The last answers shown, so "More" and votes can refer to them by a short key."""

    def __init__(self, size: int = 2000) -> None:
        self._items: OrderedDict[str, knowledge.Answer] = OrderedDict()
        self._size = size

    def add(self, answer: knowledge.Answer) -> str:
        key = secrets.token_hex(6)
        self._items[key] = answer
        while len(self._items) > self._size:
            self._items.popitem(last=False)
        return key

    def get(self, key: str) -> knowledge.Answer | None:
        return self._items.get(key)
