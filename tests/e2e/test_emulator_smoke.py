"""Smoke tests proving the Telegram emulator against a real python-telegram-bot v22 Application.

Each test runs a tiny bot defined here in polling mode inside its own event loop (asyncio.run),
so no pytest-asyncio configuration is needed.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import urllib.error
import urllib.request
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, InvalidToken
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)
from tg import TelegramEmulator

try:
    import aiolimiter  # noqa: F401 - present iff python-telegram-bot[rate-limiter] is installed

    HAVE_RATE_LIMITER = True
except ImportError:
    HAVE_RATE_LIMITER = False

COMMANDS = [("start", "Start the bot"), ("help", "Show help")]


def _addressed_to_bot(message: Message, bot: Bot) -> bool:
    """Private messages, replies to the bot and @mentions of the bot count as addressed to it."""
    if message.chat.type == "private":
        return True
    replied = message.reply_to_message
    if replied and replied.from_user and replied.from_user.id == bot.id:
        return True
    mentions = message.parse_entities([MessageEntity.MENTION]).values()
    return any(m.lower() == f"@{bot.username}".lower() for m in mentions)


async def _start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Read more", callback_data="more:1")]])
    await update.effective_message.reply_text("Welcome to <b>newsbot</b>!", parse_mode=ParseMode.HTML,
                                              reply_markup=keyboard)


async def _button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    await query.answer("Loading…")
    edited = await query.edit_message_text(f"<b>More</b> news ({query.data})", parse_mode=ParseMode.HTML)
    context.bot_data.setdefault("edited", []).append(edited)


async def _text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if not _addressed_to_bot(message, context.bot):
        return
    await context.bot.send_chat_action(message.chat_id, ChatAction.TYPING)
    await message.reply_text(f"echo: {message.text}")


async def _edited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await context.bot.send_message(update.edited_message.chat_id, f"edited: {update.edited_message.text}")


async def _sticker(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    sticker = update.effective_message.sticker
    await update.effective_message.reply_text(f"sticker {sticker.emoji} {sticker.file_unique_id}")


async def _file(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    media = message.document or message.voice or (message.photo[-1] if message.photo else None)
    assert media is not None
    data = await (await media.get_file()).download_as_bytearray()
    await message.reply_text(f"got {len(data)} bytes sha256={hashlib.sha256(data).hexdigest()}")


async def _inline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.inline_query
    await query.answer([InlineQueryResultArticle(
        "r1", f"News about {query.query}", InputTextMessageContent(f"Top story: {query.query}"))])


async def _post_init(application: Application) -> None:
    await application.bot.set_my_commands(COMMANDS)


def build_app(tg: TelegramEmulator) -> Application:
    """The tiny test bot, wired to the emulator."""
    builder = (Application.builder().token(tg.token).base_url(tg.base_url)
               .base_file_url(tg.base_file_url).post_init(_post_init))
    if HAVE_RATE_LIMITER:
        builder = builder.rate_limiter(AIORateLimiter())
    app = builder.build()
    app.add_handler(CommandHandler("start", _start))
    app.add_handler(CallbackQueryHandler(_button))
    app.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE & filters.TEXT, _edited))
    app.add_handler(MessageHandler(filters.Sticker.ALL, _sticker))
    app.add_handler(MessageHandler(filters.Document.ALL | filters.VOICE | filters.PHOTO, _file))
    app.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND, _text))
    app.add_handler(InlineQueryHandler(_inline))
    return app


@contextlib.asynccontextmanager
async def running_bot(tg: TelegramEmulator) -> AsyncIterator[Application]:
    """Run the test bot in polling mode in the current event loop, then stop it.

    Mirrors Application.run_polling(): post_init/post_stop hooks only run there, so call them.
    """
    app = build_app(tg)
    async with app:
        if app.post_init:
            await app.post_init(app)
        await app.updater.start_polling(poll_interval=0.05)
        await app.start()
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()
            if app.post_stop:
                await app.post_stop(app)


async def eventually(condition: Callable[[], Any], timeout: float = 5.0) -> None:
    """Await until condition() is truthy (e.g. a handler finished after its API call)."""
    for _ in range(int(timeout / 0.01)):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("condition never became true")


def run(scenario: Callable[[], Awaitable[None]]) -> None:
    """Run one async scenario with an overall deadline."""
    async def bounded() -> None:
        await asyncio.wait_for(scenario(), timeout=30)
    asyncio.run(bounded())


def test_startup_start_button_edit_and_typing(tg: TelegramEmulator) -> None:
    alice = tg.user("Alice", "alice")
    chat = tg.private_chat(alice)

    async def scenario() -> None:
        async with running_bot(tg) as app:
            assert app.bot.username == tg.bot_username  # getMe answered during initialize()
            assert tg.commands() == [{"command": c, "description": d} for c, d in COMMANDS]
            assert [c for c, _ in tg.api_calls("deleteWebhook")]

            start = tg.send_text(chat, alice, "/start")
            assert start["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
            (welcome,) = await tg.wait_bot_messages(chat["id"])
            assert welcome["_method"] == "sendMessage"
            assert welcome["text"] == "Welcome to newsbot!"
            assert welcome["entities"] == [{"type": "bold", "offset": 11, "length": 7}]
            assert welcome["from"]["id"] == tg.bot["id"] and welcome["date"] < 10**10
            assert welcome["reply_markup"] == {
                "inline_keyboard": [[{"text": "Read more", "callback_data": "more:1"}]]}

            tg.press_button(chat, alice, welcome["message_id"], "more:1")
            (edit,) = await tg.wait_bot_messages(chat["id"])
            assert edit["_method"] == "editMessageText" and edit["message_id"] == welcome["message_id"]
            assert edit["text"] == "More news (more:1)" and "reply_markup" not in edit
            assert tg.message(chat["id"], welcome["message_id"])["text"] == "More news (more:1)"
            assert [a["text"] for a in tg.callback_answers()] == ["Loading…"]
            await eventually(lambda: app.bot_data.get("edited"))
            (edited,) = app.bot_data["edited"]
            assert isinstance(edited, Message) and edited.message_id == welcome["message_id"]
            assert edited.edit_date is not None

            hello = tg.send_text(chat, alice, "hello")
            (echo,) = await tg.wait_bot_messages(chat["id"])
            assert echo["text"] == "echo: hello"
            assert "reply_to_message" not in echo  # PTB's reply_text only quotes in groups
            assert echo["message_id"] > hello["message_id"]
            assert tg.chat_actions(chat["id"]) == ["typing"]
            with pytest.raises(LookupError):
                tg.press_button(chat, alice, echo["message_id"], "more:1")

    run(scenario)


def test_group_mentions_replies_and_media(tg: TelegramEmulator) -> None:
    bob = tg.user("Bob", "bob")
    group = tg.group_chat("News fans", added_by=bob)
    assert group["type"] == "group" and group["id"] < 0

    async def scenario() -> None:
        async with running_bot(tg):
            tg.send_text(group, bob, "just chatting")
            asked = tg.send_text(group, bob, "what's new?", mention=True)
            assert asked["text"] == f"@{tg.bot_username} what's new?"
            assert asked["entities"] == [{"type": "mention", "offset": 0, "length": len(tg.bot_username) + 1}]
            (reply,) = await tg.wait_bot_messages(group["id"])
            assert reply["text"] == f"echo: @{tg.bot_username} what's new?"
            assert reply["reply_to_message"]["message_id"] == asked["message_id"]
            assert reply["message_id"] > asked["message_id"]

            follow_up = tg.send_text(group, bob, "thanks", reply_to=reply["message_id"])
            (answer,) = await tg.wait_bot_messages(group["id"])
            assert answer["reply_to_message"]["message_id"] == follow_up["message_id"]
            await tg.assert_no_bot_messages(group["id"], within=0.2)

            tg.send_sticker(group, bob, emoji="🔥")
            (sticker_reply,) = await tg.wait_bot_messages(group["id"])
            assert sticker_reply["text"].startswith("sticker 🔥 ")

            data = bytes(range(256)) * 40 + b"\r\n--boundary-like\r\n"
            tg.send_document(group, bob, "report.pdf", data, "application/pdf")
            (doc_reply,) = await tg.wait_bot_messages(group["id"])
            assert doc_reply["text"] == f"got {len(data)} bytes sha256={hashlib.sha256(data).hexdigest()}"

            tg.send_voice(group, bob, b"OggS-voice")
            tg.send_photo(group, bob, b"\xff\xd8photo\xff\xd9", caption="look")
            voice_reply, photo_reply = await tg.wait_bot_messages(group["id"], n=2)
            assert voice_reply["text"].startswith("got 10 bytes")
            assert photo_reply["text"].startswith("got 9 bytes")

    run(scenario)


def test_edited_messages_and_inline_queries(tg: TelegramEmulator) -> None:
    carol = tg.user("Carol", "carol")
    chat = tg.private_chat(carol)

    async def scenario() -> None:
        async with running_bot(tg):
            original = tg.send_text(chat, carol, "typo")
            await tg.wait_bot_messages(chat["id"])
            tg.edit_text(chat, carol, original["message_id"], "fixed")
            (edited,) = await tg.wait_bot_messages(chat["id"])
            assert edited["text"] == "edited: fixed"

            query_id = tg.inline_query(carol, "python")
            await eventually(tg.inline_answers)
            (answer,) = tg.inline_answers()
            assert answer["inline_query_id"] == query_id
            assert answer["results"][0]["title"] == "News about python"
            assert answer["results"][0]["input_message_content"]["message_text"] == "Top story: python"

    run(scenario)


def test_bot_api_errors_are_faithful(tg: TelegramEmulator) -> None:
    dave = tg.user("Dave")
    chat = tg.private_chat(dave)

    async def scenario() -> None:
        async with running_bot(tg) as app:
            with pytest.raises(BadRequest, match=r"(?i)^message is too long$"):
                await app.bot.send_message(chat["id"], "x" * 5000)
            assert ("sendMessage", "Bad Request: message is too long") in tg.api_errors()
            # the limit applies to the text after entity parsing
            ok = await app.bot.send_message(chat["id"], "<b>" + "y" * 4096 + "</b>", parse_mode=ParseMode.HTML)
            assert len(ok.text) == 4096
            with pytest.raises(BadRequest, match=r"(?i)can't find end tag corresponding to start tag"):
                await app.bot.send_message(chat["id"], "<b>unclosed", parse_mode=ParseMode.HTML)
            with pytest.raises(BadRequest, match=r'(?i)unsupported start tag "div"'):
                await app.bot.send_message(chat["id"], "<div>x</div>", parse_mode=ParseMode.HTML)
            with pytest.raises(BadRequest, match=r"(?i)chat not found"):
                await app.bot.send_message(123, "nobody here")
            with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
                await app.bot.edit_message_text("y" * 4096, chat["id"], ok.message_id,
                                                entities=[MessageEntity("bold", 0, 4096)])
            await tg.wait_bot_messages(chat["id"])
            tg.fail_next("sendMessage", "bot was blocked by the user", code=403)
            with pytest.raises(Exception, match="blocked"):
                await app.bot.send_message(chat["id"], "hi")
            with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
                await app.bot.send_message(chat["id"], " ")

        with pytest.raises(InvalidToken):
            async with Bot("1:wrong", base_url=tg.base_url) as bot:
                await bot.get_me()

    run(scenario)
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(f"{tg.base_url}{tg.token}/noSuchMethod", timeout=5)
    assert err.value.code == 404
    assert json.load(err.value) == {"ok": False, "error_code": 404, "description": "Not Found"}


def test_restart_loses_and_duplicates_nothing(tg: TelegramEmulator) -> None:
    erin = tg.user("Erin", "erin")
    chat = tg.private_chat(erin)

    async def scenario() -> None:
        async with running_bot(tg):
            tg.send_text(chat, erin, "one")
            (first,) = await tg.wait_bot_messages(chat["id"])
            assert first["text"] == "echo: one"
        tg.send_text(chat, erin, "two")  # arrives while the bot is down
        assert len(tg.pending_updates()) == 1
        async with running_bot(tg):
            (second,) = await tg.wait_bot_messages(chat["id"])
            assert second["text"] == "echo: two"
            tg.send_text(chat, erin, "three")
            (third,) = await tg.wait_bot_messages(chat["id"])
            assert third["text"] == "echo: three"
            await tg.assert_no_bot_messages(chat["id"], within=0.3)

    run(scenario)
    texts: list[Any] = [m["text"] for m in tg.bot_messages(chat["id"])]
    assert texts == ["echo: one", "echo: two", "echo: three"]
    assert tg.pending_updates() == []  # every update confirmed via offset on shutdown
    assert sorted(tg.delivery_counts().values()) == [1, 1, 1]
    assert tg.api_errors() == []
