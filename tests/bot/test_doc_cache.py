"""DocCache: the set of articles is re-read on this process's writes at once, on others' after a while."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any


class FakeStore:
    """Counts how often the cache asks; `generation` moves on this store's own writes."""

    def __init__(self) -> None:
        self.ids: list[str] = ["a"]
        self.pipeline: dict[str, int] = {}
        self.generation = 0
        self.asked = 0

    def versions(self) -> dict[str, int]:
        self.asked += 1
        return {i: self.pipeline.get(i, 1) for i in self.ids}

    def docs(self) -> list[Any]:
        return [SimpleNamespace(doc_id=i, pipeline=self.pipeline.get(i, 1)) for i in self.ids]


def test_writes_here_are_seen_at_once_and_elsewhere_after_the_refresh_interval(monkeypatch):
    from bot import chain

    clock = [100.0]
    monkeypatch.setattr(chain.time, "monotonic", lambda: clock[0])
    store = FakeStore()
    cache = chain.DocCache(store, refresh_seconds=1.0)
    assert set(cache.get()) == {"a"} and store.asked == 1
    cache.get()
    cache.get()
    assert store.asked == 1  # questions in quick succession do not ask the store again

    store.ids.append("b")
    store.generation += 1  # written through this process's store
    assert set(cache.get()) == {"a", "b"}

    store.ids.append("c")  # written by another process: no generation change
    assert set(cache.get()) == {"a", "b"}
    clock[0] += 1.5
    assert set(cache.get()) == {"a", "b", "c"}


def test_a_reindex_elsewhere_is_seen_though_the_ids_stay(monkeypatch):
    from bot import chain

    clock = [100.0]
    monkeypatch.setattr(chain.time, "monotonic", lambda: clock[0])
    store = FakeStore()
    store.pipeline["a"] = 0
    cache = chain.DocCache(store, refresh_seconds=1.0)
    assert cache.get()["a"].pipeline == 0
    store.pipeline["a"] = 1  # another process refreshed it: same id, new records
    clock[0] += 1.5
    assert cache.get()["a"].pipeline == 1
