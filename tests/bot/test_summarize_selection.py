"""How summaries choose their sentences: new facts over restatements, whose words, and focused speakers."""

from __future__ import annotations

import re
from typing import Any

import pytest

BRIDGE = """Vardo city council approves 90 million euro bridge over the Lenna
VARDO — The Vardo city council voted 7-2 on Thursday to build a 90 million euro bridge over the Lenna river, ending a decade of argument over how to link the old town with the northern districts.
Construction will start in May 2027 at the Karsk ferry landing and should take about 30 months, according to the city planning office.
The ferry now carries about 12,400 passengers a day, and its operator has warned that the boats are near the end of their working lives.
“This bridge will change how people live in this city for the next hundred years,” said Mayor Ilse Marrow. “Nobody will have to plan their day around a timetable again.
We owe this to the northern districts.”
Marrow said the city would pay for a third of the cost and borrow the rest from the national infrastructure bank.
Councillor Teodor Basch, who voted against the plan, said the city could not afford the debt. “We are borrowing against our children's future,” Basch said.
The Vardo Chamber of Commerce welcomed the vote and said shops in the old town expected more customers.
The regional transport authority said in a statement that it would add two bus lines over the bridge once it opens.
Residents of the Karsk landing, where 40 homes will be demolished, plan to challenge the decision in court.
“They promised us a consultation and gave us a bulldozer,” said Hana Rilke, who leads the residents' association. “We will see them in court.”
Rilke said the association had collected 3,100 signatures against the route.
"""


@pytest.fixture(scope="module")
def service(tmp_path_factory, build_newsroom) -> Any:
    from bot.factory import build_service
    from bot.settings import Settings

    root = tmp_path_factory.mktemp("summarize-selection")
    room = build_newsroom(root)
    room.ingest_text("bridge.txt", BRIDGE)
    return build_service(Settings(data_dir=root / "data"), store=room.store)


@pytest.fixture
def ask(service, check_answer):
    texts = {d.doc_id: d.text for d in service.store.docs()}

    def run(question: str) -> dict[str, Any]:
        answer = service.ask(question).to_json()
        check_answer(answer, texts)
        return answer

    return run


def sentences_of(answer: str) -> list[str]:
    return [s for s in re.split(r"(?<=\])\s+", answer.strip()) if s]


def test_full_summary_leads_with_the_event_and_adds_facts_and_voices(ask):
    a = ask("Summarize the article")
    text = a["answer"]
    assert text.startswith("The Vardo city council voted 7-2"), text  # the dateline is left out
    assert len(text) <= 1000 and 2 <= len(sentences_of(text)) <= 5, text
    assert "Marrow" in text, text  # the main actor is named
    # The second lead-like sentence carries new names and numbers: it beats restating the vote.
    assert "May 2027" in text, text
    # A quote's later sentence, which has no quotation mark of its own, never stands alone.
    assert "We owe this to the northern districts.” [" not in text, text
    # Every part is its cited passage compressed, never reworded, or a speaker's verbatim words behind
    # their name: its words are the article's, and those of the passage come in the passage's order.
    cited = {c["n"]: c["text"] for c in a["citations"]}
    for part in sentences_of(text):
        body = re.sub(r"\s*\[\d+\]$", "", part)
        quoted = re.search(r"said(?: that)?:? “?(.+?)”?$", body)
        if quoted and quoted.group(1) in BRIDGE:
            continue
        source = words(cited[int(re.search(r"\[(\d+)\]$", part).group(1))])
        assert set(words(body)) <= set(words(BRIDGE)), part
        assert in_order([w for w in words(body) if w in source], source), part


def words(text: str) -> list[str]:
    return re.findall(r"[\w’'-]+", text.lower())


def in_order(seq: list[str], source: list[str]) -> bool:
    it = iter(source)
    return all(w in it for w in seq)


def test_focused_summary_gives_one_speaker_several_distinct_points(ask):
    a = ask("Summarize what the residents said")
    text = a["answer"]
    assert "Rilke" in text, text
    assert "bulldozer" in text and "3,100" in text, text  # two points, from two paragraphs
    assert "Marrow" not in text and "Basch" not in text, text
    # Her second and third points say "also"; her reported words read as the article reports them.
    assert text.count("Hana Rilke") == 2 and "Hana Rilke also said" in text, text
    assert "Rilke also said the association had collected" in text, text


def test_length_controls_still_hold(ask):
    assert len(sentences_of(ask("Give me a one-sentence summary")["answer"])) == 1
    bullets = ask("Summarize the article in 3 bullet points")["answer"].splitlines()
    assert len(bullets) == 3 and all(b.startswith("• ") for b in bullets), bullets
    detail = ask("Summarize the article in detail")["answer"]
    assert len(sentences_of(detail)) > 5 and len(detail) <= 1500, detail


def test_rounded_figures_are_the_same_fact_but_years_are_not():
    from bot.summarize import _said

    assert _said("61,400", "a study of more than 61,000 children")
    assert not _said("2021", "children born between 2012 and 2014")
    assert not _said("3,100", "about 12,400 passengers")


def test_introduction_says_who_a_speaker_is_not_what_they_said():
    from bot.summarize import introduction

    text = "Head coach Ann Lee said she had told her players to stay calm.\n“We are ready,” said club captain Bo Ek."
    assert introduction(text, "Ann Lee") == "Head coach Ann Lee"
    assert introduction(text, "Bo Ek") == "club captain Bo Ek"


@pytest.mark.parametrize(("question", "who"), [
    ("Summarize what the players said after the match", "the players"),
    ("Summarize the reactions of the foreign governments", "the foreign governments"),
    ("Summarize the reactions to the port's plan from environmental groups", "environmental groups"),
    ("What did the Italian side say, in short?", "the Italian side"),
    ("Summarize the reactions to Macron's remarks", None),
])
def test_the_speakers_a_focus_names_are_read(question, who):
    from bot.summarize import parse_request

    assert parse_request(question).who == who


def test_a_partys_position_is_a_focus_even_when_the_title_names_the_party():
    from types import SimpleNamespace

    from bot.summarize import is_generic

    doc = SimpleNamespace(title="Coalition backs votes at 16, but needs the opposition to pass it")
    assert is_generic("the votes at 16", doc)  # the article's own topic: a full summary
    assert not is_generic("the opposition's position", doc)
    assert not is_generic("the opposition's view", doc)


def test_one_name_each_keeps_the_articles_first_spelling_whatever_the_hash_seed():
    import subprocess
    import sys

    code = (
        "from bot.schema import QuoteRecord as Q\n"
        "from bot.summarize import _one_name_each\n"
        "qs = [Q('d', n, '', 'direct', i, i + 1, 'x', 'person') for i, n in enumerate(\n"
        "    ['Nuno Gonçalves', 'Gonçalves', 'Nuno Goncalves'])]\n"
        "print({q.speaker for q in _one_name_each(qs)})\n"
    )
    seen = {
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True,
            env={"PYTHONHASHSEED": str(seed), "PATH": ""},
        ).stdout.strip()
        for seed in range(6)
    }
    assert seen == {"{'Nuno Gonçalves'}"}, seen
