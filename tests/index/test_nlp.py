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
