"""Speaker names: normalisation, alias matching and the generic lexicons quote attribution relies on.

Everything here is article-independent: titles, honorifics, institution head nouns and the like are
closed-class English words, never names of particular people or bodies.
"""

from __future__ import annotations

import re
import unicodedata


def wordset(words: str) -> frozenset[str]:
    """Build a lexicon from a whitespace-separated word list."""
    return frozenset(words.split())


# Honorifics that precede a name but are not a role; the value is the gender they signal (None: neutral).
HONORIFICS: dict[str, str | None] = {
    "mr": "m",
    "mister": "m",
    "sir": "m",
    "lord": "m",
    "mrs": "f",
    "ms": "f",
    "miss": "f",
    "madam": "f",
    "madame": "f",
    "mme": "f",
    "dame": "f",
    "lady": "f",
    "mx": None,
    "dr": None,
    "prof": None,
    "professor": None,
    "rev": None,
    "hon": None,
}

# Head nouns of job titles and offices, used to recognise roles ("Italian Foreign Minister") and
# nominal references to a known person ("the minister", "the chief executive").
TITLE_WORDS = wordset(
    """
    president minister secretary chancellor premier governor mayor senator representative congressman
    congresswoman ambassador director chairman chairwoman chair chief executive officer ceo cfo coo cto
    founder co-founder cofounder spokesman spokeswoman spokesperson leader head commander general admiral
    colonel captain lieutenant sergeant judge justice prosecutor attorney counsel commissioner king queen
    prince princess pope bishop archbishop cardinal professor economist manager partner adviser advisor
    envoy deputy vice mp lawmaker sheriff inspector superintendent coach speaker treasurer editor
    researcher scientist author analyst president-elect chancellor-elect mayor-elect owner boss
    strategist negotiator minister-president physician doctor surgeon councillor councilor councilman
    councilwoman alderman administrator superintendent principal dean rector provost emir sheikh sultan
    monarch tsar czar ayatollah taoiseach chairperson vice-president vice-chair trustee steward
    marshal commissioner-general director-general secretary-general attorney-general solicitor barrister
    """
)

# Titles of heads of state or government: "the French leader" refers to whoever holds one of these.
LEADER_WORDS = wordset("president premier chancellor king queen emir sultan monarch taoiseach leader prime")

# Gendered role nouns give a person's gender when no pronoun does.
GENDERED_ROLE_WORDS: dict[str, str] = {
    "spokesman": "m",
    "spokeswoman": "f",
    "chairman": "m",
    "chairwoman": "f",
    "congressman": "m",
    "congresswoman": "f",
    "councilman": "m",
    "councilwoman": "f",
    "businessman": "m",
    "businesswoman": "f",
    "king": "m",
    "queen": "f",
    "prince": "m",
    "princess": "f",
    "actress": "f",
    "sultan": "m",
    "emir": "m",
}

# Head nouns that make a noun phrase an institution rather than a person ("the Italian government").
ORG_HEADS = wordset(
    """
    government ministry department agency company firm corporation corp group council commission office
    embassy consulate police army navy military parliament court committee party bank union administration
    authority authorities board cabinet presidency palace regulator watchdog tribunal organisation
    organization institute university foundation federation club team airline bureau service services
    kremlin pentagon ministries directorate secretariat assembly senate congress legislature prosecutors
    prosecution campaign coalition alliance league association network newspaper broadcaster channel
    agency inc ltd plc llc co hospital school district county city state municipality opposition junta
    regime mission delegation
    """
)

# Endings of nouns for a collective body of officials ("directorate", "protectorate",
# "secretariat", "commissariat"): such a noun is an institution even when the lexicon above does not list it.
INSTITUTION_SUFFIXES = ("orate", "ariat")


def is_institution_noun(lemma: str) -> bool:
    """Tell whether a lowercase noun lemma names an institution rather than a person."""
    return lemma in ORG_HEADS or (len(lemma) > 7 and lemma.endswith(INSTITUTION_SUFFIXES))


# Role nouns that name the same job: "the doctor" refers back to a person introduced as "a physician".
ROLE_SYNONYMS = (
    wordset("doctor physician medic clinician surgeon gp"),
    wordset("lawyer attorney counsel solicitor barrister advocate"),
    wordset("spokesman spokeswoman spokesperson"),
    wordset("reporter journalist correspondent"),
    wordset("teacher instructor tutor"),
    wordset("priest pastor vicar cleric"),
)


def role_synonyms(word: str) -> frozenset[str]:
    """Return the role nouns that name the same job as word, word included."""
    out = {word}
    for group in ROLE_SYNONYMS:
        if word in group:
            out |= group
    return frozenset(out)


# Well-known metonyms for governments, usable without a head noun ("the White House said").
ORG_METONYMS = frozenset(
    {"kremlin", "white house", "pentagon", "elysee", "downing street", "whitehall", "vatican", "quai d'orsay"}
)

# Heads of noun phrases that describe a source without naming it ("a senior official").
UNNAMED_HEADS = wordset(
    """
    source sources official officials spokesman spokeswoman spokesperson diplomat diplomats person people
    aide aides insider insiders analyst analysts expert experts witness witnesses resident residents
    lawmaker lawmakers observer observers critic critics employee employees member members worker workers
    officer officers executive executives investor investors activist activists protester protesters
    someone man woman men women voter voters farmer farmers student students staff scientist scientists
    researcher researchers doctor doctors leaders leader colleague colleagues friend friends neighbour
    neighbours neighbor neighbors relative relatives acquaintance acquaintances associate associates
    confidant confidante ally allies customer customers regular regulars
    """
)

# People who speak for someone else: "X's lawyer" is whoever the article introduced as representing X.
REPRESENTATIVE_HEADS = wordset(
    """
    lawyer lawyers attorney attorneys counsel solicitor barrister advocate spokesman spokeswoman
    spokesperson representative agent publicist
    """
)

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
    while tokens and (tokens[0] in HONORIFICS or tokens[0] in {"the", "a", "an"}):
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
