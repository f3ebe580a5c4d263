"""Inline mode: `@bot who said …` in any chat offers matching quotes to share."""

from __future__ import annotations

import re
from typing import Any

from telegram import InlineQueryResultArticle, InputTextMessageContent, Update
from telegram.constants import InlineQueryLimit, ParseMode

from bot.telegram.context import NewsContext
from bot.telegram.format import escape, quote_text
from bot.telegram.runner import BotService
from bot.text import fold, terms

MAX_RESULTS = 10
MAX_QUOTE = 3000  # characters of a shared quote; the message also carries the speaker and the article
_LEAD = re.compile(r"^\s*(?:who\s+said|what\s+did|quotes?\s+(?:by|from)|quotes?)\b[\s:,]*", re.I)


async def inline_quotes(update: Update, context: NewsContext) -> None:
    """Answer an inline query with up to ten quotes matching a speaker or words of the quote."""
    query = update.inline_query
    if query is None:
        return
    runner = context.bot_data.runner
    found = await runner.call(matching_quotes, runner.service, query.query)
    results = [InlineQueryResultArticle(
        id=f"{r['doc_id'][:32]}:{r['start']}",
        title=r["speaker"] + (f" ({r['role']})" if r.get("role") else ""),
        description=quote_text(r)[:120],
        input_message_content=InputTextMessageContent(_share_html(r, title), parse_mode=ParseMode.HTML),
    ) for r, title in found]
    await query.answer(results, cache_time=30, is_personal=False)


def matching_quotes(service: BotService, text: str,
                    limit: int = MAX_RESULTS) -> list[tuple[dict[str, Any], str]]:
    """Return (quote record, article title) pairs matching the query, best first."""
    records = service.quotes(None)
    titles = {a.doc_id: a.title for a in service.articles()}  # metadata only: no article texts read
    wanted = fold(_LEAD.sub("", text)).strip(" ?“”\"'")
    words = set(terms(wanted))
    scored = []
    for i, r in enumerate(records):
        name_hit = bool(wanted) and (wanted in fold(r["speaker"]) or bool(words & set(terms(r["speaker"]))))
        word_hits = len(words & set(terms(r["quote"]))) / len(words) if words else 0.0
        score = 2.0 * name_hit + word_hits if wanted else (r.get("kind") == "direct")
        if score > 0 or not wanted:
            scored.append((-score, i, r))
    scored.sort(key=lambda item: (item[0], item[1]))
    return [(r, titles.get(r["doc_id"], "")) for _, _, r in scored[:min(limit, InlineQueryLimit.RESULTS)]]


def _share_html(record: dict[str, Any], title: str) -> str:
    """Render a quote to share: the speaker in bold, the quote in a blockquote, the article below."""
    quote = quote_text(record)
    if len(quote) > MAX_QUOTE:
        quote = quote[:MAX_QUOTE].rsplit(" ", 1)[0] + "…"
    role = f", {escape(record['role'])}" if record.get("role") else ""
    source = f"\n<i>{escape(title[:300])}</i>" if title else ""
    return f"<b>{escape(record['speaker'])}</b>{role}:\n<blockquote>{escape(quote)}</blockquote>{source}"
