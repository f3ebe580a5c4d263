"""Whether a sentence holds the kind of answer a question asks for: a date for "when", a sum for "how much".

The entity types of spaCy's small model are the base; the rules here add what it misses (bare years, sums
with their currency) and what the types alone cannot tell (a weight is no speed, an age is no count).
"""

from __future__ import annotations

import re

from bot.evidence import Sentence
from bot.questions import Query
from bot.text import STOPWORDS, fold, terms

AGE = re.compile(r"\b(?:\d{1,3}-year-old|aged\s+\d{1,3}|\d{1,3}\s+years\s+old|,\s+\d{1,3},)")


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


def fits_ask(query: Query, s: Sentence) -> bool:
    """Tell whether a sentence gives what kind of answer the question's wording asks for.

    Spelled out because the entity types alone are too coarse: a weight is a quantity but no speed, one
    company is an organisation but no list of three, and a hotel's sale price is money but no room rate.
    """
    if _SPEED_Q.search(query.text) and not _RATE.search(s.text):
        return False
    # Asked for a company, the answer names one; the tagger's organisations are too loose to find it by.
    company = _ORG_Q.search(query.text)
    labels = (
        PLACES
        if query.expects[:1] and query.expects[0] in PLACES
        else query.expects[:1] or ("ORG",) * bool(company)
    )
    listing = _LIST_Q.search(query.text)
    if labels and (company or listing):
        found = {
            fold(s.text[a - s.start : b - s.start])
            for label, a, b in entities(s)
            if label in labels and not in_question(s.text[a - s.start : b - s.start], query)
        }
        if len(found) < (2 if listing else 1):
            return False
    if query.expects[:1] == ("PERSON",):
        # "Who is the manager of Kingsmere United?": a sentence that names nobody, or names the asked
        # post's holder elsewhere ("Brackenford manager Colm Hartigan"), does not say.
        people = [a for label, a, _ in entities(s) if label == "PERSON"]
        if any(_holds_other_post(query, s.text[: a - s.start]) for a in people):
            return False
        if answer_entity(query, s) is None:
            return False
    if m := _PRICE_Q.search(query.text):
        # "it" in a follow-up ("How much does it cost?") leaves what is priced to the conversation.
        thing = terms(m.group("thing"))
        if thing and not set(thing) & set(terms(s.text)):
            return False
    return True


def counts_else(query: Query, s: Sentence) -> bool:
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


def type_match(query: Query, s: Sentence) -> float:
    """Score 1 for an entity of the asked type next to the question's words, 0.5 elsewhere in the sentence."""
    if not query.expects:
        return 0.0
    if query.expects == ("AGE",):
        return 1.0 if AGE.search(s.text) else 0.0
    hit = answer_entity(query, s)
    return 0.0 if hit is None else hit[1]


def answer_entity(query: Query, s: Sentence) -> tuple[str, float] | None:
    """Return the entity of the asked type closest to the question's words, with its closeness score."""
    asked = fold(query.text)
    anchors = [m.start() for t in set(query.terms) for m in re.finditer(rf"\b{re.escape(t)}", fold(s.text))]
    best: tuple[str, float, bool, int] | None = None
    for label, a, b in entities(s):
        value = s.text[a - s.start : b - s.start]
        if label not in query.expects or fold(value) in asked or in_question(value, query):
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
            if rank == 0 or (label in PLACES and query.expects[0] in PLACES)  # a place is a place
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
        placed = label in PLACES and bool(_AT_PLACE.search(s.text[: a - s.start]))
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


PLACES = frozenset({"GPE", "LOC", "FAC"})
# The tagger misses some counts ("carved the fox eleven times"): number words, for the how-many fallback.
NUMBER_WORDS = (
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
NARROW = frozenset({"MONEY", "PERCENT", "TIME", "DATE"})
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


def in_question(value: str, query: Query) -> bool:
    """Tell whether an entity is what the question is about rather than its answer (most words shared)."""
    value_terms = set(terms(value))
    return bool(value_terms) and len(value_terms & set(query.terms)) >= 0.5 * len(value_terms)
