"""index.embeddings: ONNX and sentence-transformers MiniLM agree; the store finds sentences by meaning."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from index.embeddings import (
    BACKENDS,
    DIMENSIONS,
    OnnxEmbeddings,
    SentenceTransformerEmbeddings,
    make_embeddings,
)

SENTENCES = [
    "The Riverton city council voted 7 to 4 on Tuesday to approve a new tram line.",
    "“We have never seen the water rise this fast,” said fire chief Tomas Berg.",
    "Zürich's café owners complained about the new rules for terraces — again.",
    "Short.",
    "",
    "Die Regierung hat am Montag neue Regeln beschlossen.",
    "word " * 400,  # longer than the model's 256 tokens: both backends truncate the same way
]


@pytest.fixture(scope="module")
def both(st_embeddings, onnx_embeddings):
    return st_embeddings.embed_array(SENTENCES), onnx_embeddings.embed_array(SENTENCES)


def test_backends_agree_and_give_unit_vectors(both):
    st_vecs, onnx_vecs = both
    assert st_vecs.shape == onnx_vecs.shape == (len(SENTENCES), DIMENSIONS)
    assert np.allclose(np.linalg.norm(st_vecs, axis=1), 1.0, atol=1e-4)
    assert np.allclose(np.linalg.norm(onnx_vecs, axis=1), 1.0, atol=1e-4)
    cosines = (st_vecs * onnx_vecs).sum(axis=1)
    assert cosines.min() >= 0.99, dict(zip(SENTENCES, cosines.round(4), strict=True))


def test_vectors_carry_meaning(both, onnx_embeddings):
    st_vecs, onnx_vecs = both
    for vecs in both:
        assert float(vecs[0] @ vecs[1]) < 0.5, "unrelated news sentences are far apart"
    probe = onnx_embeddings.embed_array(["Councillors approved a light rail project in a vote."])[0]
    assert int(np.argmax(onnx_vecs[:3] @ probe)) == 0
    assert int(np.argmax(st_vecs[:3] @ probe)) == 0


def test_query_and_document_embeddings_match(st_embeddings, onnx_embeddings):
    for emb in (st_embeddings, onnx_embeddings):
        doc = np.array(emb.embed_documents([SENTENCES[0], SENTENCES[1]]))
        query = np.array(emb.embed_query(SENTENCES[0]))
        assert len(query) == DIMENSIONS and isinstance(emb.embed_query("x")[0], float)
        assert float(doc[0] @ query) > 0.9999


def test_onnx_batches_do_not_change_vectors(onnx_embeddings):
    small = OnnxEmbeddings(batch_size=2)
    a, b = onnx_embeddings.embed_array(SENTENCES), small.embed_array(SENTENCES)
    assert float((a * b).sum(axis=1).min()) > 0.999
    assert small.embed_array([]).shape == (0, DIMENSIONS)


def test_make_embeddings_names_the_valid_backends():
    assert isinstance(make_embeddings("onnx"), OnnxEmbeddings)
    assert isinstance(make_embeddings("sentence-transformers"), SentenceTransformerEmbeddings)
    with pytest.raises(ValueError, match="nope") as exc:
        make_embeddings("nope")
    for name in BACKENDS:
        assert name in str(exc.value)


def test_the_store_finds_the_sentence_a_question_is_about(newsroom, articles, onnx_embeddings):
    rec = newsroom.ingest_text("flood.txt", articles["flood"])
    newsroom.ingest_text("council.txt", articles["council"])
    text = newsroom.text(rec.doc_id)
    cases = {
        "How many houses were flooded?": "more than 300 homes under water",
        "When do pupils go back to class?": "Schools across the district will stay closed until Thursday",
        "How did emergency services get to old people stuck in their houses?": "Rescue crews used boats",
    }
    for question, expected in cases.items():
        [(hit, score)] = newsroom.store.dense_search(onnx_embeddings.embed_query(question), 1,
                                                     newsroom.store.doc_ids())
        m = hit.metadata
        assert expected in text[m["focus_start"]:m["focus_end"]], (question, hit.page_content)
        assert score > 0.3


@pytest.mark.parametrize("delay", [0.05, 0.1, 0.15])
def test_exit_while_the_model_warms_up_is_clean(delay):
    # An early error exit (a bad doc id) lands while onnxruntime builds its session; without a
    # join at exit the process aborted with -6 instead of the exit code it asked for.
    code = (
        "import sys, time\n"
        "from index.embeddings import OnnxEmbeddings\n"
        "OnnxEmbeddings().start_warm_up()\n"
        f"time.sleep({delay})\n"
        "sys.exit(2)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 2, run.stderr
