"""A focused summary: what the speakers a focus is about said, a few distinct points each.

"Summarize the reactions to the port's plan from environmental groups" is about the groups: the speakers
are found by what names them (their names, roles and the article's introduction of them), by meaning
(their roles' vectors against the focus's), and by where the article reports them (speakers quoted in
the same or the next paragraph as a kept one join). Each speaker then gives their best point and their
next distinct ones while room is left; the article's own sentences on the focus fill what remains.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.answerers.quotes import side_terms
from bot.passages import attributed, passage
from bot.questions import META_WORDS
from bot.summarize.inputs import _main_actors, _positions, _standalone
from bot.summarize.render import _cost, _position_sentence, introduction
from bot.text import fold, terms
from index.speakers import same_speaker

if TYPE_CHECKING:
    from collections.abc import Callable

    import numpy as np

    from bot.schema import QuoteRecord
    from bot.summarize.inputs import _Article
    from bot.summarize.render import _Draft
    from bot.summarize.weights import SummaryWeights

# "the reactions to Macron's remarks": what others said about Macron, so Macron is no speaker of it.
_REACTIONS_TO = re.compile(
    r"\b(?:reactions?|responses?|replies|criticism|comments)\s+(?:to|on)\s+(?:the\s+)?"
    r"(?P<x>[\w.-]+(?:\s+(?-i:[A-Z])[\w.-]+)*)(?:['’]s\b|\s|$)",
    re.I,
)
# Words of institutions' names that say nothing about which one ("the port authority").
_INSTITUTION = set(terms("authority office ministry government department agency council group"))
# "outside experts": everyone but the article's own protagonist.
_OUTSIDE = re.compile(r"\b(?:outside|independent|external|other)\b", re.I)


def select_focused(
    art: _Article,
    draft: _Draft,
    focus_terms: list[str],
    focus_vector: list[float] | None,
    role_vectors: dict[str, list[float]] | None,
    w: SummaryWeights,
) -> None:
    """Write what the speakers of the focus said, a few distinct points each, then facts on the focus."""
    import numpy as np  # noqa: PLC0415

    req = draft.req
    relevance = _focus_relevance(art, focus_terms, focus_vector)
    who = req.who or ""
    who_terms = [t for t in terms(who) if t not in META_WORDS]
    # Speakers are found by what names them: "reactions to the port's plan from environmental groups"
    # is about the groups, not the port.
    on_who = _focus_relevance(art, who_terms, focus_vector) if who_terms else relevance
    # "Reactions to Macron's remarks" (or to the port's plan): what others said, not Macron (the port).
    target = m.group("x") if (m := _REACTIONS_TO.search(req.focus or "")) else ""
    target_terms = set(terms(target))
    # "Outside experts": everyone but the article's own protagonist.
    actors = _main_actors(art.quotes)
    outsider = actors[0] if _OUTSIDE.search(who) and actors else None

    def excluded(s: str) -> bool:
        if s == outsider:
            return True
        return bool(target) and (same_speaker(s, target) or bool(target_terms & set(terms(s)) - _INSTITUTION))

    speakers = _focused_speakers(
        art,
        on_who,
        focus_terms,
        who_terms,
        focus_vector,
        role_vectors,
        excluded,
        w,
        one_party=bool(who_terms) and not re.search(r"[^s']s$", who.split()[-1]),
    ) or [s for s in actors if target and not excluded(s)]
    # Each speaker's best point first, then their next distinct ones (one per paragraph) while room is
    # left: a focus on a few speakers still gets several points.
    queues = {s: _positions(art.quotes, s, direct_first=True) for s in speakers}
    picks: list[tuple[int, QuoteRecord]] = []
    paragraphs: set[tuple[str, int]] = set()
    slots, budget = req.max_sentences - len(draft.parts), draft.budget
    later: list[tuple[int, QuoteRecord]] = []  # a speaker's further points from a paragraph already used
    while len(picks) < slots and any(queues.values()):
        for rank, s in enumerate(speakers):
            while queues[s] and len(picks) < slots:
                q = queues[s].pop(0)
                para = art.text.rfind("\n", 0, q.start) + 1
                cost = _cost(q)
                if cost > budget and picks:
                    continue
                if (s, para) in paragraphs:
                    later.append((rank, q))
                    continue
                picks.append((rank, q))
                paragraphs.add((s, para))
                budget -= cost
                break
    # Room left: the same paragraph's other points ("… she said the union would ballot members").
    for rank, q in later:
        cost = _cost(q)
        if len(picks) < slots and cost <= budget and not any(_overlaps(q, p) for _, p in picks):
            picks.append((rank, q))
            budget -= cost
    # Grouped by speaker, most relevant first; each speaker's points in article order.
    used: set[int] = set()
    seen: set[str] = set()
    for rank, q in sorted(picks, key=lambda p: (p[0], p[1].start)):
        start, end = attributed(art.text, *passage(art.text, q.start, q.end), q.speaker)
        sentence = _position_sentence(q)
        if own := art.reporting(q):
            sentence, start, end = own
        if draft.add(rank * len(art.text) + q.start, sentence, start, end):
            seen.add(q.speaker)
            used.update(art.overlapping(q.start, q.end))
    # Room left: the article's own sentences on the focus.
    represented = [fold(s) for s in seen]
    order = [
        i
        for i in np.argsort(-relevance)
        if relevance[i] >= 0.35 and i >= art.headline and _standalone(art.sentence(i))
    ]
    for i in order:
        if i in used or draft.full:
            continue
        if any(r in fold(art.sentence(i)) for r in represented):
            continue  # that speaker's position is in already
        a, b = art.spans[i]
        if draft.add(len(speakers) * len(art.text) + a, art.short(i, a, b), a, b):
            used.add(i)


def _focused_speakers(
    art: _Article,
    relevance: np.ndarray,
    focus_terms: list[str],
    who_terms: list[str],
    focus_vector: list[float] | None,
    role_vectors: dict[str, list[float]] | None,
    excluded: Callable[[str], bool],
    w: SummaryWeights,
    one_party: bool = False,
) -> list[str]:
    """Return the speakers a focus is about, most relevant first."""
    import numpy as np  # noqa: PLC0415

    wanted = who_terms or focus_terms
    named: dict[str, float] = {}  # by words: the focus names them or their role
    meant: dict[str, float] = {}  # by meaning: their role, and where the article gives their words
    lines: dict[str, set[int]] = {}  # the article lines (paragraphs) that carry their words
    for s in dict.fromkeys(q.speaker for q in art.quotes):
        if excluded(s):
            continue
        own = [q for q in art.quotes if q.speaker == s]
        # Who they are, in the article's words too: "Belisk's chief negotiator, … Farid Haddadi".
        who = set(terms(f"{s} {own[0].role} {introduction(art.text, s)}"))
        named[s] = sum(bool(side_terms(t) & who) for t in wanted) / max(1, len(wanted))
        # "the players" should find "Kofi Mensah, Rovers striker": compare roles by meaning too.
        role_sim = (
            float(np.dot(role_vectors[s], focus_vector))
            if role_vectors and focus_vector is not None and s in role_vectors
            else 0.0
        )
        spans = [i for q in own for i in art.overlapping(q.start, q.end)]
        meant[s] = role_sim + max((float(relevance[i]) for i in spans), default=0.0)
        if not who_terms:
            # No speaker named ("reactions to Macron's remarks"): what they said must be on the focus.
            said = max(sum(t in terms(q.text) for t in focus_terms) for q in own) / max(1, len(focus_terms))
            meant[s] += said + 0.5 * max(q.dense for q in own)
        lines[s] = {art.text.count("\n", 0, q.start) for q in own}
    if not meant:
        return []
    best = max(meant.values())
    # The focus's own words pick its speakers when they can; then only a close match by meaning joins.
    bar = w.near if any(named.values()) else w.keep
    keep = [s for s in meant if named[s] > 0 or meant[s] >= bar * best]
    # Reactions are reported together: a speaker quoted in the same or the next paragraph joins, if not
    # far off.
    # When the focus names one party by words ("what the defence said", not "the foreign governments"),
    # only those quoted in its very paragraphs join, and nobody through them.
    by_words = one_party and any(named.values())
    grown = True
    while grown:
        near = {n + d for s in keep for n in lines[s] for d in ((0,) if by_words else (-1, 0, 1))}
        joining = [s for s in meant if s not in keep and lines[s] & near and meant[s] >= w.join * best]
        keep += joining
        grown = bool(joining) and not by_words
    return sorted(keep, key=lambda s: -(2 * named[s] + meant[s]))


def _focus_relevance(art: _Article, focus_terms: list[str], focus_vector: list[float] | None) -> np.ndarray:
    """Score each sentence's relevance to a focus, by its words and its meaning."""
    import numpy as np  # noqa: PLC0415

    wanted = set(focus_terms)
    lexical = np.array(
        [len(wanted & set(terms(art.sentence(i)))) / max(1, len(wanted)) for i in range(len(art.spans))]
    )
    dense = art.vecs @ np.asarray(focus_vector, dtype=np.float32) if focus_vector is not None else 0.0
    return 0.6 * lexical + 0.4 * dense


def _overlaps(a: QuoteRecord, b: QuoteRecord) -> bool:
    """Tell whether two quotes share any of the article's text."""
    return a.start < b.end and b.start < a.end
