"""The parsed article as every stage after the first two reads it: tokens, layout and quotation marks.

`Page` is read-only. Its helpers answer the questions all stages ask of a token (is it quoted, in which
paragraph) and cut phrases out of the parse (a speaker's noun phrase, a role phrase).
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from index.lexicon import lexicon
from index.quotes.layout import Layout, read_layout
from index.quotes.marks import Marks, Segment, bind_marks, pair_marks
from index.speakers import key_tokens

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Dependents left out of a speaker noun phrase and of a role phrase, and clauses left out at any depth.
# "case" is the possessive 's: "the ministry's memo" is the ministry's, and the ministry is the speaker.
NP_DROP = frozenset({"relcl", "acl", "appos", "advcl", "punct", "cc", "conj", "parataxis", "case"})
ROLE_DROP = frozenset({"relcl", "acl", "appos", "punct"})
_DEEP_DROP = frozenset({"relcl", "advcl", "parataxis", "appos", "acl"})
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
TERMINATORS = frozenset({".", "!", "?", ";"})
JOINERS = frozenset({"-", "‐", "–"})  # hyphens inside double-barrelled names


@dataclass(frozen=True)
class Page:
    """A parsed article with its layout (stage 1) and quotation marks (stage 2)."""

    doc: Doc
    layout: Layout
    marks: Marks

    # The layout's and the marks' fields, read through the page because every stage uses them.
    @property
    def text(self) -> str:
        """Return the article text."""
        return self.layout.text

    @property
    def paras(self) -> tuple[tuple[int, int], ...]:
        """Return the (start, end) offsets of each paragraph."""
        return self.layout.paras

    @property
    def para_of(self) -> tuple[int, ...]:
        """Return the paragraph of each token."""
        return self.layout.para_of

    @property
    def sent_of(self) -> tuple[int, ...]:
        """Return the sentence number of each token."""
        return self.layout.sent_of

    @property
    def ents_by_tok(self) -> Mapping[int, str]:
        """Return the entity label of each token inside an entity."""
        return self.layout.ents_by_tok

    @property
    def segs(self) -> tuple[Segment, ...]:
        """Return the quoted spans."""
        return self.marks.segs

    @property
    def seg_of(self) -> tuple[int, ...]:
        """Return the quoted span of each token (-1 outside quotes)."""
        return self.marks.seg_of

    @property
    def segs_in_para(self) -> Mapping[int, tuple[int, ...]]:
        """Return each paragraph's quoted spans."""
        return self.marks.segs_in_para

    def tok_at_or_after(self, char: int) -> int:
        """Return the index of the first token starting at or after a character offset."""
        return bisect.bisect_left(self.layout.tok_starts, char)

    def para_tokens(self, p: int) -> list[Token]:
        """Return the non-space tokens of paragraph p."""
        s, e = self.paras[p]
        i, j = self.tok_at_or_after(s), self.tok_at_or_after(e)
        return [t for t in self.doc[i:j] if not t.is_space]

    def in_quote(self, tok: Token) -> bool:
        """Tell whether a token is inside quotation marks (the marks included)."""
        return self.seg_of[tok.i] >= 0

    def same_para(self, a: Token, b: Token) -> bool:
        """Tell whether two tokens are in one paragraph."""
        return self.para_of[a.i] == self.para_of[b.i]

    def region(self, start_char: int, end_char: int) -> list[Token]:
        """Return the non-space tokens between two offsets that are outside quotes."""
        i, j = self.tok_at_or_after(start_char), self.tok_at_or_after(end_char)
        return [t for t in self.doc[i:j] if not t.is_space and self.seg_of[t.i] < 0]

    def seg_ends_para(self, p: int) -> bool:
        """Tell whether paragraph p ends with a quote."""
        ks = self.segs_in_para.get(p)
        return bool(ks) and self.segs[ks[-1]].at_para_end

    def quote_only(self, p: int) -> bool:
        """Tell whether paragraph p holds nothing but quotations (and punctuation)."""
        return all(t.is_punct for t in self.region(*self.paras[p]))

    def tokens_text(self, toks: list[Token]) -> str:
        """Return the article's own spelling of a token run ("Ait-Kaci", not "Ait - Kaci").

        Joining token texts with spaces would put spaces inside hyphenated or apostrophised names; the
        whitespace between consecutive tokens comes from the document instead, and a gap in the run
        (a dropped title) becomes one space.
        """
        parts: list[str] = []
        for n, t in enumerate(toks):
            if n + 1 < len(toks):
                gap = self.doc[t.i + 1 : toks[n + 1].i]
                # "Ashby-Grant": a hyphen left out of the run but written tight inside it stays.
                tight = not t.whitespace_ and all(g.text in JOINERS and not g.whitespace_ for g in gap)
                parts.append(t.text_with_ws if not gap else t.text + gap.text if tight else t.text + " ")
            else:
                parts.append(t.text)
        return " ".join("".join(parts).split())

    def contiguous(self, toks: list[Token], head: Token) -> list[Token]:
        """Return the run of consecutive tokens around head from an unordered token set."""
        ids = {t.i for t in toks}
        if head.i not in ids:
            return []
        lo = hi = head.i
        while lo - 1 in ids:
            lo -= 1
        while hi + 1 in ids:
            hi += 1
        return list(self.doc[lo : hi + 1])

    def phrase(self, head: Token, drop_direct: frozenset[str] = ROLE_DROP) -> list[Token]:
        """Return the contiguous phrase under head in its paragraph, outside quotes, minus dropped parts.

        drop_direct names dependents of head to leave out; clauses and appositions deeper down
        ("… at one of the mines, who asked not to be named") always go.
        """
        drop: set[int] = set()
        for t in head.subtree:
            if t.i == head.i or t.tag_ == "HYPH":  # hyphens are punctuation to the parser, not to us
                continue
            if (t.head.i == head.i and t.dep_ in drop_direct) or t.dep_ in _DEEP_DROP:
                drop.update(x.i for x in t.subtree)
        toks = [
            t
            for t in head.subtree
            if t.i not in drop and self.same_para(t, head) and not t.is_space and not self.in_quote(t)
        ]
        phrase = self.contiguous(toks, head)
        while phrase and phrase[-1].is_punct:
            phrase = phrase[:-1]
        while phrase and phrase[0].is_punct:
            phrase = phrase[1:]
        return phrase

    def np(self, head: Token) -> list[Token]:
        """Return the noun phrase headed by head, without clauses, appositions or conjuncts."""
        return self.phrase(head, NP_DROP) or [head]

    def np_text(self, np: list[Token]) -> str:
        """Return a noun phrase's text, its sentence-initial article lowercased."""
        return norm_np_text(self.text[np[0].idx : np[-1].idx + len(np[-1])])


def read_page(doc: Doc) -> Page:
    """Run the layout and quotation-mark stages on a parsed article."""
    layout = read_layout(doc)
    segs = pair_marks(layout.text, layout.paras)
    return Page(doc, layout, bind_marks(segs, layout.tok_starts))


def norm_np_text(text: str) -> str:
    """Lowercase a leading article capitalised only because it starts a sentence."""
    text = " ".join(text.split())
    first, _, rest = text.partition(" ")
    if rest and first in {"The", "A", "An"}:
        return f"{first.lower()} {rest}"
    return text


def agentive(lemma: str) -> bool:
    """Tell whether a noun looks like a person by its ending (worker, director, scientist, historian)."""
    lex = lexicon()
    # A noun of saying names words, not who says them ("answer", "comment", "argument").
    return (
        len(lemma) > 4
        and lemma.endswith(lex.agent_endings)
        and lemma not in lex.non_agent_nouns
        and lemma not in lex.speech_nouns
    )


def person_noun(lemma: str) -> bool:
    """Tell whether a noun names a kind of person: a title, a source's description or an agent noun."""
    lex = lexicon()
    return lemma in lex.title_words or lemma in lex.unnamed_heads or agentive(lemma)


def word_set(text: str) -> set[str]:
    """Return the normalised words of text, hyphenated compounds also split ("centre-back" -> back)."""
    out = set(key_tokens(text))
    for w in list(out):
        if "-" in w:
            out.update(w.split("-"))
    return out


def age_of(t: Token) -> int | None:
    """Return the age a token gives a person: "69" in "Ben Okafor, 69," or the "old" of "69-year-old"."""
    if t.lower_ == "old":
        # "the 69-year-old": the parser hangs the number on "year" and "year" on "old".
        years = [c for c in t.children if c.lower_ in {"year", "years"}]
        nums = [n for y in years for n in y.children if n.dep_ == "nummod"]
        t = nums[0] if nums else t
    if t.pos_ != "NUM" or not t.text.isdigit():
        return None
    age = int(t.text)
    return age if 0 < age < 120 else None
