"""A full summary: the lead, the main actor's position, then the candidates that score best.

The lead is the sentence that tells the main event (in the first two paragraphs — in a body written
as one block, the first two sentences — central, factual, the headline's news). The main actor's
position follows unless the lead names them. Then sentences are added greedily: each step takes the
candidate with the best linear score over its features (`features.FEATURES`: position, centrality,
closeness to what is in, the article's recurring words and the new words it brings, names, numbers and
voices the summary lacks, length, …) within the request's sentence and character limits, leaving out a
restatement and a sentence opening on a pronoun unless it follows the one it leans on. Candidates are
the article's narrator sentences and each named speaker's best quote. The weights are
`SummaryWeights`: fitted on real news for a body written as one block, set by hand for a paragraphed one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.summarize.features import _Option, _State, candidates, features, restates, state
from bot.summarize.features import gain as score
from bot.summarize.inputs import _NEWS_DAY, _main_actors, _names, _standalone, _undated
from bot.text import fold, terms

if TYPE_CHECKING:
    import numpy as np

    from bot.summarize.inputs import _Article
    from bot.summarize.render import _Draft
    from bot.summarize.weights import SummaryWeights


def select_full(art: _Article, draft: _Draft, w: SummaryWeights) -> None:
    """Write the main event (the lead), the main actor's position, then the central facts."""
    st, options = opening(art, draft, w)
    chosen, heard = st.chosen, st.heard  # the sentences in; every speaker whose words are in
    people = {q.speaker for q in art.quotes if q.speaker_type != "organization"}
    represented: set[str] = set()  # people whose position is in: one each

    # The weights fitted on real news are for bodies written as one block, the form they were fitted on;
    # a paragraphed article keeps the hand-set ones (weights.py says why).
    body = list(range(art.headline, len(art.spans)))
    selection = w.one_block if _one_block(art, body) else w.paragraphed

    def gain(o: _Option) -> float:
        # The linear score of what the candidate brings to what is in (features.FEATURES).
        st.said = draft.said
        return score(features(o, st), selection)

    def take(pool: list[_Option]) -> bool:
        # The best option that still fits; False when none does.
        for o in sorted(pool, key=lambda o: -gain(o)):
            if o.sentence in chosen or o.voices & people & represented:
                continue  # that sentence, or that person's position, is in already
            if o.leans and o.sentence - 1 not in chosen:
                continue  # "It was seized …" reads only after the sentence it leans on
            if restates(o, st):
                continue  # no new name or number, and most of its words are in
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


def opening(art: _Article, draft: _Draft, w: SummaryWeights) -> tuple[_State, list[_Option]]:
    """Write the lead; return what the summary then holds and the candidates it may add after it."""
    import numpy as np  # noqa: PLC0415

    centroid = art.vecs.mean(axis=0)
    centroid /= max(float(np.linalg.norm(centroid)), 1e-12)
    centrality = art.vecs @ centroid
    lead = _lead(art, centrality, w)
    a, b = _undated(art.text, *art.spans[lead])
    draft.add(a, art.short(lead, a, b), a, b)
    return state(art, lead, centrality, draft.said), candidates(art, lead)


def _lead(art: _Article, centrality: np.ndarray, w: SummaryWeights) -> int:
    """Pick the sentence that gives the main event: in the first two paragraphs, central and factual."""
    n = len(art.spans)
    body = list(range(art.headline, n)) or list(range(n))
    paragraph = _paragraphs(art, body)
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


def _paragraphs(art: _Article, body: list[int]) -> list[int]:
    """Return each sentence's paragraph number; in a body written as one paragraph, each sentence's own.

    News paragraphs are one or two sentences long, so where the breaks were lost (a feed that joins the
    body into one block) a sentence stands for a paragraph: "the first two paragraphs" stays the opening.
    """
    paragraph = _breaks(art)
    if _one_block(art, body):
        return [paragraph[body[0]] + max(i - body[0], 0) for i in range(len(art.spans))]
    return paragraph


def _breaks(art: _Article) -> list[int]:
    """Return each sentence's paragraph number, counting blank lines (or line breaks where none is)."""
    breaks = "\n\n" if "\n\n" in art.text else "\n"
    return [art.text.count(breaks, 0, a) for a, _ in art.spans]


def _one_block(art: _Article, body: list[int]) -> bool:
    """Tell whether an article's body (its sentences after the headline) is written as one paragraph."""
    paragraph = _breaks(art)
    return len(body) > 2 and len({paragraph[i] for i in body}) == 1
