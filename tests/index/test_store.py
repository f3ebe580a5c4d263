"""index.store: committed articles only, all-or-nothing writes, crash leftovers swept, delete."""

from __future__ import annotations

import pytest

from index.readers import load_article
from index.store import DOCS_SUFFIX, QUOTES_SUFFIX, ArticleStore, quote_from_document


def raw_ids(store, suffix: str, doc_id: str | None = None) -> list[str]:
    """Ids in one raw collection (committed or not), optionally of one article only."""
    where = {"doc_id": doc_id} if doc_id and suffix != DOCS_SUFFIX else None
    if suffix == DOCS_SUFFIX and doc_id:
        return store._raw[suffix].get(ids=[doc_id], include=[])["ids"]
    return store._raw[suffix].get(where=where, include=[])["ids"]


def test_ingest_stores_chunks_quotes_and_a_doc_record(newsroom, articles):
    rec = newsroom.ingest_text("council.txt", articles["council"])
    store = newsroom.store
    assert rec.status == "ingested"
    [doc] = store.docs()
    assert doc.doc_id == rec.doc_id == load_article(str(newsroom.root / "council.txt")).doc_id
    assert doc.title == rec.title == "Riverton council approves new tram line"
    assert doc.text == articles["council"].strip()
    assert doc.source == str((newsroom.root / "council.txt").resolve())
    assert store.doc_ids() == [doc.doc_id] and store.has(doc.doc_id)

    chunks = store.all_chunks()
    assert len(chunks) == doc.chunks == rec.chunks == 6
    assert [c.metadata["seq"] for c in chunks] == list(range(len(chunks)))
    for c in chunks:
        m = c.metadata
        assert m["doc_id"] == doc.doc_id and m["title"] == doc.title
        assert doc.text[m["start"]:m["end"]] == c.page_content
        assert m["start"] <= m["focus_start"] < m["focus_end"] <= m["end"]
    focus = [doc.text[c.metadata["focus_start"]:c.metadata["focus_end"]] for c in chunks]
    assert focus[0] == doc.title
    assert "The line will cost 210 million euros and is expected to open in 2028." in focus

    quotes = store.all_quotes()
    assert len(quotes) == doc.quotes == rec.quotes >= 1
    for q in quotes:
        rec_json = quote_from_document(q)
        assert doc.text[rec_json["start"]:rec_json["end"]] == rec_json["quote"]
        assert rec_json["doc_id"] == doc.doc_id and rec_json["kind"] in ("direct", "indirect")
    assert any(q.page_content == "This tram will change how people move through our city" for q in quotes)
    # The commit record carries a vector too (the article's mean sentence vector).
    got = store._raw[DOCS_SUFFIX].get(ids=[doc.doc_id], include=["embeddings"])
    assert len(got["embeddings"][0]) == 384


def test_docs_are_listed_oldest_first(newsroom, articles):
    names = ("flood", "council", "library")
    ids = [newsroom.ingest_text(f"{name}.txt", articles[name]).doc_id for name in names]
    assert [d.doc_id for d in newsroom.store.docs()] == ids
    assert sorted(newsroom.store.doc_ids()) == sorted(ids)


def test_delete_removes_the_article_and_everything_derived(newsroom, articles):
    council = newsroom.ingest_text("council.txt", articles["council"]).doc_id
    flood = newsroom.ingest_text("flood.txt", articles["flood"]).doc_id
    store = newsroom.store
    flood_before = {s: raw_ids(store, s, flood) for s in ("", QUOTES_SUFFIX, DOCS_SUFFIX)}
    assert raw_ids(store, "", council) and raw_ids(store, QUOTES_SUFFIX, council)

    assert store.delete(council) is True
    assert store.doc_ids() == [flood] and not store.has(council)
    for suffix in ("", QUOTES_SUFFIX, DOCS_SUFFIX):
        assert raw_ids(store, suffix, council) == []
        assert raw_ids(store, suffix, flood) == flood_before[suffix]
    assert {c.metadata["doc_id"] for c in store.all_chunks()} == {flood}
    assert store.delete(council) is False


@pytest.mark.parametrize("when", ["before", "after"], ids=["write-refused", "write-landed-then-error"])
@pytest.mark.parametrize("failing", [QUOTES_SUFFIX, DOCS_SUFFIX], ids=["quotes-upsert", "docs-upsert"])
def test_a_failed_write_leaves_the_collection_exactly_as_before(newsroom, articles, monkeypatch, failing,
                                                                when):
    newsroom.ingest_text("flood.txt", articles["flood"])
    store = newsroom.store
    before = newsroom.snapshot()
    col = store._raw[failing]
    real_upsert = col.upsert
    seen = {}

    def broken_upsert(**kwargs):
        seen["chunks_written"] = len(raw_ids(store, "")) - len(before[store.name])
        if when == "after":
            real_upsert(**kwargs)
        raise ConnectionError("disk on fire\nsecond line of a long error")

    monkeypatch.setattr(col, "upsert", broken_upsert)
    src = newsroom.write("council.txt", articles["council"])
    done, skipped = newsroom.ingest(src)

    assert seen["chunks_written"] == 6, "the failure must come after the article's chunks were written"
    assert done == []
    [skip] = skipped
    assert src in skip.reason and "could not store" in skip.reason and "ConnectionError" in skip.reason
    assert "\n" not in skip.reason
    assert newsroom.snapshot() == before
    assert [d.title for d in store.docs()] == ["Floods cut off villages in the Marlow valley"]

    if (failing, when) == (QUOTES_SUFFIX, "before"):  # once is enough: the same input then goes in cleanly
        monkeypatch.undo()
        done, skipped = newsroom.ingest(src)
        assert not skipped and done[0].status == "ingested" and len(store.doc_ids()) == 2


def test_a_failed_replacement_keeps_the_old_version(newsroom, articles, monkeypatch):
    old = newsroom.ingest_text("council.txt", articles["council"]).doc_id
    before = newsroom.snapshot()

    def broken(**kwargs):
        raise RuntimeError("chroma went away")

    monkeypatch.setattr(newsroom.store._raw[DOCS_SUFFIX], "upsert", broken)
    src = newsroom.write("council.txt", articles["council"].replace("7 to 4", "8 to 3"))
    done, skipped = newsroom.ingest(src)
    assert done == [] and len(skipped) == 1
    assert newsroom.snapshot() == before
    assert newsroom.store.doc_ids() == [old]
    assert "7 to 4" in newsroom.text(old)


def write_uncommitted(newsroom, st_embeddings, path: str) -> str:
    """Write an article's chunks and quotes but no commit record, as a process killed mid-ingest would."""
    from index.ingest import context_vectors, quote_vectors

    store = newsroom.store
    prep = newsroom.ingestor._prepare(load_article(path))
    text = prep.article.text
    vecs = st_embeddings.embed_array([text[c.focus_start:c.focus_end] for c in prep.chunks])
    store._upsert("", [c.id for c in prep.chunks], context_vectors(vecs), [c.text for c in prep.chunks],
                  [c.metadata() for c in prep.chunks])
    doc_id = prep.article.doc_id
    store._upsert(QUOTES_SUFFIX, [f"{doc_id}:q:{q.start}:{q.end}:{q.kind}" for q in prep.quotes],
                  quote_vectors(prep.chunks, vecs, prep.quotes), [q.quote for q in prep.quotes],
                  [{"doc_id": doc_id, "speaker": q.speaker, "role": q.role or "", "kind": q.kind,
                    "start": q.start, "end": q.end, "speaker_type": q.speaker_type} for q in prep.quotes])
    assert raw_ids(store, "", doc_id) and raw_ids(store, QUOTES_SUFFIX, doc_id)
    return doc_id


def test_crash_leftovers_are_invisible_and_swept_by_the_next_ingest(newsroom, articles, st_embeddings):
    from bot.retrieval import HybridRetriever

    flood = newsroom.ingest_text("flood.txt", articles["flood"]).doc_id
    crashed = write_uncommitted(newsroom, st_embeddings, newsroom.write("council.txt", articles["council"]))
    store = newsroom.store

    assert store.doc_ids() == [flood] and not store.has(crashed)
    assert [d.doc_id for d in store.docs()] == [flood]
    assert {c.metadata["doc_id"] for c in store.all_chunks()} == {flood}
    assert {q.metadata["doc_id"] for q in store.all_quotes()} == {flood}
    vector = store.chunks.embeddings.embed_query("How much will the new tram line cost?")
    assert {d.metadata["doc_id"] for d, _ in store.dense_search(vector, 50, store.doc_ids())} == {flood}
    hits = HybridRetriever(store=store).invoke("tram line cost 210 million euros Riverton council")
    assert hits and {d.metadata["doc_id"] for d in hits} == {flood}

    newsroom.ingest_text("library.txt", articles["library"])
    assert raw_ids(store, "", crashed) == [] and raw_ids(store, QUOTES_SUFFIX, crashed) == []
    assert store.sweep() == 0

    # The crashed article can be ingested again, completely.
    rec = newsroom.ingest_text("council.txt", articles["council"])
    assert rec.status == "ingested" and rec.doc_id == crashed
    assert len(raw_ids(store, "", crashed)) == rec.chunks == 6


def test_sweep_counts_what_it_removes(newsroom, articles, st_embeddings):
    crashed = write_uncommitted(newsroom, st_embeddings, newsroom.write("council.txt", articles["council"]))
    n = len(raw_ids(newsroom.store, "", crashed)) + len(raw_ids(newsroom.store, QUOTES_SUFFIX, crashed))
    assert newsroom.store.sweep() == n
    assert newsroom.snapshot() == {name: [] for name in newsroom.snapshot()}


def test_dense_search_is_limited_to_the_given_articles(newsroom, articles, onnx_embeddings):
    council = newsroom.ingest_text("council.txt", articles["council"]).doc_id
    flood = newsroom.ingest_text("flood.txt", articles["flood"]).doc_id
    vector = onnx_embeddings.embed_query("How many homes were flooded?")
    assert newsroom.store.dense_search(vector, 5, []) == []
    assert {d.metadata["doc_id"] for d, _ in newsroom.store.dense_search(vector, 50, [council])} == {council}
    top, score = newsroom.store.dense_search(vector, 1, [council, flood])[0]
    assert top.metadata["doc_id"] == flood and 0 < score <= 1


def test_a_collection_of_another_embedding_model_is_refused(newsroom, onnx_embeddings):
    client = newsroom.store.client
    client.get_or_create_collection("legacy", metadata={"embedding_model": "bge-small"})
    with pytest.raises(ValueError, match="bge-small"):
        ArticleStore(client, "legacy", onnx_embeddings)


def test_collections_are_independent(make_newsroom, articles):
    a = make_newsroom("alpha")
    b = make_newsroom("beta", client=a.store.client)
    a.ingest_text("council.txt", articles["council"])
    assert b.store.doc_ids() == [] and b.store.all_chunks() == []
    assert len(a.store.doc_ids()) == 1
