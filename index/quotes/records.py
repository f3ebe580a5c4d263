"""The records quote extraction hands out and on: the public `Quote` and a resolved `Speaker`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

SpeakerType = Literal["person", "organization", "unnamed"]


@dataclass(frozen=True)
class Quote:
    """One attributed quotation: who said it, in what role, and where it sits in the article text."""

    speaker: str
    role: str | None
    quote: str
    kind: Literal["direct", "indirect"]
    start: int
    end: int
    speaker_type: SpeakerType
    # A phrase quoted inside the writer's sentence ("called it “a disaster”"), not a quoted sentence;
    # its kind stays "direct": the words are the speaker's own.
    phrase: bool = False


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker: its display name, its type and, for a named person, its registry index."""

    name: str
    type: SpeakerType
    person: int | None = None  # index into the person registry
