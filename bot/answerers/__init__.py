"""Answerers turn a question and its evidence into an Answer; they are swappable behind one Protocol."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from langchain_core.documents import Document

    from bot.evidence import Evidence
    from bot.questions import Query
    from bot.schema import Answer
    from bot.settings import Settings


class Answerer(Protocol):
    """Composes the answer to an analysed question from retrieved evidence."""

    def answer(self, query: Query, evidence: Evidence) -> Answer:
        """Answer `query` from `evidence`, or say plainly that the article doesn't say."""
        ...


def make_answerer(
    name: str, settings: Settings | None = None, quotes: Callable[[], Sequence[Document]] | None = None
) -> Answerer:
    """Build the answerer called `name` (`llm` needs the settings of its model server)."""
    if name == "extractive":
        from bot.answerers.extractive import ExtractiveAnswerer  # noqa: PLC0415

        return ExtractiveAnswerer()
    if name == "llm":
        if settings is None:
            raise ValueError("answerer 'llm' needs settings naming its model server (NEWSBOT_LLM_URL)")
        from bot.answerers.llm import LLMAnswerer  # noqa: PLC0415
        from bot.factory import make_chat_model  # noqa: PLC0415

        return LLMAnswerer(lambda: make_chat_model(settings), quotes=quotes, timeout=settings.llm_timeout)
    raise ValueError(f"unknown answerer {name!r}; valid answerers: extractive, llm")
