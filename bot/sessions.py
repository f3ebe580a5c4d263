"""Chat sessions persisted in SQLite: each turn's question and answer (capped), and the current article."""

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
CREATE TABLE IF NOT EXISTS current_article (
    session TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL,
    ts REAL NOT NULL
);
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

    def current(self, session: str) -> str | None:
        """Return the id of the session's current article, or None if it has none."""
        with self._lock:
            row = self._db.execute(
                "SELECT doc_id FROM current_article WHERE session=?", (session,)
            ).fetchone()
        return row[0] if row else None

    def set_current(self, session: str, doc_id: str | None) -> None:
        """Make `doc_id` the session's current article (None: no current article)."""
        with self._lock:
            if doc_id is None:
                self._db.execute("DELETE FROM current_article WHERE session=?", (session,))
            else:
                self._db.execute(
                    "INSERT INTO current_article(session, doc_id, ts) VALUES (?, ?, ?) "
                    "ON CONFLICT(session) DO UPDATE SET doc_id=excluded.doc_id, ts=excluded.ts",
                    (session, doc_id, time.time()),
                )

    def forget_article(self, doc_id: str) -> None:
        """Clear `doc_id` as the current article of every session (it was removed)."""
        with self._lock:
            self._db.execute("DELETE FROM current_article WHERE doc_id=?", (doc_id,))

    def reset(self, session: str) -> None:
        """Forget a session's turns (its current article stays: the user chose it)."""
        with self._lock:
            self._db.execute("DELETE FROM turns WHERE session=?", (session,))

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()
