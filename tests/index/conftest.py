"""Fixtures for the quote extractor's tests: extraction with its contract checked (the parser is tests/conftest.py's)."""

from __future__ import annotations

import logging

import pytest

from index.quotes import Quote, extract_quotes


@pytest.fixture
def quotes(nlp, caplog):
    """Parse an article and extract its quotes, checking the offset contract on every record."""

    def run(text: str) -> list[Quote]:
        doc = nlp(text)
        with caplog.at_level(logging.WARNING, logger="index.quotes"):
            found = extract_quotes(doc)
        # The extractor logs and swallows errors to protect ingest; a test must still see them.
        assert not [r for r in caplog.records if r.name.split(".")[:2] == ["index", "quotes"]], caplog.text
        for q in found:
            assert doc.text[q.start : q.end] == q.quote
            assert q.kind in {"direct", "indirect"}
            assert q.speaker_type in {"person", "organization", "unnamed"}
        assert [q.start for q in found] == sorted(q.start for q in found)
        return found

    return run
