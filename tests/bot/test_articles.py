"""A conversation's current article: picking from "which one?", naming the source, and the real service."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.articles import WHICH_KIND, ArticleInfo, name_sources, pick, short_title, which_one
from bot.schema import Answer, Citation

CHOICES = [
    ArticleInfo("a1", "Floods cut off villages in the Marlow valley", "flood.txt", 0.0),
    ArticleInfo("a2", "Riverton council approves new tram line", "council.txt", 0.0),
    ArticleInfo("a3", "Library gets a rooftop garden", "library.txt", 0.0),
]


@pytest.mark.parametrize(
    ("reply", "picked"),
    [
        ("2", "a2"),
        ("the second one", "a2"),
        ("Number 3, please", "a3"),
        ("first", "a1"),
        ("the last one", "a3"),
        ("the tram line", "a2"),
        ("rooftop garden", "a3"),
    ],
)
def test_a_reply_picks_an_offered_article(reply: str, picked: str) -> None:
    chosen = pick(reply, CHOICES)
    assert chosen is not None and chosen.doc_id == picked


@pytest.mark.parametrize("reply", ["4", "0", "How much will the tram line cost?", "What happened?", "the council library",
                                   "Where is the tram line?", "Rooftop garden?",
                                   "floods and trams"])
def test_a_question_or_an_unclear_reply_picks_nothing(reply: str) -> None:
    assert pick(reply, CHOICES) is None


def test_which_one_numbers_a_short_list_and_says_how_many_there_are() -> None:
    many = [ArticleInfo(f"d{i}", f"Story {i}", "s.txt", 0.0) for i in range(8)]
    answer = which_one(many, total=8)
    assert answer.kind == WHICH_KIND and answer.status == "answered" and not answer.citations
    assert [c["doc_id"] for c in answer.choices] == ["d0", "d1", "d2", "d3", "d4"]
    assert "1. Story 0" in answer.answer and "5. Story 4" in answer.answer and "8 in all" in answer.answer
    assert answer.to_json()["choices"][0] == {"doc_id": "d0", "title": "Story 0", "date": "", "source": "s.txt"}


def _cited(*doc_ids: str) -> Answer:
    citations = [Citation(i + 1, d, "t", "x", 0, 1) for i, d in enumerate(doc_ids)]
    return Answer("answered", "It is so. [1]", citations)


def test_the_source_is_named_only_when_it_is_not_the_current_article() -> None:
    titles = {"a1": "Floods", "a2": "Tram"}
    assert name_sources(_cited("a1"), titles, "a1").answer == "It is so. [1]"
    assert name_sources(_cited("a2"), titles, "a1").answer == "From ‘Tram’ (not the current article): It is so. [1]"
    assert name_sources(_cited("a2", "a1"), titles, None).answer.startswith("From ‘Tram’ and ‘Floods’:")
    refused = Answer("not_found", "The article doesn't say.")
    assert name_sources(refused, titles, None) is refused


def test_a_long_title_is_cut_at_a_word_when_naming_the_source() -> None:
    # An article without a headline is titled by its lead sentence: naming it whole would crowd the answer.
    lead = "ORLEY, Vastland (Wire) -- The regional council voted on Tuesday to close three rural branch libraries"
    named = name_sources(_cited("a1"), {"a1": lead}, None).answer
    assert named == "From ‘ORLEY, Vastland (Wire) -- The regional council voted on…’: It is so. [1]", named
    assert short_title("Floods cut off villages") == "Floods cut off villages"


# --- the real service over three articles ------------------------------------------------------------------


@pytest.fixture(scope="module")
def three(tmp_path_factory: pytest.TempPathFactory, build_newsroom: Any, articles: dict[str, str]) -> Any:
    """Three articles in one collection, and a function that opens a new service over it (a restart)."""
    from bot.factory import build_service
    from bot.settings import Settings

    root = tmp_path_factory.mktemp("three")
    room = build_newsroom(root)
    ids = {name: room.ingest_text(f"{name}.txt", articles[name]).doc_id for name in ("council", "flood", "library")}

    def open_service() -> Any:
        return build_service(Settings(data_dir=root / "data"), store=room.store)

    return ids, open_service


def _doc_ids(answer: Answer) -> set[str]:
    return {c.doc_id for c in answer.citations}


def test_which_one_then_a_number_answers_and_the_choice_survives_a_restart(three: Any) -> None:
    ids, open_service = three
    service = open_service()
    asked = service.ask("Summarize the article", session="s1")
    assert asked.kind == WHICH_KIND and len(asked.choices) == 3 and service.current("s1") is None
    position = [c["doc_id"] for c in asked.choices].index(ids["flood"]) + 1
    summary = service.ask(str(position), session="s1")
    assert summary.kind == "summary" and _doc_ids(summary) == {ids["flood"]}
    assert not summary.answer.startswith("From ")  # it is the current article now
    restarted = open_service()
    assert restarted.current("s1") == ids["flood"]
    answer = restarted.ask("How many homes were under water?", session="s1")
    assert "300" in answer.answer and _doc_ids(answer) == {ids["flood"]}


def test_a_question_the_current_article_does_not_answer_is_answered_from_another_named(three: Any) -> None:
    ids, open_service = three
    service = open_service()
    service.use("s2", ids["council"])
    own = service.ask("How much will the tram line cost?", session="s2")
    assert "210 million" in own.answer and not own.answer.startswith("From ")
    other = service.ask("What did fire chief Tomas Berg say?", session="s2")
    assert other.status == "answered" and _doc_ids(other) == {ids["flood"]}
    assert other.answer.startswith("From ‘Floods cut off villages in the Marlow valley’ (not the current article):")
    assert service.current("s2") == ids["council"]  # answering from elsewhere does not switch articles
    nowhere = service.ask("What is the weather in Paris?", session="s2")
    assert nowhere.status == "not_found"


def test_without_a_current_article_answers_name_their_article(three: Any) -> None:
    ids, open_service = three
    service = open_service()
    answer = service.ask("Who said readers can sit among the bees?")
    assert _doc_ids(answer) == {ids["library"]} and "Ana Ferreira" in answer.answer
    assert answer.answer.startswith("From ‘Library gets a rooftop garden’:")
    focused = service.ask("Summarize what the council decided about the tram line")
    assert focused.kind == "summary" and _doc_ids(focused) == {ids["council"]}


def test_use_rejects_an_unknown_article_and_a_removed_one_is_no_longer_current(
        tmp_path: Path, build_newsroom: Any, articles: dict[str, str]) -> None:
    from bot.factory import build_service
    from bot.settings import Settings

    room = build_newsroom(tmp_path)
    council = room.ingest_text("council.txt", articles["council"]).doc_id
    service = build_service(Settings(data_dir=tmp_path / "data"), store=room.store)
    assert service.current("s") == council  # the only article is the article
    with pytest.raises(KeyError):
        service.use("s", "0123456789abcdef")
    flood = room.ingest_text("flood.txt", articles["flood"]).doc_id
    assert service.current("s") is None  # two now, and none chosen
    service.use("s", flood)
    room.store.delete(flood)
    assert service.current("s") == council
    assert [a.doc_id for a in service.articles()] == [council]


def test_the_terminal_lists_articles_and_use_picks_one(three: Any) -> None:
    from rich.console import Console

    from bot.terminal import handle

    ids, open_service = three
    service = open_service()
    console = Console(record=True, width=200)
    handle("/articles", service, "term", console)
    listing = console.export_text()
    assert all(doc_id in listing for doc_id in ids.values()) and "current" not in listing
    handle("/summary", service, "term", console)
    assert "Which article do you mean?" in console.export_text()
    number = [a.doc_id for a in service.articles()].index(ids["library"]) + 1
    handle(f"/use {number}", service, "term", console)
    assert "rooftop garden" in console.export_text().lower() and service.current("term") == ids["library"]
    handle("/use 0123456789abcdef", service, "term", console)
    assert "No such article" in console.export_text()
    handle("/articles", service, "term", console)
    assert "Library gets a rooftop garden" in console.export_text().split("current")[0].splitlines()[-1]


def test_a_focused_summary_comes_from_the_article_its_focus_is_about(three: Any) -> None:
    ids, open_service = three
    service = open_service()
    service.use("s3", ids["council"])
    elsewhere = service.ask("Summarize what the rescue crews did in the floods", session="s3")
    assert elsewhere.kind == "summary" and _doc_ids(elsewhere) == {ids["flood"]}
    assert elsewhere.answer.startswith("From ‘Floods cut off villages in the Marlow valley’ (not the current")
    own = service.ask("Summarize the vote on the tram line", session="s3")
    assert _doc_ids(own) == {ids["council"]} and not own.answer.startswith("From ")



def test_without_a_current_article_a_follow_up_is_scoped_to_the_article_just_cited(three: Any) -> None:
    ids, open_service = three
    service = open_service()
    scopes: list[str | None] = []
    chain = service.chain

    class Spy:
        def invoke(self, state: dict[str, Any]) -> Any:
            scopes.append(state["doc_id"])
            return chain.invoke(state)

    service.chain = Spy()
    first = service.ask("How much will the tram line cost?", session="s6")
    # Searched everywhere, then answered as if the article found had been chosen.
    assert _doc_ids(first) == {ids["council"]} and scopes == [None, ids["council"]]
    follow = service.ask("When will it open?", session="s6")
    assert scopes[2:] == [ids["council"]], scopes  # searched in the article of the previous answer first
    assert "2028" in follow.answer and _doc_ids(follow) == {ids["council"]}
    assert follow.answer.startswith("From ‘Riverton")  # still no chosen article: the source is named
    assert service.current("s6") is None  # following a conversation does not choose an article
    fresh = service.ask("How many homes were under water?", session="s7")
    assert scopes[3] is None and "300" in fresh.answer  # a first question is not scoped


def test_what_someone_said_comes_from_one_article_when_two_quote_the_name(
        tmp_path: Path, build_newsroom: Any, articles: dict[str, str]) -> None:
    from bot.factory import build_service
    from bot.settings import Settings

    room = build_newsroom(tmp_path)
    council = room.ingest_text("council.txt", articles["council"]).doc_id
    market = room.ingest_text("market.txt", (
        "Harbour market reopens\n"
        "The covered market by the harbour reopened on Saturday after a year of repairs.\n"
        "“The stalls are full again and the roof no longer leaks,” said Mayor Helen Okafor.\n"
        "Traders said sales on the first day were better than expected.\n"
    )).doc_id
    service = build_service(Settings(data_dir=tmp_path / "data"), store=room.store)
    answer = service.ask("What did Mayor Helen Okafor say?")
    # Not one list mixing two stories: one article's quotes, named (the other is one question away).
    assert answer.kind == "what_said" and len(_doc_ids(answer)) == 1, answer
    assert answer.answer.startswith("From ‘") and ("tram" in answer.answer) != ("stalls" in answer.answer)
    answer = service.ask("What did Mayor Helen Okafor say about the tram?")
    assert _doc_ids(answer) == {council} and "tram will change" in answer.answer, answer
    answer = service.ask("What did Mayor Helen Okafor say about the market roof?")
    assert _doc_ids(answer) == {market} and "roof no longer leaks" in answer.answer, answer


def test_a_role_several_articles_quote_is_asked_about_then_answered_from_the_pick(
        tmp_path: Path, build_newsroom: Any, articles: dict[str, str]) -> None:
    from bot.factory import build_service
    from bot.settings import Settings

    room = build_newsroom(tmp_path)
    room.ingest_text("council.txt", articles["council"])
    market = room.ingest_text("market.txt", (
        "Harbour market reopens\n"
        "The covered market by the harbour reopened on Saturday after a year of repairs.\n"
        "“The stalls are full again and the roof no longer leaks,” said Mayor Lena Brook.\n"
        "Traders said sales on the first day were better than expected.\n"
    )).doc_id
    service = build_service(Settings(data_dir=tmp_path / "data"), store=room.store)
    asked = service.ask("What did the mayor say?", session="m")
    assert asked.kind == WHICH_KIND and len(asked.choices) == 2, asked
    position = [c["doc_id"] for c in asked.choices].index(market) + 1
    answer = service.ask(str(position), session="m")
    assert answer.kind == "what_said" and _doc_ids(answer) == {market} and "Lena Brook" in answer.answer
    # A name, or a role only one article quotes, is answered at once.
    assert service.ask("What did Mayor Lena Brook say?").kind == "what_said"
    assert service.ask("What did the fire chief say?").kind != WHICH_KIND


def test_a_fact_question_several_articles_fit_is_asked_back_and_the_reply_answers_it(three: Any) -> None:
    ids, open_service = three
    service = open_service()
    # The tram line and the rooftop garden both open at some time: no guess between them.
    asked = service.ask("When will it open?", session="s4")
    assert asked.kind == WHICH_KIND and not asked.citations, asked.answer
    listed = [c["doc_id"] for c in asked.choices]
    assert {ids["council"], ids["library"]} <= set(listed)
    answer = service.ask(str(listed.index(ids["council"]) + 1), session="s4")
    assert "2028" in answer.answer and _doc_ids(answer) == {ids["council"]}, answer.answer
    assert service.current("s4") == ids["council"]
    # A question only one article fits is answered from it, named, without asking.
    direct = service.ask("How many homes were under water?", session="s5")
    assert direct.kind != WHICH_KIND and _doc_ids(direct) == {ids["flood"]}
    assert direct.answer.startswith("From ‘Floods cut off villages")


def test_across_articles_only_one_naming_what_the_question_names_answers(three: Any) -> None:
    ids, open_service = three
    service = open_service()
    # The flood's fire chief is quoted, but "Riverton" is the tram story's town: no article has both.
    assert service.ask("What did the Riverton fire chief say?").status == "not_found"
    assert service.ask("How much will the Eastholm tram cost?").status == "not_found"
    found = service.ask("What did the fire chief say?")
    assert "Berg" in found.answer and _doc_ids(found) == {ids["flood"]}


@pytest.mark.parametrize(
    "question",
    ["How long will schools stay closed?", "When did the council vote?", "How many boats were used?"],
)
def test_a_fact_found_across_articles_is_answered_as_if_its_article_were_chosen(three: Any, question: str) -> None:
    _, open_service = three
    service = open_service()
    wide = service.ask(question)
    assert wide.status == "answered" and len(_doc_ids(wide)) == 1, wide.answer
    (doc_id,) = _doc_ids(wide)
    scoped = service.ask(question, doc_id=doc_id)
    # The same answer, after the line naming its article: whether the reader picked it or not.
    # (These short sentences fit beside it whole; a long one would be cut to keep within 400 characters.)
    assert wide.answer.endswith(scoped.answer) and wide.answer.startswith("From ‘"), (wide.answer, scoped.answer)
    assert len(wide.answer) <= 400
