"""The SQLite session store: turns capped per session, and each session's current article."""

from __future__ import annotations

from pathlib import Path

from bot.sessions import SessionStore


def test_current_article_persists_per_session_and_survives_reopen(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    store = SessionStore(path)
    assert store.current("a") is None
    store.set_current("a", "doc1")
    store.set_current("b", "doc2")
    store.set_current("a", "doc3")
    store.close()
    reopened = SessionStore(path)
    assert (reopened.current("a"), reopened.current("b")) == ("doc3", "doc2")


def test_reset_keeps_the_current_article_and_forget_clears_it(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "s.sqlite3")
    store.set_current("a", "doc1")
    store.set_current("b", "doc1")
    store.append("a", "q", {"status": "answered"})
    store.reset("a")
    assert store.history("a") == [] and store.current("a") == "doc1"
    store.forget_article("doc1")
    assert store.current("a") is None and store.current("b") is None
    store.set_current("b", "doc2")
    store.set_current("b", None)
    assert store.current("b") is None


def test_turns_are_capped_oldest_first(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "s.sqlite3", cap=2)
    for i in range(3):
        store.append("a", f"q{i}", {"n": i})
    assert [t["question"] for t in store.history("a")] == ["q1", "q2"]
