"""The one place that builds everything from settings: embeddings → store → retriever → chain → service.

The chat model of the `llm` answerer is built here too, from `NEWSBOT_LLM_*`; its client libraries are
imported only when it is first used, so the extractive answerer never loads them.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from langchain_core.documents import Document
    from langchain_core.language_models import BaseChatModel

    from bot.answerers import Answerer
    from bot.service import NewsService
    from bot.settings import Settings
    from bot.state import ChatState
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
    from bot.text import terms  # noqa: PLC0415
    from index.lexical import LexicalIndex  # noqa: PLC0415
    from index.store import ArticleStore, make_client  # noqa: PLC0415

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    client = make_client(str(settings.data_dir / "chroma"), settings.chroma_url)
    name = collection or settings.collection
    # The word index sits beside the Chroma data, one file per collection, tokenised as retrieval does.
    lexical = LexicalIndex(settings.data_dir / "lexical" / f"{name}.sqlite3", terms)
    return ArticleStore(client, name, query_embeddings, lexical=lexical)


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


LLM_PROVIDERS = ("openai", "ollama")
# Servers that ignore the model name (llama.cpp's) still need one in an OpenAI-style request.
DEFAULT_LLM_MODEL = "default"


def make_chat_model(settings: Settings) -> BaseChatModel:
    """Build the LangChain chat model the settings name: an OpenAI-compatible server, or Ollama's own API."""
    provider = settings.llm_provider
    if provider not in LLM_PROVIDERS:
        raise ValueError(f"unknown LLM provider {provider!r}; valid providers: {', '.join(LLM_PROVIDERS)}")
    if not settings.llm_url:
        raise ValueError("NEWSBOT_LLM_URL is required when NEWSBOT_ANSWERER=llm")
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    if provider == "ollama":
        from langchain_ollama import ChatOllama  # noqa: PLC0415

        if not settings.llm_model:
            raise ValueError("NEWSBOT_LLM_MODEL is required when NEWSBOT_LLM_PROVIDER=ollama")
        client: dict[str, object] = {"timeout": settings.llm_timeout}
        if key:
            client["headers"] = {"Authorization": f"Bearer {key}"}
        # Ollama's native API lives at the server root; people often paste the OpenAI-style .../v1 URL.
        base = settings.llm_url.removesuffix("/v1")
        return ChatOllama(model=settings.llm_model, base_url=base, temperature=0, client_kwargs=client)
    from langchain_openai import ChatOpenAI  # noqa: PLC0415

    return ChatOpenAI(
        base_url=settings.llm_url,
        model=settings.llm_model or DEFAULT_LLM_MODEL,
        # The client insists on a key; local servers accept any.
        api_key=key or "not-needed",
        timeout=settings.llm_timeout,
        # A retry would double the wait on a dead server; the extractive answer is the better fallback.
        max_retries=0,
        temperature=0,
    )


def make_answerer(
    name: str,
    settings: Settings | None = None,
    quotes: Callable[[Sequence[str]], Sequence[Document]] | None = None,
) -> Answerer:
    """Build the answerer called `name` (`llm` needs the settings of its model server)."""
    from bot.answerers.extractive import ExtractiveAnswerer  # noqa: PLC0415
    from bot.answerers.model import (  # noqa: PLC0415
        ARTICLE_PATH,
        DEFAULT_PATH,
        load_article_model,
        load_fact_model,
    )

    # The fitted ranker and refusal model ship with the package; without the file the hand-set rules decide.
    # Without the article choice's file, a question of no article in particular is answered, never asked.
    extractive = ExtractiveAnswerer(
        model=load_fact_model() if DEFAULT_PATH.exists() else None,
        article_model=load_article_model() if ARTICLE_PATH.exists() else None,
    )
    if name == "extractive":
        return extractive
    if name == "llm":
        if settings is None:
            raise ValueError("answerer 'llm' needs settings naming its model server (NEWSBOT_LLM_URL)")
        from bot.answerers.llm import LLMAnswerer  # noqa: PLC0415

        # The same extractive answerer is its fallback, so a failing server gives the usual answer.
        return LLMAnswerer(
            lambda: make_chat_model(settings),
            quotes=quotes,
            timeout=settings.llm_timeout,
            extractive=extractive,
        )
    raise ValueError(f"unknown answerer {name!r}; valid answerers: extractive, llm")


def build_state(settings: Settings) -> ChatState:
    """Open the chat state (turns, current articles, citations): PostgreSQL if configured, else SQLite.

    An unreachable database raises `bot.state.StateUnavailable`, whose one-line message has no password.
    """
    if settings.database_url is not None:
        from bot.state.postgres import PostgresState  # noqa: PLC0415

        # Every Telegram worker thread may hold a connection, and the event loop one for citations.
        return PostgresState(settings.database_url.get_secret_value().strip(), cap=settings.history_turns,
                             pool_size=settings.telegram_workers + 2)
    from bot.state.sqlite import SQLiteState  # noqa: PLC0415

    return SQLiteState(settings.data_dir / "sessions.sqlite3", cap=settings.history_turns)


def build_service(
    settings: Settings,
    collection: str | None = None,
    store: ArticleStore | None = None,
    answerer: Answerer | None = None,
    state: ChatState | None = None,
) -> NewsService:
    """Build the answering service for a collection (`answerer`, `state`: instead of the settings' own)."""
    from bot.answerers import Abilities  # noqa: PLC0415
    from bot.chain import DocCache, build_chain  # noqa: PLC0415
    from bot.retrieval import HybridRetriever  # noqa: PLC0415
    from bot.service import NewsService  # noqa: PLC0415

    store = store or build_store(settings, collection)
    docs = DocCache(
        store, lexical=store.lexical, small=settings.small_collection, cache_size=settings.article_cache
    )
    retriever = HybridRetriever(store=store)
    if answerer is None:
        answerer = make_answerer(settings.answerer, settings=settings, quotes=docs.quotes_of)
    # The model-written answerer also streams, rewrites follow-ups and rewrites summaries.
    abilities = Abilities(answerer, answerer, answerer) if settings.answerer == "llm" else Abilities()
    return NewsService(
        store,
        lambda special: build_chain(retriever, answerer, docs, special, abilities.stream),
        docs,
        state if state is not None else build_state(settings),
        abilities,
    )
