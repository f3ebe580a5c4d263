"""The chat-state contract, the same for both engines: SQLite (a file) and PostgreSQL (a throwaway server)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.schema import Citation
from bot.settings import Settings
from bot.state import ChatState, Cited, StateUnavailable

OpenState = Callable[..., ChatState]


@pytest.fixture(params=["sqlite", "postgres"])
def open_state(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[OpenState]:
    """Return a function opening the engine's state over one store (call it again: another process)."""
    opened: list[ChatState] = []
    if request.param == "sqlite":
        from bot.state.sqlite import SQLiteState

        def make(cap: int = 20, citations_kept: int = 5000) -> ChatState:
            state = SQLiteState(tmp_path / "sessions.sqlite3", cap=cap, citations_kept=citations_kept)
            opened.append(state)
            return state
    else:
        from bot.state.postgres import PostgresState

        url = request.getfixturevalue("postgres").new_database()

        def make(cap: int = 20, citations_kept: int = 5000) -> ChatState:
            state = PostgresState(url, cap=cap, citations_kept=citations_kept)
            opened.append(state)
            return state
    yield make
    for state in opened:
        state.close()


CITES = (Citation(1, "doc1", "Tram line", "The line opens in 2027.", 10, 33),
         Citation(2, "doc1", "Tram line", "“It is quieter,” she said.", 40, 66))


def test_turns_are_capped_oldest_first_and_kept_apart(open_state: OpenState) -> None:
    state = open_state(cap=3)
    for i in range(5):
        state.append("chat", f"q{i}", {"answer": f"a{i}", "n": i, "text": "é ✓"})
    state.append("other", "kept apart", {"answer": "x"})
    assert [t["question"] for t in state.history("chat")] == ["q2", "q3", "q4"]
    assert state.history("chat")[-1]["answer"] == {"answer": "a4", "n": 4, "text": "é ✓"}
    assert [t["question"] for t in state.history("other")] == ["kept apart"]
    assert state.history("nobody") == []


def test_reset_keeps_the_current_article_and_forget_article_clears_it(open_state: OpenState) -> None:
    state = open_state()
    assert state.current("a") is None
    state.set_current("a", "doc1")
    state.set_current("b", "doc1")
    state.set_current("c", "doc2")
    state.append("a", "q", {"status": "answered"})
    state.reset("a")
    assert state.history("a") == [] and state.current("a") == "doc1"
    state.set_current("a", "doc3")
    state.forget_article("doc1")
    assert (state.current("a"), state.current("b"), state.current("c")) == ("doc3", None, "doc2")
    state.set_current("c", None)
    assert state.current("c") is None


def test_citations_come_back_as_they_were_put(open_state: OpenState) -> None:
    state = open_state()
    key = state.put(CITES, "<b>The answer</b> [1] [2]")
    other = state.put(CITES[:1], "other")
    assert key != other and len(("src:" + key).encode()) <= 64
    assert state.get(key) == Cited(CITES, "<b>The answer</b> [1] [2]")
    assert state.get(other) == Cited(CITES[:1], "other")
    assert state.get("no-such-key") is None


def test_the_oldest_citations_expire_beyond_the_limit(open_state: OpenState) -> None:
    state = open_state(citations_kept=3)
    keys = [state.put(CITES, f"m{i}") for i in range(5)]
    assert [state.get(k) is not None for k in keys] == [False, False, True, True, True]


def test_everything_persists_across_reopen(open_state: OpenState) -> None:
    first = open_state(cap=3)
    first.append("chat", "q", {"answer": "a"})
    first.set_current("chat", "doc7")
    key = first.put(CITES, "html")
    first.close()
    again = open_state(cap=3)  # a restarted process, or another replica
    assert [t["question"] for t in again.history("chat")] == ["q"]
    assert again.current("chat") == "doc7"
    assert again.get(key) == Cited(CITES, "html")


def test_concurrent_writers_keep_exactly_the_cap(open_state: OpenState) -> None:
    cap, writers, turns = 5, 4, 15
    # Two stores over the same data (two replicas), each written from two threads, all into one session.
    stores = [open_state(cap=cap), open_state(cap=cap)]
    errors: list[BaseException] = []
    start = threading.Barrier(writers)

    def write(n: int) -> None:
        try:
            start.wait()
            for i in range(turns):
                stores[n % 2].append("shared", f"w{n}-{i}", {"n": i})
                stores[n % 2].put(CITES, f"w{n}-{i}")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    for store in stores:
        kept = [t["question"] for t in store.history("shared")]
        assert len(kept) == cap
        # Each writer's turns stay in its order, and the kept ones are every writer's newest.
        for n in range(writers):
            mine = [int(q.split("-")[1]) for q in kept if q.startswith(f"w{n}-")]
            assert mine == sorted(mine)
        assert any(q.endswith(f"-{turns - 1}") for q in kept)


def test_build_state_picks_the_engine_from_the_settings(tmp_path: Path, postgres) -> None:
    from bot.factory import build_state
    from bot.state.postgres import PostgresState
    from bot.state.sqlite import SQLiteState

    local = build_state(Settings(_env_file=None, data_dir=tmp_path, history_turns=2))
    assert isinstance(local, SQLiteState) and local.path == tmp_path / "sessions.sqlite3" and local.cap == 2
    local.close()
    shared = build_state(Settings(_env_file=None, data_dir=tmp_path, database_url=postgres.new_database()))
    assert isinstance(shared, PostgresState)
    shared.close()


def test_a_bad_database_url_is_refused_without_echoing_it() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError) as info:
        Settings(_env_file=None, database_url="mysql://u:hunter2@db/x")
    assert "postgresql://" in str(info.value.errors()[0]["msg"])
    assert "hunter2" not in info.value.errors()[0]["msg"]
    assert Settings(_env_file=None, database_url="").database_url is None
    assert "hunter2" not in repr(Settings(_env_file=None, database_url="postgresql://u:hunter2@h/x"))


def test_an_unreachable_database_is_one_line_without_the_password(closed_port: int) -> None:
    from bot.state.postgres import PostgresState

    with pytest.raises(StateUnavailable) as info:
        PostgresState(f"postgresql://newsbot:s3cret-pw@127.0.0.1:{closed_port}/news")
    message = str(info.value)
    assert "\n" not in message and "s3cret-pw" not in message
    assert f"newsbot@127.0.0.1:{closed_port}/news" in message


def test_a_wrong_password_is_one_line_without_either_password(postgres) -> None:
    from bot.state.postgres import PostgresState

    url = postgres.url().replace(postgres.password, "wrong-pw-123")
    with pytest.raises(StateUnavailable) as info:
        PostgresState(url)
    message = str(info.value)
    assert "\n" not in message and "wrong-pw-123" not in message and postgres.password not in message
    assert "password authentication failed" in message


def test_the_cli_reports_an_unreachable_database_in_one_line(cli, tmp_path: Path, closed_port: int) -> None:
    url = f"postgresql://newsbot:s3cret-pw@127.0.0.1:{closed_port}/news"
    run = cli("use", "--session", "s1", "0123456789abcdef", data_dir=tmp_path, env={"NEWSBOT_DATABASE_URL": url})
    assert run.code == 1, str(run)
    assert run.err.strip().count("\n") == 0 and "Traceback" not in run.err, run.err
    assert run.err.startswith("newsbot: cannot open the chat-state database newsbot@127.0.0.1:")
    assert "s3cret-pw" not in run.err + run.out
