"""index.nlp: the packaged pipeline, with accented names tagged as the people they are."""

from __future__ import annotations

from index.nlp import fold_accents

SCENE = (
    "The last strings\n\n"
    "On Tuesday, Dora Ibáñez sat at a bench in her workshop.\n\n"
    "“The face is never finished,” she says.\n"
)


def test_accents_fold_one_character_for_one():
    assert fold_accents("Dora Ibáñez, Łukasz and Zoë — “café”") == "Dora Ibanez, Lukasz and Zoe — “cafe”"
    text = "Noémie Castaño"
    assert len(fold_accents(text)) == len(text)


def test_an_accented_name_is_a_person_and_speaks(nlp, extract_quotes):
    # The small model alone calls "Dora Ibáñez" an organisation (and "Dora Ibanez" a person): her quote
    # was lost, since only people are resolved from "she".
    doc = nlp(SCENE)
    assert ("Dora Ibáñez", "PERSON") in [(e.text, e.label_) for e in doc.ents]
    quotes = extract_quotes(doc)
    assert [(q.speaker, q.quote) for q in quotes] == [("Dora Ibáñez", "The face is never finished")]


def test_organisations_with_accents_stay_organisations(nlp):
    doc = nlp("The Banco Español de Crédito said on Monday that profits rose by 4 percent.")
    ents = [(e.text, e.label_) for e in doc.ents]
    # The bank must be found, and found as an organisation: a check over no entities proves nothing.
    assert ("The Banco Español de Crédito", "ORG") in ents, ents
    assert all(label != "PERSON" for _, label in ents), ents


def test_a_paragraph_ending_in_a_full_stop_or_a_closed_quote_ends_its_sentence(nlp):
    # Left alone, the parser ran the question into the answer's paragraph (and "… on Dec. 4." into the
    # next paragraph, whose subject then hung on the verb before the break).
    text = 'Wallace then asked, "With boats?"\n\n"Including with boats, yes," Grant responded.'
    assert [s.text.strip() for s in nlp(text).sents] == [
        'Wallace then asked, "With boats?"',
        '"Including with boats, yes," Grant responded.',
    ]


def test_a_headline_paragraph_is_left_to_the_parser(nlp):
    # Told to start a sentence after a headline with no full stop, the parser split the next sentence
    # after its first word ("Brightwell" / "Grocers, the chain, …").
    text = (
        "Brightwell profit falls 18% as grocer cuts 1,200 jobs; regulator opens Fenmore probe\n\n"
        "Brightwell Grocers, the country's second-largest supermarket chain, reported a fall in profit."
    )
    assert not [s.text for s in nlp(text).sents if s.text.startswith("Grocers")]
