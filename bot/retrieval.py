"""Hybrid retrieval: BM25 over chunk text fused with dense Chroma search by reciprocal rank fusion."""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, PrivateAttr

from bot.text import terms

if TYPE_CHECKING:
    from index.lexical import LexicalIndex
    from index.store import ArticleStore

RRF_K = 60  # the constant from Cormack et al. (2009); robust across collections


class BM25Index:
    """A BM25 index over the committed chunks of a collection."""

    def __init__(self, chunks: Sequence[Document]) -> None:
        import bm25s  # noqa: PLC0415

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build at DEBUG
        self.chunks = list(chunks)
        self.tokens = [terms(d.page_content) for d in self.chunks]
        self._bm25 = bm25s.BM25()
        if self.chunks:
            # bm25s cannot index a corpus without a single token; a placeholder keeps its shapes valid.
            self._bm25.index([t or ["\x00"] for t in self.tokens], show_progress=False)

    def search(self, query_terms: list[str], k: int) -> list[tuple[Document, float]]:
        """Return up to `k` chunks with a positive BM25 score, best first."""
        if not self.chunks or not query_terms:
            return []
        scores = self._bm25.get_scores(query_terms)
        order = sorted(range(len(scores)), key=lambda i: -scores[i])[:k]
        return [(self.chunks[i], float(scores[i])) for i in order if scores[i] > 0]


def reciprocal_rank_fusion(rankings: Sequence[Sequence[str]], k: int = RRF_K) -> dict[str, float]:
    """Fuse ranked id lists: score(id) = Σ 1 / (k + rank)."""
    # Written here rather than taken from LangChain's EnsembleRetriever: that lives in
    # langchain-classic, whose import alone would eat a third of the cold-start budget.
    fused: dict[str, float] = {}
    for ranking in rankings:
        for rank, key in enumerate(ranking, start=1):
            fused[key] = fused.get(key, 0.0) + 1.0 / (k + rank)
    return fused


class HybridRetriever(BaseRetriever):
    """Retrieve chunks by BM25 and dense similarity, fused with RRF; scores land in metadata."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    store: Any
    k: int = 16  # the answerer re-ranks: a strong hit in only one list must survive fusion
    fetch_k: int = 20
    # A few indexes are kept: questions scoped to one article (`ask --doc`) alternate with unscoped ones.
    bm25_cache_size: int = 32
    _bm25: OrderedDict[tuple[tuple[str, int], ...], BM25Index] = PrivateAttr(default_factory=OrderedDict)

    def bm25(
        self,
        doc_ids: Sequence[str],
        versions: Mapping[str, int] | None = None,
        chunks: Callable[[], Sequence[Document]] | None = None,
    ) -> BM25Index:
        """Return the BM25 index of these articles, rebuilt when the articles or their versions change.

        `chunks` gives their chunks when the caller holds them (else they are read from the store).
        """
        known = versions or {}
        key = tuple(sorted((d, known.get(d, 0)) for d in doc_ids))
        index = self._bm25.get(key)
        if index is None:
            found = chunks() if chunks is not None else self.store.all_chunks(doc_ids, versions=versions)
            index = self._bm25[key] = BM25Index(found)
            while len(self._bm25) > self.bm25_cache_size:
                self._bm25.popitem(last=False)
        self._bm25.move_to_end(key)
        return index

    def _get_relevant_documents(
        self,
        query: str,
        *,
        run_manager: CallbackManagerForRetrieverRun,
        doc_ids: Sequence[str] | None = None,
        versions: Mapping[str, int] | None = None,
        chunks: Callable[[], Sequence[Document]] | None = None,
        vectors: Callable[[], tuple[Sequence[Document], Any]] | None = None,
    ) -> list[Document]:
        store: ArticleStore = self.store
        ids = list(doc_ids) if doc_ids is not None else store.doc_ids()
        if not ids:
            return []
        vector = store.chunks.embeddings.embed_query(query)
        if vectors is not None:
            dense = exact_search(vector, *vectors(), self.fetch_k)
        else:
            dense = store.dense_search(vector, self.fetch_k, ids, versions)
        sparse = self.bm25(ids, versions, chunks).search(terms(query), self.fetch_k)
        return self._fuse(vector, dense, sparse)

    def search_wide(
        self, query: str, versions: Mapping[str, int], lexical: LexicalIndex
    ) -> tuple[list[Document], list[float]]:
        """Retrieve from the whole collection through its indexes: HNSW for meaning, FTS5 for words.

        Neither list reads more than `fetch_k` records, however many articles the collection holds.
        Returns the chunks and the query's vector.
        """
        store: ArticleStore = self.store
        vector = store.chunks.embeddings.embed_query(query)
        dense = store.nearest(vector, self.fetch_k, versions)
        hits = [h for h in lexical.search_chunks(terms(query), self.fetch_k) if h.doc_id in versions]
        score = {h.id: h.score for h in hits}
        found = store.by_ids([h.id for h in hits], embeddings=True)
        sparse = [(doc, score[doc.id]) for doc, _ in found if _current(doc.metadata, versions)]
        vectors = {doc.id: vec for doc, vec in found}
        return self._fuse(vector, dense, sparse, vectors), vector

    def _fuse(
        self,
        vector: list[float],
        dense: list[tuple[Document, float]],
        sparse: list[tuple[Document, float]],
        vectors: Mapping[str | None, Any] | None = None,
    ) -> list[Document]:
        """Fuse the dense and the word ranking; scores land in each chunk's metadata."""
        store: ArticleStore = self.store
        fused = reciprocal_rank_fusion([[d.id for d, _ in dense], [d.id for d, _ in sparse]])
        by_id = {d.id: d for d, _ in [*dense, *sparse]}
        dense_score = {d.id: s for d, s in dense}
        bm25_score = {d.id: s for d, s in sparse}
        top = sorted(fused, key=lambda i: -fused[i])[: self.k]
        missing = [key for key in top if key not in dense_score]
        if missing:
            # BM25-only hits still need their cosine: the answerer weighs meaning as well as words.
            known = vectors or {}
            if any(key not in known for key in missing):
                got = store.chunks.get(ids=missing, include=["embeddings"])
                known = dict(zip(got["ids"], got["embeddings"], strict=True))
            for key in missing:
                dense_score[key] = float(sum(a * b for a, b in zip(vector, known[key], strict=True)))
        out = []
        for key in top:
            doc = by_id[key]
            meta = {
                **doc.metadata,
                "rrf": fused[key],
                "dense": dense_score.get(key, 0.0),
                "bm25": bm25_score.get(key, 0.0),
            }
            out.append(Document(id=doc.id, page_content=doc.page_content, metadata=meta))
        return out


def exact_search(
    vector: list[float], chunks: Sequence[Document], matrix: Any, k: int
) -> list[tuple[Document, float]]:
    """Return the `k` chunks nearest to `vector` by cosine, every chunk compared (one article's few dozen)."""
    import numpy as np  # noqa: PLC0415

    if not chunks:
        return []
    q = np.asarray(vector, dtype=np.float32)
    scores = matrix @ (q / max(float(np.linalg.norm(q)), 1e-12))
    order = np.argsort(-scores, kind="stable")[:k]
    return [(chunks[i], float(scores[i])) for i in order]


def _current(meta: Mapping[str, Any], versions: Mapping[str, int]) -> bool:
    """Tell whether a record belongs to its article's committed version."""
    return meta["doc_id"] in versions and meta.get("pipeline", 0) == versions[meta["doc_id"]]
