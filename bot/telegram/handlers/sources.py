"""The "Sources" button under an answer: reveal the passages it cites."""

from __future__ import annotations

import asyncio
import logging

from telegram import Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.telegram.context import NewsContext
from bot.telegram.format import LIMIT, render_sources, visible_length
from bot.telegram.replies import SOURCES_PREFIX, send_html

logger = logging.getLogger(__name__)

EXPIRED = "These sources have expired (it was long ago). Ask again to see them."


async def show_sources(update: Update, context: NewsContext) -> None:
    """Append the cited passages to the answer, or send them as a reply when they do not fit."""
    query = update.callback_query
    if query is None or query.data is None or not isinstance(query.message, Message):
        return
    message = query.message
    # The store may be a database across the network: keep the event loop free meanwhile.
    cited = await asyncio.to_thread(context.bot_data.citations.get, query.data.removeprefix(SOURCES_PREFIX))
    if cited is None:
        await query.answer(EXPIRED, show_alert=True)
        await _drop_button(message)
        return
    await query.answer()
    pages = render_sources(cited.citations)
    combined = f"{cited.html}\n\n{pages[0]}"
    if len(pages) == 1 and visible_length(combined) <= LIMIT:
        try:
            # Editing without reply_markup also removes the button.
            await message.edit_text(combined, parse_mode=ParseMode.HTML)
            return
        except BadRequest as exc:  # e.g. the message is too old to edit: reply instead
            logger.info("could not add sources to message %s: %s", message.message_id, exc)
    await send_html(context.bot, message.chat_id, pages, reply_to=message.message_id)
    await _drop_button(message)


async def _drop_button(message: Message) -> None:
    try:
        await message.edit_reply_markup(reply_markup=None)
    except BadRequest as exc:  # already gone: nothing to do
        logger.debug("could not remove the Sources button: %s", exc)
