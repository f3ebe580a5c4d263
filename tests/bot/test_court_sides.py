"""Sides in court: "the defence" and "the prosecution" are the counsel the article names for them."""

from __future__ import annotations

from typing import Any

import pytest

TRIAL = """Former port official jailed for six years over bribes
Marten Holt, 58, was sentenced on Monday to six years in prison for taking bribes from dredging firms.
Sara Quint, prosecuting, said Holt had treated the port "as a private cash machine" for a decade.
In mitigation, Holt's barrister, Idris Fenn, said his client had no previous convictions and had lost his home.
"He has lost everything he built," Fenn said.
Fenn said outside court that Holt would appeal against the sentence.
Judge Mary Orme told Holt he had betrayed the trust of everyone who worked at the port.
"Honest firms lost tenders they should have won," the judge said.
Detective Sergeant Paul Ryle said officers had examined 9,000 documents over two years.
The chair of the port board, Alice Dunn, said new rules now governed every contract.
"We cannot undo what happened," Dunn said.
"""


@pytest.fixture(scope="module")
def service(tmp_path_factory, serve_article) -> Any:
    return serve_article(tmp_path_factory.mktemp("court-sides"), "trial.txt", TRIAL).service


def test_the_defence_is_the_defendants_barrister(service):
    a = service.ask("What did the defence say?")
    assert a.status == "answered" and "Idris Fenn" in a.answer and "Quint" not in a.answer, a.answer


def test_the_prosecution_is_the_prosecutor(service):
    a = service.ask("What did the prosecution say?")
    assert a.status == "answered" and "Sara Quint" in a.answer and "Fenn" not in a.answer, a.answer


def test_and_the_defence_follows_the_prosecution_in_a_session(service):
    service.ask("What did the prosecution say about Holt?", session="court")
    a = service.ask("And the defence?", session="court")
    assert a.status == "answered" and "Idris Fenn" in a.answer, a.answer


def test_a_summary_of_what_the_defence_said_leads_with_the_defence(service):
    a = service.ask("Summarize what the defence said.")
    assert a.kind == "summary" and a.answer.startswith(("In mitigation", "Idris Fenn")), a.answer
    assert "no previous convictions" in a.answer and "appeal" in a.answer, a.answer
    # One party named by words: the judge, the detective and the board, quoted nearby, are not the defence.
    assert not {"Quint", "Orme", "Ryle", "Dunn"} & set(a.answer.replace(",", " ").split()), a.answer
