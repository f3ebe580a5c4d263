"""The LCEL answering chain: analyze → retrieve → respond."""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from langchain_core.runnables import Runnable, RunnableLambda

from bot.conversation import Turn, context_terms
from bot.evidence import Evidence
from bot.questions import analyze

if TYPE_CHECKING:
    from bot.answerers import Answerer, StreamingAnswerer
    from bot.retrieval import HybridRetriever
    from bot.schema import Answer
    from index.store import ArticleStore, StoredDoc


# How long the set of articles is trusted before the store is asked again; writes through this process's
# store are seen at once, another process's ingest within this many seconds.
REFRESH_SECONDS = 1.0


class DocCache:
    """The committed articles' texts, chunks and quotes, re-read only when the set of articles changes."""

    def __init__(self, store: ArticleStore, refresh_seconds: float = REFRESH_SECONDS) -> None:
        self.store = store
        self.refresh_seconds = refresh_seconds
        self._docs: dict[str, StoredDoc] = {}
        self._chunks: list[Any] | None = None
        self._quotes: list[Any] | None = None
        self._quote_vectors: dict[str, Any] | None = None
        self._checked: tuple[int, float] | None = None  # (store generation, monotonic time) of the last look
        self._lock = threading.Lock()

    def get(self, fresh: bool = True) -> dict[str, StoredDoc]:
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
                if versions != {d: doc.pipeline for d, doc in self._docs.items()}:
                    self._docs = {d.doc_id: d for d in self.store.docs()}
                    self._chunks = self._quotes = None
            return self._docs

    def chunks(self) -> list[Any]:
        """Return every chunk of the articles, in article order."""
        docs = self.get(fresh=False)
        with self._lock:
            if self._chunks is None:
                self._chunks = self.store.all_chunks(list(docs))
            return self._chunks

    def quotes(self) -> list[Any]:
        """Return every quote record of the articles, in article order."""
        docs = self.get(fresh=False)
        with self._lock:
            if self._quotes is None:
                self._quotes = self.store.all_quotes(list(docs))
                self._quote_vectors = None
            return self._quotes

    def quote_vectors(self) -> dict[str, Any]:
        """Return quote id → stored unit vector, read from the store once per set of articles."""
        records = self.quotes()
        with self._lock:
            if self._quote_vectors is None:
                import numpy as np  # noqa: PLC0415

                got = self.store.quotes.get(ids=[r.id for r in records], include=["embeddings"])
                pairs = zip(got["ids"], got["embeddings"], strict=True)
                self._quote_vectors = {i: np.asarray(v, dtype=np.float32) for i, v in pairs}
            return self._quote_vectors


QUOTE_KINDS = frozenset({"who_said", "what_said", "quote_check", "who_is"})


def quote_hits(question: str, records: list[Any], docs: DocCache) -> list[Any]:
    """Return the quote records, each with its cosine similarity to the question."""
    import numpy as np  # noqa: PLC0415
    from langchain_core.documents import Document  # noqa: PLC0415

    if not records:
        return []
    # Every record is scored, so a search would only sort them: one product with the stored vectors does.
    vectors = docs.quote_vectors()
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
        known = docs.get(fresh=False)
        scope = state.get("doc_id")
        if scope is not None:
            # One article asked about: nothing else is searched, scored or cited.
            known = {scope: known[scope]} if scope in known else {}
        turn: Turn | None = state.get("turn")
        search = state["query"].text
        if turn is not None and turn.followup and turn.context and not turn.rewritten:
            search = f"{search} {turn.context}"
        versions = {d: doc.pipeline for d, doc in known.items()}
        chunks = retriever.invoke(search, doc_ids=list(known), versions=versions) if known else []
        bm25 = retriever.bm25(list(known), versions) if known else None
        if bm25 is not None:
            chunks = with_neighbours(chunks, bm25.chunks)
        freq: Counter[str] = Counter()
        for toks in bm25.tokens if bm25 else []:
            freq.update(set(toks))
        evidence = Evidence(
            chunks=chunks, docs=known, doc_freq=freq, n_chunks=len(bm25.tokens) if bm25 else 0, scope=scope
        )
        if turn is not None and turn.followup:
            # Once "he" is replaced by a name the question stands on its own: only nearness remains.
            evidence.context_terms = [] if turn.rewritten else context_terms(turn)
            evidence.near = turn.near
        if turn is not None and re.search(r"\belse\b", turn.text, re.I):
            evidence.shown_quotes = turn.shown_quotes
        if known and state["query"].kind in QUOTE_KINDS:
            records = [q for q in docs.quotes() if q.metadata["doc_id"] in known]
            evidence.quotes = quote_hits(state["query"].text, records, docs)
        evidence.voices = [
            (m["doc_id"], m["start"], m["end"], m["speaker"])
            for m in (q.metadata for q in docs.quotes())
            if m["doc_id"] in known
        ]
        return evidence

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
