"""Text helpers shared by retrieval and answering: folding, tokenising, stemming."""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)

# Closed-class words plus words every question about an article uses; neither says what it is about.
STOPWORDS = frozenset(
    """
a about above after again against all am an and any are aren't as at be because been before being below
between both but by can cannot could couldn't did didn't do does doesn't doing don't down during each
few for from further had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers
herself him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me
more most mustn't my myself no nor not of off on once only or other ought our ours ourselves out over
own same shan't she she'd she'll she's should shouldn't so some such than that that's the their theirs
them themselves then there there's these they they'd they'll they're they've this those through to too
under until up very was wasn't we we'd we'll we're we've were weren't what what's when when's where
where's which while who who's whom why why's will with won't would wouldn't you you'd you'll you're
you've your yours yourself yourselves also just now ever according article articles story text report
reported reports say says said saying tell tells told mention mentioned mentions quote quoted quotes
please give me does anything something else many much kind sort way thing things
""".split()
)


# Every question folds and tokenises the same article sentences again: remember the results.
@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lowercase, strip accents and unify quote marks and dashes, for matching."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "—": "-", "–": "-"}))
    return re.sub(r"\s+", " ", text).lower().strip()


@cache
def _stemmer():
    import Stemmer  # noqa: PLC0415

    return Stemmer.Stemmer("english")


def words(text: str) -> list[str]:
    """Return the folded word tokens of `text`, possessives dropped."""
    return [re.sub(r"'s$", "", w) for w in _TOKEN.findall(fold(text))]


@cache
def _lemma(word: str) -> str:
    import simplemma  # noqa: PLC0415

    return simplemma.lemmatize(word, lang="en").lower()


def stem_words(tokens: list[str]) -> list[str]:
    """Return the English stems of folded word tokens, irregular forms first brought to their lemma.

    The Snowball stemmer alone leaves "began" apart from "begin" and "found" apart from "find";
    simplemma's lexicon joins them, and stemming the lemma keeps regular forms as they were.
    """
    return _stemmer().stemWords([_lemma(t) for t in tokens])


def terms(text: str) -> list[str]:
    """Return the stemmed content words of `text` (stopwords removed), in order."""
    return list(_terms(text))


@lru_cache(maxsize=65536)
def _terms(text: str) -> tuple[str, ...]:
    return tuple(stem_words([w for w in words(text) if w not in STOPWORDS and len(w) > 1]))
