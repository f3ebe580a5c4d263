"""Passages around a quote in an article's text: its paragraph, its sentence, the line naming its speaker."""

from __future__ import annotations

import re

from bot.text import fold
from index.chunking import trim


def passage(text: str, start: int, end: int, limit: int = 700) -> tuple[int, int]:
    """Return the paragraph around a quote, or just the quote's sentences when the paragraph is long."""
    p_start = text.rfind("\n", 0, start) + 1
    p_end = text.find("\n", end)
    p_end = len(text) if p_end == -1 else p_end
    if p_end - p_start <= limit:
        return trim(text, p_start, p_end)
    s_start = (
        max(text.rfind(". ", p_start, start) + 2, p_start)
        if text.rfind(". ", p_start, start) != -1
        else p_start
    )
    m = re.search(r"[.!?][”\"’']?(\s|$)", text[end:p_end])
    s_end = end + m.end() if m else p_end
    return trim(text, s_start, s_end)


def attributed(text: str, start: int, end: int, speaker: str, limit: int = 700) -> tuple[int, int]:
    """Widen a quote's passage to the neighbouring paragraph that names its speaker ("…,” he said.")."""
    surname = fold(speaker).split()[-1] if speaker.split() else ""
    if not surname:
        return start, end
    named = re.compile(rf"\b{re.escape(surname)}\b").search
    if named(fold(text[start:end])):
        return start, end
    prev_start = text.rfind("\n", 0, max(start - 1, 0)) + 1
    if start > 0 and named(fold(text[prev_start:start])) and end - prev_start <= limit:
        return trim(text, prev_start, end)
    next_end = text.find("\n", end + 1)
    next_end = len(text) if next_end == -1 else next_end
    if named(fold(text[end:next_end])) and next_end - start <= limit:
        return trim(text, start, next_end)
    return start, end


def sentence_at(text: str, idx: int) -> tuple[int, int]:
    """Return the (start, end) of the sentence holding character `idx`."""
    p_start = text.rfind("\n", 0, idx) + 1
    p_end = text.find("\n", idx)
    p_end = len(text) if p_end == -1 else p_end
    starts = [m.end() for m in re.finditer(r"[.!?][”\"’']?\s+(?=[“\"A-Z])", text[p_start:idx])]
    start = p_start + (starts[-1] if starts else 0)
    m = re.search(r"[.!?][”\"’']?(?=\s+[“\"A-Z]|\s*$)", text[idx:p_end])
    end = idx + m.end() if m else p_end
    return trim(text, start, end)
