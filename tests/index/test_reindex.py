"""Refreshing articles an older pipeline derived: in place, all-or-nothing, readers never see two versions."""

from __future__ import annotations

import pytest

from index.store import DOCS_SUFFIX, QUOTES_SUFFIX


@pytest.fixture
def old_article(newsroom, articles, monkeypatch):
    """Store the council and flood articles as pipeline 0 did, with no quotes found; return their ids."""
    import index.ingest

    monkeypatch.setattr(index.ingest, "PIPELINE_VERSION", 0)
    real = newsroom.ingestor.extract_quotes
    newsroom.ingestor.extract_quotes = lambda doc: []
    ids = [newsroom.ingest_text(f"{n}.txt", articles[n]).doc_id for n in ("council", "flood")]
    newsroom.ingestor.extract_quotes = real
    monkeypatch.setattr(index.ingest, "PIPELINE_VERSION", 1)
    assert [d.quotes for d in newsroom.store.docs()] == [0, 0]
    return ids


def current_records(store) -> tuple[int, int]:
    """Return how many chunks and quotes a reader sees."""
    return len(store.all_chunks()), len(store.all_quotes())


def test_ingesting_an_article_of_an_older_pipeline_again_refreshes_it_in_place(newsroom, articles, old_article):
    council, flood = old_article
    rec = newsroom.ingest_text("council.txt", articles["council"])
    assert rec.status == "refreshed" and rec.doc_id == council and rec.quotes > 0
    store = newsroom.store
    # Same id, same place in the order of ingestion, the new quotes, and no record of the old version left.
    assert [d.doc_id for d in store.docs()] == [council, flood]
    assert [(d.pipeline, d.quotes > 0) for d in store.docs()] == [(1, True), (0, False)]
    assert {q.metadata["doc_id"] for q in store.all_quotes()} == {council}
    chunk_ids = store._raw[""].get(where={"doc_id": council}, include=[])["ids"]
    assert len(chunk_ids) == rec.chunks and all(i.startswith("v1:") for i in chunk_ids)
    assert newsroom.ingest_text("council.txt", articles["council"]).status == "unchanged"


def test_reindex_refreshes_every_stale_article_from_its_stored_text(newsroom, old_article):
    for path in newsroom.root.iterdir():
        path.unlink()  # the stored text is what is read again, not the file
    done, skipped = newsroom.ingestor.reindex()
    assert not skipped and sorted(d.doc_id for d in done) == sorted(old_article)
    assert {d.status for d in done} == {"refreshed"}
    assert [d.title for d in done] == ["Riverton council approves new tram line",
                                       "Floods cut off villages in the Marlow valley"]
    assert all(d.pipeline == 1 and d.quotes > 0 for d in newsroom.store.docs())
    assert newsroom.ingestor.reindex() == ([], [])


def test_a_failed_refresh_keeps_the_old_version(newsroom, old_article, monkeypatch):
    before = newsroom.snapshot()

    def broken(**kwargs):
        raise RuntimeError("chroma went away")

    monkeypatch.setattr(newsroom.store._raw[DOCS_SUFFIX], "upsert", broken)
    done, skipped = newsroom.ingestor.reindex()
    assert done == [] and len(skipped) == 2 and "could not store" in skipped[0].reason
    assert newsroom.snapshot() == before
    assert [d.pipeline for d in newsroom.store.docs()] == [0, 0]


def test_a_refresh_killed_before_the_old_records_went_is_read_as_the_new_version(newsroom, old_article,
                                                                                  monkeypatch):
    store = newsroom.store
    monkeypatch.setattr(store, "_drop_stale", lambda doc_id, pipeline: None)  # killed right after the commit
    newsroom.ingestor.reindex()
    docs = store.docs()
    assert current_records(store) == (sum(d.chunks for d in docs), sum(d.quotes for d in docs))
    assert {c.metadata["pipeline"] for c in store.all_chunks()} == {1}
    vector = store.chunks.embeddings.embed_query("How much will the new tram line cost?")
    assert {d.metadata.get("pipeline") for d, _ in store.dense_search(vector, 50, store.doc_ids())} == {1}
    stale = len(store._raw[""].get(include=[])["ids"]) - sum(d.chunks for d in docs)
    assert stale > 0
    assert store.sweep() == stale  # old chunks; the old version had no quotes
    assert current_records(store) == (sum(d.chunks for d in docs), sum(d.quotes for d in docs))
    assert len(store._raw[QUOTES_SUFFIX].get(include=[])["ids"]) == sum(d.quotes for d in docs)
