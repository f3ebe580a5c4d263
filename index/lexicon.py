"""The closed-class word lists quote extraction and speaker matching use, read from `data/lexicon.toml`.

One data file holds every list (speech verbs, titles, honorifics, unnamed-source heads, organisation
heads, ...) so a word is added in one place and the lists can be read, or reused, without the code.
The file is read on first use, not at import, and once per process.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Any

_GENDERS = {"male": "m", "female": "f", "neutral": None}
_ORDERED = frozenset({"anonymity_phrases", "agent_endings", "institution_suffixes"})


@dataclass(frozen=True)
class Lexicon:
    """Every word list: frozensets; tuples for groups and patterns; mappings where a word carries a value."""

    # speech verbs
    direct_cue_fallback: frozenset[str]  # verbs of saying when textacy's list cannot be imported
    direct_cue_extras: frozenset[str]  # added to textacy's REPORTING_VERBS for direct quotes
    direct_cue_drops: frozenset[str]  # taken out of it
    bare_cues: frozenset[str]  # cues only with no object or infinitive of their own ("continued")
    tag_cues: frozenset[str]  # manner of speaking ("shouted"): a cue only right beside its quote
    phrasal_tag_cues: frozenset[str]  # "shoot back": lemma and particle, a tag like tag_cues
    indirect_cues: frozenset[str]
    answering_verbs: frozenset[str]  # "she replied" after "Lee asked Roe": the one asked answers
    asking_verbs: frozenset[str]  # "Lee pressed Roe": the object is the one asked
    prompting_verbs: frozenset[str]  # "was asked by X, “…?”": the passive's agent speaks
    directive_cues: frozenset[str]
    denial_cues: frozenset[str]
    audience_cues: frozenset[str]
    naming_verbs: frozenset[str]
    represent_verbs: frozenset[str]
    prep_content_cues: Mapping[str, frozenset[str]]  # verb -> prepositions introducing what was said
    reporting_verbs: frozenset[str]  # verbs of saying, as the question side matches them (all forms)
    opinion_verbs: frozenset[str]  # verbs of holding a view ("what did X think of …")
    irregular_forms: Mapping[str, tuple[str, ...]]  # verb -> its forms other than the base
    attribution_present: frozenset[str]  # present forms an attribution takes ("he says")
    phrase_verbs: frozenset[str]  # verbs whose quoted phrases are their subject's words
    phrasal_speech_verbs: frozenset[str]  # "go on", "go after": lemma and particle
    speech_nouns: frozenset[str]
    light_speech_verbs: frozenset[str]
    quoting_verbs: frozenset[str]  # "quoted X as saying": X says it
    back_reference_verbs: frozenset[str]  # "That is how X put it": the sentence after a quote names it
    back_reference_nouns: frozenset[str]  # "That was the assessment of X": words pointed back at
    title_abbreviations: frozenset[str]  # "Sgt.": kept one token by the tokenizer
    # things that say things
    label_outlet_words: frozenset[str]  # "Jane Roe on Twitter: “…”": the name ends before them
    document_sources: frozenset[str]
    issued_docs: frozenset[str]
    issuing_verbs: frozenset[str]  # put out a text or recording: its words are the subject's
    title_verbs: frozenset[str]  # "a memo titled “…”": the title is the words of whoever issued the text
    channel_nouns: frozenset[str]
    claim_nouns: frozenset[str]
    anonymity_phrases: tuple[str, ...]  # regular expressions
    # people
    title_words: frozenset[str]
    leader_words: frozenset[str]
    unnamed_heads: frozenset[str]
    epithet_words: frozenset[str]
    representative_heads: frozenset[str]
    representative_groups: tuple[frozenset[str], ...]
    role_synonyms: tuple[frozenset[str], ...]
    neutral_modifiers: frozenset[str]
    past_role_words: frozenset[str]  # "former": a role held before
    contrast_modifiers: frozenset[str]  # "the other candidate": not the person just named
    party_members: tuple[frozenset[str], ...]  # "r", "republican", "gop": one party's members
    state_abbreviations: tuple[frozenset[str], ...]  # {"la", "louisiana"}: AP's abbreviation and the state
    new_role_words: frozenset[str]  # "newly (elected)": a role only now taken
    agent_endings: tuple[str, ...]
    non_agent_nouns: frozenset[str]
    name_particles: frozenset[str]
    name_suffixes: frozenset[str]
    honorifics: Mapping[str, str | None]  # honorific -> the gender it signals ("m", "f"), None if neutral
    gendered_role_words: Mapping[str, str]  # role noun -> "m" or "f"
    child_words: frozenset[str]
    kin_words: Mapping[str, str | None]  # family noun -> "m", "f" or None ("wife", "cousin")
    given_names: Mapping[str, str | None]  # first name -> "m" or "f", a prior for he/she
    pronouns_male: frozenset[str]
    pronouns_female: frozenset[str]
    # organisations
    org_heads: frozenset[str]
    institution_suffixes: tuple[str, ...]
    org_metonyms: frozenset[str]
    generic_org_refs: frozenset[str]
    body_nouns: frozenset[str]
    public_body_words: frozenset[str]


@functools.cache
def lexicon() -> Lexicon:
    """Return the word lists, read from the packaged data file on first call."""
    data = tomllib.loads(resources.files("index").joinpath("data/lexicon.toml").read_text(encoding="utf-8"))
    return parse_lexicon(data)


def parse_lexicon(data: Mapping[str, Any]) -> Lexicon:
    """Build the record from the parsed TOML tables (speech, sources, people, organisations)."""
    flat: dict[str, Any] = {}
    for table in ("speech", "sources", "people", "organisations"):
        flat.update(data[table])
    pronouns = flat.pop("pronouns")
    fields: dict[str, Any] = {
        "prep_content_cues": MappingProxyType(
            {k: frozenset(v) for k, v in flat.pop("prep_content_cues").items()}
        ),
        "irregular_forms": MappingProxyType({k: tuple(v) for k, v in flat.pop("irregular_forms").items()}),
        "honorifics": _by_gender(flat.pop("honorifics")),
        "gendered_role_words": _by_gender(flat.pop("gendered_role_words")),
        "kin_words": _by_gender(flat.pop("kin_words")),
        "given_names": _by_gender(flat.pop("given_names")),
        "pronouns_male": frozenset(pronouns["male"]),
        "pronouns_female": frozenset(pronouns["female"]),
    }
    for name, value in flat.items():
        if name in _ORDERED:  # patterns and suffixes keep their order
            fields[name] = tuple(value)
        elif value and isinstance(value[0], list):  # groups of words
            fields[name] = tuple(frozenset(group) for group in value)
        else:
            fields[name] = frozenset(value)
    return Lexicon(**fields)


@functools.cache
def speech_forms(opinions: bool = False, attributions: bool = False) -> tuple[str, ...]:
    """Return every form of the reporting verbs (and the opinion verbs), longest first for regexes.

    `attributions`: only the forms an attribution takes ("…, she said", "…, he says"): past forms and
    `attribution_present`; the base and -s forms are nouns too often ("peace talks", "a call").
    """
    lex = lexicon()
    verbs = lex.reporting_verbs | (lex.opinion_verbs if opinions else frozenset())
    forms = {f for v in verbs for f in (v, *(lex.irregular_forms.get(v) or _regular_forms(v)))}
    if attributions:
        past = {f for f in forms if f not in verbs and not f.endswith(("s", "ing"))}
        forms = past | lex.attribution_present
    return tuple(sorted(forms, key=lambda f: (-len(f), f)))


def _regular_forms(verb: str) -> tuple[str, str]:
    """Inflect a regular verb: -s and -ed ("note" → notes, noted; "stress" → stresses, stressed)."""
    third = verb + ("es" if verb.endswith(("s", "sh", "ch", "x", "z")) else "s")
    return third, (verb + "d" if verb.endswith("e") else verb + "ed")


def _by_gender(table: Mapping[str, list[str]]) -> Mapping[str, str | None]:
    """Invert {"male": [...], "female": [...], "neutral": [...]} into word -> "m" / "f" / None."""
    return MappingProxyType({w: _GENDERS[gender] for gender, words in table.items() for w in words})
