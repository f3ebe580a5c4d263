"""Unit tests of the pieces around the handlers: addressing, examples, inline matching, settings, logs."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from telegram import Chat, Message, MessageEntity, User

from bot.settings import Settings
from bot.telegram.app import check_settings, webhook_options
from bot.telegram.handlers.commands import example_questions
from bot.telegram.handlers.errors import RedactToken
from bot.telegram.handlers.inline import matching_quotes
from bot.telegram.replies import addressed_text, reply_target

BOT = SimpleNamespace(id=42, username="news_bot")
ALICE = User(7, "Alice", is_bot=False)
QUOTES = [
    {"speaker": "Elena Ruiz", "role": "Mayor", "quote": "This tram will connect thousands of students",
     "kind": "direct", "doc_id": "d1", "start": 0, "end": 10},
    {"speaker": "Elena Ruiz", "role": None, "quote": "construction would begin next spring",
     "kind": "indirect", "doc_id": "d1", "start": 20, "end": 30},
    {"speaker": "Tom Becker", "role": "councillor", "quote": "our bus network is falling apart",
     "kind": "direct", "doc_id": "d1", "start": 40, "end": 50},
]


def message(text: str, chat_type: str = "private", entities: list[MessageEntity] | None = None,
            reply_to: Message | None = None) -> Message:
    chat = Chat(7 if chat_type == "private" else -100, chat_type)
    return Message(3, dt.datetime.now(dt.UTC), chat, from_user=ALICE, text=text, entities=entities or [],
                   reply_to_message=reply_to)


def test_private_messages_are_always_for_the_bot() -> None:
    assert addressed_text(message("hello"), BOT) == "hello"  # type: ignore[arg-type]
    with_mention = message("@news_bot  hello", entities=[MessageEntity("mention", 0, 9)])
    assert addressed_text(with_mention, BOT) == "hello"  # type: ignore[arg-type]
    assert reply_target(message("hello")) is None


def test_group_messages_need_a_mention_or_a_reply_and_lose_the_mention() -> None:
    plain = message("who said it?", "group")
    mention = message("@News_Bot who said it?", "supergroup", [MessageEntity("mention", 0, 9)])
    other = message("@other_bot who said it?", "group", [MessageEntity("mention", 0, 10)])
    bot_message = Message(1, dt.datetime.now(dt.UTC), Chat(-100, "group"), from_user=User(42, "Bot", True),
                          text="answer")
    reply = message("and then?", "group", reply_to=bot_message)
    assert addressed_text(plain, BOT) is None  # type: ignore[arg-type]
    assert addressed_text(other, BOT) is None  # type: ignore[arg-type]
    assert addressed_text(mention, BOT) == "who said it?"  # type: ignore[arg-type]
    assert addressed_text(reply, BOT) == "and then?"  # type: ignore[arg-type]
    assert reply_target(mention) == 3


class QuoteService:
    def __init__(self, records: list[dict[str, Any]]) -> None:
        self.records = records

    def articles(self) -> list[Any]:
        return [SimpleNamespace(doc_id="d1", title="Tram news")]

    def quotes(self, speaker: str | None = None) -> list[dict[str, Any]]:
        return self.records


def test_examples_come_from_the_collection() -> None:
    assert example_questions(QuoteService(QUOTES)) == [  # type: ignore[arg-type]
        "Who said “This tram will connect thousands”?", "What did Tom Becker say?", "Summarize the article"]


def test_examples_without_quotes_are_generic() -> None:
    assert example_questions(QuoteService([])) == [  # type: ignore[arg-type]
        "Summarize the article", "What is the article about?", "Who is quoted in the article?"]


@pytest.mark.parametrize(("query", "first"), [
    ("who said the tram will connect students", "This tram will connect thousands of students"),
    ("Becker", "our bus network is falling apart"),
    ("ruiz", "This tram will connect thousands of students"),
    ("", "This tram will connect thousands of students"),
])
def test_inline_matching_by_speaker_or_words(query: str, first: str) -> None:
    found = matching_quotes(QuoteService(QUOTES), query)  # type: ignore[arg-type]
    assert found[0][0]["quote"] == first and found[0][1] == "Tram news"


def test_inline_matching_returns_nothing_for_unknown_words_and_at_most_ten() -> None:
    assert matching_quotes(QuoteService(QUOTES), "volcano") == []  # type: ignore[arg-type]
    many = [{**QUOTES[0], "start": i} for i in range(30)]
    assert len(matching_quotes(QuoteService(many), "tram")) == 10  # type: ignore[arg-type]


def test_id_lists_parse_from_commas_or_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSBOT_TELEGRAM_ADMIN_IDS", "1, 2;3")
    monkeypatch.setenv("NEWSBOT_TELEGRAM_ALLOWED_IDS", "[-100, 4]")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.telegram_admin_ids == [1, 2, 3] and settings.telegram_allowed_ids == [-100, 4]


@pytest.fixture
def no_token(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests about a missing token must not see the developer's own."""
    for name in ("TELEGRAM_BOT_TOKEN", "NEWSBOT_TELEGRAM_BOT_TOKEN"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.usefixtures("no_token")
def test_empty_lines_from_env_example_mean_unset(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[2] / ".env.example"
    telegram = example.read_text(encoding="utf-8").split("# Telegram", 1)[1]
    env_file = tmp_path / ".env"
    env_file.write_text(telegram, encoding="utf-8")
    settings = Settings(_env_file=env_file)  # type: ignore[call-arg]
    assert settings.telegram_webhook_secret is None and settings.telegram_webhook_url is None
    assert settings.telegram_admin_ids == [] and settings.telegram_mode == "polling"
    assert check_settings(settings) == "TELEGRAM_BOT_TOKEN is not set (environment or .env)"


@pytest.mark.usefixtures("no_token")
def test_webhook_settings_are_checked() -> None:
    base = {"_env_file": None, "telegram_bot_token": "1:abc"}
    assert check_settings(Settings(**base)) is None  # type: ignore[arg-type]
    assert "TELEGRAM_BOT_TOKEN" in (check_settings(Settings(_env_file=None)) or "")  # type: ignore[call-arg]
    webhook = Settings(**base, telegram_mode="webhook")  # type: ignore[arg-type]
    assert "WEBHOOK_URL" in (check_settings(webhook) or "")
    with pytest.raises(ValueError, match="webhook secret"):
        Settings(**base, telegram_webhook_secret="has spaces")  # type: ignore[arg-type]
    ok = Settings(**base, telegram_mode="webhook", telegram_webhook_url="https://example.com/hook/x",  # type: ignore[arg-type]
                  telegram_webhook_secret="abc_DEF-1", telegram_webhook_port=8443)
    assert check_settings(ok) is None
    assert webhook_options(ok) == {"listen": "127.0.0.1", "port": 8443, "url_path": "hook/x",
                                   "webhook_url": "https://example.com/hook/x", "secret_token": "abc_DEF-1"}


def test_the_token_never_reaches_the_log(caplog: pytest.LogCaptureFixture) -> None:
    token = "123:SECRET-token"
    log = logging.getLogger("test.redact")
    log.addFilter(RedactToken(token))
    try:
        with caplog.at_level(logging.INFO, logger="test.redact"):
            log.info("POST https://api.telegram.org/bot%s/getMe", token)
            try:
                raise RuntimeError(f"failed https://api.telegram.org/bot{token}/sendMessage")
            except RuntimeError:
                log.exception("update 5 failed")
    finally:
        log.filters.clear()
    assert token not in caplog.text and caplog.text.count("<token>") == 2
