"""Chat sessions persisted in SQLite: each turn's question and answer, capped per session."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

_SCHEMA = """
CREATE TABLE IF NOT EXISTS turns (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session TEXT NOT NULL,
    ts REAL NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS turns_session ON turns(session, id);
"""


class SessionStore:
    """Turns of every chat session, newest `cap` kept per session."""

    def __init__(self, path: Path, cap: int = 20) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.cap = cap
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        # With WAL, NORMAL cannot corrupt the database; at worst the very last turn is lost on power loss.
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        # One connection is shared by the front end's worker threads: calls take turns.
        self._lock = threading.Lock()

    def history(self, session: str) -> list[dict[str, Any]]:
        """Return the session's kept turns, oldest first."""
        with self._lock:
            rows = self._db.execute("SELECT question, answer FROM turns WHERE session=? ORDER BY id",
                                    (session,)).fetchall()
        return [{"question": q, "answer": json.loads(a)} for q, a in rows]

    def append(self, session: str, question: str, answer: dict[str, Any]) -> None:
        """Add a turn and drop the oldest beyond the cap."""
        with self._lock, self._db:
            self._db.execute("BEGIN")
            self._db.execute(
                "INSERT INTO turns(session, ts, question, answer) VALUES (?, ?, ?, ?)",
                (session, time.time(), question, json.dumps(answer, ensure_ascii=False)),
            )
            self._db.execute(
                "DELETE FROM turns WHERE session=? AND id NOT IN (SELECT id FROM turns "
                "WHERE session=? ORDER BY id DESC LIMIT ?)",
                (session, session, self.cap),
            )

    def reset(self, session: str) -> None:
        """Forget a session."""
        with self._lock:
            self._db.execute("DELETE FROM turns WHERE session=?", (session,))

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()
