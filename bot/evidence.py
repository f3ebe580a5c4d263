"""What retrieval hands an answerer: ranked chunks, the articles' texts, quote records and term weights."""

from __future__ import annotations

import functools
import json
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.schema import Citation
from bot.text import fold

if TYPE_CHECKING:
    from langchain_core.documents import Document

    from index.store import StoredDoc


@dataclass
class Sentence:
    """A candidate answer sentence: the focus of a retrieved chunk, with its retrieval scores."""

    doc_id: str
    start: int
    end: int
    seq: int
    text: str
    window: str
    ents: list[tuple[str, int, int]]
    dense: float
    rrf: float


@dataclass
class Evidence:
    """Retrieved material for one question."""

    chunks: list[Document]
    docs: Mapping[str, StoredDoc]
    doc_freq: Mapping[str, int] = field(default_factory=Counter)
    n_chunks: int = 0
    quotes: list[Document] = field(default_factory=list)
    context_terms: list[str] = field(default_factory=list)  # what the conversation adds to a follow-up
    near: list[tuple[str, int, int]] = field(default_factory=list)  # passages the previous answer cited
    shown_quotes: set[tuple[str, int]] = field(default_factory=set)
    # Who speaks where (doc_id, start, end, speaker), from the quote index: "“…,” she told a meeting"
    # is Thornby's sentence though it never names her.
    voices: list[tuple[str, int, int, str]] = field(default_factory=list)
    scope: str | None = None  # the one article the question is about (`ask --doc`), if any
    named: bool = False  # the answer will be prefixed with the name of its article (no article chosen)
    aside: bool = False  # ... followed by "(not the current article)" (an article is current)
    # How many articles were searched, when `docs` holds only those the indexes pointed at.
    total: int | None = None

    def speakers_of(self, s: Sentence) -> str:
        """Return the names of the speakers whose quotes overlap sentence `s`."""
        return " ".join(
            dict.fromkeys(who for d, a, b, who in self.voices if d == s.doc_id and a < s.end and s.start < b)
        )

    def closeness(self, s: Sentence) -> float:
        """Return 1 for a sentence the previous answer cited or touches, fading with distance."""
        best = 0.0
        for doc_id, start, end in self.near:
            if doc_id != s.doc_id:
                continue
            gap = max(start - s.end, s.start - end, 0)
            best = max(best, 1.0 if gap == 0 else 0.6 if gap < 300 else 0.3 if gap < 800 else 0.0)
        return best

    def sentences(self) -> list[Sentence]:
        """Return the retrieved chunks as candidate sentences, in rank order."""
        out = []
        for d in self.chunks:
            m = d.metadata
            text = self.docs[m["doc_id"]].text
            out.append(
                Sentence(
                    m["doc_id"],
                    m["focus_start"],
                    m["focus_end"],
                    m["seq"],
                    text[m["focus_start"] : m["focus_end"]],
                    d.page_content,
                    [tuple(e) for e in json.loads(m.get("ents") or "[]")],
                    m.get("dense", 0.0),
                    m.get("rrf", 0.0),
                )
            )
        return out

    def idf(self, term: str) -> float:
        """Weight a term by rarity; a term no chunk contains weighs most, since it cannot be matched."""
        return math.log(1.0 + (self.n_chunks + 1) / (self.doc_freq.get(term, 0) + 0.5))

    def mentions(self, word: str, doc_id: str | None = None) -> bool:
        """Tell whether an article (`doc_id`, else any) names `word`, ignoring case, accents and endings.

        Endings: Argentina/Argentine.
        """
        needle = re.sub(r"'s$", "", fold(word))
        stem = needle if len(needle) <= 5 else needle[: max(5, len(needle) - 2)]
        pattern = re.compile(rf"\b{re.escape(stem)}")
        docs = self.docs.values() if doc_id is None else [self.docs[doc_id]]
        if any(pattern.search(_folded(d.text)) for d in docs):
            return True
        # A reader typing a name may miss or swap one letter ("Islmabad", "Neveda"): a long enough name
        # one edit from a name of the article (a capitalised word: "Chile" is not "child"), with the same
        # first letter, is that name.
        return len(needle) >= MIN_TYPO_NAME and any(_one_edit(needle, _names_in(d.text)) for d in docs)

    def naming(self, words: Sequence[str]) -> None:
        """Keep only the chunks and quote records of the articles that name every one of `words`.

        A question naming a person, place or body ("What did the Italian government say?") is not
        answered by an article that never names it, however well its sentences match otherwise.
        """
        if not words:
            return
        found = {c.metadata["doc_id"] for c in self.chunks} | {q.metadata["doc_id"] for q in self.quotes}
        keep = {d for d in found if d in self.docs and all(self.mentions(w, d) for w in words)}
        self.chunks = [c for c in self.chunks if c.metadata["doc_id"] in keep]
        self.quotes = [q for q in self.quotes if q.metadata["doc_id"] in keep]

    def where(self) -> str:
        """Name the searched articles for a person."""
        titles = [d.title for d in self.docs.values()]
        count = self.total if self.total is not None else len(titles)
        if count == 1 and titles:
            return f"the article “{titles[0]}”"
        return f"the {count} articles in this collection" if count else "this collection (it is empty)"


MIN_TYPO_NAME = 5  # shorter names are one letter from too many words ("Mark" ~ "park") to forgive typos


@functools.lru_cache(maxsize=64)
def _folded(text: str) -> str:
    """Return an article's text folded, once: `naming` asks of each candidate article for each name."""
    return fold(text)


@functools.lru_cache(maxsize=64)
def _names_in(text: str) -> frozenset[str]:
    """Return the capitalised words of a text, folded (read once per article, not once per question)."""
    return frozenset(fold(w) for w in re.findall(r"\b[A-Z]\w+", text))


def _one_edit(needle: str, names: frozenset[str]) -> bool:
    """Tell whether one of `names` is one insertion, deletion, substitution or swap from `needle`."""
    from rapidfuzz.distance import DamerauLevenshtein  # noqa: PLC0415

    for w in names:
        if (
            w[:1] == needle[:1]
            and abs(len(w) - len(needle)) <= 1
            and DamerauLevenshtein.distance(w, needle) <= 1
        ):
            return True
    return False


class Citer:
    """Numbers cited passages [1], [2], … and reuses a number when a passage is cited again."""

    def __init__(self, docs: Mapping[str, StoredDoc]) -> None:
        self.docs = docs
        self.citations: list[Citation] = []

    def cite(self, doc_id: str, start: int, end: int) -> int:
        """Return the [n] of the passage `start:end` of `doc_id`, adding it if new."""
        for c in self.citations:
            if (c.doc_id, c.start, c.end) == (doc_id, start, end):
                return c.n
        doc = self.docs[doc_id]
        self.citations.append(
            Citation(len(self.citations) + 1, doc_id, doc.title, doc.text[start:end], start, end)
        )
        return len(self.citations)
