"""The answer schema of the CLI/JSON contract."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal


@dataclass(frozen=True)
class Citation:
    """A cited passage: `text` is the stored article text between `start` and `end`."""

    n: int
    doc_id: str
    title: str
    text: str
    start: int
    end: int


@dataclass
class Answer:
    """An answer for a person, with the passages it cites as [n]."""

    status: Literal["answered", "not_found"]
    answer: str
    citations: list[Citation] = field(default_factory=list)
    kind: str = "fact"
    speakers: list[str] = field(default_factory=list)
    notice: str | None = None  # one line for the reader, e.g. that the model server failed

    def to_json(self, id_: Any = None) -> dict[str, Any]:
        """Return the contract's JSON object (with `id` echoed when given)."""
        out: dict[str, Any] = {"id": id_} if id_ is not None else {}
        out.update(
            status=self.status,
            answer=self.answer,
            citations=[asdict(c) for c in self.citations],
            kind=self.kind,
        )
        if self.notice:
            out["notice"] = self.notice
        return out
