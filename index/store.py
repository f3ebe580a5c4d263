"""Chroma-backed article store: sentence chunks, quote records and one commit record per article.

Chroma has no transactions, so an article is written as: chunks, then quotes, then its record in the
`<name>__docs` collection. Readers only see articles that have a record, a failed write is undone by
deleting what it wrote, and leftovers of a process killed mid-write are swept by the next ingest run.
Chunks and quotes carry the pipeline version that derived them, and so does the record: an article is
refreshed by writing the new version's records beside the old, switching the record, then deleting the
old ones; readers keep only the records of the version the commit record names.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from index.embeddings import DIMENSIONS, MODEL_FAMILY

if TYPE_CHECKING:
    import chromadb
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_core.embeddings import Embeddings

    from index.chunking import Chunk
    from index.lexical import LexicalIndex
    from index.quotes import Quote
    from index.readers import Article

DOCS_SUFFIX = "__docs"
QUOTES_SUFFIX = "__quotes"
_BATCH = 1000


def check_chroma_url(chroma_url: str) -> str:
    """Return the URL if it is http(s)://host[:port], else raise ValueError saying so."""
    url = urlparse(chroma_url)
    try:
        url.port  # noqa: B018 - parsing the port validates it
    except ValueError as exc:
        raise ValueError(f"NEWSBOT_CHROMA_URL must be http(s)://host:port, got {chroma_url!r}") from exc
    if url.scheme not in ("http", "https") or not url.hostname:
        raise ValueError(f"NEWSBOT_CHROMA_URL must be http(s)://host:port, got {chroma_url!r}")
    return chroma_url


def make_client(data_dir: str, chroma_url: str | None = None) -> chromadb.ClientAPI:
    """Open the embedded Chroma store under `data_dir`, or the Chroma server at `chroma_url`."""
    import chromadb  # noqa: PLC0415 - ~1 s import, paid only by commands that touch the store
    from chromadb.config import Settings  # noqa: PLC0415

    settings = Settings(anonymized_telemetry=False)
    if chroma_url:
        url = urlparse(check_chroma_url(chroma_url))
        return chromadb.HttpClient(
            host=url.hostname,
            port=url.port or (443 if url.scheme == "https" else 8000),
            ssl=url.scheme == "https",
            settings=settings,
        )
    return chromadb.PersistentClient(path=str(data_dir), settings=settings)


@dataclass(frozen=True)
class StoredDoc:
    """A committed article."""

    doc_id: str
    title: str
    source: str
    chunks: int
    quotes: int
    text: str
    pipeline: int = 0  # the PIPELINE_VERSION its chunks and quotes were derived with (0: before versions)
    ingested_at: float = 0.0


class ArticleStore:
    """One collection of articles in Chroma, read through LangChain's Chroma vector store."""

    def __init__(
        self,
        client: chromadb.ClientAPI,
        name: str,
        query_embeddings: Embeddings,
        lexical: LexicalIndex | None = None,
    ) -> None:
        # The word index of the same articles (index/lexical.py), kept in step by every write here.
        self.lexical = lexical
        # Counts this object's writes, so readers in this process know at once that the articles changed.
        self.generation = 0
        from langchain_chroma import Chroma  # noqa: PLC0415

        self.client = client
        self.name = name
        meta = {"embedding_model": MODEL_FAMILY, "dimensions": DIMENSIONS}
        self._raw = {
            suffix: client.get_or_create_collection(
                name + suffix,
                embedding_function=None,
                metadata=meta,
                configuration={"hnsw": {"space": "cosine"}},
            )
            for suffix in ("", DOCS_SUFFIX, QUOTES_SUFFIX)
        }
        for col in self._raw.values():
            found = (col.metadata or {}).get("embedding_model")
            if found != MODEL_FAMILY:
                raise ValueError(f"collection {col.name!r} holds {found!r} vectors, not {MODEL_FAMILY}")
        self.chunks: Chroma = Chroma(client=client, collection_name=name, embedding_function=query_embeddings)
        self.quotes: Chroma = Chroma(
            client=client, collection_name=name + QUOTES_SUFFIX, embedding_function=query_embeddings
        )

    # -- reading ---------------------------------------------------------------------------------
    def docs(self, ids: Sequence[str] | None = None) -> list[StoredDoc]:
        """Return the committed articles (all, or those of `ids`), oldest first."""
        got = self._raw[DOCS_SUFFIX].get(
            ids=list(ids) if ids is not None else None, include=["metadatas", "documents"]
        )
        rows = zip(got["ids"], got["metadatas"], got["documents"], strict=True)
        docs = [_stored(i, m, d) for i, m, d in rows]
        return sorted(docs, key=lambda d: (d.ingested_at, d.doc_id))

    def infos(self) -> list[StoredDoc]:
        """Return every committed article's metadata, oldest first, without its text (`text` is "")."""
        got = self._raw[DOCS_SUFFIX].get(include=["metadatas"])
        docs = [_stored(i, m, "") for i, m in zip(got["ids"], got["metadatas"], strict=True)]
        return sorted(docs, key=lambda d: (d.ingested_at, d.doc_id))

    def doc_ids(self) -> list[str]:
        """Return the ids of the committed articles."""
        return self._raw[DOCS_SUFFIX].get(include=[])["ids"]

    def all_chunks(
        self, doc_ids: Sequence[str] | None = None, versions: Mapping[str, int] | None = None
    ) -> list[Document]:
        """Return every chunk of the committed (or the given) articles, in article order.

        `versions` (doc_id → pipeline of at least the given articles) saves reading every article's.
        """
        return self._documents(
            self.chunks, doc_ids, key=lambda d: (d.metadata["doc_id"], d.metadata["seq"]), versions=versions
        )

    def all_quotes(
        self, doc_ids: Sequence[str] | None = None, versions: Mapping[str, int] | None = None
    ) -> list[Document]:
        """Return every quote record of the committed (or the given) articles, in article order."""
        return self._documents(
            self.quotes, doc_ids, key=lambda d: (d.metadata["doc_id"], d.metadata["start"]), versions=versions
        )

    def by_ids(
        self, ids: Sequence[str], quotes: bool = False, embeddings: bool = False
    ) -> list[tuple[Document, Any]]:
        """Return the chunks (or quote records) with these ids, in the given order, with their vectors."""
        from langchain_core.documents import Document  # noqa: PLC0415

        if not ids:
            return []
        include = ["metadatas", "documents", *(["embeddings"] if embeddings else [])]
        got = self._raw[QUOTES_SUFFIX if quotes else ""].get(ids=list(ids), include=include)
        vectors = got["embeddings"] if embeddings else [None] * len(got["ids"])
        found = {
            i: (Document(id=i, page_content=t, metadata=m), v)
            for i, t, m, v in zip(got["ids"], got["documents"], got["metadatas"], vectors, strict=True)
        }
        return [found[i] for i in ids if i in found]

    def nearest(
        self, vector: list[float], k: int, versions: Mapping[str, int], quotes: bool = False
    ) -> list[tuple[Document, float]]:
        """Return up to `k` current chunks (or quote records) of the whole collection nearest to `vector`.

        An approximate (HNSW) search with no filter: a `$in` over every article would make Chroma check
        each record, and superseded records are rare (only while an article is refreshed), so they are
        dropped afterwards.
        """
        store = self.quotes if quotes else self.chunks
        hits = store.similarity_search_by_vector_with_relevance_scores(vector, k=k)
        return [(doc, 1.0 - distance) for doc, distance in hits if _current(doc.metadata, versions)]

    def dense_search(
        self, vector: list[float], k: int, doc_ids: Sequence[str], versions: Mapping[str, int] | None = None
    ) -> list[tuple[Document, float]]:
        """Return the `k` chunks nearest to `vector` among `doc_ids`, with cosine similarity.

        `versions` (doc_id → pipeline, as `versions()` gives) saves a read when the caller has it.
        """
        if not doc_ids:
            return []
        ids = list(doc_ids)
        where = {"doc_id": ids[0]} if len(ids) == 1 else {"doc_id": {"$in": ids}}
        hits = self.chunks.similarity_search_by_vector_with_relevance_scores(vector, k=k, filter=where)
        current = versions if versions is not None else self.versions()
        return [(doc, 1.0 - distance) for doc, distance in hits if _current(doc.metadata, current)]

    def versions(self) -> dict[str, int]:
        """Return each committed article's pipeline version."""
        got = self._raw[DOCS_SUFFIX].get(include=["metadatas"])
        return {i: m.get("pipeline", 0) for i, m in zip(got["ids"], got["metadatas"], strict=True)}

    def _documents(
        self,
        store: Chroma,
        doc_ids: Sequence[str] | None,
        key: Any,
        versions: Mapping[str, int] | None = None,
    ) -> list[Document]:
        from langchain_core.documents import Document  # noqa: PLC0415

        ids = list(self.doc_ids() if doc_ids is None else doc_ids)
        if not ids:
            return []
        # One article: an equality filter, which Chroma answers from its metadata index.
        where = {"doc_id": ids[0]} if len(ids) == 1 else {"doc_id": {"$in": ids}}
        got = store.get(where=where, include=["metadatas", "documents"])
        # While an article is refreshed, its old and new records both exist: the commit record says which.
        current = versions if versions is not None else self.versions()
        docs = [
            Document(id=i, page_content=t, metadata=m)
            for i, t, m in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
            if _current(m, current)
        ]
        return sorted(docs, key=key)

    # -- writing ---------------------------------------------------------------------------------
    def doc(self, doc_id: str) -> StoredDoc | None:
        """Return one committed article, or None."""
        return next(iter(self.docs([doc_id])), None)

    def has(self, doc_id: str) -> bool:
        """Tell whether this exact article text is already committed."""
        return bool(self._raw[DOCS_SUFFIX].get(ids=[doc_id], include=[])["ids"])

    def add_article(
        self,
        article: Article,
        chunks: Sequence[Chunk],
        chunk_vectors: Sequence[Sequence[float]],
        quotes: Sequence[Quote],
        quote_vectors: Sequence[Sequence[float]],
        doc_vector: Sequence[float],
        pipeline: int = 0,
    ) -> list[str]:
        """Write one article all-or-nothing; replace older versions from the same source; return them.

        An article already stored from an older `pipeline` is refreshed in place: its new records are
        written beside the old ones, its commit record switches to them, then the old ones go. Call
        `sweep()` once before a run of writes: leftovers of a killed write must not be in the way.
        """
        doc_id = article.doc_id
        before = self.doc(doc_id)
        if before is not None and before.pipeline >= pipeline:
            return []
        self.generation += 1
        if self.lexical is not None:
            self.lexical.begin(doc_id)
        # The version in the ids keeps a refresh's records apart from the ones it replaces.
        chunk_ids = [f"v{pipeline}:{c.id}" for c in chunks]
        # The record's position keeps ids unique when two records share a span (two speakers, one quote).
        quote_ids = [f"v{pipeline}:{doc_id}:q:{i}:{q.start}:{q.end}:{q.kind}" for i, q in enumerate(quotes)]
        try:
            self._upsert(
                "",
                chunk_ids,
                chunk_vectors,
                [c.text for c in chunks],
                [{**c.metadata(), "pipeline": pipeline} for c in chunks],
            )
            self._upsert(
                QUOTES_SUFFIX,
                quote_ids,
                quote_vectors,
                [q.quote for q in quotes],
                [{**_quote_metadata(q, doc_id), "pipeline": pipeline} for q in quotes],
            )
            self._upsert(
                DOCS_SUFFIX,
                [doc_id],
                [doc_vector],
                [article.text],
                [
                    {
                        "title": article.title,
                        "source": article.source,
                        "chunks": len(chunks),
                        "quotes": len(quotes),
                        "chars": len(article.text),
                        # A refresh keeps the article's place in the order of ingestion.
                        "ingested_at": time.time() if before is None else before.ingested_at,
                        "pipeline": pipeline,
                    }
                ],
            )
        except BaseException:
            # Undo in reverse order: once the commit record is gone, nothing else is visible. Each step
            # is tried on its own so one failing delete neither skips the rest nor hides the first error;
            # whatever still remains is swept by the next ingest run. A refresh keeps the old record.
            undo = [] if before is not None else [(DOCS_SUFFIX, [doc_id])]
            for suffix, ids in (*undo, (QUOTES_SUFFIX, quote_ids), ("", chunk_ids)):
                with contextlib.suppress(Exception):
                    self._delete_ids(suffix, list(dict.fromkeys(ids)))
            raise
        self._index(article, chunk_ids, chunks, quote_ids, quotes, pipeline, before)
        if before is not None:
            self._drop_stale(doc_id, pipeline)
            self._finish(doc_id)
            return []
        self._finish(doc_id)
        replaced = [
            d
            for d in self._raw[DOCS_SUFFIX].get(where={"source": article.source}, include=[])["ids"]
            if d != doc_id
        ]
        for old in replaced:
            self.delete(old)
        return replaced

    def delete(self, doc_id: str) -> bool:
        """Remove an article and everything derived from it; tell whether it existed."""
        existed = self.has(doc_id)
        self.generation += 1
        self._raw[DOCS_SUFFIX].delete(ids=[doc_id])
        if self.lexical is not None:
            self.lexical.remove(doc_id)
        for suffix in ("", QUOTES_SUFFIX):
            self._raw[suffix].delete(where={"doc_id": doc_id})
        return existed

    # -- the word index --------------------------------------------------------------------------
    def _index(
        self,
        article: Article,
        chunk_ids: Sequence[str],
        chunks: Sequence[Chunk],
        quote_ids: Sequence[str],
        quotes: Sequence[Quote],
        pipeline: int,
        before: StoredDoc | None,
    ) -> None:
        """Index a just-committed article's words; a failure leaves it for the next `sync_lexical()`."""
        if self.lexical is None:
            return
        from index.lexical import LEAD_CHARS, ChunkRow, LexicalDoc, QuoteRow  # noqa: PLC0415

        doc = LexicalDoc(
            article.doc_id,
            pipeline,
            article.title,
            article.source,
            time.time() if before is None else before.ingested_at,
            article.text[:LEAD_CHARS],
        )
        with contextlib.suppress(Exception):  # derived data: the store is the truth, sync repairs it
            self.lexical.add(
                doc,
                [ChunkRow(i, c.text) for i, c in zip(chunk_ids, chunks, strict=True)],
                [
                    QuoteRow(i, q.quote, q.speaker, q.role or "")
                    for i, q in zip(quote_ids, quotes, strict=True)
                ],
            )

    def sync_lexical(self) -> int:
        """Bring the word index in line with the committed articles (rebuilt if missing); count changes."""
        if self.lexical is None:
            return 0
        from index.lexical import LEAD_CHARS, ChunkRow, LexicalDoc, QuoteRow  # noqa: PLC0415

        versions = self.versions()
        todo, gone = self.lexical.stale(versions)
        for doc_id in gone:
            self.lexical.remove(doc_id)
        # In slices: Chroma turns a long id list into as many SQL variables, and SQLite caps those.
        batches = [todo[i : i + 100] for i in range(0, len(todo), 100)]
        for doc in (d for batch in batches for d in self.docs(batch)):
            only = {doc.doc_id: doc.pipeline}
            chunks = self.all_chunks([doc.doc_id], versions=only)
            quotes = self.all_quotes([doc.doc_id], versions=only)
            self.lexical.add(
                LexicalDoc(
                    doc.doc_id, doc.pipeline, doc.title, doc.source, doc.ingested_at, doc.text[:LEAD_CHARS]
                ),
                [ChunkRow(c.id or "", c.page_content) for c in chunks],
                [
                    QuoteRow(q.id or "", q.page_content, q.metadata["speaker"], q.metadata.get("role") or "")
                    for q in quotes
                ],
            )
        return len(todo) + len(gone)

    def _finish(self, doc_id: str) -> None:
        if self.lexical is not None:
            with contextlib.suppress(Exception):  # a marker left behind costs one article's sweep
                self.lexical.finish([doc_id])

    def sweep(self) -> int:
        """Delete chunks and quotes no commit record points at (never committed, or replaced); count them.

        With a word index that has seen a full sweep, only the articles whose writes began and never
        finished are looked at: reading every record of a large collection before each ingest run would
        make ingest slower the more articles there are.
        """
        current = self.versions()
        if self.lexical is not None and self.lexical.swept():
            pending = self.lexical.pending()
            removed = 0
            for doc_id in pending:
                for suffix in ("", QUOTES_SUFFIX):
                    got = self._raw[suffix].get(where={"doc_id": doc_id}, include=["metadatas"])
                    orphans = [
                        i
                        for i, m in zip(got["ids"], got["metadatas"], strict=True)
                        if not _current(m, current)
                    ]
                    self._delete_ids(suffix, orphans)
                    removed += len(orphans)
            self.lexical.finish(pending)
            return removed
        removed = self._sweep_all(current)
        if self.lexical is not None:
            self.lexical.mark_swept()
            self.lexical.finish(self.lexical.pending())
        return removed

    def _sweep_all(self, current: Mapping[str, int]) -> int:
        removed = 0
        for suffix in ("", QUOTES_SUFFIX):
            col = self._raw[suffix]
            got = col.get(include=["metadatas"])
            orphans = [
                i for i, m in zip(got["ids"], got["metadatas"], strict=True) if not _current(m, current)
            ]
            self._delete_ids(suffix, orphans)
            removed += len(orphans)
        return removed

    def _drop_stale(self, doc_id: str, pipeline: int) -> None:
        """Delete an article's chunks and quotes of other pipeline versions than `pipeline`."""
        for suffix in ("", QUOTES_SUFFIX):
            got = self._raw[suffix].get(where={"doc_id": doc_id}, include=["metadatas"])
            stale = [
                i
                for i, m in zip(got["ids"], got["metadatas"], strict=True)
                if not _current(m, {doc_id: pipeline})
            ]
            self._delete_ids(suffix, stale)

    def _upsert(
        self,
        suffix: str,
        ids: list[str],
        vectors: Sequence[Sequence[float]],
        texts: list[str],
        metas: list[dict[str, Any]],
    ) -> None:
        import numpy as np  # noqa: PLC0415

        col = self._raw[suffix]
        for i in range(0, len(ids), _BATCH):
            sl = slice(i, i + _BATCH)
            col.upsert(
                ids=ids[sl],
                embeddings=np.asarray(vectors[sl], dtype=np.float32),
                documents=texts[sl],
                metadatas=metas[sl],
            )

    def _delete_ids(self, suffix: str, ids: list[str]) -> None:
        for i in range(0, len(ids), _BATCH):
            self._raw[suffix].delete(ids=ids[i : i + _BATCH])


def _current(meta: Mapping[str, Any], versions: Mapping[str, int]) -> bool:
    """Tell whether a chunk or quote belongs to its article's committed version."""
    return meta["doc_id"] in versions and meta.get("pipeline", 0) == versions[meta["doc_id"]]


def _quote_metadata(q: Quote, doc_id: str) -> dict[str, Any]:
    return {
        "doc_id": doc_id,
        "speaker": q.speaker,
        "role": q.role or "",
        "kind": q.kind,
        "start": q.start,
        "end": q.end,
        "speaker_type": q.speaker_type,
        "phrase": q.phrase,  # a phrase quoted inside the writer's sentence; kind stays "direct"
    }


def quote_from_document(doc: Document) -> dict[str, Any]:
    """Turn a stored quote record back into the contract's JSON shape."""
    m = doc.metadata
    return {
        "speaker": m["speaker"],
        "role": m["role"] or None,
        "quote": doc.page_content,
        "kind": m["kind"],
        "doc_id": m["doc_id"],
        "start": m["start"],
        "end": m["end"],
        "speaker_type": m["speaker_type"],
    }


def _stored(doc_id: str, meta: Mapping[str, Any], text: str) -> StoredDoc:
    """Build an article record from its docs-collection metadata and (possibly empty) text."""
    return StoredDoc(
        doc_id=doc_id,
        title=meta["title"],
        source=meta["source"],
        chunks=meta["chunks"],
        quotes=meta["quotes"],
        text=text,
        pipeline=meta.get("pipeline", 0),
        ingested_at=meta.get("ingested_at", 0.0),
    )
