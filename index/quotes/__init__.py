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
  ``indirect`` records.

Nothing here is specific to an article: the lexicons are closed-class English words.
"""

from __future__ import annotations

import bisect
import functools
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from spacy.tokens import Doc, Token

from index.lexicon import lexicon
from index.quotes.page import read_page
from index.speakers import (
    is_institution_noun,
    key_tokens,
    role_synonyms,
    same_speaker,
    speaker_key,
    strip_accents,
)

__all__ = ["Quote", "extract_quotes", "same_speaker", "speaker_key"]

log = logging.getLogger(__name__)

SpeakerType = Literal["person", "organization", "unnamed"]


@dataclass(frozen=True)
class Quote:
    """One attributed quotation: who said it, in what role, and where it sits in the article text."""

    speaker: str
    role: str | None
    quote: str
    kind: Literal["direct", "indirect"]
    start: int
    end: int
    speaker_type: SpeakerType


# --- grammar ------------------------------------------------------------------------------------------
# Word lists live in index/data/lexicon.toml (index.lexicon); punctuation and parser labels stay here.

# Dependents that may open a clause before a parenthetical cue ("In May, she said, she …").
_FRONTED_DEPS = frozenset({"prep", "advmod", "advcl", "npadvmod", "punct", "cc"})
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
_TERMINATORS = frozenset({".", "!", "?", ";"})
_OPENERS = "“„«"
_CLOSERS = "”»"
_MARK_RE = re.compile(r"[“”„«»\"]")
# A quote ending in one of these ('…,” he said') is followed by its attribution.
_SOFT_END = set(",?!—–-…:")
_MAX_LINE_TOKENS = 12
# Dependents left out of a speaker noun phrase and of a role phrase, and clauses left out at any depth.
_NP_DROP = frozenset({"relcl", "acl", "appos", "advcl", "punct", "cc", "conj", "parataxis"})
_ROLE_DROP = frozenset({"relcl", "acl", "appos", "punct"})
_DEEP_DROP = frozenset({"relcl", "advcl", "parataxis", "appos", "acl"})


@functools.cache
def _direct_cues() -> frozenset[str]:
    """Return the cue verbs for direct quotes: textacy's REPORTING_VERBS with the lexicon's changes."""
    lex = lexicon()
    verbs, _ = _textacy()
    return frozenset((set(verbs or lex.direct_cue_fallback) | lex.direct_cue_extras) - lex.direct_cue_drops)


@functools.cache
def _textacy() -> tuple[frozenset[str], Callable[[Doc], Iterable[Any]] | None]:
    """Return textacy's reporting verbs and direct-quotation extractor, imported on first use (about 1 s)."""
    try:
        from textacy.constants import REPORTING_VERBS  # noqa: PLC0415
        from textacy.extract.triples import direct_quotations  # noqa: PLC0415
    except Exception:  # textacy missing or reorganised: our own rules still run
        return frozenset(), None
    return frozenset(REPORTING_VERBS.get("en", ())), direct_quotations


@functools.cache
def _anonymity_re() -> re.Pattern[str]:
    """Return the pattern for phrases by which news copy marks a source it will not name."""
    return re.compile(r"\b(?:" + "|".join(lexicon().anonymity_phrases) + r")\b", re.IGNORECASE)


@dataclass
class _Spk:
    """A resolved speaker."""

    name: str
    type: SpeakerType
    person: int | None = None  # index into the person registry


@dataclass
class _Person:
    """One person the article names, with every alias merged."""

    name: str
    surname: str
    first: str | None
    role: str | None = None
    role_rank: tuple[bool, int] = (False, 0)
    role_vocab: set[str] = field(default_factory=set)  # words of every role phrase seen
    votes: dict[str, float] = field(default_factory=lambda: {"m": 0.0, "f": 0.0})
    mentions: list[int] = field(default_factory=list)  # head token indices outside quotes

    @property
    def gender(self) -> str | None:
        """Return "m", "f" or None when the article does not tell."""
        m, f = self.votes["m"], self.votes["f"]
        if m > f:
            return "m"
        if f > m:
            return "f"
        return None


_PLACE_OR_BODY = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC", "DATE", "TIME"})


def _norm_np_text(text: str) -> str:
    """Lowercase a leading article capitalised only because it starts a sentence."""
    text = " ".join(text.split())
    first, _, rest = text.partition(" ")
    if rest and first in {"The", "A", "An"}:
        return f"{first.lower()} {rest}"
    return text


def _agentive(lemma: str) -> bool:
    """Tell whether a noun looks like a person by its ending (worker, director, scientist, historian)."""
    return (
        len(lemma) > 4 and lemma.endswith(lexicon().agent_endings) and lemma not in lexicon().non_agent_nouns
    )


def _words(text: str) -> set[str]:
    """Return the normalised words of text, hyphenated compounds also split ("centre-back" -> back)."""
    words = set(key_tokens(text))
    for w in list(words):
        if "-" in w:
            words.update(w.split("-"))
    return words


# --- the extractor --------------------------------------------------------------------------------------


class _Extractor:
    """State for one article; `run` returns the records."""

    def __init__(self, doc: Doc) -> None:
        self.cues = _direct_cues()
        page = read_page(doc)
        self.page = page
        self.doc = doc
        self.text = page.text
        self.tok_starts = page.layout.tok_starts
        self.paras = page.paras
        self.para_starts = page.layout.para_starts
        self.para_of = page.para_of
        self.sent_of = page.sent_of
        self.segs = page.segs
        self.seg_of = page.seg_of
        self.segs_in_para = page.segs_in_para
        self.persons: list[_Person] = []
        self.mention_of: dict[int, int] = {}  # token index -> person index
        self.resolved: dict[int, _Spk | None] = {}
        self.resolved_order: list[tuple[int, _Spk]] = []
        self.speaker_lines: dict[int, int] = {}  # paragraph -> person index
        # Singular unnamed sources that spoke ("a longtime neighbour"), by head token, with their gender
        # when the article tells ("because she feared a lawsuit"): "she added" may refer back to one.
        self.unnamed_gender: dict[int, str | None] = {}
        # client person -> [(token, representative person)]: "Y, who has represented X, …".
        self.representations: dict[int, list[tuple[int, int]]] = {}
        self.name_spans: list[list[Token]] = []  # every name mention outside quotes
        self.nicknames: dict[str, int] = {}  # speaker_key of a nickname -> person ("the Hammer")
        self.ents_by_tok = page.ents_by_tok

    # --- layout -------------------------------------------------------------------------------------------

    def _para_gap(self, a: int, b: int) -> int:
        """Return how many paragraphs token `b` is after token `a`, not counting blank lines between."""
        lo, hi = self.para_of[a], self.para_of[b]
        blank = sum(1 for p in range(lo + 1, hi) if not self.text[slice(*self.paras[p])].strip())
        return hi - lo - blank

    def _tok_at_or_after(self, char: int) -> int:
        return bisect.bisect_left(self.tok_starts, char)

    def _para_tokens(self, p: int) -> list[Token]:
        s, e = self.paras[p]
        i, j = self._tok_at_or_after(s), self._tok_at_or_after(e)
        return [t for t in self.doc[i:j] if not t.is_space]

    def _in_quote(self, tok: Token) -> bool:
        return self.seg_of[tok.i] >= 0

    def _same_para(self, a: Token, b: Token) -> bool:
        return self.para_of[a.i] == self.para_of[b.i]

    # --- quotation marks ----------------------------------------------------------------------------------

    # --- people -------------------------------------------------------------------------------------------

    def _clean_name(self, toks: list[Token]) -> list[Token]:
        """Trim titles, honorifics, possessives and line breaks from an entity to leave the bare name."""
        # Stop at a line break: entities sometimes run into the next paragraph.
        for k, t in enumerate(toks):
            if t.is_space or "\n" in t.text_with_ws[: len(t.text)]:
                toks = toks[:k]
                break
        # Drop everything up to the last leading title word ("Foreign Minister Antonio Tajani").
        last_title = -1
        for k, t in enumerate(toks[:-1]):
            low = t.lower_.rstrip(".")
            if (
                low in lexicon().title_words
                or low in lexicon().honorifics
                or self.ents_by_tok.get(t.i) == "NORP"
            ):
                last_title = k
        toks = toks[last_title + 1 :]
        # Cut a trailing title that NER swallowed ("Stephane Sejourne French Foreign Minister").
        for k, t in enumerate(toks):
            if k == 0:
                continue
            low = t.lower_.rstrip(".")
            # Lowercase surname particles ("Pieter de Wit", "Lotte van den Bosch") belong to the name.
            j = k
            while j < len(toks) and toks[j].is_lower and toks[j].lower_ in lexicon().name_particles:
                j += 1
            particle = j > k and j < len(toks) and toks[j].text[:1].isupper()
            if (
                low in lexicon().title_words
                or self.ents_by_tok.get(t.i) == "NORP"
                or (t.is_lower and not particle)
            ):
                toks = toks[:k]
                break
        while toks and (toks[-1].tag_ == "POS" or toks[-1].is_punct or toks[-1].lower_ in {"'s", "’s"}):
            toks = toks[:-1]
        if not toks or not toks[-1].text[:1].isupper():
            return []
        return toks

    def _add_person(self, name_toks: list[Token], in_quote: bool) -> int | None:
        """Register a mention of a named person, merging it into an existing person by surname."""
        name = self._tokens_text(name_toks)
        words = key_tokens(name)
        if not words:
            return None
        surname = words[-1]
        # "van den Bosch" has no first name: a leading particle belongs to the surname.
        first = words[0] if len(words) > 1 and words[0] not in lexicon().name_particles else None
        pid = None
        for k in range(len(self.persons) - 1, -1, -1):
            person = self.persons[k]
            if person.surname != surname:
                continue
            # Two different first names with one surname are two people ("Ann Lee" vs "Tom Lee").
            if (
                first
                and person.first
                and first != person.first
                and not (len(first) == 1 and person.first.startswith(first))
            ):
                continue
            pid = k
            break
        if pid is None:
            pid = len(self.persons)
            self.persons.append(_Person(name=name, surname=surname, first=first))
        person = self.persons[pid]
        if len(words) > len(key_tokens(person.name)):
            person.name, person.first = name, first
        head = name_toks[-1]
        for t in name_toks:
            self.mention_of[t.i] = pid
        if not in_quote:
            person.mentions.append(head.i)
            self.name_spans.append(name_toks)
        return pid

    def _tokens_text(self, toks: list[Token]) -> str:
        """Return the article's own spelling of a token run ("Ait-Kaci", not "Ait - Kaci").

        Joining token texts with spaces would put spaces inside hyphenated or apostrophised names; the
        whitespace between consecutive tokens comes from the document instead, and a gap in the run
        (a dropped title) becomes one space.
        """
        parts: list[str] = []
        for n, t in enumerate(toks):
            if n + 1 < len(toks):
                parts.append(t.text_with_ws if toks[n + 1].i == t.i + 1 else t.text + " ")
            else:
                parts.append(t.text)
        return " ".join("".join(parts).split())

    def _collect_people(self) -> None:
        """Build the person registry from NER, speaker lines and surname repeats, with roles and gender."""
        doc = self.doc
        self._collect_org_names()
        spans: list[list[Token]] = []
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                toks = self._clean_name(self._with_particles(list(ent)))
                # NER often tags a company's short name as a person ("Lumora" beside "Lumora Systems").
                if toks and not (len(toks) == 1 and toks[0].text in self.org_alias):
                    spans.append(toks)
        for toks in spans:
            self._add_person(toks, self._in_quote(toks[-1]))
        # The small model misses or mislabels names (as ORG) often enough; a capitalised run right
        # after a title or honorific ("Chief executive Marcus Hale", "Mr. Lenkas") is a person's name.
        for run in self._titled_name_runs():
            self._add_person(run, self._in_quote(run[-1]))
        # "Its chairman, Ana Ruiz, said": a name in apposition to a role noun is a person's,
        # however NER tagged it (it often calls such names an organisation after a union's name).
        for run in self._appositive_name_runs():
            self._add_person(run, self._in_quote(run[-1]))
        # Speaker lines ("Stephane Sejourne French Foreign Minister") name people NER may have missed.
        for p in range(len(self.paras)):
            line = self._speaker_line(p)
            if line:
                name_toks, role_toks = line
                pid = self._add_person(name_toks, False)
                if pid is not None:
                    self.speaker_lines[p] = pid
                    if role_toks:
                        self._offer_role(pid, role_toks)
        # A known surname tagged as ORG/GPE or left untagged is still that person ("Macron’s").
        surnames = {p.surname for p in self.persons}
        for t in doc:
            # The tagger sometimes calls a repeated surname a noun ("Dufresne said …").
            if t.i in self.mention_of or t.pos_ not in {"PROPN", "NOUN"} or not t.text[:1].isupper():
                continue
            run = self._hyphenated_run(t)
            if run[-1].i in self.mention_of:
                continue
            text = self._tokens_text(run)
            if strip_accents(text).lower() in surnames and text not in self.org_alias:
                self._add_person(run, self._in_quote(t))
        self._collect_nicknames()
        for name in self.name_spans:
            self._roles_around(name)
        self._collect_representations()
        self._gender_votes()

    def _appositive_name_runs(self) -> list[list[Token]]:
        """Find two- or three-word proper-noun runs in apposition to a noun for a kind of person."""
        runs: list[list[Token]] = []
        for t in self.doc:
            lemma = t.lemma_.lower()
            person_like = (
                lemma in lexicon().title_words or lemma in lexicon().unnamed_heads or _agentive(lemma)
            )
            if t.pos_ != "NOUN" or not person_like or self._in_quote(t):
                continue
            for c in t.children:
                if c.dep_ != "appos" or c.pos_ != "PROPN" or not self._same_para(c, t) or self._in_quote(c):
                    continue
                lo = c.i
                while lo - 1 >= 0 and self.doc[lo - 1].dep_ == "compound" and self.doc[lo - 1].head.i == c.i:
                    lo -= 1
                run = list(self.doc[lo : c.i + 1])
                ok = all(
                    u.pos_ == "PROPN"
                    and u.text[:1].isupper()
                    and u.i not in self.mention_of
                    and u.lower_.rstrip(".") not in lexicon().title_words
                    and self.ents_by_tok.get(u.i) not in {"GPE", "NORP", "LOC", "DATE", "TIME", "FAC"}
                    for u in run
                )
                # NER may have made the name itself an organisation; only a longer one ("Redfern Group")
                # shows the words belong to a company.
                alias = self.org_alias.get(run[0].text)
                if ok and 2 <= len(run) <= 3 and (alias is None or alias == self._tokens_text(run)):
                    runs.append(run)
        return runs

    def _appositive_person(self, head: Token) -> int | None:
        """Return the person named in apposition to a noun ("a bank adviser, Ana Ruiz,")."""
        # A capitalised title is a noun too ("Aldmark's State Secretary for Foreign Affairs, Ana Ruiz,").
        named = self.ents_by_tok.get(head.i) in {"PERSON", "ORG", "GPE", "NORP", "FAC"}
        if head.pos_ != "NOUN" and (head.pos_ != "PROPN" or named or self.mention_of.get(head.i) is not None):
            return None
        # "The leader of the opposition National Union, Radomir Kosta, said": the parser hangs the name
        # on the organisation the role belongs to, which is no person.
        owners = [
            o
            for p in head.children
            if p.dep_ == "prep" and p.lower_ == "of"
            for o in p.children
            if o.dep_ == "pobj" and self.mention_of.get(o.i) is None
        ]
        for noun in [head, *owners]:
            for c in noun.children:
                if c.dep_ == "appos" and self._same_para(c, head) and not self._in_quote(c):
                    pid = self.mention_of.get(c.i)
                    if pid is not None:
                        return pid
        return None

    def _collect_nicknames(self) -> None:
        """Record nicknames the article gives people ("calling Moreau “the Hammer”", "known as …").

        A later "the Hammer said" is that person; NER may have made the nickname a person of its own,
        whose mentions are merged into the person it names.
        """
        for verb in self.doc:
            if verb.lemma_.lower() not in lexicon().naming_verbs or self._in_quote(verb):
                continue
            if verb.dep_ == "acl" and verb.head.i in self.mention_of:  # "Moreau, nicknamed “the Hammer”"
                named: Token | None = verb.head
            else:
                named = next(
                    (c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"} and c.i in self.mention_of),
                    None,
                )
            if named is None:
                continue
            nick = next((c for c in verb.children if c.dep_ == "oprd"), None)
            if nick is None:  # "known as “the Hammer”"
                as_ = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"), None)
                nick = next((g for g in as_.children if g.dep_ == "pobj"), None) if as_ is not None else None
            if nick is None or not self._same_para(nick, verb):
                continue
            # Only a quoted or capitalised phrase is a nickname: "named her chief executive" is a role.
            if self._in_quote(nick):
                seg = self.segs[self.seg_of[nick.i]]
                text = self.text[seg.start : seg.end].rstrip(".,!?")
                if len(text.split()) > 4:
                    continue
            elif nick.pos_ == "PROPN" and nick.text[:1].isupper():
                text = self._np_text(self._np(nick))
            else:
                continue
            key = speaker_key(text)
            # A nickname is a proper name ("the Hammer"); "called Smith “a liar”" is an insult.
            words = text.split()
            if key and words[-1][:1].isupper():
                self.nicknames[key] = self.mention_of[named.i]
        for pid, person in enumerate(self.persons):
            target = self.nicknames.get(speaker_key(person.name))
            if target is None or target == pid:
                continue
            for i, q in list(self.mention_of.items()):
                if q == pid:
                    self.mention_of[i] = target
            self.persons[target].mentions = sorted(self.persons[target].mentions + person.mentions)
            person.mentions = []

    def _hyphenated_run(self, t: Token) -> list[Token]:
        """Return t with any "-Word" parts written onto it ("Mensah" "-" "Boateng"), else [t]."""
        run = [t]
        j = t.i
        while (
            j + 2 < len(self.doc)
            and self.doc[j].text_with_ws == self.doc[j].text
            and self.doc[j + 1].text == "-"
            and self.doc[j + 1].text_with_ws == "-"
            and self.doc[j + 2].text[:1].isupper()
        ):
            run += [self.doc[j + 1], self.doc[j + 2]]
            j += 2
        return run

    def _collect_representations(self) -> None:
        """Record who is introduced as representing whom ("Y, who has represented X since May")."""
        for t in self.doc:
            if t.pos_ != "VERB" or t.lemma_.lower() not in lexicon().represent_verbs or self._in_quote(t):
                continue
            clients = {
                self.mention_of[c.i] for c in t.children if c.dep_ == "dobj" and c.i in self.mention_of
            }
            if t.dep_ in {"relcl", "acl"}:  # "Y, who has represented X" / "Y, representing X"
                agent: Token | None = t.head
            else:
                agent = next((c for c in t.children if c.dep_ == "nsubj"), None)
            rep = self.mention_of.get(agent.i) if agent is not None else None
            for client in clients:
                if rep is not None and rep != client:
                    self.representations.setdefault(client, []).append((t.i, rep))

    def _with_particles(self, toks: list[Token]) -> list[Token]:
        """Extend a name across lowercase surname particles NER cut it at ("Lotte van" + "den Bosch")."""
        last = toks[-1]
        j = last.i + 1
        while j < len(self.doc) and self.doc[j].is_lower and self.doc[j].lower_ in lexicon().name_particles:
            j += 1
        ends_in_particle = last.is_lower and last.lower_ in lexicon().name_particles
        if (j > last.i + 1 or ends_in_particle) and j < len(self.doc):
            surname = self.doc[j]
            if surname.pos_ == "PROPN" and surname.text[:1].isupper() and self._same_para(surname, last):
                return list(self.doc[toks[0].i : j + 1])
        return toks

    def _titled_name_runs(self) -> list[list[Token]]:
        """Find capitalised 1-3 word runs that follow a title or honorific and are not yet a person."""
        runs: list[list[Token]] = []
        doc = self.doc
        k = 0
        while k < len(doc):
            t = doc[k]
            low = t.lower_.rstrip(".")
            # "the critic Julia Marsh": a singular noun for a kind of person introduces a name too, which
            # the small model often tags as an organisation; only a two-word name counts after one.
            describer = t.pos_ == "NOUN" and t.tag_ == "NN" and t.lemma_.lower() in lexicon().unnamed_heads
            introduces = low in lexicon().title_words or low in lexicon().honorifics or describer
            # A title inside an organisation's name ("General Motors") introduces no person.
            if not introduces or self.ents_by_tok.get(k) in {"ORG", "FAC"}:
                k += 1
                continue
            run: list[Token] = []
            j = k + 1
            while j < len(doc) and len(run) < 4:
                u = doc[j]
                ok = (
                    u.pos_ == "PROPN"
                    and u.text[:1].isupper()
                    and u.lower_.rstrip(".") not in lexicon().title_words
                    and u.lower_.rstrip(".") not in lexicon().honorifics
                    and self.ents_by_tok.get(u.i) not in {"GPE", "DATE", "TIME", "NORP", "LOC", "CARDINAL"}
                    and self.para_of[u.i] == self.para_of[t.i]
                )
                if not ok:
                    break
                run.append(u)
                j += 1
            # A single word after a title is a surname unless it starts a known organisation's name.
            if (
                describer
                and low not in lexicon().title_words
                and (len(run) < 2 or any(u.lower_ in lexicon().org_heads for u in run))
            ):
                run = []
            if (
                1 <= len(run) <= 3
                and not any(u.i in self.mention_of for u in run)
                and (len(run) > 1 or run[0].text not in self.org_alias)
            ):
                runs.append(run)
            k = max(j, k + 1)
        return runs

    def _collect_org_names(self) -> None:
        """Map each word of a multi-word organisation name to the full name ("Lumora" -> "Lumora Systems")."""
        self.org_alias: dict[str, str] = {}
        for ent in self.doc.ents:
            if ent.label_ != "ORG":
                continue
            toks = [t for t in ent if not t.is_space and t.tag_ != "POS" and not t.is_punct]
            if len(toks) < 2 or (toks[0].lower_ == "the" and len(toks) < 3):
                continue
            name = self.text[toks[0].idx : toks[-1].idx + len(toks[-1])]
            # Only the first word: "Harwell" stands for "Harwell Securities", "Securities" does not.
            first = toks[1] if toks[0].lower_ == "the" else toks[0]
            if first.pos_ == "PROPN" and len(name) > len(self.org_alias.get(first.text, "")):
                self.org_alias[first.text] = name

    def _offer_role(self, pid: int, toks: list[Token]) -> None:
        """Record a role phrase for a person; the display role is the most title-like, then the longest."""
        while toks and (toks[0].lower_ in _DETERMINERS or toks[0].is_punct):
            toks = toks[1:]
        while toks and (toks[-1].is_punct or toks[-1].is_space):
            toks = toks[:-1]
        if not toks:
            return
        role = " ".join(self.text[toks[0].idx : toks[-1].idx + len(toks[-1])].split())
        person = self.persons[pid]
        words = _words(role)
        # A first name the parser hung before a surname ("Marco" + "Bellini") is part of the name, not a role.
        if words <= set(key_tokens(person.name)):
            return
        person.role_vocab |= words
        for w in words:
            g = lexicon().gendered_role_words.get(w)
            if g:
                person.votes[g] += 1
        rank = (bool(words & lexicon().title_words), len(role.split()))
        if person.role is None or rank > person.role_rank:
            person.role, person.role_rank = role, rank

    def _phrase(self, head: Token, drop_direct: frozenset[str] = _ROLE_DROP) -> list[Token]:
        """Return the contiguous phrase under head in its paragraph, outside quotes, minus dropped parts.

        drop_direct names dependents of head to leave out; clauses and appositions deeper down
        ("… at one of the mines, who asked not to be named") always go.
        """
        drop: set[int] = set()
        for t in head.subtree:
            if t.i == head.i or t.tag_ == "HYPH":  # hyphens are punctuation to the parser, not to us
                continue
            if (t.head.i == head.i and t.dep_ in drop_direct) or t.dep_ in _DEEP_DROP:
                drop.update(x.i for x in t.subtree)
        toks = [
            t
            for t in head.subtree
            if t.i not in drop and self._same_para(t, head) and not t.is_space and not self._in_quote(t)
        ]
        phrase = self._contiguous(toks, head)
        while phrase and phrase[-1].is_punct:
            phrase = phrase[:-1]
        while phrase and phrase[0].is_punct:
            phrase = phrase[1:]
        return phrase

    def _roles_around(self, name: list[Token]) -> None:
        """Read a role from a pre-name title or an apposition next to a name mention."""
        pid = self.mention_of.get(name[-1].i)
        if pid is None:
            return
        para = self.para_of[name[0].i]
        lo, hi = name[0].i, name[-1].i
        # Pre-name title: the modifiers the parser hangs on the name ("Italian Foreign Minister Antonio
        # Tajani", "Town engineer Raj Patel"), read leftwards while each one attaches inside the phrase.
        k = lo - 1
        pre: list[Token] = []
        while k >= 0 and self.para_of[k] == para:
            t = self.doc[k]
            low = t.lower_.rstrip(".")
            if low in lexicon().honorifics and not pre:
                g = lexicon().honorifics[low]
                if g:
                    self.persons[pid].votes[g] += 2
                k -= 1
                continue
            attaches = k < t.head.i <= hi and t.dep_ in {"compound", "amod", "nmod", "poss", "case", "nummod"}
            if attaches and not t.is_space and t.pos_ not in {"DET", "VERB", "AUX", "ADP", "PUNCT"}:
                pre.insert(0, t)
                k -= 1
                continue
            break
        while pre and (pre[0].tag_ == "POS" or pre[0].lower_.rstrip(".") in lexicon().honorifics):
            pre = pre[1:]
        if pre and any(t.pos_ in {"NOUN", "PROPN"} for t in pre):
            self._offer_role(pid, pre)
        elif lo > 0 and self._described_name(self.doc[lo - 1]) == pid:
            self._offer_role(pid, self._phrase(self.doc[lo - 1]))
        # Apposition after the name: "Ingrid Solberg, Lumora's chief executive, said".
        head = name[-1]
        for child in head.children:
            if child.dep_ == "appos" and child.pos_ == "NOUN" and self.para_of[child.i] == para:
                self._offer_role(pid, self._phrase(child))
        # Apposition before the name: "The chief executive of Lumora, Ingrid Solberg, said".
        if head.dep_ == "appos" and head.head.pos_ == "NOUN" and self._same_para(head.head, head):
            self._offer_role(pid, self._phrase(head.head))
        # "The leader of the opposition National Union, Radomir Kosta": the name hangs on the organisation.
        owner = head.head
        if head.dep_ == "appos" and owner.dep_ == "pobj" and owner.head.lower_ == "of":
            role = owner.head.head
            if role.pos_ == "NOUN" and self._same_para(role, head) and self.mention_of.get(owner.i) is None:
                self._offer_role(pid, [t for t in self._phrase(role) if t.i < lo])

    def _gender_votes(self) -> None:
        """Infer each person's gender from he/she in sentences where they are the only person named."""
        by_sent: dict[int, set[int]] = {}
        for t in self.doc:
            pid = self.mention_of.get(t.i)
            if pid is not None and not self._in_quote(t):
                by_sent.setdefault(self.sent_of[t.i], set()).add(pid)
        first_mention: dict[tuple[int, int], int] = {}
        for t in self.doc:
            pid = self.mention_of.get(t.i)
            if pid is not None and not self._in_quote(t):
                first_mention.setdefault((self.sent_of[t.i], pid), t.i)
        prev_people: set[int] = set()
        prev_sid = -1
        for t in self.doc:
            sid = self.sent_of[t.i]
            if sid != prev_sid:
                prev_people = by_sent.get(prev_sid, set()) if prev_sid >= 0 else set()
                prev_sid = sid
            low = t.lower_
            if self._in_quote(t) or (
                low not in lexicon().pronouns_male and low not in lexicon().pronouns_female
            ):
                continue
            g = "m" if low in lexicon().pronouns_male else "f"
            people = by_sent.get(sid, set())
            if len(people) == 1:
                pid = next(iter(people))
                if first_mention.get((sid, pid), t.i + 1) < t.i:
                    self.persons[pid].votes[g] += 1
            elif not people and len(prev_people) == 1:
                # The pronoun opens a sentence right after one naming a single person: weaker evidence.
                self.persons[next(iter(prev_people))].votes[g] += 0.5

    # --- lines --------------------------------------------------------------------------------------------

    def _seg_ends_para(self, p: int) -> bool:
        ks = self.segs_in_para.get(p)
        return bool(ks) and self.segs[ks[-1]].at_para_end

    def _speaker_line(self, p: int) -> tuple[list[Token], list[Token]] | None:
        """Recognise a name-and-title line next to a quote ("Stephane Sejourne French Foreign Minister")."""
        if p in self.segs_in_para:
            return None
        next_quoted = p + 1 < len(self.paras) and any(
            self.segs[k].at_para_start for k in self.segs_in_para.get(p + 1, [])[:1]
        )
        if not (p > 0 and self._seg_ends_para(p - 1)) and not next_quoted:
            return None
        toks = self._para_tokens(p)
        while toks and toks[0].is_punct:  # "— Name, Title"
            toks = toks[1:]
        if not toks or len(toks) > _MAX_LINE_TOKENS:
            return None
        if any(t.pos_ in {"VERB", "AUX"} for t in toks) or toks[-1].text in {".", "!", "?"}:
            return None
        while toks and toks[0].lower_.rstrip(".") in lexicon().honorifics:
            toks = toks[1:]
        if not toks:
            return None
        name: list[Token] = []
        ent = next((e for e in self.doc.ents if e.start <= toks[0].i < e.end), None)
        if ent is not None and ent.label_ == "PERSON" and ent.start == toks[0].i:
            # NER's person span, trimmed of any title it swallowed, is the best guess at the name.
            name = self._clean_name([t for t in ent if not t.is_space])
        if not name:
            for t in toks:
                low = t.lower_.rstrip(".")
                if (
                    t.pos_ == "PROPN"
                    and t.text[:1].isupper()
                    and low not in lexicon().title_words
                    and self.ents_by_tok.get(t.i) != "NORP"
                ):
                    name.append(t)
                    continue
                break
            # Without NER's word on it, a longer capitalised run is a first and last name followed by
            # the title's own proper nouns ("Linda Marsh Ashby Springs Fire Chief").
            name = name[:2]
        # One capitalised word is more often a heading than a name.
        if len(name) < 2:
            return None
        rest = toks[toks.index(name[-1]) + 1 :]
        while rest and rest[0].is_punct:
            rest = rest[1:]
        if rest and not any(t.lower_.rstrip(".") in lexicon().title_words for t in rest):
            return None
        return name, rest

    def _follow_on_cue(self, p: int) -> Token | None:
        """Return the cue of a bare attribution line such as "Macron added." or "she told reporters."."""
        if p in self.segs_in_para or p >= len(self.paras):
            return None
        toks = self._para_tokens(p)
        if not toks or len(toks) > 10:
            return None
        for t in toks:
            if t.pos_ == "VERB" and t.lemma_.lower() in self.cues:
                # A verb with its own clause reports new content: that is a statement, not a tag.
                if any(c.dep_ == "ccomp" and self._same_para(c, t) for c in t.children):
                    return None
                return t
        return None

    # --- attribution --------------------------------------------------------------------------------------

    def _is_cue(self, t: Token) -> bool:
        if t.lower_ == "according" and t.i + 1 < len(self.doc) and self.doc[t.i + 1].lower_ == "to":
            return True
        # "so-called" introduces a scare quote, not a speaker.
        if t.i >= 2 and self.doc[t.i - 1].text == "-" and self.doc[t.i - 2].lower_ == "so":
            return False
        return t.pos_ == "VERB" and t.lemma_.lower() in self.cues

    def _subject_of(self, cue: Token, region: list[Token] | None = None) -> Token | None:
        """Find the speaker head token for a cue verb, within the cue's paragraph and outside quotes."""
        ok = lambda c: self._same_para(c, cue) and not self._in_quote(c)  # noqa: E731
        if cue.lower_ == "according":
            for to in cue.children:
                for c in to.children:
                    if c.dep_ == "pobj" and ok(c):
                        return c
            nxt = self.doc[cue.i + 2] if cue.i + 2 < len(self.doc) else None
            return nxt if nxt is not None and ok(nxt) else None
        t = cue
        for depth in range(4):
            for c in t.children:
                if (c.dep_ == "nsubj" or (depth and c.dep_ == "nsubjpass")) and ok(c):
                    return c
            # Climb coordinated and subordinate verbs: "backtracked ... and said", "was quoted as saying".
            head = t.head.head if t.dep_ == "pcomp" else t.head
            if t.dep_ in {"conj", "xcomp", "advcl", "pcomp"} and head.i != t.i and self._same_para(head, t):
                t = head
            else:
                break
        if region:
            found = self._adjacent_np(cue, region)
            if found is not None:
                return found
        # "In mitigation, Holt's barrister, Idris Fenn, said …": the parser hangs the role on the opening
        # phrase and leaves the cue without a subject; a name right before the cue is the speaker.
        k = cue.i - 1
        while k >= 0 and self.doc[k].text == ",":
            k -= 1
        if (
            k >= 0
            and self.mention_of.get(k) is not None
            and self.sent_of[k] == self.sent_of[cue.i]
            and ok(self.doc[k])
        ):
            return self.doc[k]
        # "Nuno Gonçalves, general secretary of the union (RDU), told reporters …": the name before the role
        # set off by commas, when no verb stands between them.
        for j in range(cue.i - 1, -1, -1):
            t = self.doc[j]
            if self.sent_of[j] != self.sent_of[cue.i] or t.pos_ in {"VERB", "AUX"} or self._in_quote(t):
                break
            # The tagger misses some names here ("Nuno Gonçalves" as a work of art): a proper noun will do.
            named = self.mention_of.get(j) is not None or (
                t.pos_ == "PROPN" and self.ents_by_tok.get(j) not in _PLACE_OR_BODY
            )
            if named and self.doc[j + 1].text == "," and ok(t):
                return t
        return self._clause_initial_subject(cue)

    def _clause_initial_subject(self, cue: Token) -> Token | None:
        """Take the noun phrase opening the cue's sentence as its subject ("X backtracked and said").

        spaCy parses a paragraph break as if the sentence went on, which can leave a coordinated cue
        with its subject in the previous paragraph; the sentence-initial noun phrase is the fallback.
        """
        sid, para = self.sent_of[cue.i], self.para_of[cue.i]
        k = cue.i
        while k - 1 >= 0 and self.sent_of[k - 1] == sid and self.para_of[k - 1] == para:
            k -= 1
        toks = [t for t in self.doc[k : cue.i] if not t.is_space]
        head = None
        for n, t in enumerate(toks):
            if head is None and t.pos_ in {"DET", "ADJ", "NUM"}:
                continue
            if t.pos_ in {"NOUN", "PROPN"} and not self._in_quote(t):
                head = t
                continue
            if t.lower_ in {"he", "she", "they", "it"} and head is None:
                head = t
                continue
            # Only a noun phrase followed by its verb is a subject.
            rest = toks[n:]
            while rest and rest[0].pos_ in {"ADV", "PART"}:
                rest = rest[1:]
            if head is not None and rest and rest[0].pos_ in {"VERB", "AUX"}:
                return head
            return None
        return None

    def _adjacent_np(self, cue: Token, region: list[Token]) -> Token | None:
        """Fall back on the noun phrase right after ("said X") or right before ("X said") the cue."""
        idx = {t.i for t in region}
        nouny = {"PROPN", "NOUN", "PRON"}
        k = cue.i + 1
        head = None
        # "told reporters": whom a speaker tells is never the speaker.
        while (
            k in idx
            and cue.lemma_.lower() not in lexicon().audience_cues
            and self.doc[k].pos_ in nouny | {"DET", "ADJ"}
        ):
            if self.doc[k].pos_ in nouny and self.ents_by_tok.get(k) not in {"DATE", "TIME"}:
                head = self.doc[k]
            k += 1
        if head is not None:
            return head
        k = cue.i - 1
        while k in idx and self.doc[k].pos_ in {"ADV", "AUX", "PART"}:
            k -= 1
        if k in idx and self.doc[k].pos_ in nouny:
            return self.doc[k]
        return None

    def _region(self, start_char: int, end_char: int) -> list[Token]:
        i, j = self._tok_at_or_after(start_char), self._tok_at_or_after(end_char)
        return [t for t in self.doc[i:j] if not t.is_space and self.seg_of[t.i] < 0]

    def _own_attribution(self, k: int) -> tuple[Token | None, bool]:
        """Attribute segment k from the clause touching it; return (speaker head, cue found)."""
        seg = self.segs[k]
        ks = self.segs_in_para[seg.para]
        pos = ks.index(k)
        ps, pe = self.paras[seg.para]
        before_from = self.segs[ks[pos - 1]].outer_end if pos else ps
        after_to = self.segs[ks[pos + 1]].open_pos if pos + 1 < len(ks) else pe
        before = self._region(before_from, seg.open_pos)
        after = self._region(seg.outer_end, after_to)
        # Only the clause that touches the quote counts: cut at the nearest sentence terminator.
        for n, t in enumerate(after):
            if t.text in _TERMINATORS:
                after = after[:n]
                break
        for n in range(len(before) - 1, -1, -1):
            if before[n].text in _TERMINATORS:
                before = before[n + 1 :]
                break
        after_cue = next((t for t in after[:16] if self._is_cue(t)), None)
        before_cue = next((t for t in reversed(before) if self._is_cue(t)), None)
        order = [(after_cue, after), (before_cue, before)]
        if not (after_cue and (seg.soft_end or not before_cue)):
            order.reverse()
        for cue, region in order:
            if cue is not None:
                subj = self._subject_of(cue, region)
                if subj is not None:
                    return subj, True
        # "Jones disagreed: “…”": a colon hands the quote to the clause's subject whatever the verb.
        if before and before[-1].text == ":":
            for t in reversed(before):
                if t.pos_ in {"VERB", "AUX"}:
                    for c in t.children:
                        if c.dep_ == "nsubj" and not self._in_quote(c) and self._same_para(c, t):
                            return c, True
        return None, bool(after_cue or before_cue)

    def _textacy_refs(self) -> dict[int, Token]:
        """Run textacy's direct-quotation extractor; map segment -> speaker head when the cue is nearby."""
        # textacy bails out with ValueError on an odd count of quote tokens; skip it instead.
        _, direct_quotations = _textacy()
        if direct_quotations is None or sum(t.is_quote for t in self.doc) % 2:
            return {}
        try:
            triples = list(direct_quotations(self.doc))
        except Exception as exc:  # an unexpected textacy failure costs its hints, not the article
            log.warning("textacy direct_quotations failed: %s", exc)
            return {}
        by_open = {seg.open_pos: k for k, seg in enumerate(self.segs)}
        refs: dict[int, Token] = {}
        for triple in triples:
            k = by_open.get(triple.content[0].idx)
            if k is None or not triple.cue or not triple.speaker:
                continue
            cue_ids = {t.i for t in triple.cue}
            heads = [t for t in triple.speaker if t.head.i in cue_ids] or list(triple.speaker)
            head = heads[0]
            # textacy looks into neighbouring sentences; across a paragraph break that is another quote's cue.
            if self.para_of[head.i] == self.segs[k].para and not self._in_quote(head):
                refs[k] = head
        return refs

    # --- speaker resolution -------------------------------------------------------------------------------

    def _contiguous(self, toks: list[Token], head: Token) -> list[Token]:
        """Return the run of consecutive tokens around head from an unordered token set."""
        ids = {t.i for t in toks}
        if head.i not in ids:
            return []
        lo = hi = head.i
        while lo - 1 in ids:
            lo -= 1
        while hi + 1 in ids:
            hi += 1
        return list(self.doc[lo : hi + 1])

    def _np(self, head: Token) -> list[Token]:
        """Return the noun phrase headed by head, without clauses, appositions or conjuncts."""
        return self._phrase(head, _NP_DROP) or [head]

    def _np_text(self, np: list[Token]) -> str:
        return _norm_np_text(self.text[np[0].idx : np[-1].idx + len(np[-1])])

    def _person_spk(self, pid: int) -> _Spk:
        return _Spk(self.persons[pid].name, "person", pid)

    def _resolve(self, head: Token) -> _Spk | None:
        """Resolve a speaker head token to a speaker, caching by token."""
        if head.i in self.resolved:
            return self.resolved[head.i]
        try:
            spk = self._resolve_uncached(head)
        except Exception as exc:  # a strange parse must cost one record, never the article
            log.warning("speaker resolution failed at token %d: %s", head.i, exc)
            spk = None
        self.resolved[head.i] = spk
        if spk is not None:
            self.resolved_order.append((head.i, spk))
            if spk.type == "unnamed" and self._describes_one_person(head):
                self.unnamed_gender[head.i] = self._description_gender(head)
        return spk

    def _describes_one_person(self, head: Token) -> bool:
        """Tell whether a speaker head is a singular description of a person ("a longtime neighbour")."""
        lemma = head.lemma_.lower()
        return (
            head.pos_ == "NOUN"
            and not head.tag_.endswith("S")
            and lemma not in lexicon().document_sources
            and lemma not in lexicon().org_heads
        )

    def _description_gender(self, head: Token) -> str | None:
        """Return the gender an unnamed source's own words give it ("a woman", "because she feared …")."""
        lemma = head.lemma_.lower()
        g = lexicon().gendered_role_words.get(lemma) or {"man": "m", "woman": "f"}.get(lemma)
        if g:
            return g
        np_ids = {t.i for t in self._np(head)}
        for t in head.subtree:
            if t.i not in np_ids and self._same_para(t, head) and not self._in_quote(t):
                if t.lower_ in lexicon().pronouns_male:
                    return "m"
                if t.lower_ in lexicon().pronouns_female:
                    return "f"
        return None

    def _described_name(self, noun: Token) -> int | None:
        """Return the person a description runs straight into ("the critic Julia Marsh"), if any."""
        lemma = noun.lemma_.lower()
        person_like = lemma in lexicon().unnamed_heads or lemma in lexicon().title_words or _agentive(lemma)
        j = noun.i + 1
        if noun.pos_ != "NOUN" or not person_like or j >= len(self.doc) or self._in_quote(noun):
            return None
        pid = self.mention_of.get(j)
        if pid is None or self.mention_of.get(noun.i) is not None:
            return None
        while j + 1 < len(self.doc) and self.mention_of.get(j + 1) == pid:
            j += 1
        name = self.doc[j]
        # The parser splits such a phrase into two subjects of one verb, or hangs one on the other.
        siblings = name.head.i == noun.head.i and name.dep_ == noun.dep_
        return pid if siblings or name.head.i == noun.i or noun.head.i == name.i else None

    def _resolve_uncached(self, head: Token) -> _Spk | None:
        low = head.lower_
        if low in {"he", "she", "him", "her"}:
            gender = "m" if low in lexicon().pronouns_male else "f"
            pid = self._resolve_personal(head, gender)
            unnamed = self._unnamed_antecedent(head, gender, pid)
            if unnamed is not None:
                return unnamed
            return self._person_spk(pid) if pid is not None else None
        if low in {"who", "that", "which"}:
            # "Smith, who said …": the relative pronoun stands for the noun the clause modifies.
            verb = head.head
            if verb.dep_ == "relcl" and verb.head.i != head.i:
                return self._resolve(verb.head)
            return None
        if low in {"they", "it"}:
            return self._resolve_nonpersonal(head, plural=low == "they")
        if head.pos_ == "PRON" or low in {"i", "we", "you", "this", "these", "those", "one"}:
            return None  # the narrator, or a pronoun with no usable antecedent
        np = self._np(head)
        # A name: NER mention, known surname, or "Mr. Zipperstein".
        pid = self.mention_of.get(head.i)
        if pid is not None:
            return self._person_spk(pid)
        # "Its chairman, Ana Ruiz, said": a role noun with a name in apposition is that person.
        pid = self._appositive_person(head)
        if pid is not None:
            return self._person_spk(pid)
        # "calling Smith “the Hammer”" earlier: the nickname is an alias of that person.
        pid = self.nicknames.get(speaker_key(self._np_text(np)))
        if pid is not None:
            return self._person_spk(pid)
        # "the critic Julia Marsh wrote": the parser makes the description the subject, not the name.
        pid = self._described_name(head)
        if pid is not None:
            return self._person_spk(pid)
        label = self.ents_by_tok.get(head.i)
        lemma = head.lemma_.lower()
        np_words = [t.lower_.rstrip(".") for t in np]
        text = self._np_text(np)
        # "A senior aide, who asked not to be named, …": the article withholds the name on purpose,
        # so the source stays its description whatever its head noun is.
        if self._anonymous(head):
            return _Spk(text, "unnamed")
        # "the statement said": a document speaks for whoever issued it.
        if lemma in lexicon().issued_docs:
            issuer = self._document_issuer(head)
            if issuer is not None:
                return issuer
        # "Mr. X's lawyer": the person the article introduced as representing X, else the description -
        # never X, and never whoever was named last.
        if lemma in lexicon().representative_heads:
            client = self._client_of(head)
            if client is not None:
                rep = self._representative(client, lemma, head.i)
                return self._person_spk(rep) if rep is not None else _Spk(text, "unnamed")
        if head.text in self.org_alias and len([t for t in np if t.pos_ == "PROPN"]) == 1:
            return _Spk(self.org_alias[head.text], "organization")
        if label in {"ORG", "GPE", "NORP", "FAC"} or " ".join(
            k for k in np_words if k not in _DETERMINERS
        ) in (lexicon().org_metonyms):
            return _Spk(text, "organization")
        # A definite description ("the minister", "the French leader", "the centre-back") names whoever
        # the article gave that role; bare titles ("President") count too.
        definite = np[0].lower_ in {"the", "this", "that"} or any(t.dep_ == "poss" for t in np)
        singular = not head.tag_.endswith("S")
        # A document ("the report") is no role holder, even when a role mentions it ("the report's author").
        describes_person = (
            not is_institution_noun(lemma) or lemma in lexicon().title_words
        ) and lemma not in lexicon().document_sources
        if (
            head.pos_ in {"NOUN", "PROPN"}
            and singular
            and (definite or lemma in lexicon().title_words)
            and describes_person
        ):
            pid = self._match_role(np, head)
            if pid is not None:
                return self._person_spk(pid)
        bare = len(np) <= 2 and definite
        if bare:
            # "the official" after "a senior health official", "the government" after "the German
            # government": a bare definite description repeats the latest speaker with that head noun.
            for i, spk in reversed(self.resolved_order):
                if i < head.i and spk.person is None and key_tokens(spk.name)[-1:] == [lemma]:
                    return spk
        personal_noun = not is_institution_noun(lemma) and lemma not in lexicon().document_sources
        if bare and singular and head.pos_ == "NOUN" and personal_noun:
            # "the researcher": a description no role matched points back, like a pronoun, to the person
            # last named nearby - unless that person holds a title, which would have matched.
            pid = self._resolve_personal(head, None, max_paras=2)
            if pid is not None and not self.persons[pid].role_vocab & lexicon().title_words:
                return self._person_spk(pid)
        if is_institution_noun(lemma) or low in lexicon().org_heads:
            if lemma in lexicon().generic_org_refs and len(np) <= 2:
                # "the company" is, in news copy, the business the article is about.
                ref = self._main_company(head)
                if ref is not None:
                    return ref
            return _Spk(text, "organization")
        if head.pos_ == "PROPN" and head.text[:1].isupper() and lemma not in lexicon().title_words:
            names = [t for t in np if t.pos_ == "PROPN" and t.lower_.rstrip(".") not in lexicon().honorifics]
            names = [t for t in names if t.lower_ not in lexicon().title_words]
            if names:
                pid = self._add_person(names, False)
                if pid is not None:
                    return self._person_spk(pid)
        if (
            lemma in lexicon().unnamed_heads
            or lemma in lexicon().title_words
            or lemma in lexicon().document_sources
            or _agentive(lemma)
        ):
            return _Spk(text, "unnamed")
        return None  # "the findings", "the idea": not a speaker

    def _match_role(self, np: list[Token], head: Token) -> int | None:
        """Resolve a role phrase ("the minister", "the French leader") to a person with that role."""
        hw = head.lemma_.lower()
        mods = []
        for t in np:
            if t.i == head.i or t.lower_ in _DETERMINERS or t.is_punct or t.tag_ == "POS":
                continue
            if t.i > head.i:
                break  # "of BlackBerry" and the like are checked as words below
            low = strip_accents(t.lower_)
            if low in lexicon().neutral_modifiers:
                continue
            if t.dep_ == "poss" and t.pos_ == "NOUN":
                continue  # "the company's chief executive": the possessor is not part of the title
            mods.append(low)
        best: tuple[int, int] | None = None
        candidates = []
        for pid, person in enumerate(self.persons):
            words = person.role_vocab
            if not words:
                continue
            if not (
                words & role_synonyms(hw)
                or (hw in lexicon().leader_words and words & lexicon().leader_words)
                or (hw in {"executive", "ceo"} and ({"ceo"} & words or {"chief", "executive"} <= words))
            ):
                continue
            if not all(m in words or (len(m) >= 4 and any(w[:4] == m[:4] for w in words)) for m in mods):
                continue
            candidates.append(pid)
            before = [m for m in person.mentions if m < head.i] + [
                i for i, s in self.resolved_order if s.person == pid and i < head.i
            ]
            if before and (best is None or max(before) > best[0]):
                best = (max(before), pid)
        if best is not None:
            return best[1]
        return candidates[0] if len(candidates) == 1 else None

    def _anonymous(self, head: Token) -> bool:
        """Tell whether a clause on a noun says the source is deliberately not named."""
        for c in head.children:
            if c.dep_ in {"relcl", "acl", "appos", "advcl"} and self._same_para(c, head):
                toks = [t for t in c.subtree if self._same_para(t, head)]
                if _anonymity_re().search(self.text[toks[0].idx : toks[-1].idx + len(toks[-1])]):
                    return True
        return False

    def _document_issuer(self, doc_head: Token) -> _Spk | None:
        """Return who issued a statement: its own "from X"/"X's", else the issuer of the last one mentioned.

        "the statement" (definite) points back to a statement the article already introduced, as in
        "The office said in a statement that … “…,” the statement said."
        """
        issuer = self._issuer_of(doc_head)
        definite = any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in doc_head.children)
        if issuer is None and definite:
            para = self.para_of[doc_head.i]
            for k in range(doc_head.i - 1, -1, -1):
                if para - self.para_of[k] > 3:
                    break
                t = self.doc[k]
                if t.lemma_.lower() in lexicon().issued_docs and not self._in_quote(t):
                    issuer = self._issuer_of(t)
                    if issuer is not None:
                        break
        if issuer is None or issuer.i == doc_head.i:
            return None
        if issuer.lower_ in {"its", "their"}:
            return self._resolve_nonpersonal(issuer, plural=issuer.lower_ == "their")
        return self._resolve(issuer)

    def _issuer_of(self, doc_head: Token) -> Token | None:
        """Return the head of whoever issued a statement ("X said in a statement", "X's statement")."""
        for c in doc_head.children:
            if c.dep_ == "poss":
                return c
            if c.dep_ == "prep" and c.lower_ in {"from", "by"}:
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
        verb = None
        if doc_head.dep_ == "pobj" and doc_head.head.dep_ == "prep":  # "said in a statement"
            verb = doc_head.head.head
        elif doc_head.dep_ == "dobj":  # "issued a statement"
            verb = doc_head.head
        if verb is not None and verb.pos_ == "VERB" and self._same_para(verb, doc_head):
            return self._subject_of(verb)
        return None

    def _client_of(self, head: Token) -> int | None:
        """Return the person a representative noun belongs to ("Mr. X's lawyer", "his attorney")."""
        for c in head.children:
            owner = c if c.dep_ == "poss" else None
            if c.dep_ == "prep" and c.lower_ == "for":  # "the lawyer for X"
                owner = next((g for g in c.children if g.dep_ == "pobj"), None)
            if owner is None:
                continue
            if owner.i in self.mention_of:
                return self.mention_of[owner.i]
            if owner.lower_ in {"his", "her", "him"}:
                return self._resolve_personal(owner, "m" if owner.lower_ in lexicon().pronouns_male else "f")
        return None

    def _representative(self, client: int, lemma: str, before: int) -> int | None:
        """Return the person introduced before a token as representing client, latest first."""
        found = [(i, rep) for i, rep in self.representations.get(client, []) if i < before]
        group = next((g for g in lexicon().representative_groups if lemma in g), frozenset({lemma}))
        surname = self.persons[client].surname
        for pid, person in enumerate(self.persons):
            # A role phrase "X's lawyer" / "a lawyer for X" seen next to the person's name.
            if pid != client and person.role_vocab & group and surname in person.role_vocab:
                found += [(m, pid) for m in person.mentions if m < before]
        return max(found)[1] if found else None

    def _unnamed_antecedent(self, pron: Token, gender: str, pid: int | None) -> _Spk | None:
        """Return the unnamed source a he/she refers to when it, not a named person, spoke just before.

        "A neighbour, who spoke on condition of anonymity because she …, said … She added …": our person
        registry holds only names, so without this "she" would go to whoever was named last.
        """
        sid = self.sent_of[pron.i]
        for i, spk in reversed(self.resolved_order):
            if i >= pron.i or i not in self.unnamed_gender:
                continue
            if sid - self.sent_of[i] > 2 or self._para_gap(i, pron.i) > 1:
                return None
            known = self.unnamed_gender[i]
            if known is not None and known != gender:
                return None
            if pid is None:
                return spk
            latest = max(
                [m for m in self.persons[pid].mentions if m < pron.i]
                + [j for j, s in self.resolved_order if s.person == pid and j < pron.i],
                default=-1,
            )
            # The source's own gender outweighs an equally recent name; without it only a more recent one.
            person_sent = self.sent_of[latest] if latest >= 0 else -1
            if self.sent_of[i] > person_sent or (known == gender and self.sent_of[i] == person_sent):
                return spk
            return None
        return None

    def _resolve_personal(self, pron: Token, gender: str | None, max_paras: int = 4) -> int | None:
        """Resolve he/she: the governing clause's subject, else the nearest compatible person mentioned."""

        def compatible(pid: int) -> bool:
            g = self.persons[pid].gender
            return g is None or gender is None or g == gender

        # Binding: "Anusauskas played down the comments as he said" - the matrix subject wins.
        t = pron.head
        for _ in range(6):
            for c in t.children:
                if c.dep_ in {"nsubj", "nsubjpass"} and c.i < pron.i and c.i != pron.i:
                    pid = self._person_of(c)
                    if pid is not None and compatible(pid):
                        return pid
            if t.head.i == t.i or not self._same_para(t.head, t):
                break
            t = t.head
        # Otherwise the latest sentence with a compatible person; its subject first.
        cands: list[tuple[int, int, bool]] = []  # (token, person, is_subject)
        speakers: set[int] = set()  # the tokens of those candidates that are a quote's speaker
        for pid, person in enumerate(self.persons):
            for m in person.mentions:
                if m < pron.i:
                    cands.append((m, pid, self._is_subject(self.doc[m])))
        for i, spk in self.resolved_order:
            if i < pron.i and spk.person is not None:
                cands.append((i, spk.person, self._is_subject(self.doc[i])))
                speakers.add(i)
        cands = [
            c for c in cands if compatible(c[1]) and self.para_of[pron.i] - self.para_of[c[0]] <= max_paras
        ]
        if not cands:
            return None
        sid = self.sent_of[pron.i]
        by_sent: dict[int, list[tuple[int, int, bool]]] = {}
        for c in cands:
            by_sent.setdefault(self.sent_of[c[0]], []).append(c)
        for s in sorted(by_sent, reverse=True):
            group = sorted(by_sent[s])
            subjects = [c for c in group if c[2]]
            if s == sid:
                # In the pronoun's own sentence only a subject can be its antecedent (not an object).
                if subjects:
                    return subjects[-1][1]
                continue
            # "Castellanos said Brightwell would engage …. “…,” she said.": the one who spoke, not the
            # subject of what they reported, is who goes on speaking.
            spoke = [c for c in subjects if c[0] in speakers]
            return (spoke or subjects or group)[-1][1]
        return None

    def _is_subject(self, t: Token) -> bool:
        root = t
        # Climb only within a name: "the Dunmore levee" makes the levee the subject, not Dunmore.
        while root.dep_ in {"compound", "flat"} and root.head.i != root.i and root.head.pos_ == "PROPN":
            root = root.head
        return root.dep_ in {"nsubj", "nsubjpass"}

    def _person_of(self, t: Token) -> int | None:
        """Return the person a subject token denotes, if any (name, resolved pronoun or role phrase)."""
        pid = self.mention_of.get(t.i)
        if pid is not None:
            return pid
        if t.lower_ in {"he", "she"}:
            spk = self.resolved.get(t.i)
            return spk.person if spk else None
        if t.lemma_.lower() in lexicon().title_words and t.pos_ in {"NOUN", "PROPN"}:
            return self._match_role(self._np(t), t)
        return None

    def _resolve_nonpersonal(self, pron: Token, plural: bool) -> _Spk | None:
        """Resolve it/they to the last organisation (or, for they, group) that spoke or was named."""
        para = self.para_of[pron.i]
        for i, spk in reversed(self.resolved_order):
            if i >= pron.i or para - self.para_of[i] > 2:
                continue
            if spk.type == "organization" or (plural and spk.type == "unnamed"):
                return spk
            break
        return self._last_org(pron, max_paras=2)

    def _org_mentions(self, before: int) -> list[tuple[int, str]]:
        """List (token, full name) for organisations named before a token, outside quotes."""
        out: list[tuple[int, str]] = []
        covered: set[int] = set()
        for ent in self.doc.ents:
            if ent.start >= before or ent.label_ != "ORG" or self._in_quote(ent[0]):
                continue
            toks = [x for x in ent if not x.is_space and x.tag_ != "POS" and x.i not in self.mention_of]
            if toks:
                name = self.text[toks[0].idx : toks[-1].idx + len(toks[-1])]
                out.append((ent.start, _norm_np_text(self.org_alias.get(name, name))))
                covered.update(range(ent.start, ent.end))
        for t in self.doc[:before]:
            if t.i not in covered and t.text in self.org_alias and not self._in_quote(t):
                out.append((t.i, self.org_alias[t.text]))
        return sorted(out)

    def _main_company(self, ref: Token) -> _Spk | None:
        """Pick the business most often named before ref (latest on a tie), skipping public bodies."""
        counts: dict[str, tuple[int, int]] = {}
        for i, name in self._org_mentions(ref.i):
            words = _words(name)
            if words & lexicon().public_body_words or speaker_key(name) in lexicon().org_metonyms:
                continue
            n, _ = counts.get(name, (0, 0))
            counts[name] = (n + 1, i)
        if not counts:
            return None
        return _Spk(max(counts, key=lambda k: counts[k]), "organization")

    def _last_org(self, ref: Token, max_paras: int = 8) -> _Spk | None:
        """Find the latest organisation named before ref (outside quotes), within a few paragraphs."""
        para = self.para_of[ref.i]
        for k in range(ref.i - 1, -1, -1):
            if para - self.para_of[k] > max_paras:
                break
            t = self.doc[k]
            if self._in_quote(t) or k in self.mention_of or t.pos_ != "PROPN":
                continue
            if t.text in self.org_alias:
                return _Spk(self.org_alias[t.text], "organization")
            if self.ents_by_tok.get(k) == "ORG":
                ent = next(e for e in self.doc.ents if e.start <= k < e.end)
                toks = [x for x in ent if not x.is_space and x.tag_ != "POS"]
                if toks:
                    name = self.text[toks[0].idx : toks[-1].idx + len(toks[-1])]
                    return _Spk(_norm_np_text(self.org_alias.get(name, name)), "organization")
        return None

    # --- indirect speech ----------------------------------------------------------------------------------

    def _is_heading(self, p: int) -> bool:
        """Tell a headline or subheading (no closing punctuation) from body copy."""
        s, e = self.paras[p]
        line = self.text[s:e].rstrip()
        return not line or line[-1] not in '.!?"”’):;'

    def _indirect(self) -> list[tuple[Token, int, int]]:
        """Find reported clauses: (speaker head, start, end) for "X said (that) …" and "according to X"."""
        out: list[tuple[Token, int, int]] = []
        for cue in self.doc:
            if self._in_quote(cue) or cue.is_space:
                continue
            low = cue.lower_
            is_according = (
                low == "according" and cue.i + 1 < len(self.doc) and self.doc[cue.i + 1].lower_ == "to"
            )
            lemma = cue.lemma_.lower()
            known = (
                lemma in lexicon().indirect_cues
                or lemma in lexicon().denial_cues
                or lemma in lexicon().directive_cues
            )
            if not is_according and not (cue.pos_ == "VERB" and known):
                continue
            if self._is_heading(self.para_of[cue.i]):
                continue
            try:
                rec = self._indirect_at(cue, is_according)
            except Exception as exc:  # one odd parse must not lose the article
                log.warning("indirect speech failed at token %d: %s", cue.i, exc)
                rec = None
            if rec:
                out.append(rec)
        return out

    def _parenthetical(self, cue: Token) -> list[Token]:
        """Return the sentence a parenthetical cue reports ("The plan, she said, was sound"), or [].

        The parser makes such a cue a side clause of the reported sentence, so no clause hangs on it;
        the report is the whole host clause, cue included, which keeps the record verbatim.
        """
        para = self.para_of[cue.i]
        inner = [t for t in cue.subtree if not t.is_punct]
        if not inner or not any(c.dep_ == "nsubj" for c in cue.children):
            return []
        lo, hi = inner[0].i, inner[-1].i
        if lo < 2 or hi + 1 >= len(self.doc) or self.doc[lo - 1].text != "," or self.doc[hi + 1].text != ",":
            return []
        if cue.dep_ == "parataxis":
            host = cue.head
        else:  # the same sentence parsed with the sentence as the cue's clause
            host = next((c for c in cue.children if c.dep_ == "ccomp" and c.left_edge.i < lo), None)
        if host is None or host.pos_ not in {"VERB", "AUX"} or not self._same_para(host, cue):
            return []
        # Only a cue right after the clause's subject: "He moved, she says, …" style asides elsewhere in
        # a long sentence would turn narration into speech.
        subj = next((c for c in host.children if c.dep_ in {"nsubj", "nsubjpass", "csubj"}), None)
        if subj is None:
            return []
        if subj.right_edge.i == lo - 2:
            opening = self.doc[host.left_edge.i : subj.left_edge.i]
            if any(not (t.is_punct or t.is_space or t.dep_ in {"cc", "advmod"}) for t in opening):
                return []
        elif subj.left_edge.i == hi + 2:
            # "In the weeks after the closure, she said, she could not work": the cue follows a fronted
            # adverbial and precedes the subject; everything before it must modify the host clause.
            fronted = [c for c in host.children if c.i < lo - 1 and c.i != cue.i]
            if not fronted or any(c.dep_ not in _FRONTED_DEPS for c in fronted):
                return []
        else:
            return []
        return [t for t in self.doc[host.left_edge.i : host.right_edge.i + 1] if self.para_of[t.i] == para]

    def _trailing_report(self, cue: Token) -> list[Token]:
        """Return the clause before a sentence-final attribution the parser did not give the cue, or [].

        "Growers will be able to apply for grants, a ministry aide, X, said on Monday.": the small model
        makes "said" a conjunct of the reported verb, or (after a headline it ran into the paragraph)
        hangs the reported clause on a verb in another paragraph. A comma (no "and") before the cue's
        subject, nothing after the cue's own phrase and a finite verb in the stretch before it mark the
        reading; the report is that stretch, from the start of the cue's sentence in its paragraph.
        """
        subj = next((c for c in cue.children if c.dep_ == "nsubj"), None)
        if subj is None or not subj.i < cue.i or self._in_quote(subj):
            return []
        if any(c.dep_ in {"ccomp", "xcomp"} and self._same_para(c, cue) for c in cue.children):
            return []
        if cue.dep_ == "conj":
            if not (cue.head.i < subj.left_edge.i and self._same_para(cue.head, cue)):
                return []
        elif cue.dep_ != "ROOT" and self._same_para(cue.head, cue):
            return []
        left = subj.left_edge.i
        if left < 2 or self.doc[left - 1].text != "," or self.doc[left - 2].dep_ == "cc":
            return []
        # The cue's phrase must end the sentence (the parser often hangs the full stop on the cue).
        end = cue.right_edge
        while end.is_space and end.i > cue.i:  # a paragraph break the parser kept in the sentence
            end = self.doc[end.i - 1]
        after = end.i + 1
        ends = end.text in _TERMINATORS or after >= len(self.doc)
        if not ends and not (self.doc[after].text in _TERMINATORS or self.doc[after].is_space):
            return []
        start = left - 1
        sid, para = self.sent_of[cue.i], self.para_of[cue.i]
        while start - 1 >= 0 and self.sent_of[start - 1] == sid and self.para_of[start - 1] == para:
            start -= 1
        # A cue with words of its own after it ('said: “No.”') is attributing those, not the stretch.
        if any(self._in_quote(t) for t in self.doc[cue.i : end.i + 1]):
            return []
        content = [t for t in self.doc[start : left - 1] if not t.is_space]
        # The stretch must be a finite clause: "Asked whether he would resign, X said" is a question put.
        ids = {t.i for t in content}
        roots = [t for t in content if t.head.i not in ids or t.head.i == t.i]
        finite = {"VBD", "VBZ", "VBP", "MD"}
        if not any(
            r.tag_ in finite or any(c.dep_ == "aux" and c.tag_ in finite for c in r.children) for r in roots
        ):
            return []
        return content

    def _reported_clause(self, cue: Token) -> Token | None:
        """Return the head of the clause a cue reports, or None."""
        para = self.para_of[cue.i]
        lemma = cue.lemma_.lower()
        for c in cue.children:
            if c.dep_ == "ccomp" and self.para_of[c.i] == para:
                return c
        for c in cue.children:
            # "rejected accusations that …": the clause hangs on the object noun.
            if (
                lemma in lexicon().denial_cues
                and c.dep_ == "dobj"
                and c.lemma_.lower() in lexicon().claim_nouns
            ):
                for g in c.children:
                    if g.dep_ in {"acl", "ccomp", "relcl"} and any(m.lower_ == "that" for m in g.children):
                        return g
            # "said in a statement that …": the parser hangs the clause on the channel noun.
            if c.dep_ == "prep" and lemma not in lexicon().denial_cues:
                for pobj in c.children:
                    if pobj.dep_ == "pobj" and pobj.lemma_.lower() in lexicon().channel_nouns:
                        for g in pobj.children:
                            if g.dep_ in {"acl", "ccomp", "relcl"} and any(
                                m.dep_ == "mark" and m.lower_ == "that" for m in g.children
                            ):
                                return g
        return None

    def _coordinated_report(self, cue: Token, content: list[Token]) -> list[Token]:
        """Return a clause the parser coordinated with the cue that really continues the report.

        In "said two dams had shown cracks but there was no risk" the parser hangs "there was …" on
        "said"; a conjunct with its own subject right after the reported clause belongs to it.
        """
        if not content:
            return []
        end = max(t.i for t in content)
        for c in cue.children:
            if c.dep_ != "conj" or c.i <= end or not self._same_para(c, cue):
                continue
            between = self.doc[end + 1 : c.left_edge.i]
            if any(not (t.is_punct or t.dep_ == "cc") for t in between):
                continue
            if any(g.dep_ in {"nsubj", "nsubjpass", "expl"} for g in c.children):
                return [t for t in self.doc[end + 1 : c.right_edge.i + 1] if self._same_para(t, cue)]
        return []

    def _indirect_at(self, cue: Token, is_according: bool) -> tuple[Token, int, int] | None:
        """Return (speaker head, start, end) for the speech a cue reports, or None."""
        para = self.para_of[cue.i]
        clause: Token | None = None
        content: list[Token] = []
        paren: list[Token] = []
        if is_according:
            verb = cue.head
            if verb.i == cue.i or not self._same_para(verb, cue) or self._in_quote(verb):
                return None
            skip = {t.i for t in cue.subtree}
            toks = [t for t in verb.subtree if t.i not in skip and self.para_of[t.i] == para]
            left = [t for t in toks if t.i < cue.i]
            right = [t for t in toks if t.i > cue.i]
            content = left if len(left) >= len(right) else right
        else:
            # Negated or infinitival cues ("did not say", "declined to say") report nothing.
            if any(c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ == "to") for c in cue.children):
                return None
            paren = self._parenthetical(cue) or self._trailing_report(cue)
            clause = None if paren else self._reported_clause(cue)
            lemma = cue.lemma_.lower()
            xcomp = next((c for c in cue.children if c.dep_ == "xcomp" and self.para_of[c.i] == para), None)
            if paren:
                content = paren
            elif clause is not None:
                content = [t for t in clause.subtree if self.para_of[t.i] == para]
                content += self._coordinated_report(cue, content)
                if lemma in lexicon().denial_cues:
                    content = list(self.doc[cue.i : max(t.i for t in content) + 1])
            elif (
                lemma in lexicon().directive_cues
                and xcomp is not None
                and any(c.dep_ == "dobj" for c in cue.children)
            ):
                # "urged residents to stay away": the request needs its verb to read right. An addressee
                # is required: "asked not to be named" is about the source, not a message.
                end = max(t.i for t in xcomp.subtree if self.para_of[t.i] == para)
                content = list(self.doc[cue.i : end + 1])
            else:
                preps = lexicon().prep_content_cues.get(lemma, set())
                # The preposition hangs on the verb ("warned of …") or on its object ("accused X of …").
                objects = [c for c in cue.children if c.dep_ == "dobj"]
                for c in [*cue.children, *(g for o in objects for g in o.children)]:
                    if c.dep_ == "prep" and c.lower_ in preps:
                        # Keep the verb: "expecting quick results" says the opposite of "cautioned against
                        # expecting quick results".
                        end = max(t.i for t in c.subtree if self.para_of[t.i] == para)
                        content = list(self.doc[cue.i : end + 1])
                        break
        content = [t for t in content if not t.is_space]
        if not content:
            return None
        # "Asked whether he would resign, …": a question put to the speaker is not what they said.
        if clause is not None and any(
            c.dep_ == "mark" and c.lower_ in {"whether", "if"} for c in clause.children
        ):
            return None
        content = sorted(content, key=lambda t: t.i)
        content = list(self.doc[content[0].i : content[-1].i + 1])
        # Trim the complementiser and edge punctuation: the record is the reported clause itself.
        while content and (
            (content[0].is_punct and not content[0].is_quote)
            or (content[0].dep_ == "mark" and content[0].lower_ in {"that", "whether", "if"})
            or content[0].is_space
        ):
            content = content[1:]
        while content and (
            (content[-1].is_punct and not content[-1].is_quote)
            or content[-1].is_space
            or content[-1].dep_ == "cc"
        ):
            content = content[:-1]
        if len([t for t in content if not t.is_punct]) < 3:
            return None
        # Reported words that open with a quotation mark are a direct quote, recorded as such.
        first = content[0]
        if first.is_quote or self._in_quote(first):
            return None
        if cue.i in range(content[0].i + 1, content[-1].i + 1) and not paren:
            return None
        # The parser hangs a closing quotation mark on the verb; take it back so the marks stay paired.
        n_marks = sum(len(_MARK_RE.findall(t.text)) for t in content)
        if n_marks % 2:
            after = content[-1].i + 1
            while after < len(self.doc) and after - content[-1].i <= 2 and self.para_of[after] == para:
                if _MARK_RE.search(self.doc[after].text):
                    content = list(self.doc[content[0].i : after + 1])
                    break
                if not self.doc[after].is_punct:
                    break
                after += 1
        subj = self._subject_of(cue)
        if subj is None:
            return None
        start, end = content[0].idx, content[-1].idx + len(content[-1])
        return subj, start, end

    # --- main ---------------------------------------------------------------------------------------------

    def run(self) -> list[Quote]:
        """Extract all records in article order."""
        self._collect_people()
        segs = self.segs
        own: dict[int, Token] = {}
        has_cue: dict[int, bool] = {}
        for k in range(len(segs)):
            try:
                head, cue_found = self._own_attribution(k)
            except Exception as exc:  # a strange parse must cost one quote, never the article
                log.warning("attribution failed for quote %d: %s", k, exc)
                head, cue_found = None, False
            has_cue[k] = cue_found
            if head is not None:
                own[k] = head
        next_line: dict[int, Token | int] = {}
        for k, seg in enumerate(segs):
            ks = self.segs_in_para[seg.para]
            if k != ks[-1] or not seg.at_para_end:
                continue
            nxt = seg.para + 1
            while nxt < len(self.paras) and not self.text[slice(*self.paras[nxt])].strip():
                nxt += 1  # blank lines between paragraphs
            if nxt >= len(self.paras):
                continue
            if nxt in self.speaker_lines:
                next_line[k] = self.speaker_lines[nxt]
                continue
            cue = self._follow_on_cue(nxt)
            if cue is not None:
                subj = self._subject_of(cue, self._para_tokens(nxt))
                if subj is not None:
                    next_line[k] = subj
        textacy_refs = self._textacy_refs()
        indirect = self._indirect()
        # Resolve every speaker token in article order so that pronouns see earlier speakers.
        heads = set(own.values()) | {v for v in next_line.values() if isinstance(v, Token)}
        heads |= set(textacy_refs.values()) | {h for h, _, _ in indirect}
        for head in sorted(heads, key=lambda t: t.i):
            self._resolve(head)

        records: list[tuple[int, int, str, _Spk]] = []
        for head, start, end in indirect:
            spk = self._spk_of(head)
            if spk is not None:
                records.append((start, end, "indirect", spk))
        last_in_para: dict[int, tuple[int, _Spk]] = {}
        for start, _, _, spk in records:
            para = bisect.bisect_right(self.para_starts, start) - 1
            if para not in last_in_para or last_in_para[para][0] < start:
                last_in_para[para] = (start, spk)
        final: dict[int, _Spk] = {}
        self._own, self._next_line, self._textacy = own, next_line, textacy_refs
        self._final, self._last_in_para = final, last_in_para
        self._chain_prev = self._chains()
        self._chain_next = {v: k for k, v in self._chain_prev.items()}
        for k, seg in enumerate(segs):
            spk = self._spk_of(own.get(k))
            if spk is None:
                spk = next((found for found in self._fallbacks(k) if found is not None), None)
            if spk is None:
                continue
            n_words = len(self.text[seg.start : seg.end].split())
            # A short phrase in quotation marks inside a sentence, with no verb of saying beside it, is a
            # scare quote or a title, not speech; a short full sentence ("Every hour counts.") is speech.
            sentence_like = self.text[seg.end - 1] in ".!?" or seg.at_para_start
            if n_words < 4 and not has_cue.get(k) and not sentence_like:
                continue
            final[k] = spk
            records.append((seg.start, seg.end, "direct", spk))
            para_last = last_in_para.get(seg.para)
            if para_last is None or para_last[0] < seg.start:
                last_in_para[seg.para] = (seg.start, spk)
        records.sort(key=lambda r: (r[0], r[1]))
        # A report nested in a report by the same speaker ("she said she had told them …") is one record.
        records = [
            r
            for r in records
            if not (
                r[2] == "indirect"
                and any(
                    o is not r
                    and o[2] == "indirect"
                    and o[0] <= r[0]
                    and r[1] <= o[1]
                    and o[3].name == r[3].name
                    for o in records
                )
            )
        ]
        out: list[Quote] = []
        seen: set[tuple[int, int, str]] = set()
        for start, end, kind, spk in records:
            if (start, end, kind) in seen:
                continue
            seen.add((start, end, kind))
            role = self.persons[spk.person].role if spk.person is not None else None
            out.append(Quote(spk.name, role, self.text[start:end], kind, start, end, spk.type))  # type: ignore[arg-type]
        return out

    def _spk_of(self, ref: Token | int | None) -> _Spk | None:
        """Return the speaker for a resolved head token or a person index."""
        if ref is None:
            return None
        if isinstance(ref, int):
            return self._person_spk(ref)
        return self.resolved.get(ref.i)

    def _fallbacks(self, k: int) -> Iterator[_Spk | None]:
        """Yield candidate speakers for a quote with no verb of saying beside it, most specific first.

        Each step is a news-copy convention that spaCy and textacy know nothing about.
        """
        seg = self.segs[k]
        ks = self.segs_in_para[seg.para]
        pos = ks.index(k)
        next_line = self._spk_of(self._next_line.get(k))
        # '“…,”' ends on a comma: its attribution follows, so the next line outranks what precedes.
        if seg.soft_end:
            yield next_line
        # News style: a quote continued from the previous paragraph keeps its speaker.
        if k in self._chain_prev:
            yield self._final.get(self._chain_prev[k])
        # "Jones was unconvinced. “…”": the person the preceding sentence is about speaks.
        prev_end = self.segs[ks[pos - 1]].outer_end if pos else self.paras[seg.para][0]
        yield self._narrative_speaker(prev_end, seg.open_pos)
        # '“…,” he said. “…”': the next quote in the paragraph is the same voice.
        if pos:
            yield self._final.get(ks[pos - 1])
        # A speaker line or "Macron added." on the next line.
        yield next_line
        # '“…” “…,” she said.': a later quote in the paragraph names the voice.
        if pos + 1 < len(ks):
            yield self._spk_of(self._own.get(ks[pos + 1]))
        # A quote run across paragraphs and attributed only at its end.
        j = k
        while j in self._chain_next:
            j = self._chain_next[j]
            yield self._spk_of(self._own.get(j)) or self._spk_of(self._next_line.get(j))
        yield self._spk_of(self._textacy.get(k))
        # A quote-only paragraph continues the previous paragraph's voice.
        if pos == 0 and seg.at_para_start and self._quote_only(seg.para):
            yield self._previous_para_speaker(seg.para, self._last_in_para)

    def _chains(self) -> dict[int, int]:
        """Link a quote left open at a paragraph end to the quote opening the next paragraph."""
        links: dict[int, int] = {}
        for k, seg in enumerate(self.segs):
            if seg.closed or not seg.at_para_end:
                continue
            nxt = seg.para + 1
            while nxt < len(self.paras) and not self.text[slice(*self.paras[nxt])].strip():
                nxt += 1
            ks = self.segs_in_para.get(nxt)
            if ks and self.segs[ks[0]].at_para_start:
                links[ks[0]] = k
        return links

    def _quote_only(self, p: int) -> bool:
        """Tell whether paragraph p holds nothing but quotations (and punctuation)."""
        return all(t.is_punct for t in self._region(*self.paras[p]))

    def _narrative_speaker(self, start: int, end: int) -> _Spk | None:
        """Return the person who is the subject of the last full sentence in [start, end), if any."""
        region = self._region(start, end)
        if not region or region[-1].text not in _TERMINATORS:
            return None
        last: list[Token] = []
        for t in reversed(region[:-1]):
            if t.text in _TERMINATORS:
                break
            last.insert(0, t)
        for t in last:
            if t.dep_ == "nsubj" and t.head.pos_ in {"VERB", "AUX"} and t.head.i in {u.i for u in last}:
                spk = self._resolve(t)
                return spk if spk is not None and spk.type == "person" else None
        return None

    def _previous_para_speaker(self, p: int, last_in_para: dict[int, tuple[int, _Spk]]) -> _Spk | None:
        """Return the voice of the paragraph before p: a quote-only paragraph continues it (news style)."""
        q = p - 1
        while q >= 0 and not self.text[slice(*self.paras[q])].strip():
            q -= 1
        if q < 0:
            return None
        if q in self.speaker_lines:
            return self._person_spk(self.speaker_lines[q])
        found = last_in_para.get(q)
        if found:
            return found[1]
        return self._narrative_speaker(*self.paras[q])


def extract_quotes(doc: Doc) -> list[Quote]:
    """Extract quote records from a parsed article, in article order."""
    try:
        return _Extractor(doc).run()
    except Exception:  # one bad article must never take down ingest
        log.exception("quote extraction failed; returning no quotes")
        return []
