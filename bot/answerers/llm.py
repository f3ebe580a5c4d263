"""The `llm` answerer: a chat model writes the answer from numbered passages, and `bot.verify` checks it.

The extractive answerer decides whether the article answers at all (the model is not asked when it
doesn't), supplies the passages, and is the fallback: for an answer that fails verification and for a
model server that is slow, down or failing, the latter with a one-line notice.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.answerers.extractive import ExtractiveAnswerer, not_found
from bot.prompts import render
from bot.schema import Answer, QuoteRecord
from bot.verify import Passage, Verdict, Verifier, clean_output, join_sentences, take_sentences

if TYPE_CHECKING:
    from langchain_core.documents import Document
    from langchain_core.language_models import BaseChatModel

    from bot.evidence import Evidence
    from bot.questions import Query, SummaryRequest
    from bot.schema import Citation
    from index.store import StoredDoc

logger = logging.getLogger(__name__)

NOT_IN_ARTICLE = "NOT_IN_ARTICLE"
MAX_PASSAGES = 6
# A streamed answer may take this many timeouts in all: the per-read timeout alone would let a server
# that trickles out words hold a chat forever.
STREAM_BUDGET = 5
HISTORY_TURNS = 3


@dataclass
class Draft:
    """One request to the model: its prompt, the passages it numbers and the answer to fall back on."""

    prompt: str
    verifier: Verifier
    fallback: Callable[[], Answer]
    kind: str
    max_sentences: int | None = None


class LLMAnswerer:
    """Answers with a chat model's words, keeping only the sentences the article backs."""

    def __init__(
        self,
        model_factory: Callable[[], BaseChatModel],
        *,
        quotes: Callable[[Sequence[str]], Sequence[Document]] | None = None,
        extractive: ExtractiveAnswerer | None = None,
        timeout: float = 20.0,
        max_passages: int = MAX_PASSAGES,
    ) -> None:
        self._model_factory = model_factory
        self._model: BaseChatModel | None = None
        self._lock = threading.Lock()
        # The quote records of the given articles only: a large collection's others are never read.
        self._quotes = quotes or (lambda doc_ids: [])
        self.extractive = extractive or ExtractiveAnswerer()
        self.timeout = timeout
        self.max_passages = max_passages

    def model(self) -> BaseChatModel:
        """Return the chat model, building it on first use (its client library loads only then)."""
        with self._lock:
            if self._model is None:
                self._model = self._model_factory()
            return self._model

    def _records(self, docs: dict[str, StoredDoc]) -> list[QuoteRecord]:
        """Return the quote records of the given articles (the verifier checks attributions against them)."""
        return [
            QuoteRecord.from_document(d) for d in self._quotes(list(docs)) if d.metadata["doc_id"] in docs
        ]

    # -- questions -------------------------------------------------------------------------------------
    def answer(self, query: Query, evidence: Evidence) -> Answer:
        """Answer from the model's verified sentences, or fall back to the extractive answer."""
        draft = self.draft(query, evidence)
        return draft if isinstance(draft, Answer) else self.complete(draft)

    def answer_stream(self, query: Query, evidence: Evidence) -> Iterator[Answer]:
        """Yield ever longer answers as verified sentences arrive; the last one is the final answer."""
        draft = self.draft(query, evidence)
        if isinstance(draft, Answer):
            yield draft
            return
        yield from self.stream(draft)

    def draft(self, query: Query, evidence: Evidence) -> Draft | Answer:
        """Prepare the model's request, or return not_found when the evidence cannot answer."""
        ranked = self.extractive.rank(query, evidence)
        if not ranked or not self.extractive.supported(query, evidence, ranked[0]):
            return not_found(query, evidence)
        chosen = list({(s.doc_id, s.start): s for _, s in ranked[: self.max_passages]}.values())
        chosen.sort(key=lambda s: (s.doc_id, s.start))
        passages = [Passage(i, s.doc_id, s.start, s.end, s.text) for i, s in enumerate(chosen, start=1)]
        records = self._records(evidence.docs)
        prompt = render(
            "llm_answer",
            where=evidence.where(),
            passages=_passages_block(passages),
            quotes=_quotes_block(_overlapping(records, passages)),
            question=query.text,
        )
        return Draft(
            prompt,
            Verifier(passages, evidence.docs, records),
            lambda: self.extractive.answer(query, evidence),
            query.kind,
        )

    # -- summaries -------------------------------------------------------------------------------------
    def summarize(self, summary: Answer, request: SummaryRequest, docs: dict[str, StoredDoc]) -> Answer:
        """Let the model rewrite an extractive summary from the passages it cites; keep it if it fails."""
        draft = self.summary_draft(summary, request, docs)
        return summary if draft is None else self.complete(draft)

    def summary_draft(
        self, summary: Answer, request: SummaryRequest, docs: dict[str, StoredDoc]
    ) -> Draft | None:
        """Prepare the model's summary request from the extractive summary's passages (None: keep it)."""
        if summary.status != "answered" or not summary.citations:
            return None
        passages = [
            Passage(i, c.doc_id, c.start, c.end, c.text)
            for i, c in enumerate(sorted(summary.citations, key=lambda c: (c.doc_id, c.start)), start=1)
        ]
        n = request.max_sentences
        if request.bullets:
            length = f"as {n} bullet points, one per line, each starting with '- '"
        else:
            length = "in one sentence" if n == 1 else f"in at most {n} sentences"
        focus = f"Keep to this part of the story: {request.focus}." if request.focus else ""
        records = self._records(docs)
        prompt = render(
            "llm_summary",
            title=docs[passages[0].doc_id].title,
            length=length,
            focus=focus,
            passages=_passages_block(passages),
            quotes=_quotes_block(_overlapping(records, passages)),
        )
        return Draft(prompt, Verifier(passages, docs, records), lambda: summary, "summary", n)

    # -- follow-ups ------------------------------------------------------------------------------------
    def rewrite(self, question: str, history: Sequence[dict[str, Any]]) -> str:
        """Rewrite a follow-up question so it stands alone; on any failure return it unchanged."""
        lines = []
        for turn in history[-HISTORY_TURNS:]:
            said = re.sub(r"\s*\[\d+\]", "", turn["answer"].get("answer", ""))
            lines.append(f"User: {turn['question']}\nBot: {_clip(said, 300)}")
        prompt = render("llm_followup", history="\n".join(lines), question=question)
        try:
            reply = clean_output(_text(self.model().invoke(prompt))).strip()
        except Exception as exc:
            logger.warning("follow-up not rewritten: the model %s", describe_failure(exc, self.timeout))
            return question
        reply = reply.splitlines()[0].strip().strip("\"“”'") if reply else ""
        reply = re.sub(r"^(?:stand-alone question|question)\s*:\s*", "", reply, flags=re.I)
        if not reply or len(reply) > 3 * len(question) + 80:
            return question
        logger.info("follow-up %r rewritten as %r", question, reply)
        return reply

    # -- the model ---------------------------------------------------------------------------------------
    def complete(self, draft: Draft) -> Answer:
        """Ask the model in one request and verify its whole answer."""
        try:
            raw = _text(self.model().invoke(draft.prompt))
        except Exception as exc:
            return self._server_failed(draft, exc)
        text = clean_output(raw)
        if NOT_IN_ARTICLE in text:
            return self._fall_back(draft, "the model found no answer in the passages")
        verdicts: list[Verdict] = []
        for sentence in take_sentences(text, final=True)[0]:
            self._take(draft, verdicts, sentence)
        return self._finish(draft, verdicts)

    def stream(self, draft: Draft) -> Iterator[Answer]:
        """Stream the model's answer, yielding the answer so far after each sentence that passes."""
        verdicts: list[Verdict] = []
        raw, consumed = "", 0
        deadline = time.monotonic() + STREAM_BUDGET * self.timeout
        try:
            for chunk in self.model().stream(draft.prompt):
                raw += _text(chunk)
                visible = clean_output(raw)
                if NOT_IN_ARTICLE in visible:
                    yield self._fall_back(draft, "the model found no answer in the passages")
                    return
                sentences, rest = take_sentences(visible[consumed:])
                consumed = len(visible) - len(rest)
                for sentence in sentences:
                    if self._take(draft, verdicts, sentence):
                        yield self._snapshot(draft, verdicts)
                if time.monotonic() > deadline:
                    raise StreamTooSlowError(STREAM_BUDGET * self.timeout)
        except Exception as exc:
            yield self._server_failed(draft, exc)
            return
        visible = clean_output(raw)
        if NOT_IN_ARTICLE in visible:
            yield self._fall_back(draft, "the model found no answer in the passages")
            return
        for sentence in take_sentences(visible[consumed:], final=True)[0]:
            self._take(draft, verdicts, sentence)
        yield self._finish(draft, verdicts)

    def _take(self, draft: Draft, verdicts: list[Verdict], sentence: str) -> bool:
        """Verify one more sentence; tell whether it joins the answer."""
        if draft.max_sentences is not None and sum(v.ok and v.claim for v in verdicts) >= draft.max_sentences:
            return False  # a summary asked for n sentences gets n
        verdict = draft.verifier.check(sentence)
        verdicts.append(verdict)
        if not verdict.ok:
            logger.info("dropped a sentence of the model's answer (%s): %s", verdict.reason, sentence)
        return verdict.ok and any(v.ok and v.claim for v in verdicts)

    def _snapshot(self, draft: Draft, verdicts: list[Verdict]) -> Answer:
        """Return the answer made of the sentences verified so far."""
        kept = [v for v in verdicts if v.ok]
        text = join_sentences(kept)
        return Answer(
            "answered",
            text,
            _used(draft.verifier.citations, text),
            kind=draft.kind,
            speakers=draft.verifier.named_speakers(text),
        )

    def _finish(self, draft: Draft, verdicts: list[Verdict]) -> Answer:
        """Return the verified answer, or the fallback when no sentence that says something survived."""
        if not any(v.ok and v.claim for v in verdicts):
            reasons = "; ".join(dict.fromkeys(v.reason for v in verdicts if not v.ok)) or "it was empty"
            return self._fall_back(
                draft, f"no sentence of the model's answer passed verification ({reasons})"
            )
        return self._snapshot(draft, verdicts)

    def _fall_back(self, draft: Draft, reason: str) -> Answer:
        logger.warning("using the extractive answer: %s", reason)
        return draft.fallback()

    def _server_failed(self, draft: Draft, exc: BaseException) -> Answer:
        reason = describe_failure(exc, self.timeout)
        logger.warning(
            "the model server %s; using the extractive answer",
            reason,
            exc_info=logger.isEnabledFor(logging.DEBUG),
        )
        answer = draft.fallback()
        answer.notice = f"The language model {reason}, so this is the extractive answer."
        return answer


class StreamTooSlowError(TimeoutError):
    """A streamed answer that kept coming but took longer than its budget."""

    def __init__(self, budget: float) -> None:
        super().__init__(f"the answer took longer than {budget:g} s")
        self.budget = budget


def describe_failure(exc: BaseException, timeout: float) -> str:
    """Say in a few words how a call to the model server failed."""
    name = type(exc).__name__.lower()
    status = getattr(exc, "status_code", None)
    if isinstance(exc, StreamTooSlowError):
        return f"took longer than {exc.budget:g} s to answer"
    if isinstance(exc, TimeoutError) or "timeout" in name:
        return f"did not answer within {timeout:g} s"
    if isinstance(status, int):
        return f"answered with HTTP {status}"
    if "connect" in name:
        return "could not be reached"
    return f"failed ({type(exc).__name__})"


def _text(message: Any) -> str:
    """Return the text of a chat message or message chunk."""
    content = getattr(message, "content", message)
    if isinstance(content, str):
        return content
    parts = []
    for block in content or []:
        if isinstance(block, str):
            parts.append(block)
        elif isinstance(block, dict) and block.get("type") == "text":
            parts.append(str(block.get("text", "")))
    return "".join(parts)


def _overlapping(records: Sequence[QuoteRecord], passages: Sequence[Passage]) -> list[QuoteRecord]:
    """Return the quote records inside or overlapping the passages, in article order."""
    return [
        q
        for q in records
        if any(q.doc_id == p.doc_id and q.start < p.end and q.end > p.start for p in passages)
    ]


def _passages_block(passages: Sequence[Passage]) -> str:
    return "\n".join(f"[{p.n}] {' '.join(p.text.split())}" for p in passages)


def _quotes_block(records: Sequence[QuoteRecord]) -> str:
    lines = []
    for q in records:
        who = f"{q.speaker}, {q.role}" if q.role else q.speaker
        text = " ".join(q.text.split()).strip('“”"')
        lines.append(f"- {who}: “{text}”" if q.kind == "direct" else f"- {who} (reported speech): {text}")
    return "\n".join(lines) or "(none)"


def _used(citations: list[Citation], text: str) -> list[Citation]:
    """Keep the citations a text refers to (all of them: only passing sentences are numbered)."""
    ns = {int(n) for n in re.findall(r"\[(\d+)\]", text)}
    return [c for c in citations if c.n in ns]


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
