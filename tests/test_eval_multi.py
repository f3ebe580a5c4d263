"""eval/multi.py's scoring helpers: citation validity and where an answer comes from (invented data)."""

import importlib.util
import sys
from pathlib import Path

import pytest

PATH = Path(__file__).resolve().parent.parent / "eval/multi.py"


@pytest.fixture(scope="module")
def multi():
    spec = importlib.util.spec_from_file_location("eval_multi", PATH)
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_multi"] = module  # its dataclasses look their module up there
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules["eval_multi"]


def norm(s: str) -> str:
    return " ".join(s.lower().split())


TEXTS = {
    "d1": norm("The mayor of Tarnby said the bridge would reopen in May. Traffic was diverted."),
    "d2": norm("Coach Ilse Varga said the team had trained hard all winter."),
}


def cite(n, doc, text):
    return {"n": n, "doc_id": doc, "title": doc, "text": text, "start": 0, "end": len(text)}


def test_valid_citations_in_two_articles(multi):
    answer = {
        "status": "answered",
        "answer": "It reopens in May [1]; the team trained [2].",
        "citations": [cite(1, "d1", "the bridge would  REOPEN in May."), cite(2, "d2", "had trained hard")],
    }
    assert multi.citation_problems(answer, TEXTS, norm) == []


def test_a_number_without_its_citation_is_invalid(multi):
    answer = {"status": "answered", "answer": "Both said so [1] [8].", "citations": [cite(1, "d1", "Traffic")]}
    assert multi.citation_problems(answer, TEXTS, norm) == ["[8] has no citation"]


def test_a_passage_checked_against_the_article_it_names(multi):
    # Verbatim text of d2, but the citation says d1: invalid.
    answer = {"status": "answered", "answer": "[1]", "citations": [cite(1, "d1", "trained hard all winter")]}
    assert multi.citation_problems(answer, TEXTS, norm) == ["citation 1: passage is not text of its article"]
    unknown = {"status": "answered", "answer": "[1]", "citations": [cite(1, "d9", "trained")]}
    assert multi.citation_problems(unknown, TEXTS, norm) == ["citation 1 names an unknown article"]


def test_no_citations_and_no_numbers_is_valid(multi):
    which = {"status": "answered", "kind": "which_article", "answer": "Which article do you mean?", "citations": []}
    assert multi.citation_problems(which, TEXTS, norm) == []
    assert multi.citation_problems({}, TEXTS, norm) == []


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        ({"status": "answered", "citations": [cite(1, "d1", "x"), cite(2, "d1", "y")]}, "own"),
        ({"status": "answered", "citations": [cite(1, "d1", "x"), cite(2, "d2", "y")]}, "mixed"),
        ({"status": "answered", "citations": [cite(1, "d2", "x")]}, "other"),
        ({"status": "answered", "kind": "which_article", "citations": []}, "asked"),
        ({"status": "not_found", "citations": []}, "not_found"),
        ({"status": "answered", "citations": []}, "uncited"),
        ({"status": "error", "error": "boom"}, "error"),
        ({}, "error"),
    ],
)
def test_source_kind(multi, answer, kind):
    assert multi.source_kind(answer, "d1") == kind


def test_unanswerable_questions_are_not_answerable(multi):
    assert not multi.answerable({"id": "x", "expect_status": "not_found"})
    assert multi.answerable({"id": "y", "expect_all": ["may"]})


def test_the_reader_picks_their_own_article_when_the_list_offers_it(multi):
    """A which-article answer gets the number of the question's article, in the same session; else nothing."""
    listed = {"status": "answered", "kind": "which_article", "choices": [{"doc_id": "d2"}, {"doc_id": "d1"}]}
    unlisted = {**listed, "choices": [{"doc_id": "d2"}]}
    asked = multi.Question("own", Path("a.txt"), {"id": "q1", "turns": ["Hi", "How many died?"]})
    missing = multi.Question("own", Path("b.txt"), {"id": "q2", "turns": ["How many died?"]})
    answered = multi.Question("own", Path("c.txt"), {"id": "q3", "turns": ["Who won?"]})
    answers = {"own:q1#1": listed, "own:q2#0": unlisted, "own:q3#0": {"status": "answered", "citations": []}}
    replies = multi.pick_lines([asked, missing, answered], answers, lambda q: "d1", "n0")
    assert replies == [{"id": "own:q1#1", "question": "2", "session": "multi-unscoped-own:q1-n0", "doc": None}]
    # The reply continues the session the question was asked in.
    first = multi.lines_of([asked], "unscoped", "n0", lambda q: None)
    assert {x["session"] for x in first} == {replies[0]["session"]}
