"""bot.summarize without models: selection and rendering on small invented articles with hand-made vectors.

Each test builds the summarizer's input record (`_Article`) directly: a few sentences, unit vectors
chosen so that the article's centre is known, facts and quote records written by hand. No embedding
model, no spaCy, no Chroma: every test runs in milliseconds.
"""

from __future__ import annotations

import dataclasses
import json
import re
from types import SimpleNamespace

import numpy as np
import pytest

from bot.evidence import Citer
from bot.questions import META_WORDS, SummaryRequest, parse_request
from bot.schema import Answer, QuoteRecord
from bot.summarize import (
    Summarizer,
    SummaryWeights,
    _Article,
    _introduced,
    compose,
    select_focused,
    select_full,
)
from bot.summarize.render import _Draft
from bot.summarize.weights import FITTED, HAND
from bot.text import terms
from index.store import StoredDoc

# --- an article with a headline, a dateline and one sentence per line --------------------------------------

BRIDGE = [
    "Aldwick council approves footbridge over the Wenn",
    "ALDWICK — The Aldwick town council voted 7-2 on Tuesday to build a 40-metre footbridge over the Wenn "
    "River at a cost of 3.2 million pounds.",
    "Work is due to start on May 4 and the bridge will open by next spring, the council said.",
    "“This bridge joins two halves of a town that have looked at each other for a century,” said Mayor Ilse "
    "Brandt.",
    "The council also agreed to spend 3.2 million pounds on a footbridge across the river.",
    "Shop owner Tomas Reyl said the closure of the old ferry in 2019 had cut his trade by half.",
    "Two councillors said the money would be better spent on repairing the town's roads.",
    "The footbridge will be the first new crossing of the Wenn since 1968.",
]
BRIDGE_TEXT = "\n".join(BRIDGE) + "\n"
# Axis 0 is the story (the bridge); the others are its sides. The fifth sentence restates the lead.
BRIDGE_VECS = [
    (0.2, 0.1, 0, 1),
    (1, 0.2, 0, 0),
    (0.8, 0.5, 0, 0),
    (0.7, 0, 0.6, 0),
    (1, 0.2, 0.01, 0),
    (0.6, 0.2, 0.6, 0.2),
    (0.5, 0.7, 0.1, 0),
    (0.8, 0.1, 0.1, 0.1),
]
BRIDGE_FACTS = [
    ["aldwick", "wenn"],
    ["aldwick", "7-2", "tuesday", "40-metre", "wenn river", "3.2 million pounds"],
    ["may 4", "next spring"],
    ["ilse brandt"],
    ["3.2 million pounds"],
    ["tomas reyl", "2019"],
    ["two"],
    ["wenn", "1968"],
]
BRIDGE_QUOTES = [
    ("Ilse Brandt", "Mayor", "direct", "This bridge joins two halves of a town that have looked at each other for a century"),
    ("Tomas Reyl", "shop owner", "indirect", "the closure of the old ferry in 2019 had cut his trade by half"),
]

# --- a paragraph-less article: one long paragraph, no headline, a dateline at the very start ---------------

PLAIN_TEXT = (
    "HOLMBY — The Holmby school board voted on Monday to close Fenwick Primary School at the end of the "
    "summer term. The school has 84 pupils, down from 210 in 2010. Board chair Ruth Okafor said the building "
    "needed repairs costing 1.9 million pounds. “We cannot ask families to send their children to a school "
    "with a leaking roof,” Okafor said. Parents plan to appeal the decision at a meeting on June 12. The "
    "pupils will move to Holmby Primary, two miles away."
)
PLAIN_VECS = [(1, 0.1, 0, 0), (0.8, 0.4, 0, 0), (0.7, 0, 0.5, 0), (0.5, 0, 0.8, 0), (0.6, 0, 0, 0.6), (0.8, 0.3, 0, 0.2)]
PLAIN_FACTS = [
    ["holmby", "monday", "fenwick primary school", "the summer term"],
    ["84", "210", "2010"],
    ["ruth okafor", "1.9 million pounds"],
    ["okafor"],
    ["june 12"],
    ["holmby primary", "two miles"],
]
PLAIN_QUOTES = [
    ("Ruth Okafor", "Board chair", "indirect", "the building needed repairs costing 1.9 million pounds"),
    ("Ruth Okafor", "Board chair", "direct", "We cannot ask families to send their children to a school with a leaking roof"),
]

# --- a longer paragraph-less article: an agency credit, a quote running over three sentences, a sentence
# opening on a pronoun, and a sentence further down more central than the opening ------------------------

LONG = [
    "Vessby (Wire) -- The Vessby port authority agreed on Wednesday to sell its two ferries to the private "
    "operator Sundline for 14 million crowns.",
    "The sale ends 60 years of public ferry service across the Marn Sound.",
    "It was approved by five votes to two after a four-hour meeting.",
    "“We could not keep paying for boats that are older than most of their passengers,” said port director "
    "Elin Sandvik.",
    "“Sundline will keep the timetable.",
    "Fares will stay the same for two years.",
    "Every crossing stays in the plan,” Sandvik said.",
    "The ferry workers' union said 48 of its 130 members would lose their jobs by March 2026.",
    "Union leader Piet Marr called the sale a betrayal of the islanders of Holm and Tarra.",
    "The islands have 2,400 residents and no bridge to the mainland.",
    "Sundline, which runs ferries in three other ports, will take over the routes on January 1.",
    "The authority will spend the money on repairing the harbour wall in Vessby.",
]
LONG_TEXT = " ".join(LONG)
LONG_VECS = [
    (1, 0.2, 0, 0.1),
    (0.8, 0.5, 0, 0),
    (0.9, 0.1, 0, 0),
    (0.5, 0, 0.8, 0),
    (0.4, 0.3, 0.8, 0),
    (0.3, 0.4, 0.7, 0),
    (0.3, 0.4, 0.7, 0),
    (0.7, 0.3, 0.3, 0.5),  # the most central sentence, with the most facts: still no lead this far down
    (0.4, 0.2, 0, 0.9),
    (0.3, 0.9, 0, 0.1),
    (0.8, 0.3, 0.2, 0),
    (0.7, 0.1, 0, 0.2),
]
LONG_FACTS = [
    ["vessby", "wednesday", "two", "sundline", "14 million crowns"],
    ["60 years", "marn sound"],
    ["five", "two", "four-hour"],
    ["elin sandvik"],
    ["sundline"],
    ["two years"],
    ["sandvik"],
    ["the ferry workers' union", "48", "130", "march 2026", "vessby", "sundline", "marn sound"],
    ["piet marr", "holm", "tarra"],
    ["2,400"],
    ["sundline", "three", "january 1"],
    ["vessby"],
]
# The quote index found the first quote only: the second one's middle sentence carries no mark at all.
LONG_QUOTES = [
    ("Elin Sandvik", "port director", "direct", "We could not keep paying for boats that are older than most of their passengers"),
    ("Piet Marr", "Union leader", "indirect", "the sale a betrayal of the islanders of Holm and Tarra"),
]
LONG_LEAD = LONG[0].removeprefix("Vessby (Wire) -- ")


def unit(v: tuple[float, ...]) -> np.ndarray:
    a = np.asarray(v, dtype=np.float32)
    return a / np.linalg.norm(a)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """One span per line, or per sentence of a paragraph-less text."""
    if "\n" in text:
        return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    return [(m.start(), m.end()) for m in re.finditer(r"\S.*?[.!?][”\"]?(?=\s+[A-Z“]|$)", text)]


def quote_records(text: str, quotes: list[tuple[str, str, str, str]]) -> list[QuoteRecord]:
    out = []
    for speaker, role, kind, words in quotes:
        start = text.index(words)
        out.append(QuoteRecord("d1", speaker, role, kind, start, start + len(words), words, "person"))
    return out


def make_article(text: str, vecs: list, facts: list[list[str]], quotes: list, headline: int) -> _Article:
    spans = sentence_spans(text)
    assert len(spans) == len(vecs) == len(facts)
    return _Article(text, spans, np.stack([unit(v) for v in vecs]), facts, quote_records(text, quotes),
                    [[] for _ in spans], headline)


def bridge() -> _Article:
    return make_article(BRIDGE_TEXT, BRIDGE_VECS, BRIDGE_FACTS, BRIDGE_QUOTES, headline=1)


def plain() -> _Article:
    return make_article(PLAIN_TEXT, PLAIN_VECS, PLAIN_FACTS, PLAIN_QUOTES, headline=0)


def long_plain() -> _Article:
    return make_article(LONG_TEXT, LONG_VECS, LONG_FACTS, LONG_QUOTES, headline=0)


def doc_of(art: _Article) -> StoredDoc:
    return StoredDoc("d1", art.text.split("\n", 1)[0][:60], "invented.txt", len(art.spans), len(art.quotes), art.text)


def full_summary(art: _Article, req: SummaryRequest, weights: SummaryWeights | None = None) -> Answer:
    """What Summarizer.summarize does for a full summary once it has the article record."""
    doc = doc_of(art)
    draft = _Draft(doc, Citer({doc.doc_id: doc}), req)
    select_full(art, draft, weights or SummaryWeights())
    return compose(draft, art.quotes, sort=True)


def focused_summary(art: _Article, req: SummaryRequest) -> Answer:
    doc = doc_of(art)
    draft = _Draft(doc, Citer({doc.doc_id: doc}), req)
    focus_terms = [t for t in terms(req.focus or "") if t not in META_WORDS]
    select_focused(art, draft, focus_terms, None, None, SummaryWeights())
    return compose(draft, art.quotes, sort=False)


def sentences(answer: Answer) -> list[str]:
    return [s for s in re.split(r"(?<=\])\s+", answer.answer.strip()) if s]


def assert_cited(answer: Answer, text: str) -> None:
    """Every sentence ends on [n]; [1], [2], … come in reading order; each citation is text[start:end]."""
    numbers = [int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)]
    assert numbers == list(range(1, len(numbers) + 1)), answer.answer
    assert [c.n for c in answer.citations] == numbers
    for c in answer.citations:
        assert c.text == text[c.start : c.end] and c.text.strip(), c
    for part in answer.answer.splitlines() if answer.answer.startswith("• ") else sentences(answer):
        assert re.search(r"\[\d+\]$", part), part


BRIDGE_LEAD = BRIDGE[1].removeprefix("ALDWICK — ")


# --- full summaries ---------------------------------------------------------------------------------------


def test_the_lead_opens_the_summary_without_its_headline_or_dateline():
    answer = full_summary(bridge(), SummaryRequest())
    assert answer.status == "answered" and answer.kind == "summary"
    assert answer.answer.startswith(BRIDGE_LEAD + " [1]"), answer.answer
    assert "Aldwick council approves" not in answer.answer and "ALDWICK" not in answer.answer
    lead = answer.citations[0]
    assert (lead.start, lead.end) == (BRIDGE_TEXT.index(BRIDGE_LEAD), BRIDGE_TEXT.index(BRIDGE_LEAD) + len(BRIDGE_LEAD))
    assert_cited(answer, BRIDGE_TEXT)


def test_a_default_summary_keeps_to_five_sentences_and_1000_characters():
    art = bridge()
    detailed = full_summary(art, parse_request("Summarize the article in detail"))
    assert len(sentences(detailed)) > 5  # the article has more to give than a default summary takes
    answer = full_summary(art, SummaryRequest())
    assert len(sentences(answer)) == 5 and len(answer.answer) <= 1000, answer.answer
    assert_cited(answer, BRIDGE_TEXT)


def test_a_sentence_restating_the_lead_is_left_out():
    answer = full_summary(bridge(), SummaryRequest())
    assert "also agreed to spend" not in answer.answer, answer.answer
    # Every speaker is heard once, in article order after the lead.
    assert answer.answer.index("Brandt") < answer.answer.index("Reyl"), answer.answer


def test_one_sentence_is_the_lead_alone():
    req = parse_request("Give me a one-sentence summary")
    answer = full_summary(bridge(), req)
    assert sentences(answer) == [BRIDGE_LEAD + " [1]"] and len(answer.citations) == 1


def test_three_bullet_points_are_three_cited_lines_opening_on_the_lead():
    answer = full_summary(bridge(), parse_request("Summarize the article in 3 bullet points"))
    lines = answer.answer.splitlines()
    assert len(lines) == 3 and all(line.startswith("• ") for line in lines), answer.answer
    assert lines[0] == f"• {BRIDGE_LEAD} [1]"
    assert_cited(answer, BRIDGE_TEXT)


def test_the_character_limit_stops_the_summary_but_never_drops_the_lead():
    art = bridge()
    short = full_summary(art, SummaryRequest(max_chars=250))
    assert len(short.answer) <= 250 and 1 < len(sentences(short)) < 5, short.answer
    tiny = full_summary(art, SummaryRequest(max_chars=50))
    assert sentences(tiny) == [BRIDGE_LEAD + " [1]"]  # the first sentence always goes in


def test_a_speakers_quote_is_given_behind_their_name_and_role_and_cites_their_words():
    answer = full_summary(bridge(), SummaryRequest())
    assert "Ilse Brandt, Mayor, said: “This bridge joins two halves" in answer.answer, answer.answer
    cited = next(c for c in answer.citations if "two halves" in c.text)
    assert "Brandt" in cited.text  # the passage names who said it


def test_the_weights_reach_the_selection():
    art = bridge()
    default = full_summary(art, SummaryRequest())
    # Against early sentences, the one right after the lead gives way to the rest of the article.
    late = full_summary(art, SummaryRequest(), SummaryWeights(paragraphed=dataclasses.replace(HAND, early=-5.0)))
    assert "Work is due to start" in default.answer and "Work is due to start" not in late.answer, late.answer
    with pytest.raises(dataclasses.FrozenInstanceError):
        SummaryWeights().early = 0.0  # type: ignore[misc]


def test_a_paragraph_less_article_opens_on_its_first_sentence_without_the_dateline():
    art = plain()
    assert len(art.spans) == 6 and art.headline == 0
    lead = PLAIN_TEXT.split(". ")[0].removeprefix("HOLMBY — ") + "."
    answer = full_summary(art, SummaryRequest())
    assert answer.answer.startswith(lead + " [1]"), answer.answer
    assert (answer.citations[0].start, answer.citations[0].end) == (len("HOLMBY — "), len("HOLMBY — ") + len(lead))
    assert 2 <= len(sentences(answer)) <= 5 and len(answer.answer) <= 1000
    assert_cited(answer, PLAIN_TEXT)
    one = full_summary(art, parse_request("Summarize the article in one sentence"))
    assert sentences(one) == [lead + " [1]"]


def test_a_paragraph_less_article_gives_each_speaker_one_position():
    # Room for every sentence: Okafor's reported speech is in, so her quoted words are not added as well.
    answer = full_summary(plain(), parse_request("Summarize the article in 6 sentences"))
    assert sum("Okafor" in s for s in sentences(answer)) == 1, answer.answer
    assert "leaking roof" not in answer.answer and len(sentences(answer)) == 5


# --- length controls on a paragraph-less article ---------------------------------------------------------


def test_a_paragraph_less_article_takes_its_lead_from_its_opening_without_the_agency_credit():
    art = long_plain()
    assert len(art.spans) == len(LONG) and "\n" not in art.text
    answer = full_summary(art, SummaryRequest())
    # Sentence 8 is the most central and carries the most facts, but a lead comes from the opening.
    assert answer.answer.startswith(LONG_LEAD + " [1]"), answer.answer
    start = LONG_TEXT.index(LONG_LEAD)
    assert (answer.citations[0].start, answer.citations[0].end) == (start, start + len(LONG_LEAD))


@pytest.mark.parametrize(
    ("question", "fewest", "most", "chars"),
    [
        ("Summarize the article", 2, 5, 1000),
        ("Give me a one-sentence summary", 1, 1, 400),
        ("Summarize the article in two sentences", 2, 2, 1000),
        ("Summarize the article in 3 bullet points", 3, 3, 1000),
        ("Summarize the article in detail", 6, 9, 1450),
    ],
)
def test_a_paragraph_less_article_keeps_to_the_length_asked(question, fewest, most, chars):
    req = parse_request(question)
    answer = full_summary(long_plain(), req)
    parts = answer.answer.splitlines() if req.bullets else sentences(answer)
    assert fewest <= len(parts) <= most and len(answer.answer) <= chars, answer.answer
    assert parts[0].removeprefix("• ") == f"{LONG_LEAD} [1]"
    if req.bullets:
        assert all(p.startswith("• ") for p in parts)
    assert_cited(answer, LONG_TEXT)


def test_a_character_limit_on_a_paragraph_less_article_stops_it_and_keeps_the_lead():
    answer = full_summary(long_plain(), SummaryRequest(max_chars=300))
    assert len(answer.answer) <= 300 and sentences(answer)[0] == f"{LONG_LEAD} [1]", answer.answer
    assert_cited(answer, LONG_TEXT)


def test_a_quotes_unmarked_sentence_never_stands_alone_in_a_summary():
    answer = full_summary(long_plain(), parse_request("Summarize the article in detail"))
    assert "Fares will stay" not in answer.answer and "Every crossing stays" not in answer.answer, answer.answer


def test_a_sentence_opening_on_a_pronoun_comes_right_after_the_one_it_leans_on():
    # Weighted up so that it is wanted, it still only follows the sentence it leans on.
    wanted = SummaryWeights(one_block=dataclasses.replace(FITTED, leans=5.0))
    answer = full_summary(long_plain(), parse_request("Summarize the article in detail"), wanted)
    parts = sentences(answer)
    leaning = next(k for k, p in enumerate(parts) if p.startswith("It was approved"))
    assert parts[leaning - 1].startswith("The sale ends 60 years"), answer.answer
    # Without the sentence it leans on, it is left out however much it is wanted.
    weights = SummaryWeights(one_block=dataclasses.replace(FITTED, leans=5.0, near_lead=-9.0))
    alone = full_summary(long_plain(), parse_request("Summarize the article in three sentences"), weights)
    assert "The sale ends" not in alone.answer and "It was approved" not in alone.answer, alone.answer


def test_a_name_opening_a_sentence_gets_a_role_only_when_it_is_that_speaker():
    quotes = [QuoteRecord("d1", "Donna Reyl", "his daughter", "direct", 0, 10, "He was kind", "person")]
    pieces = ["Stan Reyl, who ran the ferry for 40 years, has died. [1]", "Donna Reyl said he loved the sea. [2]"]
    # Stan is not the quoted Donna: his sentence keeps his name.
    out = _introduced(pieces, quotes, 200)
    assert out[0] == pieces[0] and out[1].startswith("Donna Reyl"), out
    assert _introduced(pieces[1:], quotes, 200) == ["Donna Reyl, his daughter, said he loved the sea. [2]"]
    # A bare surname two quoted speakers share names neither.
    both = [*quotes, QuoteRecord("d1", "Lars Reyl", "his son", "direct", 20, 30, "He sailed", "person")]
    assert _introduced(["Reyl said the ferry would go. [1]"], both, 200) == ["Reyl said the ferry would go. [1]"]


# --- focused summaries ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("question", "speaker", "other"), [
    ("Summarize what the shop owner said", "Reyl", "Brandt"),
    ("Summarize what the mayor said", "Brandt", "Reyl"),
])
def test_a_focus_naming_a_role_gives_that_speaker_only(question, speaker, other):
    answer = focused_summary(bridge(), parse_request(question))
    assert speaker in answer.answer and other not in answer.answer, answer.answer
    assert BRIDGE_LEAD not in answer.answer
    assert_cited(answer, BRIDGE_TEXT)


# --- the summarizer itself: the record built from stored sentences ----------------------------------------


def test_the_summarizer_builds_the_same_record_from_stored_sentences():
    art = bridge()
    ents = [[]] + [[["ORG", a, a + 7]] for a, _ in art.spans[1:]]  # stored as [label, start, end]
    chunks = [
        SimpleNamespace(metadata={"focus_start": a, "focus_end": b, "ents": json.dumps(e), "cuts": "[]"})
        for (a, b), e in zip(art.spans, ents, strict=True)
    ]
    doc = doc_of(art)
    answer = Summarizer().summarize(doc, chunks, art.vecs.tolist(), art.quotes, SummaryRequest(), {"d1": doc})
    assert answer.answer.startswith(BRIDGE_LEAD + " [1]"), answer.answer
    assert len(sentences(answer)) <= 5
    assert_cited(answer, BRIDGE_TEXT)
    empty = Summarizer(weights=SummaryWeights()).summarize(doc, [], [], [], SummaryRequest(), {"d1": doc})
    assert empty.status == "not_found"
