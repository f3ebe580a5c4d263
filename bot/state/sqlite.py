"""The SQLite chat state: one file in the data folder (`sessions.sqlite3`), for one machine."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from bot.schema import Citation
from bot.state import DEFAULT_CITATIONS_KEPT, Cited, decode_cited, encode_answer, encode_cited, new_key

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
CREATE TABLE IF NOT EXISTS citations (
    key TEXT PRIMARY KEY,
    ts REAL NOT NULL,
    cited TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS citations_ts ON citations(ts);
"""

MEMORY = ":memory:"
BUSY_TIMEOUT = 30.0  # seconds another process's write may hold the file before a write here fails


class SQLiteState:
    """Turns (newest `cap` kept per session), current articles and citations in one SQLite file."""

    def __init__(self, path: Path | str, cap: int = 20, citations_kept: int = DEFAULT_CITATIONS_KEPT) -> None:
        if str(path) != MEMORY:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = Path(path)
        self.cap = cap
        self.citations_kept = citations_kept
        self._db = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT, check_same_thread=False,
                                   isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        # With WAL, NORMAL cannot corrupt the database; at worst the very last turn is lost on power loss.
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        # One connection is shared by the front end's worker threads: calls take turns.
        self._lock = threading.Lock()

    @classmethod
    def in_memory(cls, cap: int = 20) -> SQLiteState:
        """Return a state that lives only as long as this object (for tests and one-off runs)."""
        return cls(MEMORY, cap=cap)

    def history(self, session: str) -> list[dict[str, Any]]:
        """Return the session's kept turns, oldest first."""
        with self._lock:
            rows = self._db.execute("SELECT question, answer FROM turns WHERE session=? ORDER BY id",
                                    (session,)).fetchall()
        return [{"question": q, "answer": json.loads(a)} for q, a in rows]

    def append(self, session: str, question: str, answer: dict[str, Any]) -> None:
        """Add a turn and drop the oldest beyond the cap, in one transaction."""
        with self._lock, self._db:
            # IMMEDIATE takes the write lock up front: another process appending waits instead of
            # failing to upgrade a read transaction.
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute(
                "INSERT INTO turns(session, ts, question, answer) VALUES (?, ?, ?, ?)",
                (session, time.time(), question, encode_answer(answer)),
            )
            self._db.execute(
                "DELETE FROM turns WHERE session=? AND id NOT IN (SELECT id FROM turns "
                "WHERE session=? ORDER BY id DESC LIMIT ?)",
                (session, session, self.cap),
            )

    def reset(self, session: str) -> None:
        """Forget a session's turns (its current article stays: the user chose it)."""
        with self._lock:
            self._db.execute("DELETE FROM turns WHERE session=?", (session,))

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

    def put(self, citations: tuple[Citation, ...], html: str) -> str:
        """Keep citations and return their key; the oldest beyond `citations_kept` expire."""
        key = new_key()
        with self._lock, self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute("INSERT INTO citations(key, ts, cited) VALUES (?, ?, ?)",
                             (key, time.time(), encode_cited(citations, html)))
            self._db.execute(
                "DELETE FROM citations WHERE key IN "
                "(SELECT key FROM citations ORDER BY ts DESC LIMIT -1 OFFSET ?)",
                (self.citations_kept,),
            )
        return key

    def get(self, key: str) -> Cited | None:
        """Return the citations kept under `key` (and keep them longer), or None if they expired."""
        with self._lock:
            row = self._db.execute("SELECT cited FROM citations WHERE key=?", (key,)).fetchone()
            if row is not None:
                self._db.execute("UPDATE citations SET ts=? WHERE key=?", (time.time(), key))
        return decode_cited(row[0]) if row else None

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()
