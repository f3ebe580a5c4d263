"""What a summary reads of an article: its sentences, vectors, facts, quotes, asides, dates and datelines.

`article()` gathers the stored sentences (chunks), their vectors and the article's quote records into
one `_Article`, which the full and focused selections weigh and the renderer cites. The helpers here read
single sentences: whether one stands on its own, whether it is chiefly a quote, whether it tells a date
ahead or the day of the news, and where a dateline ends. Names with a leading underscore are the
package's own: other modules of `bot.summarize` use them, nothing outside it should.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from bot.text import fold, terms
from index.compress import apply_cuts
from index.lexicon import speech_forms
from index.readers import DATELINE
from index.speakers import same_speaker

if TYPE_CHECKING:
    import numpy as np
    from langchain_core.documents import Document

    from bot.questions import SummaryRequest
    from bot.schema import QuoteRecord
    from index.store import StoredDoc


@dataclass
class _Article:
    """An article's sentences with what the summarizer needs to weigh them."""

    text: str
    spans: list[tuple[int, int]]
    vecs: np.ndarray
    ents: list[list[str]]  # each sentence's named entities and numbers, folded
    quotes: list[QuoteRecord]
    cuts: list[list[list[int]]]  # each sentence's asides a summary may leave out (index.compress)
    headline: int  # how many leading sentences are headline lines

    def sentence(self, i: int) -> str:
        """Return sentence `i`'s text."""
        a, b = self.spans[i]
        return self.text[a:b]

    def short(self, i: int, start: int, end: int) -> str:
        """Return `start:end` of sentence `i` without its asides, opening on whom a pronoun means."""
        text = apply_cuts(self.text, start, end, self.cuts[i])
        text = text[:1].upper() + text[1:]
        # A quote running on past the sentence ("… said: “People had kept their boats …") is closed.
        if text.count("“") > text.count("”"):
            text += "…”"
        elif text.count('"') % 2:
            text += '…"'
        # "He said his country had agreed …" stands alone once "he" is the speaker the quote index found.
        m = _SPEAKER_PRONOUN.match(text)
        people = self.voices(i, people=True)
        if m and len(people) == 1:
            return next(iter(people)).split()[-1] + text[m.end("pronoun") :]
        # "Her attempt window opens on August 9": "her" is whom the sentence before opens on.
        m = _PERSON_PRONOUN.match(text)
        who = self.subject(i - 1) if m and i > self.headline else None
        if m and who:
            text = (who + ("'s" if m.group(0) in ("His", "Her") else "")) + text[m.end() :]
        return text

    def subject(self, i: int) -> str | None:
        """Return the quoted person sentence `i` opens on ("Halvorsen, 58, … is preparing …"), if any."""
        opening = fold(" ".join(self.sentence(i).split()[:4]))
        found = {q.speaker for q in self.quotes if q.speaker_type == "person" and _names(opening, q.speaker)}
        return found.pop().split()[-1] if len(found) == 1 else None

    def reporting(self, q: QuoteRecord) -> tuple[str, int, int] | None:
        """Return the article's own sentence that reports `q`, when it says it better than "X said that …".

        Reported speech and a quoted phrase inside a sentence ("called the cut “a painful but sensible
        decision”") read as the article wrote them; a speaker's own sentences read best as their words.
        """
        if q.kind == "direct" and not q.text.strip(" “”\"'‘’")[:1].islower():
            return None
        i = next((i for i, (a, b) in enumerate(self.spans) if a <= q.start < b), None)
        if i is None or i < self.headline or self.spans[i][1] < q.end:
            return None
        a, b = _undated(self.text, *self.spans[i])
        text = self.short(i, a, b)
        if not _standalone(text) or not _names(fold(text), q.speaker.split()[-1] if q.speaker else ""):
            return None
        return text, a, b

    def quoted(self, i: int) -> bool:
        """Tell whether sentence `i` is chiefly someone's quoted words (positions come from the quotes)."""
        a, b = self.spans[i]
        inside = sum(max(0, min(b, q.end) - max(a, q.start)) for q in self.quotes if q.kind == "direct")
        # The quote index also catches a quote's later sentences, which carry no quotation mark; when it
        # missed the quote, the marks still open before the sentence tell it (from two sentences back,
        # within the paragraph: a quote runs a few sentences, and an unclosed mark goes no further).
        since = max(self.spans[max(i - 2, 0)][0], self.text.rfind("\n", 0, a) + 1)
        return _mostly_quote(self.text[a:b]) or inside > 0.5 * (b - a) or _in_quote(self.text, since, a)

    def overlapping(self, start: int, end: int) -> list[int]:
        """Return the sentences that overlap `start:end`."""
        return [i for i, (a, b) in enumerate(self.spans) if a < end and start < b]

    def voices(self, i: int, people: bool = False) -> set[str]:
        """Return the speakers (or only the people) whose words sentence `i` reports ("Dravik said …")."""
        a, b = self.spans[i]
        return {
            q.speaker
            for q in self.quotes
            if a < q.end and q.start < b and not (people and q.speaker_type == "organization")
        }


def article(
    doc: StoredDoc, chunks: list[Document], vectors: list[list[float]], quotes: list[QuoteRecord]
) -> _Article:
    """Gather an article's sentences, vectors, facts, quotes and asides for summarising."""
    import numpy as np  # noqa: PLC0415

    spans = [(c.metadata["focus_start"], c.metadata["focus_end"]) for c in chunks]
    headline = _headline_count(doc.text, spans)
    headline_end = spans[headline - 1][1] if headline else 0
    return _Article(
        doc.text,
        spans,
        np.asarray(vectors, dtype=np.float32),
        [_facts(doc.text, json.loads(c.metadata.get("ents") or "[]")) for c in chunks],
        # A headline's "X accuses Y of …" is the story's label, not anybody's words.
        [q for q in _one_name_each(quotes) if q.start >= headline_end],
        # Stores written before asides were marked have none: their sentences stay whole.
        [json.loads(c.metadata.get("cuts") or "[]") for c in chunks],
        headline,
    )


def title_match(req: SummaryRequest, docs: list[StoredDoc]) -> StoredDoc | None:
    """Pick the article a request's "about …" names, by the words its title shares."""
    if not req.about or not docs:
        return None
    wanted = set(terms(req.about))
    best = max(docs, key=lambda d: len(wanted & set(terms(d.title + " " + d.text[:400]))))
    return best if wanted & set(terms(best.title + " " + best.text[:400])) else None


def _one_name_each(quotes: list[QuoteRecord]) -> list[QuoteRecord]:
    """Give each speaker one name and role ("Rilke" is "Hana Rilke"), so their quotes count together."""
    # Longest first; between two spellings of one length ("Gonçalves", "Goncalves"), the article's first.
    names = sorted(dict.fromkeys(q.speaker for q in quotes), key=len, reverse=True)
    full = {n: next(m for m in names if m == n or same_speaker(m, n)) for n in names}
    roles = {full[q.speaker]: q.role for q in quotes if q.role}
    return [
        replace(q, speaker=full[q.speaker], role=q.role or roles.get(full[q.speaker], "")) for q in quotes
    ]


def _main_actors(quotes: list[QuoteRecord], people_only: bool = True) -> list[str]:
    """Return the named people (or all speakers), most-quoted first, then by first appearance."""
    people = ([q for q in quotes if q.speaker_type == "person"] or quotes) if people_only else quotes
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for q in people:
        counts[q.speaker] = counts.get(q.speaker, 0) + 1
        first[q.speaker] = min(first.get(q.speaker, q.start), q.start)
    return sorted(counts, key=lambda s: (-counts[s], first[s]))


def _positions(quotes: list[QuoteRecord], speaker: str, direct_first: bool = False) -> list[QuoteRecord]:
    """Return a speaker's quotes, best first: their own words (long enough to say something) first."""
    own = [q for q in quotes if q.speaker == speaker]
    # A direct quote inside the same speaker's reported speech adds nothing the reported speech lacks.
    own = [
        q
        for q in own
        if not any(o.start <= q.start and q.end <= o.end and o.end - o.start > q.end - q.start for o in own)
    ]
    shortest = 20 if direct_first else 30
    return sorted(own, key=lambda q: (not (q.kind == "direct" and len(q.text) >= shortest), -q.dense))


def _headline_count(text: str, sentences: list[tuple[int, int]]) -> int:
    """Return how many leading sentences are headline lines (one line, no final full stop)."""
    count = 0
    for a, b in sentences[:2]:
        line_start = text.rfind("\n", 0, a) + 1
        line_end = text.find("\n", b)
        line_end = len(text) if line_end == -1 else line_end
        # A headline may end on a quoted phrase (… accuses X of "bad faith"), never on a full stop.
        if (a, b) == (line_start, line_end) and not text[a:b].rstrip().rstrip("”\"’'").endswith(
            (".", "!", "?")
        ):
            count += 1
        else:
            break
    return count


def _facts(text: str, ents: list[list]) -> list[str]:
    """Return a sentence's named entities and numbers, folded, for telling which are new to a summary."""
    out = []
    for _label, start, end in ents:
        name = re.sub(r"^the\s+|'s$", "", fold(text[start:end]))
        if len(name) > 1 and name not in out:
            out.append(name)
    return out


def _names(folded: str, speaker: str) -> bool:
    """Tell whether folded text names a speaker by surname."""
    surname = fold(speaker).split()[-1] if speaker.strip() else ""
    return bool(surname) and re.search(rf"\b{re.escape(surname)}\b", folded) is not None


# "said on Thursday", "voted on Monday night", "yesterday": the day of the news, which a lead gives and a
# scene-setting opening ("Every Thursday morning") does not.
_NEWS_DAY = re.compile(
    r"\b(?:on|late\s+on|early\s+on)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|\b(?:yesterday|today)\b",
    re.I,
)

# "will open", "is due to", "plans to": a sentence about what is to come …
_FUTURE = re.compile(
    r"\b(?:will|would|shall|is\s+due\s+to|are\s+due\s+to|was\s+due\s+to|plans?\s+to|(?:is|are)\s+expected\s+to|"
    r"(?:is|are)\s+scheduled|until|by\s+the\s+end\s+of)\b",
    re.I,
)
# … and "on March 18", "next week", "within 90 days": when it comes.
_WHEN = re.compile(
    r"\b(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"(?:\s+\d{1,2})?|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|next\s+(?:week|month|year|"
    r"spring|summer|autumn|winter)|(?:19|20)\d\d|within\s+\w+\s+(?:days|weeks|months))\b"
)


def _ahead(sentence: str) -> bool:
    """Tell whether a sentence says what happens next, and when ("will open in Geneva on March 18")."""
    return bool(_FUTURE.search(sentence) and _WHEN.search(sentence))


def _undated(text: str, start: int, end: int) -> tuple[int, int]:
    """Return a sentence's span without a dateline before it: a summary has no room for one."""
    # Only at the start of a paragraph: that is where a dateline stands.
    m = DATELINE.match(text, start, end) if start == 0 or text[start - 1] == "\n" else None
    return (m.end(), end) if m else (start, end)


# "He said …", "She told reporters …": a pronoun a summary can replace with the speaker's name.
_SPEAKER_PRONOUN = re.compile(
    rf"^(?P<pronoun>He|She|They)\s+(?:also\s+)?(?:{'|'.join(speech_forms(attributions=True))})\b"
)
# "His crossing window opens …": a person the sentence before opens on.
_PERSON_PRONOUN = re.compile(r"^(?:He|She|His|Her)\b")
# A sentence opening on a pronoun leans on the one before it: it does not stand alone in a summary.
_PRONOUN_START = re.compile(r"^\W*(?:he|she|it|they|his|her|their|its|this|these|those|that)\b", re.I)


def _standalone(sentence: str) -> bool:
    """Tell whether a sentence reads on its own: not opening on a pronoun, not a headline-like line."""
    return not _leans(sentence) and _whole(sentence)


def _whole(sentence: str) -> bool:
    """Tell whether a sentence is a whole one: six words or more, ending on a full stop or a quote."""
    return sentence.rstrip()[-1:] in ".!?”\"'’" and len(sentence.split()) >= 6


def _leans(sentence: str) -> bool:
    """Tell whether a sentence opens on a pronoun: it reads on only after the sentence before it."""
    return bool(_PRONOUN_START.match(sentence))


def _mostly_quote(sentence: str) -> bool:
    """Tell whether a sentence is chiefly someone's quoted words (positions come from the quote index)."""
    inside = sum(len(m) for m in re.findall(r"[“\"]([^”\"]*)[”\"]?", sentence))
    # A sentence opening on a quotation mark is someone's words, single marks (‘…’) included.
    return bool(_QUOTE_OPENS.match(sentence)) or inside > 0.5 * len(sentence)


_QUOTE_OPENS = re.compile(r"\s*(?:[“\"‘]|'(?=[A-Z]))")
# Quotation marks by the side they stand on: an opening mark follows a space or a bracket and precedes a
# word; a closing one follows a word or punctuation and precedes a space or punctuation. "’" inside a
# word is an apostrophe; a plural possessive ("players’ ") counts as a closing mark, which errs on the
# side of calling a sentence the narrator's.
_MARKS = re.compile(
    r"(?P<open>“|‘|(?:(?<=^)|(?<=[\s(\[—–]))[\"'](?=\w))|(?P<close>”|(?<=[\w.,!?…])[\"'’](?=[\s.,;:!?)\]—–]|$))"
)


def _in_quote(text: str, since: int, start: int) -> bool:
    """Tell whether `start` falls inside a quotation opened between `since` and it."""
    depth = 0
    for m in _MARKS.finditer(text, since, start):
        # A closing mark with none open (the window began inside a quote) is ignored.
        depth = depth + 1 if m.group("open") else max(depth - 1, 0)
    return depth > 0
