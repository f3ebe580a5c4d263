"""A large collection: a scoped question reads only its article, an unscoped one goes through the indexes.

The collection here is "large" by setting (more than `small_collection` articles), so the paths a
thousand articles take are exercised on a few short ones; a spy on the store records which articles each
read touches.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.text import terms
from index.lexical import LexicalIndex

# Same shape, other places and people: the question's article must be told apart from its near copies.
VARIANTS = {
    "council": [("Riverton", "Dunmore"), ("Okafor", "Lindqvist"), ("Brandt", "Moretti"), ("210", "95")],
    "library": [("Eastholm", "Westcliff"), ("Ferreira", "Novak"), ("six", "nine")],
}


class Spy:
    """Records the article ids of every read that returns records or texts."""

    def __init__(self, store: Any) -> None:
        self.reads: list[tuple[str, list[str] | None]] = []
        for name in ("all_chunks", "all_quotes", "docs"):
            original = getattr(store, name)

            def spy(doc_ids: Any = None, *args: Any, _name: str = name, _f: Any = original, **kw: Any) -> Any:
                self.reads.append((_name, None if doc_ids is None else list(doc_ids)))
                return _f(doc_ids, *args, **kw)

            setattr(store, name, spy)

    def articles_read(self) -> set[str | None]:
        return {d for _, ids in self.reads for d in (ids if ids is not None else [None])}


@pytest.fixture(scope="module")
def large(tmp_path_factory, build_newsroom, articles) -> Any:
    """Nine short articles (three originals, six near copies) served as a large collection."""
    from bot.factory import build_service
    from bot.settings import Settings

    root = tmp_path_factory.mktemp("large")
    room = build_newsroom(root)
    room.store.lexical = LexicalIndex(root / "lexical.sqlite3", terms)
    paths = [room.write(f"{name}.txt", text) for name, text in articles.items()]
    for name, swaps in VARIANTS.items():
        for i in range(3):
            text = articles[name]
            for a, b in swaps:
                text = text.replace(a, f"{b}{'abc'[i]}" if not a.isdigit() else f"{b}{i}")
            paths.append(room.write(f"{name}_{i}.txt", text))
    done, skipped = room.ingest(*paths)
    assert not skipped and len(done) == 9
    ids = {d.source.rsplit("/", 1)[-1].removesuffix(".txt"): d.doc_id for d in done}
    service = build_service(Settings(data_dir=root / "data", small_collection=2), store=room.store)
    texts = {d.doc_id: d.text for d in room.store.docs()}
    return service, ids, texts


def test_the_collection_is_served_as_large(large):
    service, ids, _ = large
    docs = service.docs.get()
    assert service.docs.large and len(docs) == 9
    assert docs.titles()[ids["flood"]] == "Floods cut off villages in the Marlow valley"


def test_a_scoped_question_reads_only_its_article(large, check_answer):
    service, ids, texts = large
    service.docs.get()
    spy = Spy(service.store)
    try:
        answer = service.ask("How much will the tram line cost?", doc_id=ids["council_1"]).to_json()
    finally:
        for name in ("all_chunks", "all_quotes", "docs"):
            delattr(service.store, name)
    check_answer(answer, texts)
    assert answer["status"] == "answered" and "951" in answer["answer"]
    assert {c["doc_id"] for c in answer["citations"]} == {ids["council_1"]}
    assert spy.reads and spy.articles_read() == {ids["council_1"]}


def test_an_unscoped_question_finds_its_article_among_many_through_the_indexes(large, check_answer):
    service, ids, texts = large
    service.docs.get()
    spy = Spy(service.store)
    try:
        answer = service.ask("How many homes were left under water in the Marlow valley?").to_json()
        who = service.ask("Who said “Readers can now take a book upstairs”?").to_json()
    finally:
        for name in ("all_chunks", "all_quotes", "docs"):
            delattr(service.store, name)
    for a in (answer, who):
        check_answer(a, texts)
    assert answer["status"] == "answered" and "300" in answer["answer"]
    assert {c["doc_id"] for c in answer["citations"]} == {ids["flood"]}
    assert who["status"] == "answered" and who["kind"] == "who_said"
    # Never every article: a read without ids, or of all nine, would be the whole collection.
    assert None not in spy.articles_read()
    assert all(ids is not None and len(ids) < len(texts) for _, ids in spy.reads)


def test_every_citation_is_article_text_in_a_large_collection(large, check_answer):
    service, ids, texts = large
    for question in (
        "Who said the budget had been underestimated?",
        "What did Tomas Berg say?",
        "When will schools reopen?",
        "Summarize the article about the rooftop garden.",
    ):
        answer = service.ask(question).to_json()
        check_answer(answer, texts)
    assert service.quotes("Berg") and all(q["doc_id"] == ids["flood"] for q in service.quotes("Berg"))


@pytest.mark.parametrize("question", ["What did the Riverton mayor say?", "What did the Marlow fire chief say?"])
def test_what_a_role_said_found_across_articles_is_answered_as_if_its_article_were_chosen(
    large, check_answer, question
):
    service, _, texts = large
    wide = service.ask(question)
    check_answer(wide.to_json(), texts)
    cited = {c.doc_id for c in wide.citations}
    assert wide.kind == "what_said" and len(cited) == 1 and " said:\n• “" in wide.answer, wide.answer
    scoped = service.ask(question, doc_id=cited.pop())
    # The same list of quotes, after the line naming its article, whether the reader picked it or not.
    assert wide.answer.startswith("From ‘") and wide.answer.endswith(scoped.answer), (wide.answer, scoped.answer)
