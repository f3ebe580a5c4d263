"""Build and run the Telegram bot: one Application, its shared services, and every handler."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from telegram import BotCommand, BotCommandScopeChat, Update
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.factory import build_ingestor, build_service, build_state, configure_environment
from bot.telegram.access import Access
from bot.telegram.context import BotData
from bot.telegram.handlers import admin, articles, commands, errors, gate, inline, media, questions, sources
from bot.telegram.replies import SOURCES_PREFIX, USE_PREFIX
from bot.telegram.runner import BotService, ServiceRunner

if TYPE_CHECKING:
    from bot.settings import Settings
    from bot.state import Citations
    from index.ingest import Ingestor

logger = logging.getLogger(__name__)

CONNECTIONS = 16  # to the Bot API; ~150 requests/s at Telegram's latency, five times its flood limit
POOL_TIMEOUT = 30.0  # seconds a request may wait for a free connection
ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY]


def build_application(settings: Settings, service: BotService, citations: Citations,
                      ingestor_factory: Callable[[], Ingestor] | None = None) -> Application:
    """Build the bot over `service` and the Sources buttons' `citations`; `ingestor_factory` runs once."""
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    # httpx logs every request URL at INFO, and Telegram URLs contain the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    api = settings.telegram_api_url.rstrip("/")
    application = (
        Application.builder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(f"{api}/bot")
        .base_file_url(f"{api}/file/bot")
        .context_types(ContextTypes(bot_data=BotData))
        # Each update runs as its own task; the runner keeps one chat's questions in order.
        .concurrent_updates(settings.telegram_concurrent_updates)
        # httpcore's pool does work quadratic in its connections for every request: with PTB's default
        # 256 connections, a burst of replies spends seconds of event-loop time in pool bookkeeping.
        # Fewer connections serve the same load; queued requests wait for one instead of timing out.
        .connection_pool_size(CONNECTIONS)
        .pool_timeout(POOL_TIMEOUT)
        .rate_limiter(AIORateLimiter(overall_max_rate=settings.telegram_flood_rate,
                                     max_retries=settings.telegram_flood_retries))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    data: BotData = application.bot_data
    data.settings = settings
    data.runner = ServiceRunner(service, ingestor_factory, workers=settings.telegram_workers)
    data.access = Access(settings.telegram_allowed_ids, settings.telegram_admin_ids,
                         rate=settings.telegram_rate_limit, window=settings.telegram_rate_window)
    data.citations = citations

    private, groups = filters.ChatType.PRIVATE, filters.ChatType.GROUPS
    application.add_handler(TypeHandler(Update, gate.gate), group=-1)
    application.add_handler(CommandHandler("start", commands.start))
    application.add_handler(CommandHandler("help", commands.help_command))
    application.add_handler(CommandHandler("summary", commands.summary))
    application.add_handler(CommandHandler("quotes", commands.quotes))
    application.add_handler(CommandHandler("speakers", commands.speakers_command))
    application.add_handler(CommandHandler("sources", commands.sources_command))
    application.add_handler(CommandHandler("reset", commands.reset))
    application.add_handler(CommandHandler("articles", articles.articles_command))
    application.add_handler(CommandHandler("use", articles.use_command))
    application.add_handler(CommandHandler("ingest", admin.ingest))
    application.add_handler(CommandHandler("forget", admin.forget))
    application.add_handler(CallbackQueryHandler(sources.show_sources, pattern=f"^{SOURCES_PREFIX}"))
    application.add_handler(CallbackQueryHandler(questions.example, pattern=f"^{questions.EXAMPLE_PREFIX}"))
    application.add_handler(CallbackQueryHandler(articles.use_button, pattern=f"^{USE_PREFIX}"))
    application.add_handler(InlineQueryHandler(inline.inline_quotes))
    application.add_handler(MessageHandler(filters.Document.ALL & (private | groups), admin.upload))
    application.add_handler(MessageHandler(filters.COMMAND & private, commands.unknown))
    text = filters.UpdateType.MESSAGES & filters.TEXT & ~filters.COMMAND
    application.add_handler(MessageHandler(text & (private | groups), questions.question))
    application.add_handler(MessageHandler(
        filters.UpdateType.MESSAGE & private & ~filters.TEXT & ~filters.COMMAND & ~filters.StatusUpdate.ALL,
        media.not_text))
    application.add_error_handler(errors.on_error)
    return application


# Waits between tries to publish the command menu. The menu is cosmetic and Telegram's API does return
# transient 5xx: a failure is logged and retried in the background, never a reason not to serve.
MENU_RETRY_SECONDS = (5.0, 30.0, 120.0, 600.0)


async def _post_init(application: Application) -> None:
    """Publish the command menu; if that fails, retry in the background and serve meanwhile."""
    try:
        await _set_menus(application)
        return
    except TelegramError as exc:
        logger.warning("could not publish the command menu (will retry): %s", exc)
    task = asyncio.create_task(_publish_menu(application, MENU_RETRY_SECONDS), name="newsbot command menu")
    application.bot_data.background.add(task)  # a reference, so the task is not collected mid-way
    task.add_done_callback(application.bot_data.background.discard)


async def _publish_menu(application: Application, retry_after: tuple[float, ...]) -> bool:
    """Publish the menus again after each delay in `retry_after` until it works; return whether it did."""
    for attempt, delay in enumerate(retry_after, start=2):
        await asyncio.sleep(delay)
        try:
            await _set_menus(application)
            logger.info("command menu published (try %d)", attempt)
            return True
        except TelegramError as exc:
            logger.warning("could not publish the command menu (try %d): %s", attempt, exc)
    return False


async def _set_menus(application: Application) -> None:
    """Publish the command menu: everyone's, and the admin commands for each admin's chat."""
    menu = [BotCommand(name, text) for name, text in commands.COMMANDS]
    await application.bot.set_my_commands(menu)
    admin_menu = menu + [BotCommand(name, text) for name, text in commands.ADMIN_COMMANDS]
    for admin_id in application.bot_data.settings.telegram_admin_ids:
        try:
            await application.bot.set_my_commands(admin_menu, scope=BotCommandScopeChat(admin_id))
        except TelegramError as exc:  # the admin has not opened a chat with the bot yet
            logger.info("no admin command menu for %s: %s", admin_id, exc)


async def _post_shutdown(application: Application) -> None:
    """Let running answers finish and stop the worker threads; stop retrying the menu."""
    for task in list(application.bot_data.background):
        task.cancel()
    application.bot_data.runner.close()


def check_settings(settings: Settings) -> str | None:
    """Return what is wrong with the Telegram settings, or None if the bot can start."""
    if settings.telegram_bot_token is None or not settings.telegram_bot_token.get_secret_value().strip():
        return "TELEGRAM_BOT_TOKEN is not set (environment or .env)"
    if settings.telegram_mode == "webhook":
        if not settings.telegram_webhook_url:
            return "NEWSBOT_TELEGRAM_WEBHOOK_URL is required when NEWSBOT_TELEGRAM_MODE=webhook"
        if settings.telegram_webhook_secret is None:
            return "NEWSBOT_TELEGRAM_WEBHOOK_SECRET is required when NEWSBOT_TELEGRAM_MODE=webhook"
    return None


def webhook_options(settings: Settings) -> dict[str, Any]:
    """Return the webhook server's options: Telegram must send the secret token header."""
    url = settings.telegram_webhook_url or ""
    secret = settings.telegram_webhook_secret
    return {"listen": settings.telegram_webhook_listen, "port": settings.telegram_webhook_port,
            "url_path": urlparse(url).path.strip("/"), "webhook_url": url,
            "secret_token": secret.get_secret_value() if secret else None}


@contextlib.asynccontextmanager
async def running(application: Application, **polling: Any) -> AsyncIterator[Application]:
    """Serve updates in the current event loop until the block exits, like run_polling/run_webhook do."""
    settings: Settings = application.bot_data.settings
    async with application:
        if application.post_init:
            await application.post_init(application)
        if settings.telegram_mode == "webhook":
            await application.updater.start_webhook(**webhook_options(settings),
                                                    allowed_updates=ALLOWED_UPDATES)
        else:
            await application.updater.start_polling(allowed_updates=ALLOWED_UPDATES, **polling)
        await application.start()
        try:
            yield application
        finally:
            await application.updater.stop()
            await application.stop()
            if application.post_stop:
                await application.post_stop(application)
    if application.post_shutdown:
        await application.post_shutdown(application)


def run(settings: Settings) -> None:
    """Run the bot until interrupted: long polling by default, or a webhook server."""
    problem = check_settings(settings)
    if problem:
        raise ValueError(problem)
    configure_environment()
    logging.basicConfig(level=logging.WARNING, format="newsbot: %(levelname)s %(name)s: %(message)s")
    logging.getLogger("bot.telegram").setLevel(logging.INFO)
    assert settings.telegram_bot_token is not None
    redact = errors.RedactToken(settings.telegram_bot_token.get_secret_value())
    for handler in logging.getLogger().handlers:
        handler.addFilter(redact)
    # One store for the conversation and its buttons: with PostgreSQL, every replica sees both.
    state = build_state(settings)
    service = build_service(settings, state=state)
    application = build_application(settings, service, state, lambda: build_ingestor(settings, service.store))
    logger.info("newsbot is on Telegram (%s, collection %r)", settings.telegram_mode, settings.collection)
    if settings.telegram_mode == "webhook":
        application.run_webhook(**webhook_options(settings), allowed_updates=ALLOWED_UPDATES)
    else:
        application.run_polling(allowed_updates=ALLOWED_UPDATES)
