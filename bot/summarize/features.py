"""What a full summary weighs in a candidate sentence: the features its fitted weights score.

A full summary takes the lead, then adds candidates one at a time, each time the one whose features
score highest under `SummaryWeights` (a linear score; `eval/fit_summary.py` fits the weights against
journalists' highlights). The features say what news writing gives and what a reader of the lead still
lacks: where the sentence stands (news puts what matters first), how central it is, whether it restates
what is in, the names and numbers it adds, whose words it gives and how prominent that speaker is in the
article, and its length. Some depend on what the summary already holds (`_State`): they are computed
afresh at each step, so the same weights score the first addition and the fifth.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.passages import attributed, passage
from bot.summarize.inputs import _NEWS_DAY, _ahead, _leans, _main_actors, _names, _positions, _undated, _whole
from bot.summarize.render import _position_sentence
from bot.text import fold, terms

if TYPE_CHECKING:
    import numpy as np

    from bot.summarize.inputs import _Article
    from bot.summarize.weights import Selection

# The features, in the order `features()` returns them; each is also the name of its weight.
FEATURES = (
    "early",  # 1 - position / sentences: news puts what matters first
    "near_lead",  # 1 / (1 + sentences after the lead): the lead's own paragraph goes on with the news
    "central",  # cosine to the article's centroid
    "similar",  # the highest cosine to a sentence already in
    "redundant",  # how far that cosine exceeds `REDUNDANT_FROM`: a restatement
    "title",  # the share of the headline's words it gives (0 without a headline)
    "fact",  # names and numbers the summary lacks (up to four)
    "voice",  # it gives a speaker not yet heard
    "quote",  # a speaker's words behind their name (not the article's own sentence)
    "reports",  # the article's own sentence reporting what someone said ("X said …")
    "prominence",  # the share of the article's quotes that are its speaker's
    "main_actor",  # it gives the most-quoted person, whom the summary does not name yet
    "chars",  # its length, per 100 characters
    "long",  # per 100 characters beyond 200: a long sentence takes the room of two
    "next",  # what happens next, and when ("talks will open in Geneva on March 18")
    "news_day",  # the day of the news ("on Tuesday", "yesterday")
    "leans",  # it opens on a pronoun, right after the sentence it leans on
    "salience",  # how often the article repeats the words it adds (what the story keeps coming back to)
    "novel",  # the share of its words the summary does not have yet
    "number",  # it gives a figure
)
# Closeness to a sentence already in beyond which a candidate restates it.
REDUNDANT_FROM = 0.8
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


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
    leans: bool = False  # it opens on a pronoun: it may only follow the sentence before it


@dataclass
class _State:
    """What a full summary holds so far, and what the features read of its article once."""

    art: _Article
    lead: int
    centrality: np.ndarray
    chosen: list[int]  # the sentences in
    heard: set[str]  # every speaker whose words are in
    said: str = ""  # the folded text of what is in
    title: set[str] = field(default_factory=set)  # the headline's words
    share: dict[str, float] = field(default_factory=dict)  # each speaker's share of the quotes
    actor: str = ""  # the most-quoted person
    counts: Counter[str] = field(default_factory=Counter)  # how often the article uses each word


def state(art: _Article, lead: int, centrality: np.ndarray, said: str) -> _State:
    """Return the state of a summary holding only its lead."""
    quotes = [q.speaker for q in art.quotes]
    actors = _main_actors(art.quotes)
    return _State(
        art,
        lead,
        centrality,
        [lead],
        art.voices(lead),
        said,
        set(terms(" ".join(art.sentence(i) for i in range(art.headline)))),
        {s: quotes.count(s) / len(quotes) for s in set(quotes)},
        actors[0] if actors else "",
        Counter(t for i in range(art.headline, len(art.spans)) for t in terms(art.sentence(i))),
    )


def features(o: _Option, st: _State) -> list[float]:
    """Return a candidate's features (in `FEATURES` order) against what the summary holds."""
    art, i = st.art, o.sentence
    n = len(art.spans)
    similar = max(float(art.vecs[i] @ art.vecs[j]) for j in st.chosen)
    sentence = art.sentence(i)
    words = set(terms(sentence))
    own = set(terms(o.text)) or {""}
    new = own - set(terms(st.said))  # its words the summary lacks
    return [
        1 - i / n,
        1 / (1 + max(i - st.lead, 0)),
        float(st.centrality[i]),
        similar,
        max(0.0, similar - REDUNDANT_FROM),
        len(st.title & words) / len(st.title) if st.title else 0.0,
        min(sum(not _said(f, st.said) for f in o.facts), 4),
        float(bool(o.voices - st.heard)),
        float(o.quote),
        float(bool(o.voices) and not o.quote),
        max((st.share.get(s, 0.0) for s in o.voices), default=0.0),
        float(bool(st.actor) and st.actor in o.voices and not _names(st.said, st.actor)),
        len(o.text) / 100,
        max(0, len(o.text) - 200) / 100,
        float(o.next),
        float(bool(_NEWS_DAY.search(sentence))),
        float(o.leans),
        sum(min(st.counts[t], 5) for t in own) / (5 * len(own)),
        len(new) / len(own),
        float(bool(re.search(r"\d", o.text))),
    ]


def restates(o: _Option, st: _State, share: float = 0.5) -> bool:
    """Tell whether a candidate only restates the summary: no name or number it lacks, few new words."""
    own = set(terms(o.text))
    if not own or any(not _said(f, st.said) for f in o.facts):
        return False
    return len(own - set(terms(st.said))) < share * len(own)


def gain(x: list[float], w: Selection) -> float:
    """Score a candidate's features with a selection's weights (a linear score)."""
    return sum(v * getattr(w, f) for v, f in zip(x, FEATURES, strict=True))


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
        if not art.quoted(i) and _whole(text):
            # A sentence opening on a pronoun ("It was seized from …") may follow the one it leans on.
            options.append(
                _Option(
                    text,
                    a,
                    b,
                    a,
                    i,
                    art.voices(i),
                    art.ents[i],
                    next=_ahead(art.sentence(i)),
                    leans=_leans(text),
                )
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
