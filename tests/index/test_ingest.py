"""index.ingest: statuses, replacement of changed sources, content-hash ids, folders and bad inputs."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from index.ingest import NEIGHBOUR_WEIGHT, context_vectors, expand_sources, quote_vectors
from index.store import QUOTES_SUFFIX


def chunk_ids_of(store, doc_id: str) -> list[str]:
    return store._raw[""].get(where={"doc_id": doc_id}, include=[])["ids"]


def quote_ids_of(store, doc_id: str) -> list[str]:
    return store._raw[QUOTES_SUFFIX].get(where={"doc_id": doc_id}, include=[])["ids"]


def test_reingesting_the_same_file_is_a_no_op(newsroom, articles):
    src = newsroom.write("council.txt", articles["council"])
    [first], _ = newsroom.ingest(src)
    before = newsroom.snapshot()
    docs_before = newsroom.store.docs()
    done, skipped = newsroom.ingest(src)
    assert not skipped
    [again] = done
    assert again.status == "unchanged" and again.doc_id == first.doc_id and again.replaced == []
    assert newsroom.snapshot() == before
    assert newsroom.store.docs() == docs_before
    # A different --title does not make the same text a new article either.
    done, _ = newsroom.ingest(src, title="Another title")
    assert done[0].status == "unchanged" and newsroom.snapshot() == before


def test_a_changed_version_of_a_source_replaces_the_old_one(newsroom, articles):
    flood = newsroom.ingest_text("flood.txt", articles["flood"])
    flood_ids = chunk_ids_of(newsroom.store, flood.doc_id)
    old = newsroom.ingest_text("council.txt", articles["council"])
    assert chunk_ids_of(newsroom.store, old.doc_id) and quote_ids_of(newsroom.store, old.doc_id)

    new = newsroom.ingest_text("council.txt", articles["council"].replace("7 to 4", "8 to 3"))
    store = newsroom.store
    assert new.status == "ingested" and new.doc_id != old.doc_id and new.replaced == [old.doc_id]
    assert sorted(store.doc_ids()) == sorted([flood.doc_id, new.doc_id])
    assert chunk_ids_of(store, old.doc_id) == [] and quote_ids_of(store, old.doc_id) == []
    assert len(chunk_ids_of(store, new.doc_id)) == new.chunks
    assert len(quote_ids_of(store, new.doc_id)) == new.quotes
    assert chunk_ids_of(store, flood.doc_id) == flood_ids
    assert "8 to 3" in newsroom.text(new.doc_id)
    assert not any("7 to 4" in c.page_content for c in store.all_chunks())


def test_ids_are_content_hashes_same_text_in_two_files_is_one_article(newsroom, articles):
    a = newsroom.write("a/council.txt", articles["council"])
    b = newsroom.write("b/copy-of-council.txt", articles["council"])
    done, skipped = newsroom.ingest(a, b)
    assert not skipped
    status = {d.source: d.status for d in done}
    assert status == {str((newsroom.root / "a/council.txt").resolve()): "ingested", b: "unchanged"}
    assert done[0].doc_id == done[1].doc_id
    assert newsroom.store.doc_ids() == [done[0].doc_id]
    # And in a later run too.
    c = newsroom.write("c/third.txt", articles["council"])
    done, _ = newsroom.ingest(c)
    assert done[0].status == "unchanged" and len(newsroom.store.docs()) == 1


def test_one_bad_input_among_good_ones(newsroom, articles, local_site, closed_port):
    good = newsroom.write("in/council.txt", articles["council"])
    binary = newsroom.write("in/scan.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(300))
    empty = newsroom.write("in/empty.md", "   \n")
    pdf = newsroom.write("loose/report.pdf", b"%PDF-1.7\n%binary")
    attachment = newsroom.write("in/attachment.pdf", b"%PDF-1.7\n%binary")  # in a folder: reported, not read
    url = local_site.add("/library", articles["library"], "text/plain")
    missing = local_site.url("/gone")
    dead = f"http://127.0.0.1:{closed_port}/x.html"
    done, skipped = newsroom.ingest(str(newsroom.root / "in"), pdf, url, missing, dead)

    assert {d.source for d in done} == {str(Path(good).resolve()), url}
    assert all(d.status == "ingested" for d in done)
    reasons = {s.source: s.reason for s in skipped}
    assert set(reasons) == {binary, empty, pdf, attachment, missing, dead}
    assert "binary" in reasons[binary] and "empty" in reasons[empty] and "unsupported" in reasons[pdf]
    assert "unsupported" in reasons[attachment]
    assert "404" in reasons[missing] and "cannot fetch" in reasons[dead]
    for src, reason in reasons.items():
        assert src in reason and "\n" not in reason
    assert len(newsroom.store.docs()) == 2
    assert not any("attachment" in d.source for d in newsroom.store.docs())


PAGE = """<html><head><title>Library gets a rooftop garden</title></head><body>
<nav><a href="/">Home</a> <a href="/events">What's on this weekend</a></nav>
<article><h1>Library gets a rooftop garden</h1>
<p>The central library in Eastholm opened a rooftop garden on Friday, planted with herbs and wild flowers.</p>
<p>Volunteers built the raised beds over six weekends using timber from a demolished school gym.</p>
</article>
<footer>Eastholm Gazette. All rights reserved.</footer></body></html>"""


def test_folders_are_searched_recursively_for_article_files(newsroom, articles):
    newsroom.write("desk/council.txt", articles["council"])
    body = articles["flood"].split("\n", 1)[1]
    newsroom.write("desk/2024/05/flood.md", "# Floods cut off villages\n\n" + body)
    newsroom.write("desk/2024/06/garden.HTML", PAGE)
    newsroom.write("desk/2024/notes.docx", b"PK\x03\x04 not an article")
    newsroom.write("desk/2024/image.png", b"\x89PNG\r\n")
    files, bad = expand_sources([str(newsroom.root / "desk")])
    # Files that are not articles are reported, not silently passed over.
    assert sorted(b.source.rsplit("/", 1)[-1] for b in bad) == ["image.png", "notes.docx"]
    assert all("unsupported file type" in b.reason for b in bad)
    assert sorted(f.rsplit("/", 1)[-1] for f in files) == ["council.txt", "flood.md", "garden.HTML"]

    done, skipped = newsroom.ingest(str(newsroom.root / "desk"))
    assert sorted(s.source.rsplit("/", 1)[-1] for s in skipped) == ["image.png", "notes.docx"]
    assert sorted(d.title for d in done) == ["Floods cut off villages", "Library gets a rooftop garden",
                                             "Riverton council approves new tram line"]
    garden = next(d for d in newsroom.store.docs() if d.title.startswith("Library"))
    assert "raised beds" in garden.text
    assert "All rights reserved" not in garden.text and "this weekend" not in garden.text


def test_a_folder_without_articles_is_skipped_with_a_reason(newsroom):
    newsroom.write("photos/a.jpg", b"\xff\xd8\xff")
    folder = str(newsroom.root / "photos")
    done, skipped = newsroom.ingest(folder)
    assert done == []
    by_source = {s.source: s.reason for s in skipped}
    assert set(by_source) == {folder, str(newsroom.root / "photos/a.jpg")}
    assert folder in by_source[folder] and ".txt" in by_source[folder]
    assert newsroom.store.doc_ids() == []


def test_title_option_names_the_article(newsroom, articles):
    rec = newsroom.ingest_text("council.txt", articles["council"], title="Tram vote")
    assert rec.title == "Tram vote"
    assert newsroom.store.docs()[0].title == "Tram vote"
    assert {c.metadata["title"] for c in newsroom.store.all_chunks()} == {"Tram vote"}


def test_url_ingest_uses_the_url_as_source_and_replaces_on_change(newsroom, local_site, articles):
    url = local_site.add("/story", articles["council"], "text/plain")
    [first], _ = newsroom.ingest(url)
    local_site.add("/story", articles["council"] + "The vote was broadcast live.\n", "text/plain")
    [second], _ = newsroom.ingest(url)
    assert second.status == "ingested" and second.replaced == [first.doc_id]
    assert newsroom.store.doc_ids() == [second.doc_id]
    assert newsroom.store.docs()[0].source == url


def test_quote_extraction_failure_keeps_the_article(make_newsroom, articles, caplog):
    room = make_newsroom()

    def broken(doc):
        raise IndexError("quote rules tripped")

    room.ingestor.extract_quotes = broken
    with caplog.at_level(logging.WARNING, logger="index.ingest"):
        rec = room.ingest_text("council.txt", articles["council"])
    assert rec.status == "ingested" and rec.chunks == 6 and rec.quotes == 0
    assert room.store.all_quotes() == []
    assert "quote extraction failed" in caplog.text


def test_two_speakers_for_one_quote_do_not_break_ingest(make_newsroom, articles, extract_quotes):
    from index.quotes import Quote

    room = make_newsroom()
    text = articles["council"].strip()
    span = "This tram will change how people move through our city"
    start = text.index(span)

    def two_speakers(doc):
        return [Quote("Helen Okafor", "Mayor", span, "direct", start, start + len(span), "person"),
                Quote("David Brandt", "Councillor", span, "direct", start, start + len(span), "person")]

    room.ingestor.extract_quotes = two_speakers
    _done, skipped = room.ingest(room.write("council.txt", articles["council"]))
    assert not skipped, skipped
    assert {q.metadata["speaker"] for q in room.store.all_quotes()} == {"Helen Okafor", "David Brandt"}


# --- vectors ------------------------------------------------------------------------------------------


def test_context_vectors_blend_neighbours_and_stay_unit_length():
    rng = np.random.default_rng(0)
    sent = rng.normal(size=(4, 8)).astype(np.float32)
    sent /= np.linalg.norm(sent, axis=1, keepdims=True)
    ctx = context_vectors(sent)
    assert np.allclose(np.linalg.norm(ctx, axis=1), 1.0, atol=1e-5)
    expected = sent[1] + NEIGHBOUR_WEIGHT * (sent[0] + sent[2])
    assert np.allclose(ctx[1], expected / np.linalg.norm(expected), atol=1e-5)
    expected = sent[3] + NEIGHBOUR_WEIGHT * sent[2]
    assert np.allclose(ctx[3], expected / np.linalg.norm(expected), atol=1e-5)
    one = sent[:1]
    assert np.allclose(context_vectors(one), one, atol=1e-6)


def test_quote_vectors_average_the_sentences_a_quote_overlaps(nlp):
    from index.chunking import make_chunks
    from index.quotes import Quote

    text = "First sentence is about the harbour.\nSecond one talks about trams.\nThird one is about rain."
    chunks = make_chunks(nlp(text), "d", "t")
    assert len(chunks) == 3
    sent = np.eye(3, 4, dtype=np.float32)
    second = chunks[1]
    q_inside = Quote("A", None, "x", "direct", second.focus_start + 2, second.focus_end - 2, "person")
    q_across = Quote("B", None, "x", "indirect", chunks[0].focus_start, second.focus_end, "person")
    out = quote_vectors(chunks, sent, [q_inside, q_across])
    assert np.allclose(out[0], sent[1])
    assert np.allclose(out[1], (sent[0] + sent[1]) / np.linalg.norm(sent[0] + sent[1]))
    assert quote_vectors(chunks, sent, []).shape == (0, 4)
