"""Helpers for the quote extractor's tests."""

from __future__ import annotations

from spacy.tokens import Doc

from index.quotes import Quote


def find(found: list[Quote], fragment: str, kind: str | None = None) -> Quote:
    """Return the record whose quote contains fragment (and has the given kind)."""
    hits = [q for q in found if fragment in q.quote and (kind is None or q.kind == kind)]
    assert hits, f"no {kind or ''} record containing {fragment!r} in {found}"
    return hits[0]


def reparsed(doc: Doc, changes: dict[str, tuple[str, str]]) -> Doc:
    """Rebuild a parsed doc with some tokens re-attached, to pin a misparse the small model makes on real copy.

    `changes` maps a word (its first occurrence) to the word it hangs on and the dependency label.
    """
    words = [t.text for t in doc]
    index = {w: words.index(w) for w in [*changes, *(h for h, _ in changes.values())]}
    heads = [t.head.i for t in doc]
    deps = [t.dep_ for t in doc]
    for word, (head, dep) in changes.items():
        heads[index[word]], deps[index[word]] = index[head], dep
    return Doc(
        doc.vocab,
        words=words,
        spaces=[bool(t.whitespace_) for t in doc],
        heads=heads,
        deps=deps,
        pos=[t.pos_ for t in doc],
        tags=[t.tag_ for t in doc],
        lemmas=[t.lemma_ for t in doc],
        ents=[f"{t.ent_iob_}-{t.ent_type_}" if t.ent_type_ else "O" for t in doc],
    )
