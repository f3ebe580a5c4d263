"""Which article "the article" means: a conversation's current article, "which one?", the source named.

A conversation (a `--session`, a Telegram chat) has a current article: the one shared or picked there, or
the only one the collection holds. When it has none and the collection holds several, a question that
could be about any of them gets a short numbered list instead of a guess; the reader's next message
("2", "the second one", words of a title) picks one. An answer drawn from an article other than the
current one says which.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from importlib import resources

from bot.questions import META_WORDS
from bot.schema import Answer
from bot.text import fold, terms
from index.readers import cut_at_word

WHICH_KIND = "which_article"
MAX_CHOICES = 5  # a list longer than this is not a question a reader answers at a glance


@dataclass(frozen=True)
class ArticleInfo:
    """What a reader is shown of an article: id, title, source and when it was added."""

    doc_id: str
    title: str
    source: str
    ingested_at: float

    @property
    def date(self) -> str:
        """Return the day it was added (UTC), as YYYY-MM-DD, or "" if unknown."""
        if not self.ingested_at:
            return ""
        return datetime.fromtimestamp(self.ingested_at, UTC).strftime("%Y-%m-%d")

    def to_json(self) -> dict[str, str]:
        """Return the `articles --json` object."""
        return {"doc_id": self.doc_id, "title": self.title, "date": self.date, "source": self.source}


@functools.cache
def _choice_words() -> tuple[tuple[str, ...], frozenset[str]]:
    data = tomllib.loads(resources.files("bot").joinpath("data/choices.toml").read_text(encoding="utf-8"))
    return tuple(data["ordinals"]), frozenset(data["filler"])


def pick(reply: str, choices: Sequence[ArticleInfo]) -> ArticleInfo | None:
    """Return the offered article a reply picks ("2", "the second one", words of its title), or None."""
    if not choices:
        return None
    ordinals, filler = _choice_words()
    words = [w for w in re.findall(r"[a-z0-9]+", fold(reply)) if w not in filler]
    if len(words) == 1:
        word = words[0]
        n = int(word) if word.isdigit() else (ordinals.index(word) + 1 if word in ordinals else 0)
        if word == "last":
            n = len(choices)
        if 1 <= n <= len(choices):
            return choices[n - 1]
    if not words or len(words) > 12 or reply.rstrip().endswith("?"):
        # A question is a new question, even when its words are in one offered title ("Who is Obama?").
        return None
    # Words of one title: every content word of the reply is in exactly one offered title.
    wanted = set(terms(reply)) - set(terms(" ".join(filler)))
    if not wanted:
        return None
    hits = [c for c in choices if wanted <= set(terms(c.title))]
    return hits[0] if len(hits) == 1 else None


def which_one(choices: Sequence[ArticleInfo], total: int) -> Answer:
    """Ask which article a question means, offering a short numbered list."""
    shown = list(choices[:MAX_CHOICES])
    # A story without a headline is titled by its lead: cut, as when an answer names its source.
    lines = [
        f"{i}. {short_title(c.title)}" + (f" ({c.date})" if c.date else "") for i, c in enumerate(shown, 1)
    ]
    more = f" ({total} in all: /articles lists them)" if total > len(shown) else ""
    text = f"Which article do you mean?{more}\n" + "\n".join(lines)
    text += "\nReply with its number, or /use and its id."
    return Answer("answered", text, kind=WHICH_KIND, choices=[c.to_json() for c in shown])


def focus_coverage(focus: str, text: str) -> float:
    """Return the share of a focus's content words an article contains (1.0 when it has none)."""
    # "the reactions to Macron's remarks": only "Macron" says what the focus is about.
    wanted = set(terms(focus)) - META_WORDS
    return len(wanted & set(terms(text))) / len(wanted) if wanted else 1.0


def cited_articles(answer: Answer) -> list[str]:
    """Return the ids of the articles an answer cites, in order of first citation."""
    return list(dict.fromkeys(c.doc_id for c in answer.citations))


TITLE_CHARS = 60  # a source named before an answer: enough to recognise the story, not to crowd the answer


def short_title(title: str, limit: int = TITLE_CHARS) -> str:
    """Cut a title to `limit` characters at a word boundary (a headline-less article's title is its lead)."""
    return cut_at_word(title, limit)


NOT_CURRENT = " (not the current article)"


def source_room(title: str, aside: bool) -> int:
    """Return the characters `name_sources` puts before an answer drawn from one article, space included.

    `aside`: an article is current, so the line also says the answer is not from it.
    """
    return len(_source_lead(f"‘{short_title(title)}’", NOT_CURRENT if aside else "")) + 1


def _source_lead(named: str, aside: str) -> str:
    return f"From {named}{aside}:"


def name_sources(answer: Answer, titles: Mapping[str, str], current: str | None) -> Answer:
    """Say which article(s) an answer comes from when that is not the conversation's current article."""
    cited = cited_articles(answer)
    if answer.status != "answered" or not cited or cited == [current]:
        return answer
    # Single quotes: a title in double quotes would read as somebody's words (and render as a quote).
    named = " and ".join(f"‘{short_title(titles[d])}’" for d in cited if d in titles)
    if not named:
        return answer
    lead = _source_lead(named, NOT_CURRENT if current else "")
    sep = "\n" if "\n" in answer.answer else " "
    return replace(answer, answer=f"{lead}{sep}{answer.answer}")
