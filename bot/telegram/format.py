"""Render answers, sources and quote lists as Telegram HTML, split to fit a message.

Every piece of article or user text is escaped. Long texts are split as plain text first (at
paragraph, line, sentence, then word boundaries) and each piece is rendered afterwards, so a
split never falls inside a tag; each rendered piece is checked against Telegram's limit, which
applies to the text after entity parsing.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from typing import Any

from telegram.constants import MessageLimit

from bot.schema import Answer, Citation

LIMIT: int = MessageLimit.MAX_TEXT_LENGTH
# Rendering adds a few characters (line breaks around blockquotes); split with room to spare.
_SPLIT_AT = LIMIT - 96
QUOTE_KINDS = frozenset({"who_said", "what_said", "quote_check", "who_is"})

_TAG = re.compile(r"<[^>]*>")
_QUOTE = re.compile(r"“[^“”]+”")
_MARKERS = re.compile(r"^(?:\s*\[\d+\])+")
_BULLET = re.compile(r"^\s*[•\-*]\s+")
_SEPARATORS = (
    re.compile(r"\n[ \t]*\n\s*"),                     # paragraphs
    re.compile(r"\n"),                                # lines
    re.compile(r"(?<=[.!?…])[\"”’)\]]*(?:\s*\[\d+\])*\s+"),  # sentences (with their [n] markers)
    re.compile(r"\s+"),                               # words
)


def escape(text: str) -> str:
    """Escape text for Telegram's HTML parse mode."""
    return html.escape(text, quote=False)


def visible_length(html_text: str) -> int:
    """Return the length Telegram counts for an HTML message: its text after parsing."""
    return len(html.unescape(_TAG.sub("", html_text)))


def split_text(text: str, limit: int = _SPLIT_AT) -> list[str]:
    """Split plain text into pieces of at most `limit` characters at the most natural boundary."""
    text = text.strip()
    if len(text) <= limit:
        return [text] if text else []
    for separator in _SEPARATORS:
        parts = _split_keeping(text, separator)
        if len(parts) > 1:
            break
    else:  # one enormous word
        return [text[i:i + limit] for i in range(0, len(text), limit)]
    pieces: list[str] = []
    current = ""
    for part in parts:
        if len(part.rstrip()) > limit:
            pieces.append(current)
            pieces.extend(split_text(part, limit))
            current = ""
        elif len(current) + len(part.rstrip()) <= limit:
            current += part
        else:
            pieces.append(current)
            current = part
    pieces.append(current)
    return [p.strip() for p in pieces if p.strip()]


def _split_keeping(text: str, separator: re.Pattern[str]) -> list[str]:
    """Split after each separator match, keeping it, so the parts join back into `text`."""
    parts, start = [], 0
    for m in separator.finditer(text):
        if m.end() > start and m.start() > 0:
            parts.append(text[start:m.end()])
            start = m.end()
    parts.append(text[start:])
    return [p for p in parts if p]


def render_answer(answer: Answer) -> list[str]:
    """Render an answer as HTML messages: quotes in blockquotes, speakers in bold, [n] kept compact."""
    pieces = _render_pieces(answer.answer, lambda p: render_answer_piece(p, answer.kind, answer.speakers))
    if answer.notice:  # e.g. the model server failed: say so above the answer
        notice = f"<i>{escape(answer.notice)}</i>"
        if pieces and visible_length(notice) + 2 + visible_length(pieces[0]) <= LIMIT:
            pieces[0] = f"{notice}\n\n{pieces[0]}"
        else:
            pieces.insert(0, notice)
    return pieces


def render_answer_piece(text: str, kind: str, speakers: Sequence[str] = ()) -> str:
    """Render one piece of answer text (already short enough) as HTML."""
    if kind not in QUOTE_KINDS:
        return escape(text)
    return "\n".join(_render_quote_line(line, speakers) for line in text.split("\n")).strip("\n")


def _render_quote_line(line: str, speakers: Sequence[str]) -> str:
    """Turn `Name (role) said: “…” [1]` into the speaker line and a blockquote."""
    if not _QUOTE.search(line):
        return bold_names(line, speakers)
    out: list[str] = []
    rest = _BULLET.sub("", line)
    while m := _QUOTE.search(rest):
        lead = rest[:m.start()].strip()
        if lead:
            out.append(bold_names(lead, speakers))
        markers = _MARKERS.match(rest[m.end():])
        end = m.end() + (markers.end() if markers else 0)
        out.append(f"<blockquote>{escape(rest[m.start():end])}</blockquote>")
        rest = rest[end:]
    if rest.strip():
        out.append(bold_names(rest.strip(), speakers))
    return "\n".join(out)


def bold_names(text: str, names: Iterable[str]) -> str:
    """Escape `text`, putting each occurrence of the given names in bold."""
    names = sorted({n for n in names if n.strip()}, key=len, reverse=True)
    if not names:
        return escape(text)
    pattern = re.compile("|".join(re.escape(n) for n in names))
    out, start = [], 0
    for m in pattern.finditer(text):
        out.append(escape(text[start:m.start()]))
        out.append(f"<b>{escape(m.group())}</b>")
        start = m.end()
    out.append(escape(text[start:]))
    return "".join(out)


def render_sources(citations: Sequence[Citation]) -> list[str]:
    """Render the cited passages, each under its number and article title, as HTML messages."""
    blocks = ["<b>Sources</b>"]
    for c in citations:
        head = f"<b>[{c.n}]</b> <i>{escape(c.title)}</i>"
        for i, passage in enumerate(split_text(c.text, _SPLIT_AT - len(c.title) - 16)):
            blocks.append(f"{head if i == 0 else f'<b>[{c.n}]</b> (continued)'}\n"
                          f"<blockquote>{escape(passage)}</blockquote>")
    return pack(blocks)


def render_quotes(records: Sequence[dict[str, Any]]) -> list[str]:
    """Render quote records grouped by speaker: the speaker in bold, each quote in a blockquote."""
    blocks: list[str] = []
    for speaker, items in group_by_speaker(records).items():
        role = next((r["role"] for r in items if r.get("role")), None)
        blocks.append(f"<b>{escape(speaker)}</b>" + (f", {escape(role)}" if role else ""))
        for r in items:
            for piece in split_text(quote_text(r), _SPLIT_AT - 32):
                blocks.append(f"<blockquote>{escape(piece)}</blockquote>")
    return pack(blocks, sep="\n")


def quote_text(record: dict[str, Any]) -> str:
    """Show a direct quote in quotation marks and reported speech as such."""
    if record.get("kind") == "direct":
        return f"“{record['quote']}”"
    return f"(reported) {record['quote']}"


def group_by_speaker(records: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Group quote records by speaker, in order of first appearance."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in records:
        groups.setdefault(r["speaker"], []).append(r)
    return groups


def pack(blocks: Iterable[str], sep: str = "\n\n", limit: int = LIMIT) -> list[str]:
    """Join rendered HTML blocks into as few messages as fit; a block too long on its own is split."""
    messages: list[str] = []
    current, used = "", 0
    for block in blocks:
        size = visible_length(block)
        if size > limit:  # only reachable for a block built without splitting: keep its text, drop tags
            pieces = [escape(p) for p in split_text(html.unescape(_TAG.sub("", block)))]
        else:
            pieces = [block]
        for piece in pieces:
            size = visible_length(piece)
            if current and used + len(sep) + size <= limit:
                current, used = current + sep + piece, used + len(sep) + size
            else:
                if current:
                    messages.append(current)
                current, used = piece, size
    if current:
        messages.append(current)
    return messages


def _render_pieces(text: str, render: Any, limit: int = _SPLIT_AT) -> list[str]:
    """Split plain text, render each piece, and split again any piece whose rendering is too long."""
    out: list[str] = []
    for piece in split_text(text, limit):
        rendered = render(piece)
        if visible_length(rendered) <= LIMIT:
            out.append(rendered)
        else:
            out.extend(_render_pieces(piece, render, max(limit // 2, 64)))
    return out
