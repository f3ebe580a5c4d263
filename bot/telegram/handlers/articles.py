"""A chat's current article: /articles (an inline keyboard to pick one), /use, and the "which one?" buttons.

A chat is about one article at a time: the one just added there, or the one picked here. Questions about
"the article" mean it; a question it does not answer may still be answered from another article, named.
"""

from __future__ import annotations

from telegram import Message, Update

from bot.telegram.context import NewsContext
from bot.telegram.format import escape
from bot.telegram.replies import USE_PREFIX, choice_keyboard, reply_target, send_answer, send_html, typing
from bot.telegram.runner import session_id

MAX_LISTED = 10  # buttons in the /articles keyboard; /use DOC_ID reaches any article
USE_USAGE = "Send /use and an article's number in /articles, or its id."
GONE = "That article is no longer in the collection; /articles lists those that are."


async def articles_command(update: Update, context: NewsContext) -> None:
    """List the newest articles, the chat's current one marked, with a button to pick each."""
    message = update.effective_message
    if message is None:
        return
    runner = context.bot_data.runner
    listed = await runner.call(runner.service.articles)
    if not listed:
        await message.reply_text("I have no articles yet. An admin can add one with /ingest.")
        return
    current = await runner.call(runner.service.current, session_id(message.chat_id))
    shown = listed[:MAX_LISTED]
    lines = [
        f"{i}. <b>{escape(a.title)}</b>" + (" ← current" if a.doc_id == current else "")
        + f"\n<code>{a.doc_id}</code>" + (f" · {a.date}" if a.date else "") + f" · {escape(a.source)}"
        for i, a in enumerate(shown, 1)
    ]
    more = f"; the {len(shown)} newest" if len(listed) > len(shown) else ""
    head = f"{len(listed)} article{'s' if len(listed) != 1 else ''}, newest first{more}:"
    foot = "Press one to talk about it, or send /use DOC_ID."
    await send_html(context.bot, message.chat_id, ["\n\n".join([head, *lines, foot])],
                    reply_to=reply_target(message), last_markup=choice_keyboard(shown))


async def use_command(update: Update, context: NewsContext) -> None:
    """Make the article given by id (or by its number in /articles) the chat's current article."""
    message = update.effective_message
    if message is None:
        return
    if not context.args or len(context.args) != 1:
        await message.reply_text(USE_USAGE)
        return
    wanted = context.args[0]
    runner = context.bot_data.runner
    if wanted.isdigit() and len(wanted) <= 3:
        listed = await runner.call(runner.service.articles)
        if not 1 <= int(wanted) <= min(len(listed), MAX_LISTED):
            await message.reply_text(f"There is no article {wanted} in /articles. {USE_USAGE}")
            return
        wanted = listed[int(wanted) - 1].doc_id
    await _choose(message, context, wanted)


async def use_button(update: Update, context: NewsContext) -> None:
    """Pick the article whose button was pressed (in /articles or under "Which article do you mean?")."""
    query = update.callback_query
    if query is None or query.data is None or not isinstance(query.message, Message):
        return
    await query.answer()
    await _choose(query.message, context, query.data.removeprefix(USE_PREFIX), reply=False)


async def _choose(message: Message, context: NewsContext, doc_id: str, *, reply: bool = True) -> None:
    """Make `doc_id` current; answer the question a "which one?" list was about, if there was one."""
    runner = context.bot_data.runner
    session = session_id(message.chat_id)
    reply_to = reply_target(message) if reply else None
    try:
        async with runner.turn(session), typing(context.bot, message.chat_id):
            info = await runner.call(runner.service.use, session, doc_id)
            answer = await runner.call(runner.service.choose, session, doc_id)
    except KeyError:
        await message.reply_text(GONE)
        return
    if answer is None:
        await send_html(context.bot, message.chat_id, [f"Now talking about <b>{escape(info.title)}</b>."],
                        reply_to=reply_to)
        return
    await send_answer(context.bot, message.chat_id, answer, context.bot_data.citations, reply_to=reply_to)
