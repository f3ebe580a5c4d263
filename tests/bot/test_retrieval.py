"""bot.retrieval: reciprocal rank fusion, BM25 and the hybrid retriever over a real store."""

from __future__ import annotations

import pytest
from langchain_core.documents import Document

from bot.retrieval import RRF_K, BM25Index, HybridRetriever, reciprocal_rank_fusion
from bot.text import terms


def test_rrf_sums_reciprocal_ranks():
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "d"]])
    assert fused == pytest.approx({"a": 1 / (RRF_K + 1), "b": 1 / (RRF_K + 2) + 1 / (RRF_K + 1),
                                   "c": 1 / (RRF_K + 3), "d": 1 / (RRF_K + 2)})
    assert sorted(fused, key=lambda k: -fused[k]) == ["b", "a", "d", "c"]


def test_rrf_constant_and_edge_cases():
    assert reciprocal_rank_fusion([["x", "y"]], k=0) == pytest.approx({"x": 1.0, "y": 0.5})
    assert reciprocal_rank_fusion([]) == {} and reciprocal_rank_fusion([[], []]) == {}
    # Agreement beats a single first place: 2nd in both lists outranks 1st in one.
    fused = reciprocal_rank_fusion([["solo", "both"], ["both"]])
    assert fused["both"] > fused["solo"]
    # Symmetric in the lists' order.
    one, two = ["a", "b"], ["c", "a"]
    assert reciprocal_rank_fusion([one, two]) == reciprocal_rank_fusion([two, one])


def docs(*texts: str) -> list[Document]:
    return [Document(id=str(i), page_content=t, metadata={}) for i, t in enumerate(texts)]


def test_bm25_ranks_by_term_match_and_drops_zero_scores():
    index = BM25Index(docs("The tram line will cost 210 million euros.",
                           "Floods closed schools across the valley.",
                           "The council voted on the tram line and the budget."))
    hits = index.search(terms("How much will the tram cost?"), 10)
    assert next(d.id for d, _ in hits) == "0"
    assert {d.id for d, _ in hits} == {"0", "2"} and all(s > 0 for _, s in hits)
    assert index.search(terms("volcano eruption"), 10) == []
    assert index.search([], 10) == []
    assert len(index.search(terms("tram"), 1)) == 1


def test_bm25_handles_empty_corpus_and_stopword_only_chunks():
    assert BM25Index([]).search(["tram"], 5) == []
    index = BM25Index(docs("“…” — !", "Tram fares rise."))
    assert [d.id for d, _ in index.search(terms("tram fares"), 5)] == ["1"]


@pytest.fixture(scope="module")
def shared_room(build_newsroom, tmp_path_factory, articles):
    room = build_newsroom(tmp_path_factory.mktemp("retrieval"))
    council = room.ingest_text("council.txt", articles["council"]).doc_id
    flood = room.ingest_text("flood.txt", articles["flood"]).doc_id
    return room, council, flood


@pytest.fixture
def two_articles(shared_room):
    """Two committed articles (shared by the module: tests must leave the collection as they found it)."""
    room = shared_room[0]
    before = room.snapshot()
    yield shared_room
    assert room.snapshot() == before


def focus_text(room, doc: Document) -> str:
    m = doc.metadata
    return room.text(m["doc_id"])[m["focus_start"]:m["focus_end"]]


@pytest.mark.parametrize(("question", "expected"), [
    # lexical: the question repeats the article's words
    ("How much will the tram line cost?", "The line will cost 210 million euros"),
    ("Which fire chief spoke about the water?", "said fire chief Tomas Berg"),
    # paraphrase: almost no word in common with the answer sentence
    ("How many houses were flooded?", "more than 300 homes under water"),
    ("When do pupils go back to class?", "Schools across the district will stay closed until Thursday"),
])
def test_hybrid_retriever_puts_the_right_sentence_first(two_articles, question, expected):
    room, _, _ = two_articles
    hits = HybridRetriever(store=room.store).invoke(question)
    assert hits, question
    assert expected in focus_text(room, hits[0]), [focus_text(room, h) for h in hits[:3]]


def test_hybrid_retriever_scores_and_limits(two_articles):
    room, _council, _flood = two_articles
    retriever = HybridRetriever(store=room.store, k=3)
    hits = retriever.invoke("tram line cost")
    assert 0 < len(hits) <= 3
    rrf = [h.metadata["rrf"] for h in hits]
    assert rrf == sorted(rrf, reverse=True)
    top = hits[0].metadata
    assert top["bm25"] > 0 and top["dense"] > 0, "the best hit is found both ways"
    assert top["rrf"] > 1 / (RRF_K + 1), "…so it scores more than any single first place"
    for h in hits:
        assert 1 / (RRF_K + retriever.fetch_k) <= h.metadata["rrf"] <= 2 / (RRF_K + 1)
        assert {"doc_id", "seq", "focus_start", "focus_end", "rrf", "dense", "bm25"} <= set(h.metadata)
        assert room.text(h.metadata["doc_id"])[h.metadata["start"]:h.metadata["end"]] == h.page_content


def test_hybrid_retriever_respects_doc_ids(two_articles):
    room, _council, flood = two_articles
    retriever = HybridRetriever(store=room.store)
    hits = retriever.invoke("How much will the tram line cost?", doc_ids=[flood])
    assert hits and {h.metadata["doc_id"] for h in hits} == {flood}
    assert retriever.invoke("tram", doc_ids=[]) == []


def test_empty_collection_retrieves_nothing(newsroom):
    assert HybridRetriever(store=newsroom.store).invoke("anything at all") == []


def test_bm25_index_is_cached_and_rebuilt_when_an_article_is_added(make_newsroom, articles):
    room = make_newsroom()
    room.ingest_text("council.txt", articles["council"])
    room.ingest_text("flood.txt", articles["flood"])
    retriever = HybridRetriever(store=room.store)
    first = retriever.bm25(room.store.doc_ids())
    assert retriever.bm25(list(reversed(room.store.doc_ids()))) is first, "same articles: no rebuild"
    before = retriever.invoke("rooftop garden bees librarian")
    assert before and not any("bees" in h.page_content for h in before)

    library = room.ingest_text("library.txt", articles["library"]).doc_id
    hits = retriever.invoke("rooftop garden bees librarian")
    assert hits[0].metadata["doc_id"] == library
    assert hits[0].metadata["bm25"] > 0, "the new article's chunks are in the BM25 index"
    rebuilt = retriever.bm25(room.store.doc_ids())
    assert rebuilt is not first
    assert len(rebuilt.chunks) == len(first.chunks) + len(room.store.all_chunks([library]))

    room.store.delete(library)
    assert all(h.metadata["doc_id"] != library for h in retriever.invoke("rooftop garden bees librarian"))
