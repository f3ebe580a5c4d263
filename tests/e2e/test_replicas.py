"""Two replicas of `newsbot telegram` (webhook mode) behind a round-robin balancer share one conversation.

Real processes, as deployed: both read one Chroma server and keep chat state in one PostgreSQL; the
emulator posts every update to the balancer, which hands them to the replicas in turn. A follow-up
answered by the other replica resolves against the first one's turn, and the Sources button of a reply
one replica sent is served by the other. The command menu fails with a 500 all along: both still serve.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from balancer import RoundRobinBalancer
from test_bot_harness import buttons, entity_text
from tg import TelegramEmulator

pytestmark = pytest.mark.slow

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTICLE = (Path(__file__).parent / "tram_article.txt").read_text(encoding="utf-8")
WHO_SAID = "Who said that trams are quieter than buses?"
FOLLOW_UP = "What else did she say?"
SECRET = "replica-test-secret"
START_TIMEOUT = 180.0  # seconds for both replicas to load and listen on a busy two-core machine


def _listening(port: int) -> bool:
    with contextlib.closing(socket.socket()) as s:
        s.settimeout(0.2)
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="module")
def shared_collection(chroma_server: Any, build_newsroom: Any, tmp_path_factory: pytest.TempPathFactory) -> str:
    """Ingest the tram article into the Chroma server's `news` collection; return the server URL."""
    from index.store import make_client

    root = tmp_path_factory.mktemp("replica-ingest")
    room = build_newsroom(root, "news", client=make_client(str(root / "unused"), chroma_server.url))
    room.ingest_text("tram.txt", ARTICLE)
    return chroma_server.url


class Replica:
    """One `newsbot telegram` process in webhook mode on its own port and data folder."""

    def __init__(self, name: str, port: int, root: Path, env: dict[str, str]) -> None:
        self.name, self.port = name, port
        self.log_path = root / f"{name}.log"
        data = root / name
        data.mkdir()
        full_env = {k: v for k, v in os.environ.items()
                    if not k.startswith("NEWSBOT_") and k not in ("TELEGRAM_BOT_TOKEN", "PYTHONPATH")
                    and "proxy" not in k.lower()}
        full_env.update(env, NEWSBOT_DATA_DIR=str(data), NEWSBOT_TELEGRAM_WEBHOOK_PORT=str(port),
                        HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", PYTHONIOENCODING="utf-8")
        with self.log_path.open("wb") as log:
            self.proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "telegram"], cwd=REPO_ROOT,
                                         env=full_env, stdout=log, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL)

    def log(self) -> str:
        """Return what the process printed so far."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> int:
        """Stop the process as a supervisor would (SIGTERM, then SIGKILL); return its exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        return self.proc.returncode


@pytest.fixture
def replicas(tg: TelegramEmulator, postgres: Any, shared_collection: str, get_free_port: Any,
             tmp_path: Path) -> Iterator[dict[str, Any]]:
    """Two replicas listening behind a round-robin balancer that the emulator's webhook points at."""
    ports = [get_free_port(), get_free_port()]
    balancer = RoundRobinBalancer([("127.0.0.1", p) for p in ports]).start()
    database = postgres.new_database()
    env = {
        "TELEGRAM_BOT_TOKEN": tg.token, "NEWSBOT_TELEGRAM_API_URL": tg.api_url,
        "NEWSBOT_TELEGRAM_MODE": "webhook", "NEWSBOT_TELEGRAM_WEBHOOK_URL": f"{balancer.url}/telegram",
        "NEWSBOT_TELEGRAM_WEBHOOK_SECRET": SECRET, "NEWSBOT_TELEGRAM_WEBHOOK_LISTEN": "127.0.0.1",
        "NEWSBOT_DATABASE_URL": database, "NEWSBOT_CHROMA_URL": shared_collection,
        "NEWSBOT_TELEGRAM_RATE_LIMIT": "0", "NEWSBOT_TELEGRAM_FLOOD_RATE": "0",
    }
    # The command menu fails with a 500 all along: neither replica may let that stop it serving.
    tg.fail_next("setMyCommands", "Internal Server Error", code=500, times=1000)
    started = [Replica(name, port, tmp_path, env) for name, port in zip(("a", "b"), ports, strict=True)]
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not all(_listening(r.port) for r in started) or len(tg.api_calls("setWebhook")) < 2:
            for r in started:
                if r.proc.poll() is not None:
                    pytest.fail(f"replica {r.name} exited with {r.proc.returncode}:\n{r.log()}", pytrace=False)
            if time.monotonic() > deadline:
                pytest.fail("the replicas did not start:\n" + "\n".join(r.log() for r in started), pytrace=False)
            time.sleep(0.2)
        yield {"replicas": started, "balancer": balancer, "database": database, "password": postgres.password}
    finally:
        codes = [r.stop() for r in started]
        balancer.stop()
    assert codes == [0, 0], "\n".join(r.log() for r in started)


async def test_one_conversation_continues_across_two_replicas(tg: TelegramEmulator,
                                                             replicas: dict[str, Any]) -> None:
    from bot.state.postgres import PostgresState

    balancer: RoundRobinBalancer = replicas["balancer"]
    alice = tg.user("Alice")
    chat = tg.private_chat(alice)

    tg.send_text(chat, alice, WHO_SAID)  # → replica a
    (first,) = await tg.wait_bot_messages(chat["id"], timeout=60)
    assert "Amira Haddad" in entity_text(first, "bold"), first["text"]

    tg.send_text(chat, alice, FOLLOW_UP)  # → replica b, which never saw the first question
    (second,) = await tg.wait_bot_messages(chat["id"], timeout=60)
    assert "30,000" in second["text"], second["text"]

    (button,) = buttons(second)
    tg.press_button(chat, alice, second["message_id"], button["callback_data"])  # → replica a
    (edited,) = await tg.wait_bot_messages(chat["id"], timeout=30)
    assert edited["_method"] == "editMessageText" and edited["message_id"] == second["message_id"]
    assert "Sources" in entity_text(edited, "bold") and entity_text(edited, "blockquote")
    (answered,) = tg.callback_answers()
    assert not answered.get("show_alert"), answered  # not "these sources have expired"

    assert balancer.routed == [0, 1, 0]  # each step was served by the other replica
    state = PostgresState(replicas["database"])
    try:
        assert [t["question"] for t in state.history(f"tg:{chat['id']}")] == [WHO_SAID, FOLLOW_UP]
    finally:
        state.close()
    # Both served while the menu kept failing, and said so in one line; no password in any log.
    assert [e for e in tg.api_errors() if e[0] == "setMyCommands"][:2] == \
        [("setMyCommands", "Internal Server Error")] * 2
    for replica in replicas["replicas"]:
        log = replica.log()
        assert "could not publish the command menu" in log and "Traceback" not in log, log
        assert replicas["password"] not in log and SECRET not in log and tg.token not in log
