"""Stage 5, speaker resolution rules: a head token to a speaker, by small rules tried in order.

Each rule looks at one kind of head ("she", a name, "the minister", "the statement", "the company",
...) and answers with a `Speaker`, with `NOBODY` (this head is no speaker: stop), or with None (not
mine: try the next rule). Order matters: a name the article gave wins over a role, a source the article
will not name stays a description whatever its noun, and a document speaks for its issuer before it
could count as an organisation. `decide` runs the chain; `resolve.resolve` caches what it decides.
"""

from __future__ import annotations

import bisect
import enum
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from index.lexicon import lexicon
from index.quotes.page import DETERMINERS, Page, age_of, agentive, norm_np_text, person_noun, word_set
from index.quotes.people import appositive_person, described_name
from index.quotes.records import Speaker
from index.quotes.references import (
    anonymous,
    client_of,
    document_issuer,
    introduced_document,
    main_company,
    match_role,
    named_issuer,
    org_mentions,
    other_party,
    party_of,
    representative,
    resolve_nonpersonal,
    resolve_personal,
    unnamed_antecedent,
)
from index.quotes.resolve import Context, resolve
from index.speakers import is_institution_noun, key_tokens, speaker_key

if TYPE_CHECKING:
    from spacy.tokens import Token


class Verdict(enum.Enum):
    """A rule's answer when it has no speaker to give."""

    NOBODY = "nobody"  # the head is not a speaker; later rules must not guess


NOBODY = Verdict.NOBODY


@dataclass(frozen=True)
class Head:
    """A speaker head token and the facts about its noun phrase several rules read (computed once)."""

    page: Page
    token: Token

    @cached_property
    def low(self) -> str:
        """Return the head's lowercase text."""
        return self.token.lower_

    @cached_property
    def lemma(self) -> str:
        """Return the head's lowercase lemma."""
        return self.token.lemma_.lower()

    @cached_property
    def np(self) -> list[Token]:
        """Return the noun phrase the head heads."""
        return self.page.np(self.token)

    @cached_property
    def text(self) -> str:
        """Return the noun phrase's text, as a description would show it."""
        return self.page.np_text(self.np)

    @cached_property
    def definite(self) -> bool:
        """Tell whether the phrase is definite ("the minister", "its chairman")."""
        return self.np[0].lower_ in {"the", "this", "that"} or any(t.dep_ == "poss" for t in self.np)

    @cached_property
    def singular(self) -> bool:
        """Tell whether the head noun is singular."""
        return not self.token.tag_.endswith("S")

    @cached_property
    def bare(self) -> bool:
        """Tell whether the phrase is a bare definite description ("the official")."""
        return len(self.np) <= 2 and self.definite


Rule = Callable[[Context, Head], Speaker | Verdict | None]


def personal_pronoun(ctx: Context, h: Head) -> Speaker | Verdict | None:
    """Resolve he/she (and his, the possessor of a quoted phrase's "his remark") to a person or source."""
    if h.low not in {"he", "she", "him", "her", "his"}:
        return None
    gender = "m" if h.low in lexicon().pronouns_male else "f"
    pid = resolve_personal(ctx, h.token, gender)
    unnamed = unnamed_antecedent(ctx, h.token, gender, pid)
    if unnamed is not None:
        return unnamed
    return ctx.reg.spk(pid) if pid is not None else NOBODY


def relative_pronoun(ctx: Context, h: Head) -> Speaker | Verdict | None:
    """Resolve "Smith, who said …": the relative pronoun stands for the noun the clause modifies."""
    if h.low not in {"who", "that", "which"}:
        return None
    verb = h.token.head
    if verb.dep_ == "relcl" and verb.head.i != h.token.i:
        noun = verb.head
        # "Jane Roe, a hygienist from Port Kellam, who said …": "who" is a person; the parser may hang its
        # clause on the place ending the description, which hangs on the name.
        if h.low == "who" and noun.ent_type_ in {"GPE", "LOC", "FAC"} and noun.dep_ == "pobj":
            noun = noun.head.head
        # "Jane Roe, 38, a pharmacist who said …": the description is in apposition to a name, which says.
        if noun.dep_ == "appos" and noun.head.i in ctx.reg.mention_of:
            noun = noun.head
        return resolve(ctx, noun) or NOBODY
    return NOBODY


def nonpersonal_pronoun(ctx: Context, h: Head) -> Speaker | Verdict | None:
    """Resolve it/they to the organisation (or, for they, group) that spoke or was named last."""
    if h.low not in {"they", "it"}:
        return None
    return resolve_nonpersonal(ctx, h.token, plural=h.low == "they") or NOBODY


def other_pronoun(ctx: Context, h: Head) -> Speaker | Verdict | None:
    """Refuse the narrator and pronouns with no usable antecedent ("I", "we", "this")."""
    if h.low == "one" and any(c.dep_ == "appos" for c in h.token.children):
        return None  # "one of the organisers, Paddy Roe": the name in apposition
    if h.token.pos_ == "PRON" or h.low in {"i", "we", "you", "this", "these", "those", "one"}:
        return NOBODY
    return None


def name(ctx: Context, h: Head) -> Speaker | Verdict | None:
    """Return the person a name mentions: NER mention, known surname, or "Mr. Zipperstein"."""
    pid = ctx.reg.mention_of.get(h.token.i)
    return ctx.reg.spk(pid) if pid is not None else None


def title_of_name(ctx: Context, h: Head) -> Speaker | Verdict | None:
    """Resolve "Director of rugby Neil Ashworth said": a title whose "of" phrase ran into the name."""
    if h.lemma not in lexicon().title_words:
        return None
    prep = next((c for c in h.token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    if obj is None or ctx.page.ents_by_tok.get(obj.i) != "PERSON":
        return None
    pid = ctx.reg.mention_of.get(obj.i)
    return ctx.reg.spk(pid) if pid is not None else None


def appositive_name(ctx: Context, h: Head) -> Speaker | Verdict | None:
    """Resolve "Its chairman, Ana Ruiz, said": a role noun with a name in apposition is that person."""
    pid = appositive_person(ctx.page, ctx.reg, h.token)
    return ctx.reg.spk(pid) if pid is not None else None


def appositive_body(ctx: Context, h: Head) -> Speaker | Verdict | None:
    """Resolve "Her current club, Cresthaven City Women, said": a body's noun with its name in apposition."""
    if h.token.pos_ != "NOUN" or not is_institution_noun(h.lemma):
        return None
    named = next(
        (
            c
            for c in h.token.children
            if c.dep_ == "appos" and c.i > h.token.i and ctx.page.ents_by_tok.get(c.i) == "ORG"
        ),
        None,
    )
    return resolve(ctx, named) if named is not None else None


def nickname(ctx: Context, h: Head) -> Speaker | Verdict | None:
    """Resolve a nickname the article gave someone earlier ("calling Smith “the Hammer”")."""
    pid = ctx.people.nicknames.get(speaker_key(h.text))
    return ctx.reg.spk(pid) if pid is not None else None


def described_person(ctx: Context, h: Head) -> Speaker | Verdict | None:
    """Resolve "the critic Julia Marsh wrote", where the parser makes the description the subject."""
    pid = described_name(ctx.page, ctx.reg, h.token)
    return ctx.reg.spk(pid) if pid is not None else None


def aged_person(ctx: Context, h: Head) -> Speaker | Verdict | None:
    """Resolve "the 69-year-old said" to the person last named with that age ("Ben Okafor, 69,")."""
    age = age_of(h.token) if h.low == "old" and h.definite else None
    if age is None:
        return None
    holders = [
        (max(m for m in person.mentions if m < h.token.i), pid)
        for pid, person in enumerate(ctx.reg.persons)
        if age in person.ages and any(m < h.token.i for m in person.mentions)
    ]
    if holders:
        return ctx.reg.spk(max(holders)[1])
    # News copy often gives an age only in the descriptor ("…,” said the 27-year-old, of the wing just
    # named): then it points like "he" or "she", never to someone the article gave another age.
    pid = resolve_personal(ctx, h.token, None, max_paras=2)
    if pid is not None and ctx.reg.persons[pid].ages:
        return Speaker(h.text, "unnamed")  # the one in focus is another age: someone not named
    return ctx.reg.spk(pid) if pid is not None else None


def anonymous_source(ctx: Context, h: Head) -> Speaker | Verdict | None:
    """Keep a source the article will not name ("who asked not to be named") as its description."""
    return Speaker(h.text, "unnamed") if anonymous(ctx.page, h.token) else None


def issued_document(ctx: Context, h: Head) -> Speaker | Verdict | None:
    """Resolve "the statement said" to whoever issued the statement, "Equity's letter states" to Equity."""
    lex = lexicon()
    # "The Post responded": a capitalised word inside its sentence is a name (a newspaper), not a text.
    if h.token.text[:1].isupper() and h.token.i != h.token.sent.start:
        return None
    if h.lemma in lex.issued_docs:
        return document_issuer(ctx, h.token)
    # Any text or address with its author named on it ("Equity's letter", "a memo from the ministry").
    if h.lemma not in lex.channel_nouns | lex.document_sources:
        return None
    # "X released a video that said “…”": a text someone put out is theirs.
    put_out = h.token.dep_ == "dobj" and h.token.head.lemma_.lower() in lex.issuing_verbs
    spk = document_issuer(ctx, h.token) if put_out or named_issuer(h.token) is not None else None
    if spk is None and h.lemma in lex.document_sources:
        # "The State Department released a report on Iran. … “…,” the report said."
        spk = introduced_document(ctx, h.token)
    return spk if spk is not None and spk.type in {"person", "organization"} else None


def representative_of(ctx: Context, h: Head) -> Speaker | Verdict | None:
    """Resolve "Mr. X's lawyer" to the person introduced as representing X, else keep the description.

    Never X, and never whoever was named last.
    """
    if h.lemma not in lexicon().representative_heads:
        return None
    client = client_of(ctx, h.token)
    if client is None:
        return company_voice(ctx, h)
    rep = representative(ctx, client, h.lemma, h.token.i)
    return ctx.reg.spk(rep) if rep is not None else Speaker(h.text, "unnamed")


def speaking_company(ctx: Context, ref: Token) -> Speaker | None:
    """Resolve "the company" to whoever spoke earlier in its paragraph ("X said it would appeal. “…,” …").

    The small NER model takes many a company for a person ("Veta Minerals"): a "person" with no given name
    whom no he or she ever referred to counts; a person who has one is the paragraph's speaker, not the
    company, and the article-wide choice decides.
    """
    page, reg, lex = ctx.page, ctx.reg, lexicon()
    for k in range(ref.i - 1, -1, -1):
        t = page.doc[k]
        if not page.same_para(t, ref):
            break
        if page.in_quote(t) or t.dep_ != "nsubj" or t.head.lemma_.lower() not in lex.indirect_cues:
            continue
        # "The manufacturer, Helmbridge Pharma, said …": the name in apposition to the subject.
        at = next((c.i for c in t.children if c.dep_ == "appos" and c.pos_ == "PROPN"), k)
        pid = reg.mention_of.get(at)
        if pid is not None:
            person = reg.persons[pid]
            if (person.first or "").lower() in lex.given_names or any(person.votes.values()):
                return None
            return Speaker(person.name, "organization")
        ent = next((e for e in page.doc.ents if e.start <= at < e.end and e.label_ == "ORG"), None)
        names = dict(org_mentions(ctx, at + 1))
        return Speaker(names[ent.start], "organization") if ent is not None and ent.start in names else None
    return None


def company_voice(ctx: Context, h: Head) -> Speaker | None:
    """Give "a spokesman for the firm" or "a company spokesman" to the business the article is about."""
    lex = lexicon()
    if h.np[0].lower_ not in {"a", "an"}:
        return None  # "the court spokesman" is someone the article has named, not the court
    for c in h.token.children:
        owner = next((g for g in c.children if g.dep_ == "pobj"), None) if c.lower_ == "for" else None
        if c.dep_ == "compound" and c.pos_ == "NOUN":
            owner = c
        if owner is None or not (owner.dep_ == "compound" or any(d.lower_ == "the" for d in owner.children)):
            continue  # "the firm", "the company" or bare "company": not "a firm" nobody named
        noun = owner.lemma_.lower()
        if noun in lex.generic_org_refs:
            return speaking_company(ctx, h.token) or main_company(ctx, h.token)
        # "a ministry spokeswoman", "a spokesman for the hospital": the latest body with that noun in it.
        if is_institution_noun(noun):
            named = [name for _, name in org_mentions(ctx, h.token.i) if noun in word_set(name)]
            if named:
                return Speaker(named[-1], "organization")
    return None


def org_short_name(ctx: Context, h: Head) -> Speaker | Verdict | None:
    """Resolve an organisation's short name ("Lumora") to its full name."""
    alias = ctx.people.org_alias
    if h.token.text in alias and len([t for t in h.np if t.pos_ == "PROPN"]) == 1:
        return Speaker(alias[h.token.text], "organization")
    return None


def org_entity(ctx: Context, h: Head) -> Speaker | Verdict | None:
    """Take an organisation, place or nationality entity, or a metonym ("the Kremlin"), as an organisation."""
    np_words = [t.lower_.rstrip(".") for t in h.np]
    label = ctx.page.ents_by_tok.get(h.token.i)
    metonym = " ".join(k for k in np_words if k not in DETERMINERS) in lexicon().org_metonyms
    # "the Democrat said": one member of a party is a person the article described so, not the party.
    if label == "NORP" and h.singular and h.definite:
        pid = match_role(ctx, h.np, h.token)
        if pid is None and h.bare and party_of({h.lemma, h.low}) is not None:
            # "Lt. Gov. Jane Roe came to … The Republican argued …": a party's member on second reference
            # is the person just named, as a pronoun would be, unless the article gives them the other party.
            near = resolve_personal(ctx, h.token, None, max_paras=2)
            if near is not None and not other_party({h.low}, ctx.reg.persons[near].role_vocab):
                pid = near
        if pid is not None:
            return ctx.reg.spk(pid)
    return Speaker(h.text, "organization") if label in {"ORG", "GPE", "NORP", "FAC"} or metonym else None


def role_holder(ctx: Context, h: Head) -> Speaker | Verdict | None:
    """Resolve a definite description ("the minister", "the French leader") to whoever holds that role.

    Bare titles ("President") count too; a document ("the report") is no role holder, even when a role
    mentions it ("the report's author").
    """
    lex = lexicon()
    describes_person = (
        not is_institution_noun(h.lemma) or h.lemma in lex.title_words
    ) and h.lemma not in lex.document_sources
    if not (
        h.token.pos_ in {"NOUN", "PROPN"}
        and h.singular
        and (h.definite or h.lemma in lex.title_words)
        and describes_person
    ):
        return None
    pid = match_role(ctx, h.np, h.token)
    return ctx.reg.spk(pid) if pid is not None else None


def repeated_description(ctx: Context, h: Head) -> Speaker | Verdict | None:
    """Resolve a bare definite description to the latest unnamed speaker with that head noun.

    "the official" after "a senior health official", "the government" after "the German government".
    """
    if not h.bare:
        return None
    for i, spk in reversed(ctx.memory.order):
        if i < h.token.i and spk.person is None and key_tokens(spk.name)[-1:] == [h.lemma]:
            return spk
    return None


def _epithet_phrase(ctx: Context, h: Head) -> bool:
    """Tell whether a definite description only adds common words to its noun ("the real estate developer").

    News copy varies its second reference to the person just named with such epithets ("the billionaire
    real estate developer said"); a proper name, a number, a possessor or "the other …" in the phrase
    picks someone else out.
    """
    lex = lexicon()
    at = next((k for k, t in enumerate(h.np) if t.i == h.token.i), 0)
    inner, tail = h.np[1:at], h.np[at + 1 :]
    # "the nominee for governor": a post the person runs for or holds, in common words.
    post = len(tail) == 2 and tail[0].lower_ == "for" and tail[1].pos_ == "NOUN" and tail[1].is_lower
    shaped = (
        len(h.np) > 2
        and h.np[0].lower_ == "the"
        and (not tail or post)
        and all(
            t.dep_ in {"amod", "compound", "nmod"}
            and t.pos_ in {"ADJ", "NOUN"}
            and (t.is_lower or party_of({t.lower_}) is not None)  # "the Democratic nominee"
            and t.lower_ not in lex.contrast_modifiers | lex.past_role_words | lex.new_role_words
            for t in inner
        )
    )
    if not shaped:
        return False
    # An epithet is news: a noun the article used before ("pressed the inspector general …") names
    # whoever that mention was, not the person just named (unless that mention was resolved to a person:
    # the same epithet again).
    resolved = ctx.memory.resolved
    return not any(
        t.lemma_.lower() == h.lemma and ((spk := resolved.get(t.i)) is None or spk.person is None)
        for t in h.page.doc[: h.token.i]
    )


def nearby_person(ctx: Context, h: Head) -> Speaker | Verdict | None:
    """Resolve "the researcher", which no role matched, like a pronoun to the person last named nearby.

    Unless that person holds a title, which would have matched.
    """
    lex = lexicon()
    personal_noun = not is_institution_noun(h.lemma) and h.lemma not in lex.document_sources
    # "The mother of three said": a count of children is an epithet, like an age, not a new person.
    after = [t for t in h.np if t.i > h.token.i]
    epithet = (
        len(after) == 2
        and after[0].lower_ == "of"
        and after[1].like_num
        and [t.lower_ for t in h.np if t.i < h.token.i] == ["the"]
    )
    if not (
        (h.bare or epithet or _epithet_phrase(ctx, h))
        and h.singular
        and h.token.pos_ == "NOUN"
        and personal_noun
    ):
        return None
    gender = (lex.kin_words.get(h.lemma) or lex.gendered_role_words.get(h.lemma)) if epithet else None
    pid = resolve_personal(ctx, h.token, gender, max_paras=2)
    if pid is None:
        return None
    person_words = ctx.reg.persons[pid].role_vocab
    if not person_words & lex.title_words and not other_party(word_set(h.text), person_words):
        return ctx.reg.spk(pid)
    return None


def named_institution(ctx: Context, h: Head) -> Speaker | Verdict | None:
    """Resolve "the resort" to the organisation named before it that this noun names.

    News names a body once ("Mont Tremblant Ski Resort"; "The Shopworkers' Alliance, the main retail
    union,") and then calls it by that noun; "an earlier statement from the resort said" is that body's.
    """
    # "the resort" ("the resort's statement": the possessor, whose 's the noun phrase leaves out).
    bare = len(h.np) == 2 and h.np[0].lower_ == "the"
    if not (bare and h.singular and h.token.pos_ == "NOUN") or person_noun(h.lemma):
        return None
    page = ctx.page
    para = page.para_of[h.token.i]
    nouns = {h.low, h.lemma}
    found: list[tuple[int, str]] = []
    # A facility named like a body ("the Harwell Ski Resort", tagged FAC) speaks as one too.
    facilities = [
        (e.start, page.np_text([t for t in e if t.lower_ != "the"]))
        for e in page.doc.ents
        if e.label_ == "FAC" and e.end <= h.token.i and not page.in_quote(e[0])
    ]
    for i, name in [*org_mentions(ctx, h.token.i), *facilities]:
        parts = name.split()
        # "The Reserve Bank of Tavessa" ... "the bank": a name built "X of Y" ends in what it belongs to.
        head = parts[parts.index("of", 1) - 1] if "of" in parts[1:] else parts[-1]
        if len(parts) > 1 and head.lower() in nouns:
            found.append((i, name))
    for t in page.doc[bisect.bisect_left(page.para_of, para - 8) : h.token.i]:
        owner = t.head
        if t.dep_ == "appos" and t.lemma_.lower() in nouns and owner.pos_ == "PROPN" and not page.in_quote(t):
            left = [u for u in owner.subtree if u.i <= owner.i and page.same_para(u, owner)]
            left = [u for u in left if not u.is_space]
            while left[0].is_punct or left[0].dep_ == "det":
                left = left[1:]
            found.append((owner.i, page.text[left[0].idx : owner.idx + len(owner)]))
        # "The Whitfield campaign called the ads false. “…,” the campaign said": a body named by whom it
        # belongs to, a name written before the noun.
        named = [c for c in t.children if c.dep_ in {"compound", "poss"} and c.pos_ == "PROPN"]
        if t.lemma_.lower() in nouns and t.pos_ == "NOUN" and named and not page.in_quote(t):
            first = min(named[0].subtree, key=lambda u: u.i)
            found.append((t.i, norm_np_text(page.text[first.idx : t.idx + len(t)])))
    found = [f for f in found if para - page.para_of[f[0]] <= 8]
    return Speaker(max(found)[1], "organization") if found else None


def recent_body(ctx: Context, h: Head) -> Speaker | Verdict | None:
    """Resolve "the advocacy group" to the one organisation the last sentences name.

    "The Committee to Protect Journalists, in a written statement, demanded … “…,” the advocacy group
    said": news copy names a body once and then describes it. Only when the sentence and the two before it
    name one organisation and nobody else: otherwise the description may be anyone's.
    """
    lex = lexicon()
    definite = h.np[0].lower_ == "the" and h.singular and h.token.pos_ == "NOUN"
    if not definite or not (h.lemma in lex.body_nouns or h.low in lex.body_nouns):
        return None
    page = ctx.page
    # "the human rights group Open Door Watch said": the organisation named right after the noun.
    named = next((e for e in page.doc.ents if e.start == h.token.i + 1 and e.label_ == "ORG"), None)
    if named is not None:
        return Speaker(page.tokens_text(list(named)), "organization")
    sid = page.sent_of[h.token.i]
    lo = next((i for i in range(h.token.i, -1, -1) if sid - page.sent_of[i] > 2), -1) + 1
    names = {name for i, name in org_mentions(ctx, h.token.i) if i >= lo}
    people = {
        ctx.reg.mention_of[i]
        for i in range(lo, h.token.i)
        if i in ctx.reg.mention_of and not page.in_quote(page.doc[i])
    }
    if len(names) != 1 or people:
        return None
    return Speaker(names.pop(), "organization")


def institution(ctx: Context, h: Head) -> Speaker | Verdict | None:
    """Take an institution noun as an organisation; "the company" is the business the article is about."""
    lex = lexicon()
    if h.lemma in lex.generic_org_refs and len(h.np) <= 2:
        ref = speaking_company(ctx, h.token) or main_company(ctx, h.token)
        if ref is not None:
            return ref
    if not (is_institution_noun(h.lemma) or h.low in lex.org_heads):
        return None  # "the miner" with no business named: a person, left to description
    return Speaker(h.text, "organization")


def new_name(ctx: Context, h: Head) -> Speaker | Verdict | None:
    """Register a capitalised name nobody found before (the registry grows here) and return that person."""
    lex = lexicon()
    tok = h.token
    if not (tok.pos_ == "PROPN" and tok.text[:1].isupper() and h.lemma not in lex.title_words):
        return None
    names = [t for t in h.np if t.pos_ == "PROPN" and t.lower_.rstrip(".") not in lex.honorifics]
    names = [t for t in names if t.lower_ not in lex.title_words]
    if names:
        pid = ctx.reg.add(names, False)
        if pid is not None:
            return ctx.reg.spk(pid)
    return None


def description(ctx: Context, h: Head) -> Speaker | Verdict | None:
    """Keep a description of a person or document ("a senior official", "the report") as an unnamed source."""
    lex = lexicon()
    lemma = h.lemma
    if (
        lemma in lex.unnamed_heads
        or lemma in lex.title_words
        or lemma in lex.document_sources
        or agentive(lemma)
    ):
        return Speaker(h.text, "unnamed")
    return None  # "the findings", "the idea": not a speaker


RULES: tuple[Rule, ...] = (
    personal_pronoun,
    relative_pronoun,
    nonpersonal_pronoun,
    other_pronoun,
    name,
    title_of_name,
    appositive_name,
    appositive_body,
    nickname,
    described_person,
    aged_person,
    anonymous_source,
    issued_document,
    representative_of,
    org_short_name,
    org_entity,
    role_holder,
    repeated_description,
    named_institution,
    recent_body,
    nearby_person,
    institution,
    new_name,
    description,
)


def decide(ctx: Context, token: Token) -> Speaker | None:
    """Return the first speaker a rule gives for a head token, or None when a rule refuses or none applies."""
    head = Head(ctx.page, token)
    for rule in RULES:
        found = rule(ctx, head)
        if found is NOBODY:
            return None
        if found is not None:
            return found  # type: ignore[return-value]
    return None
