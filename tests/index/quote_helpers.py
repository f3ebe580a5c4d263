"""Helpers for the quote extractor's tests."""

from __future__ import annotations

from index.quotes import Quote


def find(found: list[Quote], fragment: str, kind: str | None = None) -> Quote:
    """Return the record whose quote contains fragment (and has the given kind)."""
    hits = [q for q in found if fragment in q.quote and (kind is None or q.kind == kind)]
    assert hits, f"no {kind or ''} record containing {fragment!r} in {found}"
    return hits[0]
