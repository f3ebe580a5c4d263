"""The pure stages of index.quotes: layout arithmetic and quotation-mark pairing, without spaCy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from index.lexicon import lexicon
from index.quotes.layout import paragraphs, sentence_numbers
from index.quotes.marks import Segment, bind_marks, find_segments, pair_marks


def segments(text: str) -> list[Segment]:
    return list(pair_marks(text, paragraphs(text)))


def quoted(text: str) -> list[str]:
    return [text[s.start : s.end] for s in segments(text)]


# --- quotation marks ------------------------------------------------------------------------------


def test_a_closed_quote_is_its_content_without_marks_or_trailing_comma():
    text = "“We will reopen the ferry in May,” the harbour master said."
    [seg] = segments(text)
    assert text[seg.start : seg.end] == "We will reopen the ferry in May"
    assert (seg.para, seg.open_pos, seg.outer_end) == (0, 0, text.index("”") + 1)
    assert seg.closed and seg.soft_end  # ended on a comma: the attribution follows
    assert seg.at_para_start and not seg.at_para_end


def test_a_full_stop_inside_the_marks_is_kept_and_is_not_a_soft_end():
    text = "The mayor said: “Every hour counts.”"
    [seg] = segments(text)
    assert text[seg.start : seg.end] == "Every hour counts."
    assert not seg.soft_end and seg.at_para_end and not seg.at_para_start


def test_an_unclosed_quote_runs_to_the_end_of_its_paragraph_only():
    text = "“The bridge will hold through the winter\n“It was built to last,” she said."
    first, second = segments(text)
    assert text[first.start : first.end] == "The bridge will hold through the winter"
    assert not first.closed and first.at_para_end and first.outer_end == text.index("\n")
    assert (first.para, second.para) == (0, 1)
    assert second.closed and second.at_para_start


def test_a_new_opener_ends_a_quote_left_open():
    text = "“One thing at a time “and then the next,” he said."
    assert quoted(text) == ["One thing at a time", "and then the next"]
    assert [s.closed for s in segments(text)] == [False, True]


@pytest.mark.parametrize(
    "text",
    [
        "“I would rather live in what he calls “hell” than stay here,” she said.",
        '"I will read you the question: “Do you trust them?” Most said no," he said.',
    ],
)
def test_a_quote_inside_a_quote_stays_inside_when_both_are_closed(text):
    [seg] = segments(text)
    assert seg.closed and text[seg.start : seg.end].endswith(("than stay here", "Most said no"))


def test_a_nickname_inside_a_name_is_no_quote():
    text = 'State Rep. Loretta "Lolo" Banks shouted, "The whole county is watching." He said “Yes” then.'
    assert quoted(text) == ["The whole county is watching.", "Yes"]


def test_closers_toggle_when_the_paragraph_has_no_opener():
    text = "”Close the gates,” the warden said. ”Nobody leaves tonight.”"
    assert quoted(text) == ["Close the gates", "Nobody leaves tonight."]


def test_straight_quotes_pair_in_order():
    text = 'She said "we are ready" and "the crews are in place".'
    assert quoted(text) == ["we are ready", "the crews are in place"]


def test_a_straight_quote_inside_a_straight_quote_nests_when_both_close():
    text = 'Rowe tweeted, "Reporting that the gunman shouted "Stop!" as he ran." Then he deleted it.'
    assert quoted(text) == ['Reporting that the gunman shouted "Stop!" as he ran.']


def test_a_dropped_straight_mark_does_not_turn_the_rest_of_the_paragraph_inside_out():
    # Wire copy often runs a whole story as one paragraph; one missing closing mark must not make every
    # later quote narration and every later narration a quote.
    text = (
        'The pier reopened. "It feels like summer again, the harbour master said. Crowds came early. '
        '"Sales are up a third," said Tom Hale, who runs a bakery. "We hired two people."'
    )
    assert quoted(text) == ["It feels like summer again", "Sales are up a third", "We hired two people."]
    # The first quote ends where its attribution begins (", the harbour master said"), a soft end.
    assert [(s.closed, s.soft_end) for s in segments(text)] == [(True, True), (True, True), (True, False)]


def test_a_quote_left_open_at_the_paragraph_end_runs_on_without_an_attribution_inside():
    text = '"We will rebuild the pier, and we will do it this year\n"It is our town," she said.'
    assert quoted(text) == ["We will rebuild the pier, and we will do it this year", "It is our town"]


def test_a_straight_mark_that_can_only_close_does_not_open():
    text = 'The band played on." Then the lights went out. "We kept going," the drummer said.'
    assert quoted(text) == ["We kept going"]


def test_a_free_standing_arrow_in_web_copy_opens_no_quote():
    text = 'Watch the video » The council met on Monday. "We will vote in May," the mayor said.'
    assert quoted(text) == ["We will vote in May"]


def test_a_double_mark_one_space_from_an_inner_single_quote_still_pairs():
    # Typesetters space a quote inside a quote from the outer mark: `,' "` closes, `" '` opens.
    text = (
        'He said the band "would not play a \'reunion show,\' " Ames said. '
        '" \'Never again\' is what they told me," he added.'
    )
    assert quoted(text) == ["would not play a 'reunion show,'", "'Never again' is what they told me"]


def test_a_mark_before_an_ellipsis_opens_a_quote_taken_up_mid_speech():
    text = '"She blasted me with pepper spray," Ames said."... I stomped on the gas and drove off."'
    assert quoted(text) == ["She blasted me with pepper spray", "... I stomped on the gas and drove off."]


def test_a_stray_closer_after_a_closed_quote_is_ignored():
    text = "“We are ready,” he said.” Later that day"
    assert quoted(text) == ["We are ready"]


def test_marks_around_nothing_or_only_punctuation_give_no_span():
    assert segments("“” and “ , ” and “...”") == []
    assert segments("") == []
    assert segments("“") == []


def test_guillemets_and_low_openers_count_as_openers():
    assert quoted("«Nous restons» et ils partent.") == ["Nous restons"]
    # “ is an opener too, so German „…“ reads as two openers: the second ends the first quote.
    assert quoted("Er sagte „Wir bleiben“ heute.") == ["Wir bleiben", "heute."]


def test_find_segments_reads_only_its_paragraph():
    text = "Intro line.\n“Inside the second paragraph,” he said.\n“Third”"
    (ps, pe) = paragraphs(text)[1]
    [seg] = find_segments(text, 1, ps, pe)
    assert seg.para == 1 and text[seg.start : seg.end] == "Inside the second paragraph"


def test_segments_are_frozen():
    [seg] = segments("“We are ready,” he said.")
    with pytest.raises(AttributeError):
        seg.start = 0  # type: ignore[misc]


def test_bind_marks_maps_tokens_inside_the_marks_to_their_span():
    text = "He said “yes now” and “no”.\n“Later”"
    segs = segments(text)
    # A whitespace tokenizer's token starts stand in for spaCy's.
    starts = [0, 3, 8, 9, 13, 16, 18, 22, 23, 25, 26, 28, 29, 34]
    marks = bind_marks(segs, starts)
    assert len(marks.seg_of) == len(starts)
    covered = {k: [starts[i] for i, s in enumerate(marks.seg_of) if s == k] for k in range(len(segs))}
    assert covered[0] == [8, 9, 13, 16]  # “ yes now ”
    assert covered[1] == [22, 23, 25]  # “ no ”
    assert marks.seg_of[0] == marks.seg_of[1] == -1
    assert dict(marks.segs_in_para) == {0: (0, 1), 1: (2,)}


# --- layout ---------------------------------------------------------------------------------------------


def test_paragraphs_are_lines_with_their_offsets():
    text = "Headline\n\nFirst paragraph.\nSecond."
    paras = paragraphs(text)
    assert [text[s:e] for s, e in paras] == ["Headline", "", "First paragraph.", "Second."]
    assert paragraphs("") == ((0, 0),)


def test_sentence_numbers_restart_at_paragraph_breaks():
    # Tokens 0-4 in paragraph 0, 5-7 in paragraph 1; the parser's sentences start at 0 and 3 only.
    para_of = (0, 0, 0, 0, 0, 1, 1, 1)
    assert sentence_numbers(para_of, {0, 3}) == (0, 0, 0, 1, 1, 2, 2, 2)
    assert sentence_numbers(para_of, set()) == (0, 0, 0, 0, 0, 1, 1, 1)


# --- lexicon and imports --------------------------------------------------------------------------------


def test_the_lexicon_loads_once_as_frozen_sets():
    lex = lexicon()
    assert lexicon() is lex
    assert {"say", "tell", "warn"} <= lex.indirect_cues
    assert isinstance(lex.title_words, frozenset) and "minister" in lex.title_words
    assert lex.honorifics["mrs"] == "f" and lex.honorifics["dr"] is None
    assert any("lawyer" in group for group in lex.representative_groups)


def test_the_pure_stages_import_without_spacy():
    code = "import sys, index.quotes.marks, index.quotes.layout; print(any(m.startswith('spacy') for m in sys.modules))"
    root = str(Path(__file__).resolve().parents[2])  # this checkout, not an installed copy
    env = {**os.environ, "PYTHONPATH": root}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.strip() == "False"


def test_speech_forms_inflect_the_reporting_verbs_once_for_every_module():
    from index.lexicon import speech_forms

    forms = set(speech_forms())
    assert {"said", "says", "told", "warned", "stresses", "added", "argued", "spoke"} <= forms
    # Verbs of holding a view only when asked for; -ing forms only "saying" ("warning" is a noun too).
    assert "thought" not in forms and "thought" in speech_forms(opinions=True)
    assert [f for f in forms if f.endswith("ing")] == ["saying"]
    assert list(speech_forms()) == sorted(forms, key=lambda f: (-len(f), f))  # longest first, for regexes
