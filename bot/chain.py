"""The LCEL answering chain: analyze → retrieve → respond."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from langchain_core.runnables import Runnable, RunnableLambda, RunnablePassthrough

from bot.evidence import Evidence
from bot.questions import analyze

if TYPE_CHECKING:
    from bot.answerers import Answerer
    from bot.retrieval import HybridRetriever
    from bot.schema import Answer
    from index.store import ArticleStore, StoredDoc


class DocCache:
    """The committed articles' texts, re-read only when the set of articles changes."""

    def __init__(self, store: ArticleStore) -> None:
        self.store = store
        self._docs: dict[str, StoredDoc] = {}

    def get(self) -> dict[str, StoredDoc]:
        """Return doc_id → StoredDoc for every committed article."""
        ids = set(self.store.doc_ids())
        if ids != set(self._docs):
            self._docs = {d.doc_id: d for d in self.store.docs()}
        return self._docs


def build_chain(retriever: HybridRetriever, answerer: Answerer, docs: DocCache,
                respond_special: Any = None) -> Runnable:
    """Compose the chain; `respond_special(query, evidence)` may answer summary/quote questions first."""

    def retrieve(state: dict[str, Any]) -> Evidence:
        known = docs.get()
        chunks = retriever.invoke(state["query"].text) if known else []
        bm25 = retriever.bm25(list(known)) if known else None
        freq: Counter[str] = Counter()
        for toks in bm25.tokens if bm25 else []:
            freq.update(set(toks))
        return Evidence(chunks=chunks, docs=known, doc_freq=freq, n_chunks=len(bm25.tokens) if bm25 else 0)

    def respond(state: dict[str, Any]) -> Answer:
        if respond_special is not None:
            special = respond_special(state["query"], state["evidence"])
            if special is not None:
                return special
        return answerer.answer(state["query"], state["evidence"])

    return (
        RunnablePassthrough.assign(query=RunnableLambda(lambda s: analyze(s["question"]), name="analyze"))
        | RunnablePassthrough.assign(evidence=RunnableLambda(retrieve, name="retrieve"))
        | RunnableLambda(respond, name="respond")
    )
