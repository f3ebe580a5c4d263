"""Quote extraction: "who said what" records from a news article parsed by spaCy.

The pipeline leans on spaCy's parse and entities and on textacy's direct-quotation extractor, and adds
rules where those fall short on real news copy:

* quotation marks are paired per paragraph by a tolerant scanner (textacy raises on an odd count, and
  news style leaves a quote open at the end of a paragraph when it continues in the next one);
* each quote is attributed from the clause that touches it (``"…," said X`` / ``X said: "…"``), then
  from neighbouring quotes, a speaker line or a follow-on line (``Macron added.``), and finally from the
  previous paragraph's speaker, in that order;
* pronouns, nominal references ("the minister", "the French leader") and surnames are resolved to the
  fullest name the article gives, with gender taken from the article's own use of he/she;
* sources the article will not name ("who asked not to be named") stay their description, and a
  he/she right after one refers back to it; "the statement said" speaks for whoever issued the
  statement; "X's lawyer" is the person introduced as representing X, else stays a description;
* a role noun with a name in apposition ("Its chairman, NAME, said") is that person, a
  nickname the article gives someone ("calling X “the Hammer”") is an alias, and "the doctor" finds
  a person introduced as "a physician" (role synonyms);
* reported speech (``X said (that) <clause>``, ``according to X``, the parenthetical
  ``The plan, she said, was sound`` or ``In May, she said, she …``, ``accused X of …``, and a
  sentence-final ``…, a ministry aide, X, said on Monday.`` the parser failed to link) yields
  ``indirect`` records;
* a quoted phrase inside the writer's sentence ("likened it to “a leaky boat”", "X's allegations of a
  “vast plot”") is the words of whoever the verb or noun of saying governing it belongs to, and its
  record is marked as a phrase; a scare quote in a clause with no such verb stays out.

Nothing here is specific to an article: the lexicons are closed-class English words
(index/data/lexicon.toml).

The work runs as stages, each a module with one job that hands a record to the next:

1. `layout`: paragraphs, sentence numbers, headings;
2. `marks`: quotation marks paired per paragraph (pure text, no spaCy); `page` joins both with the parse;
3. `names` and `people`: the person registry, roles, nicknames, representations, gender;
4. `cues`, `reported` and `phrases`: verbs of saying, their subjects, reported-speech clauses, and the
   speaker of a quoted phrase inside a sentence;
5. `resolve`, `rules` and `references`: a speaker head token to a speaker, by rules tried in order;
6. `assemble`: fallbacks, chains, filters and the final `Quote` records.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from index.quotes.assemble import assemble
from index.quotes.cues import find_cues
from index.quotes.page import read_page
from index.quotes.people import collect_people
from index.quotes.phrases import find_phrases
from index.quotes.records import Quote
from index.quotes.reported import find_reports
from index.quotes.resolve import Context
from index.quotes.rules import decide
from index.speakers import same_speaker, speaker_key

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["Quote", "extract_quotes", "same_speaker", "speaker_key"]

log = logging.getLogger(__name__)


def extract_quotes(doc: Doc) -> list[Quote]:
    """Extract quote records from a parsed article, in article order."""
    try:
        return run_stages(doc)
    except Exception:  # one bad article must never take down ingest
        log.exception("quote extraction failed; returning no quotes")
        return []


def run_stages(doc: Doc) -> list[Quote]:
    """Run the stages in order and return the records; unlike `extract_quotes`, errors propagate."""
    page = read_page(doc)  # 1-2: layout and quotation marks
    people = collect_people(page)  # 3: the person registry
    cues = find_cues(page, people)  # 4: speaker tokens beside each quote...
    reports = find_reports(page, people.registry)  # ...reported speech...
    phrases = find_phrases(page, people.registry)  # ...and quoted phrases inside sentences
    ctx = Context(page, people, decide)  # 5: resolution, run by assembly in article order
    return assemble(ctx, cues, reports, phrases)  # 6
