"""index.chunking: sentences inside paragraphs, sentence-window chunks, exact offsets into the text."""

from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.chunking import MIN_SENTENCE_CHARS, make_chunks, paragraphs, split_sentences

ARTICLE = """Storm closes port of Kessel
Harbour master Jan Vos shut the port on Monday as gale winds swept the coast. Ferries stayed in port all day.
Short line.
Mr. Vos said the U.S. Coast Guard had sent a cutter. It arrived at 6 p.m. on Monday.
  “Stay home tonight,” he said. “Really.”

The port will reopen on Wednesday if the wind drops below 60 km/h, officials said.
"""


@pytest.fixture(scope="module")
def doc(nlp):
    return nlp(ARTICLE)


def check_chunks(text: str, sentences, chunks) -> None:
    """Every structural promise the chunker makes, on any text."""
    paras = paragraphs(text)
    assert len(chunks) == len(sentences)
    assert len({c.id for c in chunks}) == len(chunks), "chunk ids are unique"
    prev_end = 0
    for i, (s, c) in enumerate(zip(sentences, chunks, strict=True)):
        assert c.seq == i and c.para == s.para
        assert (c.focus_start, c.focus_end) == (s.start, s.end)
        assert 0 <= c.start <= c.focus_start < c.focus_end <= c.end <= len(text)
        assert text[c.start:c.end] == c.text
        focus = text[c.focus_start:c.focus_end]
        assert focus.strip() == focus and focus, repr(focus)
        assert "\n" not in focus, f"a sentence crosses a line: {focus!r}"
        p_start, p_end = paras[s.para]
        assert p_start <= s.start and s.end <= p_end, "a sentence stays in its paragraph"
        assert s.start >= prev_end, "sentences are in order and do not overlap"
        prev_end = s.end
        # The window is the sentence and its neighbours.
        assert c.start == sentences[max(0, i - 1)].start
        assert c.end == sentences[min(len(sentences) - 1, i + 1)].end
        for _label, a, b in json.loads(c.ents):
            assert c.focus_start <= a < b <= c.focus_end
    # Every non-blank paragraph is covered: its text is exactly its sentences plus whitespace between them.
    for p, (p_start, p_end) in enumerate(paras):
        mine = [s for s in sentences if s.para == p]
        assert mine, f"paragraph {p} has no sentence: {text[p_start:p_end]!r}"
        assert mine[0].start == p_start and mine[-1].end == p_end
        for a, b in itertools.pairwise(mine):
            assert not text[a.end:b.start].strip(), "nothing between two sentences but whitespace"
        # A fragment shorter than MIN_SENTENCE_CHARS is only ever a paragraph of its own.
        if len(mine) > 1:
            short = [text[s.start:s.end] for s in mine if s.end - s.start < MIN_SENTENCE_CHARS]
            assert not short, short
    assert {s.para for s in sentences} == set(range(len(paras)))


def test_paragraphs_are_trimmed_non_blank_lines():
    text = "  Title  \n\n \t \nFirst para.\n  Second para.  \n"
    assert [text[a:b] for a, b in paragraphs(text)] == ["Title", "First para.", "Second para."]
    assert paragraphs("") == [] and paragraphs(" \n\n\t") == []


def test_headline_and_one_line_paragraphs_are_chunks(doc):
    chunks = make_chunks(doc, "doc1", "Storm closes port of Kessel")
    focus = [ARTICLE[c.focus_start:c.focus_end] for c in chunks]
    assert focus[0] == "Storm closes port of Kessel"
    assert "Short line." in focus
    assert focus[-1] == "The port will reopen on Wednesday if the wind drops below 60 km/h, officials said."
    assert all(c.title == "Storm closes port of Kessel" and c.doc_id == "doc1" for c in chunks)


def test_sentences_split_inside_a_paragraph_but_never_across_lines(doc):
    sents = [ARTICLE[s.start:s.end] for s in split_sentences(doc)]
    assert "Harbour master Jan Vos shut the port on Monday as gale winds swept the coast." in sents
    assert "Ferries stayed in port all day." in sents
    assert all("\n" not in s for s in sents)
    assert "Mr. Vos said the U.S. Coast Guard had sent a cutter." in sents, "abbreviations end no sentence"


def test_tiny_fragments_are_merged_into_the_previous_sentence(doc):
    sents = [ARTICLE[s.start:s.end] for s in split_sentences(doc)]
    assert "“Stay home tonight,” he said. “Really.”" in sents
    assert "“Really.”" not in sents


def test_offsets_and_windows(doc):
    chunks = make_chunks(doc, "doc1", "t")
    check_chunks(ARTICLE, split_sentences(doc), chunks)
    middle = chunks[2]
    assert middle.text == ARTICLE[chunks[1].focus_start:chunks[3].focus_end]


def test_window_zero_is_the_sentence_alone(doc):
    for c in make_chunks(doc, "doc1", "t", window=0):
        assert (c.start, c.end) == (c.focus_start, c.focus_end)


def test_chunk_ids_are_stable_and_depend_on_the_document(nlp, doc):
    a = [c.id for c in make_chunks(doc, "doc1", "t")]
    assert a == [c.id for c in make_chunks(nlp(ARTICLE), "doc1", "other title")]
    assert not set(a) & {c.id for c in make_chunks(doc, "doc2", "t")}


def test_entities_are_those_inside_the_focus_sentence(doc):
    chunks = make_chunks(doc, "doc1", "t")
    found = {ARTICLE[a:b]: label for c in chunks for label, a, b in json.loads(c.ents)}
    assert found.get("Jan Vos") == "PERSON"
    assert "Monday" in found and "Wednesday" in found


def test_metadata_is_flat_and_complete(doc):
    meta = make_chunks(doc, "doc1", "t")[1].metadata()
    assert set(meta) == {
        "doc_id", "title", "seq", "para", "start", "end", "focus_start", "focus_end", "ents", "cuts"
    }
    assert all(isinstance(v, str | int) for v in meta.values())


def test_each_chunk_keeps_the_asides_of_its_own_sentence(nlp):
    text = (
        "Norland Batteries, a maker of storage systems, said on Monday it would close a plant.\n"
        "Pia Lund, who has led the firm since January, declined to comment on the closure on Monday."
    )
    chunks = make_chunks(nlp(text), "doc1", "t")
    cut = [[text[a:b] for a, b in json.loads(c.cuts)] for c in chunks]
    assert cut == [[", a maker of storage systems,"], [", who has led the firm since January,"]]


# --- properties over random documents -------------------------------------------------------------------

WORDS = ["the", "council", "said", "Mr.", "Mrs.", "Dr.", "U.S.", "e.g.", "approx.", "Zürich", "café", "naïve",
         "Škoda", "São", "Paulo", "“quoted", "words,”", "‘single’", "«guillemets»", "—", "–", "3.5", "1,200",
         "km/h", "$40", "it's", "O’Neill", "(brackets)", "Ukraine", "year", "voted", "a", "plan", "tram",
         "no.", "vs.", "St.", "Jan.", "!", "?", "...", "…", "\"plain\"", "x"]
ENDINGS = [".", "!", "?", ".”", "?”", "…", "", ".\"", ".)", "!!"]
SPACES = [" ", "  ", "\t", "\u00a0"]

sentence = st.builds(
    lambda first, rest, end: (first.capitalize() + (" " + " ".join(rest) if rest else "") + end),
    st.sampled_from(WORDS), st.lists(st.sampled_from(WORDS), max_size=14), st.sampled_from(ENDINGS))


def interleave(parts: list[str], seps: list[str]) -> str:
    return "".join(p + seps[i % len(seps)] for i, p in enumerate(parts))


paragraph = st.builds(lambda sents, seps: interleave(sents, seps).rstrip(" "),
                      st.lists(sentence, min_size=1, max_size=5),
                      st.lists(st.sampled_from(SPACES), min_size=1))
document = st.builds(
    lambda lead, paras, breaks, tail: lead + interleave(paras, breaks) + tail,
    st.sampled_from(["", " ", "\n", "  \n\n ", "\t"]), st.lists(paragraph, min_size=1, max_size=6),
    st.lists(st.sampled_from(["\n", "\n\n", "\n  \n", " \n", "\n\t\n\n"]), min_size=1),
    st.sampled_from(["", " ", "\n", "\n\n  "]))


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=document)
def test_chunk_invariants_on_random_news_like_documents(nlp, text):
    doc = nlp(text)
    sentences = split_sentences(doc)
    check_chunks(text, sentences, make_chunks(doc, "d", "t"))


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Zl", "Zp", "Cc"),
                                           include_characters="\n\t "), max_size=300))
def test_chunk_invariants_on_arbitrary_text(nlp, text):
    doc = nlp(text)
    sentences = split_sentences(doc)
    check_chunks(text, sentences, make_chunks(doc, "d", "t"))
