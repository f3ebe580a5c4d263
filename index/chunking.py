"""Split an article into sentences and sentence-window chunks that keep offsets into the stored text."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from index.compress import removable

if TYPE_CHECKING:
    from spacy.tokens import Doc

# A "sentence" shorter than this (e.g. `Training.”` or `Ukraine.`) carries no meaning alone; it is
# merged into the sentence before it in the same paragraph.
MIN_SENTENCE_CHARS = 25
_WORD = re.compile(r"\w")


@dataclass(frozen=True)
class Sentence:
    """A sentence of the stored text: `text[start:end]`, in paragraph `para`."""

    start: int
    end: int
    para: int


@dataclass(frozen=True)
class Chunk:
    """A sentence with its neighbours as context; `start:end` spans the window, `focus_*` the sentence."""

    id: str
    doc_id: str
    title: str
    seq: int
    para: int
    start: int
    end: int
    focus_start: int
    focus_end: int
    text: str
    ents: str  # JSON list of [label, start, end] for named entities inside the focus sentence
    cuts: str = "[]"  # JSON list of [start, end] asides a summary may leave out (index.compress)

    def metadata(self) -> dict[str, str | int]:
        """Return the Chroma metadata of this chunk."""
        return {
            "doc_id": self.doc_id,
            "title": self.title,
            "seq": self.seq,
            "para": self.para,
            "start": self.start,
            "end": self.end,
            "focus_start": self.focus_start,
            "focus_end": self.focus_end,
            "ents": self.ents,
            "cuts": self.cuts,
        }


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) spans of non-blank lines, whitespace trimmed."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        start, end = trim(text, match.start(), match.end())
        if start < end:
            spans.append((start, end))
    return spans


def split_sentences(doc: Doc) -> list[Sentence]:
    """Split a parsed article into sentences that never cross a paragraph (line) boundary."""
    text = doc.text
    cuts = sorted({s.start_char for s in doc.sents})
    out: list[Sentence] = []
    for para, (p_start, p_end) in enumerate(paragraphs(text)):
        bounds = [p_start] + [c for c in cuts if p_start < c < p_end] + [p_end]
        pieces = [trim(text, a, b) for a, b in itertools.pairwise(bounds)]
        merged: list[list[int]] = []
        for a, b in pieces:
            if a >= b:
                continue
            short = b - a < MIN_SENTENCE_CHARS or not _WORD.search(text[a:b])
            if (merged and short) or (merged and merged[-1][1] - merged[-1][0] < MIN_SENTENCE_CHARS):
                merged[-1][1] = b
            else:
                merged.append([a, b])
        out.extend(Sentence(a, b, para) for a, b in merged)
    return out


def make_chunks(doc: Doc, doc_id: str, title: str, window: int = 1) -> list[Chunk]:
    """Make one chunk per sentence, embedding `window` neighbouring sentences on each side as context."""
    text = doc.text
    sentences = split_sentences(doc)
    ents = [(e.label_, e.start_char, e.end_char) for e in doc.ents]
    cuts = [cut for s in doc.sents for cut in removable(s)]
    chunks = []
    for i, sent in enumerate(sentences):
        lo = sentences[max(0, i - window)].start
        hi = sentences[min(len(sentences) - 1, i + window)].end
        inside = [[label, a, b] for label, a, b in ents if a >= sent.start and b <= sent.end]
        key = f"{doc_id}:{lo}:{hi}:{sent.start}:{sent.end}"
        chunks.append(
            Chunk(
                id=hashlib.sha256(key.encode()).hexdigest()[:24],
                doc_id=doc_id,
                title=title,
                seq=i,
                para=sent.para,
                start=lo,
                end=hi,
                focus_start=sent.start,
                focus_end=sent.end,
                text=text[lo:hi],
                ents=json.dumps(inside),
                cuts=json.dumps([[a, b] for a, b in cuts if a >= sent.start and b <= sent.end]),
            )
        )
    return chunks


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Narrow `start:end` so the span neither starts nor ends with whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
