"""Who may use the bot: an optional allowlist, admins for ingest commands, and a per-user rate limit."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Verdict:
    """Whether a question may be asked now; `warn` once per window, then `drop` silently."""

    action: Literal["ok", "warn", "drop"]
    retry_after: float = 0.0


class Access:
    """Allowlist, admins and per-user question rate, all in memory."""

    def __init__(self, allowed: Iterable[int] = (), admins: Iterable[int] = (), rate: int = 0,
                 window: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.allowed_ids = frozenset(allowed)
        self.admin_ids = frozenset(admins)
        self.rate = rate
        self.window = window
        self.clock = clock
        self._refused: set[int] = set()
        self._asked: dict[int, deque[float]] = {}
        self._warned_until: dict[int, float] = {}

    def allows(self, user_id: int | None, chat_id: int | None) -> bool:
        """Tell whether this user, or anyone in this chat, may use the bot."""
        if not self.allowed_ids:
            return True
        return bool({user_id, chat_id} & (self.allowed_ids | self.admin_ids))

    def is_admin(self, user_id: int | None) -> bool:
        """Tell whether the user may add and remove articles."""
        return user_id is not None and user_id in self.admin_ids

    def first_refusal(self, user_id: int) -> bool:
        """Return True the first time a refused user is seen, so they hear "no" only once."""
        if user_id in self._refused:
            return False
        self._refused.add(user_id)
        return True

    def take_question(self, user_id: int) -> Verdict:
        """Count a question against the user's window, or say how long until they may ask again."""
        if self.rate <= 0:
            return Verdict("ok")
        now = self.clock()
        asked = self._asked.setdefault(user_id, deque())
        while asked and asked[0] <= now - self.window:
            asked.popleft()
        if len(asked) < self.rate:
            asked.append(now)
            self._warned_until.pop(user_id, None)
            return Verdict("ok")
        retry_after = asked[0] + self.window - now
        if self._warned_until.get(user_id, 0.0) > now:
            return Verdict("drop", retry_after)
        self._warned_until[user_id] = asked[0] + self.window
        return Verdict("warn", retry_after)
