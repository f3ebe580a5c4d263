"""The LCEL answering chain: analyze → retrieve → respond."""

from __future__ import annotations

import re
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from langchain_core.runnables import Runnable, RunnableLambda

from bot.conversation import Turn, context_terms
from bot.evidence import Evidence
from bot.questions import analyze
from bot.text import terms

if TYPE_CHECKING:
    from bot.answerers import Answerer, StreamingAnswerer
    from bot.questions import Query
    from bot.retrieval import HybridRetriever
    from bot.schema import Answer
    from index.lexical import LexicalIndex
    from index.store import ArticleStore, StoredDoc


# How long the set of articles is trusted before the store is asked again; writes through this process's
# store are seen at once, another process's ingest within this many seconds.
REFRESH_SECONDS = 1.0
# Up to this many articles a question reads them all, exactly as it always has (every chunk scored by
# BM25, every quote record by cosine): the answers of a small collection stay what they were. Beyond it,
# a question reads its own article, or what the word and vector indexes find.
SMALL_COLLECTION = 8
# How many articles' texts, chunks and quote records a process keeps (least recently used go first).
ARTICLE_CACHE = 64


@dataclass
class ArticleData:
    """One article as a question reads it: its text, chunks and quote records in article order."""

    doc: StoredDoc
    chunks: list[Any]
    quotes: list[Any]
    quote_vectors: dict[str, Any] | None = None
    chunk_vectors: Any = None  # a matrix, row for row with `chunks`, read when first needed


class Articles(Mapping[str, "StoredDoc"]):
    """doc_id → StoredDoc of the committed articles, oldest first; a text is read when first asked for."""

    def __init__(self, infos: dict[str, StoredDoc], load: Callable[[str], StoredDoc]) -> None:
        self._infos = infos
        self._load = load

    def __getitem__(self, doc_id: str) -> StoredDoc:
        if doc_id not in self._infos:
            raise KeyError(doc_id)
        return self._load(doc_id)

    def __iter__(self) -> Iterator[str]:
        return iter(self._infos)

    def __len__(self) -> int:
        return len(self._infos)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._infos

    def info(self, doc_id: str) -> StoredDoc:
        """Return an article's metadata (title, source, time, version) without reading its text."""
        return self._infos[doc_id]

    def infos(self) -> list[StoredDoc]:
        """Return every article's metadata, oldest first (texts are not read)."""
        return list(self._infos.values())

    def titles(self) -> dict[str, str]:
        """Return doc_id → title, without reading any text."""
        return {d: info.title for d, info in self._infos.items()}


class DocCache:
    """The committed articles: their metadata, and the texts, chunks and quotes of the ones asked about.

    A small collection (up to SMALL_COLLECTION articles) is read whole, as before; a larger one keeps only
    its articles' metadata and the ARTICLE_CACHE articles used last, so a question costs in proportion to
    the articles it reads, not to the collection.
    """

    def __init__(
        self,
        store: ArticleStore,
        refresh_seconds: float = REFRESH_SECONDS,
        lexical: LexicalIndex | None = None,
        small: int = SMALL_COLLECTION,
        cache_size: int = ARTICLE_CACHE,
    ) -> None:
        self.store = store
        self.refresh_seconds = refresh_seconds
        self.lexical = lexical
        self.small = small
        self.cache_size = cache_size
        self._docs: Articles = Articles({}, self._text)
        self._versions: dict[str, int] = {}
        self._chunks: list[Any] | None = None
        self._quotes: list[Any] | None = None
        self._quote_vectors: dict[str, Any] | None = None
        self._articles: OrderedDict[str, ArticleData] = OrderedDict()
        self._texts: OrderedDict[str, StoredDoc] = OrderedDict()  # texts read without their records
        self.text_cache = 4 * cache_size
        self._checked: tuple[int, float] | None = None  # (store generation, monotonic time) of the last look
        self._lock = threading.RLock()

    @property
    def large(self) -> bool:
        """Tell whether questions go through the indexes (more than `small` articles, a word index)."""
        return self.lexical is not None and len(self._versions) > self.small

    def get(self, fresh: bool = True) -> Articles:
        """Return doc_id → StoredDoc for every committed article (`fresh=False`: as last checked)."""
        with self._lock:
            now = time.monotonic()
            generation = getattr(self.store, "generation", 0)
            stale = self._checked is None or (
                fresh and (self._checked[0] != generation or now - self._checked[1] >= self.refresh_seconds)
            )
            if stale or not self._docs:
                # Ids and pipeline versions: a `reindex` elsewhere keeps the ids but changes the records.
                versions = self.store.versions()
                self._checked = (generation, now)
                if versions != self._versions:
                    self._reload(versions)
            return self._docs

    def _reload(self, versions: dict[str, int]) -> None:
        self._versions = versions
        self._chunks = self._quotes = self._quote_vectors = None
        # Whatever changed, an article whose version stayed keeps its cached records.
        for doc_id in [d for d, a in self._articles.items() if versions.get(d) != a.doc.pipeline]:
            del self._articles[doc_id]
        for doc_id in [d for d, t in self._texts.items() if versions.get(d) != t.pipeline]:
            del self._texts[doc_id]
        if not self.large:
            full = {d.doc_id: d for d in self.store.docs()}
            self._docs = Articles(full, full.__getitem__)
            return
        assert self.lexical is not None
        if self.lexical.stale(versions) != ([], []):
            # The word index lags the store (an older newsbot wrote, or a write failed half-way).
            self.store.sync_lexical()
        infos = {d.doc_id: d for d in self.store.infos() if d.doc_id in versions}
        self._docs = Articles(infos, self._text)

    def _text(self, doc_id: str) -> StoredDoc:
        return self.texts([doc_id])[doc_id]

    def articles(self, doc_ids: Sequence[str]) -> dict[str, ArticleData]:
        """Return the text, chunks and quote records of these articles, reading the missing ones at once."""
        with self._lock:
            wanted = [d for d in dict.fromkeys(doc_ids) if d in self._versions]
            missing = [d for d in wanted if d not in self._articles]
            if missing:
                versions = {d: self._versions[d] for d in missing}
                chunks: dict[str, list[Any]] = {d: [] for d in missing}
                quotes: dict[str, list[Any]] = {d: [] for d in missing}
                for c in self.store.all_chunks(missing, versions=versions):
                    chunks[c.metadata["doc_id"]].append(c)
                for q in self.store.all_quotes(missing, versions=versions):
                    quotes[q.metadata["doc_id"]].append(q)
                for doc in self.store.docs(missing):
                    self._articles[doc.doc_id] = ArticleData(doc, chunks[doc.doc_id], quotes[doc.doc_id])
            for d in wanted:
                if d in self._articles:
                    self._articles.move_to_end(d)
            out = {d: self._articles[d] for d in wanted if d in self._articles}
            while len(self._articles) > max(self.cache_size, len(wanted)):
                self._articles.popitem(last=False)
            return out

    def leads(self) -> list[StoredDoc]:
        """Return every article of a large collection with its title and only the opening of its text."""
        assert self.lexical is not None
        from index.store import StoredDoc  # noqa: PLC0415

        versions = self.versions()
        return [
            StoredDoc(d.doc_id, d.title, d.source, 0, 0, d.lead, d.pipeline, d.ingested_at)
            for d in self.lexical.docs().values()
            if d.doc_id in versions
        ]

    def quoting(self, speaker: str) -> list[str]:
        """Return the articles of a large collection quoting a speaker who shares a word of `speaker`."""
        assert self.lexical is not None
        versions = self.versions()
        hits = self.lexical.search_quotes(terms(speaker), 1_000_000, column="who")
        return sorted({h.doc_id for h in hits if h.doc_id in versions})

    def chunk_vectors(self, doc_ids: Sequence[str]) -> tuple[list[Any], Any]:
        """Return these articles' chunks and a matrix of their stored unit vectors, row for row."""
        import numpy as np  # noqa: PLC0415

        with self._lock:
            found = self.articles(sorted(doc_ids))
            for data in found.values():
                if data.chunk_vectors is None:
                    got = self.store.chunks.get(ids=[c.id for c in data.chunks], include=["embeddings"])
                    by_id = dict(zip(got["ids"], got["embeddings"], strict=True))
                    data.chunk_vectors = np.asarray([by_id[c.id] for c in data.chunks], dtype=np.float32)
            chunks = [c for d in sorted(found) for c in found[d].chunks]
            parts = [found[d].chunk_vectors for d in sorted(found) if len(found[d].chunks)]
            matrix = np.vstack(parts) if parts else np.zeros((0, 0), dtype=np.float32)
            return chunks, matrix

    def versions(self) -> dict[str, int]:
        """Return each committed article's pipeline version, as last checked."""
        self.get(fresh=False)
        return self._versions

    def texts(self, doc_ids: Sequence[str]) -> dict[str, StoredDoc]:
        """Return these articles (with their texts), read together when not yet cached."""
        with self._lock:
            if not self.large:
                every = self.get(fresh=False)
                return {d: every[d] for d in dict.fromkeys(doc_ids) if d in every}
            wanted = [d for d in dict.fromkeys(doc_ids) if d in self._versions]
            missing = [d for d in wanted if d not in self._texts and d not in self._articles]
            for doc in self.store.docs(missing) if missing else []:
                self._texts[doc.doc_id] = doc
            out = {}
            for d in wanted:
                doc = self._articles[d].doc if d in self._articles else self._texts.get(d)
                if doc is not None:
                    out[d] = doc
                    if d in self._texts:
                        self._texts.move_to_end(d)
            while len(self._texts) > self.text_cache:
                self._texts.popitem(last=False)
            return out

    def chunks_of(self, doc_ids: Sequence[str]) -> list[Any]:
        """Return the chunks of these articles, in article order."""
        if not self.large:
            wanted = set(doc_ids)
            return [c for c in self.chunks() if c.metadata["doc_id"] in wanted]
        found = self.articles(sorted(doc_ids))
        return [c for d in sorted(found) for c in found[d].chunks]

    def quotes_of(self, doc_ids: Sequence[str]) -> list[Any]:
        """Return the quote records of these articles, in article order."""
        if not self.large:
            wanted = set(doc_ids)
            return [q for q in self.quotes() if q.metadata["doc_id"] in wanted]
        found = self.articles(sorted(doc_ids))
        return [q for d in sorted(found) for q in found[d].quotes]

    def chunks(self) -> list[Any]:
        """Return every chunk of the articles, in article order (a small collection's whole)."""
        docs = self.get(fresh=False)
        with self._lock:
            if self._chunks is None:
                self._chunks = self.store.all_chunks(list(docs))
            return self._chunks

    def quotes(self) -> list[Any]:
        """Return every quote record of the articles, in article order (a small collection's whole)."""
        docs = self.get(fresh=False)
        with self._lock:
            if self._quotes is None:
                self._quotes = self.store.all_quotes(list(docs))
                self._quote_vectors = None
            return self._quotes

    def quote_vectors(self, records: Sequence[Any] | None = None) -> dict[str, Any]:
        """Return quote id → stored unit vector (of every record, or of these), read once per article set."""
        import numpy as np  # noqa: PLC0415

        if records is not None and self.large:
            with self._lock:
                out: dict[str, Any] = {}
                by_doc: dict[str, list[Any]] = {}
                for r in records:
                    by_doc.setdefault(r.metadata["doc_id"], []).append(r)
                for data in self.articles(list(by_doc)).values():
                    if data.quote_vectors is None:
                        got = self.store.quotes.get(ids=[q.id for q in data.quotes], include=["embeddings"])
                        pairs = zip(got["ids"], got["embeddings"], strict=True)
                        data.quote_vectors = {i: np.asarray(v, dtype=np.float32) for i, v in pairs}
                    out.update(data.quote_vectors)
                return out
        everything = self.quotes()
        with self._lock:
            if self._quote_vectors is None:
                got = self.store.quotes.get(ids=[r.id for r in everything], include=["embeddings"])
                pairs = zip(got["ids"], got["embeddings"], strict=True)
                self._quote_vectors = {i: np.asarray(v, dtype=np.float32) for i, v in pairs}
            return self._quote_vectors


QUOTE_KINDS = frozenset({"who_said", "what_said", "quote_check", "who_is"})
# Quote records a question about a large collection scores: every record of the QUOTE_DOCS articles
# retrieval ranks first, and up to QUOTE_WORDS found by words (and as many by speaker) and QUOTE_NEAR by
# meaning anywhere in the collection.
QUOTE_DOCS = 3
QUOTE_WORDS = 40
QUOTE_NEAR = 40


class IndexedFreq(Mapping[str, int]):
    """How many chunks of the collection hold a term, asked of the word index term by term."""

    def __init__(self, lexical: LexicalIndex) -> None:
        self.lexical = lexical
        self._seen: dict[str, int] = {}

    def __getitem__(self, term: str) -> int:
        if term not in self._seen:
            self._seen.update({term: 0, **self.lexical.doc_freq([term])})
        return self._seen[term]

    def __iter__(self) -> Iterator[str]:
        return iter(self._seen)

    def __len__(self) -> int:
        return len(self._seen)


def quote_hits(question: str, records: list[Any], docs: DocCache) -> list[Any]:
    """Return the quote records, each with its cosine similarity to the question."""
    import numpy as np  # noqa: PLC0415
    from langchain_core.documents import Document  # noqa: PLC0415

    if not records:
        return []
    # Every record is scored, so a search would only sort them: one product with the stored vectors does.
    vectors = docs.quote_vectors(records if docs.large else None)
    query = np.asarray(docs.store.quotes.embeddings.embed_query(question), dtype=np.float32)
    return [
        Document(
            id=r.id,
            page_content=r.page_content,
            metadata={**r.metadata, "dense": float(vectors[r.id] @ query) if r.id in vectors else 0.0},
        )
        for r in records
    ]


def with_neighbours(hits: list[Any], all_chunks: list[Any]) -> list[Any]:
    """Add the sentences on either side of each hit: a window can match through its neighbour sentence."""
    from langchain_core.documents import Document  # noqa: PLC0415

    by_pos = {(c.metadata["doc_id"], c.metadata["seq"]): c for c in all_chunks}
    seen = {h.id for h in hits}
    out = list(hits)
    for h in hits:
        m = h.metadata
        for seq in (m["seq"] - 1, m["seq"] + 1):
            n = by_pos.get((m["doc_id"], seq))
            if n is None or n.id in seen:
                continue
            seen.add(n.id)
            out.append(
                Document(
                    id=n.id,
                    page_content=n.page_content,
                    metadata={**n.metadata, "rrf": 0.8 * m["rrf"], "dense": 0.9 * m["dense"], "bm25": 0.0},
                )
            )
    return out


def build_chain(
    retriever: HybridRetriever,
    answerer: Answerer,
    docs: DocCache,
    respond_special: Any = None,
    streamer: StreamingAnswerer | None = None,
) -> Runnable:
    """Compose the chain; `respond_special(query, evidence)` may answer summary/quote questions first.

    With `"stream": True` in its input, the chain returns an iterator of ever longer answers when the
    answerer can stream (a `streamer` is given), and an Answer otherwise.
    """

    def retrieve(state: dict[str, Any]) -> Evidence:
        everything = docs.get(fresh=False)
        scope = state.get("doc_id")
        turn: Turn | None = state.get("turn")
        search = state["query"].text
        if turn is not None and turn.followup and turn.context and not turn.rewritten:
            search = f"{search} {turn.context}"
        if scope is None and docs.large:
            evidence = retrieve_wide(state["query"], search, everything)
        else:
            evidence = retrieve_within(state["query"], search, everything, scope)
        if scope is None:
            # Across articles, only those naming what the question names can answer it (one article
            # asked about is held to the same by its answerers, which say it does not name it).
            evidence.naming(state["query"].proper_nouns)
        if turn is not None and turn.followup:
            # Once "he" is replaced by a name the question stands on its own: only nearness remains.
            evidence.context_terms = [] if turn.rewritten else context_terms(turn)
            evidence.near = turn.near
        if turn is not None and re.search(r"\belse\b", turn.text, re.I):
            evidence.shown_quotes = turn.shown_quotes
        evidence.named = bool(state.get("named"))
        evidence.aside = bool(state.get("aside"))
        return evidence

    def retrieve_within(query: Query, search: str, everything: Articles, scope: str | None) -> Evidence:
        """Search one article (a scoped question) or every article of a small collection, record by record."""
        if scope is not None:
            # One article asked about: nothing else is searched, scored or cited.
            known = {scope: everything[scope]} if scope in everything else {}
        else:
            known = dict(everything)
        versions = {d: doc.pipeline for d, doc in known.items()}
        # A large collection's article comes with its chunks from the cache; a small one reads them whole.
        held = (lambda: docs.chunks_of(list(known))) if docs.large else None
        # ... and with their vectors: one article's few dozen are compared in-process, no index query.
        vectors = (lambda: docs.chunk_vectors(list(known))) if docs.large else None
        chunks = (
            retriever.invoke(search, doc_ids=list(known), versions=versions, chunks=held, vectors=vectors)
            if known
            else []
        )
        bm25 = retriever.bm25(list(known), versions, held) if known else None
        if bm25 is not None:
            chunks = with_neighbours(chunks, bm25.chunks)
        freq: Counter[str] = Counter()
        for toks in bm25.tokens if bm25 else []:
            freq.update(set(toks))
        evidence = Evidence(
            chunks=chunks, docs=known, doc_freq=freq, n_chunks=len(bm25.tokens) if bm25 else 0, scope=scope
        )
        records = docs.quotes_of(list(known)) if known else []
        if known and query.kind in QUOTE_KINDS:
            evidence.quotes = quote_hits(query.text, records, docs)
        evidence.voices = [
            (m["doc_id"], m["start"], m["end"], m["speaker"]) for m in (q.metadata for q in records)
        ]
        return evidence

    def retrieve_wide(query: Query, search: str, everything: Articles) -> Evidence:
        """Search a large collection through its indexes; read only the articles they point at."""
        lexical = docs.lexical
        assert lexical is not None  # a large collection has its word index (DocCache.large)
        versions = docs.versions()
        chunks, vector = retriever.search_wide(search, versions, lexical)
        hit_docs = list(dict.fromkeys(c.metadata["doc_id"] for c in chunks))
        if query.kind in QUOTE_KINDS:
            qvec = vector if search == query.text else docs.store.quotes.embeddings.embed_query(query.text)
            quotes = quote_candidates(query, hit_docs, versions, lexical, qvec)
        else:
            quotes = []
        quote_docs = [q.metadata["doc_id"] for q in quotes]
        texts = docs.texts([*hit_docs, *quote_docs])
        chunks = with_neighbours(chunks, docs.chunks_of(hit_docs))
        evidence = Evidence(
            chunks=chunks,
            docs=texts,
            doc_freq=IndexedFreq(lexical),
            n_chunks=lexical.n_chunks(),
            quotes=quotes,
            total=len(everything),
        )
        evidence.voices = [
            (m["doc_id"], m["start"], m["end"], m["speaker"])
            for m in (q.metadata for q in docs.quotes_of(hit_docs))
        ]
        return evidence

    def quote_candidates(
        query: Query,
        hit_docs: list[str],
        versions: Mapping[str, int],
        lexical: LexicalIndex,
        vector: list[float],
    ) -> list[Any]:
        """Return the quote records worth scoring for a question about a large collection, with cosines.

        The records of the articles retrieval found first, those sharing the question's words (or, for a
        named speaker, their name and role) by FTS5, and those nearest in meaning by HNSW: a few hundred
        at most, whatever the collection's size.
        """
        import numpy as np  # noqa: PLC0415
        from langchain_core.documents import Document  # noqa: PLC0415

        store = docs.store
        ids = [q.id for q in docs.quotes_of(hit_docs[:QUOTE_DOCS])]
        ids += [h.id for h in lexical.search_quotes(terms(query.text), QUOTE_WORDS)]
        if query.target:
            ids += [h.id for h in lexical.search_quotes(terms(query.target), QUOTE_WORDS, column="who")]
        ids += [d.id for d, _ in store.nearest(vector, QUOTE_NEAR, versions, quotes=True)]
        found = store.by_ids(list(dict.fromkeys(i for i in ids if i)), quotes=True, embeddings=True)
        qv = np.asarray(vector, dtype=np.float32)
        records = [
            Document(
                id=d.id,
                page_content=d.page_content,
                metadata={**d.metadata, "dense": float(np.asarray(v, dtype=np.float32) @ qv)},
            )
            for d, v in found
            if d.metadata["doc_id"] in versions
            and d.metadata.get("pipeline", 0) == versions[d.metadata["doc_id"]]
        ]
        return sorted(records, key=lambda d: (d.metadata["doc_id"], d.metadata["start"]))

    def respond(state: dict[str, Any]) -> Answer | Iterator[Answer]:
        if respond_special is not None:
            special = respond_special(state["query"], state["evidence"], state.get("turn"))
            if special is not None:
                return special
        if streamer is not None and state.get("stream"):
            # The caller iterates: each item is the answer so far, the last one the final answer.
            return streamer.answer_stream(state["query"], state["evidence"])
        return answerer.answer(state["query"], state["evidence"])

    return (
        # Plain steps that add their result to the state, rather than RunnablePassthrough.assign: assign
        # runs each step through a thread pool, a hop per step that costs more than a question's analysis.
        RunnableLambda(lambda s: {**s, "query": analyze(s["question"])}, name="analyze")
        | RunnableLambda(lambda s: {**s, "evidence": retrieve(s)}, name="retrieve")
        | RunnableLambda(respond, name="respond")
    )
