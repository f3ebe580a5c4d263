"""Stage 1, layout: the article's paragraphs, sentence numbers, paragraph gaps and headings.

Everything later counts in paragraphs (a newline ends one) and in sentences that never run across a
paragraph break, which spaCy's own sentences sometimes do.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(frozen=True)
class Layout:
    """Where paragraphs and sentences fall, by character offset and by token index."""

    text: str
    paras: tuple[tuple[int, int], ...]  # (start, end) character offsets of each newline-separated line
    para_starts: tuple[int, ...]
    tok_starts: tuple[int, ...]  # character offset of each token
    para_of: tuple[int, ...]  # token index -> paragraph
    sent_of: tuple[int, ...]  # token index -> sentence number, cut at paragraph breaks
    ents_by_tok: Mapping[int, str]  # token index -> entity label

    def is_blank(self, p: int) -> bool:
        """Tell whether paragraph p holds only whitespace."""
        return not self.text[slice(*self.paras[p])].strip()

    def next_para(self, p: int) -> int:
        """Return the first paragraph after p that is not blank (len(paras) when there is none)."""
        nxt = p + 1
        while nxt < len(self.paras) and self.is_blank(nxt):
            nxt += 1
        return nxt

    def para_gap(self, a: int, b: int) -> int:
        """Return how many paragraphs token `b` is after token `a`, not counting blank lines between."""
        lo, hi = self.para_of[a], self.para_of[b]
        blank = sum(1 for p in range(lo + 1, hi) if self.is_blank(p))
        return hi - lo - blank

    def is_heading(self, p: int) -> bool:
        """Tell a headline or subheading (no closing punctuation) from body copy."""
        s, e = self.paras[p]
        line = self.text[s:e].rstrip()
        return not line or line[-1] not in '.!?"”’):;'


def paragraphs(text: str) -> tuple[tuple[int, int], ...]:
    """Split text into newline-separated paragraphs, as (start, end) offsets; blank lines count as one."""
    paras = []
    pos = 0
    for line in text.split("\n"):
        paras.append((pos, pos + len(line)))
        pos += len(line) + 1
    return tuple(paras)


def sentence_numbers(para_of: tuple[int, ...], sent_starts: set[int]) -> tuple[int, ...]:
    """Return each token's sentence number: a new sentence at each sentence start and paragraph change."""
    sent_of = []
    sid = -1
    prev_para = -1
    for i, para in enumerate(para_of):
        if i in sent_starts or para != prev_para:
            sid += 1
        prev_para = para
        sent_of.append(sid)
    return tuple(sent_of)


def read_layout(doc: Doc) -> Layout:
    """Return the layout of a parsed article."""
    text = doc.text
    paras = paragraphs(text)
    para_starts = tuple(s for s, _ in paras)
    tok_starts = tuple(t.idx for t in doc)
    para_of = tuple(bisect.bisect_right(para_starts, idx) - 1 for idx in tok_starts)
    try:
        starts = {s.start for s in doc.sents}
    except ValueError:  # an unparsed doc has no sentences: paragraphs stand in for them
        starts = set()
    ents_by_tok = {t.i: ent.label_ for ent in doc.ents for t in ent}
    return Layout(
        text, paras, para_starts, tok_starts, para_of, sentence_numbers(para_of, starts), ents_by_tok
    )
