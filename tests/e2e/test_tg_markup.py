"""Unit checks of the emulator's Telegram formatting parser (texts, UTF-16 offsets, error texts)."""

from __future__ import annotations

import pytest
from tg_markup import EntityParseError, format_text


@pytest.mark.parametrize(("html", "text", "entities"), [
    ("<b>bold <i>both</i></b>", "bold both",
     [{"type": "bold", "offset": 0, "length": 9}, {"type": "italic", "offset": 5, "length": 4}]),
    ("😀 <u>x</u> &lt;tag&gt; &amp; Tom & Jerry", "😀 x <tag> & Tom & Jerry",
     [{"type": "underline", "offset": 3, "length": 1}]),
    ('<pre><code class="language-python">x = 1</code></pre>', "x = 1",
     [{"type": "pre", "offset": 0, "length": 5, "language": "python"}]),
    ('<a href="https://example.com">site</a>', "site",
     [{"type": "text_link", "offset": 0, "length": 4, "url": "https://example.com/"}]),
    ('<span class="tg-spoiler">s</span><tg-spoiler>t</tg-spoiler>', "st",
     [{"type": "spoiler", "offset": 0, "length": 1}, {"type": "spoiler", "offset": 1, "length": 1}]),
    ("<blockquote>q</blockquote>", "q", [{"type": "blockquote", "offset": 0, "length": 1}]),
])
def test_html_is_parsed_into_text_and_entities(html: str, text: str, entities: list[dict]) -> None:
    assert format_text(html, "HTML", None) == (text, entities)


@pytest.mark.parametrize(("html", "error"), [
    ("<b>open", 'Can\'t find end tag corresponding to start tag "b"'),
    ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
    ("x</b>", "Unexpected end tag at byte offset 1"),
    ("<div>x</div>", 'Unsupported start tag "div" at byte offset 0'),
    ("a < b", 'Unsupported start tag "" at byte offset 2'),
    ("é <b", "Unclosed start tag at byte offset 3"),
    ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
])
def test_html_errors_match_telegram(html: str, error: str) -> None:
    with pytest.raises(EntityParseError) as err:
        format_text(html, "HTML", None)
    assert str(err.value) == error


def test_markdown_v2_and_legacy_markdown() -> None:
    assert format_text(r"*b* _i_ __u__ ~s~ ||sp|| `c` [l](https://t.me) 1\.5", "MarkdownV2", None) == (
        "b i u s sp c l 1.5",
        [{"type": "bold", "offset": 0, "length": 1}, {"type": "italic", "offset": 2, "length": 1},
         {"type": "underline", "offset": 4, "length": 1}, {"type": "strikethrough", "offset": 6, "length": 1},
         {"type": "spoiler", "offset": 8, "length": 2}, {"type": "code", "offset": 11, "length": 1},
         {"type": "text_link", "offset": 13, "length": 1, "url": "https://t.me/"}])
    with pytest.raises(EntityParseError, match=r"Character '\.' is reserved"):
        format_text("Version 1.5", "MarkdownV2", None)
    with pytest.raises(EntityParseError, match="Can't find end of Bold entity at byte offset 0"):
        format_text("*open", "MarkdownV2", None)
    assert format_text("*b* `c`", "Markdown", None)[1] == [
        {"type": "bold", "offset": 0, "length": 1}, {"type": "code", "offset": 2, "length": 1}]


def test_auto_detected_entities_use_utf16_offsets() -> None:
    text, entities = format_text("🔥 /news@newsbot_test_bot hi @alice https://a.io/x. #tech", None, None)
    assert [(e["type"], text.encode("utf-16-le")[2 * e["offset"]:2 * (e["offset"] + e["length"])]
             .decode("utf-16-le")) for e in entities] == [
        ("bot_command", "/news@newsbot_test_bot"), ("mention", "@alice"), ("url", "https://a.io/x"),
        ("hashtag", "#tech")]
