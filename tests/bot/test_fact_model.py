"""The fitted fact answerer, fast: hand-made evidence (no model, no Chroma) and small hand-made models.

The shipped model file is checked too: it loads, names exactly the signals the answerer computes, and its
operating point is a probability.
"""

from __future__ import annotations

import dataclasses
import json
import math

import numpy as np
import pytest
from langchain_core.documents import Document

from bot.answerers.extractive import ExtractiveAnswerer
from bot.answerers.model import DEFAULT_PATH, FactModel, Logistic, load_fact_model
from bot.evidence import Evidence
from bot.questions import analyze
from index.store import StoredDoc

TEXT = (
    "Harbour bridge reopens after repairs\n"
    "The Harbour bridge in Lowmouth reopened on Saturday after eight months of repairs. "
    "The work cost 14 million pounds, the city council said. "
    "Cyclists will get a separate lane from next spring."
)


def evidence_for(text: str = TEXT, dense: dict[int, float] | None = None) -> Evidence:
    """Evidence as retrieval would hand it over: every sentence a chunk, with made-up scores."""
    starts, pos = [], 0
    for line in text.split("\n"):
        for part in line.split(". "):
            start = text.index(part, pos)
            end = start + len(part) + (1 if text[start + len(part) : start + len(part) + 1] == "." else 0)
            starts.append((start, end))
            pos = end
    chunks = []
    for seq, (a, b) in enumerate(starts):
        chunks.append(
            Document(
                id=f"c{seq}",
                page_content=text[a:b],
                metadata={
                    "doc_id": "d1",
                    "focus_start": a,
                    "focus_end": b,
                    "seq": seq,
                    "ents": "[]",
                    "dense": (dense or {}).get(seq, 0.2),
                    "rrf": 1.0 / (60 + seq),
                },
            )
        )
    doc = StoredDoc("d1", "Harbour bridge reopens after repairs", "test", len(chunks), 0, text)
    return Evidence(chunks=chunks, docs={"d1": doc}, n_chunks=len(chunks))


def logistic(features: tuple[str, ...], coef: dict[str, float], intercept: float = 0.0) -> Logistic:
    n = len(features)
    return Logistic(
        features, np.zeros(n), np.ones(n), np.array([coef.get(f, 0.0) for f in features]), intercept
    )


def model_with(
    sent_features: tuple[str, ...],
    q_features: tuple[str, ...],
    ranker: dict[str, float],
    refusal: dict[str, float],
    threshold: float,
    intercept: float = 0.0,
) -> FactModel:
    return FactModel(
        logistic(sent_features, ranker), logistic(q_features, refusal, intercept), threshold, 1.01, {}
    )


@pytest.fixture
def names() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The names of the sentence signals and the question signals the answerer computes."""
    answerer = ExtractiveAnswerer()
    query, evidence = analyze("How much did the repairs cost?"), evidence_for()
    sents, sigs = answerer.signals(query, evidence)
    qsig = answerer.question_signals(query, evidence, sents, sigs, [0.5] * len(sents))
    return tuple(sigs[0]), tuple(qsig)


def test_logistic_is_standardised_linear_then_sigmoid_or_platt():
    m = Logistic(("a", "b"), np.array([1.0, 0.0]), np.array([2.0, 1.0]), np.array([1.0, -1.0]), 0.5)
    z = (3.0 - 1.0) / 2.0 * 1.0 + 2.0 * -1.0 + 0.5
    assert m.probability([{"a": 3.0, "b": 2.0}])[0] == pytest.approx(1 / (1 + math.exp(-z)))
    platt = Logistic(m.features, m.mean, m.scale, m.coef, m.intercept, a=-2.0, b=0.3)
    assert platt.probability([{"a": 3.0, "b": 2.0}])[0] == pytest.approx(1 / (1 + math.exp(-2.0 * z + 0.3)))
    again = Logistic.from_json(json.loads(json.dumps(platt.to_json())))
    assert again.probability([{"a": 3.0, "b": 2.0}])[0] == pytest.approx(
        platt.probability([{"a": 3.0, "b": 2.0}])[0]
    )


def test_the_ranker_picks_the_sentence_its_weights_favour(names):
    sent_f, q_f = names
    query, evidence = analyze("How much did the work cost?"), evidence_for(dense={2: 0.9, 1: 0.1})
    by_dense = ExtractiveAnswerer(model=model_with(sent_f, q_f, {"dense": 5.0}, {}, threshold=0.0))
    answer = by_dense.answer(query, evidence)
    assert answer.status == "answered"
    assert "14 million pounds" in answer.answer and "eight months" not in answer.answer
    assert TEXT[answer.citations[0].start : answer.citations[0].end] == answer.citations[0].text
    by_first = ExtractiveAnswerer(model=model_with(sent_f, q_f, {"first": 5.0}, {}, threshold=0.0))
    assert (
        "Harbour bridge reopens" in by_first.answer(analyze("What happened to the bridge?"), evidence).answer
    )


def test_the_refusal_model_decides_at_its_threshold(names):
    sent_f, q_f = names
    query, evidence = analyze("How much did the repairs cost?"), evidence_for(dense={2: 0.9})
    # P(answerable) = sigmoid(intercept) = 0.73 whatever the signals: answered at 0.7, refused at 0.75.
    assert (
        ExtractiveAnswerer(model=model_with(sent_f, q_f, {}, {}, 0.7, intercept=1.0))
        .answer(query, evidence)
        .status
        == "answered"
    )
    refused = ExtractiveAnswerer(model=model_with(sent_f, q_f, {}, {}, 0.75, intercept=1.0)).answer(
        query, evidence
    )
    assert refused.status == "not_found" and refused.answer.startswith("The article doesn't say")
    # A weight on a signal moves the decision: the article covers these words, so coverage lifts it.
    covered = model_with(sent_f, q_f, {}, {"article_cov": 4.0}, 0.75, intercept=-1.0)
    assert ExtractiveAnswerer(model=covered).answer(query, evidence).status == "answered"
    assert (
        ExtractiveAnswerer(model=covered)
        .answer(analyze("Who designed the new ferry terminal?"), evidence)
        .status
        == "not_found"
    )


def test_answers_stay_within_400_characters(names):
    sent_f, q_f = names
    long = (
        "Harbour bridge reopens\n"
        + "The bridge "
        + "was repaired and painted again " * 30
        + "at a cost of 9 million pounds."
    )
    answer = ExtractiveAnswerer(model=model_with(sent_f, q_f, {}, {}, 0.0)).answer(
        analyze("How much did the repairs cost?"), evidence_for(long)
    )
    assert answer.status == "answered" and len(answer.answer) <= 400


@pytest.mark.skipif(not DEFAULT_PATH.exists(), reason="no fitted model shipped")
def test_the_shipped_model_names_the_signals_the_answerer_computes(names):
    sent_f, q_f = names
    model = load_fact_model()
    assert set(model.ranker.features) == set(sent_f)
    assert set(model.refusal.features) == set(q_f)
    assert 0.0 < model.threshold < 1.0 and model.refusal.a is not None
    assert model.info["fitted_on"].startswith("NewsQA dev")


def test_a_runner_up_that_would_overrun_400_characters_is_left_out(names):
    sent_f, q_f = names
    first = "The harbour bridge was repaired " + "and painted again " * 17 + "at last."
    second = "The bridge cost 9 million pounds."
    assert len(first) + len(second) <= 380  # the pair is short enough to be chosen together ...
    text = f"Harbour bridge reopens\n{first} {second} Cyclists will get a lane."
    model = FactModel(logistic(sent_f, {"dense": 5.0}), logistic(q_f, {}), 0.0, 0.0, {})
    evidence = evidence_for(text, dense={1: 0.85, 2: 0.9})
    answer = ExtractiveAnswerer(model=model).answer(analyze("How much did the bridge cost?"), evidence)
    # ... but with its lead ("9 million pounds — ") and marks it would not fit: the best sentence stays alone.
    assert answer.status == "answered" and len(answer.answer) <= 400, answer.answer
    assert "9 million pounds" in answer.answer and "painted" not in answer.answer


def test_a_runner_up_from_another_article_is_left_out(names):
    sent_f, q_f = names
    one = evidence_for(dense={2: 0.9})
    other_text = "Ferry fares rise\nThe work on the new ferry cost 12 million pounds."
    other = evidence_for(other_text, dense={1: 0.88})
    doc = other.docs["d1"]
    renamed = [
        type(c)(id=f"o{c.id}", page_content=c.page_content, metadata={**c.metadata, "doc_id": "d2"})
        for c in other.chunks
    ]
    both = Evidence(
        chunks=one.chunks + renamed,
        docs={"d1": one.docs["d1"], "d2": dataclasses.replace(doc, doc_id="d2", source="test2")},
        n_chunks=len(one.chunks) + len(renamed),
    )
    model = FactModel(logistic(sent_f, {"dense": 5.0}), logistic(q_f, {}), 0.0, 0.0, {})
    answer = ExtractiveAnswerer(model=model).answer(analyze("How much did the work cost?"), both)
    # The two best sentences sit in different articles: only the best one answers, one article cited.
    assert answer.status == "answered" and "the city council said" in answer.answer, answer.answer
    assert {c.doc_id for c in answer.citations} == {"d1"}, answer.answer
    rules = ExtractiveAnswerer().rule_answer(analyze("How much did the work cost?"), both)
    assert len({c.doc_id for c in rules.citations}) <= 1, rules.answer
