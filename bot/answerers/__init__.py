"""Answerers turn a question and its evidence into an Answer; they are swappable behind one Protocol."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from bot.evidence import Evidence
    from bot.questions import Query
    from bot.schema import Answer
    from index.store import StoredDoc


class Answerer(Protocol):
    """Composes the answer to an analysed question from retrieved evidence."""

    def answer(self, query: Query, evidence: Evidence) -> Answer:
        """Answer `query` from `evidence`, or say plainly that the article doesn't say."""
        ...


class StreamingAnswerer(Protocol):
    """Answers sentence by sentence: each item is the answer so far, the last one the answer."""

    def answer_stream(self, query: Query, evidence: Evidence) -> Iterator[Answer]:
        """Yield ever longer verified answers."""
        ...


class QuestionRewriter(Protocol):
    """Rewrites a follow-up the rules could not resolve into a stand-alone question."""

    def rewrite(self, question: str, history: Sequence[dict[str, Any]]) -> str:
        """Return the question as it would read without the conversation."""
        ...


class SummaryWriter(Protocol):
    """Rewrites an extractive summary in its own words, keeping every citation checked."""

    def summarize(self, summary: Answer, request: Any, docs: dict[str, StoredDoc]) -> Answer:
        """Return the rewritten summary, or `summary` itself."""
        ...


@dataclass(frozen=True)
class Abilities:
    """What an answerer can do beyond answering, declared where it is built (bot/factory.py)."""

    stream: StreamingAnswerer | None = None
    rewrite: QuestionRewriter | None = None
    summarize: SummaryWriter | None = None
