"""bot.conversation: follow-ups that change the question word, lean on "they", or say "he"."""

from __future__ import annotations

import pytest

from bot.conversation import _elliptic, _pick, guess_genders, resolve


@pytest.mark.parametrize(
    ("previous", "follow_up", "expected"),
    [
        # A new question word: the rest is the last question's.
        ("When did Dora Ibanez open the Lantern?", "with how much money",
         "With how much money did Dora Ibanez open the Lantern?"),
        ("When did the river crest?", "how high", "How high did the river crest?"),
        # A whole question of its own whose "they" is the last question's subject, however many words.
        ("How much will the job cuts save Aurelle Air each year?", "what will they cost",
         "What will the job cuts cost?"),
        ("How much will the warning signs cost?", "when will they go up", "When will the warning signs go up?"),
        # A new subject, as before.
        ("What did the German government offer?", "Argentina", "What did Argentina offer?"),
    ],
)
def test_and_follow_ups_complete_the_last_question(previous, follow_up, expected):
    assert _elliptic(previous, follow_up) == expected


def test_and_with_a_person_pronoun_is_left_to_the_people_of_the_conversation():
    assert _elliptic("Who is the mayor?", "what did he say") is None


def test_and_follow_ups_are_rewritten_in_a_session():
    history = [{"question": "How much will the warning signs cost?", "answer": {"citations": [], "context": {}}}]
    turn = resolve("And when will they go up?", history)
    assert turn.rewritten and turn.text == "When will the warning signs go up?"


def test_he_is_the_man_of_the_conversation_before_a_more_recent_unknown():
    people = ["the Guild", "Femi Okafor", "Noemie Castano"]
    genders = {"Femi Okafor": "m", "Noemie Castano": "f"}
    assert _pick(people, "he", genders) == "Femi Okafor"
    assert _pick(people, "she", genders) == "Noemie Castano"
    assert _pick(people, "they", genders) == "the Guild"


def test_genders_come_from_the_paragraph_outside_quotes():
    text = (
        "Okafor is more careful. “Dora built this place with her hands, literally,” he says.\n"
        "Castano laughs. She will be in the front row, she says."
    )
    # "her hands" is quoted and about Dora; the next paragraph's "she" is Castano.
    assert guess_genders(["Femi Okafor", "Noemie Castano"], [text]) == {"Femi Okafor": "m", "Noemie Castano": "f"}


def test_and_with_its_own_article_replaces_the_subject_without_doubling_it():
    assert _elliptic("What did the prosecution say about Holt?", "the defence") == (
        "What did the defence say about Holt?"
    )
