"""Acceptance tests with a fake answering service, where timing, length or failure must be controlled.

The bot is the real Application over real HTTP (the emulator); only the service is fake.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from test_bot_harness import FakeService, bot_running, buttons, entity_text, make_settings
from tg import TelegramEmulator

from bot.schema import Answer, Citation
from bot.telegram.handlers.errors import SORRY
from bot.telegram.handlers.questions import EMPTY
from bot.telegram.runner import session_id

PARAGRAPH = ("The council met on Tuesday & voted 7 < 9 on the tram line. [1] It will cost 240 million euros, "
             "and critics said the money belonged to buses. [1] ") * 6


def long_answer(question: str) -> Answer:
    """A 5,000+ character answer of many paragraphs, with text that needs escaping."""
    text = "\n\n".join(PARAGRAPH.strip() for _ in range(6))
    assert len(text) > 5000
    return Answer("answered", text, [Citation(1, "d1", "Tram <news>", "The council met & voted.", 0, 24)])


def long_quotes(question: str) -> Answer:
    """A what-said answer with 30 quoted bullets, too long for one message."""
    lines = ["Ada Lovelace (mathematician) said:"]
    lines += [f"• “Quote number {i}: " + "the engine weaves patterns & more " * 5 + f"” [{i % 3 + 1}]"
              for i in range(30)]
    citations = [Citation(n, "d1", "T", "passage", 0, 7) for n in (1, 2, 3)]
    return Answer("answered", "\n".join(lines), citations, kind="what_said", speakers=["Ada Lovelace"])


async def test_long_answers_are_split_into_valid_html_messages(tg: TelegramEmulator, tmp_path: Path) -> None:
    alice = tg.user("Alice")
    chat = tg.private_chat(alice)
    async with bot_running(make_settings(tg, tmp_path), FakeService(long_answer)):
        tg.send_text(chat, alice, "Tell me everything")
        parts = await tg.wait_bot_messages(chat["id"], n=2)
        await tg.assert_no_bot_messages(chat["id"], within=0.2)
    assert all(len(p["text"]) <= 4096 for p in parts)
    assert "".join("".join(p["text"] for p in parts).split()) == "".join(long_answer("").answer.split())
    assert "reply_markup" not in parts[0] and [b["text"] for b in buttons(parts[1])] == ["Sources"]
    assert tg.api_errors() == []


async def test_long_quote_answers_keep_every_blockquote_whole(tg: TelegramEmulator, tmp_path: Path) -> None:
    alice = tg.user("Alice")
    chat = tg.private_chat(alice)
    async with bot_running(make_settings(tg, tmp_path), FakeService(long_quotes)):
        tg.send_text(chat, alice, "What did Ada Lovelace say?")
        parts = await tg.wait_bot_messages(chat["id"], n=2)
    quotes = [q for p in parts for q in entity_text(p, "blockquote")]
    assert len(quotes) == 30 and all(q.startswith("“Quote number") and q.endswith("]") for q in quotes)
    assert entity_text(parts[0], "bold") == ["Ada Lovelace"]
    assert all(len(p["text"]) <= 4096 for p in parts) and tg.api_errors() == []


async def test_a_slow_question_does_not_block_other_chats(tg: TelegramEmulator, tmp_path: Path) -> None:
    slow_user, quick_user = tg.user("Slow"), tg.user("Quick")
    service = FakeService(slow_seconds=5.0)
    async with bot_running(make_settings(tg, tmp_path), service):
        tg.send_text(tg.private_chat(slow_user), slow_user, "slow question")
        await asyncio.sleep(0.3)  # the slow question is being answered
        sent = time.monotonic()
        tg.send_text(tg.private_chat(quick_user), quick_user, "quick question")
        (quick,) = await tg.wait_bot_messages(quick_user["id"])
        assert time.monotonic() - sent < 1.0
        assert tg.bot_messages(slow_user["id"]) == []
        (slow,) = await tg.wait_bot_messages(slow_user["id"])
    assert quick["text"] == "You asked: quick question [1]" and slow["text"] == "You asked: slow question [1]"
    assert tg.chat_actions(slow_user["id"]) == ["typing", "typing"]  # repeated while working
    assert all(name.startswith("newsbot-answer") for name in service.threads)


async def test_one_chat_is_answered_in_order(tg: TelegramEmulator, tmp_path: Path) -> None:
    alice = tg.user("Alice")
    chat = tg.private_chat(alice)
    service = FakeService(slow_seconds=1.0)
    async with bot_running(make_settings(tg, tmp_path), service):
        questions = ["slow first", "second", "third", "fourth", "fifth"]
        for text in questions:
            tg.send_text(chat, alice, text)
        answers = await tg.wait_bot_messages(chat["id"], n=len(questions))
    assert [a["text"] for a in answers] == [f"You asked: {q} [1]" for q in questions]
    (first, _, _, end1), (second, _, start2, _) = service.calls[:2]
    assert (first, second) == ("slow first", "second") and start2 >= end1


async def test_rate_limit_says_slow_down_once(tg: TelegramEmulator, tmp_path: Path) -> None:
    alice = tg.user("Alice")
    chat = tg.private_chat(alice)
    settings = make_settings(tg, tmp_path, telegram_rate_limit=2, telegram_rate_window=60)
    async with bot_running(settings, FakeService()):
        for i in range(4):
            tg.send_text(chat, alice, f"question {i}")
        replies = await tg.wait_bot_messages(chat["id"], n=3)
        await tg.assert_no_bot_messages(chat["id"], within=0.3)
    texts = [r["text"] for r in replies]
    assert sorted(t for t in texts if t.startswith("You asked")) == ["You asked: question 0 [1]",
                                                                     "You asked: question 1 [1]"]
    (slow_down,) = [t for t in texts if not t.startswith("You asked")]
    assert slow_down in {f"Slow down a little, please: you can ask again in {n} s." for n in (59, 60)}


async def test_a_failing_question_is_logged_and_the_bot_keeps_serving(
        tg: TelegramEmulator, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    alice = tg.user("Alice")
    chat = tg.private_chat(alice)
    caplog.set_level(logging.INFO)
    async with bot_running(make_settings(tg, tmp_path), FakeService()):
        boom = tg.send_text(chat, alice, "boom, please")
        (sorry,) = await tg.wait_bot_messages(chat["id"])
        assert sorry["text"] == SORRY
        tg.send_text(chat, alice, "and now?")
        (fine,) = await tg.wait_bot_messages(chat["id"])
        assert fine["text"] == "You asked: and now? [1]"
    failures = [r for r in caplog.records if r.getMessage().startswith("update ") and r.exc_info]
    assert len(failures) == 1 and "failed on purpose" in str(failures[0].exc_info[1])
    assert boom["message_id"] and tg.token not in caplog.text
    assert not any(r.name.startswith("httpx") and r.levelno < logging.WARNING for r in caplog.records)


async def test_flood_control_retries_after_retry_after(tg: TelegramEmulator, tmp_path: Path) -> None:
    alice = tg.user("Alice")
    chat = tg.private_chat(alice)
    async with bot_running(make_settings(tg, tmp_path), FakeService()):
        tg.fail_next("sendMessage", "retry after 1", code=429, retry_after=1)
        tg.send_text(chat, alice, "are you there?")
        (answer,) = await tg.wait_bot_messages(chat["id"], timeout=10)
    assert answer["text"] == "You asked: are you there? [1]"
    assert ("sendMessage", "Too Many Requests: retry after 1") in tg.api_errors()


async def test_edited_questions_are_answered_again(tg: TelegramEmulator, tmp_path: Path) -> None:
    alice = tg.user("Alice")
    chat = tg.private_chat(alice)
    service = FakeService()
    async with bot_running(make_settings(tg, tmp_path), service):
        original = tg.send_text(chat, alice, "who siad it")
        await tg.wait_bot_messages(chat["id"])
        tg.edit_text(chat, alice, original["message_id"], "who said it")
        (again,) = await tg.wait_bot_messages(chat["id"])
    assert again["text"] == "You asked: who said it [1]"
    assert service.history[session_id(chat["id"])] == ["who siad it", "who said it"]


async def test_group_mention_without_a_question_and_commands(tg: TelegramEmulator, tmp_path: Path) -> None:
    bob = tg.user("Bob")
    group = tg.group_chat("Group", added_by=bob)
    async with bot_running(make_settings(tg, tmp_path), FakeService()):
        tg.send_text(group, bob, "", mention=True)
        (prompt,) = await tg.wait_bot_messages(group["id"])
        assert prompt["text"] == EMPTY
        tg.send_text(group, bob, f"/summary@{tg.bot_username} nope")
        (missing,) = await tg.wait_bot_messages(group["id"])
        assert missing["text"] == "I have no article with id nope; /articles lists them."
        tg.send_text(group, bob, "/summary@some_other_bot")
        tg.send_text(group, bob, "/help")
        (help_text,) = await tg.wait_bot_messages(group["id"])
        assert help_text["text"].startswith("Ask me anything")
        tg.send_text(group, bob, "/sources")
        (listing,) = await tg.wait_bot_messages(group["id"])
        assert entity_text(listing, "bold") == ["Fake article"] and entity_text(listing, "code") == ["d1"]


async def test_sources_too_long_to_append_come_as_a_reply(tg: TelegramEmulator, tmp_path: Path) -> None:
    alice = tg.user("Alice")
    chat = tg.private_chat(alice)
    citations = [Citation(n, "d1", "Article", f"Passage {n} " + "text & more " * 150, 0, 10)
                 for n in (1, 2, 3)]
    service = FakeService(lambda q: Answer("answered", "Three passages. [1] [2] [3]", citations))
    async with bot_running(make_settings(tg, tmp_path), service):
        tg.send_text(chat, alice, "cite a lot")
        (answer,) = await tg.wait_bot_messages(chat["id"])
        tg.press_button(chat, alice, answer["message_id"], buttons(answer)[0]["callback_data"])
        first, second, unbuttoned = await tg.wait_bot_messages(chat["id"], n=3)
    assert first["reply_to_message"]["message_id"] == answer["message_id"]
    assert [len(entity_text(m, "blockquote")) for m in (first, second)] == [2, 1]
    assert all(len(m["text"]) <= 4096 for m in (first, second))
    assert unbuttoned["_method"] == "editMessageReplyMarkup" and "reply_markup" not in unbuttoned


SECRET = "s3cret_Token-1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_webhook_mode_checks_the_secret_token(tg: TelegramEmulator, tmp_path: Path) -> None:
    alice = tg.user("Alice")
    chat = tg.private_chat(alice)
    port = _free_port()
    url = f"http://127.0.0.1:{port}/telegram-hook"
    settings = make_settings(tg, tmp_path, telegram_mode="webhook", telegram_webhook_url=url,
                             telegram_webhook_secret=SECRET, telegram_webhook_port=port)
    async with bot_running(settings, FakeService()):
        assert tg.api_calls("setWebhook")[-1][1]["secret_token"] == SECRET
        tg.send_text(chat, alice, "via webhook")
        update: dict[str, Any] = tg.pending_updates()[-1]
        async with httpx.AsyncClient() as client:
            bad = await client.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"})
            missing = await client.post(url, json=update)
            good = await client.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
        assert (bad.status_code, missing.status_code, good.status_code) == (403, 403, 200)
        (answer,) = await tg.wait_bot_messages(chat["id"])
        assert answer["text"] == "You asked: via webhook [1]"


async def test_unknown_commands_point_at_help(tg: TelegramEmulator, tmp_path: Path) -> None:
    alice = tg.user("Alice")
    chat = tg.private_chat(alice)
    async with bot_running(make_settings(tg, tmp_path), FakeService()):
        tg.send_text(chat, alice, "/frobnicate now")
        (reply,) = await tg.wait_bot_messages(chat["id"])
    assert reply["text"] == "I don't know that command; /help lists what I can do."
