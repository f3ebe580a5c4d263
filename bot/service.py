"""The answering service every front end (CLI, chat, Telegram) talks to."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from bot.answerers.extractive import not_found
from bot.schema import Answer
from bot.summarize import centroid_summary

if TYPE_CHECKING:
    from langchain_core.runnables import Runnable

    from bot.chain import DocCache
    from bot.evidence import Evidence
    from bot.questions import Query
    from bot.sessions import SessionStore
    from index.store import ArticleStore


EMPTY = "The collection is empty: ingest an article first (newsbot ingest FILE)."


class AnsweringService(Protocol):
    """What a front end needs: answers, summaries, quotes, sessions."""

    def ask(self, question: str, session: str | None = None) -> Answer:
        """Answer a question, using and extending the session's history."""
        ...

    def summary(self, doc_id: str | None = None) -> Answer:
        """Summarise one article, or the newest one."""
        ...

    def quotes(self, speaker: str | None = None) -> list[dict[str, Any]]:
        """List quote records, optionally only one speaker's."""
        ...


class NewsService:
    """Answers questions about one collection with the LCEL chain."""

    def __init__(self, store: ArticleStore, chain_factory: Any, docs: DocCache,
                 sessions: SessionStore | None = None) -> None:
        self.store = store
        self.docs = docs
        self.sessions = sessions
        self.chain: Runnable = chain_factory(self._respond_special)

    def ask(self, question: str, session: str | None = None) -> Answer:
        """Answer a question; with a session, record the turn."""
        answer = self.chain.invoke({"question": question})
        if session and self.sessions is not None:
            self.sessions.append(session, question, answer.to_json())
        return answer

    def summary(self, doc_id: str | None = None) -> Answer:
        """Summarise the article `doc_id`, or the newest one."""
        docs = self.docs.get()
        if not docs:
            return Answer("not_found", EMPTY, kind="summary")
        if doc_id is not None and doc_id not in docs:
            raise KeyError(doc_id)
        target = doc_id or list(docs)[-1]
        chunks = self.store.all_chunks([target])
        got = self.store.chunks.get(ids=[c.id for c in chunks], include=["embeddings"])
        vec_by_id = dict(zip(got["ids"], got["embeddings"], strict=True))
        return centroid_summary(chunks, [vec_by_id[c.id] for c in chunks], docs)

    def quotes(self, speaker: str | None = None) -> list[dict[str, Any]]:
        """List quote records in article order, optionally filtered by speaker."""
        from index.quotes import same_speaker  # noqa: PLC0415
        from index.store import quote_from_document  # noqa: PLC0415

        records = [quote_from_document(d) for d in self.store.all_quotes()]
        if speaker:
            records = [r for r in records if same_speaker(r["speaker"], speaker)]
        return records

    def _respond_special(self, query: Query, evidence: Evidence) -> Answer | None:
        if query.kind == "summary":
            return self.summary() if evidence.docs else not_found(query, evidence)
        return None

