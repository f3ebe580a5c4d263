"""The one place that builds everything from settings: embeddings → store → retriever → chain → service."""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.service import NewsService
    from bot.settings import Settings
    from index.ingest import Ingestor
    from index.store import ArticleStore


def configure_environment() -> None:
    """Keep every library offline and quiet before any of them is imported."""
    for key, value in {
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "HF_HUB_DISABLE_PROGRESS_BARS": "1",
        "TRANSFORMERS_VERBOSITY": "error",
        "ANONYMIZED_TELEMETRY": "False",
        "TOKENIZERS_PARALLELISM": "false",
    }.items():
        os.environ.setdefault(key, value)
    # Telegram request URLs carry the bot token: never log them.
    for noisy in ("httpx", "httpcore", "chromadb.telemetry", "sentence_transformers", "bm25s"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def build_store(settings: Settings, collection: str | None = None) -> ArticleStore:
    """Open the collection's store, embedding questions with the configured query backend."""
    from index.embeddings import make_embeddings  # noqa: PLC0415

    configure_environment()
    query_embeddings = make_embeddings(settings.query_embeddings)
    # The model loads (mostly in native code) while chromadb and LangChain import: a cold
    # `newsbot ask` pays for the slower of the two instead of both.
    if hasattr(query_embeddings, "start_warm_up"):
        query_embeddings.start_warm_up()
    from index.store import ArticleStore, make_client  # noqa: PLC0415

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    client = make_client(str(settings.data_dir / "chroma"), settings.chroma_url)
    return ArticleStore(client, collection or settings.collection, query_embeddings)


def build_ingestor(settings: Settings, store: ArticleStore) -> Ingestor:
    """Build the ingest pipeline over `store`."""
    from index.embeddings import make_embeddings  # noqa: PLC0415
    from index.ingest import Ingestor  # noqa: PLC0415
    from index.nlp import load_nlp  # noqa: PLC0415
    from index.quotes import extract_quotes  # noqa: PLC0415

    return Ingestor(
        store,
        make_embeddings(settings.doc_embeddings),
        load_nlp,
        extract_quotes,
        fetch_timeout=settings.fetch_timeout,
        max_bytes=settings.max_input_bytes,
    )


def build_service(
    settings: Settings, collection: str | None = None, store: ArticleStore | None = None
) -> NewsService:
    """Build the answering service for a collection."""
    from bot.answerers import make_answerer  # noqa: PLC0415
    from bot.chain import DocCache, build_chain  # noqa: PLC0415
    from bot.retrieval import HybridRetriever  # noqa: PLC0415
    from bot.service import NewsService  # noqa: PLC0415
    from bot.sessions import SessionStore  # noqa: PLC0415

    store = store or build_store(settings, collection)
    docs = DocCache(store)
    retriever = HybridRetriever(store=store)
    answerer = make_answerer(settings.answerer)
    sessions = SessionStore(settings.data_dir / "sessions.sqlite3", cap=settings.history_turns)
    return NewsService(store, lambda special: build_chain(retriever, answerer, docs, special), docs, sessions)
