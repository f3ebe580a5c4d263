"""Commands for everyone: /start, /help, /summary, /quotes, /speakers, /sources, /reset (and unknown ones).

/articles and /use, which pick a chat's article, are in `articles`.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.telegram.context import NewsContext
from bot.telegram.format import escape, pack, render_quotes
from bot.telegram.handlers.questions import EXAMPLE_PREFIX
from bot.telegram.replies import reply_target, say, send_answer, send_html, typing
from bot.telegram.runner import BotService, session_id, speakers

COMMANDS = [
    ("start", "What this bot does, with example questions"),
    ("help", "How to ask, and every command"),
    ("summary", "Summary of this chat's article (or /summary DOC_ID)"),
    ("quotes", "Who said what (or /quotes NAME)"),
    ("speakers", "Everyone quoted, with role and number of quotes"),
    ("articles", "The articles I know; pick the one to talk about"),
    ("use", "Talk about another article: /use DOC_ID"),
    ("sources", "The articles I know, with their size"),
    ("reset", "Forget this conversation"),
]
ADMIN_COMMANDS = [
    ("ingest", "Add an article: /ingest URL, or upload a .txt/.md/.html file"),
    ("forget", "Remove an article: /forget DOC_ID"),
]
START = ("Hi! I answer questions about the news articles in my collection, quoting the passages "
         "I found the answer in: ask who said something, what someone said, or anything the articles "
         "cover. Press <b>Sources</b> under an answer to read the passages.\n\n"
         "In a group, mention me or reply to me. Try one of these:")
HELP = ("<b>Ask me anything</b> about the articles, in your own words. Follow-up questions work: "
        "I remember this chat's conversation until you send /reset.\n\n"
        "/summary — summary of this chat's article (/summary DOC_ID for another)\n"
        "/articles — the articles I know; press one to talk about it\n"
        "/use DOC_ID — talk about another article\n"
        "/quotes — who said what (/quotes NAME for one person)\n"
        "/speakers — everyone quoted\n"
        "/sources — the articles I know\n"
        "/reset — forget this conversation\n\n"
        "In groups I answer when you mention me or reply to one of my messages. "
        "In any chat, type my @username followed by a name or some words to share a quote.")
EMPTY_COLLECTION = "I have no articles yet. An admin can add one with /ingest."
MAX_EXAMPLE = 56  # characters of an example button's label
_WEAK_ENDS = frozenset({"a", "an", "the", "of", "to", "in", "on", "at", "for", "and", "or", "but", "with",
                        "by", "from", "that", "this"})


async def start(update: Update, context: NewsContext) -> None:
    """Say what the bot does and offer three example questions as buttons."""
    message = update.effective_message
    if message is None:
        return
    runner = context.bot_data.runner
    examples = await runner.call(example_questions, runner.service)
    keyboard = InlineKeyboardMarkup(
        [[InlineKeyboardButton(q, callback_data=f"{EXAMPLE_PREFIX}{i}")] for i, q in enumerate(examples)])
    await message.reply_html(START, reply_markup=keyboard)


async def help_command(update: Update, context: NewsContext) -> None:
    """List what the bot understands."""
    if update.effective_message:
        await update.effective_message.reply_html(HELP)


async def summary(update: Update, context: NewsContext) -> None:
    """Summarise this chat's article, or the one whose id is given (asks which one when it cannot tell)."""
    message = update.effective_message
    if message is None:
        return
    runner = context.bot_data.runner
    session = session_id(message.chat_id)
    doc_id = context.args[0] if context.args else await runner.call(runner.service.current, session)
    try:
        async with typing(context.bot, message.chat_id):
            if doc_id is None:
                # Several articles and none chosen here: asked like a question, the reply picks one.
                answer = await runner.ask("Summarize the article.", session)
            else:
                answer = await runner.call(runner.service.summary, doc_id)
    except KeyError:
        await message.reply_text(f"I have no article with id {doc_id}; /articles lists them.")
        return
    await send_answer(context.bot, message.chat_id, answer, context.bot_data.citations,
                      reply_to=reply_target(message))


async def quotes(update: Update, context: NewsContext) -> None:
    """List who said what, or only what the named person said."""
    message = update.effective_message
    if message is None:
        return
    name = " ".join(context.args or []) or None
    runner = context.bot_data.runner
    records = await runner.call(runner.service.quotes, name)
    if not records:
        text = f"I found no quotes by {name}; /speakers lists who is quoted." if name else "No quotes yet."
        await say(context.bot, message.chat_id, text, reply_to=reply_target(message))
        return
    await send_html(context.bot, message.chat_id, render_quotes(records), reply_to=reply_target(message))


async def speakers_command(update: Update, context: NewsContext) -> None:
    """List everyone quoted, with their role and how many quotes they have."""
    message = update.effective_message
    if message is None:
        return
    runner = context.bot_data.runner
    found = speakers(await runner.call(runner.service.quotes, None))
    if not found:
        await say(context.bot, message.chat_id, "Nobody is quoted yet.", reply_to=reply_target(message))
        return
    lines = [f"<b>{escape(name)}</b>" + (f", {escape(role)}" if role else "")
             + f" — {n} quote{'s' if n != 1 else ''}" for name, role, n in found]
    await send_html(context.bot, message.chat_id, pack(lines, sep="\n"), reply_to=reply_target(message))


async def sources_command(update: Update, context: NewsContext) -> None:
    """List the articles in the collection."""
    message = update.effective_message
    if message is None:
        return
    runner = context.bot_data.runner
    docs = await runner.call(runner.service.store.docs)
    if not docs:
        await say(context.bot, message.chat_id, EMPTY_COLLECTION, reply_to=reply_target(message))
        return
    blocks = [f"<b>{escape(d.title)}</b>\nid <code>{escape(d.doc_id)}</code> · {d.chunks} sentences, "
              f"{d.quotes} quotes\n{escape(d.source)}" for d in docs]
    await send_html(context.bot, message.chat_id, pack(blocks), reply_to=reply_target(message))


async def reset(update: Update, context: NewsContext) -> None:
    """Forget this chat's conversation."""
    message = update.effective_message
    if message is None:
        return
    await context.bot_data.runner.reset(session_id(message.chat_id))
    await message.reply_text("Done: I have forgotten our conversation. Ask me anything.")


async def unknown(update: Update, context: NewsContext) -> None:
    """Point a private chat that sent an unknown command at /help."""
    if update.effective_message:
        await update.effective_message.reply_text("I don't know that command; /help lists what I can do.")


def example_questions(service: BotService) -> list[str]:
    """Pick three questions the collection can answer: a who-said, a what-said and a summary."""
    records: list[dict[str, Any]] = service.quotes(None)
    out: list[str] = []
    direct = [r for r in records if r.get("kind") == "direct" and len(r["quote"].split()) >= 4]
    if direct:
        words = direct[0]["quote"].split()[:6]
        while len(words) > 3 and (len(" ".join(words)) > MAX_EXAMPLE - 14 or words[-1].lower() in _WEAK_ENDS):
            words.pop()
        out.append(f"Who said “{' '.join(words).rstrip(',;:')}”?")
    quoted = speakers(records)
    for name, _role, _n in quoted:
        if direct and name == direct[0]["speaker"] and len(quoted) > 1:
            continue  # the who-said example already shows this speaker
        if len(name) <= MAX_EXAMPLE - 20:
            out.append(f"What did {name} say?")
            break
    out.append("Summarize the article")
    for fallback in ("What is the article about?", "Who is quoted in the article?"):
        if len(out) < 3:
            out.append(fallback)
    return out[:3]
