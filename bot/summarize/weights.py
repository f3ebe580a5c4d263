"""The weights a summary's selection runs on, in one place, so a fitting script can set them.

A full summary's candidates are scored by a linear score over their features (`features.FEATURES`, one
weight each, same name: a `Selection`). Two selections ship:

- `FITTED`, for a body written as one block (no paragraph breaks, as CNN/Daily Mail's come): fitted by
  `eval/fit_summary.py` against journalists' highlights of real news (the summaries dev split, where
  76 of 81 articles are of that form) and written into the block marked below, which the script
  rewrites;
- `HAND`, for a paragraphed article: set by hand on our own (paragraphed, wire-style) articles. The
  fitted weights do not carry over to those: they favour the lead's neighbours and the article's
  recurring words, where our articles' key points are spread over names and numbers further down
  (eval/quick.py's key-point coverage fell from 234/333 to 193/333 when they were tried there).

The lead's and the focused summary's weights are set by hand. Any weight can be overridden
(`SummaryWeights(paragraphed=replace(HAND, early=0.25))`). A summary's length is not a weight: it is
what the request asks for (`bot.questions.SummaryRequest`, five sentences and 1,000 characters by
default).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Selection:
    """How a full summary weighs a candidate's features after the lead (see features.FEATURES)."""

    early: float = 0.0
    near_lead: float = 0.0
    central: float = 0.0
    similar: float = 0.0
    redundant: float = 0.0
    title: float = 0.0
    fact: float = 0.0
    voice: float = 0.0
    quote: float = 0.0
    reports: float = 0.0
    prominence: float = 0.0
    main_actor: float = 0.0
    chars: float = 0.0
    long: float = 0.0
    next: float = 0.0
    news_day: float = 0.0
    leans: float = 0.0
    salience: float = 0.0
    novel: float = 0.0
    number: float = 0.0


# fitted: begin (eval/fit_summary.py rewrites this block)
FITTED = Selection(
    early=0.118,
    near_lead=0.6034,
    central=0.2499,
    similar=0.0893,
    redundant=-0.5444,
    title=0.0,
    fact=0.0132,
    voice=0.0218,
    quote=-0.0361,
    reports=-0.0278,
    prominence=-0.0431,
    main_actor=0.038,
    chars=-0.0608,
    long=-0.0018,
    next=0.0258,
    news_day=-0.1144,
    leans=0.0461,
    salience=1.0,
    novel=0.2683,
    number=0.0055,
)
# fitted: end

# Central, early, bringing names, numbers and voices the summary lacks, not restating what is in, not long.
HAND = Selection(
    early=0.3,
    central=0.5,
    redundant=-0.5,
    fact=0.08,
    voice=0.1,
    quote=-0.1,
    long=-0.1,
    next=0.1,
    leans=-1.0,
)


@dataclass(frozen=True)
class SummaryWeights:
    """How a summary weighs its candidate sentences and speakers."""

    # -- a full summary: a candidate's score after the lead, by the article's form (see full.select_full) --
    one_block: Selection = FITTED  # a body without paragraph breaks
    paragraphed: Selection = HAND

    # -- a full summary's lead: how a lead candidate gains beyond its centrality (see full.lead) --
    lead_fact: float = 0.03  # per name or number it gives (up to six)
    lead_late: float = 0.05  # lost per paragraph after the first
    lead_news: float = 0.05  # when it gives the day of the news
    lead_title: float = 0.3  # by the share of the headline's words it gives

    # -- a focused summary: which speakers it keeps (see focused.focused_speakers) --
    # Speakers at least `keep` of the best one's closeness by meaning stay; when the focus names some
    # speakers in words, others must come `near` the best to join.
    keep: float = 0.5
    near: float = 0.9
    join: float = 0.2  # a speaker quoted next to a kept one joins unless this far off
