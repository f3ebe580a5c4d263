"""Answers from the quote index: who said a quote, what a speaker said, who someone is, and quote checks."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from bot.evidence import Citer, Evidence
from bot.passages import attributed, passage, sentence_at
from bot.questions import Query
from bot.schema import Answer, QuoteRecord
from bot.text import fold, terms
from index.lexicon import speech_forms
from index.speakers import TITLE_WORDS, same_speaker

if TYPE_CHECKING:
    pass

MAX_QUOTE_CHARS = 360
# Copy longer than this between line breaks has lost its paragraphs; there, quotes within BLOCK_CHARS of
# each other stand for one paragraph (about two quoted sentences and their attribution).
LONG_PARAGRAPH = 1000
BLOCK_CHARS = 400
WHAT_SAID_CHARS = 1100
# "What did X say about Y?": a quote about Y scores at least TOPIC_MIN (its words or its meaning), and
# the answer keeps the quotes within TOPIC_KEEP of the best one.
TOPIC_MIN = 0.3
TOPIC_KEEP = 0.6
MIN_MATCH = 0.45  # a quote must match the question at least this well to be "the" quote
MIN_SPEAKER_MATCH = 0.75
_DIRECT_CLAIM = 0.72  # a claim this close to one of the speaker's quotes counts as said


class QuoteAnswerer:
    """Answers quote questions from the quote index; returns None when the index can't answer."""

    def answer(
        self, query: Query, evidence: Evidence, exclude: set[tuple[str, int]] | None = None
    ) -> Answer | None:
        """Answer a who-said, what-said, who-is or quote-check question, or return None."""
        quotes = [QuoteRecord.from_document(d, d.metadata.get("dense", 0.0)) for d in evidence.quotes]
        if query.kind == "who_said":
            return self.who_said(query, quotes, evidence)
        if query.kind == "what_said" and query.target:
            return self.what_said(query, quotes, evidence, exclude or evidence.shown_quotes)
        if query.kind == "quote_check" and query.target:
            return self.quote_check(query, quotes, evidence)
        if query.kind == "who_is" and query.target:
            return self.who_is(query, quotes, evidence)
        return None

    # -- who said ------------------------------------------------------------------------------------
    def who_said(self, query: Query, quotes: list[QuoteRecord], evidence: Evidence) -> Answer | None:
        """Name the speaker of the quote the question gives or paraphrases."""
        scored = sorted(((self.match(query, q, evidence), q) for q in quotes), key=lambda x: -x[0])
        role_hit = self._speaker_by_description(query.text, quotes, evidence)
        if role_hit and (not scored or scored[0][0] < MIN_MATCH or not query.quoted):
            speaker_quotes = [q for q in quotes if q.speaker == role_hit]
            if speaker_quotes and (not scored or scored[0][0] < 0.8):
                return self._identity(role_hit, speaker_quotes, evidence, "who_said")
        if not scored or scored[0][0] < MIN_MATCH:
            return None
        best = scored[0][1]
        citer = Citer(evidence.docs)
        n = self._cite(citer, best, evidence)
        text = f"{_name_role(best)} {_said(best)} [{n}]"
        return Answer("answered", text, citer.citations, kind="who_said", speakers=[best.speaker])

    def match(self, query: Query, q: QuoteRecord, evidence: Evidence) -> float:
        """Score how well a quote matches the words or meaning the question gives."""
        from rapidfuzz import fuzz  # noqa: PLC0415

        quote_terms = set(terms(q.text))
        if query.quoted:
            lexical = fuzz.partial_ratio(fold(query.quoted), fold(q.text)) / 100.0
            if len(query.quoted) > len(q.text) * 1.5:
                lexical *= len(q.text) / len(query.quoted)
            # Character alignment is lenient with a short quote ("Training" half-matches "…Friday
            # morning"): the quoted words themselves must be there.
            if wanted := set(terms(query.quoted)):
                lexical = min(lexical, len(wanted & quote_terms) / len(wanted))
        else:
            wanted = [t for t in query.terms if t not in SPEECH_TERMS]
            total = sum(evidence.idf(t) for t in wanted) or 1.0
            lexical = sum(evidence.idf(t) for t in wanted if t in quote_terms) / total
        return 0.7 * lexical + 0.3 * max(q.dense, 0.0)

    # -- what said -----------------------------------------------------------------------------------
    def what_said(
        self, query: Query, quotes: list[QuoteRecord], evidence: Evidence, exclude: set[tuple[str, int]]
    ) -> Answer | None:
        """List what the named speaker said: direct quotes first, then reported speech, each cited."""
        speaker = self.find_speaker(query.target or "", quotes, evidence)
        if speaker is None:
            return None
        own = _one_article(speaker, _spoken_by(speaker, quotes), evidence)
        topical = [t for t in query.terms if t not in set(terms(query.target or "")) | SPEECH_TERMS]
        if topical:
            # "What did X say about Y?": the quotes about Y, best first; the rest only when none is.
            on_topic = Query(text=query.text, terms=topical)
            # Where and to whom it was said is in the attribution ("… told reporters outside the depot").
            score = {id(q): self.match(on_topic, _with_attribution(q, evidence), evidence) for q in own}
            own.sort(key=lambda q: -score[id(q)])
            best = score[id(own[0])]
            if best >= TOPIC_MIN:
                # A quote in the paragraph of one about Y is about Y too ("“We always expected scrutiny,”
                # she said. “Fenmore is a great business …”").
                kept = [q for q in own if score[id(q)] >= TOPIC_KEEP * best]
                own = [q for q in own if any(_same_block(evidence, k, q) for k in kept)]
        fresh = [q for q in own if (q.doc_id, q.start) not in exclude] or own
        ordered = fresh if topical else sorted(fresh, key=lambda q: (q.kind != "direct", q.doc_id, q.start))
        citer = Citer(evidence.docs)
        lines = [f"{_name_role(_fullest(own))} said:"]
        used = len(lines[0])
        for q in _dedupe(ordered):
            cited = len(citer.citations)
            n = self._cite(citer, q, evidence)
            line = f"• {_quote_text(q)} [{n}]"
            if used + len(line) > WHAT_SAID_CHARS and len(lines) > 1:
                # Drop the passage only if this line added it: a reused number belongs to a kept line.
                del citer.citations[cited:]
                break
            lines.append(line)
            used += len(line) + 1
        return Answer("answered", "\n".join(lines), citer.citations, kind="what_said", speakers=[speaker])

    # -- quote check ---------------------------------------------------------------------------------
    def quote_check(self, query: Query, quotes: list[QuoteRecord], evidence: Evidence) -> Answer | None:
        """Say whether the speaker said the claim: as a direct quote, as reported speech, or not at all."""
        speaker = self.find_speaker(query.target or "", quotes, evidence)
        if speaker is None:
            return None
        own = _spoken_by(speaker, quotes)
        claim = Query(text=query.claim or query.text, terms=terms(query.claim or query.text))
        scored = sorted(((self.match(claim, q, evidence), q) for q in own), key=lambda x: -x[0])
        score, best = scored[0]
        citer = Citer(evidence.docs)
        n = self._cite(citer, best, evidence)
        who = _name_role(best)
        if score >= _DIRECT_CLAIM and best.kind == "direct":
            verdict = f"Yes — a direct quote. {who} said: {_quote_text(best)} [{n}]"
        elif score >= _DIRECT_CLAIM:
            verdict = (
                f"Only as reported speech, not a direct quote. The article reports that {best.speaker} "
                f"said {_clip(best.text)} [{n}]"
            )
        else:
            verdict = (
                f"The article has no such quote from {best.speaker}. The closest thing {best.speaker} "
                f"said: {_quote_text(best)} [{n}]"
            )
        return Answer("answered", verdict, citer.citations, kind="quote_check", speakers=[speaker])

    # -- who is --------------------------------------------------------------------------------------
    def who_is(self, query: Query, quotes: list[QuoteRecord], evidence: Evidence) -> Answer | None:
        """Tell who a quoted person is (name → role, or role → name)."""
        speaker = self.find_speaker(query.target or "", quotes, evidence)
        if speaker is None:
            return None
        return self._identity(speaker, [q for q in quotes if q.speaker == speaker], evidence, "who_is")

    def _identity(self, speaker: str, own: list[QuoteRecord], evidence: Evidence, kind: str) -> Answer:
        role = next((q.role for q in own if q.role), "")
        first = min(own, key=lambda q: (q.doc_id, q.start))
        citer = Citer(evidence.docs)
        intro = _introduction(speaker, role, first, evidence)
        desc = f"{speaker}, {_article(role)}{role}." if role else f"{speaker}."
        if not role and intro:
            # No role in the index ("Tom Hale, who owns a bakery"): the sentence introducing them says who.
            desc = f"{speaker}: {evidence.docs[intro[0]].text[intro[1] : intro[2]]}"
        doc_text = evidence.docs[first.doc_id].text
        q_start, q_end = attributed(doc_text, *passage(doc_text, first.start, first.end), first.speaker)
        if intro and intro[0] == first.doc_id and intro[1] < q_end and q_start < intro[2]:
            # They are introduced in the passage of their first quote: cite it once, say it once.
            n = citer.cite(first.doc_id, min(intro[1], q_start), max(intro[2], q_end))
            return Answer("answered", f"{desc} [{n}]", citer.citations, kind=kind, speakers=[speaker])
        n_intro = citer.cite(*intro) if intro else None
        n_quote = self._cite(citer, first, evidence)
        text = (
            desc
            + (f" [{n_intro}]" if n_intro else "")
            + f" {first.speaker} {_said(first, short=True)} [{n_quote}]"
        )
        return Answer("answered", text, citer.citations, kind=kind, speakers=[speaker])

    # -- speakers ------------------------------------------------------------------------------------
    def find_speaker(self, target: str, quotes: list[QuoteRecord], evidence: Evidence) -> str | None:
        """Match a name or a description ("the Italian government", "Lumora's CFO") to one speaker."""
        speakers = list(dict.fromkeys(q.speaker for q in quotes))
        if m := _POSSESSIVE.match(target) or _role_of(target):
            owner, what = m.group("owner"), m.group("what")
            if any(same_speaker(owner, s) for s in speakers):
                # "Halvorsen's coach" is the coach, not Halvorsen: look among the others by role.
                others = [q for q in quotes if not same_speaker(owner, q.speaker)]
                return self._speaker_by_description(what, others, evidence)
            # "Kestrel City's coach": a coach whose role names Kestrel City, not any coach.
            hit = self._speaker_by_description(f"{owner} {what}", quotes, evidence)
            roles = {q.speaker: f"{q.speaker} {q.role or ''}" for q in quotes}
            return hit if hit and set(terms(owner)) & set(terms(roles[hit])) else None
        # A name has a capital ("Rilke"); "lead author of the report" is a description, even though a
        # bare surname would match any speaker whose name ends like it ("the report").
        name_like = any(w[:1].isupper() for w in target.split()) or target in speakers
        named = [s for s in speakers if name_like and same_speaker(target, s)]
        if named:
            return named[0]
        return self._speaker_by_description(target, quotes, evidence)

    def described_in(self, query: Query, evidence: Evidence) -> list[str]:
        """Return the articles, best-ranked first, quoting someone a role-only what-said question names."""
        target = query.target or ""
        if not target or any(w[:1].isupper() for w in target.split()):
            return []  # a name is specific enough: its article is chosen in what_said
        quotes = [QuoteRecord.from_document(d, d.metadata.get("dense", 0.0)) for d in evidence.quotes]
        by_doc: dict[str, list[QuoteRecord]] = {}
        for q in quotes:
            by_doc.setdefault(q.doc_id, []).append(q)
        found = [d for d, own in by_doc.items() if self._speaker_by_description(target, own, evidence)]
        ranked = list(dict.fromkeys(c.metadata.get("doc_id") for c in evidence.chunks))
        return sorted(found, key=lambda d: ranked.index(d) if d in ranked else len(ranked))

    def _speaker_by_description(self, text: str, quotes: list[QuoteRecord], evidence: Evidence) -> str | None:
        wanted = [t for t in terms(text) if t not in SPEECH_TERMS]
        if not wanted:
            return None
        total = sum(evidence.idf(t) for t in wanted)
        # "the Riverton mayor", "the Rovers head coach": a name qualifying the role places it in the story,
        # and the speaker's article names it, though their role ("Mayor") leaves it out. Only beside a role
        # the speaker holds: a name alone ("Duch") or a role they lack ("CEO of Facebook") is no setting.
        setting = {t for w in text.split() if w[:1].isupper() for t in terms(w)} & set(wanted)
        role_words = [t for t in wanted if t not in setting]
        named_in: dict[str, set[str]] = {}
        best, best_score = None, 0.0
        for speaker in dict.fromkeys(q.speaker for q in quotes):
            own = [q for q in quotes if q.speaker == speaker]
            role = next((q.role for q in own if q.role), "")
            have = set(terms(f"{speaker} {role}"))
            if role_words and setting - have and all(side_terms(t) & have for t in role_words):
                for q in own:
                    if q.doc_id not in named_in and q.doc_id in evidence.docs:
                        named_in[q.doc_id] = setting & set(terms(evidence.docs[q.doc_id].text))
                    have |= named_in.get(q.doc_id, set())
            score = sum(evidence.idf(t) for t in wanted if side_terms(t) & have) / total
            if score > best_score:
                best, best_score = speaker, score
        return best if best_score >= MIN_SPEAKER_MATCH else None

    def _cite(self, citer: Citer, q: QuoteRecord, evidence: Evidence) -> int:
        text = evidence.docs[q.doc_id].text
        start, end = passage(text, q.start, q.end)
        return citer.cite(q.doc_id, *attributed(text, start, end, q.speaker))


# A side in court is described by its counsel's role: "the defence" is the barrister, "the prosecution" the
# prosecutor ("Rhiannon Vickery, prosecuting"). A defendant's lawyer is never called "the prosecution".
_SIDES: dict[str, frozenset[str]] = {
    **dict.fromkeys(
        terms("defence defense"),
        frozenset(terms("defence defense defending lawyer attorney counsel solicitor barrister advocate")),
    ),
    **dict.fromkeys(terms("prosecution"), frozenset(terms("prosecution prosecutor prosecuting"))),
}


def side_terms(term: str) -> frozenset[str]:
    """Return the terms that name what `term` names in a description: itself, or a court side's counsel."""
    return _SIDES.get(term, frozenset()) | {term}


def _same_block(evidence: Evidence, a: QuoteRecord, b: QuoteRecord) -> bool:
    """Tell whether two quotes stand in one paragraph, or near each other in copy run as one paragraph.

    A news paragraph runs a few hundred characters; a story without paragraph breaks is one "paragraph",
    where only the quotes close to each other continue one thought.
    """
    doc_id, start = _paragraph(evidence, a)
    if (doc_id, start) != _paragraph(evidence, b):
        return False
    text = evidence.docs[doc_id].text
    end = text.find("\n", start)
    length = (len(text) if end < 0 else end) - start
    return length <= LONG_PARAGRAPH or abs(a.start - b.start) <= BLOCK_CHARS


def _paragraph(evidence: Evidence, q: QuoteRecord) -> tuple[str, int]:
    """Return the (article, paragraph start) a quote stands in."""
    return q.doc_id, evidence.docs[q.doc_id].text.rfind("\n", 0, q.start) + 1


_POSSESSIVE = re.compile(r"^(?P<owner>.+?)['’]s?\s+(?P<what>[a-z][\w -]*)$")
# "the chief executive of Brightwell Grocers" is "Brightwell Grocers' chief executive", not the company.
_ROLE_OF = re.compile(r"^(?:the\s+)?(?P<what>[a-z][\w -]*?)\s+(?:of|at)\s+(?:the\s+)?(?P<owner>[A-Z].*)$")


def _role_of(target: str) -> re.Match[str] | None:
    """Match "<title> of <owner>" when the words before "of" hold a title ("the coach of Kestrel City")."""
    m = _ROLE_OF.match(target.strip())
    return m if m and set(m.group("what").lower().split()) & TITLE_WORDS else None


# What a question asks beyond its topic when it asks who said or what someone said: the verbs of saying
# and of holding a view (the one lexicon), and the words for the speaker.
SPEECH_TERMS = set(terms(" ".join(speech_forms(opinions=True)) + " who whom speaker"))


def _with_attribution(q: QuoteRecord, evidence: Evidence) -> QuoteRecord:
    """Return the quote with the rest of its sentence, where the article says how it was said."""
    text = evidence.docs[q.doc_id].text
    start, end = sentence_at(text, q.start)[0], sentence_at(text, max(q.start, q.end - 1))[1]
    return replace(q, text=text[start:end])


def _introduction(
    speaker: str, role: str, first: QuoteRecord, evidence: Evidence
) -> tuple[str, int, int] | None:
    """Find the first sentence naming the speaker (it usually carries the role)."""
    text = evidence.docs[first.doc_id].text
    surname = speaker.split()[-1]
    found = re.search(rf"\b{re.escape(fold(surname))}\b", fold(text))
    idx = found.start() if found else -1
    if idx < 0 or len(speaker.split()) < 2:
        return None
    start, end = sentence_at(text, idx)
    return first.doc_id, start, end


def _spoken_by(speaker: str, quotes: list[QuoteRecord]) -> list[QuoteRecord]:
    """Return a speaker's quotes under every spelling of their name ("Nuno Gonçalves", "Goncalves")."""
    return [q for q in quotes if q.speaker == speaker or same_speaker(q.speaker, speaker)]


def _one_article(speaker: str, own: list[QuoteRecord], evidence: Evidence) -> list[QuoteRecord]:
    """Keep the quotes of one article: the same name in two stories is rarely one person saying one thing."""
    docs = list(dict.fromkeys(q.doc_id for q in own))
    if len(docs) < 2:
        return own
    ranked = list(dict.fromkeys(d.metadata.get("doc_id") for d in evidence.chunks))
    exact = fold(speaker)

    def key(doc_id: str) -> tuple[bool, int, int]:
        mine = [q for q in own if q.doc_id == doc_id]
        # The article naming the speaker as asked, then the one retrieval ranked first, then the most quoted.
        rank = ranked.index(doc_id) if doc_id in ranked else len(ranked)
        return (not any(fold(q.speaker) == exact for q in mine), rank, -len(mine))

    best = min(docs, key=key)
    return [q for q in own if q.doc_id == best]


def _fullest(own: list[QuoteRecord]) -> QuoteRecord:
    """Return the record that names its speaker most fully, with a role from any of them."""
    best = max(own, key=lambda q: (len(q.speaker.split()), bool(q.role), -q.start))
    return best if best.role else replace(best, role=next((q.role for q in own if q.role), ""))


def _name_role(q: QuoteRecord) -> str:
    if q.speaker_type == "person" and q.role:
        return f"{q.speaker} ({q.role})"
    return q.speaker[0].upper() + q.speaker[1:]


def _article(role: str) -> str:
    # A capitalised title ("Italian Foreign Minister") reads right bare; a description needs "the".
    return "" if re.match(r"(?i)(the|a|an)\s", role) or role[:1].isupper() else "the "


def _said(q: QuoteRecord, short: bool = False) -> str:
    text = _clip(q.text, 200 if short else MAX_QUOTE_CHARS)
    return f"said: “{text}”" if q.kind == "direct" else f"said that {text}"


def _quote_text(q: QuoteRecord) -> str:
    text = _clip(q.text)
    return f"“{text}”" if q.kind == "direct" else f"(reported) {text}"


def _clip(text: str, limit: int = MAX_QUOTE_CHARS) -> str:
    text = text.strip().strip('“”"')
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _dedupe(quotes: list[QuoteRecord]) -> list[QuoteRecord]:
    """Drop a quote contained in another one already listed (e.g. a quoted phrase inside reported speech)."""
    out: list[QuoteRecord] = []
    for q in quotes:
        if any(o.doc_id == q.doc_id and o.start <= q.start and q.end <= o.end for o in out):
            continue
        out = [o for o in out if not (o.doc_id == q.doc_id and q.start <= o.start and o.end <= q.end)] + [q]
    return out
