"""Find the parts of a sentence a summary may leave out: asides set off by commas or brackets.

A summary of five sentences has room for more facts when each sentence drops what only describes:
"Lumora Systems, a maker of large batteries, said …" reads as "Lumora Systems said …". The parts are
found in spaCy's parse, which ingest already has, and stored as character spans with each sentence.
No compression library works offline on spaCy parses, so the few rules are written here; each one only
removes an aside whose commas (or brackets) mark it as one, so what is left is still the article's
sentence, in its words and order.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# An aside that carries a figure, a quotation or a person's name is kept: those are what a summary
# is for ("Halvorsen, 58, …"; "Belisk's negotiator, Deputy Prime Minister Farid Haddadi, said").
_KEEP = re.compile(r"[\d“”\"]")
_RELATIVE = {"which", "who", "whose", "whom"}
# At most this share of a sentence goes in one cut: more, and the aside is the sentence's point.
MAX_SHARE = 0.5


def removable(sent: Span) -> list[tuple[int, int]]:
    """Return the character spans of `sent` a summary may cut: non-restrictive asides with no facts."""
    cuts: list[tuple[int, int]] = []
    for tok in sent:
        span = _relative_clause(tok) or _description(tok) or _according_to(tok) or _brackets(tok)
        if span is None:
            continue
        a, b = span
        text = sent.doc.text[a:b]
        if _KEEP.search(text) or b - a > MAX_SHARE * len(sent.text):
            continue
        if any(e.label_ == "PERSON" and a <= e.start_char < b for e in sent.ents):
            continue
        if not any(a < y and x < b for x, y in cuts):
            cuts.append((a, b))
    return sorted(cuts)


def _between_commas(tok: Token, first: Token) -> tuple[int, int] | None:
    """Return the span of `tok`'s subtree with the comma before it, when commas set it off."""
    sent = tok.sent
    last = max(t.i for t in tok.subtree)
    before = tok.doc[first.i - 1] if first.i > sent.start else None
    if before is None or before.text != ",":
        return None
    after = tok.doc[last + 1] if last + 1 < sent.end else None
    if after is not None and after.text == ",":
        if tok.head.dep_ == "appos":
            # "The minister, Ingrid Dahl, who chaired the talks, said" → "The minister, Ingrid Dahl, said":
            # one comma stays to close the name the commas set off.
            return before.idx + 1, after.idx + 1
        # "X, which …, said" → "X said": the comma after goes too.
        return before.idx, after.idx + 1
    if after is None or after.text in {".", "!", "?", ";"}:
        return before.idx, tok.doc[last].idx + len(tok.doc[last])
    return None


def _relative_clause(tok: Token) -> tuple[int, int] | None:
    """Cut ", which …," and ", who …,": a clause the commas mark as only describing."""
    if tok.dep_ != "relcl":
        return None
    first = min(tok.subtree, key=lambda t: t.i)
    if first.lower_ not in _RELATIVE:
        return None
    return _between_commas(tok, first)


def _description(tok: Token) -> tuple[int, int] | None:
    """Cut ", a maker of batteries," after an organisation or place (a person's role stays)."""
    if tok.dep_ != "appos" or tok.pos_ not in {"NOUN"} or tok.head.ent_type_ == "PERSON":
        return None
    # Two asides on one head ("Halvorsen, 58, a teacher, …"): cutting one leaves broken commas.
    if sum(c.dep_ == "appos" for c in tok.head.children) > 1:
        return None
    return _between_commas(tok, min(tok.subtree, key=lambda t: t.i))


def _according_to(tok: Token) -> tuple[int, int] | None:
    """Cut a closing ", according to …" (the citation keeps the source)."""
    if tok.lower_ != "according" or tok.i == tok.sent.start:
        return None
    span = _between_commas(tok, tok)
    return span if span and span[1] >= tok.sent[-2].idx else None


def _brackets(tok: Token) -> tuple[int, int] | None:
    """Cut a bracketed aside " (…)"."""
    if tok.text != "(":
        return None
    close = next((t for t in tok.doc[tok.i : tok.sent.end] if t.text == ")"), None)
    if close is None:
        return None
    start = tok.idx - 1 if tok.i > 0 and tok.doc[tok.i - 1].whitespace_ else tok.idx
    return start, close.idx + 1


def apply_cuts(text: str, start: int, end: int, cuts: list[list[int]] | list[tuple[int, int]]) -> str:
    """Return `text[start:end]` without the cuts that fall inside it."""
    out, at = [], start
    for a, b in sorted((a, b) for a, b in cuts if start <= a and b <= end):
        if a < at:
            continue
        out.append(text[at:a])
        at = b
    out.append(text[at:end])
    return "".join(out)
