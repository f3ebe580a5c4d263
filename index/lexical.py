"""An inverted word index beside the Chroma data: BM25 candidates for chunks and quote records, by article.

A question about a large collection must not score every record: SQLite's FTS5 (in the standard library)
keeps a posting list per word, so a BM25 search reads only the records holding the question's words. It
also answers what would otherwise need every record in memory: which articles quote a speaker, how many
chunks hold a word (for idf), each article's title and opening (for "summarise the article about …").

Written with the sqlite3 module rather than a search library: FTS5 ships with Python, needs no server and
keeps its data in one file that several processes may read and write. Tokens are produced by the caller's
tokenizer (the retrieval's stemmed terms), so the index and the questions split words the same way.
The index is derived data: `sync()` brings it in line with the store (adding, refreshing or dropping
articles), and a missing or unreadable file is rebuilt from the store.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

LEAD_CHARS = 400  # how much of an article's opening a title match reads (bot.summarize.title_match)
_SCHEMA = 1


@dataclass(frozen=True)
class LexicalDoc:
    """What the index keeps of an article: id, pipeline version, title, source, time and opening."""

    doc_id: str
    pipeline: int
    title: str
    source: str
    ingested_at: float
    lead: str


@dataclass(frozen=True)
class Hit:
    """A record found by words: its store id, article and BM25 score (higher is better)."""

    id: str
    doc_id: str
    score: float


@dataclass(frozen=True)
class ChunkRow:
    """A chunk as the index takes it."""

    id: str
    text: str


@dataclass(frozen=True)
class QuoteRow:
    """A quote record as the index takes it: its words and its speaker's name and role."""

    id: str
    text: str
    speaker: str
    role: str


def _token(term: str) -> str:
    # FTS5's tokenizer would split "o'brien": the index stores and queries terms without the apostrophe.
    return term.replace("'", "").replace('"', "")


class LexicalIndex:
    """FTS5 tables of one collection's chunks and quote records, with each article's metadata."""

    def __init__(self, path: Path, tokenize: Callable[[str], list[str]]) -> None:
        self.path = Path(path)
        self.tokenize = tokenize
        self._local = threading.local()
        self._open()

    # -- connection --------------------------------------------------------------------------------
    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            self._local.db = db
        return db

    def _open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._create()
        except sqlite3.DatabaseError:
            # A damaged file is derived data: start again, `sync()` refills it from the store.
            self.close()
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    Path(f"{self.path}{suffix}").unlink()
            self._create()

    def _create(self) -> None:
        db = self._db()
        with db:
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            found = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if found is not None and int(found[0]) != _SCHEMA:
                for table in ("docs", "chunks", "quotes", "chunk_vocab"):
                    db.execute(f"DROP TABLE IF EXISTS {table}")
            db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(_SCHEMA),))
            db.execute(
                "CREATE TABLE IF NOT EXISTS docs (doc_id TEXT PRIMARY KEY, pipeline INTEGER, title TEXT,"
                " source TEXT, ingested_at REAL, lead TEXT, chunks INTEGER)"
            )
            db.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS chunks USING fts5(terms, id UNINDEXED, doc_id UNINDEXED,"
                " tokenize='unicode61 remove_diacritics 0')"
            )
            db.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS quotes USING fts5(terms, who, id UNINDEXED,"
                " doc_id UNINDEXED, tokenize='unicode61 remove_diacritics 0')"
            )
            db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS chunk_vocab USING fts5vocab(chunks, 'row')")
            # Writes begun and not yet finished: what a sweep must look at after a killed write.
            db.execute("CREATE TABLE IF NOT EXISTS pending (doc_id TEXT PRIMARY KEY)")

    def close(self) -> None:
        """Close this thread's connection."""
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    def _text(self, text: str) -> str:
        return " ".join(_token(t) for t in self.tokenize(text))

    # -- writing -----------------------------------------------------------------------------------
    def add(self, doc: LexicalDoc, chunks: Sequence[ChunkRow], quotes: Sequence[QuoteRow]) -> None:
        """Index an article (replacing what was indexed for it), in one transaction."""
        db = self._db()
        with db:
            self._remove(db, doc.doc_id)
            db.execute(
                "INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?)",
                (doc.doc_id, doc.pipeline, doc.title, doc.source, doc.ingested_at, doc.lead, len(chunks)),
            )
            db.executemany(
                "INSERT INTO chunks (terms, id, doc_id) VALUES (?, ?, ?)",
                [(self._text(c.text), c.id, doc.doc_id) for c in chunks],
            )
            db.executemany(
                "INSERT INTO quotes (terms, who, id, doc_id) VALUES (?, ?, ?, ?)",
                [(self._text(q.text), self._text(f"{q.speaker} {q.role}"), q.id, doc.doc_id) for q in quotes],
            )

    def remove(self, doc_id: str) -> None:
        """Drop an article from the index."""
        db = self._db()
        with db:
            self._remove(db, doc_id)

    @staticmethod
    def _remove(db: sqlite3.Connection, doc_id: str) -> None:
        for table in ("docs", "chunks", "quotes"):
            db.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))

    def begin(self, doc_id: str) -> None:
        """Note that an article's records are about to be written."""
        db = self._db()
        with db:
            db.execute("INSERT OR IGNORE INTO pending VALUES (?)", (doc_id,))

    def finish(self, doc_ids: Iterable[str]) -> None:
        """Note that these articles' writes are over (committed, undone or swept)."""
        db = self._db()
        with db:
            db.executemany("DELETE FROM pending WHERE doc_id = ?", [(d,) for d in doc_ids])

    def pending(self) -> list[str]:
        """Return the articles whose writes began and never finished."""
        return [r[0] for r in self._db().execute("SELECT doc_id FROM pending")]

    def swept(self) -> bool:
        """Tell whether a full sweep ran since this index was created (so `pending` tells the rest)."""
        return self._db().execute("SELECT 1 FROM meta WHERE key = 'swept'").fetchone() is not None

    def mark_swept(self) -> None:
        """Note that a full sweep ran: from now on the pending writes are all a sweep needs to look at."""
        db = self._db()
        with db:
            db.execute("INSERT OR REPLACE INTO meta VALUES ('swept', '1')")

    # -- reading -----------------------------------------------------------------------------------
    def docs(self) -> dict[str, LexicalDoc]:
        """Return every indexed article's metadata, oldest first."""
        rows = self._db().execute(
            "SELECT doc_id, pipeline, title, source, ingested_at, lead FROM docs ORDER BY ingested_at, doc_id"
        )
        return {r[0]: LexicalDoc(*r) for r in rows}

    def versions(self) -> dict[str, int]:
        """Return each indexed article's pipeline version."""
        return dict(self._db().execute("SELECT doc_id, pipeline FROM docs").fetchall())

    def search_chunks(self, terms: Iterable[str], k: int) -> list[Hit]:
        """Return up to `k` chunks holding any of `terms`, best BM25 first."""
        return self._search("chunks", "terms", terms, k)

    def search_quotes(self, terms: Iterable[str], k: int, column: str = "terms") -> list[Hit]:
        """Return up to `k` quote records whose words (`terms`) or speaker and role (`who`) match."""
        return self._search("quotes", column, terms, k)

    def _search(self, table: str, column: str, terms: Iterable[str], k: int) -> list[Hit]:
        wanted = list(dict.fromkeys(t for t in map(_token, terms) if t))
        if not wanted or k <= 0:
            return []
        match = f"{column} : (" + " OR ".join(f'"{t}"' for t in wanted) + ")"
        rows = self._db().execute(
            # bm25() is lower for better matches; fixed table and column names only.
            f"SELECT id, doc_id, bm25({table}) AS s FROM {table} WHERE {table} MATCH ? ORDER BY s LIMIT ?",
            (match, k),
        )
        return [Hit(i, d, -s) for i, d, s in rows]

    def doc_freq(self, terms: Iterable[str]) -> dict[str, int]:
        """Return how many chunks hold each term (terms no chunk holds are left out)."""
        wanted = {_token(t): t for t in terms}
        if not wanted:
            return {}
        marks = ",".join("?" * len(wanted))
        rows = self._db().execute(f"SELECT term, doc FROM chunk_vocab WHERE term IN ({marks})", list(wanted))
        return {wanted[t]: n for t, n in rows}

    def n_chunks(self) -> int:
        """Return how many chunks the index holds."""
        return int(self._db().execute("SELECT COALESCE(SUM(chunks), 0) FROM docs").fetchone()[0])

    # -- keeping in step with the store ------------------------------------------------------------
    def stale(self, versions: Mapping[str, int]) -> tuple[list[str], list[str]]:
        """Return the store's articles to (re)index and the indexed ones the store no longer has."""
        have = self.versions()
        todo = [d for d, v in versions.items() if have.get(d) != v]
        gone = [d for d in have if d not in versions]
        return todo, gone
