"""The `llm` answerer behind every front end: the chat-model factory, `newsbot ask`/`chat`, the terminal
chat's sentence-by-sentence printing and Telegram's edited message, all against the scripted server."""

from __future__ import annotations

import asyncio
import io
import itertools
import subprocess
import sys
import time
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from fake_llm import FakeLLM, Reply, cite

from bot.schema import Answer, Citation
from bot.settings import Settings

SOLAR = """Solar roof powers Mervin school
MERVIN — The Harbourside school in Mervin switched on a solar roof of 400 panels on Monday, the town council said.
The panels will supply about 60 percent of the school's electricity, according to the council.
“Our pupils will learn physics from the roof above their heads,” said head teacher Grace Obi.
The installation took eleven weeks and was carried out by a local firm, Brightwatt.
"""
QUESTION = "How much of the school's electricity will the panels supply?"
GOOD = "The panels will supply about 60 percent of the school's electricity"


def two_sentences(prompt: str) -> str:
    return f"{GOOD} {cite(prompt, '60 percent')}. The roof has 400 panels {cite(prompt, '400 panels')}."


@pytest.fixture
def fake() -> Iterator[FakeLLM]:
    server = FakeLLM().start()
    yield server
    server.stop()


# --- the chat-model factory ----------------------------------------------------------------------------


def llm_settings(**values: Any) -> Settings:
    return Settings(_env_file=None, answerer="llm", **values)


def test_the_factory_builds_an_openai_compatible_client_without_retries():
    from langchain_openai import ChatOpenAI

    from bot.factory import make_chat_model

    model = make_chat_model(llm_settings(llm_url="http://127.0.0.1:9/v1/", llm_model="m", llm_timeout=3))
    assert isinstance(model, ChatOpenAI)
    assert model.openai_api_base == "http://127.0.0.1:9/v1" and model.model_name == "m"
    assert model.request_timeout == 3 and model.max_retries == 0


def test_the_factory_builds_ollama_at_the_server_root():
    from langchain_ollama import ChatOllama

    from bot.factory import make_chat_model

    model = make_chat_model(llm_settings(llm_url="http://127.0.0.1:11434/v1", llm_provider="ollama",
                                         llm_model="qwen3:4b", llm_timeout=7))
    assert isinstance(model, ChatOllama)
    assert model.base_url == "http://127.0.0.1:11434" and model.model == "qwen3:4b"
    assert model.client_kwargs == {"timeout": 7}


def test_the_factory_names_the_valid_providers():
    from bot.factory import make_chat_model

    bad = llm_settings(llm_url="http://127.0.0.1:9/v1").model_copy(update={"llm_provider": "vllm"})
    with pytest.raises(ValueError, match="valid providers: openai, ollama"):
        make_chat_model(bad)


def test_settings_refuse_an_llm_answerer_without_a_server():
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="NEWSBOT_LLM_URL is required"):
        Settings(_env_file=None, answerer="llm", llm_url="")
    with pytest.raises(ValidationError, match="NEWSBOT_LLM_MODEL is required"):
        Settings(_env_file=None, answerer="llm", llm_url="http://127.0.0.1:11434", llm_provider="ollama")
    with pytest.raises(ValidationError, match="http"):
        Settings(_env_file=None, answerer="llm", llm_url="127.0.0.1:11434")


def test_the_extractive_path_never_imports_the_model_clients():
    code = ("import sys; import bot.cli, bot.factory, bot.service, bot.chain, bot.terminal, bot.answerers.llm, "
            "bot.verify; from bot.factory import make_answerer; make_answerer('extractive'); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('openai', 'langchain_openai', 'langchain_ollama', 'ollama')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# --- the real service over the test article ---------------------------------------------------------------


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory, build_newsroom) -> Any:
    root = tmp_path_factory.mktemp("llm-frontends")
    build_newsroom(root, "news").ingest_text("solar.txt", SOLAR)  # the CLI's default collection in root/chroma
    return root


@pytest.fixture
def service(data_dir, fake, tmp_path) -> Any:
    from bot.factory import build_service, build_store

    settings = Settings(_env_file=None, data_dir=data_dir, answerer="llm", llm_url=fake.url, llm_timeout=2)
    service = build_service(settings, store=build_store(settings))
    service.sessions = None  # keep the shared data folder's sessions out of it
    return service


def test_newsbot_ask_answers_through_the_model(cli, data_dir, fake):
    fake.say(Reply(two_sentences))
    run = cli("ask", QUESTION, "--json", data_dir=data_dir,
              env={"NEWSBOT_ANSWERER": "llm", "NEWSBOT_LLM_URL": fake.url})
    assert run.code == 0, str(run)
    answer = run.json()
    assert answer["answer"] == f"{GOOD} [1]. The roof has 400 panels [2]." and "notice" not in answer
    assert len(fake.requests) == 1


def test_the_native_ollama_provider_answers_and_streams(data_dir, fake, tmp_path):
    from bot.factory import build_service, build_store

    settings = Settings(_env_file=None, data_dir=tmp_path, answerer="llm", llm_url=fake.url,
                        llm_provider="ollama", llm_model="qwen3:4b", llm_timeout=2)
    service = build_service(settings, store=build_store(settings.model_copy(update={"data_dir": data_dir})))
    fake.say(Reply(lambda p: f"<think>The passages say 60 percent [9].</think>{two_sentences(p)}", chunk_chars=4))
    assert service.ask(QUESTION).answer == f"{GOOD} [1]. The roof has 400 panels [2]."
    answers = list(service.ask_stream(QUESTION))
    assert [a.answer for a in answers] == [f"{GOOD} [1].", f"{GOOD} [1]. The roof has 400 panels [2]."]
    assert fake.requests[0]["model"] == "qwen3:4b"
    fake.say(Reply(status=500))
    assert "HTTP 500" in (service.ask(QUESTION).notice or "")


def test_newsbot_ask_shows_the_notice_when_the_server_fails(cli, data_dir, fake):
    fake.say(Reply(status=500))
    run = cli("ask", QUESTION, data_dir=data_dir, env={"NEWSBOT_ANSWERER": "llm", "NEWSBOT_LLM_URL": fake.url})
    assert run.code == 0, str(run)
    assert run.out.splitlines()[0] == ("Note: The language model answered with HTTP 500, so this is the "
                                       "extractive answer.")


def test_newsbot_refuses_the_llm_answerer_without_a_url(cli, data_dir):
    run = cli("ask", QUESTION, data_dir=data_dir, env={"NEWSBOT_ANSWERER": "llm"})
    assert run.code == 2 and "NEWSBOT_LLM_URL is required" in run.err


def test_newsbot_chat_streams_through_the_model(cli, data_dir, fake):
    fake.say(Reply(two_sentences, chunk_delay=0.01))
    run = cli("chat", data_dir=data_dir, input=QUESTION + "\n",
              env={"NEWSBOT_ANSWERER": "llm", "NEWSBOT_LLM_URL": fake.url})
    assert run.code == 0, str(run)
    assert f"{GOOD} [1]. The roof has 400 panels [2]." in run.out
    assert fake.requests[0]["stream"] is True


def test_the_terminal_prints_verified_sentences_then_the_sources(service, fake):
    from rich.console import Console

    from bot.terminal import handle

    fake.say(Reply(lambda p: f"{two_sentences(p)} Grace Obi called it “a miracle” {cite(p, 'Grace Obi')}.",
                   chunk_delay=0.01))
    out = io.StringIO()
    handle(QUESTION, service, "t", Console(file=out, width=400, color_system=None))
    lines = out.getvalue().splitlines()
    assert lines[0] == f"{GOOD} [1]. The roof has 400 panels [2]."
    assert "60 percent" in lines[1] and "400 panels" in lines[2] and "miracle" not in out.getvalue()


def test_the_terminal_shows_the_notice_of_a_fallback(service, fake):
    from rich.console import Console

    from bot.terminal import handle

    fake.say(Reply(status=500))
    out = io.StringIO()
    handle(QUESTION, service, "t", Console(file=out, width=400, color_system=None))
    assert out.getvalue().startswith("The language model answered with HTTP 500")


# --- Telegram ------------------------------------------------------------------------------------------------


class RecordingBot:
    """Records sends and edits (with their times) instead of calling Telegram."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    async def send_message(self, chat_id: int, text: str, **kwargs: Any) -> SimpleNamespace:
        self.calls.append({"op": "send", "text": text, "at": time.monotonic(), **kwargs})
        return SimpleNamespace(message_id=len(self.calls), chat_id=chat_id)

    async def edit_message_text(self, text: str, **kwargs: Any) -> bool:
        self.calls.append({"op": "edit", "text": text, "at": time.monotonic(), **kwargs})
        return True

    async def send_chat_action(self, chat_id: int, action: str) -> bool:
        return True


def telegram_context(service: Any) -> SimpleNamespace:
    from bot.state.sqlite import SQLiteState
    from bot.telegram.access import Access
    from bot.telegram.runner import ServiceRunner

    runner = ServiceRunner(service, workers=1)
    data = SimpleNamespace(settings=Settings(_env_file=None), runner=runner, citations=SQLiteState.in_memory(),
                           access=Access(rate=0, window=60))
    return SimpleNamespace(bot=RecordingBot(), bot_data=data)


class SlowStreamingService:
    """Yields verified answers faster than Telegram may be edited."""

    streaming = True
    store = SimpleNamespace(docs=list, delete=lambda doc_id: False)

    def __init__(self) -> None:
        cite1 = Citation(1, "d", "T", "one", 0, 3)
        cite2 = Citation(2, "d", "T", "two", 4, 7)
        self.answers = [Answer("answered", "First [1].", [cite1]),
                        Answer("answered", "First [1]. Second [2].", [cite1, cite2]),
                        Answer("answered", "First [1]. Second [2]. Third [1].", [cite1, cite2])]

    def ask(self, question: str, session: str | None = None) -> Answer:
        return self.answers[-1]

    def ask_stream(self, question: str, session: str | None = None) -> Iterator[Answer]:
        for answer in self.answers:
            time.sleep(0.3)
            yield answer


async def test_telegram_edits_the_streamed_answer_at_most_once_a_second():
    from bot.telegram.handlers.questions import ask

    ctx = telegram_context(SlowStreamingService())
    await ask(ctx, 5, 7, "question?")  # type: ignore[arg-type]
    ctx.bot_data.runner.close()
    calls = ctx.bot.calls
    assert calls[0]["op"] == "send" and calls[0]["text"] == "First [1]."
    assert all(c["op"] == "edit" for c in calls[1:]) and len(calls) >= 2
    assert all(b["at"] - a["at"] >= 0.95 for a, b in itertools.pairwise(calls))
    assert calls[-1]["text"] == "First [1]. Second [2]. Third [1]."
    assert calls[-1]["reply_markup"].inline_keyboard[0][0].text == "Sources"


async def test_telegram_answers_through_the_model(service, fake):
    from bot.telegram.handlers.questions import ask

    fake.say(Reply(lambda p: f"{two_sentences(p)} Grace Obi called it “a miracle” {cite(p, 'Grace Obi')}.",
                   chunk_delay=0.02))
    ctx = telegram_context(service)
    await ask(ctx, 5, 7, QUESTION)  # type: ignore[arg-type]
    await asyncio.sleep(0)
    ctx.bot_data.runner.close()
    texts = [c["text"] for c in ctx.bot.calls]
    assert texts[0] == f"{GOOD} [1]."  # the first verified sentence, before the rest arrived
    assert texts[-1] == f"{GOOD} [1]. The roof has 400 panels [2]."
    assert all("miracle" not in t for t in texts)
    assert ctx.bot.calls[-1]["reply_markup"] is not None
