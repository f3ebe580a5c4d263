"""The one typed settings object, read from the environment and `.env` and validated at start-up."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from platformdirs import user_data_dir
from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Chroma's own rule for collection names; checked here so a bad name fails before anything loads.
_COLLECTION_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,50}[A-Za-z0-9]$")


class Settings(BaseSettings):
    """Every knob newsbot has; see `.env.example` for the documented list."""

    model_config = SettingsConfigDict(env_prefix="NEWSBOT_", env_file=".env", extra="ignore")

    data_dir: Path = Field(
        default_factory=lambda: Path(user_data_dir("newsbot")),
        description="Holds the Chroma store, the quote index and chat sessions.",
    )
    chroma_url: str | None = Field(None, description="Use a Chroma server at this URL instead of the embedded store.")
    collection: str = Field("news", description="Default collection name.")
    doc_embeddings: Literal["sentence-transformers", "onnx"] = Field(
        "sentence-transformers", description="Backend that embeds article chunks at ingest."
    )
    query_embeddings: Literal["sentence-transformers", "onnx"] = Field(
        "onnx", description="Backend that embeds questions (the int8 ONNX MiniLM starts in well under a second)."
    )
    answerer: Literal["extractive", "llm"] = Field("extractive", description="Which answerer composes answers.")
    llm_url: str | None = Field(None, description="OpenAI-compatible base URL of a local model server.")
    llm_model: str | None = Field(None, description="Model name on that server.")
    llm_api_key: SecretStr | None = Field(None, description="API key for that server, if it needs one.")
    fetch_timeout: float = Field(15.0, gt=0, description="Seconds to wait for a URL when ingesting.")
    max_input_bytes: int = Field(5_000_000, gt=0, description="Largest article file or page accepted.")
    history_turns: int = Field(20, ge=1, description="Turns kept per chat session.")

    telegram_bot_token: SecretStr | None = Field(
        None, validation_alias=AliasChoices("TELEGRAM_BOT_TOKEN", "NEWSBOT_TELEGRAM_BOT_TOKEN")
    )
    telegram_api_url: str = Field("https://api.telegram.org", description="Bot API server.")

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
