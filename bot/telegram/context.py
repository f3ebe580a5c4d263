"""The typed callback context: what every handler finds in `context.bot_data`."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from telegram.ext import CallbackContext, ExtBot

if TYPE_CHECKING:
    from bot.settings import Settings
    from bot.state import Citations
    from bot.telegram.access import Access
    from bot.telegram.runner import ServiceRunner


class BotData:
    """Services shared by all handlers; `build_application` fills every field before the bot starts."""

    settings: Settings
    runner: ServiceRunner
    access: Access
    citations: Citations
    background: set[asyncio.Task[Any]]

    def __init__(self) -> None:
        # Tasks the bot runs beside serving (publishing the command menu), cancelled at shutdown.
        self.background = set()


NewsContext = CallbackContext[ExtBot[Any], dict[Any, Any], dict[Any, Any], BotData]
