"""index.lexical: the FTS5 word index beside Chroma, kept in step on ingest and forget, rebuilt when missing."""

from __future__ import annotations

import pytest

from bot.text import terms
from index.lexical import LexicalIndex
from index.store import ArticleStore


@pytest.fixture
def indexed(make_newsroom, tmp_path):
    """A newsroom whose store keeps a word index in tmp_path/lexical.sqlite3."""
    room = make_newsroom()
    room.store.lexical = LexicalIndex(tmp_path / "lexical.sqlite3", terms)
    return room


def chunk_ids(store: ArticleStore, doc_id: str) -> set[str]:
    return {c.id for c in store.all_chunks([doc_id])}


def test_ingest_indexes_every_chunk_and_quote_of_the_article(indexed, articles):
    council = indexed.ingest_text("council.txt", articles["council"]).doc_id
    flood = indexed.ingest_text("flood.txt", articles["flood"]).doc_id
    store, lexical = indexed.store, indexed.store.lexical
    assert lexical.versions() == store.versions()
    assert lexical.n_chunks() == len(store.all_chunks())
    hits = lexical.search_chunks(terms("tram line cost"), 50)
    assert hits and {h.doc_id for h in hits} == {council}
    assert {h.id for h in hits} <= chunk_ids(store, council)
    # Every quote record is findable by its own words, under its own id.
    for q in store.all_quotes():
        found = lexical.search_quotes(terms(q.page_content), 100)
        assert q.id in {h.id for h in found}
    speaker = store.all_quotes([flood])[0].metadata["speaker"]
    assert {h.doc_id for h in lexical.search_quotes(terms(speaker), 10, column="who")} == {flood}
    assert lexical.doc_freq(terms("tram"))[terms("tram")[0]] >= 1
    assert lexical.docs()[council].title == "Riverton council approves new tram line"


def test_forget_drops_the_article_from_the_index(indexed, articles):
    council = indexed.ingest_text("council.txt", articles["council"]).doc_id
    flood = indexed.ingest_text("flood.txt", articles["flood"]).doc_id
    assert indexed.store.delete(council)
    lexical = indexed.store.lexical
    assert set(lexical.versions()) == {flood}
    assert lexical.search_chunks(terms("tram"), 50) == []  # only the council article had a tram
    assert lexical.search_quotes(terms("Okafor"), 50, column="who") == []
    assert lexical.n_chunks() == len(indexed.store.all_chunks([flood]))


def test_a_missing_index_is_rebuilt_from_the_store(indexed, articles, tmp_path):
    for name in ("council", "flood", "library"):
        indexed.ingest_text(f"{name}.txt", articles[name])
    store = indexed.store
    before = [(h.id, h.doc_id) for h in store.lexical.search_chunks(terms("flood river homes"), 20)]
    store.lexical.close()
    (tmp_path / "lexical.sqlite3").unlink()
    store.lexical = LexicalIndex(tmp_path / "lexical.sqlite3", terms)
    assert store.lexical.versions() == {}
    assert store.sync_lexical() == 3
    assert store.lexical.versions() == store.versions()
    assert [(h.id, h.doc_id) for h in store.lexical.search_chunks(terms("flood river homes"), 20)] == before
    assert store.sync_lexical() == 0  # in step: nothing to do


def test_articles_written_without_the_index_are_added_by_sync(make_newsroom, articles, tmp_path):
    room = make_newsroom()  # a store with no word index, as an older newsbot wrote
    doc_id = room.ingest_text("council.txt", articles["council"]).doc_id
    room.store.lexical = LexicalIndex(tmp_path / "lexical.sqlite3", terms)
    assert room.store.sync_lexical() == 1
    assert {h.doc_id for h in room.store.lexical.search_chunks(terms("tram"), 5)} == {doc_id}


def test_a_killed_write_is_swept_from_its_pending_mark_alone(indexed, articles):
    indexed.ingest_text("council.txt", articles["council"])
    store = indexed.store
    store.sweep()  # the first sweep reads everything; from then on the pending marks say where to look
    assert store.lexical.swept()
    before = indexed.snapshot()
    store.lexical.begin("deadbeef")
    store._upsert("", ["v9:deadbeef:0"], [[0.0] * 383 + [1.0]], ["left over"], [{"doc_id": "deadbeef"}])
    assert indexed.snapshot() != before
    assert store.sweep() == 1
    assert indexed.snapshot() == before and store.lexical.pending() == []
