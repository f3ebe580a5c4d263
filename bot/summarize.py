"""Extractive summaries for a person: main event, central facts, then who said what — every sentence cited.

A full summary starts from the lead (news puts the main event there), names the main actor with their
position, then adds sentences greedily, maximal-marginal-relevance style: each step takes the candidate
that is most central (cosine to the article's centroid over sentence vectors), earliest, brings the most
names and numbers the summary lacks and a voice not yet heard, and least restates what is in — within
the sentence and character limits. Candidates are the article's narrator sentences and each speaker's best
quote from the quote index. A focused summary picks the speakers the focus is about (by their names and
roles, by meaning, and by where the article reports them) and gives each a few distinct points.
No sentence is generated: each is the article's own, or a speaker's name and role put before their
verbatim words. Sentences are compressed, never reworded: asides the parse marked at ingest are left out
(index.compress), a pronoun opening a sentence becomes the person it stands for, and a person is named in
full with their role the first time the summary mentions them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from bot.answerers.quotes import QuoteRecord, attributed, passage, side_terms
from bot.evidence import Citer
from bot.schema import Answer
from bot.text import fold, terms
from index.compress import apply_cuts
from index.speakers import key_tokens, same_speaker

if TYPE_CHECKING:
    from collections.abc import Callable

    import numpy as np
    from langchain_core.documents import Document

    from index.store import StoredDoc

MAX_SENTENCES = 5
MAX_CHARS = 1000
# How a full summary weighs a candidate sentence beyond its closeness to the article's centroid (see gain()).
CENTRAL = 0.5  # closeness to the article's centroid (cosine); alone it favours restating the topic
EARLY = 0.3  # news puts what matters first
FACT = 0.08  # each name or number the summary lacks (up to four)
VOICE = 0.1  # a speaker not yet heard
LONG = 0.1  # per 100 characters beyond 200
QUOTE = 0.1  # a speaker's words rather than the article's
REDUNDANT = 0.5  # closeness to a sentence already in, beyond REDUNDANT_FROM
REDUNDANT_FROM = 0.8
NEXT = 0.1  # what happens next: a date ahead ("talks will open in Geneva on March 18")
LEAD_FACT = 0.03  # how a lead candidate gains per name or number it gives (up to six)
LEAD_LATE = 0.05  # and loses per paragraph after the first
LEAD_NEWS = 0.05  # and gains when it gives the day of the news
LEAD_TITLE = 0.3  # and gains by the share of the headline's words it gives
# A focused summary keeps the speakers at least this close to the best one by meaning; when the focus
# names some speakers in words, others must come NEAR the best to join.
KEEP = 0.5
NEAR = 0.9
JOIN = 0.2  # a speaker quoted next to a kept one joins unless this far off
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
    r"\b(?:reactions?|responses?|replies|criticism|comments)\s+(?:to|on)\s+(?:the\s+)?"
    r"(?P<x>[\w.-]+(?:\s+(?-i:[A-Z])[\w.-]+)*)(?:['’]s\b|\s|$)",
    re.I,
)
# Words of institutions' names that say nothing about which one ("the port authority").
_INSTITUTION = set(terms("authority office ministry government department agency council group"))
_OUTSIDE = re.compile(r"\b(?:outside|independent|external|other)\b", re.I)
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
    who: str | None = None  # "the players" in "what the players said after the match"


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
            req.who = _who(req.focus)
    elif m := re.match(
        r"^\s*(?:what|how)\s+(?:did|does|do)\s+(?P<who>.+?)\s+(?:say|said|react|respond)", text, re.I
    ):
        req.focus = req.who = m.group("who")
    return req


_WHO = (
    # "the players said after the match", "outside experts and officials said about the study"
    re.compile(
        r"^(?P<who>.+?)\s+(?:said|say|says|told|thought|think|reacted|responded|had\s+to\s+say)\b", re.I
    ),
    # "the reactions of the foreign governments", "the reactions to the plan from environmental groups"
    re.compile(
        r"\b(?:reactions?|responses?|replies|criticism|comments?|views?|positions?)\b.*?\b(?:of|from|by)\s+"
        r"(?P<who>.+)$",
        re.I,
    ),
)


def _who(focus: str) -> str | None:
    """Return the speakers a focus names, if it names them ("the players" said …; reactions of "X")."""
    for pattern in _WHO:
        if m := pattern.search(focus):
            return m.group("who").strip(" ,.")
    return None


class _Draft:
    """The summary being written: cited sentences within the request's limits."""

    def __init__(self, doc: StoredDoc, citer: Citer, req: SummaryRequest) -> None:
        self.doc, self.citer, self.req = doc, citer, req
        self.parts: list[tuple[float, str]] = []  # (position in the article, sentence with its [n])
        self.budget = req.max_chars
        self.said = ""  # folded text of what is in, to tell which names and numbers are new

    @property
    def full(self) -> bool:
        """Tell whether the sentence limit is reached."""
        return len(self.parts) >= self.req.max_sentences

    def add(self, pos: float, sentence: str, start: int, end: int) -> bool:
        """Add a sentence citing `start:end`, unless it would break a limit (the first always goes in)."""
        # " [nn]" follows each sentence; bullets also take "• " and a line break.
        cost = len(sentence) + 5 + (3 if self.req.bullets else 1)
        if self.parts and (self.full or cost > self.budget):
            return False
        n = self.citer.cite(self.doc.doc_id, start, end)
        self.parts.append((pos, f"{sentence} [{n}]"))
        self.budget -= cost
        self.said += " " + fold(sentence)
        return True

    def names(self, speaker: str) -> bool:
        """Tell whether the summary already names a speaker (by surname)."""
        return _names(self.said, speaker)


@dataclass
class _Article:
    """An article's sentences with what the summarizer needs to weigh them."""

    text: str
    spans: list[tuple[int, int]]
    vecs: np.ndarray
    ents: list[list[str]]  # each sentence's named entities and numbers, folded
    quotes: list[QuoteRecord]
    cuts: list[list[list[int]]]  # each sentence's asides a summary may leave out (index.compress)
    headline: int  # how many leading sentences are headline lines

    def sentence(self, i: int) -> str:
        """Return sentence `i`'s text."""
        a, b = self.spans[i]
        return self.text[a:b]

    def short(self, i: int, start: int, end: int) -> str:
        """Return `start:end` of sentence `i` without its asides, opening on whom a pronoun means."""
        text = apply_cuts(self.text, start, end, self.cuts[i])
        text = text[:1].upper() + text[1:]
        # A quote running on past the sentence ("… said: “People had kept their boats …") is closed.
        if text.count("“") > text.count("”"):
            text += "…”"
        elif text.count('"') % 2:
            text += '…"'
        # "He said his country had agreed …" stands alone once "he" is the speaker the quote index found.
        m = _SPEAKER_PRONOUN.match(text)
        people = self.voices(i, people=True)
        if m and len(people) == 1:
            return next(iter(people)).split()[-1] + text[m.end("pronoun") :]
        # "Her attempt window opens on August 9": "her" is whom the sentence before opens on.
        m = _PERSON_PRONOUN.match(text)
        who = self.subject(i - 1) if m and i > self.headline else None
        if m and who:
            text = (who + ("'s" if m.group(0) in ("His", "Her") else "")) + text[m.end() :]
        return text

    def subject(self, i: int) -> str | None:
        """Return the quoted person sentence `i` opens on ("Halvorsen, 58, … is preparing …"), if any."""
        opening = fold(" ".join(self.sentence(i).split()[:4]))
        found = {q.speaker for q in self.quotes if q.speaker_type == "person" and _names(opening, q.speaker)}
        return found.pop().split()[-1] if len(found) == 1 else None

    def reporting(self, q: QuoteRecord) -> tuple[str, int, int] | None:
        """Return the article's own sentence that reports `q`, when it says it better than "X said that …".

        Reported speech and a quoted phrase inside a sentence ("called the cut “a painful but sensible
        decision”") read as the article wrote them; a speaker's own sentences read best as their words.
        """
        if q.kind == "direct" and not q.text.strip(" “”\"'‘’")[:1].islower():
            return None
        i = next((i for i, (a, b) in enumerate(self.spans) if a <= q.start < b), None)
        if i is None or i < self.headline or self.spans[i][1] < q.end:
            return None
        a, b = _undated(self.text, *self.spans[i])
        text = self.short(i, a, b)
        if not _standalone(text) or not _names(fold(text), q.speaker.split()[-1] if q.speaker else ""):
            return None
        return text, a, b

    def quoted(self, i: int) -> bool:
        """Tell whether sentence `i` is chiefly someone's quoted words (positions come from the quotes)."""
        a, b = self.spans[i]
        inside = sum(max(0, min(b, q.end) - max(a, q.start)) for q in self.quotes if q.kind == "direct")
        # The quote index also catches a quote's later sentences, which carry no quotation mark.
        return _mostly_quote(self.text[a:b]) or inside > 0.5 * (b - a)

    def overlapping(self, start: int, end: int) -> list[int]:
        """Return the sentences that overlap `start:end`."""
        return [i for i, (a, b) in enumerate(self.spans) if a < end and start < b]

    def voices(self, i: int, people: bool = False) -> set[str]:
        """Return the speakers (or only the people) whose words sentence `i` reports ("Dravik said …")."""
        a, b = self.spans[i]
        return {
            q.speaker
            for q in self.quotes
            if a < q.end and q.start < b and not (people and q.speaker_type == "organization")
        }


@dataclass
class _Option:
    """A sentence a full summary may take: the article's own, or a speaker's words behind their name."""

    text: str
    start: int  # the cited passage
    end: int
    pos: int  # where it stands in the article
    sentence: int  # the sentence it stands on, for its vector
    voices: set[str]  # the speakers whose words it gives
    facts: list[str]  # its names and numbers, folded
    quote: bool = False  # a speaker's words behind their name
    next: bool = False  # it tells what happens next, and when


def article(
    doc: StoredDoc, chunks: list[Document], vectors: list[list[float]], quotes: list[QuoteRecord]
) -> _Article:
    """Gather an article's sentences, vectors, facts, quotes and asides for summarising."""
    import numpy as np  # noqa: PLC0415

    spans = [(c.metadata["focus_start"], c.metadata["focus_end"]) for c in chunks]
    headline = _headline_count(doc.text, spans)
    headline_end = spans[headline - 1][1] if headline else 0
    return _Article(
        doc.text,
        spans,
        np.asarray(vectors, dtype=np.float32),
        [_facts(doc.text, json.loads(c.metadata.get("ents") or "[]")) for c in chunks],
        # A headline's "X accuses Y of …" is the story's label, not anybody's words.
        [q for q in _one_name_each(quotes) if q.start >= headline_end],
        # Stores written before asides were marked have none: their sentences stay whole.
        [json.loads(c.metadata.get("cuts") or "[]") for c in chunks],
        headline,
    )


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
        if not chunks:
            return Answer("not_found", "There is nothing to summarise in this article.", kind="summary")
        art = article(doc, chunks, vectors, quotes)
        draft = _Draft(doc, Citer(docs), req)
        focus_terms = [t for t in terms(req.focus or "") if t not in _META]
        if focus_terms or focus_vector is not None:
            self._focused(art, draft, focus_terms, focus_vector, role_vectors)
            if not draft.parts:
                return Answer(
                    "not_found", f"The article doesn't say anything about {req.focus}.", kind="summary"
                )
            return self._compose(draft, art.quotes, sort=False)
        self._full(art, draft)
        return self._compose(draft, art.quotes, sort=True)

    def _full(self, art: _Article, draft: _Draft) -> None:
        """Write the main event (the lead), the main actor's position, then the central facts."""
        import numpy as np  # noqa: PLC0415

        n = len(art.spans)
        centroid = art.vecs.mean(axis=0)
        centroid /= max(float(np.linalg.norm(centroid)), 1e-12)
        centrality = art.vecs @ centroid
        lead = _lead(art, centrality)
        a, b = _undated(art.text, *art.spans[lead])
        draft.add(a, art.short(lead, a, b), a, b)
        chosen = [lead]
        options = candidates(art, lead)
        people = {q.speaker for q in art.quotes if q.speaker_type != "organization"}
        represented: set[str] = set()  # people whose position is in: one each
        heard = art.voices(lead)  # every speaker whose words are in

        def gain(o: _Option) -> float:
            # Central to the article, early (news puts what matters first), bringing names, numbers and
            # voices the summary lacks, not restating a sentence already in, and not too long.
            redundancy = max(float(art.vecs[o.sentence] @ art.vecs[j]) for j in chosen)
            return (
                CENTRAL * float(centrality[o.sentence])
                + EARLY * (1 - o.sentence / n)
                + FACT * min(sum(not _said(f, draft.said) for f in o.facts), 4)
                + VOICE * bool(o.voices - heard)
                + NEXT * o.next
                # The article's own sentences carry more; a quote earns its place by its speaker.
                - QUOTE * o.quote
                - REDUNDANT * max(0.0, redundancy - REDUNDANT_FROM)
                # A long sentence takes the room of two: worth it only when it says more.
                - LONG * max(0, len(o.text) - 200) / 100
            )

        def take(pool: list[_Option]) -> bool:
            # The best option that still fits; False when none does.
            for o in sorted(pool, key=lambda o: -gain(o)):
                if o.sentence in chosen or o.voices & people & represented:
                    continue  # that sentence, or that person's position, is in already
                if draft.add(o.pos, o.text, o.start, o.end):
                    chosen.append(o.sentence)
                    represented.update(o.voices & people)
                    heard.update(o.voices)
                    options.remove(o)
                    return True
            return False

        # The main actor is named early: their position goes in right after the lead unless the lead
        # names them — in the article's words when a sentence reports it, else their own quoted words.
        actors = _main_actors(art.quotes)
        if actors and draft.req.max_sentences >= 3 and not draft.names(actors[0]):
            take([o for o in options if actors[0] in o.voices or _names(fold(o.text), actors[0])])
        while not draft.full and take(options):
            pass

    def _focused(
        self,
        art: _Article,
        draft: _Draft,
        focus_terms: list[str],
        focus_vector: list[float] | None,
        role_vectors: dict[str, list[float]] | None,
    ) -> None:
        """Write what the speakers of the focus said, a few distinct points each, then facts on the focus."""
        import numpy as np  # noqa: PLC0415

        req = draft.req
        relevance = _focus_relevance(art, focus_terms, focus_vector)
        who = req.who or ""
        who_terms = [t for t in terms(who) if t not in _META]
        # Speakers are found by what names them: "reactions to the port's plan from environmental groups"
        # is about the groups, not the port.
        on_who = _focus_relevance(art, who_terms, focus_vector) if who_terms else relevance
        # "Reactions to Macron's remarks" (or to the port's plan): what others said, not Macron (the port).
        target = m.group("x") if (m := _REACTIONS_TO.search(req.focus or "")) else ""
        target_terms = set(terms(target))
        # "Outside experts": everyone but the article's own protagonist.
        actors = _main_actors(art.quotes)
        outsider = actors[0] if _OUTSIDE.search(who) and actors else None

        def excluded(s: str) -> bool:
            if s == outsider:
                return True
            return bool(target) and (
                same_speaker(s, target) or bool(target_terms & set(terms(s)) - _INSTITUTION)
            )

        speakers = _focused_speakers(
            art,
            on_who,
            focus_terms,
            who_terms,
            focus_vector,
            role_vectors,
            excluded,
            one_party=bool(who_terms) and not re.search(r"[^s']s$", who.split()[-1]),
        ) or [s for s in actors if target and not excluded(s)]
        # Each speaker's best point first, then their next distinct ones (one per paragraph) while room is
        # left: a focus on a few speakers still gets several points.
        queues = {s: _positions(art.quotes, s, direct_first=True) for s in speakers}
        picks: list[tuple[int, QuoteRecord]] = []
        paragraphs: set[tuple[str, int]] = set()
        slots, budget = req.max_sentences - len(draft.parts), draft.budget
        later: list[tuple[int, QuoteRecord]] = []  # a speaker's further points from a paragraph already used
        while len(picks) < slots and any(queues.values()):
            for rank, s in enumerate(speakers):
                while queues[s] and len(picks) < slots:
                    q = queues[s].pop(0)
                    para = art.text.rfind("\n", 0, q.start) + 1
                    cost = _cost(q)
                    if cost > budget and picks:
                        continue
                    if (s, para) in paragraphs:
                        later.append((rank, q))
                        continue
                    picks.append((rank, q))
                    paragraphs.add((s, para))
                    budget -= cost
                    break
        # Room left: the same paragraph's other points ("… she said the union would ballot members").
        for rank, q in later:
            cost = _cost(q)
            if len(picks) < slots and cost <= budget and not any(_overlaps(q, p) for _, p in picks):
                picks.append((rank, q))
                budget -= cost
        # Grouped by speaker, most relevant first; each speaker's points in article order.
        used: set[int] = set()
        seen: set[str] = set()
        for rank, q in sorted(picks, key=lambda p: (p[0], p[1].start)):
            start, end = attributed(art.text, *passage(art.text, q.start, q.end), q.speaker)
            sentence = _position_sentence(q)
            if own := art.reporting(q):
                sentence, start, end = own
            if draft.add(rank * len(art.text) + q.start, sentence, start, end):
                seen.add(q.speaker)
                used.update(art.overlapping(q.start, q.end))
        # Room left: the article's own sentences on the focus.
        represented = [fold(s) for s in seen]
        order = [
            i
            for i in np.argsort(-relevance)
            if relevance[i] >= 0.35 and i >= art.headline and _standalone(art.sentence(i))
        ]
        for i in order:
            if i in used or draft.full:
                continue
            if any(r in fold(art.sentence(i)) for r in represented):
                continue  # that speaker's position is in already
            a, b = art.spans[i]
            if draft.add(len(speakers) * len(art.text) + a, art.short(i, a, b), a, b):
                used.add(i)

    def _compose(self, draft: _Draft, quotes: list[QuoteRecord], sort: bool) -> Answer:
        parts = draft.parts
        # Keep the lead first; the rest in article order reads as the story does.
        parts = (
            parts[:1] + sorted(parts[1:], key=lambda p: p[0]) if sort else sorted(parts, key=lambda p: p[0])
        )
        pieces = _introduced([p for _, p in parts], quotes, draft.budget)
        body = "\n".join(f"• {p}" for p in pieces) if draft.req.bullets else " ".join(pieces)
        # Number citations in reading order: [1] is the first one a person meets.
        order: dict[int, int] = {}
        for n in map(int, re.findall(r"\[(\d+)\]", body)):
            order.setdefault(n, len(order) + 1)
        body = re.sub(r"\[(\d+)\]", lambda m: f"[{order[int(m.group(1))]}]", body)
        citations = sorted(
            (replace(c, n=order[c.n]) for c in draft.citer.citations if c.n in order), key=lambda c: c.n
        )
        return Answer("answered", body, citations, kind="summary")


def candidates(art: _Article, lead: int) -> list[_Option]:
    """Return the sentences a full summary may add after its lead.

    They are the article's own sentences in the narrator's voice, and each speaker's best quoted words
    behind their name (often the shorter way to give a position).
    """
    n = len(art.spans)
    options = []
    # What comes before a lead found further down sets a scene: it is no news.
    for i in range(lead + 1, n):
        a, b = _undated(art.text, *art.spans[i])
        text = art.short(i, a, b)
        if not art.quoted(i) and _standalone(text):
            options.append(
                _Option(text, a, b, a, i, art.voices(i), art.ents[i], next=_ahead(art.sentence(i)))
            )
    for speaker in _main_actors(art.quotes, people_only=False):
        for q in _positions(art.quotes, speaker)[:1]:
            # Only a named speaker's words stand behind their name: "the diplomat said: …" or a
            # quote the index gave to "reporters" says less than the article's own sentence.
            if q.kind != "direct" or len(q.text) < 30 or not q.speaker[:1].isupper():
                continue
            where = art.overlapping(q.start, q.end)
            if not where:
                continue
            start, end = attributed(art.text, *passage(art.text, q.start, q.end), q.speaker)
            facts = [e for i in where for e in art.ents[i] if e in fold(q.text)] + [fold(q.speaker)]
            options.append(
                _Option(_position_sentence(q), start, end, q.start, where[0], {q.speaker}, facts, quote=True)
            )
    return options


# "Varga insisted …", "Ms. Oduya said …": a sentence that opens on a person's surname.
_OPENS_ON_NAME = re.compile(
    r"^(?:(?:Mr|Ms|Mrs|Miss|Dr|Prof|Professor)\.?\s+)?(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)"
    r"(?=(?P<comma>,)|\s+(?:[a-z]+(?:ed|s)\b|said|told|says|added|warned|wrote|spoke|made|took|gave|came|went|"
    r"won|led))"
)


def _introduced(pieces: list[str], quotes: list[QuoteRecord], budget: int) -> list[str]:
    """Name each person in full, with their role, the first time a summary mentions them.

    Sentences are picked from all over an article, so "Varga insisted …" may come before (or without)
    the sentence that says who Varga is. The budget is what the summary's length limit still allows.
    """
    people = {}
    for q in quotes:
        if key_tokens(q.speaker):
            people.setdefault(key_tokens(q.speaker)[-1], q)
    out, seen = [], ""
    for piece in pieces:
        m = _OPENS_ON_NAME.match(piece)
        q = people.get(key_tokens(m.group("name"))[-1]) if m and key_tokens(m.group("name")) else None
        if q is not None and _names(seen, q.speaker) and piece[m.end() :].startswith(" said"):
            if budget >= len(" also"):  # a further point of someone named
                piece, budget = f"{m.group(0)} also{piece[m.end() :]}", budget - len(" also")
        elif q is not None and not _names(seen, q.speaker):
            # "Ms. Solberg, who co-founded …, said" has an aside already: the full name is enough there.
            role = "" if m.group("comma") or q.speaker_type != "person" else _short_role(q.role)
            for intro in (f"{q.speaker}, {role}," if role else "", q.speaker):
                grown = len(intro) - len(m.group(0))
                if intro and grown <= budget:
                    piece, budget = intro + piece[m.end() :], budget - max(grown, 0)
                    break
        out.append(piece)
        seen += " " + fold(piece)
    return out


def _short_role(role: str) -> str:
    """Shorten a long role for a summary ("epidemiologist at the Institute of …" → "epidemiologist")."""
    if len(role) > 40:
        role = re.split(r",|\s+(?:at|of|in|for|with|who|from|and)\s+", role, maxsplit=1)[0]
    return role


def _overlaps(a: QuoteRecord, b: QuoteRecord) -> bool:
    """Tell whether two quotes share any of the article's text."""
    return a.start < b.end and b.start < a.end


def _one_name_each(quotes: list[QuoteRecord]) -> list[QuoteRecord]:
    """Give each speaker one name and role ("Rilke" is "Hana Rilke"), so their quotes count together."""
    # Longest first; between two spellings of one length ("Gonçalves", "Goncalves"), the article's first.
    names = sorted(dict.fromkeys(q.speaker for q in quotes), key=len, reverse=True)
    full = {n: next(m for m in names if m == n or same_speaker(m, n)) for n in names}
    roles = {full[q.speaker]: q.role for q in quotes if q.role}
    return [
        replace(q, speaker=full[q.speaker], role=q.role or roles.get(full[q.speaker], "")) for q in quotes
    ]


def _lead(art: _Article, centrality: np.ndarray) -> int:
    """Pick the sentence that gives the main event: in the first two paragraphs, central and factual."""
    n = len(art.spans)
    breaks = "\n\n" if "\n\n" in art.text else "\n"
    paragraph = [art.text.count(breaks, 0, a) for a, _ in art.spans]
    body = list(range(art.headline, n)) or list(range(n))
    # A dateline split off as its own sentence ("VIENNA, June 11 (Agency) -") or a one-line kicker is
    # no lead; nor is a quote. A feature opens on a scene and gives the news a paragraph later, so the
    # lead may come from the second paragraph, if it is plainly more central and carries more facts.
    first = paragraph[body[0]]
    cands = [
        i for i in body if paragraph[i] <= first + 1 and _standalone(art.sentence(i)) and not art.quoted(i)
    ]
    if not cands:
        return body[0]
    # The headline names the news (Edmundson's title words): the lead is the sentence that tells it.
    title = set(terms(" ".join(art.sentence(i) for i in range(art.headline))))

    def told(i: int) -> float:
        return len(title & set(terms(art.sentence(i)))) / len(title) if title else 0.0

    return max(
        cands,
        key=lambda i: (
            float(centrality[i])
            + LEAD_FACT * min(len(art.ents[i]), 6)
            + LEAD_NEWS * bool(_NEWS_DAY.search(art.sentence(i)))
            - LEAD_LATE * (paragraph[i] - first)
            + LEAD_TITLE * told(i)
            - 0.01 * cands.index(i)
        ),
    )


# "said on Thursday", "voted on Monday night", "yesterday": the day of the news, which a lead gives and a
# scene-setting opening ("Every Thursday morning") does not.
_NEWS_DAY = re.compile(
    r"\b(?:on|late\s+on|early\s+on)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|\b(?:yesterday|today)\b",
    re.I,
)


_FUTURE = re.compile(
    r"\b(?:will|would|shall|is\s+due\s+to|are\s+due\s+to|was\s+due\s+to|plans?\s+to|(?:is|are)\s+expected\s+to|"
    r"(?:is|are)\s+scheduled|until|by\s+the\s+end\s+of)\b",
    re.I,
)
_WHEN = re.compile(
    r"\b(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"(?:\s+\d{1,2})?|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|next\s+(?:week|month|year|"
    r"spring|summer|autumn|winter)|(?:19|20)\d\d|within\s+\w+\s+(?:days|weeks|months))\b"
)


def _ahead(sentence: str) -> bool:
    """Tell whether a sentence says what happens next, and when ("will open in Geneva on March 18")."""
    return bool(_FUTURE.search(sentence) and _WHEN.search(sentence))


# "VIENNA, June 11 (Agency) - ", "KORVATH, Belisk — ", "DENVER — ": where the story was filed.
_DATELINE = re.compile(
    r"[A-Z][A-Z .'-]{1,30}(?:,[^.\n—–-]{1,30})?(?:\s*\([^)\n]{1,40}\))?\s+[-—–]+\s+"
    "(?=[A-Z\u201c\"\u2018'])"
)


def _undated(text: str, start: int, end: int) -> tuple[int, int]:
    """Return a sentence's span without a dateline before it: a summary has no room for one."""
    # Only at the start of a paragraph: that is where a dateline stands.
    m = _DATELINE.match(text, start, end) if start == 0 or text[start - 1] == "\n" else None
    return (m.end(), end) if m else (start, end)


def _main_actors(quotes: list[QuoteRecord], people_only: bool = True) -> list[str]:
    """Return the named people (or all speakers), most-quoted first, then by first appearance."""
    people = ([q for q in quotes if q.speaker_type == "person"] or quotes) if people_only else quotes
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for q in people:
        counts[q.speaker] = counts.get(q.speaker, 0) + 1
        first[q.speaker] = min(first.get(q.speaker, q.start), q.start)
    return sorted(counts, key=lambda s: (-counts[s], first[s]))


def _positions(quotes: list[QuoteRecord], speaker: str, direct_first: bool = False) -> list[QuoteRecord]:
    """Return a speaker's quotes, best first: their own words (long enough to say something) first."""
    own = [q for q in quotes if q.speaker == speaker]
    # A direct quote inside the same speaker's reported speech adds nothing the reported speech lacks.
    own = [
        q
        for q in own
        if not any(o.start <= q.start and q.end <= o.end and o.end - o.start > q.end - q.start for o in own)
    ]
    shortest = 20 if direct_first else 30
    return sorted(own, key=lambda q: (not (q.kind == "direct" and len(q.text) >= shortest), -q.dense))


def _focused_speakers(
    art: _Article,
    relevance: np.ndarray,
    focus_terms: list[str],
    who_terms: list[str],
    focus_vector: list[float] | None,
    role_vectors: dict[str, list[float]] | None,
    excluded: Callable[[str], bool],
    one_party: bool = False,
) -> list[str]:
    """Return the speakers a focus is about, most relevant first."""
    import numpy as np  # noqa: PLC0415

    wanted = who_terms or focus_terms
    named: dict[str, float] = {}  # by words: the focus names them or their role
    meant: dict[str, float] = {}  # by meaning: their role, and where the article gives their words
    lines: dict[str, set[int]] = {}  # the article lines (paragraphs) that carry their words
    for s in dict.fromkeys(q.speaker for q in art.quotes):
        if excluded(s):
            continue
        own = [q for q in art.quotes if q.speaker == s]
        # Who they are, in the article's words too: "Belisk's chief negotiator, … Farid Haddadi".
        who = set(terms(f"{s} {own[0].role} {introduction(art.text, s)}"))
        named[s] = sum(bool(side_terms(t) & who) for t in wanted) / max(1, len(wanted))
        # "the players" should find "Kofi Mensah, Rovers striker": compare roles by meaning too.
        role_sim = (
            float(np.dot(role_vectors[s], focus_vector))
            if role_vectors and focus_vector is not None and s in role_vectors
            else 0.0
        )
        spans = [i for q in own for i in art.overlapping(q.start, q.end)]
        meant[s] = role_sim + max((float(relevance[i]) for i in spans), default=0.0)
        if not who_terms:
            # No speaker named ("reactions to Macron's remarks"): what they said must be on the focus.
            said = max(sum(t in terms(q.text) for t in focus_terms) for q in own) / max(1, len(focus_terms))
            meant[s] += said + 0.5 * max(q.dense for q in own)
        lines[s] = {art.text.count("\n", 0, q.start) for q in own}
    if not meant:
        return []
    best = max(meant.values())
    # The focus's own words pick its speakers when they can; then only a close match by meaning joins.
    bar = NEAR if any(named.values()) else KEEP
    keep = [s for s in meant if named[s] > 0 or meant[s] >= bar * best]
    # Reactions are reported together: a speaker quoted in the same or the next paragraph joins, if not
    # far off.
    # When the focus names one party by words ("what the defence said", not "the foreign governments"),
    # only those quoted in its very paragraphs join, and nobody through them.
    by_words = one_party and any(named.values())
    grown = True
    while grown:
        near = {n + d for s in keep for n in lines[s] for d in ((0,) if by_words else (-1, 0, 1))}
        joining = [s for s in meant if s not in keep and lines[s] & near and meant[s] >= JOIN * best]
        keep += joining
        grown = bool(joining) and not by_words
    return sorted(keep, key=lambda s: -(2 * named[s] + meant[s]))


def _focus_relevance(art: _Article, focus_terms: list[str], focus_vector: list[float] | None) -> np.ndarray:
    """Score each sentence's relevance to a focus, by its words and its meaning."""
    import numpy as np  # noqa: PLC0415

    wanted = set(focus_terms)
    lexical = np.array(
        [len(wanted & set(terms(art.sentence(i)))) / max(1, len(wanted)) for i in range(len(art.spans))]
    )
    dense = art.vecs @ np.asarray(focus_vector, dtype=np.float32) if focus_vector is not None else 0.0
    return 0.6 * lexical + 0.4 * dense


def _facts(text: str, ents: list[list]) -> list[str]:
    """Return a sentence's named entities and numbers, folded, for telling which are new to a summary."""
    out = []
    for _label, start, end in ents:
        name = re.sub(r"^the\s+|'s$", "", fold(text[start:end]))
        if len(name) > 1 and name not in out:
            out.append(name)
    return out


_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _said(fact: str, said: str) -> bool:
    """Tell whether a summary already gives a name or number (a rounded figure is the same number)."""
    if fact in said:
        return True
    # Only large counts are rounded ("more than 61,000" for 61,400); years and small numbers are exact.
    wanted = [float(x.replace(",", "")) for x in _NUMBER.findall(fact) if "," in x]
    if len(wanted) != 1:
        return False
    have = (float(x.replace(",", "")) for x in _NUMBER.findall(said) if "," in x)
    return any(abs(h - wanted[0]) <= 0.03 * wanted[0] for h in have)


def _names(folded: str, speaker: str) -> bool:
    """Tell whether folded text names a speaker by surname."""
    surname = fold(speaker).split()[-1] if speaker.strip() else ""
    return bool(surname) and re.search(rf"\b{re.escape(surname)}\b", folded) is not None


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
        # A headline may end on a quoted phrase (… accuses X of "bad faith"), never on a full stop.
        if (a, b) == (line_start, line_end) and not text[a:b].rstrip().rstrip("”\"’'").endswith(
            (".", "!", "?")
        ):
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
    sentence, at = text[start:end], idx - start
    # Who they are, not what they said: drop the words reported before or after the name.
    before = [m.end() for m in _SPEECH.finditer(sentence, 0, at)]
    lo = max(before[-1] if before else 0, sentence.rfind("”", 0, at) + 1, sentence.rfind('"', 0, at) + 1)
    after = _SPEECH.search(sentence, at)
    return sentence[lo : after.start() if after else len(sentence)].strip(' ,.“”"')


_SPEECH = re.compile(
    r"\b(?:said|says|told|added|warned|stated|noted|insisted|cautioned|urged|explained|announced|admitted)\b"
)


# "He said …", "She told reporters …": a pronoun a summary can replace with the speaker's name.
_SPEAKER_PRONOUN = re.compile(
    r"^(?P<pronoun>He|She|They)\s+(?:also\s+)?(?:said|says|added|told|warned|insisted|argued|noted|"
    r"stressed|explained|acknowledged|admitted|cautioned|called|described|urged)\b"
)


_PERSON_PRONOUN = re.compile(r"^(?:He|She|His|Her)\b")


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
    """Put a speaker's name before their own words (the words stay verbatim; _introduced adds the role)."""
    words = q.text.strip().strip('“”"')
    if words[:1].islower() and (m := re.search(r"[.!?]\s+(?=[A-Z“\"])", words)):
        words = words[m.end() :]  # "… and it paid off. The old Rovers …": from the first whole sentence
    first = re.match(r"(.{40,180}?[.!?])(\s|$)", words)
    words = first.group(1) if first and len(words) > 160 else words
    if len(words) > 200:
        words = words[:199].rsplit(" ", 1)[0] + "…"
    who = q.speaker[0].upper() + q.speaker[1:]
    if q.kind == "direct":
        return f"{who} said: “{words}”"
    return f"{who} said that {words}"


def _cost(q: QuoteRecord) -> int:
    """Return the room a speaker's point takes in a summary: their words, name, role and citation."""
    return len(_position_sentence(q)) + len(_short_role(q.role)) + 10


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
        # "The opposition's position" asks for one party's stance, even when the title names that party.
        and not re.search(
            r"\b(?:said|say|reactions?|responses?|quotes?|positions?|views?|side|stance|arguments?|case)\b",
            fold(focus),
        )
    )
