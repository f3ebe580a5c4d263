"""The one typed settings object, read from the environment and `.env` and validated at start-up."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from platformdirs import user_data_dir
from pydantic import AliasChoices, Field, SecretStr, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# Chroma's own rule for collection names; checked here so a bad name fails before anything loads.
_COLLECTION_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,50}[A-Za-z0-9]$")
# Telegram accepts 1-256 of these characters in the X-Telegram-Bot-Api-Secret-Token header.
_WEBHOOK_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


class Settings(BaseSettings):
    """Every knob newsbot has; see `.env.example` for the documented list."""

    model_config = SettingsConfigDict(env_prefix="NEWSBOT_", env_file=".env", extra="ignore")

    data_dir: Path = Field(
        default_factory=lambda: Path(user_data_dir("newsbot")),
        description="Holds the Chroma store, the quote index and chat sessions.",
    )
    chroma_url: str | None = Field(
        None, description="Use a Chroma server at this URL instead of the embedded store."
    )
    database_url: SecretStr | None = Field(
        None,
        description="Keep chat state in this PostgreSQL database (postgresql://user:password@host:port/db) "
        "instead of sessions.sqlite3 in the data folder; replicas of the bot share it.",
    )
    collection: str = Field("news", description="Default collection name.")
    doc_embeddings: Literal["sentence-transformers", "onnx"] = Field(
        "sentence-transformers", description="Backend that embeds article chunks at ingest."
    )
    query_embeddings: Literal["sentence-transformers", "onnx"] = Field(
        "onnx",
        description="Backend that embeds questions (the int8 ONNX MiniLM starts in well under a second).",
    )
    answerer: Literal["extractive", "llm"] = Field(
        "extractive", description="Which answerer composes answers."
    )
    llm_url: str | None = Field(
        None,
        validate_default=True,
        description="Base URL of the model server (OpenAI-compatible, e.g. http://127.0.0.1:11434/v1).",
    )
    llm_provider: Literal["openai", "ollama"] = Field(
        "openai", description="How to talk to that server: its OpenAI-compatible API or Ollama's own."
    )
    llm_model: str | None = Field(
        None,
        validate_default=True,
        description="Model name on that server (llama.cpp's server takes any name; Ollama needs one).",
    )
    llm_api_key: SecretStr | None = Field(None, description="API key for that server, if it needs one.")
    llm_timeout: float = Field(
        20.0, gt=0, description="Seconds to wait for the model server (per request and per streamed piece)."
    )
    fetch_timeout: float = Field(15.0, gt=0, description="Seconds to wait for a URL when ingesting.")
    max_input_bytes: int = Field(5_000_000, gt=0, description="Largest article file or page accepted.")
    history_turns: int = Field(20, ge=1, description="Turns kept per chat session.")
    small_collection: int = Field(
        8,
        ge=0,
        description="Up to this many articles a question reads them all; beyond, it uses the indexes.",
    )
    article_cache: int = Field(64, ge=1, description="Articles whose records a process keeps in memory.")

    telegram_bot_token: SecretStr | None = Field(
        None, validation_alias=AliasChoices("TELEGRAM_BOT_TOKEN", "NEWSBOT_TELEGRAM_BOT_TOKEN")
    )
    telegram_api_url: str = Field("https://api.telegram.org", description="Bot API server.")

    # -- Telegram -------------------------------------------------------------------------------------------
    telegram_allowed_ids: Annotated[list[int], NoDecode] = Field(
        default_factory=list,
        description="User or chat ids allowed to use the bot (comma-separated); empty = everyone.",
    )
    telegram_admin_ids: Annotated[list[int], NoDecode] = Field(
        default_factory=list, description="User ids that may /ingest and /forget articles (comma-separated)."
    )
    telegram_rate_limit: int = Field(10, ge=0, description="Questions a user may ask per window; 0 = off.")
    telegram_rate_window: float = Field(60.0, gt=0, description="Seconds of the per-user question window.")
    telegram_max_question_chars: int = Field(1000, ge=1, description="Longest question answered.")
    telegram_max_upload_bytes: int = Field(1_048_576, gt=0, description="Largest article upload for /ingest.")
    telegram_workers: int = Field(4, ge=1, description="Threads that run the answering service.")
    telegram_concurrent_updates: int = Field(64, ge=1, description="Updates handled at the same time.")
    telegram_flood_rate: float = Field(
        30.0, ge=0, description="Requests per second to all chats (Telegram's flood limit); 0 = unlimited."
    )
    telegram_flood_retries: int = Field(3, ge=0, description="Retries of a request answered with RetryAfter.")
    telegram_mode: Literal["polling", "webhook"] = Field("polling", description="How updates arrive.")
    telegram_webhook_url: str | None = Field(None, description="Public HTTPS URL Telegram posts updates to.")
    telegram_webhook_secret: SecretStr | None = Field(
        None, description="Secret Telegram sends in X-Telegram-Bot-Api-Secret-Token (required for webhooks)."
    )
    telegram_webhook_listen: str = Field("127.0.0.1", description="Address the webhook server binds.")
    telegram_webhook_port: int = Field(8443, ge=1, le=65535, description="Port the webhook server binds.")

    @field_validator("telegram_allowed_ids", "telegram_admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: Any) -> Any:
        # `1,2 3` or a JSON list: ids are typed by hand into .env.
        if isinstance(value, str):
            value = value.strip()
            if value.startswith("["):
                return json.loads(value)
            return [part for part in re.split(r"[\s,;]+", value) if part]
        return value

    @field_validator(
        "telegram_webhook_url",
        "telegram_webhook_secret",
        "llm_url",
        "llm_model",
        "llm_api_key",
        "database_url",
        mode="before",
    )
    @classmethod
    def _empty_is_unset(cls, value: Any) -> Any:
        # `KEY=` lines copied from .env.example mean "not set".
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("telegram_webhook_secret")
    @classmethod
    def _check_webhook_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _WEBHOOK_SECRET_RE.match(value.get_secret_value()):
            raise ValueError("the webhook secret is 1-256 characters of letters, digits, '_' or '-'")
        return value

    @field_validator("llm_url")
    @classmethod
    def _check_llm_url(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            if info.data.get("answerer") == "llm":
                raise ValueError("NEWSBOT_LLM_URL is required when NEWSBOT_ANSWERER=llm")
            return None
        value = value.strip().rstrip("/")
        if not re.match(r"^https?://[^/\s]+", value):
            raise ValueError(f"expected an http:// or https:// URL, got {value!r}")
        return value

    @field_validator("llm_model")
    @classmethod
    def _check_llm_model(cls, value: str | None, info: ValidationInfo) -> str | None:
        value = value.strip() if value else None
        if value is None and info.data.get("answerer") == "llm" and info.data.get("llm_provider") == "ollama":
            raise ValueError("NEWSBOT_LLM_MODEL is required when NEWSBOT_LLM_PROVIDER=ollama")
        return value

    @field_validator("chroma_url")
    @classmethod
    def _check_chroma_url(cls, value: str | None) -> str | None:
        if not value:
            return None
        from index.store import check_chroma_url  # noqa: PLC0415 - index.store imports nothing heavy at load

        return check_chroma_url(value)

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: SecretStr | None) -> SecretStr | None:
        # The message never repeats the URL: it holds the password.
        if value is not None and not re.match(r"^postgres(ql)?://", value.get_secret_value().strip()):
            raise ValueError("NEWSBOT_DATABASE_URL must be a postgresql:// URL")
        return value

    @field_validator("collection")
    @classmethod
    def _check_collection(cls, value: str) -> str:
        if not _COLLECTION_RE.match(value):
            raise ValueError(
                "collection names are 3-52 characters of letters, digits, '.', '_' or '-', "
                "starting and ending with a letter or digit"
            )
        return value


def check_collection_name(name: str) -> str:
    """Return `name` if it is a valid collection name, else raise ValueError saying why."""
    return Settings._check_collection(name)
