"""The access gate: runs before every handler and stops updates from people outside the allowlist."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot.telegram.context import NewsContext
from bot.telegram.replies import addressed_text

logger = logging.getLogger(__name__)

REFUSAL = ("Sorry, this bot is private and only answers people it has been set up for. "
           "Ask its owner if you need access.")


async def gate(update: Update, context: NewsContext) -> None:
    """Let allowed users through; refuse anyone else once, then ignore them."""
    user, chat = update.effective_user, update.effective_chat
    if context.bot_data.access.allows(user.id if user else None, chat.id if chat else None):
        return
    if update.inline_query:
        await update.inline_query.answer([], cache_time=60, is_personal=True)
    elif update.callback_query:
        await update.callback_query.answer()
    else:
        message = update.effective_message
        if message and user and addressed_text(message, context.bot) is not None \
                and context.bot_data.access.first_refusal(user.id):
            logger.info("refused user %s in chat %s", user.id, chat.id if chat else None)
            await message.reply_text(REFUSAL)
    raise ApplicationHandlerStop
