"""Ingest pipeline: sources → articles → sentences, entities and quotes → vectors → the store."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from index.chunking import Chunk, make_chunks
from index.readers import TEXT_SUFFIXES, Article, IngestError, is_url, load_article

if TYPE_CHECKING:
    import numpy as np
    from spacy.language import Language
    from spacy.tokens import Doc

    from index.quotes import Quote
    from index.store import ArticleStore

log = logging.getLogger(__name__)

# The version of what ingest derives from an article's text (sentences, asides, entities, quotes). Raise it
# with any change to those rules: articles stored by an older version are then refreshed when ingested
# again, or by `newsbot reindex`.
# 2: quote rules (a source across a blank line, a title's appositive name, "told X"); 3: round-up labels,
# manner-of-speaking verbs, quoted phrases inside sentences (marked `phrase`), nested quotation marks;
# 4: two-way marks read by their neighbours, an open quote cut at its attribution; 5: free-standing marks
# skipped, he/she after the author of a column; 6: relatives named by first name ("X's wife, Ann,"), no
# attribution from the sentence after a quote closed by a full stop, a mark spaced from an inner quote;
# 7: a round-up's name-and-colon labels inside a paragraph, a relative clause between name and cue;
# 8: a dateline never speaks, nor a place a speaker is from; a "who" makes an ORG-tagged name a person;
# 9: a cue before a colon ("X added: “…”") leaves the quote before it alone; 10: a mark before an
# ellipsis opens a quote; 11: a company's parent or sibling is no relative; 12: "Known as X, she …";
# 13: a titled surname ("President X") is a person beside "the X Administration"; 14: "Sen." is "the senator";
# 15: a chain of he/she carries a person across paragraphs, bracketed asides are skipped; 16: ", saying, “…”"
# speaks for its clause's subject, a reported clause running into a quotation is dropped; 17: a quote after
# a sentence in which someone reports ("…, but X said …. “…”") is that reporter's; 18: "the resort" is the
# organisation named by that noun before it; 19: "the mother of three" is the person just named; 20: "the
# alleged victims" is no cue, "X's memo" / "a memo from X" is X's, a possessor's name drops its 's; 21: a
# nickname inside a name ('Edward “Ted” Kennedy') is that person's; 22: a pronoun skips the subject of a
# content clause ("suggestions that X needs …"); 23: "wrote a letter to X urging him “…”" is the writer's;
# 24: a quote-only paragraph continues the main clause's subject of the paragraph before; 25: the quote
# shapes read since 24 (tests/index/test_quote_blind.py: epithets and party names on second reference,
# AP state tags, parenthetical cues, statements and memos, speaker lines, a statement released by a
# second coordinated verb); 26: "Its general secretary" is the role of the body the sentence before is
# about. `newsbot reindex` brings articles stored before up to date.
PIPELINE_VERSION = 26

# How much a sentence's neighbours weigh in its context vector: enough that `“…,” he said.` lands
# near the sentence naming "he", little enough that the sentence itself still dominates.
NEIGHBOUR_WEIGHT = 0.5


class Encoder:
    """What ingest needs from an embedding backend."""

    def embed_array(self, texts: list[str]) -> np.ndarray:  # pragma: no cover - protocol
        """Embed texts into unit vectors."""
        raise NotImplementedError


@dataclass
class Ingested:
    """One input's outcome."""

    source: str
    doc_id: str
    title: str
    chunks: int
    quotes: int
    status: Literal["ingested", "unchanged", "refreshed"]
    replaced: list[str] = field(default_factory=list)


@dataclass
class Skipped:
    """An input that was not ingested, and why."""

    source: str
    reason: str


@dataclass
class _Prepared:
    article: Article
    chunks: list[Chunk]
    quotes: list[Quote]
    refresh: bool = False  # stored already, derived by an older pipeline


def expand_sources(sources: Iterable[str]) -> tuple[list[str], list[Skipped]]:
    """Expand folders recursively into their article files; keep files and URLs as given."""
    out: list[str] = []
    bad: list[Skipped] = []
    for src in sources:
        path = Path(src)
        if not is_url(src) and path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
            found = [str(p) for p in files if p.suffix.lower() in TEXT_SUFFIXES]
            # Say what was passed over rather than ignoring it silently.
            bad.extend(
                Skipped(
                    str(p),
                    f"{p}: unsupported file type {p.suffix or '(none)'!r}; "
                    f"use one of {', '.join(sorted(TEXT_SUFFIXES))}",
                )
                for p in files
                if p.suffix.lower() not in TEXT_SUFFIXES
            )
            if not found:
                bad.append(Skipped(src, f"{src}: no {', '.join(sorted(TEXT_SUFFIXES))} files in this folder"))
            out.extend(found)
        else:
            out.append(src)
    return out, bad


class Ingestor:
    """Turns inputs into committed articles; each article is written all-or-nothing."""

    def __init__(
        self,
        store: ArticleStore,
        encoder: Encoder,
        nlp: Callable[[], Language],
        extract_quotes: Callable[[Doc], list[Quote]],
        *,
        fetch_timeout: float = 15.0,
        max_bytes: int = 5_000_000,
    ) -> None:
        self.store = store
        self.encoder = encoder
        self._nlp_factory = nlp
        self._nlp: Language | None = None
        self.extract_quotes = extract_quotes
        self.fetch_timeout = fetch_timeout
        self.max_bytes = max_bytes

    @property
    def nlp(self) -> Language:
        """Return the spaCy pipeline, loaded on first use."""
        if self._nlp is None:
            self._nlp = self._nlp_factory()
        return self._nlp

    def ingest(
        self, sources: Sequence[str], *, title: str | None = None, progress: bool = False
    ) -> tuple[list[Ingested], list[Skipped]]:
        """Ingest every source; bad ones are reported in the second list and change nothing."""
        from tqdm import tqdm  # noqa: PLC0415

        files, skipped = expand_sources(sources)
        done: list[Ingested] = []
        prepared: list[_Prepared] = []
        seen: set[str] = set()
        for src in tqdm(files, desc="reading", unit="article", disable=not progress, leave=False):
            try:
                article = load_article(src, title=title, timeout=self.fetch_timeout, max_bytes=self.max_bytes)
            except IngestError as exc:
                skipped.append(Skipped(src, str(exc)))
                continue
            stored = None if article.doc_id in seen else self.store.doc(article.doc_id)
            if article.doc_id in seen or (stored is not None and stored.pipeline >= PIPELINE_VERSION):
                seen.add(article.doc_id)
                chunks, quotes = (stored.chunks, stored.quotes) if stored else (0, 0)
                done.append(Ingested(src, article.doc_id, article.title, chunks, quotes, "unchanged"))
                continue
            seen.add(article.doc_id)
            if stored is not None:  # derived by an older pipeline: keep its title and source
                article = Article(stored.text, stored.title, stored.source)
            prepared.append(self._prepare(article, refresh=stored is not None))
        self._write(prepared, done, skipped, progress)
        return done, skipped

    def reindex(self, *, progress: bool = False) -> tuple[list[Ingested], list[Skipped]]:
        """Derive again, from their stored text, the articles an older pipeline derived."""
        stale = [d for d in self.store.docs() if d.pipeline < PIPELINE_VERSION]
        prepared = [self._prepare(Article(d.text, d.title, d.source), refresh=True) for d in stale]
        done: list[Ingested] = []
        skipped: list[Skipped] = []
        self._write(prepared, done, skipped, progress)
        return done, skipped

    def _write(
        self, prepared: list[_Prepared], done: list[Ingested], skipped: list[Skipped], progress: bool
    ) -> None:
        from tqdm import tqdm  # noqa: PLC0415

        # One encode call for every sentence of every article: batching across articles is about
        # twice as fast as one call per article on this CPU.
        sentences = [a.article.text[c.focus_start : c.focus_end] for a in prepared for c in a.chunks]
        vectors = self.encoder.embed_array(sentences) if sentences else None
        if prepared:
            # Once per run, not per article: a sweep reads every record of the collection.
            self.store.sweep()  # leftovers of a write killed in an earlier run
        offset = 0
        for prep in tqdm(prepared, desc="storing", unit="article", disable=not progress, leave=False):
            n = len(prep.chunks)
            sent_vecs = vectors[offset : offset + n]
            offset += n
            try:
                replaced = self.store.add_article(
                    prep.article,
                    prep.chunks,
                    context_vectors(sent_vecs),
                    prep.quotes,
                    quote_vectors(prep.chunks, sent_vecs, prep.quotes),
                    _unit(sent_vecs.mean(axis=0)),
                    pipeline=PIPELINE_VERSION,
                )
            except Exception as exc:
                log.debug("storing %s failed", prep.article.source, exc_info=True)
                reason = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
                skipped.append(
                    Skipped(prep.article.source, f"{prep.article.source}: could not store ({reason})")
                )
                continue
            done.append(
                Ingested(
                    prep.article.source,
                    prep.article.doc_id,
                    prep.article.title,
                    n,
                    len(prep.quotes),
                    "refreshed" if prep.refresh else "ingested",
                    replaced,
                )
            )

    def _prepare(self, article: Article, refresh: bool = False) -> _Prepared:
        doc = self.nlp(article.text)
        chunks = make_chunks(doc, article.doc_id, article.title)
        try:
            quotes = self.extract_quotes(doc)
        except Exception:
            # One article the quote rules cannot handle must not take down ingest: keep its text.
            log.warning(
                "quote extraction failed for %s; storing it without quotes", article.source, exc_info=True
            )
            quotes = []
        return _Prepared(article, chunks, quotes, refresh)


def context_vectors(sent_vecs: np.ndarray) -> np.ndarray:
    """Blend each sentence vector with its neighbours' so a chunk is found through its context."""
    import numpy as np  # noqa: PLC0415

    out = sent_vecs.copy()
    out[1:] += NEIGHBOUR_WEIGHT * sent_vecs[:-1]
    out[:-1] += NEIGHBOUR_WEIGHT * sent_vecs[1:]
    return out / np.clip(np.linalg.norm(out, axis=1, keepdims=True), 1e-12, None)


def quote_vectors(chunks: Sequence[Chunk], sent_vecs: np.ndarray, quotes: Sequence[Quote]) -> np.ndarray:
    """Give each quote the mean vector of the sentences it overlaps (no second encode needed)."""
    import numpy as np  # noqa: PLC0415

    out = np.zeros((len(quotes), sent_vecs.shape[1] if len(sent_vecs) else 384), dtype=np.float32)
    for i, q in enumerate(quotes):
        rows = [j for j, c in enumerate(chunks) if c.focus_start < q.end and q.start < c.focus_end]
        out[i] = _unit(sent_vecs[rows].mean(axis=0)) if rows else _unit(sent_vecs.mean(axis=0))
    return out


def _unit(v: np.ndarray) -> np.ndarray:
    import numpy as np  # noqa: PLC0415

    return v / max(float(np.linalg.norm(v)), 1e-12)
