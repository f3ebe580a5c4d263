"""bot.summarize: a full summary opens on the news, never on the headline, a dateline or a nameless voice."""

from __future__ import annotations

import pytest

from bot.summarize import _headline_count, _undated

ARTICLE = (
    "harbour.txt",
    'Port talks stall as Ravena accuses Colm of "stalling tactics"\n\n'
    "MARLOW, May 4 (Wire) - Talks between Ravena and Colm over the shared container port at Drey Bay "
    "broke down on Thursday after two days of meetings, with Ravena's trade minister Ana Petrov saying "
    "her government would take the dispute to arbitration.\n\n"
    "The port handles about 1.2 million containers a year and employs 4,300 people on both sides of the "
    "border.\n\n"
    '"We offered to split the fees equally and we were told no," Petrov told reporters. "Colm wants the '
    'whole harbour for itself."\n\n'
    "Colm's transport minister, Lukas Brandt, said Ravena had ignored an offer to share customs data and "
    "to delay new tariffs by a year.\n\n"
    '"Nobody has been more patient than we have," Brandt said.\n\n'
    "An official close to the talks, who asked not to be named, said the two sides had been close on "
    "Wednesday night. \"After the tariff notice, nobody in the room wanted to give an inch,\" the official "
    "said.\n\n"
    "SELLA, Colm - In the Colm capital, shipping firms warned that a long dispute would raise freight "
    "costs by 15 percent within a year.\n",
)


def test_the_lead_is_the_news_without_its_dateline(ask):
    ans = ask("Summarize the article.")
    first = ans["answer"].split(" [1]")[0]
    assert first.startswith("Talks between Ravena and Colm"), ans["answer"]
    assert "stalling tactics" not in first  # the headline ends on a quoted phrase: still a headline
    cite = next(c for c in ans["citations"] if c["n"] == 1)
    assert cite["text"].startswith("Talks between") and "MARLOW" not in cite["text"]


def test_no_sentence_of_a_summary_opens_on_a_dateline_or_a_nameless_voice(ask):
    ans = ask("Summarize the article in detail.")
    assert "MARLOW" not in ans["answer"] and "SELLA, Colm" not in ans["answer"]
    assert "official said: “" not in ans["answer"].lower(), ans["answer"]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("VIENNA, June 11 (Agency) - Talks began.", "Talks began."),
        ("DENVER — Lumora Systems said.", "Lumora Systems said."),
        ("KORVATH, Belisk - In the capital, crowds gathered.", "In the capital, crowds gathered."),
        ("NATO — the alliance said little.", "NATO — the alliance said little."),
        ("The US - China talks went on.", "The US - China talks went on."),
        # An agency's credit, with or without a place, run on into the text or set off by dashes.
        ("(Wire)Talks began.", "Talks began."),
        ("(Wire) -- Talks began.", "Talks began."),
        ("Harbourton, Belisk (Wire) -- Talks began.", "Talks began."),
        ("Acme (ACME) said little.", "Acme (ACME) said little."),
        ("Officials (in private) said little.", "Officials (in private) said little."),
    ],
)
def test_datelines_are_cut_and_nothing_else(text, kept):
    a, b = _undated(text, 0, len(text))
    assert text[a:b] == kept


def test_a_headline_may_end_on_a_quoted_phrase_but_not_on_a_quoted_sentence():
    text = 'Minister accuses rival of "bad faith"\n\nThe talks failed on Monday.'
    assert _headline_count(text, [(0, 37), (39, len(text))]) == 1
    quoted = '"We will not give up."\n\nThe talks failed on Monday.'
    assert _headline_count(quoted, [(0, 22), (24, len(quoted))]) == 0
