"""Sending answers: who a message is for, "typing…" while working, HTML pieces and the Sources button."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Sequence

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message, MessageEntity, ReplyParameters
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import TelegramError

from bot.articles import ArticleInfo
from bot.schema import Answer
from bot.state import Citations
from bot.telegram.format import render_answer

logger = logging.getLogger(__name__)

TYPING_EVERY = 4.5  # seconds; Telegram shows "typing…" for about 5 s per chat action
EDIT_EVERY = 1.0  # seconds between edits of a streamed answer (Telegram throttles faster edits)


def addressed_text(message: Message, bot: Bot) -> str | None:
    """Return the message's text if it is for the bot (private, @mention or reply), minus the mention."""
    mentions = [value for entity, value in
                message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION]).items()
                if value.lower() == f"@{bot.username}".lower() or (entity.user and entity.user.id == bot.id)]
    replied = message.reply_to_message
    to_bot = bool(replied and replied.from_user and replied.from_user.id == bot.id)
    if message.chat.type != ChatType.PRIVATE and not to_bot and not mentions:
        return None
    text = message.text or ""
    for value in mentions:
        text = text.replace(value, " ", 1)
    return " ".join(text.split())


def reply_target(message: Message) -> int | None:
    """Quote the question in groups, where several people talk; not in private chats."""
    return None if message.chat.type == ChatType.PRIVATE else message.message_id


@contextlib.asynccontextmanager
async def typing(bot: Bot, chat_id: int) -> AsyncIterator[None]:
    """Show "typing…" in the chat until the block exits."""
    async def keep_typing() -> None:
        while True:
            try:
                await bot.send_chat_action(chat_id, ChatAction.TYPING)
            except TelegramError as exc:  # a missed indicator must not cost the answer
                logger.debug("typing indicator failed: %s", exc)
            await asyncio.sleep(TYPING_EVERY)

    task = asyncio.create_task(keep_typing())
    try:
        yield
    finally:
        task.cancel()


async def say(bot: Bot, chat_id: int, text: str, *, reply_to: int | None = None) -> Message:
    """Send a short plain-text message (no parse mode, so nothing in it needs escaping)."""
    reply = ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to else None
    return await bot.send_message(chat_id, text, reply_parameters=reply)


async def send_html(bot: Bot, chat_id: int, messages: list[str], *, reply_to: int | None = None,
                    last_markup: InlineKeyboardMarkup | None = None) -> list[Message]:
    """Send HTML messages in order, the first as a reply to `reply_to`, the last with `last_markup`."""
    sent = []
    for i, text in enumerate(messages):
        reply = ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to and i == 0 else None
        markup = last_markup if i == len(messages) - 1 else None
        sent.append(await bot.send_message(chat_id, text, parse_mode=ParseMode.HTML, reply_parameters=reply,
                                           reply_markup=markup))
    return sent


SOURCES_PREFIX = "src:"  # + the citations key
USE_PREFIX = "use:"  # + doc_id (16 hex digits): well under the 64 bytes of callback_data
MAX_LABEL = 60  # characters of an article button's label


def choice_keyboard(choices: Sequence[ArticleInfo] | Sequence[dict[str, str]]) -> InlineKeyboardMarkup:
    """Return one button per article, numbered as listed; pressing one makes it the chat's article."""
    rows = []
    for i, c in enumerate(choices, 1):
        doc_id, title = (c.doc_id, c.title) if isinstance(c, ArticleInfo) else (c["doc_id"], c["title"])
        label = f"{i}. {title}"
        label = label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"
        rows.append([InlineKeyboardButton(label, callback_data=f"{USE_PREFIX}{doc_id}")])
    return InlineKeyboardMarkup(rows)


async def sources_button(answer: Answer, citations: Citations, last_message: str
                         ) -> InlineKeyboardMarkup | None:
    """Return the "Sources" button for an answer that cites passages."""
    if not answer.citations:
        return None
    # The store may be a database across the network: keep the event loop free meanwhile.
    key = await asyncio.to_thread(citations.put, tuple(answer.citations), last_message)
    return InlineKeyboardMarkup([[InlineKeyboardButton("Sources", callback_data=SOURCES_PREFIX + key)]])


async def send_streamed(bot: Bot, chat_id: int, answers: AsyncIterator[Answer], citations: Citations, *,
                        reply_to: int | None = None, every: float = EDIT_EVERY) -> list[Message]:
    """Show a streamed answer in one message, edited at most once per `every` seconds as it grows.

    Every item of `answers` is already verified; the last one is the answer and gets the Sources button.
    """
    message: Message | None = None
    shown, last_edit = "", 0.0
    final: Answer | None = None
    async for answer in answers:
        final = answer
        pieces = render_answer(answer)
        if len(pieces) != 1 or pieces[0] == shown:
            continue  # an answer needing several messages is sent whole at the end
        if message is None:
            message = (await send_html(bot, chat_id, pieces, reply_to=reply_to))[0]
        elif time.monotonic() - last_edit >= every:
            if not await _edit(bot, message, pieces[0]):
                continue
        else:
            continue
        shown, last_edit = pieces[0], time.monotonic()
    if final is None:
        return []
    if message is None:
        return await send_answer(bot, chat_id, final, citations, reply_to=reply_to)
    messages = render_answer(final) or ["(no answer)"]
    markup = await sources_button(final, citations, messages[-1])
    await asyncio.sleep(max(0.0, last_edit + every - time.monotonic()))
    if not await _edit(bot, message, messages[0], markup if len(messages) == 1 else None):
        return await send_answer(bot, chat_id, final, citations, reply_to=reply_to)
    return [message, *await send_html(bot, chat_id, messages[1:], last_markup=markup)]


async def _edit(bot: Bot, message: Message, text: str, markup: InlineKeyboardMarkup | None = None) -> bool:
    """Replace a message's text; tell whether Telegram took the edit."""
    try:
        await bot.edit_message_text(text, chat_id=message.chat_id, message_id=message.message_id,
                                    parse_mode=ParseMode.HTML, reply_markup=markup)
    except TelegramError as exc:
        if "not modified" in str(exc).lower():
            return True
        logger.info("could not edit a streamed answer: %s", exc)
        return False
    return True


async def send_answer(bot: Bot, chat_id: int, answer: Answer, citations: Citations, *,
                      reply_to: int | None = None) -> list[Message]:
    """Send an answer (split if long) with a "Sources" button under its last piece when it cites any."""
    messages = render_answer(answer) or ["(no answer)"]
    # "Which article do you mean?" offers its articles as buttons; an answer, its Sources.
    markup = (choice_keyboard(answer.choices) if answer.choices
              else await sources_button(answer, citations, messages[-1]))
    return await send_html(bot, chat_id, messages, reply_to=reply_to, last_markup=markup)
