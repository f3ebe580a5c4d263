"""Asked of no article in particular, a fact question is answered from its likeliest story or asks which one.

Fast: hand-made evidence over two invented articles and small hand-made models; the shipped model file is
checked too (it loads and names exactly the signals the answerer computes).
"""

from __future__ import annotations

import dataclasses

import pytest

from bot.answerers.extractive import ExtractiveAnswerer
from bot.answerers.model import ARTICLE_PATH, ArticleModel, FactModel, load_article_model
from bot.articles import WHICH_KIND
from bot.evidence import Evidence
from bot.questions import analyze
from tests.bot.test_fact_model import evidence_for, logistic

BRIDGE = (
    "Harbour bridge reopens after repairs\n"
    "The Harbour bridge in Lowmouth reopened on Saturday after eight months of repairs. "
    "The work cost 14 million pounds, the city council said. "
    "Cyclists will get a separate lane from next spring."
)
FERRY = "Ferry fares rise in Dunmere\nThe work on the new ferry cost 12 million pounds. Fares rise in May."


def two_stories() -> Evidence:
    """Both articles' sentences as one unscoped search hands them over (the bridge's sum scores higher)."""
    one = evidence_for(BRIDGE, dense={2: 0.9})
    other = evidence_for(FERRY, dense={1: 0.8})
    renamed = [
        type(c)(id=f"o{c.id}", page_content=c.page_content, metadata={**c.metadata, "doc_id": "d2"})
        for c in other.chunks
    ]
    return Evidence(
        chunks=one.chunks + renamed,
        docs={
            "d1": one.docs["d1"],
            "d2": dataclasses.replace(other.docs["d1"], doc_id="d2", title="Ferry fares rise in Dunmere"),
        },
        n_chunks=len(one.chunks) + len(renamed),
    )


def held_by_bridge(query, evidence) -> float:
    from bot.answerers.extractive import coverage, named
    from bot.text import terms

    return coverage(query.terms, named(query, terms(BRIDGE)), evidence)


@pytest.fixture
def features() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The names of the sentence, question and article signals the answerer computes."""
    answerer = ExtractiveAnswerer()
    query, evidence = analyze("How much did the work cost?"), two_stories()
    sents, sigs = answerer.signals(query, evidence)
    qsig = answerer.question_signals(query, evidence, sents, sigs, [0.5] * len(sents))
    _, asig = answerer.article_signals(query, evidence, sents, [0.5] * len(sents))
    return tuple(sigs[0]), tuple(qsig), tuple(asig)


def answerer(
    features, coef: dict[str, float], intercept: float, threshold: float = 0.5
) -> ExtractiveAnswerer:
    """Rank by cosine, always answer, and choose the article with these weights."""
    sent_f, q_f, art_f = features
    fact = FactModel(logistic(sent_f, {"dense": 5.0}), logistic(q_f, {}), 0.0, 1.01, {})
    return ExtractiveAnswerer(
        model=fact, article_model=ArticleModel(logistic(art_f, coef, intercept), threshold, {})
    )


def test_an_unlikely_story_is_not_guessed_the_likeliest_are_offered(features) -> None:
    # P(the best article is meant) = sigmoid(-2) = 0.12 < 0.5: ask, the bridge (best sentence) first.
    answer = answerer(features, {}, -2.0).answer(analyze("How much did the work cost?"), two_stories())
    assert answer.kind == WHICH_KIND and answer.status == "answered" and not answer.citations
    assert [c["doc_id"] for c in answer.choices] == ["d1", "d2"]
    assert answer.answer.startswith("Which article do you mean?")
    assert (
        "1. Harbour bridge reopens after repairs" in answer.answer and "2. Ferry fares rise" in answer.answer
    )


def test_a_likely_story_is_answered_from(features) -> None:
    answer = answerer(features, {}, 2.0).answer(analyze("How much did the work cost?"), two_stories())
    assert answer.kind != WHICH_KIND and "14 million pounds" in answer.answer
    assert {c.doc_id for c in answer.citations} == {"d1"}


def test_a_weight_on_a_signal_moves_the_choice(features) -> None:
    query = analyze("How much did the work cost?")
    chooser = answerer(features, {}, 0.0)  # its ranker is the one the decision below sees
    sents, sigs = chooser.signals(query, two_stories())
    probs = chooser.model.ranker.probability(sigs).tolist()
    share = chooser.article_signals(query, two_stories(), sents, probs)[1]["top_share"]
    assert 0 < share < 1
    # The same weight on the best article's share of the likeliest sentences; the intercept puts the
    # decision just below or just above it.
    assert (
        answerer(features, {"top_share": 10.0}, 1.0 - 10.0 * share).answer(query, two_stories()).kind
        != WHICH_KIND
    )
    assert (
        answerer(features, {"top_share": 10.0}, -1.0 - 10.0 * share).answer(query, two_stories()).kind
        == WHICH_KIND
    )


def test_only_articles_naming_what_the_question_names_stay_candidates() -> None:
    evidence = two_stories()
    evidence.naming(["Lowmouth"])
    assert {c.metadata["doc_id"] for c in evidence.chunks} == {"d1"}
    evidence = two_stories()
    evidence.naming(["Dunmere", "Lowmouth"])  # no article names both
    assert evidence.chunks == [] and set(evidence.docs) == {"d1", "d2"}  # the articles are still searched
    evidence = two_stories()
    evidence.naming([])
    assert {c.metadata["doc_id"] for c in evidence.chunks} == {"d1", "d2"}


def test_a_question_scoped_to_an_article_or_with_one_article_is_never_asked_back(features) -> None:
    chooser = answerer(features, {}, -5.0)
    scoped = dataclasses.replace(two_stories(), scope="d1")
    assert chooser.answer(analyze("How much did the work cost?"), scoped).kind != WHICH_KIND
    alone = evidence_for(BRIDGE, dense={2: 0.9})
    assert chooser.answer(analyze("How much did the work cost?"), alone).kind != WHICH_KIND


def test_the_article_signals_rank_articles_by_their_best_sentence() -> None:
    query, evidence = analyze("How much did the work in Lowmouth cost?"), two_stories()
    answerer = ExtractiveAnswerer()
    sents, _ = answerer.signals(query, evidence)
    probs = [0.9 if s.doc_id == "d2" else 0.3 for s in sents]
    order, sig = answerer.article_signals(query, evidence, sents, probs)
    assert order == ["d2", "d1"]
    assert sig["p1"] == pytest.approx(0.9) and sig["ratio"] == pytest.approx(0.3 / 0.9)
    # "Lowmouth" is in the bridge story only: the ferry story holds less of the question.
    assert sig["cov1"] < held_by_bridge(query, evidence) and sig["cov_gap"] < 0
    # The five likeliest sentences: the ferry story's first, then the bridge's.
    k, ferry = min(5, len(sents)), sum(s.doc_id == "d2" for s in sents)
    assert sig["top_share"] == pytest.approx(min(ferry, k) / k) and 0 < sig["top_share"] < 1


def test_the_shipped_article_model_names_the_signals_the_answerer_computes(features) -> None:
    assert ARTICLE_PATH.exists(), "bot/answerers/data/article_model.json: run eval/fit_article.py"
    model = load_article_model()
    assert set(model.choice.features) == set(features[2])
    assert 0.0 < model.threshold < 1.0 and model.choice.a is not None
    assert model.info["fitted_on"].startswith("NewsQA dev")


@pytest.mark.parametrize(
    ("word", "named"),
    [
        ("Lowmouth", True),
        ("Lowmouth's", True),
        ("Lowmoth", True),  # one letter missed
        ("Lowmuoth", True),  # two swapped
        ("Harbur", True),
        ("Hightown", False),
        ("Lomwuoth", False),  # two edits
        ("Xowmouth", False),  # another first letter: another name
        ("Lanes", False),  # one letter from "lane", but that is no name in the article (not capitalised)
        ("Lone", False),  # one letter from "lane", but a short name is not forgiven a letter
    ],
)
def test_a_name_typed_one_letter_off_still_names_the_article(word: str, named: bool) -> None:
    evidence = evidence_for(BRIDGE)
    assert evidence.mentions(word) is named
    assert evidence.mentions(word, "d1") is named


def test_an_answer_named_by_its_article_still_keeps_within_400_characters(features) -> None:
    from bot.articles import name_sources

    long = (
        "A very long headline about the harbour bridge in Lowmouth and the many months of its repairs\n"
        + "The bridge "
        + "was repaired and painted again " * 12
        + "at a cost of 9 million pounds."
    )
    one = evidence_for(long, dense={1: 0.9})
    both = two_stories()
    evidence = dataclasses.replace(
        both,
        chunks=one.chunks + both.chunks[len(evidence_for(BRIDGE).chunks) :],
        docs={**both.docs, "d1": dataclasses.replace(one.docs["d1"], title=long.split("\n")[0])},
    )
    query = analyze("How much did the repairs cost?")
    titles = {d: doc.title for d, doc in evidence.docs.items()}
    lengths = []
    # Named plainly (no article chosen), or as "(not the current article)" (the service says which).
    for current, aside in ((None, False), ("d2", True)):
        answer = answerer(features, {}, 5.0).answer(query, dataclasses.replace(evidence, aside=aside))
        assert answer.status == "answered" and {c.doc_id for c in answer.citations} == {"d1"}, answer.answer
        named = name_sources(answer, titles, current).answer
        assert named.startswith("From ‘A very long headline") and len(named) <= 400, (len(named), named)
        assert len(named) >= 390  # the room left is what the line takes, no more
        lengths.append(len(answer.answer))
    assert lengths[0] > lengths[1]
    # Scoped to the article, nothing is added before it: the passage may use the whole length; asked
    # again scoped with the line to come (`named`), the same room is left as across articles.
    scoped = answerer(features, {}, 5.0).answer(query, dataclasses.replace(evidence, scope="d1"))
    assert len(scoped.answer) > lengths[0]
    again = answerer(features, {}, 5.0).answer(query, dataclasses.replace(evidence, scope="d1", named=True))
    assert len(again.answer) == lengths[0]
