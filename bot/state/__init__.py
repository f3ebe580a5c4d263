"""Chat state behind one interface: sessions' turns and current articles, and Sources buttons' citations.

Two engines implement it: `SQLiteState` (one file in the data folder; one machine) and `PostgresState`
(a PostgreSQL server shared by several replicas). `bot.factory.build_state` picks one from the settings.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from bot.schema import Citation

DEFAULT_CITATIONS_KEPT = 5000


class StateUnavailable(RuntimeError):
    """The chat state's database cannot be opened; the message is one line and names no password."""


@dataclass(frozen=True)
class Cited:
    """An answer message's citations and its rendered HTML (to append the sources to it)."""

    citations: tuple[Citation, ...]
    html: str


class Sessions(Protocol):
    """Each chat session's turns (newest ones kept) and its current article."""

    def history(self, session: str) -> list[dict[str, Any]]:
        """Return the session's kept turns, oldest first."""
        ...

    def append(self, session: str, question: str, answer: dict[str, Any]) -> None:
        """Add a turn and drop the oldest beyond the cap, atomically."""
        ...

    def reset(self, session: str) -> None:
        """Forget a session's turns (its current article stays: the user chose it)."""
        ...

    def current(self, session: str) -> str | None:
        """Return the id of the session's current article, or None if it has none."""
        ...

    def set_current(self, session: str, doc_id: str | None) -> None:
        """Make `doc_id` the session's current article (None: no current article)."""
        ...

    def forget_article(self, doc_id: str) -> None:
        """Clear `doc_id` as the current article of every session (it was removed)."""
        ...


class Citations(Protocol):
    """The citations behind answers' Sources buttons, under short keys that fit in callback_data."""

    def put(self, citations: tuple[Citation, ...], html: str) -> str:
        """Keep citations and return their key (a dozen URL-safe characters)."""
        ...

    def get(self, key: str) -> Cited | None:
        """Return the citations kept under `key`, or None if they expired."""
        ...


class ChatState(Sessions, Citations, Protocol):
    """Everything a conversation keeps between messages, in one store."""

    def close(self) -> None:
        """Release the store's connections."""
        ...


def encode_cited(citations: tuple[Citation, ...], html: str) -> str:
    """Serialise citations and their message for storage."""
    return json.dumps({"html": html, "citations": [asdict(c) for c in citations]}, ensure_ascii=False)


def decode_cited(text: str) -> Cited:
    """Read back what `encode_cited` stored."""
    data = json.loads(text)
    return Cited(tuple(Citation(**c) for c in data["citations"]), data["html"])


def encode_answer(answer: dict[str, Any]) -> str:
    """Serialise a turn's answer record for storage."""
    return json.dumps(answer, ensure_ascii=False)


def new_key() -> str:
    """Return a fresh citations key: 64 random bits, 11 characters, well under callback_data's 64 bytes."""
    return secrets.token_urlsafe(8)
