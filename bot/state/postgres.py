"""The PostgreSQL chat state: one database shared by every replica of the bot.

psycopg 3 with a psycopg_pool connection pool. A turn's insert and the trimming to the cap run in one
transaction under a per-session advisory lock, so replicas appending to one chat keep exactly `cap` turns.
"""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Any

from bot.state import (
    DEFAULT_CITATIONS_KEPT,
    Cited,
    StateUnavailable,
    decode_cited,
    encode_answer,
    encode_cited,
    new_key,
)

if TYPE_CHECKING:
    from psycopg_pool import ConnectionPool

    from bot.schema import Citation

# Tables are prefixed: the database may be shared with other applications.
_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS newsbot_turns (
        id BIGSERIAL PRIMARY KEY,
        session TEXT NOT NULL,
        ts DOUBLE PRECISION NOT NULL,
        question TEXT NOT NULL,
        answer TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS newsbot_turns_session ON newsbot_turns(session, id)",
    """CREATE TABLE IF NOT EXISTS newsbot_current_article (
        session TEXT PRIMARY KEY,
        doc_id TEXT NOT NULL,
        ts DOUBLE PRECISION NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS newsbot_current_doc ON newsbot_current_article(doc_id)",
    """CREATE TABLE IF NOT EXISTS newsbot_citations (
        key TEXT PRIMARY KEY,
        ts DOUBLE PRECISION NOT NULL,
        cited TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS newsbot_citations_ts ON newsbot_citations(ts)",
)
# Advisory-lock key under which replicas starting together create the tables one at a time
# (concurrent CREATE TABLE IF NOT EXISTS can fail on the catalog's unique index).
_SCHEMA_LOCK = 0x6E657773626F74  # "newsbot"
CONNECT_TIMEOUT = 10  # seconds to reach the server at start-up


def describe(url: str) -> str:
    """Name the database of a URL as user@host:port/dbname, without its password."""
    from psycopg.conninfo import conninfo_to_dict  # noqa: PLC0415

    try:
        info = conninfo_to_dict(url)
    except Exception:  # a URL libpq cannot parse: say so without echoing it
        return "(unparseable NEWSBOT_DATABASE_URL)"
    user = f"{info['user']}@" if info.get("user") else ""
    return f"{user}{info.get('host') or 'localhost'}:{info.get('port') or 5432}/{info.get('dbname') or ''}"


def _reason(exc: BaseException, password: str | None) -> str:
    """Return the first line of a database error, with the password blanked should it appear."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    text = lines[0] if lines else type(exc).__name__
    return text.replace(password, "***") if password else text


class PostgresState:
    """Turns, current articles and citations in PostgreSQL tables, shared by every replica."""

    def __init__(self, url: str, cap: int = 20, citations_kept: int = DEFAULT_CITATIONS_KEPT,
                 pool_size: int = 8) -> None:
        import psycopg  # noqa: PLC0415 - only the PostgreSQL engine needs the driver
        from psycopg.conninfo import conninfo_to_dict  # noqa: PLC0415
        from psycopg_pool import ConnectionPool  # noqa: PLC0415

        self.cap = cap
        self.citations_kept = citations_kept
        self.where = describe(url)
        try:
            password = conninfo_to_dict(url).get("password")
        except psycopg.Error:
            password = None
        try:
            # One direct connection first: a dead server or a wrong password is one clear error here,
            # not a pool retrying and logging in the background.
            with (psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT, autocommit=True) as conn,
                  conn.transaction()):
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
                for statement in _SCHEMA:
                    conn.execute(statement)
            self._pool: ConnectionPool = ConnectionPool(
                url, min_size=1, max_size=pool_size, open=False, name="newsbot-state",
                kwargs={"autocommit": True, "connect_timeout": CONNECT_TIMEOUT},
            )
            self._pool.open(wait=True, timeout=CONNECT_TIMEOUT)
        except psycopg.Error as exc:  # PoolTimeout is one too
            raise StateUnavailable(
                f"cannot open the chat-state database {self.where}: {_reason(exc, password)}"
            ) from None

    def history(self, session: str) -> list[dict[str, Any]]:
        """Return the session's kept turns, oldest first."""
        with self._pool.connection() as conn:
            rows = conn.execute(
                "SELECT question, answer FROM newsbot_turns WHERE session=%s ORDER BY id", (session,)
            ).fetchall()
        return [{"question": q, "answer": json.loads(a)} for q, a in rows]

    def append(self, session: str, question: str, answer: dict[str, Any]) -> None:
        """Add a turn and drop the oldest beyond the cap, in one transaction under the session's lock."""
        with self._pool.connection() as conn, conn.transaction():
            # Two replicas appending to one session take turns: each trim sees the other's insert.
            conn.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (session,))
            conn.execute(
                "INSERT INTO newsbot_turns(session, ts, question, answer) VALUES (%s, %s, %s, %s)",
                (session, time.time(), question, encode_answer(answer)),
            )
            conn.execute(
                "DELETE FROM newsbot_turns WHERE session=%s AND id NOT IN (SELECT id FROM newsbot_turns "
                "WHERE session=%s ORDER BY id DESC LIMIT %s)",
                (session, session, self.cap),
            )

    def reset(self, session: str) -> None:
        """Forget a session's turns (its current article stays: the user chose it)."""
        with self._pool.connection() as conn:
            conn.execute("DELETE FROM newsbot_turns WHERE session=%s", (session,))

    def current(self, session: str) -> str | None:
        """Return the id of the session's current article, or None if it has none."""
        with self._pool.connection() as conn:
            row = conn.execute(
                "SELECT doc_id FROM newsbot_current_article WHERE session=%s", (session,)
            ).fetchone()
        return row[0] if row else None

    def set_current(self, session: str, doc_id: str | None) -> None:
        """Make `doc_id` the session's current article (None: no current article)."""
        with self._pool.connection() as conn:
            if doc_id is None:
                conn.execute("DELETE FROM newsbot_current_article WHERE session=%s", (session,))
            else:
                conn.execute(
                    "INSERT INTO newsbot_current_article(session, doc_id, ts) VALUES (%s, %s, %s) "
                    "ON CONFLICT(session) DO UPDATE SET doc_id=excluded.doc_id, ts=excluded.ts",
                    (session, doc_id, time.time()),
                )

    def forget_article(self, doc_id: str) -> None:
        """Clear `doc_id` as the current article of every session (it was removed)."""
        with self._pool.connection() as conn:
            conn.execute("DELETE FROM newsbot_current_article WHERE doc_id=%s", (doc_id,))

    def put(self, citations: tuple[Citation, ...], html: str) -> str:
        """Keep citations and return their key; the oldest beyond `citations_kept` expire."""
        key = new_key()
        with self._pool.connection() as conn, conn.transaction():
            conn.execute("INSERT INTO newsbot_citations(key, ts, cited) VALUES (%s, %s, %s)",
                         (key, time.time(), encode_cited(citations, html)))
            conn.execute(
                "DELETE FROM newsbot_citations WHERE key IN "
                "(SELECT key FROM newsbot_citations ORDER BY ts DESC OFFSET %s)",
                (self.citations_kept,),
            )
        return key

    def get(self, key: str) -> Cited | None:
        """Return the citations kept under `key` (and keep them longer), or None if they expired."""
        with self._pool.connection() as conn:
            row = conn.execute(
                "UPDATE newsbot_citations SET ts=%s WHERE key=%s RETURNING cited", (time.time(), key)
            ).fetchone()
        return decode_cited(row[0]) if row else None

    def close(self) -> None:
        """Close the pool's connections."""
        self._pool.close()
