"""A full summary: the lead, the main actor's position, then the most central facts that still fit.

The lead is the sentence that tells the main event (in the first two paragraphs: central, factual, the
headline's news). Then sentences are added greedily, maximal-marginal-relevance style: each step takes
the candidate that is most central (cosine to the article's centroid over sentence vectors), earliest,
brings the most names and numbers the summary lacks and a voice not yet heard, and least restates what
is in, within the request's sentence and character limits. Candidates are the article's narrator
sentences and each named speaker's best quote. How much each of these counts is `SummaryWeights`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.passages import attributed, passage
from bot.summarize.inputs import (
    _NEWS_DAY,
    _ahead,
    _main_actors,
    _names,
    _positions,
    _standalone,
    _undated,
)
from bot.summarize.render import _position_sentence
from bot.text import fold, terms

if TYPE_CHECKING:
    import numpy as np

    from bot.summarize.inputs import _Article
    from bot.summarize.render import _Draft
    from bot.summarize.weights import SummaryWeights


@dataclass
class _Option:
    """A sentence a full summary may take: the article's own, or a speaker's words behind their name."""

    text: str
    start: int  # the cited passage
    end: int
    pos: int  # where it stands in the article
    sentence: int  # the sentence it stands on, for its vector
    voices: set[str]  # the speakers whose words it gives
    facts: list[str]  # its names and numbers, folded
    quote: bool = False  # a speaker's words behind their name
    next: bool = False  # it tells what happens next, and when


def select_full(art: _Article, draft: _Draft, w: SummaryWeights) -> None:
    """Write the main event (the lead), the main actor's position, then the central facts."""
    import numpy as np  # noqa: PLC0415

    n = len(art.spans)
    centroid = art.vecs.mean(axis=0)
    centroid /= max(float(np.linalg.norm(centroid)), 1e-12)
    centrality = art.vecs @ centroid
    lead = _lead(art, centrality, w)
    a, b = _undated(art.text, *art.spans[lead])
    draft.add(a, art.short(lead, a, b), a, b)
    chosen = [lead]
    options = candidates(art, lead)
    people = {q.speaker for q in art.quotes if q.speaker_type != "organization"}
    represented: set[str] = set()  # people whose position is in: one each
    heard = art.voices(lead)  # every speaker whose words are in

    def gain(o: _Option) -> float:
        # Central to the article, early (news puts what matters first), bringing names, numbers and
        # voices the summary lacks, not restating a sentence already in, and not too long.
        redundancy = max(float(art.vecs[o.sentence] @ art.vecs[j]) for j in chosen)
        return (
            w.central * float(centrality[o.sentence])
            + w.early * (1 - o.sentence / n)
            + w.fact * min(sum(not _said(f, draft.said) for f in o.facts), 4)
            + w.voice * bool(o.voices - heard)
            + w.next * o.next
            # The article's own sentences carry more; a quote earns its place by its speaker.
            - w.quote * o.quote
            - w.redundant * max(0.0, redundancy - w.redundant_from)
            # A long sentence takes the room of two: worth it only when it says more.
            - w.long * max(0, len(o.text) - 200) / 100
        )

    def take(pool: list[_Option]) -> bool:
        # The best option that still fits; False when none does.
        for o in sorted(pool, key=lambda o: -gain(o)):
            if o.sentence in chosen or o.voices & people & represented:
                continue  # that sentence, or that person's position, is in already
            if draft.add(o.pos, o.text, o.start, o.end):
                chosen.append(o.sentence)
                represented.update(o.voices & people)
                heard.update(o.voices)
                options.remove(o)
                return True
        return False

    # The main actor is named early: their position goes in right after the lead unless the lead
    # names them — in the article's words when a sentence reports it, else their own quoted words.
    actors = _main_actors(art.quotes)
    if actors and draft.req.max_sentences >= 3 and not draft.names(actors[0]):
        take([o for o in options if actors[0] in o.voices or _names(fold(o.text), actors[0])])
    while not draft.full and take(options):
        pass


def candidates(art: _Article, lead: int) -> list[_Option]:
    """Return the sentences a full summary may add after its lead.

    They are the article's own sentences in the narrator's voice, and each speaker's best quoted words
    behind their name (often the shorter way to give a position).
    """
    n = len(art.spans)
    options = []
    # What comes before a lead found further down sets a scene: it is no news.
    for i in range(lead + 1, n):
        a, b = _undated(art.text, *art.spans[i])
        text = art.short(i, a, b)
        if not art.quoted(i) and _standalone(text):
            options.append(
                _Option(text, a, b, a, i, art.voices(i), art.ents[i], next=_ahead(art.sentence(i)))
            )
    for speaker in _main_actors(art.quotes, people_only=False):
        for q in _positions(art.quotes, speaker)[:1]:
            # Only a named speaker's words stand behind their name: "the diplomat said: …" or a
            # quote the index gave to "reporters" says less than the article's own sentence.
            if q.kind != "direct" or len(q.text) < 30 or not q.speaker[:1].isupper():
                continue
            where = art.overlapping(q.start, q.end)
            if not where:
                continue
            start, end = attributed(art.text, *passage(art.text, q.start, q.end), q.speaker)
            facts = [e for i in where for e in art.ents[i] if e in fold(q.text)] + [fold(q.speaker)]
            options.append(
                _Option(_position_sentence(q), start, end, q.start, where[0], {q.speaker}, facts, quote=True)
            )
    return options


def _lead(art: _Article, centrality: np.ndarray, w: SummaryWeights) -> int:
    """Pick the sentence that gives the main event: in the first two paragraphs, central and factual."""
    n = len(art.spans)
    breaks = "\n\n" if "\n\n" in art.text else "\n"
    paragraph = [art.text.count(breaks, 0, a) for a, _ in art.spans]
    body = list(range(art.headline, n)) or list(range(n))
    # A dateline split off as its own sentence ("VIENNA, June 11 (Agency) -") or a one-line kicker is
    # no lead; nor is a quote. A feature opens on a scene and gives the news a paragraph later, so the
    # lead may come from the second paragraph, if it is plainly more central and carries more facts.
    first = paragraph[body[0]]
    cands = [
        i for i in body if paragraph[i] <= first + 1 and _standalone(art.sentence(i)) and not art.quoted(i)
    ]
    if not cands:
        return body[0]
    # The headline names the news (Edmundson's title words): the lead is the sentence that tells it.
    title = set(terms(" ".join(art.sentence(i) for i in range(art.headline))))

    def told(i: int) -> float:
        return len(title & set(terms(art.sentence(i)))) / len(title) if title else 0.0

    return max(
        cands,
        key=lambda i: (
            float(centrality[i])
            + w.lead_fact * min(len(art.ents[i]), 6)
            + w.lead_news * bool(_NEWS_DAY.search(art.sentence(i)))
            - w.lead_late * (paragraph[i] - first)
            + w.lead_title * told(i)
            - 0.01 * cands.index(i)
        ),
    )


_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _said(fact: str, said: str) -> bool:
    """Tell whether a summary already gives a name or number (a rounded figure is the same number)."""
    if fact in said:
        return True
    # Only large counts are rounded ("more than 61,000" for 61,400); years and small numbers are exact.
    wanted = [float(x.replace(",", "")) for x in _NUMBER.findall(fact) if "," in x]
    if len(wanted) != 1:
        return False
    have = (float(x.replace(",", "")) for x in _NUMBER.findall(said) if "," in x)
    return any(abs(h - wanted[0]) <= 0.03 * wanted[0] for h in have)
