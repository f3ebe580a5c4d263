"""The answering service every front end (CLI, chat, Telegram) talks to."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Container, Iterator
from typing import TYPE_CHECKING, Any, Protocol

from bot.answerers import Abilities
from bot.answerers.extractive import not_found
from bot.answerers.quotes import QuoteAnswerer
from bot.articles import (
    WHICH_KIND,
    ArticleInfo,
    cited_articles,
    focus_coverage,
    name_sources,
    pick,
    which_one,
)
from bot.chain import quote_hits
from bot.conversation import Turn, guess_genders, resolve
from bot.evidence import Citer
from bot.schema import Answer, QuoteRecord
from bot.summarize import Summarizer, SummaryRequest, introduction, is_generic, parse_request, title_match
from bot.text import fold
from index.speakers import same_speaker

if TYPE_CHECKING:
    from langchain_core.runnables import Runnable

    from bot.chain import DocCache
    from bot.evidence import Evidence
    from bot.questions import Query
    from bot.state import Sessions
    from index.store import ArticleStore, StoredDoc


# Answers found across articles that are given again as if their article had been chosen (`_as_if_chosen`).
AS_IF_CHOSEN = frozenset({"fact", "what_said", "who_said", "quote_check"})
QUOTES_BATCH = 50  # articles whose quote records `newsbot quotes` reads at a time in a large collection
EMPTY = "The collection is empty: ingest an article first (newsbot ingest FILE)."


class AnsweringService(Protocol):
    """What a front end needs: answers, summaries, quotes, sessions."""

    def ask(self, question: str, session: str | None = None, doc_id: str | None = None) -> Answer:
        """Answer a question, using and extending the session's history (`doc_id`: that article only)."""
        ...

    def summary(self, doc_id: str | None = None, request: SummaryRequest | None = None) -> Answer:
        """Summarise one article, or the newest one."""
        ...

    def quotes(self, speaker: str | None = None) -> list[dict[str, Any]]:
        """List quote records, optionally only one speaker's."""
        ...

    def articles(self) -> list[ArticleInfo]:
        """List the collection's articles, newest first."""
        ...

    def current(self, session: str | None) -> str | None:
        """Return the id of the session's current article, if it has one."""
        ...

    def use(self, session: str, doc_id: str) -> ArticleInfo:
        """Make an article the session's current one (KeyError: no such article)."""
        ...

    def choose(self, session: str, doc_id: str) -> Answer | None:
        """Make an article current; answer the question a "which one?" list was about, if any."""
        ...


class StreamingService(AnsweringService, Protocol):
    """A service that can also answer sentence by sentence (NewsService with the `llm` answerer)."""

    streaming: bool

    def ask_stream(self, question: str, session: str | None = None) -> Iterator[Answer]:
        """Yield ever longer verified answers; the last one is the answer."""
        ...


class NewsService:
    """Answers questions about one collection with the LCEL chain."""

    def __init__(
        self,
        store: ArticleStore,
        chain_factory: Any,
        docs: DocCache,
        sessions: Sessions | None = None,
        abilities: Abilities | None = None,
    ) -> None:
        self.store = store
        self.docs = docs
        self.sessions = sessions
        # What the chain's answerer can do beyond answering (a generative one streams and rewrites).
        self.abilities = abilities or Abilities()
        self.quote_answerer = QuoteAnswerer()
        self.summarizer = Summarizer()
        self.chain: Runnable = chain_factory(self._respond_special)

    @property
    def streaming(self) -> bool:
        """Tell whether `ask_stream` yields answers sentence by sentence (a generative answerer)."""
        return self.abilities.stream is not None

    def ask(self, question: str, session: str | None = None, doc_id: str | None = None) -> Answer:
        """Answer a question; with a session, resolve it against the history and record the turn.

        With `doc_id`, only that article is searched and cited; an unknown id raises KeyError. Without it,
        the session's current article is "the article" (see `bot.articles`).
        """
        docs = self.docs.get()
        if doc_id is not None and doc_id not in docs:
            raise KeyError(doc_id)
        picked = self._picked(question, session) if doc_id is None else None
        if session is not None and picked is not None:
            # The reply to "Which article do you mean?": that article becomes current and the question
            # the list was about is answered now.
            return self._answer_pending(session, picked)
        turn = self._turn(question, session)
        if turn.name_request and turn.person:
            answer = self._name_answer(turn.person, session)
        elif doc_id is not None:
            answer = self._invoke(turn, doc_id)
        else:
            answer = self._in_context(turn, session)
        self._record(session, question, answer, turn)
        return answer

    def _invoke(self, turn: Turn, doc_id: str | None, named: bool = False, aside: bool = False) -> Answer:
        """Run the chain; `named`: the answer will be prefixed with its article's name (leave room for it).

        `aside`: that line will also say the answer is not from the current article.
        """
        state = {"question": turn.text, "turn": turn, "doc_id": doc_id, "named": named, "aside": aside}
        return self.chain.invoke(state)

    def _in_context(self, turn: Turn, session: str | None) -> Answer:
        """Answer from the current article; what it does not say, from another article, named."""
        docs = self.docs.get(fresh=False)
        chosen = self.current(session)
        # With no article chosen, a follow-up is about the article the previous answer came from.
        current = chosen or _followed(turn, docs)
        # With no article chosen, the answer's article is named before it, whichever it is.
        answer = self._invoke(turn, current, named=chosen is None and len(docs) > 1)
        if current is None and answer.kind in AS_IF_CHOSEN and len(docs) > 1:
            answer = self._as_if_chosen(turn, answer)
        if current is not None and answer.status == "not_found" and len(docs) > 1:
            wider = self._invoke(turn, None, named=True, aside=chosen is not None)
            elsewhere = set(cited_articles(wider)) - {current}
            if wider.status == "answered" and wider.kind != WHICH_KIND and elsewhere:
                answer = wider
        elif current is not None and answer.kind == "summary" and len(docs) > 1:
            answer = self._focus_elsewhere(turn, current, answer)
        if len(docs) < 2:
            return answer
        return name_sources(answer, docs.titles(), chosen)

    def _as_if_chosen(self, turn: Turn, answer: Answer) -> Answer:
        """Answer a question found across articles (a kind in AS_IF_CHOSEN) as if its article had been chosen.

        The same question about the same article gets the same answer, or refusal, whether the reader
        picked the article or the collection pointed at it: the answer-or-refuse model was fitted one
        article at a time, and across articles other stories' words weigh the question differently.
        """
        cited = cited_articles(answer)
        if answer.status != "answered" or len(cited) != 1:
            return answer
        chosen = self._invoke(turn, cited[0], named=True)
        if answer.kind != "fact" and chosen.status != "answered":
            # Who said what is read from the article's quote records, not weighed by the refusal model:
            # what the wider search found there stands when the article alone finds nothing to add.
            return answer
        return chosen

    def _focus_elsewhere(self, turn: Turn, current: str, answer: Answer) -> Answer:
        """Summarise a focus from the article that names it when the current article does not."""
        focus = parse_request(turn.text).focus
        docs = self.docs.get(fresh=False)
        own = focus_coverage(focus, docs[current].text) if focus else 1.0
        if own == 1.0:
            return answer
        # A summary always finds sentences to offer; whether they are about the focus, its words tell.
        wider = self._invoke(turn, None)
        found = cited_articles(wider)
        moved = wider.kind == "summary" and found and found[0] != current and found[0] in docs
        if moved and focus_coverage(focus or "", docs[found[0]].text) > own:
            return wider
        return answer

    def articles(self) -> list[ArticleInfo]:
        """List the collection's articles, newest first."""
        docs = self.docs.get()
        return [ArticleInfo(d.doc_id, d.title, d.source, d.ingested_at) for d in reversed(docs.infos())]

    def current(self, session: str | None) -> str | None:
        """Return the session's current article: the one shared or picked there, else the only one."""
        docs = self.docs.get()
        chosen = self.sessions.current(session) if session and self.sessions is not None else None
        if chosen is not None and chosen in docs:
            return chosen
        return next(iter(docs)) if len(docs) == 1 else None

    def use(self, session: str, doc_id: str) -> ArticleInfo:
        """Make `doc_id` the session's current article; KeyError if the collection has no such article."""
        docs = self.docs.get()
        if doc_id not in docs:
            raise KeyError(doc_id)
        if self.sessions is not None:
            self.sessions.set_current(session, doc_id)
        doc = docs.info(doc_id)
        return ArticleInfo(doc.doc_id, doc.title, doc.source, doc.ingested_at)

    def choose(self, session: str, doc_id: str) -> Answer | None:
        """Make an article current; if the last turn asked which one, return the answer to its question."""
        info = self.use(session, doc_id)
        return self._answer_pending(session, info) if self._pending(session) is not None else None

    def _pending(self, session: str | None) -> tuple[str, list[ArticleInfo]] | None:
        """Return the question and the offered articles of the last turn, if it asked which one."""
        if not session or self.sessions is None:
            return None
        history = self.sessions.history(session)
        if not history or history[-1]["answer"].get("kind") != WHICH_KIND:
            return None
        docs = self.docs.get(fresh=False)
        offered = [
            ArticleInfo(c["doc_id"], c["title"], "", 0.0)
            for c in history[-1]["answer"].get("choices", [])
            if c["doc_id"] in docs
        ]
        return history[-1]["question"], offered

    def _picked(self, reply: str, session: str | None) -> ArticleInfo | None:
        """Return the article a reply picks from the list the last turn offered, if it picks one."""
        pending = self._pending(session)
        return pick(reply, pending[1]) if pending is not None else None

    def _answer_pending(self, session: str, chosen: ArticleInfo) -> Answer:
        """Make the chosen article current and answer the question the "which one?" list was about."""
        pending = self._pending(session)
        question = pending[0] if pending is not None else "Summarize the article."
        if self.sessions is not None:
            self.sessions.set_current(session, chosen.doc_id)
        turn = self._turn(question, session)
        answer = self._invoke(turn, chosen.doc_id)
        self._record(session, question, answer, turn)
        return answer

    def _conversation_docs(self, session: str | None, history: list[dict[str, Any]]) -> list[str] | None:
        """Return the articles a conversation has been about (cited, or current); None: every article.

        A small collection is read whole, as it always was; in a large one, what a pronoun or "his
        name" refers to is looked up in the articles the conversation cited, not in every article.
        """
        if not self.docs.large:
            return None
        cited = [c["doc_id"] for t in history for c in t["answer"].get("citations", [])]
        current = self.current(session)
        return list(dict.fromkeys([*cited, *([current] if current else [])]))

    def ask_stream(self, question: str, session: str | None = None) -> Iterator[Answer]:
        """Yield ever longer verified answers to a question; the last one is the answer (and is recorded)."""
        turn = self._turn(question, session)
        if turn.name_request and turn.person:
            answer = self._name_answer(turn.person, session)
            yield answer
        else:
            scope = self.current(session)
            result = self.chain.invoke({"question": turn.text, "turn": turn, "stream": True, "doc_id": scope})
            if isinstance(result, Answer):
                answer = result
                yield answer
            else:
                answer = Answer("not_found", "No answer.")
                for answer in result:  # the last one is the answer recorded below
                    yield answer
        self._record(session, question, answer, turn)

    def _turn(self, question: str, session: str | None) -> Turn:
        """Resolve a question against the session's history (a generative answerer may reword it)."""
        history = self.sessions.history(session) if session and self.sessions is not None else []
        docs = self.docs.get()
        people = [p for t in history for p in t["answer"].get("context", {}).get("people", [])]
        about = self._conversation_docs(session, history)
        texts = [d.text for d in (docs.values() if about is None else self.docs.texts(about).values())]
        turn = resolve(question, history, guess_genders(list(dict.fromkeys(people)), texts) if people else {})
        rewriter = self.abilities.rewrite
        unresolved = turn.followup and not turn.person and turn.text == question.strip()
        if rewriter is not None and history and unresolved:
            # The rules found a follow-up but nothing to substitute ("and when does it open?").
            turn.text = rewriter.rewrite(turn.text, history)
        return turn

    def _record(self, session: str | None, question: str, answer: Answer, turn: Turn) -> None:
        """Append a turn to the session's history."""
        if session and self.sessions is not None:
            record = answer.to_json()
            record["context"] = {
                "resolved": turn.text,
                "people": self._people(answer, turn),
                "quotes": self._quotes_shown(answer),
            }
            self.sessions.append(session, question, record)

    def reset(self, session: str) -> None:
        """Forget a session's history."""
        if self.sessions is not None:
            self.sessions.reset(session)

    def _name_answer(self, person: str, session: str | None) -> Answer:
        """Answer "what is his name?" with the person the conversation is about, cited where named."""
        docs = self.docs.get(fresh=False)
        surname = fold(person).split()[-1]
        history = self.sessions.history(session) if session and self.sessions is not None else []
        about = self._conversation_docs(session, history)
        quotes = self.docs.quotes() if about is None else self.docs.quotes_of(about)
        chunks = self.docs.chunks() if about is None else self.docs.chunks_of(about)
        role = next(
            (
                q.metadata.get("role")
                for q in quotes
                if same_speaker(q.metadata["speaker"], person) and q.metadata.get("role")
            ),
            "",
        )
        citer = Citer(docs)
        for chunk in chunks:
            m = chunk.metadata
            sentence = docs[m["doc_id"]].text[m["focus_start"] : m["focus_end"]]
            if re.search(rf"\b{re.escape(surname)}\b", fold(sentence)):
                n = citer.cite(m["doc_id"], m["focus_start"], m["focus_end"])
                text = f"{person}" + (f" ({role})" if role else "") + f". [{n}]"
                return Answer("answered", text, citer.citations, kind="fact", speakers=[person])
        return Answer("answered", f"{person}.", kind="fact", speakers=[person])

    def _people(self, answer: Answer, turn: Turn) -> list[str]:
        """List the people a turn was about, most salient first: speakers, then names in cited passages."""
        found = list(answer.speakers)
        if answer.citations:
            cited = {c.doc_id for c in answer.citations}
            chunks = self.docs.chunks_of(list(cited))
            docs = self.docs.get(fresh=False)
            for c in answer.citations:
                for chunk in chunks:
                    m = chunk.metadata
                    if m["doc_id"] != c.doc_id or m["focus_end"] <= c.start or m["focus_start"] >= c.end:
                        continue
                    for label, a, b in json.loads(m.get("ents") or "[]"):
                        if label == "PERSON":
                            found.append(docs[c.doc_id].text[a:b])
        if turn.person:
            found.append(turn.person)
        canonical: list[str] = []
        for name in found:
            match = next((c for c in canonical if same_speaker(c, name) or same_speaker(name, c)), None)
            if match is None:
                canonical.append(name)
            elif len(name) > len(match):
                canonical[canonical.index(match)] = name
        return canonical

    def _quotes_shown(self, answer: Answer) -> list[list[Any]]:
        """List (doc_id, start) of the quote records an answer's citations contain."""
        if answer.kind not in ("what_said", "who_said", "quote_check"):
            return []
        spans = [(c.doc_id, c.start, c.end) for c in answer.citations]
        return [
            [q.metadata["doc_id"], q.metadata["start"]]
            for q in self.docs.quotes_of(list(dict.fromkeys(d for d, _, _ in spans)))
            if any(d == q.metadata["doc_id"] and a <= q.metadata["start"] < b for d, a, b in spans)
        ]

    def summary(self, doc_id: str | None = None, request: SummaryRequest | None = None) -> Answer:
        """Summarise the article `doc_id` (or the one the request names, or the newest one)."""
        docs = self.docs.get()
        if not docs:
            return Answer("not_found", EMPTY, kind="summary")
        if doc_id is not None and doc_id not in docs:
            raise KeyError(doc_id)
        req = request or SummaryRequest()
        doc = docs[doc_id] if doc_id else self._title_match(req) or docs[docs.infos()[-1].doc_id]
        if req.focus and is_generic(req.focus, doc):
            req.focus = None
        chunks = self.docs.chunks_of([doc.doc_id])
        got = self.store.chunks.get(ids=[c.id for c in chunks], include=["embeddings"])
        vec_by_id = dict(zip(got["ids"], got["embeddings"], strict=True))
        quotes = [
            QuoteRecord.from_document(d, d.metadata["dense"])
            for d in quote_hits(
                req.focus or doc.title,
                self.docs.quotes_of([doc.doc_id]),
                self.docs,
            )
        ]
        embed = self.store.chunks.embeddings
        focus_vector = embed.embed_query(req.focus) if req.focus else None
        role_vectors = None
        if req.focus:
            people = {
                q.speaker: f"{q.speaker}, {q.role}. {introduction(doc.text, q.speaker)}" for q in quotes
            }
            role_vectors = dict(zip(people, embed.embed_documents(list(people.values())), strict=True))
        # Only the summarised article is cited: a large collection's other texts are not read.
        cited = docs if not self.docs.large else {doc.doc_id: doc}
        answer = self.summarizer.summarize(
            doc, chunks, [vec_by_id[c.id] for c in chunks], quotes, req, cited, focus_vector, role_vectors
        )
        writer = self.abilities.summarize
        return answer if writer is None else writer.summarize(answer, req, cited)

    def _title_match(self, req: SummaryRequest) -> StoredDoc | None:
        """Return the article whose title (and opening) a request's "about …" names, if one does."""
        docs = self.docs.get(fresh=False)
        if not self.docs.large:
            return title_match(req, list(docs.values()))
        found = title_match(req, self.docs.leads())
        return docs[found.doc_id] if found is not None else None

    def quotes(self, speaker: str | None = None) -> list[dict[str, Any]]:
        """List quote records in article order, optionally filtered by speaker."""
        from index.quotes import same_speaker  # noqa: PLC0415
        from index.store import quote_from_document  # noqa: PLC0415

        docs = self.docs.get()
        if not self.docs.large:
            records = [quote_from_document(d) for d in self.docs.quotes()]
        elif speaker:
            # The word index names the articles quoting someone of that name; only those are read.
            records = [quote_from_document(d) for d in self.docs.quotes_of(self.docs.quoting(speaker))]
        else:
            # Every record is the answer: read article by article, not kept.
            ids = sorted(docs)
            records = [
                quote_from_document(d)
                for i in range(0, len(ids), QUOTES_BATCH)
                for d in self.store.all_quotes(ids[i : i + QUOTES_BATCH], versions=self.docs.versions())
            ]
        if speaker:
            records = [r for r in records if same_speaker(r["speaker"], speaker)]
        return records

    def _respond_special(self, query: Query, evidence: Evidence, turn: Turn | None = None) -> Answer | None:
        if query.kind == "summary":
            if not evidence.docs:
                return not_found(query, evidence)
            req = parse_request(query.text)
            if req.refers_back and turn is not None and turn.context:
                req.focus = turn.context
            scope = evidence.scope
            total = evidence.total if evidence.total is not None else len(evidence.docs)
            if scope is None and total > 1:
                # No current article: the one the request names, or the one its focus is about; "the
                # article" among several is asked about, not guessed.
                if evidence.total is None:
                    named = title_match(req, list(evidence.docs.values()))
                else:  # a large collection: evidence holds only what the indexes found
                    named = self._title_match(req)
                if named is not None:
                    scope = named.doc_id
                elif req.focus and evidence.chunks:
                    scope = evidence.chunks[0].metadata["doc_id"]
                else:
                    return which_one(self.articles(), total)
            return self.summary(doc_id=scope, request=req)
        if evidence.quotes:
            if query.kind == "what_said" and evidence.scope is None and len(evidence.docs) > 1:
                # "What did the superintendent say?" with no article chosen, and several quote one.
                described = self.quote_answerer.described_in(query, evidence)
                if len(described) > 1:
                    infos = {a.doc_id: a for a in self.articles()}
                    return which_one([infos[d] for d in described if d in infos], len(described))
            return self.quote_answerer.answer(query, evidence)
        return None


def _followed(turn: Turn, docs: Container[str]) -> str | None:
    """Return the article most of a follow-up's previous passages come from, else None."""
    if not turn.followup or not turn.near:
        return None
    counts = Counter(doc_id for doc_id, _, _ in turn.near if doc_id in docs)
    return counts.most_common(1)[0][0] if counts else None
