"""Understand a question: what kind it is, what it names, and what kind of answer it wants.

A summary request is read here too (`parse_request`): how long, in what form, and about what.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from bot.text import STOPWORDS, fold, terms
from index.lexicon import speech_forms

if TYPE_CHECKING:
    from index.store import StoredDoc

Kind = Literal["who_said", "what_said", "quote_check", "who_is", "summary", "fact"]

# Every form of the verbs of saying and of holding a view, from the one lexicon (index/data/lexicon.toml).
_SPEECH = "|".join(speech_forms(opinions=True))
_QUOTED = re.compile(r"[“\"‘']([^“”\"‘’']{3,})[”\"’']")
# The speech verb must be the question's own verb: "Who chaired the talks?" is about a chair, not a speaker.
_ADVERBS = (
    r"(?:\s+(?:else|first|also|actually|publicly|later|then|just|really|has|had|have|was|were|is|are|did|"
    r"does|do))*"
)
_WHO_SAID = re.compile(
    rf"^\s*(?:and\s+)?who{_ADVERBS}(?:\s+(?:in|at|from|of|on|for|inside|within)\s+(?:the\s+)?[\w’'-]+"
    rf"(?:\s+[\w’'-]+)?)?{_ADVERBS}\s+(?:{_SPEECH})\b",
    re.I,
)
_WHO_QUOTED = re.compile(r"^\s*who\b.*\b(?:quoted|speaker|spokes(?:man|woman|person))\b", re.I)
_WHAT_SAID = re.compile(
    rf"^\s*(?:and\s+)?(?:what|how)\s+(?:else\s+)?(?:did|does|do|has|have|had|was|were)\s+(?P<who>.+?)\s+"
    rf"(?:(?:have\s+)?to\s+)?(?:{_SPEECH})\b",
    re.I,
)
_POSITION = re.compile(
    r"^\s*what\s+(?:is|was|are|were)\s+(?P<who>.+?)['’]s?\s+"
    r"(?:position|view|stance|reaction|response|comments?|message|point)\b",
    re.I,
)
_QUOTE_CHECK = re.compile(rf"^\s*(?:did|does|has|had|was)\s+(?P<who>.+?)\s+(?:ever\s+)?(?:{_SPEECH})\b", re.I)
# Questions about someone's job are answered by the role the speaker index holds for them.
_ROLE_OF = re.compile(
    r"^\s*(?:and\s+)?(?:(?:where|who|whom|for\s+whom|(?:for\s+)?(?:which|what)\s+\w+)\s+(?:does|did|do)\s+"
    r"(?P<who>.+?)\s+work(?:\s+(?:for|at|in))?|what\s+(?:is|was)\s+(?P<who2>.+?)['’]s?\s+"
    r"(?:job|role|title|occupation|profession|post)|what\s+(?:does|did)\s+(?P<who3>.+?)\s+do\s+for\s+a\s+living)"
    r"\s*\??\s*$",
    re.I,
)
_WHO_IS = re.compile(r"^\s*(?:and\s+)?who\s+(?:is|was|are|were)\s+(?P<who>[^?]+?)\s*\??\s*$", re.I)
_SUMMARY = re.compile(
    r"\b(?:summar\w*|sum\s+up|tl;?dr|in\s+(?:short|brief|a\s+nutshell)|main\s+points|"
    r"key\s+points|gist|overview|recap|what\s+is\s+(?:this|the)\s+(?:article|story)\s+about|"
    r"what\s+happened)\b",
    re.I,
)

# The named-entity labels (spaCy's OntoNotes set) that answer each kind of question.
_EXPECT = [
    (re.compile(r"^\s*how\s+old\b|\bwhat\s+age\b", re.I), ("AGE",)),
    (re.compile(r"^\s*(?:what\s+time|at\s+what\s+time)\b", re.I), ("TIME",)),
    # "What was her finishing time?": a clock time or a duration, not the year it happened.
    (
        re.compile(
            r"^\s*(?:what|which)\b.*\b(?:time|duration)\b(?!\s+(?:of\s+(?:the\s+)?)?(?:year|day))", re.I
        ),
        ("TIME", "QUANTITY"),
    ),
    (
        re.compile(
            r"^\s*(?:(?:on|in|by)\s+(?:what|which)\s+(?:date|day|year|month|week)|(?:what|which)\s+(?:date|day|"
            r"year|month|week))\b",
            re.I,
        ),
        ("DATE",),
    ),
    (re.compile(r"^\s*(?:when|since\s+when|how\s+long\s+ago)\b", re.I), ("DATE", "TIME")),
    (re.compile(r"^\s*(?:what|which)\b.*\b(?:percentage|share|proportion)\b", re.I), ("PERCENT",)),
    # "How much did they pay?" is answered by a sum of money and nothing else.
    (
        re.compile(
            r"^\s*how\s+much\b.*\b(?:pay(?:s|ing)?|paid|cost(?:s|ing)?|spen(?:d|ds|ding|t)|charg(?:e|es|ed|ing)|"
            r"earn(?:s|ed|ing)?|sell(?:s|ing)?|sold|fees?|ow(?:e|es|ed|ing)|invest(?:s|ed|ing)?)\b",
            re.I,
        ),
        ("MONEY",),
    ),
    (
        re.compile(r"^\s*how\s+much\b|^\s*(?:what|which)\b.*\b(?:price|cost|amount|worth|value)\b", re.I),
        ("MONEY", "QUANTITY", "PERCENT", "CARDINAL"),
    ),
    (
        re.compile(
            r"^\s*how\s+many\b|^\s*(?:what|which)\b.*\b(?:number|score|result|total|toll|figure)\b", re.I
        ),
        ("CARDINAL", "QUANTITY"),
    ),
    (re.compile(r"^\s*how\s+(?:fast|quickly)\b|^\s*(?:what|which)\b.*\bspeed\b", re.I), ("QUANTITY",)),
    (
        re.compile(
            r"^\s*how\s+(?:long|large|big|far|often|high|deep|strong)\b|^\s*(?:what|which)\b.*\b"
            r"(?:magnitude|size|length|distance)\b",
            re.I,
        ),
        ("QUANTITY", "CARDINAL", "DATE", "TIME", "PERCENT"),
    ),
    (
        re.compile(
            r"^\s*(?:where|(?:in|at|near|from|to)\s+(?:what|which)\s+(?:\w+\s+)?(?:countr|cit|town|place|"
            r"venue|stadium|region|state)\w*|(?:which|what)\s+(?:\w+\s+)?(?:countr|cit|town|place|venue|"
            r"stadium|region|state)\w*)\b",
            re.I,
        ),
        ("GPE", "LOC", "FAC", "ORG"),
    ),
    (re.compile(r"^\s*(?:who|whom|whose)\b", re.I), ("PERSON", "ORG", "NORP")),
]
# Words that name the slot a question asks to fill ("which day", "what city"), not what it is about:
# the answer sentence says "on Saturday", not "on the day of Saturday".
SLOT_WORDS = frozenset(
    terms(
        "day days date time year years month week city town country place venue location where number amount "
        "figure percentage percent total score final result name age old long much many"
    )
)
_HEAD = re.compile(r"^\s*how\s+many\s+(?:more\s+|other\s+)?([A-Za-z][\w-]*)(?:\s+([A-Za-z][\w-]*))?", re.I)
_PROPER = re.compile(r"(?<![\w“\"‘'])([A-Z][\w’'.-]*[\w])")


@dataclass
class Query:
    """A question, analysed."""

    text: str
    kind: Kind = "fact"
    target: str | None = None  # the speaker a what-said or quote-check question names
    quoted: str | None = None  # words the question puts in quotation marks
    claim: str | None = None  # what a quote-check question asks whether the speaker said
    expects: tuple[str, ...] = ()  # entity labels a good answer contains
    terms: list[str] = field(default_factory=list)
    proper_nouns: list[str] = field(default_factory=list)
    head: str | None = None  # the counted noun of "how many homes …": the answer's number stands before it
    names: list[list[str]] = field(default_factory=list)  # multi-word names as terms: [["ramon", "ibanez"]]


def analyze(question: str) -> Query:
    """Classify a question and pull out its speaker, quoted words and expected answer type."""
    text = question.strip()
    quoted = _QUOTED.search(text)
    query = Query(
        text=text,
        quoted=quoted.group(1).strip(" ,.?!") if quoted else None,
        terms=terms(text),
        proper_nouns=_proper_nouns(text),
        names=_names(text),
    )
    # "In how many cities?" asks what "How many cities?" asks.
    bare = re.sub(r"^\s*(?:and\s+)?(?:in|at|for|by|from|to|on|of|with)\s+(?=how\b)", "", text, flags=re.I)
    for pattern, labels in _EXPECT:
        if pattern.search(bare):
            query.expects = labels
            query.terms = [t for t in query.terms if t not in SLOT_WORDS]
            break
    if m := _HEAD.search(bare):
        # The counted noun ends the phrase: "how many volunteer divers took part" counts divers.
        second = m.group(2) or ""
        noun = second if re.search(r"[^s]s$", second) and second.lower() not in STOPWORDS else m.group(1)
        head = terms(noun)
        query.head = head[0] if head else None
    if _SUMMARY.search(text):
        query.kind = "summary"
    elif _WHO_SAID.search(text) or _WHO_QUOTED.search(text) or (quoted and re.match(r"\s*who\b", text, re.I)):
        query.kind = "who_said"
    elif m := (_WHAT_SAID.search(text) or _POSITION.search(text)):
        query.kind, query.target = "what_said", _clean_target(m.group("who"))
    elif m := _QUOTE_CHECK.search(text):
        query.kind, query.target = "quote_check", _clean_target(m.group("who"))
        query.claim = text[m.end() :].strip(" ?.:,")
    elif m := _WHO_IS.search(text):
        query.kind, query.target = "who_is", _clean_target(m.group("who"))
    elif m := _ROLE_OF.search(text):
        who = m.group("who") or m.group("who2") or m.group("who3")
        query.kind, query.target = "who_is", _clean_target(who)
    return query


def _clean_target(who: str) -> str:
    return re.sub(r"^(?:the\s+)", "", who.strip(" ,?"), flags=re.I).strip()


def _proper_nouns(text: str) -> list[str]:
    """Capitalised words after the first, minus quoted words: names the article must contain."""
    body = _QUOTED.sub(" ", text)
    found = []
    for m in _PROPER.finditer(body):
        word = m.group(1)
        if m.start() == len(body) - len(body.lstrip()) or word.lower() in STOPWORDS or len(word) < 2:
            continue
        found.append(word)
    return found


def _names(text: str) -> list[list[str]]:
    """Return runs of two or more capitalised words ("Ramón Ibáñez"), each as its terms."""
    body = _QUOTED.sub(" ", text)
    runs = re.findall(r"(?<![\w“\"‘'])[A-Z][\w’'.-]*[\w](?:\s+[A-Z][\w’'.-]*[\w])+", body)
    return [t for t in (terms(r) for r in runs) if len(t) >= 2]


# -- summary requests ------------------------------------------------------------------------------------

# A summary's length when the request does not say ("Summarize the article").
SUMMARY_SENTENCES = 5
SUMMARY_CHARS = 1000
# "in three sentences", "a one-sentence summary": counts written as words.
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
# "in detail": longer than the default, as long as a detailed summary reads well.
_DETAIL = re.compile(r"\b(?:in\s+(?:more\s+)?detail|detailed|longer|full|thorough|in\s+depth)\b", re.I)
_FOCUS = re.compile(
    r"\b(?:summar\w*|sum\s+up|recap|overview\s+of|tl;?dr\s+of|gist\s+of)\s+(?P<focus>.+)$", re.I
)
# "the article", "the whole story about the dam talks": the article itself, not a part of it.
_GENERIC = re.compile(
    r"^(?:the\s+|this\s+|that\s+)?(?:whole\s+|entire\s+|main\s+)?(?:article|story|piece|report|"
    r"news|text|it|match\s+report)?\s*(?:about\s+(?P<about>.+))?$",
    re.I,
)
# "Summarize that": what the conversation was about.
_THAT = re.compile(r"^(?:that|this|it|those|these|them)$", re.I)


@dataclass
class SummaryRequest:
    """What a summary request asks for."""

    max_sentences: int = SUMMARY_SENTENCES
    max_chars: int = SUMMARY_CHARS
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
        req.max_sentences = max(1, min(10, int(n) if n.isdigit() else _NUMBERS.get(n, SUMMARY_SENTENCES)))
        req.bullets = "bullet" in m.group("unit").lower() or "point" in m.group("unit").lower()
        req.max_chars = 400 if req.max_sentences == 1 else max(SUMMARY_CHARS, 220 * req.max_sentences)
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


# Words that say a focus is about reactions or the article itself, not which part of the story it means.
META_WORDS = frozenset(
    terms(
        "article story said say says reaction reactions response responses comment comments remark remarks "
        "position positions view views side"
    )
)


def is_generic(focus: str | None, doc: StoredDoc) -> bool:
    """Tell whether a focus just names the article's own topic (then a full summary is meant)."""
    if not focus:
        return True
    wanted = [t for t in terms(focus) if t not in META_WORDS]
    return (
        bool(wanted)
        and sum(t in set(terms(doc.title)) for t in wanted) / len(wanted) >= 0.6
        # "The opposition's position" asks for one party's stance, even when the title names that party.
        and not re.search(
            r"\b(?:said|say|reactions?|responses?|quotes?|positions?|views?|side|stance|arguments?|case)\b",
            fold(focus),
        )
    )
