"""The weights a summary's selection runs on, in one place, so a fitting script can set them.

Every number here was set by hand on the evaluation articles; a later fit on labelled summaries replaces
them (`Summarizer(weights=SummaryWeights(early=0.25))`). A summary's length is not a weight: it is what
the request asks for (`bot.questions.SummaryRequest`, five sentences and 1,000 characters by default).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SummaryWeights:
    """How a summary weighs its candidate sentences and speakers."""

    # -- a full summary: how a candidate sentence gains after the lead (see full.select_full) --
    central: float = 0.5  # closeness to the article's centroid (cosine); alone it favours restating the topic
    early: float = 0.3  # news puts what matters first
    fact: float = 0.08  # each name or number the summary lacks (up to four)
    voice: float = 0.1  # a speaker not yet heard
    long: float = 0.1  # lost per 100 characters beyond 200: a long sentence takes the room of two
    quote: float = 0.1  # lost by a speaker's words: the article's own sentences carry more
    redundant: float = 0.5  # lost per unit of closeness to a sentence already in, beyond redundant_from
    redundant_from: float = 0.8
    next: float = 0.1  # what happens next: a date ahead ("talks will open in Geneva on March 18")

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
