"""Admin commands: /ingest (a URL, or an uploaded .txt/.md/.html file up to the size limit) and /forget."""

from __future__ import annotations

import logging
import re
import tempfile
from pathlib import Path

from telegram import Document, Message, Update
from telegram.constants import ChatType

from bot.telegram.context import NewsContext
from bot.telegram.format import escape
from bot.telegram.replies import reply_target, send_html, typing
from bot.telegram.runner import session_id
from index.readers import TEXT_SUFFIXES, is_url

logger = logging.getLogger(__name__)

ADMINS_ONLY = "Only admins can add or remove articles. Ask me a question about the news instead."
INGEST_USAGE = ("Send /ingest URL, or upload a .txt, .md or .html file (up to {size}), "
                "or reply /ingest to an uploaded file.")
FORGET_USAGE = "Send /forget DOC_ID; /sources lists the ids."


async def ingest(update: Update, context: NewsContext) -> None:
    """Add the article at a URL, or the uploaded file the command replies to."""
    message = update.effective_message
    if message is None or not await _is_admin(message, context):
        return
    replied = message.reply_to_message
    if context.args:
        url = context.args[0]
        if not is_url(url):
            await message.reply_text(f"That is not an http(s) URL. {_usage(context)}")
            return
        await _ingest(message, context, url, url)
    elif replied is not None and replied.document is not None:
        await _ingest_document(message, replied.document, context)
    else:
        await message.reply_text(_usage(context))


async def upload(update: Update, context: NewsContext) -> None:
    """Ingest a document sent in a private chat, or captioned /ingest in a group (admins only)."""
    message = update.effective_message
    if message is None or message.document is None:
        return
    caption = (message.caption or "").split(maxsplit=1)
    captioned = bool(caption) and caption[0].split("@")[0].lower() == "/ingest"
    if message.chat.type != ChatType.PRIVATE and not captioned:
        return  # files people share in a group are not for the bot
    if await _is_admin(message, context):
        await _ingest_document(message, message.document, context)


async def forget(update: Update, context: NewsContext) -> None:
    """Remove an article from the collection by its id."""
    message = update.effective_message
    if message is None or not await _is_admin(message, context):
        return
    if not context.args or len(context.args) != 1:
        await message.reply_text(FORGET_USAGE)
        return
    doc_id = context.args[0]
    runner = context.bot_data.runner
    removed = await runner.call(runner.service.store.delete, doc_id)
    text = f"Removed article <code>{escape(doc_id)}</code>." if removed else \
        f"I have no article with id <code>{escape(doc_id)}</code>; /sources lists them."
    await send_html(context.bot, message.chat_id, [text], reply_to=reply_target(message))


async def _is_admin(message: Message, context: NewsContext) -> bool:
    if context.bot_data.access.is_admin(message.from_user.id if message.from_user else None):
        return True
    await message.reply_text(ADMINS_ONLY)
    return False


def _usage(context: NewsContext) -> str:
    return INGEST_USAGE.format(size=_size(context.bot_data.settings.telegram_max_upload_bytes))


def _too_big(size: int, limit: int) -> str:
    return f"That file is too big ({_size(size)}); the limit is {_size(limit)}."


def _size(n: int) -> str:
    return f"{n / 1_048_576:.1f} MB".replace(".0 MB", " MB") if n >= 1_048_576 else f"{max(1, n // 1024)} KB"


async def _ingest_document(message: Message, document: Document, context: NewsContext) -> None:
    """Check an uploaded file's type and size, download it under its own name, and ingest it."""
    limit = context.bot_data.settings.telegram_max_upload_bytes
    name = re.sub(r"[^\w.\- ]", "_", Path(document.file_name or "upload").name)[-100:] or "upload"
    suffix = Path(name).suffix.lower()
    if suffix not in TEXT_SUFFIXES:
        await message.reply_text(f"I can read .txt, .md and .html files, not {suffix or 'untyped files'}.")
        return
    if document.file_size and document.file_size > limit:
        await message.reply_text(_too_big(document.file_size, limit))
        return
    with tempfile.TemporaryDirectory(prefix="newsbot-upload-") as tmp:
        path = Path(tmp) / name
        file = await document.get_file()
        await file.download_to_drive(path)
        if path.stat().st_size > limit:  # Telegram did not tell the size up front
            await message.reply_text(_too_big(path.stat().st_size, limit))
            return
        await _ingest(message, context, str(path), name)


async def _ingest(message: Message, context: NewsContext, source: str, shown: str) -> None:
    """Ingest one source and report what happened, naming it as the user knows it."""
    async with typing(context.bot, message.chat_id):
        done, skipped = await context.bot_data.runner.ingest([source])
    if done:
        # The article just shared in this chat is the one its questions are about now.
        runner = context.bot_data.runner
        await runner.call(runner.service.use, session_id(message.chat_id), done[-1].doc_id)
    lines = []
    for d in done:
        if d.status == "unchanged":
            lines.append(f"Already in the collection: <b>{escape(d.title)}</b> (id <code>{d.doc_id}</code>).")
        else:
            replaced = f", replacing {len(d.replaced)} older version(s)" if d.replaced else ""
            lines.append(f"Added <b>{escape(d.title)}</b>: {d.chunks} sentences, {d.quotes} quotes"
                         f"{replaced}. id <code>{d.doc_id}</code>")
    for s in skipped:
        reason = s.reason.replace(source, "").lstrip(": ") or "unreadable"
        lines.append(f"Could not add {escape(shown)}: {escape(reason)}")
    logger.info("ingest of %s by %s: %d done, %d skipped", shown,
                message.from_user.id if message.from_user else None, len(done), len(skipped))
    await send_html(context.bot, message.chat_id, lines or ["Nothing to add."],
                    reply_to=reply_target(message))
