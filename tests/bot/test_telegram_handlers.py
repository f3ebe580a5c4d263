"""Handler tests without a network: a recording bot, a fake service, and the real runner and policies."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from bot.schema import Answer, Citation
from bot.settings import Settings
from bot.state.sqlite import SQLiteState
from bot.telegram.access import Access
from bot.telegram.handlers.questions import EMPTY, ask
from bot.telegram.replies import SOURCES_PREFIX
from bot.telegram.runner import ServiceRunner


class RecordingBot:
    """Records what the handler sends instead of calling Telegram."""

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []
        self.actions: list[str] = []

    async def send_message(self, chat_id: int, text: str, **kwargs: Any) -> SimpleNamespace:
        self.sent.append({"chat_id": chat_id, "text": text, **kwargs})
        return SimpleNamespace(message_id=len(self.sent))

    async def send_chat_action(self, chat_id: int, action: str) -> bool:
        self.actions.append(action)
        return True


class Service:
    store = SimpleNamespace(docs=list, delete=lambda doc_id: False)

    def __init__(self) -> None:
        self.asked: list[tuple[str, str | None]] = []

    def ask(self, question: str, session: str | None = None) -> Answer:
        self.asked.append((question, session))
        return Answer("answered", "Ruiz said: “Trams & buses” [1]", [Citation(1, "d", "T", "p", 0, 1)],
                      kind="who_said", speakers=["Ruiz"])


def context(service: Service, **settings: Any) -> SimpleNamespace:
    values = {"_env_file": None, "telegram_max_question_chars": 20, **settings}
    config = Settings(**values)
    runner = ServiceRunner(service, workers=1)  # type: ignore[arg-type]
    data = SimpleNamespace(settings=config, runner=runner, citations=SQLiteState.in_memory(),
                           access=Access(rate=config.telegram_rate_limit, window=60))
    return SimpleNamespace(bot=RecordingBot(), bot_data=data)


async def test_a_question_is_answered_in_html_with_a_sources_button() -> None:
    service = Service()
    ctx = context(service)
    await ask(ctx, 5, 7, "  who said trams?  ")  # type: ignore[arg-type]
    ctx.bot_data.runner.close()
    (sent,) = ctx.bot.sent
    assert service.asked == [("who said trams?", "tg:5")]
    assert sent["text"] == "<b>Ruiz</b> said:\n<blockquote>“Trams &amp; buses” [1]</blockquote>"
    assert sent["parse_mode"] == "HTML" and sent["reply_markup"].inline_keyboard[0][0].text == "Sources"
    data = sent["reply_markup"].inline_keyboard[0][0].callback_data
    assert data.startswith(SOURCES_PREFIX) and len(data.encode()) <= 64
    assert ctx.bot_data.citations.get(data.removeprefix(SOURCES_PREFIX)).citations[0].n == 1


async def test_empty_long_and_too_frequent_questions_never_reach_the_service() -> None:
    service = Service()
    ctx = context(service, telegram_rate_limit=1)
    await ask(ctx, 5, 7, "   ")  # type: ignore[arg-type]
    await ask(ctx, 5, 7, "x" * 21)  # type: ignore[arg-type]
    await ask(ctx, 5, 7, "first")  # type: ignore[arg-type]
    await ask(ctx, 5, 7, "second")  # type: ignore[arg-type]
    await ask(ctx, 5, 7, "third")  # type: ignore[arg-type]
    ctx.bot_data.runner.close()
    texts = [m["text"] for m in ctx.bot.sent]
    assert texts[0] == EMPTY and texts[1] == "Please ask a shorter question (at most 20 characters)."
    assert texts[3].startswith("Slow down a little, please") and len(texts) == 4
    assert service.asked == [("first", "tg:5")]
