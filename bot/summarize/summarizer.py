"""The summarizer: reads an article (inputs), selects its sentences (full or focused), renders them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.evidence import Citer
from bot.questions import META_WORDS
from bot.schema import Answer
from bot.summarize.focused import select_focused
from bot.summarize.full import select_full
from bot.summarize.inputs import article
from bot.summarize.render import _Draft, compose
from bot.summarize.weights import SummaryWeights
from bot.text import terms

if TYPE_CHECKING:
    from langchain_core.documents import Document

    from bot.questions import SummaryRequest
    from bot.schema import QuoteRecord
    from index.store import StoredDoc


class Summarizer:
    """Builds full and focused summaries from an article's sentences, vectors and quotes."""

    def __init__(self, weights: SummaryWeights | None = None) -> None:
        # The weights are hand-set defaults until a fitting script passes its own.
        self.weights = weights or SummaryWeights()

    def summarize(
        self,
        doc: StoredDoc,
        chunks: list[Document],
        vectors: list[list[float]],
        quotes: list[QuoteRecord],
        req: SummaryRequest,
        docs: dict[str, StoredDoc],
        focus_vector: list[float] | None = None,
        role_vectors: dict[str, list[float]] | None = None,
    ) -> Answer:
        """Summarise `doc`, following the request's length and focus."""
        if not chunks:
            return Answer("not_found", "There is nothing to summarise in this article.", kind="summary")
        art = article(doc, chunks, vectors, quotes)
        draft = _Draft(doc, Citer(docs), req)
        focus_terms = [t for t in terms(req.focus or "") if t not in META_WORDS]
        if focus_terms or focus_vector is not None:
            select_focused(art, draft, focus_terms, focus_vector, role_vectors, self.weights)
            if not draft.parts:
                return Answer(
                    "not_found", f"The article doesn't say anything about {req.focus}.", kind="summary"
                )
            return compose(draft, art.quotes, sort=False)
        select_full(art, draft, self.weights)
        return compose(draft, art.quotes, sort=True)
