"""Stage 3, people: the registry of people the article names, with their roles, aliases and gender.

Names come from NER and from the finds of `names` (titled, appositive and speaker-line names, surname
repeats); each mention is merged into one person by surname. Around the names the stage reads roles
(a pre-name title, an apposition), nicknames ("calling X “the Hammer”"), who represents whom ("Y, who
has represented X") and gender votes (he/she in sentences naming only that person).

The registry stays open after this stage, and that is deliberate: resolving a speaker such as "Mr
Lenkas said" can register a person NER missed, and later pronouns must see them. Everything else this
stage found is frozen in `People`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

from index.lexicon import lexicon
from index.nlp import ends_link_caption
from index.quotes.names import (
    across_nickname,
    appositive_name_runs,
    clean_name,
    hyphenated_run,
    kin_name_runs,
    org_aliases,
    personal_title,
    quote_label,
    speaker_line,
    titled_name_runs,
    who_named_runs,
    with_particles,
    with_surname,
)
from index.quotes.page import DETERMINERS, JOINERS, Page, age_of, person_noun, word_set
from index.quotes.records import Speaker
from index.speakers import is_institution_noun, key_tokens, role_synonyms, speaker_key, strip_accents

if TYPE_CHECKING:
    from spacy.tokens import Token


@dataclass
class Person:
    """One person the article names, with every alias merged."""

    name: str
    surname: str
    first: str | None
    role: str | None = None
    role_rank: tuple[bool, int] = (False, 0)
    role_vocab: set[str] = field(default_factory=set)  # words of every role phrase seen
    votes: dict[str, float] = field(default_factory=lambda: {"m": 0.0, "f": 0.0})
    mentions: list[int] = field(default_factory=list)  # head token indices outside quotes
    ages: set[int] = field(default_factory=set)  # "Ben Okafor, 69," makes him "the 69-year-old" later

    @property
    def gender(self) -> str | None:
        """Return "m", "f" or None when the article does not tell."""
        m, f = self.votes["m"], self.votes["f"]
        if m > f:
            return "m"
        if f > m:
            return "f"
        return None


def surname_key(surname: str) -> str:
    """Return a surname key without Arabic's article, which news copy may drop ("al-Maliki", "Maliki")."""
    return _ARTICLE.sub("", surname)


def same_surname(a: str, b: str) -> bool:
    """Say whether two surname keys name one person's family."""
    return surname_key(a) == surname_key(b)


_ARTICLE = re.compile(r"^(?:al|el)-(?=\w{3})")
# The gender a possessive pronoun gives its owner ("his wife", "her daughter").
_POSSESSIVE_GENDER = {"his": "m", "her": "f"}


class Registry:
    """The people of one article and which tokens mention them; `add` registers a mention."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.persons: list[Person] = []
        self.mention_of: dict[int, int] = {}  # token index -> person index
        self.name_spans: list[list[Token]] = []  # every name mention outside quotes

    def spk(self, pid: int) -> Speaker:
        """Return person pid as a speaker, under the fullest name known now."""
        return Speaker(self.persons[pid].name, "person", pid)

    def family_name(self, pid: int, family: str) -> None:
        """Give a person known by first name alone the surname of the family they belong to."""
        person = self.persons[pid]
        surname = key_tokens(family)
        if len(key_tokens(person.name)) != 1 or len(surname) != 1:
            return
        # The possessor must be the surname of a person the article names ("Hale's wife"), not a thing's name.
        if surname[0] not in {p.surname for p in self.persons}:
            return
        # The key stays the first name: a later bare "Hale" is still the family member the article is about.
        person.name = f"{person.name} {family}"

    def add(self, name_toks: list[Token], in_quote: bool) -> int | None:
        """Register a mention of a named person, merging it into an existing person by surname."""
        name = self.page.tokens_text(name_toks)
        words = key_tokens(name)
        while len(words) > 1 and words[-1] in lexicon().name_suffixes:
            words = words[:-1]
        if not words:
            return None
        surname = words[-1]
        # "van den Bosch" has no first name: a leading particle belongs to the surname.
        first = words[0] if len(words) > 1 and words[0] not in lexicon().name_particles else None
        pid = None
        for k in range(len(self.persons) - 1, -1, -1):
            person = self.persons[k]
            if key_tokens(person.name) == words and person.surname != surname:  # "Maren Hale", keyed "maren"
                pid = k
                break
            if not same_surname(person.surname, surname):
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
        if pid is None and first is None:
            # "Roy Estabrook, 71, … Roy laughed.": a later mention by first name alone is the one person
            # the article gave that first name (features and vox pops call people so), never a guess
            # between two.
            known = [k for k, p in enumerate(self.persons) if p.first == surname]
            pid = known[0] if len(known) == 1 else None
        if pid is None:
            pid = len(self.persons)
            self.persons.append(Person(name=name, surname=surname, first=first))
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


@dataclass(frozen=True)
class People:
    """What the people stage found: the (still open) registry and the aliases around it."""

    registry: Registry
    org_alias: Mapping[str, str]  # first word of an organisation's name -> its full name
    speaker_lines: Mapping[int, int]  # paragraph -> person named on that speaker line
    labels: Mapping[int, int]  # paragraph of round-up quotes -> the token heading its author's name
    nicknames: Mapping[str, int]  # speaker_key of a nickname -> person ("the Hammer")
    representations: Mapping[int, tuple[tuple[int, int], ...]]  # client -> (token, representative)


def collect_people(page: Page) -> People:
    """Build the person registry from NER, speaker lines and surname repeats, with roles and gender."""
    doc = page.doc
    org_alias = org_aliases(page)
    reg = Registry(page)
    speaker_lines: dict[int, int] = {}
    # "#Justdoit": a hashtag is a topic, however NER tags the word after the mark.
    hashtag = lambda e: e.start > 0 and doc[e.start - 1].text == "#" and not doc[e.start - 1].whitespace_  # noqa: E731
    names = [
        clean_name(page, across_nickname(page, with_surname(page, with_particles(page, list(e)))))
        for e in doc.ents
        if e.label_ == "PERSON" and not hashtag(e)
    ]
    # A surname the article gives with a first name, and NER alone calls a person too, is that person's
    # ("Donald Trump" ... "Trump said"), even beside an organisation named after them ("the Trump
    # Foundation"). One that NER never tags alone ("Carbon" of "Carbon Woodland Scheme") stays the body's.
    surnames_in_full = {toks[-1].text for toks in names if len(toks) > 1}
    alone = {toks[0].text for toks in names if len(toks) == 1}
    org_alias = {k: v for k, v in org_alias.items() if k not in surnames_in_full & alone}
    # NER often tags a company's short name as a person ("Lumora" beside "Lumora Systems").
    # A title before it says a person, though ("President Bush" beside "the Bush administration").
    titled = {
        toks[0].text
        for toks in names
        if len(toks) == 1 and toks[0].i > 0 and personal_title(page, page.doc[toks[0].i - 1])
    }
    spans = [
        toks
        for toks in names
        if toks and not (len(toks) == 1 and toks[0].text in org_alias and toks[0].text not in titled)
    ]
    for toks in spans:
        reg.add(toks, page.in_quote(toks[-1]))
    # The small model misses or mislabels names (as ORG) often enough; a capitalised run right
    # after a title or honorific ("Chief executive Marcus Hale", "Mr. Lenkas") is a person's name.
    for run in titled_name_runs(page, reg.mention_of, org_alias):
        reg.add(run, page.in_quote(run[-1]))
    # "Its chairman, Ana Ruiz, said": a name in apposition to a role noun is a person's,
    # however NER tagged it (it often calls such names an organisation after a union's name).
    for run in appositive_name_runs(page, reg.mention_of, org_alias):
        reg.add(run, page.in_quote(run[-1]))
    # "Georg Willeit of SOS Children's Villages, who said …": a "who" shows NER's organisation is a person.
    for run in who_named_runs(page, reg.mention_of):
        reg.add(run, page.in_quote(run[-1]))
    # "Hale's wife, Maren, said": a relative named by first name alone shares the family's name.
    kin_of_pronoun: list[tuple[int, Token]] = []  # "his wife, Maren": whose, once genders are known
    parents: list[tuple[int, Token]] = []  # "his son, Louis": the child, and the word for the parent
    for rel in kin_name_runs(page):
        pid = reg.add(list(rel.name), page.in_quote(rel.name[-1]))
        if pid is None:
            continue
        g = lexicon().kin_words.get(rel.kin.lemma_.lower())
        if g:  # "his wife, Wendy": as sure a sign as "Mrs." (a pronoun nearby may be the family's)
            reg.persons[pid].votes[g] += 2
        if rel.family is not None:
            reg.family_name(pid, rel.family.text)
        owner = next((o for o in rel.kin.children if o.dep_ == "poss"), None)
        if owner is not None and rel.kin.lemma_.lower() in lexicon().child_words:
            parents.append((pid, owner))
        # A man's wife and children carry his surname by English naming custom; a woman's husband need
        # not carry hers ("Dr. Ana Ruiz … Her husband, Pablo,"), so "her" names no family.
        if rel.family is None and len(rel.name) == 1 and owner is not None and owner.lower_ == "his":
            kin_of_pronoun.append((pid, owner))
    # Speaker lines ("Stephane Sejourne French Foreign Minister") name people NER may have missed.
    for p in range(len(page.paras)):
        line = speaker_line(page, p)
        if line:
            name_toks, role_toks = line
            pid = reg.add(name_toks, False)
            if pid is not None:
                speaker_lines[p] = pid
                if role_toks:
                    offer_role(page, reg, pid, role_toks)
    # Round-up quotes labelled with their author ("“…” ― Jane Roe", "Jane Roe, Twitter: “…”").
    labels: dict[int, int] = {}
    for p in page.segs_in_para:
        name = quote_label(page, p)
        if name and reg.add(clean_name(page, name) or name, False) is not None:
            labels[p] = name[-1].i
    # A known surname tagged as ORG/GPE or left untagged is still that person ("Macron’s").
    # As written, or without "al-": a bare "Maliki" is "al-Maliki".
    surnames = {p.surname for p in reg.persons} | {surname_key(p.surname) for p in reg.persons}
    for t in doc:
        # The tagger sometimes calls a repeated surname a noun ("Dufresne said …").
        if t.i in reg.mention_of or t.pos_ not in {"PROPN", "NOUN"} or not t.text[:1].isupper():
            continue
        run = hyphenated_run(page, t)
        if run[-1].i in reg.mention_of:
            continue
        text = page.tokens_text(run)
        if strip_accents(text).lower() in surnames and text not in org_alias:
            reg.add(run, page.in_quote(t))
    # A web link's caption ("Watch more on Gibbs' reaction »") names what the link shows; a he or she in
    # the story's text does not refer back to it.
    captions = {page.sent_of[t.i] for t in doc if ends_link_caption(t)}
    for person in reg.persons:
        person.mentions = [m for m in person.mentions if page.sent_of[m] not in captions]
    nicknames = collect_nicknames(page, reg)
    for name in reg.name_spans:
        roles_around(page, reg, name)
    representations = collect_representations(page, reg)
    gender_votes(page, reg)
    for pid, owner in kin_of_pronoun:
        family = pronoun_owner(page, reg, owner, pid)
        if family is not None:
            person = reg.persons[family]
            # The surname as the article writes it ("Tom Hale Jr." → "Hale").
            written = [w for w in person.name.split() if key_tokens(w) == [person.surname]]
            if written:
                reg.family_name(pid, written[-1])
    for child, owner in parents:
        if owner.lower_ in _POSSESSIVE_GENDER:
            parent = pronoun_owner(page, reg, owner, child)
        else:
            parent = reg.mention_of.get(owner.i)
        if parent is not None and parent != child:
            gender = reg.persons[parent].gender or _POSSESSIVE_GENDER.get(owner.lower_)
            noun = {"m": "father", "f": "mother"}.get(gender or "", "parent")
            reg.persons[parent].role_vocab |= {noun, "parent"}
    return People(
        reg,
        MappingProxyType(org_alias),
        MappingProxyType(speaker_lines),
        MappingProxyType(labels),
        MappingProxyType(nicknames),
        MappingProxyType({k: tuple(v) for k, v in representations.items()}),
    )


# Opened by a quotation mark, not an apostrophe ("D'Arcy O'Neil" has no nickname).
_INNER_NICKNAME = re.compile(r"[\"“‘]([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)?)[\"”’]")


def collect_nicknames(page: Page, reg: Registry) -> dict[str, int]:
    """Record nicknames the article gives people ("calling Moreau “the Hammer”", "known as …").

    A later "the Hammer said" is that person; NER may have made the nickname a person of its own,
    whose mentions are merged into the person it names.
    """
    lex = lexicon()
    nicknames: dict[str, int] = {}  # speaker_key of a nickname -> person ("the Hammer")
    for verb in page.doc:
        if verb.lemma_.lower() not in lex.naming_verbs or page.in_quote(verb):
            continue
        if verb.dep_ == "acl" and verb.head.i in reg.mention_of:  # "Moreau, nicknamed “the Hammer”"
            named: Token | None = verb.head
        else:
            named = next(
                (c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"} and c.i in reg.mention_of),
                None,
            )
        if named is None:
            continue
        nick = next((c for c in verb.children if c.dep_ == "oprd"), None)
        if nick is None:  # "known as “the Hammer”"
            as_ = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"), None)
            nick = next((g for g in as_.children if g.dep_ == "pobj"), None) if as_ is not None else None
        if nick is None or not page.same_para(nick, verb):
            continue
        # Only a quoted or capitalised phrase is a nickname: "named her chief executive" is a role.
        if page.in_quote(nick):
            seg = page.segs[page.seg_of[nick.i]]
            text = page.text[seg.start : seg.end].rstrip(".,!?")
            if len(text.split()) > 4:
                continue
        elif nick.pos_ == "PROPN" and nick.text[:1].isupper():
            text = page.np_text(page.np(nick))
        else:
            continue
        key = speaker_key(text)
        # A nickname is a proper name ("the Hammer"); "called Smith “a liar”" is an insult.
        words = text.split()
        if key and words[-1][:1].isupper():
            nicknames[key] = reg.mention_of[named.i]
    # 'Edward “Ted” Kennedy': a quoted name inside a person's name is what the article may call them later.
    for pid, person in enumerate(reg.persons):
        for nick in _INNER_NICKNAME.findall(person.name):
            nicknames.setdefault(speaker_key(nick), pid)
    for pid, person in enumerate(reg.persons):
        target = nicknames.get(speaker_key(person.name))
        if target is None or target == pid:
            continue
        for i, q in list(reg.mention_of.items()):
            if q == pid:
                reg.mention_of[i] = target
        reg.persons[target].mentions = sorted(reg.persons[target].mentions + person.mentions)
        person.mentions = []
    return nicknames


def collect_representations(page: Page, reg: Registry) -> dict[int, list[tuple[int, int]]]:
    """Record who is introduced as representing whom ("Y, who has represented X since May")."""
    lex = lexicon()
    # client person -> [(token, representative person)]
    representations: dict[int, list[tuple[int, int]]] = {}
    for t in page.doc:
        if t.pos_ != "VERB" or t.lemma_.lower() not in lex.represent_verbs or page.in_quote(t):
            continue
        clients = {reg.mention_of[c.i] for c in t.children if c.dep_ == "dobj" and c.i in reg.mention_of}
        if t.dep_ in {"relcl", "acl"}:  # "Y, who has represented X" / "Y, representing X"
            agent: Token | None = t.head
        else:
            agent = next((c for c in t.children if c.dep_ == "nsubj"), None)
        rep = reg.mention_of.get(agent.i) if agent is not None else None
        for client in clients:
            if rep is not None and rep != client:
                representations.setdefault(client, []).append((t.i, rep))
    return representations


def offer_role(page: Page, reg: Registry, pid: int, toks: list[Token]) -> None:
    """Record a role phrase for a person; the display role is the most title-like, then the longest."""
    lex = lexicon()
    while toks and (toks[0].lower_ in DETERMINERS or toks[0].is_punct):
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].is_space):
        toks = toks[:-1]
    if not toks:
        return
    role = " ".join(page.text[toks[0].idx : toks[-1].idx + len(toks[-1])].split())
    if toks[0].lower_ in {"its", "their"} and len(toks) > 1:
        # "The X Union … Its general secretary, Jane Roe, said": the role is the body's just named, and
        # it reads so on its own ("general secretary of the X Union").
        body = _body_before(page, toks[0].i)
        if body is not None:
            role = f"{' '.join(role.split()[1:])} of {body}"
    person = reg.persons[pid]
    words = word_set(role)
    # A first name the parser hung before a surname ("Marco" + "Bellini") is part of the name, not a role.
    if words <= set(key_tokens(person.name)):
        return
    person.role_vocab |= words
    for w in words:
        g = lex.gendered_role_words.get(w)
        if g:
            person.votes[g] += 1
    rank = (bool(words & lex.title_words), len(role.split()))
    if person.role is None or rank > person.role_rank:
        person.role, person.role_rank = role, rank


def _body_before(page: Page, i: int) -> str | None:
    """Return the body the sentence before token i is about ("The X Union criticised …"), if it names one.

    Its subject, when an organisation or an institution noun ("The union representing retail workers").
    """
    doc = page.doc
    start = doc[i].sent.start
    if start == 0:
        return None
    prev = doc[start - 1].sent
    if page.para_of[i] - page.para_of[prev.start] > 2:
        return None
    subj = next((c for c in prev.root.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subj is None or page.in_quote(subj):
        return None
    if page.ents_by_tok.get(subj.i) == "ORG" or is_institution_noun(subj.lemma_.lower()):
        text = page.np_text(page.np(subj))
        return text[:1].lower() + text[1:] if text.split()[0] in {"The", "This"} else text
    return None


def _party_state(page: Page, end: int) -> set[str]:
    """Return the party letter and state of an AP tag after a name ("Jane Roe, R-Ohio," "(D-Vt.)")."""
    toks = page.doc[end + 1 : end + 6]
    if len(toks) < 4 or toks[0].text not in {",", "("} or toks[1].text not in {"R", "D", "I"}:
        return set()
    short = toks[3].lower_.rstrip(".")
    state = next((g for g in lexicon().state_abbreviations if short in g), None)
    if toks[2].text not in JOINERS or (toks[3].pos_ != "PROPN" and state is None):
        return set()
    return {toks[1].lower_} | word_set(" ".join(state) if state is not None else toks[3].text)


def roles_around(page: Page, reg: Registry, name: list[Token]) -> None:
    """Read a role from a pre-name title or an apposition next to a name mention."""
    lex = lexicon()
    pid = reg.mention_of.get(name[-1].i)
    if pid is None:
        return
    para = page.para_of[name[0].i]
    lo, hi = name[0].i, name[-1].i
    # Pre-name title: the modifiers the parser hangs on the name ("Italian Foreign Minister Antonio
    # Tajani", "Town engineer Raj Patel"), read leftwards while each one attaches inside the phrase.
    k = lo - 1
    pre: list[Token] = []
    while k >= 0 and page.para_of[k] == para:
        t = page.doc[k]
        low = t.lower_.rstrip(".")
        if low in lex.honorifics and not pre:
            g = lex.honorifics[low]
            if g:
                reg.persons[pid].votes[g] += 2
            # "Professor Aiko Roe" is "the professor" later: an honorific that is also a title is a role.
            if role_synonyms(low) & lex.title_words:
                reg.persons[pid].role_vocab |= role_synonyms(low)
            k -= 1
            continue
        attaches = k < t.head.i <= hi and t.dep_ in {"compound", "amod", "nmod", "poss", "case", "nummod"}
        # "Iraq's Prime Minister Jane Roe": the possessive mark hangs on the country before it.
        possessive = t.tag_ == "POS" and t.head.i == k - 1 and k - 1 < page.doc[k - 1].head.i <= hi
        if possessive:
            pre.insert(0, t)
            k -= 1
            continue
        if attaches and not t.is_space and t.pos_ not in {"DET", "VERB", "AUX", "ADP", "PUNCT"}:
            pre.insert(0, t)
            k -= 1
            continue
        break
    while pre and (pre[0].tag_ == "POS" or pre[0].lower_.rstrip(".") in lex.honorifics):
        pre = pre[1:]
    # "former Secretary of State Evelyn Roe": a title with "of" hangs on the preposition, not on the name.
    if not pre and lo >= 3 and page.doc[lo - 2].lower_ == "of" and page.doc[lo - 1].pos_ == "PROPN":
        title = page.doc[lo - 3]
        if title.lower_ in lex.title_words and page.para_of[title.i] == para:
            modified = title.i > 0 and page.doc[title.i - 1].lower_ in lex.neutral_modifiers  # "former"
            pre = list(page.doc[title.i - modified : lo])
    if pre and any(t.pos_ in {"NOUN", "PROPN"} for t in pre):
        offer_role(page, reg, pid, pre)
    elif lo > 0 and described_name(page, reg, page.doc[lo - 1]) == pid:
        offer_role(page, reg, pid, page.phrase(page.doc[lo - 1]))
    # Apposition after the name: "Ingrid Solberg, Lumora's chief executive, said".
    head = name[-1]
    for child in head.children:
        # "Ben Okafor, 69,", "69-year-old Ben Okafor", "Ben Okafor, a 69-year-old retiree,".
        if child.dep_ in {"appos", "amod"} and page.para_of[child.i] == para:
            told = [child, *(c for c in child.children if c.dep_ == "amod")]
            reg.persons[pid].ages |= {a for a in map(age_of, told) if a is not None}
        # "Jane Roe, the Ohio Democrat,": a party or nationality word in apposition is a role too.
        noun = child.pos_ == "NOUN" or (child.pos_ == "PROPN" and page.ents_by_tok.get(child.i) == "NORP")
        if child.dep_ == "appos" and noun and page.para_of[child.i] == para:
            offer_role(page, reg, pid, page.phrase(child))
        # "Sen. Jane Roe of Vermont": the place a title holder is of describes them ("the Vermont senator").
        if child.dep_ == "prep" and child.lower_ == "of" and page.para_of[child.i] == para:
            places = [g for g in child.children if g.dep_ == "pobj" and page.ents_by_tok.get(g.i) == "GPE"]
            for place in places:
                reg.persons[pid].role_vocab |= word_set(page.np_text(page.np(place)))
    reg.persons[pid].role_vocab |= _said_to_be(page, head) | _party_state(page, hi)
    # Apposition before the name: "The chief executive of Lumora, Ingrid Solberg, said".
    # A capitalised title counts ("Iraq's Prime Minister, Nuri al-Maliki", run together or not).
    role = head.head
    titled = role.pos_ == "PROPN" and role.lower_ in lex.title_words and role.i not in reg.mention_of
    if head.dep_ == "appos" and role.pos_ == "NOUN" and page.same_para(role, head):
        offer_role(page, reg, pid, page.phrase(role))
    elif head.dep_ == "appos" and titled and page.same_para(role, head):
        offer_role(page, reg, pid, [t for t in page.phrase(role) if t.i < lo])
    # "The leader of the opposition National Union, Radomir Kosta": the name hangs on the organisation.
    owner = head.head
    if head.dep_ == "appos" and owner.dep_ == "pobj" and owner.head.lower_ == "of":
        role = owner.head.head
        if role.pos_ == "NOUN" and page.same_para(role, head) and reg.mention_of.get(owner.i) is None:
            offer_role(page, reg, pid, [t for t in page.phrase(role) if t.i < lo])


def _said_to_be(page: Page, head: Token) -> set[str]:
    """Return the words of what a clause says its subject is ("X is the Republican nominee", "X ran as a …").

    Only the words: a later "the nominee" or "the Republican" means X, but a predicate is no title to
    show beside the name.
    """
    lex = lexicon()
    while head.dep_ in {"compound", "flat"} and head.head.i != head.i:
        head = head.head
    if head.dep_ != "nsubj":
        return set()
    verb = head.head
    nouns = [c for c in verb.children if c.dep_ == "attr"] if verb.lemma_ == "be" else []
    # "running for president as a Republican": the "as" may hang on the verb or on its object.
    holders = [verb, *(c for c in verb.children if c.dep_ in {"dobj", "prep"})]
    holders += [g for c in holders[1:] for g in c.children if c.dep_ == "prep" and g.dep_ == "pobj"]
    as_preps = [c for h in holders for c in h.children if c.lower_ == "as"]
    nouns += [g for c in as_preps for g in c.children if g.dep_ == "pobj"]
    words: set[str] = set()
    for noun in nouns:
        kind = noun.lemma_.lower()
        norp = page.ents_by_tok.get(noun.i) == "NORP"
        # Party, nationality and labels only: a title said of someone may be past or to come ("served as
        # secretary", "was becoming chairman"), and a title holder is found by other means.
        if page.same_para(noun, head) and (norp or kind in lex.epithet_words):
            words |= word_set(page.np_text(page.np(noun)))
    return words


def gender_votes(page: Page, reg: Registry) -> None:
    """Infer each person's gender from he/she in sentences where they are the only person named."""
    lex = lexicon()
    # A given name is a prior: "Maria Lopez met John Carter. Afterward, he told reporters" means Carter.
    # Two pronouns of the article's own outweigh it.
    for person in reg.persons:
        g = lex.given_names.get(person.first or "")
        if g:
            person.votes[g] += 1.5
    by_sent: dict[int, set[int]] = {}
    for t in page.doc:
        pid = reg.mention_of.get(t.i)
        if pid is not None and not page.in_quote(t):
            by_sent.setdefault(page.sent_of[t.i], set()).add(pid)
    first_mention: dict[tuple[int, int], int] = {}
    for t in page.doc:
        pid = reg.mention_of.get(t.i)
        if pid is not None and not page.in_quote(t):
            first_mention.setdefault((page.sent_of[t.i], pid), t.i)
    prev_people: set[int] = set()
    prev_sid = -1
    for t in page.doc:
        sid = page.sent_of[t.i]
        if sid != prev_sid:
            prev_people = by_sent.get(prev_sid, set()) if prev_sid >= 0 else set()
            prev_sid = sid
        low = t.lower_
        if page.in_quote(t) or (low not in lex.pronouns_male and low not in lex.pronouns_female):
            continue
        g = "m" if low in lex.pronouns_male else "f"
        people = by_sent.get(sid, set())
        if len(people) == 1:
            pid = next(iter(people))
            if first_mention.get((sid, pid), t.i + 1) < t.i:
                reg.persons[pid].votes[g] += 1
        elif not people and len(prev_people) == 1:
            # The pronoun opens a sentence right after one naming a single person: weaker evidence.
            reg.persons[next(iter(prev_people))].votes[g] += 0.5


def pronoun_owner(page: Page, reg: Registry, pron: Token, relative: int) -> int | None:
    """Return whom "his" in "his wife, Maren," means: the last person named before it who may be a man.

    Only the paragraph so far and the one before are read: a family noun's owner is someone the text has
    just been about. A woman is passed over; a person whose gender is unknown is not.
    """
    want = _POSSESSIVE_GENDER[pron.lower_]
    para = page.para_of[pron.i]
    for k in range(pron.i - 1, -1, -1):
        if page.para_of[k] < para - 1:
            break
        pid = reg.mention_of.get(k)
        if pid is None or pid == relative or page.in_quote(page.doc[k]):
            continue
        if reg.persons[pid].gender in (want, None):
            return pid
    return None


def appositive_person(page: Page, reg: Registry, head: Token) -> int | None:
    """Return the person named in apposition to a noun ("a bank adviser, Ana Ruiz,")."""
    # A capitalised title is a noun too ("Aldmark's State Secretary for Foreign Affairs, Ana Ruiz,").
    named = page.ents_by_tok.get(head.i) in {"PERSON", "ORG", "GPE", "NORP", "FAC"}
    # "the 23-year-old Belgian, Jens Roe,": a nationality with a determiner describes a person.
    described = page.ents_by_tok.get(head.i) == "NORP" and any(c.dep_ == "det" for c in head.children)
    # "said one of the organisers, Paddy Roe": one of a kind of people, named.
    partitive = head.lower_ == "one" and any(
        p.lower_ == "of" and any(o.dep_ == "pobj" and person_noun(o.lemma_.lower()) for o in p.children)
        for p in head.children
    )
    if (
        head.pos_ != "NOUN"
        and not described
        and not partitive
        and (head.pos_ != "PROPN" or named or reg.mention_of.get(head.i) is not None)
    ):
        return None
    # "The leader of the opposition National Union, Radomir Kosta, said", "His partner at Lenmark,
    # Ana Ruiz, said": the parser hangs the name on the organisation the role belongs to, no person.
    pobjs = [o for p in head.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"]
    owners = [o for o in pobjs if reg.mention_of.get(o.i) is None]
    # "A spokeswoman for Roe, Ana Ruiz, said": a person's name in apposition to another person's is
    # not theirs (two names cannot be one person); it names the role before them.
    people = [o for o in pobjs if reg.mention_of.get(o.i) is not None]
    for noun in [head, *owners, *people]:
        for c in noun.children:
            if c.dep_ == "appos" and page.same_para(c, head) and not page.in_quote(c):
                pid = reg.mention_of.get(c.i)
                if pid is not None and pid != reg.mention_of.get(noun.i):
                    return pid
    # "the base chief known as Bob", "a teacher named Ana Ruiz": the name a naming participle gives.
    for verb in head.children:
        if verb.dep_ != "acl" or verb.lemma_.lower() not in lexicon().naming_verbs:
            continue
        for c in verb.children:
            names = [g for g in c.children if g.dep_ == "pobj"] if c.lower_ == "as" else [c]
            pid = next((reg.mention_of[g.i] for g in names if g.i in reg.mention_of and g.i > verb.i), None)
            if pid is not None and page.same_para(c, head) and not page.in_quote(c):
                return pid
    return comma_name(page, reg, head)


_LIST_WORDS = frozenset({"and", "or", "nor"})


def comma_name(page: Page, reg: Registry, head: Token) -> int | None:
    """Return the name set off by a comma right after a role noun, which the parser failed to link.

    "His niece, state Sen. Ana Ruiz (D-Ohio), shouted": titles and lowercase role words may stand
    between the comma and the name. A list ("the mayor, Ana Ruiz and Tom Lee") names no apposition.
    """
    doc = page.doc
    k = head.i + 1
    # "The editor I was talking to, Tim Grieve, interrupted": the name follows a relative clause that
    # opens right after the noun; the parser hangs it inside that clause.
    if any(c.dep_ == "relcl" and c.left_edge.i == k for c in head.children):
        k = next((t.i for t in doc[k : k + 10] if t.is_punct), k)
    start = k
    if k >= len(doc) or doc[k].text != "," or page.in_quote(head):
        return None
    k += 1
    while k < len(doc) and k - start <= 7 and page.same_para(doc[k], head) and not page.in_quote(doc[k]):
        pid = reg.mention_of.get(k)
        if pid is not None:
            end = k
            while end + 1 < len(doc) and reg.mention_of.get(end + 1) == pid:
                end += 1
            after = doc[end + 1] if end + 1 < len(doc) else None
            return pid if after is None or after.lower_ not in _LIST_WORDS else None
        if doc[k].pos_ not in {"NOUN", "PROPN", "ADJ"}:
            return None
        k += 1
    return None


def described_name(page: Page, reg: Registry, noun: Token) -> int | None:
    """Return the person a description runs straight into ("the critic Julia Marsh"), if any."""
    j = noun.i + 1
    person_like = person_noun(noun.lemma_.lower())
    if noun.pos_ != "NOUN" or not person_like or j >= len(page.doc) or page.in_quote(noun):
        return None
    pid = reg.mention_of.get(j)
    if pid is None or reg.mention_of.get(noun.i) is not None:
        return None
    while j + 1 < len(page.doc) and reg.mention_of.get(j + 1) == pid:
        j += 1
    name = page.doc[j]
    # The parser splits such a phrase into two subjects of one verb, or hangs one on the other.
    siblings = name.head.i == noun.head.i and name.dep_ == noun.dep_
    return pid if siblings or name.head.i == noun.i or noun.head.i == name.i else None
