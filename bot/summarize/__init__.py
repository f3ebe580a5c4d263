"""Extractive summaries for a person: main event, central facts, then who said what — every sentence cited.

A full summary starts from the lead (news puts the main event there), names the main actor with their
position, then adds sentences greedily: each step takes the candidate whose features (position,
centrality, the article's recurring words, the new words, names, numbers and voices it brings, how much
it restates what is in, its length, …) score best under `SummaryWeights` — fitted on journalists'
highlights of real news (eval/fit_summary.py) for bodies written as one block, set by hand for
paragraphed articles — within the sentence and character limits. Candidates are the article's narrator
sentences and each speaker's best quote from the quote index. A focused summary picks the speakers the
focus is about (by their names and roles, by meaning, and by where the article reports them) and gives
each a few distinct points.
No sentence is generated: each is the article's own, or a speaker's name and role put before their
verbatim words. Sentences are compressed, never reworded: asides the parse marked at ingest are left out
(index.compress), a pronoun opening a sentence becomes the person it stands for, and a person is named in
full with their role the first time the summary mentions them.

The package, in the order a summary is made:

- `inputs`: the article record a summary reads (`_Article`, `article()`), its facts, dates and datelines;
- `features`: a full summary's candidates and the features their weights score;
- `full`: a full summary's selection (lead, main actor, greedy additions);
- `focused`: a focused summary's selection (focus relevance, the focus's speakers);
- `render`: the draft, people's introductions and roles, bullets and citations;
- `weights`: `SummaryWeights`, every weight the selections use;
- `summarizer`: `Summarizer`, which runs them.

Reading a summary request (`SummaryRequest`, `parse_request`, `is_generic`) is question analysis: it
lives in `bot.questions` and is re-exported here. Names with a leading underscore are the package's own,
re-exported for the tests that check them one by one.
"""

from __future__ import annotations

from bot.questions import SummaryRequest, is_generic, parse_request
from bot.summarize.features import _said, candidates
from bot.summarize.focused import select_focused
from bot.summarize.full import select_full
from bot.summarize.inputs import _Article, _headline_count, _one_name_each, _undated, article, title_match
from bot.summarize.render import _introduced, compose, introduction
from bot.summarize.summarizer import Summarizer
from bot.summarize.weights import SummaryWeights

__all__ = [
    "Summarizer",
    "SummaryRequest",
    "SummaryWeights",
    "_Article",
    "_headline_count",
    "_introduced",
    "_one_name_each",
    "_said",
    "_undated",
    "article",
    "candidates",
    "compose",
    "introduction",
    "is_generic",
    "parse_request",
    "select_focused",
    "select_full",
    "title_match",
]
