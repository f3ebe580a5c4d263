"""Answerers turn a question and its evidence into an Answer; they are swappable behind one Protocol."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from bot.evidence import Evidence
    from bot.questions import Query
    from bot.schema import Answer


class Answerer(Protocol):
    """Composes the answer to an analysed question from retrieved evidence."""

    def answer(self, query: Query, evidence: Evidence) -> Answer:
        """Answer `query` from `evidence`, or say plainly that the article doesn't say."""
        ...


def make_answerer(name: str) -> Answerer:
    """Build the answerer called `name`."""
    if name == "extractive":
        from bot.answerers.extractive import ExtractiveAnswerer  # noqa: PLC0415

        return ExtractiveAnswerer()
    if name == "llm":
        raise ValueError("answerer 'llm' is not available yet; valid answerers: extractive")
    raise ValueError(f"unknown answerer {name!r}; valid answerers: extractive, llm")
