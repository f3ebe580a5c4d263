"""Shared pieces of the bot's acceptance tests (no tests here): settings, a fake service, a running bot.

The bot under test is the real Application from `bot.telegram.app.build_application`, polling the
emulator over HTTP in the test's own event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from telegram.ext import Application
from tg import TelegramEmulator

from bot.articles import ArticleInfo
from bot.schema import Answer, Citation
from bot.settings import Settings
from bot.state import Citations
from bot.state.sqlite import SQLiteState
from bot.telegram.app import build_application, running


def make_settings(tg: TelegramEmulator, data_dir: Path, **overrides: Any) -> Settings:
    """Settings that point the bot at the emulator, with generous limits unless overridden."""
    # Everything the tests rely on is explicit, so a developer's .env or environment cannot leak in.
    values: dict[str, Any] = {
        "_env_file": None, "data_dir": data_dir, "telegram_bot_token": tg.token,
        "telegram_api_url": tg.api_url, "telegram_rate_limit": 0, "telegram_flood_rate": 0,
        "telegram_allowed_ids": [], "telegram_admin_ids": [], "telegram_mode": "polling",
        "telegram_max_question_chars": 1000, "telegram_max_upload_bytes": 1_048_576,
    }
    values.update(overrides)
    return Settings(**values)


@contextlib.asynccontextmanager
async def bot_running(settings: Settings, service: Any, ingestor_factory: Callable[[], Any] | None = None,
                      citations: Citations | None = None) -> AsyncIterator[Application]:
    """Build the real bot over `service` and serve updates until the block exits.

    `citations`: the Sources buttons' store (a real bot passes its chat state); else one of its own.
    """
    app = build_application(settings, service, citations if citations is not None else SQLiteState.in_memory(),
                            ingestor_factory)
    async with running(app):
        yield app


@dataclass
class FakeDoc:
    """What /sources shows of an article."""

    doc_id: str
    title: str
    source: str = "fake.txt"
    chunks: int = 3
    quotes: int = 1
    text: str = ""


@dataclass
class FakeStore:
    """An article store holding a fixed list of articles."""

    articles: list[FakeDoc] = field(default_factory=lambda: [FakeDoc("d1", "Fake article")])

    def docs(self) -> list[FakeDoc]:
        return list(self.articles)

    def delete(self, doc_id: str) -> bool:
        before = len(self.articles)
        self.articles = [d for d in self.articles if d.doc_id != doc_id]
        return len(self.articles) < before


class FakeService:
    """An answering service whose answers, delays and failures the test controls.

    `answer_for(question)` returns the Answer; questions starting with "slow" take `slow_seconds`,
    questions starting with "boom" raise. Every call is recorded with the thread it ran in.
    """

    def __init__(self, answer_for: Callable[[str], Answer] | None = None, slow_seconds: float = 2.0) -> None:
        self.answer_for = answer_for or (lambda q: Answer("answered", f"You asked: {q} [1]", [CITATION]))
        self.slow_seconds = slow_seconds
        self.store = FakeStore()
        self.calls: list[tuple[str, str | None, float, float]] = []
        self.threads: set[str] = set()
        self.history: dict[str, list[str]] = {}
        self._lock = threading.Lock()

    def ask(self, question: str, session: str | None = None) -> Answer:
        start = time.monotonic()
        with self._lock:
            self.threads.add(threading.current_thread().name)
        if question.lower().startswith("slow"):
            time.sleep(self.slow_seconds)
        if question.lower().startswith("boom"):
            raise RuntimeError("the fake service failed on purpose")
        answer = self.answer_for(question)
        with self._lock:
            self.calls.append((question, session, start, time.monotonic()))
            if session:
                self.history.setdefault(session, []).append(question)
        return answer

    def summary(self, doc_id: str | None = None) -> Answer:
        if doc_id not in (None, "d1"):
            raise KeyError(doc_id)
        return Answer("answered", "A fake summary. [1]", [CITATION], kind="summary")

    def quotes(self, speaker: str | None = None) -> list[dict[str, Any]]:
        return [q for q in QUOTES if speaker is None or speaker.lower() in q["speaker"].lower()]

    def articles(self) -> list[ArticleInfo]:
        return [ArticleInfo("d1", "Fake article", "fake.txt", 0.0)]

    def current(self, session: str | None) -> str | None:
        return "d1"

    def use(self, session: str, doc_id: str) -> ArticleInfo:
        if doc_id != "d1":
            raise KeyError(doc_id)
        return self.articles()[0]

    def choose(self, session: str, doc_id: str) -> Answer | None:
        self.use(session, doc_id)
        return None

    def reset(self, session: str) -> None:
        self.history.pop(session, None)


CITATION = Citation(1, "d1", "Fake article", "The passage <b>cited</b> & quoted.", 0, 34)
QUOTES = [
    {"speaker": "Ada Lovelace", "role": "mathematician", "quote": "The engine weaves algebraic patterns",
     "kind": "direct", "doc_id": "d1", "start": 10, "end": 46},
    {"speaker": "Charles Babbage", "role": None, "quote": "the machine would compute tables",
     "kind": "indirect", "doc_id": "d1", "start": 60, "end": 92},
]


async def eventually(condition: Callable[[], Any], timeout: float = 10.0) -> Any:
    """Await until condition() is truthy and return its value."""
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        if time.monotonic() > deadline:
            raise AssertionError("condition never became true")
        await asyncio.sleep(0.01)
    return value


def entity_types(message: dict[str, Any]) -> list[str]:
    """The entity types of a message the bot sent, in order."""
    return [e["type"] for e in message.get("entities", [])]


def entity_text(message: dict[str, Any], kind: str) -> list[str]:
    """The texts covered by entities of one type (offsets are UTF-16 code units)."""
    raw = message["text"].encode("utf-16-le")
    return [raw[2 * e["offset"]:2 * (e["offset"] + e["length"])].decode("utf-16-le")
            for e in message.get("entities", []) if e["type"] == kind]


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    """The inline buttons of a message the bot sent."""
    return [b for row in message.get("reply_markup", {}).get("inline_keyboard", []) for b in row]
