"""bot.summarize: compressed sentences — asides out, pronouns named, people introduced, scenes skipped."""

from __future__ import annotations

import re

from bot.schema import QuoteRecord
from bot.summarize import _Article, _introduced

# A feature: it opens on a scene and gives the news in the second paragraph; the headline tells the news.
ARTICLE = (
    "ferry.txt",
    "At 61, a lighthouse keeper's son sets out to row the Kell Channel alone\n\n"
    "KELLBY — Before dawn on a windless morning, Tomas Brenholt carries his oars down the slipway at "
    "Kellby, past the shuttered ice-cream kiosk and the nets drying on the wall. The tide is turning. He "
    "does not look back.\n\n"
    "Brenholt, 61, a retired surveyor and the son of a lighthouse keeper, plans to become the oldest "
    "person to row the 44-kilometre Kell Channel alone, from Kellby to the island of Vass.\n\n"
    "His crossing window opens on June 14 and lasts twelve days.\n\n"
    "\"My father watched this water every night for forty years,\" Brenholt said. \"I want to see it "
    "from the other side.\"\n\n"
    "Only nine rowers have completed the solo crossing since 1961, according to the Kell Channel Rowing "
    "Society, which keeps the records.\n\n"
    "Marit Osk, a coach at the Kellby Rowing Club, which has trained him since 2019, said he rows about "
    "60 kilometres a week.\n\n"
    "Dr. Ansel Fenn, a physician who advises the society on safety, warned that cold water is the "
    "greatest danger for older rowers.\n\n"
    "He said the escort boat would check on Brenholt every hour and would end the attempt if the wind "
    "rose above 20 knots.\n\n"
    "Fenn added that most failed attempts end in the last ten kilometres, where the currents are "
    "strongest.\n",
)


def test_a_feature_summary_opens_on_the_news_and_leaves_the_scene_out(ask):
    text = ask("Summarize the article.")["answer"]
    # The headline's words are in the second paragraph: that is the lead, named in full.
    assert re.match(r"(?:Tomas )?Brenholt, 61, ", text), text
    assert "Before dawn" not in text and "does not look back" not in text, text


def test_a_pronoun_opening_a_sentence_becomes_whom_it_stands_for(ask):
    text = ask("Summarize the article.")["answer"]
    # "He said the escort boat would …" is the physician's reported speech: named, and introduced.
    assert "Ansel Fenn, physician, said the escort boat would check" in text, text
    for part in re.split(r"(?<=\])\s+", text):
        assert not re.match(r"(?:He|She|His|Her|They)\b", part), part


def test_a_possessive_opening_a_sentence_is_the_person_the_sentence_before_opens_on():
    import numpy as np

    text = ARTICLE[1]
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    brenholt = text.index("Brenholt, 61")
    quotes = [QuoteRecord("d", "Brenholt", "", "direct", brenholt, brenholt + 10, "…", "person")]
    art = _Article(text, spans, np.zeros((len(spans), 4)), [[] for _ in spans], quotes,
                   [[] for _ in spans], headline=1)
    window = next(i for i, (a, _) in enumerate(spans) if text.startswith("His crossing", a))
    assert art.short(window, *spans[window]) == "Brenholt's crossing window opens on June 14 and lasts twelve days."
    # The sentence before opens on someone the quote index does not know: the pronoun stays (and a
    # summary does not take the sentence).
    escort = next(i for i, (a, _) in enumerate(spans) if text.startswith("He said the escort", a))
    assert art.short(escort, *spans[escort]).startswith("He said the escort boat")


def test_asides_are_cut_from_summary_sentences_but_kept_in_their_citations(ask):
    a = ask("Summarize the article in detail.")
    text = a["answer"]
    assert "which keeps the records" not in text, text
    assert "Only nine rowers have completed the solo crossing since 1961" in text, text
    assert any("which keeps the records" in c["text"] for c in a["citations"]), a["citations"]


def test_a_person_a_summary_names_by_surname_is_introduced_first():
    quotes = [
        QuoteRecord("d", "Ansel Fenn", "physician", "indirect", 0, 10, "…", "person"),
        QuoteRecord("d", "Marit Osk", "coach at the Kellby Rowing Club and former champion", "direct", 20, 30, "…",
                    "person"),
    ]
    pieces = [
        "Fenn warned that cold water is the greatest danger. [1]",
        "Fenn added that most attempts fail late. [2]",
        "Ms. Osk said he rows about 60 kilometres a week. [3]",
        "Fenn said the escort boat would check on him every hour. [4]",
    ]
    out = _introduced(pieces, quotes, budget=200)
    assert out[0].startswith("Ansel Fenn, physician, warned"), out
    assert out[1].startswith("Fenn added"), out  # named once
    assert out[2].startswith("Marit Osk, coach, said"), out  # a long role is cut to its head
    assert out[3].startswith("Fenn also said the escort boat"), out  # a further point of someone named
    # With no room left, the pieces stay as they are rather than break the length limit.
    assert _introduced(pieces, quotes, budget=0) == pieces
