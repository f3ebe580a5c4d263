"""Questions: text in private chats, group messages that mention or reply to the bot, example buttons.

Edited messages are answered like new ones (the edit is usually a corrected question).
"""

from __future__ import annotations

import logging

from telegram import Message, Update

from bot.telegram.context import NewsContext
from bot.telegram.replies import addressed_text, reply_target, say, send_answer, send_streamed, typing
from bot.telegram.runner import session_id

logger = logging.getLogger(__name__)

EXAMPLE_PREFIX = "ask:"
EMPTY = "Send me a question about the news in words, for example “What is the article about?”"
TOO_LONG = "Please ask a shorter question (at most {limit:,} characters)."
SLOW_DOWN = "Slow down a little, please: you can ask again in {seconds} s."


async def question(update: Update, context: NewsContext) -> None:
    """Answer a text message that is addressed to the bot."""
    message = update.effective_message
    if message is None or message.from_user is None:
        return
    text = addressed_text(message, context.bot)
    if text is None:  # group chatter not meant for the bot
        return
    await ask(context, message.chat_id, message.from_user.id, text, reply_to=reply_target(message))


async def example(update: Update, context: NewsContext) -> None:
    """Ask the example question whose button was pressed; the button's label is the question."""
    query = update.callback_query
    if query is None or not isinstance(query.message, Message):
        return
    markup = query.message.reply_markup
    buttons = [b for row in markup.inline_keyboard for b in row] if markup else []
    text = next((b.text for b in buttons if b.callback_data == query.data), None)
    if text is None:
        await query.answer("That example is gone: type your question instead.")
        return
    await query.answer(f"Asking: {text}"[:200])
    await ask(context, query.message.chat.id, query.from_user.id, text)


async def ask(context: NewsContext, chat_id: int, user_id: int, text: str, *,
              reply_to: int | None = None) -> None:
    """Check a question, answer it while showing "typing…", and send the answer."""
    data = context.bot_data
    text = text.strip()
    limit = data.settings.telegram_max_question_chars
    if not text or len(text) > limit:
        await say(context.bot, chat_id, TOO_LONG.format(limit=limit) if text else EMPTY, reply_to=reply_to)
        return
    verdict = data.access.take_question(user_id)
    if verdict.action != "ok":
        logger.info("user %s is over the question rate (%s)", user_id, verdict.action)
        if verdict.action == "warn":
            seconds = max(1, round(verdict.retry_after))
            await say(context.bot, chat_id, SLOW_DOWN.format(seconds=seconds), reply_to=reply_to)
        return
    session = session_id(chat_id)
    async with data.runner.turn(session):
        if data.runner.streaming:  # a generative answerer: show verified sentences as they come
            async with typing(context.bot, chat_id):
                answers = data.runner.ask_stream(text, session)
                await send_streamed(context.bot, chat_id, answers, data.citations, reply_to=reply_to)
            return
        async with typing(context.bot, chat_id):
            answer = await data.runner.ask(text, session)
        await send_answer(context.bot, chat_id, answer, data.citations, reply_to=reply_to)
