"""Unit tests of the allowlist, admin and rate-limit policy, and of the Sources citation store."""

from __future__ import annotations

from bot.telegram.access import Access


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_no_allowlist_lets_everyone_in() -> None:
    assert Access().allows(1, 1) and Access().allows(None, None)


def test_allowlist_admits_listed_users_chats_and_admins() -> None:
    access = Access(allowed=[10, -500], admins=[99])
    assert access.allows(10, 10) and access.allows(7, -500) and access.allows(99, 99)
    assert not access.allows(7, 7) and not access.allows(None, None)
    assert access.is_admin(99) and not access.is_admin(10) and not access.is_admin(None)


def test_a_refused_user_hears_it_once() -> None:
    access = Access(allowed=[1])
    assert [access.first_refusal(2), access.first_refusal(2), access.first_refusal(3)] == [True, False, True]


def test_rate_limit_warns_once_per_window_then_frees_up() -> None:
    clock = Clock()
    access = Access(rate=2, window=60, clock=clock)
    assert [access.take_question(1).action for _ in range(4)] == ["ok", "ok", "warn", "drop"]
    assert access.take_question(2).action == "ok"  # per user
    clock.now += 30
    verdict = access.take_question(1)
    assert verdict.action == "drop" and round(verdict.retry_after) == 30
    clock.now += 31
    assert [access.take_question(1).action for _ in range(3)] == ["ok", "ok", "warn"]


def test_rate_zero_means_unlimited() -> None:
    access = Access(rate=0)
    assert {access.take_question(1).action for _ in range(100)} == {"ok"}
