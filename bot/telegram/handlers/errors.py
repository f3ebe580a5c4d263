"""The global error handler, and a log filter that keeps the bot token out of every log line."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, TelegramError

from bot.telegram.context import NewsContext
from bot.telegram.replies import addressed_text

logger = logging.getLogger(__name__)

SORRY = "Sorry, something went wrong on my side. Please try again in a moment."


async def on_error(update: object, context: NewsContext) -> None:
    """Log a failed update with its id and, when someone was talking to the bot, apologise."""
    update_id = update.update_id if isinstance(update, Update) else None
    if isinstance(context.error, Forbidden):  # the user blocked the bot: nothing to fix, nobody to tell
        logger.info("update %s: %s", update_id, context.error)
        return
    logger.error("update %s failed", update_id, exc_info=context.error)
    if not isinstance(update, Update):
        return
    try:
        if update.callback_query:
            await update.callback_query.answer(SORRY)
        elif update.effective_message and addressed_text(update.effective_message, context.bot) is not None:
            await update.effective_message.reply_text(SORRY)
    except TelegramError as exc:  # the apology failed too; it is already logged above
        logger.debug("could not apologise for update %s: %s", update_id, exc)


class RedactToken(logging.Filter):
    """Replace the bot token in log messages and tracebacks (Telegram URLs contain it)."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record without the token; never drop it."""
        if not self.token:
            return True
        message = record.getMessage()
        if self.token in message:
            record.msg, record.args = message.replace(self.token, "<token>"), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and self.token in record.exc_text:
            record.exc_text = record.exc_text.replace(self.token, "<token>")
        return True
