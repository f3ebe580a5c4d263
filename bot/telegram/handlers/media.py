"""Anything but text in a private chat (stickers, photos, voice…): say what the bot understands."""

from __future__ import annotations

from telegram import Update

from bot.telegram.context import NewsContext

ONLY_TEXT = "I can only read text. Type your question about the news and I will look it up."


async def not_text(update: Update, context: NewsContext) -> None:
    """Reply that only text questions are understood."""
    if update.effective_message:
        await update.effective_message.reply_text(ONLY_TEXT)
