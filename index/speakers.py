"""Speaker names: normalisation, alias matching and the word-list tests quote attribution relies on.

Everything here is article-independent: titles, honorifics, institution head nouns and the like are
closed-class English words, never names of particular people or bodies; the lists themselves are in
index/data/lexicon.toml (see index.lexicon).
"""

from __future__ import annotations

import re
import unicodedata

from index.lexicon import lexicon

# The lists this module used to define, still importable from here (bot/ reads TITLE_WORDS): each name
# maps to its field of the lexicon, looked up on first access rather than at import.
_LEXICON_NAMES = {
    "HONORIFICS": "honorifics",
    "TITLE_WORDS": "title_words",
    "LEADER_WORDS": "leader_words",
    "GENDERED_ROLE_WORDS": "gendered_role_words",
    "ORG_HEADS": "org_heads",
    "INSTITUTION_SUFFIXES": "institution_suffixes",
    "ROLE_SYNONYMS": "role_synonyms",
    "ORG_METONYMS": "org_metonyms",
    "UNNAMED_HEADS": "unnamed_heads",
    "REPRESENTATIVE_HEADS": "representative_heads",
}


def __getattr__(name: str) -> object:
    """Return a word list by its old constant name ("TITLE_WORDS"), read from the lexicon."""
    field = _LEXICON_NAMES.get(name)
    if field is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(lexicon(), field)


def is_institution_noun(lemma: str) -> bool:
    """Tell whether a lowercase noun lemma names an institution rather than a person."""
    lex = lexicon()
    return lemma in lex.org_heads or (len(lemma) > 7 and lemma.endswith(lex.institution_suffixes))


def role_synonyms(word: str) -> frozenset[str]:
    """Return the role nouns that name the same job as word, word included."""
    out = {word}
    for group in lexicon().role_synonyms:
        if word in group:
            out |= group
    return frozenset(out)


_TOKEN_RE = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")


def strip_accents(text: str) -> str:
    """Return text with combining accents removed ("Séjourné" -> "Sejourne")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def key_tokens(name: str) -> list[str]:
    """Split a name into lowercase accent-free word tokens without honorifics or a leading article."""
    text = strip_accents(name).lower().replace("’", "'")
    text = re.sub(r"'s\b", "", text)
    tokens = _TOKEN_RE.findall(text)
    honorifics = lexicon().honorifics
    while tokens and (tokens[0] in honorifics or tokens[0] in {"the", "a", "an"}):
        tokens = tokens[1:]
    return tokens


def speaker_key(name: str) -> str:
    """Normalise a speaker name: lowercase, accents stripped, honorifics (Mr., Dr., ...) removed."""
    return " ".join(key_tokens(name))


def same_speaker(a: str, b: str) -> bool:
    """Tell whether two speaker names denote the same speaker ("Sejourne" == "Stéphane Séjourné")."""
    ta, tb = key_tokens(a), key_tokens(b)
    if not ta or not tb:
        return False
    if ta == tb:
        return True
    if ta[-1] != tb[-1]:
        return False
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    # A bare surname matches any full name ending in it.
    if len(short) == 1:
        return True
    # Otherwise every other word of the shorter name must fit the longer one, an initial matching a word.
    rest_long = long_[:-1]
    for word in short[:-1]:
        if word in rest_long:
            continue
        if len(word) == 1 and any(w.startswith(word) for w in rest_long):
            continue
        return False
    return True
