"""Unit tests of the service runner: worker threads, per-session order, lazy ingest."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from bot.schema import Answer
from bot.state.sqlite import SQLiteState
from bot.telegram.runner import ServiceRunner, session_id, speakers


class Store:
    def docs(self) -> list[Any]:
        return []

    def delete(self, doc_id: str) -> bool:
        return False


class SlowService:
    """Answers after a delay, recording (question, start, end) and writing the turn to real sessions."""

    def __init__(self, sessions: Any = None, delay: float = 0.2) -> None:
        self.store = Store()
        self.sessions = sessions
        self.delay = delay
        self.log: list[tuple[str, float, float]] = []

    def ask(self, question: str, session: str | None = None) -> Answer:
        start = time.monotonic()
        time.sleep(self.delay)
        if session and self.sessions is not None:
            self.sessions.history(session)
            self.sessions.append(session, question, {"answer": question})
        self.log.append((question, start, time.monotonic()))
        return Answer("answered", question)

    def summary(self, doc_id: str | None = None) -> Answer:
        return Answer("answered", "summary")

    def quotes(self, speaker: str | None = None) -> list[dict[str, Any]]:
        return []


def test_session_ids_are_per_chat() -> None:
    assert session_id(-100) == "tg:-100" and session_id(5) == "tg:5"


async def test_other_sessions_run_in_parallel_and_one_session_in_order(tmp_path: Path) -> None:
    service = SlowService(SQLiteState(tmp_path / "s.sqlite3"), delay=0.3)
    runner = ServiceRunner(service, workers=4)
    try:

        async def turn(question: str, session: str) -> Answer:
            async with runner.turn(session):
                return await runner.ask(question, session)

        answers = await asyncio.gather(turn("a1", "A"), turn("a2", "A"), turn("b1", "B"), turn("c1", "C"))
    finally:
        runner.close()
    assert [a.answer for a in answers] == ["a1", "a2", "b1", "c1"]
    # Ordering from the recorded intervals, not wall-clock bounds (a loaded machine stretches those): A's
    # two questions back to back, B and C alongside A rather than queued behind it.
    log = {q: (s, e) for q, s, e in service.log}
    assert log["a2"][0] >= log["a1"][1]
    assert log["b1"][0] < log["a1"][1] and log["c1"][0] < log["a1"][1]
    assert [t["question"] for t in service.sessions.history("A")] == ["a1", "a2"]


def test_the_chat_state_takes_calls_from_every_worker_thread(tmp_path: Path) -> None:
    store = SQLiteState(tmp_path / "s.sqlite3")
    service = SlowService(store, delay=0)
    runner = ServiceRunner(service, workers=8)
    errors: list[BaseException] = []

    def hammer(n: int) -> None:
        try:
            for i in range(50):
                service.ask(f"q{i}", f"s{n}")
        except (sqlite3.Error, RuntimeError) as exc:
            errors.append(exc)

    threads = [threading.Thread(target=hammer, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    runner.close()
    assert errors == []
    assert all(len(store.history(f"s{n}")) == 20 for n in range(8))  # capped at 20 turns


async def test_the_ingestor_is_built_once_on_first_use() -> None:
    built: list[int] = []

    class Ingestor:
        def ingest(self, sources: list[str]) -> tuple[list[str], list[str]]:
            return list(sources), []

    def factory() -> Ingestor:
        built.append(1)
        return Ingestor()

    runner = ServiceRunner(SlowService(), factory)
    assert built == []
    results = await asyncio.gather(runner.ingest(["a"]), runner.ingest(["b"]))
    runner.close()
    assert results == [(["a"], []), (["b"], [])] and built == [1]


async def test_without_an_ingestor_factory_ingest_fails_clearly() -> None:
    runner = ServiceRunner(SlowService())
    with pytest.raises(RuntimeError, match="without an ingestor"):
        await runner.ingest(["a"])
    runner.close()


async def test_reset_uses_the_service_or_its_sessions(tmp_path: Path) -> None:
    store = SQLiteState(tmp_path / "s.sqlite3")
    store.append("tg:1", "q", {})
    runner = ServiceRunner(SlowService(store))
    await runner.reset("tg:1")
    runner.close()
    assert store.history("tg:1") == []


def test_speakers_counts_quotes_and_keeps_the_first_role() -> None:
    records = [{"speaker": s, "role": r} for s, r in
               [("A", None), ("B", "mayor"), ("B", None), ("A", "minister"), ("B", "x")]]
    assert speakers(records) == [("B", "mayor", 3), ("A", "minister", 2)]
