"""Extractive summaries for a person: main event, central facts, then who said what — every sentence cited.

Sentences are chosen by maximal marginal relevance over sentence vectors (LangChain's implementation)
against the article centroid, or against the focus of a focused summary; the actors' positions come
from the quote index. No sentence is generated: each is the article's own, or a speaker's name and
role put before their verbatim words.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from bot.answerers.quotes import QuoteRecord, attributed, passage
from bot.evidence import Citer
from bot.schema import Answer
from bot.text import fold, terms
from index.speakers import same_speaker

if TYPE_CHECKING:
    from langchain_core.documents import Document

    from index.store import StoredDoc

MAX_SENTENCES = 5
MAX_CHARS = 1000
_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "a": 1,
    "a single": 1,
}
_COUNT = re.compile(
    r"\b(?:in|with|as|into|using)?\s*(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"a single|a)[\s-]+(?P<unit>sentences?|bullet(?:\s+points?)?s?|points?|lines?|bullets?)\b",
    re.I,
)
_DETAIL = re.compile(r"\b(?:in\s+(?:more\s+)?detail|detailed|longer|full|thorough|in\s+depth)\b", re.I)
_FOCUS = re.compile(
    r"\b(?:summar\w*|sum\s+up|recap|overview\s+of|tl;?dr\s+of|gist\s+of)\s+(?P<focus>.+)$", re.I
)
_GENERIC = re.compile(
    r"^(?:the\s+|this\s+|that\s+)?(?:whole\s+|entire\s+|main\s+)?(?:article|story|piece|report|"
    r"news|text|it|match\s+report)?\s*(?:about\s+(?P<about>.+))?$",
    re.I,
)
_REACTIONS_TO = re.compile(
    r"(?i:\b(?:reactions?|responses?|replies|criticism|comments)\s+(?:to|on)\s+(?:the\s+)?)"
    r"(?P<x>[A-Z][\w.-]+(?:\s+[A-Z][\w.-]+)*)"
)
_THAT = re.compile(r"^(?:that|this|it|those|these|them)$", re.I)


@dataclass
class SummaryRequest:
    """What a summary request asks for."""

    max_sentences: int = MAX_SENTENCES
    max_chars: int = MAX_CHARS
    bullets: bool = False
    focus: str | None = None  # "the reactions to Macron's remarks"
    about: str | None = None  # "the article about the dam talks": which article, not a focus
    refers_back: bool = False  # "summarize that"


def parse_request(question: str) -> SummaryRequest:
    """Read length, format and focus from a summary request."""
    req = SummaryRequest()
    text = question.strip().rstrip("?.! ")
    if m := _COUNT.search(text):
        n = m.group("n").lower()
        req.max_sentences = max(1, min(10, int(n) if n.isdigit() else _NUMBERS.get(n, MAX_SENTENCES)))
        req.bullets = "bullet" in m.group("unit").lower() or "point" in m.group("unit").lower()
        req.max_chars = 400 if req.max_sentences == 1 else max(MAX_CHARS, 220 * req.max_sentences)
        text = (text[: m.start()] + text[m.end() :]).strip(" ,")
    elif _DETAIL.search(text):
        req.max_sentences, req.max_chars = 9, 1450
        text = _DETAIL.sub("", text).strip(" ,")
    text = re.sub(
        r",?\s*\b(?:in\s+(?:short|brief|a\s+nutshell|a\s+few\s+sentences|few\s+words))\b",
        "",
        text,
        flags=re.I,
    ).strip(" ,")
    if m := _FOCUS.search(text):
        focus = m.group("focus").strip(" ,.")
        generic = _GENERIC.match(focus)
        if _THAT.match(focus):
            req.refers_back = True
        elif generic and generic.group("about"):
            req.about = generic.group("about")
        elif not generic:
            req.focus = re.sub(r"^(?:what|how)\s+", "", focus, flags=re.I)
    elif m := re.match(
        r"^\s*(?:what|how)\s+(?:did|does|do)\s+(?P<who>.+?)\s+(?:say|said|react|respond)", text, re.I
    ):
        req.focus = m.group("who")
    return req


class Summarizer:
    """Builds full and focused summaries from an article's sentences, vectors and quotes."""

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
        import numpy as np  # noqa: PLC0415
        from langchain_core.vectorstores.utils import maximal_marginal_relevance  # noqa: PLC0415

        if not chunks:
            return Answer("not_found", "There is nothing to summarise in this article.", kind="summary")
        vecs = np.asarray(vectors, dtype=np.float32)
        text = doc.text
        sentences = [(c.metadata["focus_start"], c.metadata["focus_end"]) for c in chunks]
        headline = _headline_count(text, sentences)
        focus_terms = [t for t in terms(req.focus or "") if t not in _META]
        citer = Citer(docs)
        parts: list[tuple[int, str]] = []  # (position in article, sentence with its [n])
        budget = req.max_chars
        used: set[int] = set()

        def add(pos: int, sentence: str, start: int, end: int) -> bool:
            nonlocal budget
            piece = f"{sentence} [{citer.cite(doc.doc_id, start, end)}]"
            if (len(parts) >= req.max_sentences or len(piece) + 1 > budget) and parts:
                citer.citations.pop() if citer.citations[-1].start == start else None
                return False
            parts.append((pos, piece))
            budget -= len(piece) + 1
            return True

        if focus_terms or focus_vector is not None:
            relevance = self._focus_relevance(text, sentences, vecs, focus_terms, focus_vector)
            speakers = self._focused_speakers(quotes, focus_terms, focus_vector, role_vectors)
            if m := _REACTIONS_TO.search(req.focus or ""):
                # "Reactions to Macron's remarks": what others said about Macron, not Macron himself.
                speakers = [q for q in speakers if not same_speaker(q.speaker, m.group("x"))] or [
                    q
                    for q in self._main_actors(quotes, vecs, sentences)
                    if not same_speaker(q.speaker, m.group("x"))
                ]
            for q in speakers:
                if len(parts) >= req.max_sentences:
                    break
                start, end = attributed(text, *passage(text, q.start, q.end), q.speaker)
                if add(q.start, _position_sentence(q), start, end):
                    used.update(i for i, (a, b) in enumerate(sentences) if a < q.end and q.start < b)
            order = [
                i
                for i in np.argsort(-relevance)
                if relevance[i] >= 0.35
                and i >= headline
                and _standalone(text[sentences[i][0] : sentences[i][1]])
            ]
            represented = [fold(q.speaker) for q in speakers[: len(parts)]]
            for i in order:
                if i in used or len(parts) >= req.max_sentences:
                    continue
                a, b = sentences[i]
                if any(r in fold(text[a:b]) for r in represented):
                    continue  # that speaker's position is in already
                if add(a, text[a:b], a, b):
                    used.add(i)
            if not parts:
                return Answer(
                    "not_found", f"The article doesn't say anything about {req.focus}.", kind="summary"
                )
            return self._compose(parts, citer, req, sort=False)

        # The main event first: the lead, the first sentence after the headline.
        lead = headline if headline < len(sentences) else 0
        a, b = sentences[lead]
        add(a, text[a:b], a, b)
        used.add(lead)
        # One actor's position by default (the most-quoted speaker); more only in longer summaries, so
        # the central facts keep their room.
        actor_slots = 0 if req.max_sentences <= 2 else 1 if req.max_sentences <= 6 else 2
        # Then the main actors' positions, right after the lead so the budget keeps room for them:
        # one quote each, most-quoted first, unless the lead already names them.
        named = fold(" ".join(p for _, p in parts))
        for q in self._main_actors(quotes, vecs, sentences)[:actor_slots]:
            if len(parts) >= req.max_sentences:
                break
            if fold(q.speaker.split()[-1]) in named:
                continue
            start, end = attributed(text, *passage(text, q.start, q.end), q.speaker)
            if add(q.start + 0.5, _position_sentence(q), start, end):
                named += " " + fold(q.speaker)
        # Central facts next: sentences in the narrator's voice, central to the article and dense with
        # names, numbers and dates, kept non-redundant by MMR.
        ents = [len(json.loads(c.metadata.get("ents") or "[]")) for c in chunks]
        quoted = [_mostly_quote(text[a:b]) for a, b in sentences]
        centroid = vecs.mean(axis=0)
        centroid = centroid / max(float(np.linalg.norm(centroid)), 1e-12)
        candidates = [
            i
            for i in range(len(sentences))
            if i not in used
            and i >= headline
            and not quoted[i]
            and _standalone(text[sentences[i][0] : sentences[i][1]])
        ]
        fact_slots = max(0, req.max_sentences - len(parts))
        if candidates and fact_slots:
            weight = np.array([float(vecs[i] @ centroid) + 0.04 * min(ents[i], 5) for i in candidates])
            order = [candidates[j] for j in np.argsort(-weight)]
            picked = maximal_marginal_relevance(
                centroid,
                vecs[order[: 3 * fact_slots]].tolist(),
                lambda_mult=0.7,
                k=min(fact_slots, len(order)),
            )
            for j in picked:
                i = order[j]
                a, b = sentences[i]
                if add(a, text[a:b], a, b):
                    used.add(i)
        # Room left (the main actor was already named in a fact): more central facts.
        for i in order if candidates and fact_slots else []:
            if len(parts) >= req.max_sentences:
                break
            if i not in used:
                a, b = sentences[i]
                if add(a, text[a:b], a, b):
                    used.add(i)
        return self._compose(parts, citer, req, sort=True)

    def _compose(self, parts: list[tuple[int, str]], citer: Citer, req: SummaryRequest, sort: bool) -> Answer:
        if sort:
            # Keep the lead first; the rest in article order reads as the story does.
            parts = parts[:1] + sorted(parts[1:], key=lambda p: p[0])
        pieces = [p for _, p in parts]
        body = "\n".join(f"• {p}" for p in pieces) if req.bullets else " ".join(pieces)
        # Number citations in reading order: [1] is the first one a person meets.
        order: dict[int, int] = {}
        for n in map(int, re.findall(r"\[(\d+)\]", body)):
            order.setdefault(n, len(order) + 1)
        body = re.sub(r"\[(\d+)\]", lambda m: f"[{order[int(m.group(1))]}]", body)
        citations = sorted(
            (replace(c, n=order[c.n]) for c in citer.citations if c.n in order), key=lambda c: c.n
        )
        return Answer("answered", body, citations, kind="summary")

    def _main_actors(
        self, quotes: list[QuoteRecord], vecs: object, sentences: list[tuple[int, int]]
    ) -> list[QuoteRecord]:
        """Return one representative quote per named speaker, most-quoted speakers first."""
        people = [q for q in quotes if q.speaker_type == "person"] or quotes
        counts: dict[str, int] = {}
        for q in people:
            counts[q.speaker] = counts.get(q.speaker, 0) + 1
        out = []
        for speaker in sorted(
            counts, key=lambda s: (-counts[s], min(q.start for q in people if q.speaker == s))
        ):
            own = [q for q in people if q.speaker == speaker]
            direct = [q for q in own if q.kind == "direct" and len(q.text) >= 30] or own
            out.append(max(direct, key=lambda q: q.dense))
        return out

    def _focused_speakers(
        self,
        quotes: list[QuoteRecord],
        focus_terms: list[str],
        focus_vector: list[float] | None,
        role_vectors: dict[str, list[float]] | None,
    ) -> list[QuoteRecord]:
        """Return one quote per speaker whose name, role or words match the focus, best first."""
        import numpy as np  # noqa: PLC0415

        best_by_speaker: dict[str, tuple[float, QuoteRecord]] = {}
        for q in quotes:
            who = set(terms(f"{q.speaker} {q.role}"))
            what = set(terms(q.text))
            lexical = (2 * sum(t in who for t in focus_terms) + sum(t in what for t in focus_terms)) / max(
                1, len(focus_terms)
            )
            # "the players" should find "Kofi Mensah, Rovers striker": compare roles by meaning too.
            role_sim = (
                float(np.dot(role_vectors[q.speaker], focus_vector))
                if role_vectors and focus_vector is not None and q.speaker in role_vectors
                else 0.0
            )
            score = lexical + role_sim + 0.5 * q.dense
            if score > best_by_speaker.get(q.speaker, (-1.0, q))[0]:
                best_by_speaker[q.speaker] = (score, q)
        ranked = sorted(best_by_speaker.values(), key=lambda x: -x[0])
        if not ranked:
            return []
        top = ranked[0][0]
        return [q for score, q in ranked if score >= max(0.55, 0.8 * top)]

    def _focus_relevance(
        self,
        text: str,
        sentences: list[tuple[int, int]],
        vecs: object,
        focus_terms: list[str],
        focus_vector: list[float] | None,
    ) -> object:
        import numpy as np  # noqa: PLC0415

        lexical = np.array(
            [len(set(focus_terms) & set(terms(text[a:b]))) / max(1, len(focus_terms)) for a, b in sentences]
        )
        dense = vecs @ np.asarray(focus_vector, dtype=np.float32) if focus_vector is not None else 0.0
        return 0.6 * lexical + 0.4 * dense


_META = set(
    terms(
        "article story said say says reaction reactions response responses comment comments remark remarks "
        "position positions view views side"
    )
)


def _headline_count(text: str, sentences: list[tuple[int, int]]) -> int:
    """Return how many leading sentences are headline lines (one line, no final full stop)."""
    count = 0
    for a, b in sentences[:2]:
        line_start = text.rfind("\n", 0, a) + 1
        line_end = text.find("\n", b)
        line_end = len(text) if line_end == -1 else line_end
        if (a, b) == (line_start, line_end) and not text[a:b].rstrip().endswith((".", "”", '"')):
            count += 1
        else:
            break
    return count


def introduction(text: str, speaker: str) -> str:
    """Return the sentence where the article first names a speaker: it says who they are."""
    surname = fold(speaker).split()[-1] if speaker.strip() else ""
    found = re.search(rf"\b{re.escape(surname)}\b", fold(text)) if surname else None
    idx = found.start() if found else -1
    if idx < 0:
        return ""
    start = max(text.rfind("\n", 0, idx), text.rfind(". ", 0, idx)) + 1
    end = min(x for x in (text.find("\n", idx), text.find(". ", idx), len(text)) if x >= 0)
    return text[start:end].strip()


_PRONOUN_START = re.compile(r"^\W*(?:he|she|it|they|his|her|their|its|this|these|those|that)\b", re.I)


def _standalone(sentence: str) -> bool:
    """Tell whether a sentence reads on its own: not opening on a pronoun, not a headline-like line."""
    return (
        not _PRONOUN_START.match(sentence)
        and sentence.rstrip()[-1:] in ".!?”\"'’"
        and len(sentence.split()) >= 6
    )


def _mostly_quote(sentence: str) -> bool:
    """Tell whether a sentence is chiefly someone's quoted words (positions come from the quote index)."""
    inside = sum(len(m) for m in re.findall(r"[“\"]([^”\"]*)[”\"]?", sentence))
    return sentence.lstrip()[:1] in '“"' or inside > 0.5 * len(sentence)


def _position_sentence(q: QuoteRecord) -> str:
    """Put a speaker's name and role before their own words (the words stay verbatim)."""
    words = q.text.strip().strip('“”"')
    first = re.match(r"(.{40,180}?[.!?])(\s|$)", words)
    words = first.group(1) if first and len(words) > 160 else words
    if len(words) > 200:
        words = words[:199].rsplit(" ", 1)[0] + "…"
    who = f"{q.speaker} ({q.role})" if q.role and q.speaker_type == "person" else q.speaker
    who = who[0].upper() + who[1:]
    if q.kind == "direct":
        return f"{who} said: “{words}”"
    return f"{who} said that {words}"


def title_match(req: SummaryRequest, docs: list[StoredDoc]) -> StoredDoc | None:
    """Pick the article a request's "about …" names, by the words its title shares."""
    if not req.about or not docs:
        return None
    wanted = set(terms(req.about))
    best = max(docs, key=lambda d: len(wanted & set(terms(d.title + " " + d.text[:400]))))
    return best if wanted & set(terms(best.title + " " + best.text[:400])) else None


def is_generic(focus: str | None, doc: StoredDoc) -> bool:
    """Tell whether a focus just names the article's own topic (then a full summary is meant)."""
    if not focus:
        return True
    wanted = [t for t in terms(focus) if t not in _META]
    return (
        bool(wanted)
        and sum(t in set(terms(doc.title)) for t in wanted) / len(wanted) >= 0.6
        and not re.search(r"\b(?:said|say|reactions?|responses?|quotes?)\b", fold(focus))
    )
