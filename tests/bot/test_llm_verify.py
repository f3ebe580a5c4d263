"""bot.verify without a model or a store: sentence splitting and each verification rule."""

from __future__ import annotations

import pytest

from bot.schema import QuoteRecord
from bot.verify import Passage, Verifier, clean_output, join_sentences, split_sentences, take_sentences
from index.store import StoredDoc

TEXT = """Ferry service returns to Oslan island
The ferry to Oslan island will run again from May 3, the shipping company Nordline said on Friday.
“We have waited two years for this boat,” said harbour master Ingrid Sol.
Mayor Tom Varga said the island had lost 40 residents since the service stopped.
“Nobody should have to swim to the mainland,” Varga said.
"""

DOC = StoredDoc("d1", "Ferry service returns to Oslan island", "ferry.txt", 5, 3, TEXT)


def span(text: str) -> tuple[int, int]:
    start = TEXT.index(text)
    return start, start + len(text)


def sentence_passages() -> list[Passage]:
    lines = [line for line in TEXT.splitlines()[1:] if line]
    return [Passage(i, "d1", *span(line), line) for i, line in enumerate(lines, start=1)]


def quote(speaker: str, text: str, kind: str = "direct") -> QuoteRecord:
    return QuoteRecord("d1", speaker, "", kind, *span(text), text, "person")


QUOTES = [
    quote("Ingrid Sol", "We have waited two years for this boat"),
    quote("Tom Varga", "the island had lost 40 residents since the service stopped", "indirect"),
    quote("Tom Varga", "Nobody should have to swim to the mainland"),
]


@pytest.fixture
def verifier() -> Verifier:
    return Verifier(sentence_passages(), {"d1": DOC}, QUOTES)


# --- splitting ------------------------------------------------------------------------------------------


def test_sentences_keep_their_markers_and_quotes_and_skip_abbreviations():
    text = ("The ferry runs from May 3 [1]. Mr. Varga said: “We lost people. Many.” [3][4] "
            "It costs 1.5 euros [2].\n- First point [1]\n2. Second point [2]")
    assert split_sentences(text) == [
        "The ferry runs from May 3 [1].",
        "Mr. Varga said: “We lost people. Many.” [3][4]",
        "It costs 1.5 euros [2].",
        "- First point [1]",
        "2. Second point [2]",
    ]


def test_an_unfinished_sentence_waits_for_its_markers():
    done, rest = take_sentences("The ferry runs again [1]. Varga said so.")
    assert done == ["The ferry runs again [1]."] and rest == " Varga said so."
    done, rest = take_sentences("The ferry runs again. [")
    assert done == [] and rest == "The ferry runs again. ["
    done, rest = take_sentences("The ferry runs again. [1] The")
    assert done == ["The ferry runs again. [1]"] and rest == " The"


def test_reasoning_blocks_and_markdown_are_removed():
    assert clean_output("<think>maybe [9]</think>The **ferry** runs [1].") == "The ferry runs [1]."
    assert clean_output("<think>still thinking") == ""


# --- the rules -------------------------------------------------------------------------------------------


def test_a_cited_supported_sentence_passes_and_is_renumbered(verifier):
    v = verifier.check("Mayor Tom Varga said the island lost 40 residents [3].")
    assert v.ok, v.reason
    assert v.text == "Mayor Tom Varga said the island lost 40 residents [1]."
    (c,) = verifier.citations
    assert c.n == 1 and TEXT[c.start:c.end] == c.text and "40 residents" in c.text


def test_a_citation_of_a_passage_not_given_fails(verifier):
    v = verifier.check("The ferry will run again from May 3 [7].")
    assert not v.ok and "[7]" in v.reason


def test_an_uncited_claim_fails_but_an_introduction_needs_no_citation(verifier):
    assert not verifier.check("The ferry will run again from May 3.").ok
    assert verifier.check("Here is what the passages say:").ok


def test_a_number_the_cited_passage_lacks_fails(verifier):
    v = verifier.check("The island lost 400 residents [3].")
    assert not v.ok and "400" in v.reason


def test_a_citation_sharing_no_words_with_the_sentence_fails(verifier):
    assert not verifier.check("The ferry will run again [4].").ok


def test_a_fabricated_quotation_fails(verifier):
    v = verifier.check("Varga said: “The island will never recover.” [4]")
    assert not v.ok and "not in the article" in v.reason


def test_a_verbatim_quotation_passes_with_other_quote_marks_case_and_ellipsis(verifier):
    assert verifier.check('Varga said "nobody should have to swim to the mainland." [4]').ok
    assert verifier.check("Sol said: “We have waited … for this boat” [2]").ok


def test_a_quotation_attributed_to_the_wrong_speaker_fails(verifier):
    v = verifier.check("Varga said: “We have waited two years for this boat.” [2]")
    assert not v.ok and "Ingrid Sol" in v.reason
    assert verifier.check("Ingrid Sol said: “We have waited two years for this boat.” [2]").ok


def test_reported_speech_must_cite_the_speaker(verifier):
    v = verifier.check("Ingrid Sol said the island had lost 40 residents [3].")
    assert not v.ok and "Ingrid Sol" in v.reason


def test_join_keeps_bullets_on_their_own_lines(verifier):
    verdicts = [verifier.check(s) for s in ("Two things happened:", "- The ferry returns on May 3 [1]",
                                             "- The island lost 40 residents [3]")]
    assert all(v.ok for v in verdicts)
    assert join_sentences(verdicts) == ("Two things happened:\n• The ferry returns on May 3 [1]\n"
                                        "• The island lost 40 residents [2]")
