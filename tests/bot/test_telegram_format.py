"""Unit tests of Telegram HTML rendering and splitting (no network, no models)."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.schema import Answer, Citation
from bot.telegram.format import (
    LIMIT,
    bold_names,
    pack,
    render_answer,
    render_quotes,
    render_sources,
    split_text,
    visible_length,
)

_TAG = re.compile(r"</?([a-z-]+)[^>]*>")


def balanced(markup: str) -> bool:
    """Tags open and close in nested order, as Telegram's HTML parser demands."""
    stack: list[str] = []
    for m in _TAG.finditer(markup):
        if m.group(0).startswith("</"):
            if not stack or stack.pop() != m.group(1):
                return False
        else:
            stack.append(m.group(1))
    return not stack


def plain(markup: str) -> str:
    return html.unescape(_TAG.sub("", markup))


def test_short_text_is_one_piece_and_whitespace_only_is_none() -> None:
    assert split_text("  Hello.  ") == ["Hello."]
    assert split_text(" \n ") == []


def test_split_prefers_paragraphs_then_sentences() -> None:
    para = "First sentence here. Second one follows."
    text = "\n\n".join([para] * 3)
    assert split_text(text, limit=len(para) + 5) == [para] * 3
    assert split_text(para, limit=25) == ["First sentence here.", "Second one follows."]


def test_split_keeps_citation_markers_with_their_sentence() -> None:
    text = "It costs 240 million. [1] It opens in 2027. [2] More follows here."
    assert split_text(text, limit=30) == ["It costs 240 million. [1]", "It opens in 2027. [2]",
                                          "More follows here."]


def test_an_enormous_word_is_cut_hard() -> None:
    assert split_text("x" * 25, limit=10) == ["x" * 10, "x" * 10, "x" * 5]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab <>&.!?\n“”[]1 ")), max_size=400), st.integers(5, 60))
def test_split_never_exceeds_the_limit_and_loses_no_words(text: str, limit: int) -> None:
    pieces = split_text(text, limit)
    assert all(0 < len(p) <= limit for p in pieces)
    assert "".join("".join(pieces).split()) == "".join(text.split())


def test_plain_answers_are_escaped() -> None:
    (message,) = render_answer(Answer("answered", "Is 2 < 3 & <b>bold</b>? [1]"))
    assert message == "Is 2 &lt; 3 &amp; &lt;b&gt;bold&lt;/b&gt;? [1]"


def test_quote_answers_bold_the_speaker_and_blockquote_the_quote() -> None:
    answer = Answer("answered", "Elena Ruiz (Mayor) said: “This tram <will> connect us” [1]", kind="who_said",
                    speakers=["Elena Ruiz"])
    (message,) = render_answer(answer)
    assert message == ("<b>Elena Ruiz</b> (Mayor) said:\n"
                       "<blockquote>“This tram &lt;will&gt; connect us” [1]</blockquote>")


def test_what_said_bullets_become_blockquotes_with_trailing_text_kept() -> None:
    text = "Tom Becker said:\n• “We spend a fortune” [1]\n• “Buses fall apart” [2], he added."
    (message,) = render_answer(Answer("answered", text, kind="what_said", speakers=["Tom Becker"]))
    assert message == ("<b>Tom Becker</b> said:\n<blockquote>“We spend a fortune” [1]</blockquote>\n"
                       "<blockquote>“Buses fall apart” [2]</blockquote>\n, he added.")
    assert balanced(message)


def test_bold_names_escapes_around_the_names() -> None:
    assert bold_names("A&B met Ann <x>", ["Ann", "A&B"]) == "<b>A&amp;B</b> met <b>Ann</b> &lt;x&gt;"


@pytest.mark.parametrize("kind", ["fact", "what_said"])
def test_long_answers_split_into_valid_messages(kind: str) -> None:
    bullet = "• “" + "word " * 60 + "end” [1]"
    text = "Someone said:\n" + "\n".join([bullet] * 40)
    messages = render_answer(Answer("answered", text, kind=kind, speakers=["Someone"]))
    assert len(messages) > 1
    for m in messages:
        assert visible_length(m) <= LIMIT and balanced(m)
    assert "".join("".join(plain(m) for m in messages).split()).replace("•", "") == \
        "".join(text.split()).replace("•", "")


def test_sources_show_each_passage_under_its_number_and_title() -> None:
    citations = [Citation(1, "d", "Title <1>", "A & B.", 0, 6), Citation(2, "d", "T2", "x" * 5000, 0, 5000)]
    messages = render_sources(citations)
    assert messages[0].startswith(
        "<b>Sources</b>\n\n<b>[1]</b> <i>Title &lt;1&gt;</i>\n<blockquote>A &amp; B.")
    assert all(visible_length(m) <= LIMIT and balanced(m) for m in messages)
    assert sum(plain(m).count("x") for m in messages) == 5000


def test_quotes_are_grouped_by_speaker() -> None:
    records = [{"speaker": "A", "role": "mayor", "quote": "one", "kind": "direct"},
               {"speaker": "B", "role": None, "quote": "two", "kind": "indirect"},
               {"speaker": "A", "role": None, "quote": "three", "kind": "direct"}]
    (message,) = render_quotes(records)
    assert message == ("<b>A</b>, mayor\n<blockquote>“one”</blockquote>\n<blockquote>“three”</blockquote>\n"
                       "<b>B</b>\n<blockquote>(reported) two</blockquote>")


def test_pack_fills_messages_and_splits_an_oversized_block() -> None:
    messages = pack(["<b>a</b>", "b" * 4000, "<i>c</i>", "d" * 5000])
    assert [visible_length(m) for m in messages] == [1 + 2 + 4000 + 2 + 1, 4000, 1000]
    assert all(balanced(m) for m in messages)
