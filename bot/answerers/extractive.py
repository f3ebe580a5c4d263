"""The default answerer: picks the article sentences that answer the question and cites them verbatim.

No generative model runs offline here, so every word of an answer's evidence is the article's own;
the answerer only chooses sentences, orders them and writes a short lead-in.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from bot.answerers.quotes import SPEECH_TERMS
from bot.evidence import Citer, Evidence, Sentence
from bot.prompts import render
from bot.questions import Query
from bot.schema import Answer
from bot.text import STOPWORDS, fold, stem_words, terms, words

MAX_FACT_CHARS = 560
FALLBACK = 0.8  # how close to the best match a sentence must score to answer in its stead


@dataclass(frozen=True)
class Thresholds:
    """Evidence needed before answering; calibrated on the evaluation set by `eval/calibrate.py`."""

    # eval/calibrate.py on 50 single-turn questions (33 answerable) over 7 articles: 48/50 decided right
    # (the two misses answer an unanswerable question whose key verb, e.g. "pay", the article lacks).
    min_coverage: float = 0.3  # share of the question's (idf-weighted) content words the evidence holds
    min_dense: float = 0.1  # cosine of question and best chunk, when coverage alone is borderline
    strong_coverage: float = 0.7
    typed_dense: float = 0.3  # cosine enough when the sentence holds the kind of answer asked for
    # cosine that lets a sentence answer although it shares only names with the question ("What did
    # Argentina offer?" → "The Argentine government said it had sent two planes")
    names_only_dense: float = 0.35


class ExtractiveAnswerer:
    """Answers with the best-supported sentence(s), refusing when the evidence is too weak."""

    def __init__(self, thresholds: Thresholds | None = None) -> None:
        self.t = thresholds or Thresholds()

    def answer(self, query: Query, evidence: Evidence) -> Answer:
        """Answer a fact question from retrieved sentences, or return not_found."""
        ranked = self.rank(query, evidence)
        if query.head and query.expects:
            # "How many teachers took part?": a sentence whose every number counts something else ("1,850
            # primary classrooms") cannot answer; if no sentence is left, the article doesn't say.
            kept = [r for r in ranked if not _counts_else(query, r[1])]
            if kept and kept[0] is not ranked[0]:
                # The best sentence counted something else: another answers only if it names what is
                # counted ("she has carved the fox eleven times", not "one in five ticks" for deer).
                counts = re.compile(
                    rf"\b(?:\d[\d,.]*|{_NUMBER_WORDS})\s+(?:\w+\s+)?{re.escape(query.head)}", re.I
                )
                kept = [r for r in kept if counts.search(fold(r[1].text))]
            ranked = kept
        # A sentence that does not give what is asked is passed over; one far weaker than it is no answer
        # either: the best match shows what the article says instead (a prize fund, not a ticket price).
        fitting = [r for r in ranked if _fits_ask(query, r[1])]
        ranked = [r for r in fitting if r[0] >= FALLBACK * ranked[0][0]] if ranked else []
        if not ranked or not self.supported(query, evidence, ranked[0]):
            return not_found(query, evidence)
        best_score, best = ranked[0]
        chosen = [best]
        for score, sent in ranked[1:3]:
            # A second sentence only when it is nearly as good and adds words the first lacks.
            if (
                score >= 0.9 * best_score
                and _adds(query, chosen, sent)
                and sum(len(s.text) for s in chosen) + len(sent.text) <= MAX_FACT_CHARS
            ):
                chosen.append(sent)
        chosen.sort(key=lambda s: (s.doc_id, s.start))
        citer = Citer(evidence.docs)
        parts = [
            render(
                "extractive_fact",
                lead=_lead(query, chosen) if i == 0 else "",
                passage=_clip(s.text),
                n=citer.cite(s.doc_id, s.start, s.end),
            )
            for i, s in enumerate(chosen)
        ]
        return Answer("answered", " ".join(parts), citer.citations, kind=query.kind)

    def rank(self, query: Query, evidence: Evidence) -> list[tuple[float, Sentence]]:
        """Score candidate sentences by coverage of the question, retrieval scores and answer type."""
        sentences = evidence.sentences()
        if not sentences:
            return []
        top_rrf = max(s.rrf for s in sentences) or 1.0
        typed = [_type_match(query, s) for s in sentences]
        # Answer-type filtering, as in classic question answering: once some sentence holds the kind of
        # entity asked for ("where" → a place), a sentence without one cannot be the answer.
        untyped_penalty = 0.15 if any(typed) else 0.0
        scored = []
        for s, type_score in zip(sentences, typed, strict=True):
            voices = terms(evidence.speakers_of(s))  # a quoted "she" is the speaker the quote index found
            sent_terms = named(query, terms(s.text) + voices)
            window_terms = named(query, terms(s.window) + voices)
            score = (
                0.45 * coverage(query.terms, sent_terms, evidence)
                + 0.15 * coverage(query.terms, window_terms, evidence)
                + 0.3 * max(s.dense, 0.0)
                + 0.1 * s.rrf / top_rrf
                + 0.3 * type_score
                - (untyped_penalty if query.expects and not type_score else 0.0)
                + 0.1 * proximity(query.terms, sent_terms)
                + 0.1 * phrases(query.text, s.text)
                # News leads carry the who/what/when/where of the story.
                + (0.05 if query.expects and s.seq <= 2 else 0.0)
            )
            if evidence.context_terms or evidence.near:
                # A follow-up: prefer what the conversation was about, near what was just cited — as far
                # as the question's own words leave the choice open.
                open_ = 1.0 - coverage(query.terms, window_terms, evidence) if query.terms else 1.0
                score += open_ * (
                    0.2 * coverage(evidence.context_terms, window_terms, evidence)
                    + (0.2 if evidence.context_terms else 0.05) * evidence.closeness(s)
                )
            scored.append((score, s))
        scored.sort(key=lambda x: -x[0])
        return scored

    def supported(self, query: Query, evidence: Evidence, best: tuple[float, Sentence]) -> bool:
        """Tell whether the evidence is strong enough to answer at all."""
        if any(not evidence.mentions(p) for p in query.proper_nouns):
            return False
        _, sent = best
        if query.expects == ("AGE",) and not _AGE.search(sent.text):
            return False  # "How old is X?" is answered by an age, not by any number near X
        if (
            query.expects
            and (query.expects[0] in _NARROW or len(query.expects) == 1)
            and not _type_match(query, sent)
        ):
            return False  # "How much did they pay?" with no sum of money in sight: the article doesn't say
        if query.kind in ("what_said", "quote_check") and query.target:
            # The quote index knew no such speaker: answer only if a sentence names exactly them.
            wanted = [t for t in terms(query.target)]
            if wanted and coverage(wanted, terms(sent.window), evidence) < 0.85:
                return False
        window_terms = named(query, terms(sent.window))
        names = {t for run in query.names for t in run} | set(terms(" ".join(query.proper_nouns)))
        predicate = [t for t in query.terms if t not in names]
        if evidence.speakers_of(sent):
            # "Where was he speaking?" of a sentence the quote index knows reports someone's words: "told"
            # there is the speaking asked about.
            predicate = [t for t in predicate if t not in SPEECH_TERMS]
        # The asked kind of answer near the question's words: unless those words are only its names ("How
        # much is X paying Y for jets?" beside X's quarterly loss).
        if (
            query.expects
            and _type_match(query, sent) > 0
            and sent.dense >= self.t.typed_dense
            and (not (names and predicate) or coverage(predicate, window_terms, evidence) > 0)
        ):
            return True
        if (
            predicate
            and not evidence.context_terms
            and not coverage(predicate, window_terms, evidence)
            and sent.dense < self.t.names_only_dense
        ):
            # Only the names match ("Which company owns the Northern Lark?" → a sentence naming the ship):
            # nothing the question asks about them is there.
            return False
        cov = coverage(query.terms + evidence.context_terms, window_terms, evidence)
        if evidence.near and evidence.closeness(sent) > 0 and not query.proper_nouns:
            cov = max(cov, coverage(query.terms, window_terms, evidence), self.t.min_coverage)
        if cov >= self.t.strong_coverage:
            return True
        return cov >= self.t.min_coverage and sent.dense >= self.t.min_dense


def coverage(query_terms: list[str], text_terms: list[str], evidence: Evidence) -> float:
    """Return the idf-weighted share of the question's terms found in `text_terms`."""
    wanted = set(query_terms)
    if not wanted:
        return 0.0
    have = set(text_terms)
    total = sum(evidence.idf(t) for t in wanted)
    return sum(evidence.idf(t) for t in wanted if t in have or _inflected(t, have)) / total


def named(query: Query, text_terms: list[str]) -> list[str]:
    """Credit a whole name where a text has its last word: after "Ramón Ibáñez" news says "Ibáñez"."""
    have = set(text_terms)
    extra = [t for run in query.names if run[-1] in have for t in run[:-1] if t not in have]
    return text_terms + extra


def _inflected(term: str, have: set[str]) -> bool:
    """Match word forms the stemmer keeps apart (Argentina ~ Argentine, Ostrenia ~ Ostrenian)."""
    if len(term) < 6:
        return False
    prefix = term[: max(6, len(term) - 2)]
    return any(
        h.startswith(prefix) or (len(h) >= 6 and term.startswith(h[: max(6, len(h) - 2)])) for h in have
    )


def not_found(query: Query, evidence: Evidence) -> Answer:
    """Say plainly that the article doesn't answer this."""
    return Answer(
        "not_found",
        render("not_found", question=_clip(query.text, 160), where=evidence.where()),
        kind=query.kind,
    )


_AGE = re.compile(r"\b(?:\d{1,3}-year-old|aged\s+\d{1,3}|\d{1,3}\s+years\s+old|,\s+\d{1,3},)")


# "How fast was it travelling?" wants a speed: a unit per unit of time, not any measure.
_SPEED_Q = re.compile(r"^\s*how\s+fast\b|\bspeed\b", re.I)
_RATE = re.compile(
    r"\b(?:mph|km/h|kph|kmh|knots?|mach)\b|\b(?:per|an|a)\s+(?:hour|second|minute)\b|/(?:s|h|hr)\b", re.I
)
# "Which three companies …?" asks for a list: a sentence that names one (or none) does not give it.
_LIST_Q = re.compile(
    r"^\s*(?:which|what)\s+(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\s+[a-z]+s\b", re.I
)
_ORG_Q = re.compile(
    r"^\s*(?:which|what)\s+(?:\w+\s+)?(?:compan(?:y|ies)|firms?|banks?|airlines?|manufacturers?|suppliers?|"
    r"contractors?|organi[sz]ations?|agenc(?:y|ies)|insurers?|retailers?|developers?)\b",
    re.I,
)
# "How much does a ticket cost?": the sentence must price that thing, not give some other sum.
_PRICE_Q = re.compile(
    r"^\s*how\s+much\s+(?:does|do|did|will|would|could)\s+(?:a|an|the|each|one|every)?\s*"
    r"(?P<thing>[a-z][\w\s-]*?)\s+(?:(?:for|at|of|between|to|in|on|per|from|with)\s+.*)?\b(?:cost|price)\b",
    re.I,
)


def _fits_ask(query: Query, s: Sentence) -> bool:
    """Tell whether a sentence gives what kind of answer the question's wording asks for.

    Spelled out because the entity types alone are too coarse: a weight is a quantity but no speed, one
    company is an organisation but no list of three, and a hotel's sale price is money but no room rate.
    """
    if _SPEED_Q.search(query.text) and not _RATE.search(s.text):
        return False
    # Asked for a company, the answer names one; the tagger's organisations are too loose to find it by.
    company = _ORG_Q.search(query.text)
    labels = (
        _PLACES
        if query.expects[:1] and query.expects[0] in _PLACES
        else query.expects[:1] or ("ORG",) * bool(company)
    )
    listing = _LIST_Q.search(query.text)
    if labels and (company or listing):
        found = {
            fold(s.text[a - s.start : b - s.start])
            for label, a, b in entities(s)
            if label in labels and not _in_question(s.text[a - s.start : b - s.start], query)
        }
        if len(found) < (2 if listing else 1):
            return False
    if query.expects[:1] == ("PERSON",):
        # "Who is the manager of Kingsmere United?": a sentence that names nobody, or names the asked
        # post's holder elsewhere ("Brackenford manager Colm Hartigan"), does not say.
        people = [a for label, a, _ in entities(s) if label == "PERSON"]
        if any(_holds_other_post(query, s.text[: a - s.start]) for a in people):
            return False
        if _answer_entity(query, s) is None:
            return False
    if m := _PRICE_Q.search(query.text):
        # "it" in a follow-up ("How much does it cost?") leaves what is priced to the conversation.
        thing = terms(m.group("thing"))
        if thing and not set(thing) & set(terms(s.text)):
            return False
    return True


def _counts_else(query: Query, s: Sentence) -> bool:
    """Tell whether each number of the asked kind counts a noun the question does not ask about."""
    asked = set(query.terms) | {query.head}
    counted = False  # the tagger may see no number at all ("the fox eleven times"): then nothing is known
    for label, _a, b in entities(s):
        if label not in query.expects:
            continue
        counted = True
        after = re.findall(r"[A-Za-z][\w'-]*|[^\w\s]", s.text[b - s.start :])[:3]
        # "a crowd of 31,862 at Harlow Park", "14th consecutive league victory": a number followed by a
        # preposition or by a word of the question may well be the answer.
        if not after or not after[0][:1].isalpha() or after[0].lower() in STOPWORDS:
            return False
        if asked & set(terms(" ".join(after))):
            return False
    return counted


def _type_match(query: Query, s: Sentence) -> float:
    """Score 1 for an entity of the asked type next to the question's words, 0.5 elsewhere in the sentence."""
    if not query.expects:
        return 0.0
    if query.expects == ("AGE",):
        return 1.0 if _AGE.search(s.text) else 0.0
    hit = _answer_entity(query, s)
    return 0.0 if hit is None else hit[1]


def _answer_entity(query: Query, s: Sentence) -> tuple[str, float] | None:
    """Return the entity of the asked type closest to the question's words, with its closeness score."""
    asked = fold(query.text)
    anchors = [m.start() for t in set(query.terms) for m in re.finditer(rf"\b{re.escape(t)}", fold(s.text))]
    best: tuple[str, float, bool, int] | None = None
    for label, a, b in entities(s):
        value = s.text[a - s.start : b - s.start]
        if label not in query.expects or fold(value) in asked or _in_question(value, query):
            continue
        if query.expects[0] == "DATE" and _SPAN.fullmatch(value):
            continue  # "the club's 118-year history": a length of time, no answer to "when"
        if label == "PERSON" and _holds_other_post(query, s.text[: a - s.start]):
            continue
        if label == "DATE" and _HOW_LONG.match(query.text) and not _SPAN.search(value):
            continue  # "How long was he sentenced to?": "last month" is a point in time, not a length
        if _not_a_count(s.text[: a - s.start], value, s.text[b - s.start :]):
            continue
        # Labels earlier in `expects` fit the question better ("how much": money before counts); "who"
        # asks for a person first, an organisation only when no person fits.
        rank = query.expects.index(label)
        fit = (
            1.0
            if rank == 0 or (label in _PLACES and query.expects[0] in _PLACES)  # a place is a place
            else 0.6
            if query.expects[0] == "PERSON"
            # "How long is the crossing?" wants a measure: a bare count ("17 people") hardly fits, and a
            # point in time ("in 1952", "on Monday") is no length at all.
            else 0.5
            if query.expects[0] == "QUANTITY" and label == "CARDINAL"
            else 0.3
            if query.expects[0] == "QUANTITY" and label == "DATE" and _DATE.fullmatch(value)
            else 1.0 - 0.1 * rank
        )
        gap = min((abs(x - (a - s.start)) for x in anchors), default=999)
        score = (1.0 if gap <= 60 else 0.5) * fit
        if query.head:
            # "How many homes …" is answered by the number that counts homes: "230 homes were damaged".
            counted = query.head in terms(" ".join(s.text[b - s.start :].split()[:3]))
            score, gap = (1.5, 0) if counted else (min(score, 0.25), gap)
        # A place answers "where" best after a preposition of place: "beat Kestrel City at Linden Park".
        placed = label in _PLACES and bool(_AT_PLACE.search(s.text[: a - s.start]))
        key = (score, placed, -gap)
        if best is None or key > best[1:]:
            best = (value, *key)
    return None if best is None else (best[0], best[1])


# "Brackenford manager Colm Hartigan", "Kingsmere's manager, Ann Roe": a post and whose it is, right
# before the person.
_POST = re.compile(
    r"(?P<owner>(?:[A-Z][\w'’.-]*\s+){0,2}[A-Z][\w'’.-]*?)(?:['’]s)?\s+(?P<post>[a-z][\w-]*(?:\s+[a-z][\w-]*)?)"
    r",?\s*$"
)


def _holds_other_post(query: Query, before: str) -> bool:
    """Tell whether a person is introduced with the asked post of someone the question does not name.

    "Who is the manager of Kingsmere United?" is not answered by "Brackenford manager Colm Hartigan".
    """
    m = _POST.search(before[-60:])
    if not m or not query.proper_nouns or not set(terms(m.group("post"))) & set(query.terms):
        return False
    owner = set(terms(m.group("owner")))
    return bool(owner) and not owner & set(query.terms)


_HOW_LONG = re.compile(r"^\s*(?:and\s+)?(?:for\s+)?how\s+long\b(?!\s+ago)", re.I)
_AGE_BEFORE = re.compile(r"\b[A-Z][\w’'-]*,\s*$")  # "Alistair Pennock, " before "61,"
_SHARE_BEFORE = re.compile(r"\b(?:one|a)\s+in\s+$", re.I)  # "one in " before "five ticks"


def _not_a_count(before: str, value: str, after: str) -> bool:
    """Tell whether a number is a person's age ("Pennock, 61, was") or a share ("one in five ticks")."""
    age = value.isdigit() and len(value) <= 3 and after.startswith(",") and _AGE_BEFORE.search(before)
    return bool(age or _SHARE_BEFORE.search(before))


_PLACES = frozenset({"GPE", "LOC", "FAC"})
# The tagger misses some counts ("carved the fox eleven times"): number words, for the how-many fallback.
_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    "seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|dozen"
)
_SPAN = re.compile(
    r"(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten)[- ]"
    r"(?:years?|months?|weeks?|days?)(?:[- ]old)?",
    re.I,
)
_AT_PLACE = re.compile(r"\b(?:at|in|inside|outside|near|on)\s+(?:the\s+)?$", re.I)
# Entity types whose absence from the best sentence means the article does not give the answer: a "when"
# question answered without any date is no answer.
_NARROW = frozenset({"MONEY", "PERCENT", "TIME", "DATE"})
# The small spaCy model misses dates inside quotation marks and bare years ("no earlier than 2027"):
# these unambiguous forms are added to its entities.
_DATE = re.compile(
    r"\b(?:(?:19|20)\d{2}|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"(?:\s+\d{1,2})?(?:,?\s+(?:19|20)\d{2})?)\b"
)


_SCALE = r"(?:\s*(?:thousand|million|billion|trillion|bn|m)\b)?"
_MONEY = re.compile(
    rf"(?:[$€£¥]|\b(?:US|A|C|NZ|HK)\$)\s?\d[\d,.]*{_SCALE}|\b\d[\d,.]*{_SCALE}\s*"
    r"(?:dollars|euros|pounds|yen|yuan|francs|rupees|kronor|kroner|crowns|pesos|rubles|roubles)\b",
    re.I,
)


def entities(s: Sentence) -> list[tuple[str, int, int]]:
    """Return the sentence's named entities (absolute offsets), plus dates and sums the tagger missed."""
    found = list(s.ents)
    for m in _MONEY.finditer(s.text):
        # A sum with its currency is money, whatever the tagger called it ("450 million" as a count).
        a, b = s.start + m.start(), s.start + m.end()
        found = [e for e in found if not (e[1] < b and a < e[2])] + [("MONEY", a, b)]
    for m in _DATE.finditer(s.text):
        a, b = s.start + m.start(), s.start + m.end()
        if not any(x < b and a < y for _, x, y in found):
            found.append(("DATE", a, b))
    return found


def phrases(question: str, sentence: str) -> float:
    """Return the share (up to 1) of two of the question's word pairs the sentence has as phrases.

    Stopwords are kept here, unlike in `terms`: "voted against" and "vote for" differ only by them.
    """
    q, s = _stems(question), _stems(sentence)
    pairs = {(a, b) for a, b in itertools.pairwise(q) if a not in STOPWORDS or b not in STOPWORDS}
    have = set(itertools.pairwise(s))
    return min(len(pairs & have), 2) / 2


def _stems(text: str) -> list[str]:
    return stem_words([w for w in words(text) if len(w) > 1])


def proximity(query_terms: list[str], sent_terms: list[str]) -> float:
    """Score how many of the question's terms the sentence holds close together (1: all, adjacent)."""
    wanted = set(query_terms)
    if len(wanted) < 2:
        return 0.0
    hits = [(i, t) for i, t in enumerate(sent_terms) if t in wanted]
    best = 0.0
    for i, (pos, term) in enumerate(hits):
        seen = {term}
        for later, other in hits[i + 1 :]:
            if other not in seen:
                seen.add(other)
                # The share of the question's terms in the run, times how tightly they stand.
                share = (len(seen) - 1) / (len(wanted) - 1)
                best = max(best, share * (len(seen) - 1) / (later - pos))
    return min(best, 1.0)


def _in_question(value: str, query: Query) -> bool:
    """Tell whether an entity is what the question is about rather than its answer (most words shared)."""
    value_terms = set(terms(value))
    return bool(value_terms) and len(value_terms & set(query.terms)) >= 0.5 * len(value_terms)


def _lead(query: Query, chosen: list[Sentence]) -> str:
    """Name the entity that answers a when/where/how-many question before the supporting sentence."""
    if not query.expects or query.expects == ("AGE",):
        return ""
    for s in chosen:
        hit = _answer_entity(query, s)
        if hit is not None and not fold(s.text).startswith(fold(hit[0])):
            value = hit[0].rstrip(" ,;:")  # the tagger may take the comma after "£600" into the entity
            return f"{value[0].upper()}{value[1:]} — "
    return ""


def _adds(query: Query, chosen: list[Sentence], cand: Sentence) -> bool:
    have = {t for s in chosen for t in terms(s.text)}
    return bool(set(query.terms) & (set(terms(cand.text)) - have))


def _clip(text: str, limit: int = MAX_FACT_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
