"""Load benchmark of the Telegram bot: the real bot and the real service, through the Bot API emulator.

The bot runs as deployed, `newsbot telegram` in its own process, against the emulator running here
(tests/e2e/tg.py over tests/e2e/tg_server.py), so the two do not share a GIL. 50 private chats each
send 4 varied questions about an ingested article; every reply is timed from the user's send to the
bot's message reaching the emulator. `--mode burst` (default) sends all questions at once;
`--mode conversation` has each chat ask its next question when the previous answer arrives.
Prints one summary line (`--json`: a JSON object); exits 1 unless every question was answered.
`--service-only` asks the same questions through the bot's ServiceRunner in this process, without
Telegram: the floor the bot's latency stands on.

    .venv/bin/python bench/telegram_load.py [--chats 50] [--per-chat 4] [--mode burst|conversation]
                                            [--flood-rate 0] [--workers N]

`--flood-rate` defaults to 0 (no client-side flood limit): the emulator has none, and Telegram's
30 requests/second alone would stretch 200 answers (plus "typing…") over ~13 s. Pass 30 to see it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from tg import TelegramEmulator  # noqa: E402

# The article the Telegram end-to-end tests use.
ARTICLE = (ROOT / "tests" / "e2e" / "tram_article.txt").read_text(encoding="utf-8")

QUESTIONS = [
    "Who said the tram will connect thousands of students?",
    "What did Tom Becker say?",
    "How much will the project cost?",
    "When will the first trams run?",
    "Who is Amira Haddad?",
    "Who said that trams are quieter than buses?",
    "What did the mayor say about construction?",
    "Who pays for the tram line?",
    "How many passengers will the line carry?",
    "Why did critics oppose the tram?",
    "What did Elena Ruiz say?",
    "When did the council vote?",
    "Summarize the article",
    "Who voted against the plan?",
    "What does the tram line link?",
    "Did Tom Becker say the bus network is falling apart?",
    "When will construction begin?",
    "What did Amira Haddad say about buses?",
    "How long did the debate last?",
    "What is the article about?",
]


def percentile(values: list[float], q: float) -> float:
    """Return the q-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, -(-len(ordered) * q // 100) - 1))]


async def play(tg: TelegramEmulator, chats: int, per_chat: int, mode: str) -> dict[str, Any]:
    """Play the users against the running bot and time every reply."""
    users = [tg.user(f"User{i}") for i in range(chats)]
    plan = {
        u["id"]: [QUESTIONS[(i * per_chat + k) % len(QUESTIONS)] for k in range(per_chat)]
        for i, u in enumerate(users)
    }
    sent: dict[int, list[float]] = {u["id"]: [] for u in users}
    latencies: list[float] = []
    failed: list[str] = []

    def ask(user: dict[str, Any], k: int) -> None:
        sent[user["id"]].append(time.monotonic())
        tg.send_text(tg.private_chat(user), user, plan[user["id"]][k])

    async def converse(user: dict[str, Any]) -> None:
        for k in range(per_chat):
            if mode == "conversation":
                ask(user, k)
            try:
                (reply,) = await tg.wait_bot_messages(user["id"], timeout=120)
            except AssertionError as exc:
                failed.append(str(exc)[:200])
                return
            latencies.append(reply["_t"] - sent[user["id"]][k])

    start = time.monotonic()
    if mode == "burst":
        for k in range(per_chat):
            for user in users:
                ask(user, k)
    await asyncio.gather(*(converse(u) for u in users))
    return {
        "asked": chats * per_chat,
        "answered": len(latencies),
        "wall_s": time.monotonic() - start,
        "latencies": latencies,
        "failed": failed[:3],
    }


async def service_only(chats: int, per_chat: int, workers: int | None, tmp: str) -> dict[str, Any]:
    """Ask every question through the bot's ServiceRunner directly: no Telegram, no HTTP."""
    # Imported here: the emulator's process needs none of this unless it runs the service itself.
    from bot.factory import build_ingestor, build_service
    from bot.settings import Settings
    from bot.telegram.runner import ServiceRunner

    article = Path(tmp) / "tram.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    settings = Settings(data_dir=Path(tmp) / "data", _env_file=None)  # type: ignore[call-arg]
    service = build_service(settings)
    build_ingestor(settings, service.store).ingest([str(article)])
    service.ask("What is the article about?")
    runner = ServiceRunner(service, workers=workers or settings.telegram_workers)
    latencies: list[float] = []
    start = time.monotonic()

    async def one(i: int, k: int) -> None:
        async with runner.turn(f"tg:{i}"):
            await runner.ask(QUESTIONS[(i * per_chat + k) % len(QUESTIONS)], f"tg:{i}")
        latencies.append(time.monotonic() - start)

    await asyncio.gather(*(one(i, k) for k in range(per_chat) for i in range(chats)))
    runner.close()
    return {"asked": chats * per_chat, "answered": len(latencies), "wall_s": time.monotonic() - start,
            "latencies": latencies, "failed": []}


async def wait_until_answering(tg: TelegramEmulator, bot: subprocess.Popen[bytes]) -> None:
    """Ask one question and await its answer: the bot is up, its models and indexes are warm."""
    user = tg.user("Warmup")
    tg.send_text(tg.private_chat(user), user, "What is the article about?")
    deadline = time.monotonic() + 120
    while not tg.bot_messages(user["id"]):
        if bot.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the bot did not answer (exit code {bot.poll()})")
        await asyncio.sleep(0.05)


def main() -> int:
    """Run the benchmark and print one summary line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=50)
    parser.add_argument("--per-chat", type=int, default=4)
    parser.add_argument("--mode", choices=["burst", "conversation"], default="burst")
    parser.add_argument("--flood-rate", type=float, default=0.0)
    parser.add_argument("--workers", type=int, help="answering threads (default: the setting's)")
    parser.add_argument("--service-only", action="store_true", help="no Telegram: the service's floor")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.service_only:
        with tempfile.TemporaryDirectory(prefix="newsbot-load-") as tmp:
            result = asyncio.run(service_only(args.chats, args.per_chat, args.workers, tmp))
        lat = sorted(result["latencies"])
        print(f"service only ({args.chats} chats x {args.per_chat} at once, "
              f"workers {args.workers or 'default'}): "
              f"answered {result['answered']}/{result['asked']}, p50 {statistics.median(lat):.2f} s, "
              f"p95 {percentile(lat, 95):.2f} s, wall {result['wall_s']:.1f} s "
              f"({1000 * result['wall_s'] / result['asked']:.0f} ms per question), "
              f"load average {os.getloadavg()[0]:.1f}")
        return 0

    with TelegramEmulator() as tg, tempfile.TemporaryDirectory(prefix="newsbot-load-") as tmp:
        assert tg._server is not None
        tg._server.handle_error = lambda *a: None  # type: ignore[method-assign]  # resets at bot shutdown
        original = tg.state.bot_event

        def stamped(method: str, message: dict[str, Any], **extra: Any) -> None:
            original(method, message, _t=time.monotonic(), **extra)  # when the reply reached "Telegram"

        tg.state.bot_event = stamped  # type: ignore[method-assign]
        article = Path(tmp) / "tram.txt"
        article.write_text(ARTICLE, encoding="utf-8")
        env = {
            **os.environ,
            "NEWSBOT_DATA_DIR": str(Path(tmp) / "data"),
            "TELEGRAM_BOT_TOKEN": tg.token,
            "NEWSBOT_TELEGRAM_API_URL": tg.api_url,
            "NEWSBOT_TELEGRAM_FLOOD_RATE": str(args.flood_rate),
            "NEWSBOT_TELEGRAM_CONCURRENT_UPDATES": "256",
        }
        if args.workers:
            env["NEWSBOT_TELEGRAM_WORKERS"] = str(args.workers)
        newsbot = [sys.executable, "-m", "bot.cli"]
        subprocess.run([*newsbot, "ingest", str(article)], env=env, cwd=tmp, check=True, capture_output=True)
        bot = subprocess.Popen([*newsbot, "telegram"], env=env, cwd=tmp, stderr=subprocess.PIPE)
        try:
            asyncio.run(wait_until_answering(tg, bot))
            result = asyncio.run(play(tg, args.chats, args.per_chat, args.mode))
        finally:
            bot.send_signal(signal.SIGINT)
            _, stderr = bot.communicate(timeout=60)
        errors = tg.api_errors()
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the largest child: the bot

    lat = result.pop("latencies")
    summary = {
        **result,
        "mode": args.mode,
        "flood_rate": args.flood_rate,
        "workers": args.workers,
        "p50_s": statistics.median(lat) if lat else None,
        "p95_s": percentile(lat, 95) if lat else None,
        "max_s": max(lat) if lat else None,
        "bot_peak_rss_mb": round(peak),
        "api_errors": len(errors),
        "bot_exit": bot.returncode,
    }
    if b"Traceback" in stderr:
        summary["bot_stderr_tail"] = stderr.decode(errors="replace")[-800:]
    if args.json:
        print(json.dumps(summary))
    else:
        print(
            f"telegram load ({args.mode}, {args.chats} chats x {args.per_chat}, flood limit "
            f"{args.flood_rate or 'off'}, workers {args.workers or 'default'}): answered "
            f"{summary['answered']}/{summary['asked']}, p50 {summary['p50_s'] or 0:.2f} s, "
            f"p95 {summary['p95_s'] or 0:.2f} s, max {summary['max_s'] or 0:.2f} s, "
            f"wall {summary['wall_s']:.1f} s, "
            f"bot peak RSS {peak:.0f} MB, API errors {len(errors)}, load average {os.getloadavg()[0]:.1f}"
        )
    return 0 if summary["answered"] == summary["asked"] and not errors else 1


if __name__ == "__main__":
    sys.exit(main())
