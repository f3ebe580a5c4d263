"""Citations behind each answer's "Sources" button, keyed by a short id that fits in callback_data."""

from __future__ import annotations

import secrets
from collections import OrderedDict
from dataclasses import dataclass

from bot.schema import Citation

PREFIX = "src:"


@dataclass(frozen=True)
class Cited:
    """An answer message's citations and its rendered HTML (to append the sources to it)."""

    citations: tuple[Citation, ...]
    html: str


class CitationStore:
    """The newest `cap` answers' citations; older ids expire (and so do all ids on restart)."""

    def __init__(self, cap: int = 5000) -> None:
        self.cap = cap
        self._items: OrderedDict[str, Cited] = OrderedDict()

    def put(self, citations: tuple[Citation, ...], html: str) -> str:
        """Keep citations and return the callback_data for their button (well under 64 bytes)."""
        key = secrets.token_urlsafe(8)
        self._items[key] = Cited(citations, html)
        while len(self._items) > self.cap:
            self._items.popitem(last=False)
        return PREFIX + key

    def get(self, data: str) -> Cited | None:
        """Return the citations for a button's callback_data, or None if they expired."""
        key = data.removeprefix(PREFIX)
        if key in self._items:
            self._items.move_to_end(key)
        return self._items.get(key)
