"""Run the CPU-bound answering service off the event loop.

Questions go to a thread pool so a slow one never stalls other chats; a session's turn is held
while one of its questions is answered and replied to, so each question sees the turns before it
and a chat's answers arrive in the order it asked. The ingestor loads heavy
models, so it is built on first use, once.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import threading
import weakref
from collections.abc import AsyncIterator, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from bot.service import AnsweringService

if TYPE_CHECKING:
    from bot.schema import Answer
    from index.ingest import Ingested, Ingestor, Skipped

T = TypeVar("T")


class Collection(Protocol):
    """What the bot needs from the article store."""

    def docs(self) -> list[Any]:
        """List the committed articles."""
        ...

    def delete(self, doc_id: str) -> bool:
        """Remove an article; False if there was none."""
        ...


class BotService(AnsweringService, Protocol):
    """The answering service plus its article store (NewsService is one)."""

    store: Collection


def session_id(chat_id: int) -> str:
    """Name the service session of a chat (one per private chat, one per group)."""
    return f"tg:{chat_id}"


class ServiceRunner:
    """Calls the service in worker threads; one turn at a time per session."""

    def __init__(self, service: BotService, ingestor_factory: Callable[[], Ingestor] | None = None,
                 workers: int = 4) -> None:
        self.service = service
        self._ingestor_factory = ingestor_factory
        self._ingestor: Ingestor | None = None
        self._ingest_lock = threading.Lock()
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="newsbot-answer")
        # Locks live while some question of their session holds or awaits them.
        self._session_locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    async def call(self, fn: Callable[..., T], *args: Any) -> T:
        """Run `fn(*args)` in a worker thread and await its result."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, functools.partial(fn, *args))

    @contextlib.asynccontextmanager
    async def turn(self, session: str) -> AsyncIterator[None]:
        """Hold the session's turn: hold it while asking and replying, so one chat's answers come in order."""
        lock = self._session_locks.get(session)
        if lock is None:
            lock = self._session_locks[session] = asyncio.Lock()
        async with lock:
            yield

    async def ask(self, question: str, session: str) -> Answer:
        """Answer a question in a session (inside `turn(session)`, so it sees the turns before it)."""
        return await self.call(self.service.ask, question, session)

    @property
    def streaming(self) -> bool:
        """Tell whether the service answers sentence by sentence."""
        return bool(getattr(self.service, "streaming", False))

    async def ask_stream(self, question: str, session: str) -> AsyncIterator[Answer]:
        """Yield the service's ever longer answers as its worker thread produces them."""
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()

        def work() -> None:
            try:
                for answer in self.service.ask_stream(question, session):  # type: ignore[attr-defined]
                    loop.call_soon_threadsafe(queue.put_nowait, ("answer", answer))
            except BaseException as exc:  # handed to the event loop, which raises it in the handler
                loop.call_soon_threadsafe(queue.put_nowait, ("error", exc))
            else:
                loop.call_soon_threadsafe(queue.put_nowait, ("done", None))

        done = loop.run_in_executor(self._pool, work)
        while True:
            kind, item = await queue.get()
            if kind == "answer":
                yield item
                continue
            await done
            if kind == "error":
                raise item
            return

    async def reset(self, session: str) -> None:
        """Forget a session's history."""
        reset = getattr(self.service, "reset", None)
        if reset is None:
            sessions = getattr(self.service, "sessions", None)
            reset = sessions.reset if sessions is not None else (lambda _session: None)
        await self.call(reset, session)

    async def ingest(self, sources: Sequence[str]) -> tuple[list[Ingested], list[Skipped]]:
        """Ingest files or URLs with the (lazily built) ingestor, one ingest at a time."""
        return await self.call(self._ingest, list(sources))

    def _ingest(self, sources: list[str]) -> tuple[list[Ingested], list[Skipped]]:
        with self._ingest_lock:
            if self._ingestor is None:
                if self._ingestor_factory is None:
                    raise RuntimeError("this bot was started without an ingestor")
                self._ingestor = self._ingestor_factory()
            return self._ingestor.ingest(sources)

    def close(self) -> None:
        """Stop the worker threads once running calls finish."""
        self._pool.shutdown(wait=True, cancel_futures=True)


def speakers(records: Sequence[dict[str, Any]]) -> list[tuple[str, str | None, int]]:
    """List (speaker, role, number of quotes) from quote records, most quoted first."""
    counts: dict[str, list[Any]] = {}
    for r in records:
        entry = counts.setdefault(r["speaker"], [None, 0])
        entry[0] = entry[0] or r.get("role") or None
        entry[1] += 1
    return sorted(((name, role, n) for name, (role, n) in counts.items()), key=lambda s: -s[2])
