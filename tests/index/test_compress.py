"""index.compress: which asides a summary may leave out, found in the real spaCy parse."""

from __future__ import annotations

import pytest

from index.compress import apply_cuts, removable


def shortened(nlp, text: str) -> str:
    doc = nlp(text)
    cuts = [c for s in doc.sents for c in removable(s)]
    return apply_cuts(text, 0, len(text), cuts)


@pytest.mark.parametrize(
    ("sentence", "short"),
    [
        # A description of an organisation, set off by commas.
        (
            "Norland Batteries, a maker of storage systems for power grids, said on Monday that it would close "
            "its plant in Vesk.",
            "Norland Batteries said on Monday that it would close its plant in Vesk.",
        ),
        # A non-restrictive relative clause.
        (
            "Ambassador Pia Lund, who has mediated between the two governments since January, cautioned "
            "against expecting quick results.",
            "Ambassador Pia Lund cautioned against expecting quick results.",
        ),
        # A clause after a name in apposition: the comma that closes the name stays.
        (
            "The foreign ministry's secretary, Ingrid Dahl, who chaired the talks, said the delegations had "
            "worked late on both days.",
            "The foreign ministry's secretary, Ingrid Dahl, said the delegations had worked late on both days.",
        ),
        # A closing "according to …" whose source the citation keeps.
        (
            "Freight insurers have raised premiums for the route sharply since the seizure of the ship, "
            "according to the Harbour Risk Bureau.",
            "Freight insurers have raised premiums for the route sharply since the seizure of the ship.",
        ),
        # A bracketed aside.
        (
            "The regional planning office (which reports to the governor) approved the route on Friday.",
            "The regional planning office approved the route on Friday.",
        ),
    ],
)
def test_asides_that_only_describe_are_removable(nlp, sentence, short):
    assert shortened(nlp, sentence) == short


@pytest.mark.parametrize(
    "sentence",
    [
        # The aside carries a figure: a summary is for those.
        "Tarland, which draws about 70 percent of its water from the river, says the plan would ruin its farms.",
        # The aside is the person's name.
        "Kessia's chief negotiator, Deputy Prime Minister Farid Hadad, rejected the accusation.",
        # A restrictive clause is part of the meaning.
        "Residents who lost their homes will receive payments within two weeks.",
        # The aside holds a quotation.
        'The ministry, which called the report "deeply flawed", declined to comment further.',
    ],
)
def test_asides_with_facts_names_or_quotes_stay(nlp, sentence):
    assert shortened(nlp, sentence) == sentence


def test_cuts_apply_only_inside_the_span_asked_for():
    text = "Alpha, a firm, rose. Beta, a rival, fell."
    cuts = [(5, 14), (25, 35)]
    assert apply_cuts(text, 0, 20, cuts) == "Alpha rose."
    assert apply_cuts(text, 21, len(text), cuts) == "Beta fell."
    assert apply_cuts(text, 0, len(text), []) == text
