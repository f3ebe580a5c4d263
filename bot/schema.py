"""The answer schema of the CLI/JSON contract."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from langchain_core.documents import Document


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
    choices: list[dict[str, str]] = field(default_factory=list)  # articles offered by "which one?"

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
        if self.choices:
            out["choices"] = self.choices
        return out


@dataclass
class QuoteRecord:
    """A stored quote with its retrieval similarity to the question."""

    doc_id: str
    speaker: str
    role: str
    kind: str
    start: int
    end: int
    text: str
    speaker_type: str
    dense: float = 0.0

    @classmethod
    def from_document(cls, d: Document, dense: float = 0.0) -> QuoteRecord:
        """Build a record from a stored quote document."""
        m = d.metadata
        return cls(
            m["doc_id"],
            m["speaker"],
            m.get("role") or "",
            m["kind"],
            m["start"],
            m["end"],
            d.page_content,
            m.get("speaker_type", "person"),
            dense,
        )
