"""The weights a summary's selection runs on, in one place, so a fitting script can set them.

A full summary's candidates are scored by a linear score over their features (`features.FEATURES`, one
weight each, same name); those weights are fitted by `eval/fit_summary.py` against journalists'
highlights of real news (the summaries dev split) and written into the block marked below, which the
script rewrites. The lead's and the focused summary's weights are set by hand on our own articles.
Any weight can be overridden (`Summarizer(weights=SummaryWeights(early=0.25))`). A summary's length is
not a weight: it is what the request asks for (`bot.questions.SummaryRequest`, five sentences and 1,000
characters by default).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SummaryWeights:
    """How a summary weighs its candidate sentences and speakers."""

    # -- a full summary: a candidate's score after the lead (see features.FEATURES) --
    # fitted: begin (eval/fit_summary.py rewrites this block)
    early: float = 0.1304
    near_lead: float = 0.6129
    central: float = 0.1773
    similar: float = 0.1109
    redundant: float = -0.5075
    title: float = 0.0
    fact: float = 0.0094
    voice: float = 0.0268
    quote: float = -0.0373
    reports: float = -0.0319
    prominence: float = -0.0286
    main_actor: float = 0.0352
    chars: float = -0.0496
    long: float = -0.0073
    next: float = 0.0266
    news_day: float = -0.1143
    leans: float = 0.0386
    salience: float = 1.0
    novel: float = 0.2772
    number: float = 0.0078
    # fitted: end

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
