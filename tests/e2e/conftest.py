"""Fixtures for end-to-end tests against the in-process Telegram Bot API emulator (tg.py)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:  # make `import tg` work under any pytest import mode
    sys.path.insert(0, _HERE)

from tg import TelegramEmulator  # noqa: E402


@pytest.fixture(scope="session")
def tg_emulator() -> Iterator[TelegramEmulator]:
    """One emulator (127.0.0.1, free port) for the whole session, stopped at the end."""
    emulator = TelegramEmulator().start()
    try:
        yield emulator
    finally:
        emulator.stop()


@pytest.fixture
def tg(tg_emulator: TelegramEmulator) -> TelegramEmulator:
    """The session emulator, reset to an empty world for this test."""
    tg_emulator.reset()
    return tg_emulator
