"""How a summary reads: the draft that cites each sentence, people's introductions and roles, bullets.

Selection (full.py, focused.py) adds sentences to a `_Draft`, which cites each one's passage and keeps
the request's limits. `compose` then orders the sentences, names each person in full with their role
the first time they appear, lays the sentences out as prose or bullets, and numbers the citations in
reading order. No word is generated beyond a speaker's name, role and "said" before their own words.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from bot.schema import Answer
from bot.summarize.inputs import _names
from bot.text import fold
from index.lexicon import speech_forms
from index.speakers import key_tokens, same_speaker

if TYPE_CHECKING:
    from bot.evidence import Citer
    from bot.questions import SummaryRequest
    from bot.schema import QuoteRecord
    from index.store import StoredDoc


class _Draft:
    """The summary being written: cited sentences within the request's limits."""

    def __init__(self, doc: StoredDoc, citer: Citer, req: SummaryRequest) -> None:
        self.doc, self.citer, self.req = doc, citer, req
        self.parts: list[tuple[float, str]] = []  # (position in the article, sentence with its [n])
        self.budget = req.max_chars
        self.said = ""  # folded text of what is in, to tell which names and numbers are new

    @property
    def full(self) -> bool:
        """Tell whether the sentence limit is reached."""
        return len(self.parts) >= self.req.max_sentences

    def add(self, pos: float, sentence: str, start: int, end: int) -> bool:
        """Add a sentence citing `start:end`, unless it would break a limit (the first always goes in)."""
        # " [nn]" follows each sentence; bullets also take "• " and a line break.
        cost = len(sentence) + 5 + (3 if self.req.bullets else 1)
        if self.parts and (self.full or cost > self.budget):
            return False
        n = self.citer.cite(self.doc.doc_id, start, end)
        self.parts.append((pos, f"{sentence} [{n}]"))
        self.budget -= cost
        self.said += " " + fold(sentence)
        return True

    def names(self, speaker: str) -> bool:
        """Tell whether the summary already names a speaker (by surname)."""
        return _names(self.said, speaker)


def compose(draft: _Draft, quotes: list[QuoteRecord], sort: bool) -> Answer:
    """Lay a draft's sentences out as the summary's answer, people introduced, citations in reading order."""
    parts = draft.parts
    # Keep the lead first; the rest in article order reads as the story does.
    parts = parts[:1] + sorted(parts[1:], key=lambda p: p[0]) if sort else sorted(parts, key=lambda p: p[0])
    pieces = _introduced([p for _, p in parts], quotes, draft.budget)
    body = "\n".join(f"• {p}" for p in pieces) if draft.req.bullets else " ".join(pieces)
    # Number citations in reading order: [1] is the first one a person meets.
    order: dict[int, int] = {}
    for n in map(int, re.findall(r"\[(\d+)\]", body)):
        order.setdefault(n, len(order) + 1)
    body = re.sub(r"\[(\d+)\]", lambda m: f"[{order[int(m.group(1))]}]", body)
    citations = sorted(
        (replace(c, n=order[c.n]) for c in draft.citer.citations if c.n in order), key=lambda c: c.n
    )
    return Answer("answered", body, citations, kind="summary")


def introduction(text: str, speaker: str) -> str:
    """Return the sentence where the article first names a speaker: it says who they are."""
    surname = fold(speaker).split()[-1] if speaker.strip() else ""
    found = re.search(rf"\b{re.escape(surname)}\b", fold(text)) if surname else None
    idx = found.start() if found else -1
    if idx < 0:
        return ""
    start = max(text.rfind("\n", 0, idx), text.rfind(". ", 0, idx)) + 1
    end = min(x for x in (text.find("\n", idx), text.find(". ", idx), len(text)) if x >= 0)
    sentence, at = text[start:end], idx - start
    # Who they are, not what they said: drop the words reported before or after the name.
    before = [m.end() for m in _SPEECH.finditer(sentence, 0, at)]
    lo = max(before[-1] if before else 0, sentence.rfind("”", 0, at) + 1, sentence.rfind('"', 0, at) + 1)
    after = _SPEECH.search(sentence, at)
    return sentence[lo : after.start() if after else len(sentence)].strip(' ,.“”"')


# An attribution's verb ("…, she said", "he told"), from the one lexicon.
_SPEECH = re.compile(rf"\b(?:{'|'.join(speech_forms(attributions=True))})\b")


# "Varga insisted …", "Ms. Oduya said …": a sentence that opens on a person's surname.
_OPENS_ON_NAME = re.compile(
    r"^(?:(?:Mr|Ms|Mrs|Miss|Dr|Prof|Professor)\.?\s+)?(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)"
    r"(?=(?P<comma>,)|\s+(?:[a-z]+(?:ed|s)\b|said|told|says|added|warned|wrote|spoke|made|took|gave|came|went|"
    r"won|led))"
)


def _introduced(pieces: list[str], quotes: list[QuoteRecord], budget: int) -> list[str]:
    """Name each person in full, with their role, the first time a summary mentions them.

    Sentences are picked from all over an article, so "Varga insisted …" may come before (or without)
    the sentence that says who Varga is. The budget is what the summary's length limit still allows.
    """
    people: dict[str, dict[str, QuoteRecord]] = {}  # surname → each speaker of that surname's quote
    for q in quotes:
        if key_tokens(q.speaker):
            people.setdefault(key_tokens(q.speaker)[-1], {}).setdefault(q.speaker, q)
    out, seen = [], ""
    for piece in pieces:
        m = _OPENS_ON_NAME.match(piece)
        q = _speaker_named(m.group("name"), people) if m else None
        if q is not None and _names(seen, q.speaker) and piece[m.end() :].startswith(" said"):
            if budget >= len(" also"):  # a further point of someone named
                piece, budget = f"{m.group(0)} also{piece[m.end() :]}", budget - len(" also")
        elif q is not None and not _names(seen, q.speaker):
            # "Ms. Solberg, who co-founded …, said" has an aside already: the full name is enough there.
            role = "" if m.group("comma") or q.speaker_type != "person" else _short_role(q.role)
            for intro in (f"{q.speaker}, {role}," if role else "", q.speaker):
                grown = len(intro) - len(m.group(0))
                if intro and grown <= budget:
                    piece, budget = intro + piece[m.end() :], budget - max(grown, 0)
                    break
        out.append(piece)
        seen += " " + fold(piece)
    return out


def _speaker_named(name: str, people: dict[str, dict[str, QuoteRecord]]) -> QuoteRecord | None:
    """Return the quoted speaker a sentence's opening name is, if it is one and only one of them.

    "Stan Reyl died" is not the quoted "Donna Reyl", and a bare "Reyl" is nobody when two Reyls speak.
    """
    tokens = key_tokens(name)
    same = people.get(tokens[-1], {}).values() if tokens else ()
    found = [q for q in same if same_speaker(name, q.speaker)]
    return found[0] if len(found) == 1 else None


def _short_role(role: str) -> str:
    """Shorten a long role for a summary ("epidemiologist at the Institute of …" → "epidemiologist")."""
    if len(role) > 40:
        role = re.split(r",|\s+(?:at|of|in|for|with|who|from|and)\s+", role, maxsplit=1)[0]
    return role


def _position_sentence(q: QuoteRecord) -> str:
    """Put a speaker's name before their own words (the words stay verbatim; _introduced adds the role)."""
    words = q.text.strip().strip('“”"')
    if words[:1].islower() and (m := re.search(r"[.!?]\s+(?=[A-Z“\"])", words)):
        words = words[m.end() :]  # "… and it paid off. The old Rovers …": from the first whole sentence
    first = re.match(r"(.{40,180}?[.!?])(\s|$)", words)
    words = first.group(1) if first and len(words) > 160 else words
    if len(words) > 200:
        words = words[:199].rsplit(" ", 1)[0] + "…"
    who = q.speaker[0].upper() + q.speaker[1:]
    if q.kind == "direct":
        return f"{who} said: “{words}”"
    return f"{who} said that {words}"


def _cost(q: QuoteRecord) -> int:
    """Return the room a speaker's point takes in a summary: their words, name, role and citation."""
    return len(_position_sentence(q)) + len(_short_role(q.role)) + 10
