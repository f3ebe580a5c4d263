"""Stage 4c, quoted phrases: a phrase in quotation marks inside the writer's own sentence, and its speaker.

News copy quotes a speaker's words mid-sentence: "X likened the plan to “a leaky boat”", "X condemned
the test as “reckless”", "X went on about “how the system is rigged”", "echoes of X's allegations of a
“vast plot”". No verb of saying touches such a quote, so the cues stage finds nobody; the parse does:
from the phrase, up the dependency tree, to the verb (or noun) of saying that governs it, whose
subject (or possessor) used the words. A verb that is not one of saying, with a subject of its own,
ends the climb: "She spent weeks on the “listening tour”" is the writer's scare quote, nobody's words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from index.lexicon import lexicon
from index.quotes.cues import complemented_bare_cue, direct_cues, outer_teller, subject_of
from index.quotes.page import Page

if TYPE_CHECKING:
    from spacy.tokens import Token

    from index.quotes.people import Registry

_MAX_CLIMB = 10  # dependency steps from a phrase to its verb: a sentence, not a paragraph
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
_RELATIVE = frozenset({"who", "that", "which", "whom"})
_SMALL_WORDS = frozenset({"a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to"})


@dataclass(frozen=True)
class Phrase:
    """A quoted phrase's speaker head token and the word of saying that governs the phrase."""

    head: Token
    governor: Token


def find_phrases(page: Page, reg: Registry) -> Mapping[int, Phrase]:
    """Map each quoted phrase inside a sentence (by segment index) to its speaker, where the parse tells."""
    out: dict[int, Phrase] = {}
    for k in range(len(page.segs)):
        if not embedded(page, k):
            continue
        found = phrase_speaker(page, reg, k)
        if found is not None and (not title_like(page, k) or _label(page, k, found)):
            out[k] = found
    return out


def _label(page: Page, k: int, found: Phrase) -> bool:
    """Tell a capitalised phrase a speaker puts on someone ("referred to Lee as “Little Ben”"): their words.

    Passive naming ("known as “the Hammer”") never gets here: "know" is no verb of saying, so the climb
    from the phrase finds no speaker.
    """
    roots = _roots(page, _words(page, k), k)
    verb = found.governor
    if not roots or verb.pos_ != "VERB":
        return False
    root = roots[0]
    as_object = root.dep_ == "pobj" and root.head.lower_ == "as" and root.head.head.i == verb.i
    return as_object or (root.dep_ == "oprd" and root.head.i == verb.i)


def _words(page: Page, k: int) -> list[Token]:
    """Return the words of quote k (its tokens without punctuation and spaces)."""
    seg = page.segs[k]
    span = page.doc[page.tok_at_or_after(seg.open_pos) : page.tok_at_or_after(seg.outer_end)]
    return [t for t in span if not t.is_punct and not t.is_space]


def _roots(page: Page, words: list[Token], k: int) -> list[Token]:
    """Return the words of quote k that the parser hangs on a word outside it."""
    return [t for t in words if page.seg_of[t.head.i] != k and t.head.i != t.i]


def embedded(page: Page, k: int) -> bool:
    """Tell whether quote k stands inside a sentence of the writer's, after some of its words."""
    seg = page.segs[k]
    first = page.tok_at_or_after(seg.open_pos)
    sid, para = page.sent_of[first], page.para_of[first]
    j = first - 1
    while j >= 0 and page.sent_of[j] == sid and page.para_of[j] == para:
        t = page.doc[j]
        if not page.in_quote(t) and not t.is_punct and not t.is_space:
            return True
        j -= 1
    return False


def is_phrase(page: Page, k: int) -> bool:
    """Tell a quoted phrase ("called it “a disaster”") from a quoted sentence introduced by a cue."""
    seg = page.segs[k]
    before = page.text[page.paras[seg.para][0] : seg.open_pos].rstrip()
    content = page.text[seg.start : seg.end]
    return embedded(page, k) and not before.endswith((",", ":")) and not content[:1].isupper()


def title_like(page: Page, k: int) -> bool:
    """Tell a quoted name or title ("the “Safe Streets Act”") by its capitalised words."""
    seg = page.segs[k]
    words = [w for w in page.text[seg.start : seg.end].split() if w[:1].isalpha()]
    big = [w for w in words if w.lower() not in _SMALL_WORDS]
    return 0 < len(words) <= 6 and bool(big) and all(w[:1].isupper() for w in big)


def phrase_speaker(page: Page, reg: Registry, k: int) -> Phrase | None:
    """Climb from quote k to the verb or noun of saying that governs it; return its speaker."""
    lex = lexicon()
    inside = _words(page, k)
    roots = _roots(page, inside, k)
    if not roots:
        return None
    prev, cur, via_noun = roots[0], roots[0].head, False
    # English puts an adjective before its noun: a quoted adjective the parser hangs on a noun well before
    # it ("called Lee's claim over the emails “disturbing”") is the object complement of the verb above.
    if prev.dep_ == "amod" and cur.pos_ in {"NOUN", "PROPN"} and prev.i - cur.i > 2:
        cur = next((a for a in cur.ancestors if a.pos_ in {"VERB", "AUX"}), cur)
    for _ in range(_MAX_CLIMB):
        if not page.same_para(cur, roots[0]):
            return None
        lemma = cur.lemma_.lower()
        if cur.pos_ == "NOUN" and lemma in lex.speech_nouns and not page.in_quote(cur):
            owner = next((c for c in cur.children if c.dep_ == "poss"), None)
            if owner is not None:
                return Phrase(owner, cur)
            via_noun = True
        elif cur.pos_ in {"VERB", "AUX"} and not page.in_quote(cur):
            # "Roe released a memo titled “…”": a text's title is the words of whoever put the text out.
            if stems(cur) & lex.title_verbs and cur.dep_ == "acl" and cur.head.pos_ == "NOUN":
                return _author(page, reg, cur)
            # "Her campaign slogan is “I'm with her.”": what a possessed speech noun is said to be is
            # the owner's words.
            if cur.lemma_ == "be" and prev.dep_ in {"attr", "acomp", "ccomp"}:
                said = _said_subject(page, cur)
                if said is not None:
                    return said
            if prev.dep_ in _SUBJECTS:  # "Residents of the “green zone” said": the subject is not said
                return None
            # "stood by his comment that “…”": the parser hangs the noun's content clause on the verb; the
            # speech noun right before the clause says whose words they are.
            if prev.dep_ == "ccomp" and prev.i > cur.i:
                noun = _speech_noun_before(page, prev.left_edge)
                if noun is not None:
                    return Phrase(noun[0], noun[1])
            # "The paradox, says Lee, is that she was “…”": a verb of saying set off in the clause speaks it.
            asides = (c for c in cur.children if c.dep_ == "parataxis" and c.i < prev.i and says(page, c))
            aside = next(asides, None)
            if aside is not None:
                head = verb_subject(page, reg, aside)
                return Phrase(head, aside) if head is not None else None
            if says(page, cur) or (via_noun and lemma in lex.light_speech_verbs) or speech_object(cur):
                teller = outer_teller(page, cur, inside[0])
                if teller is not None:
                    cur = teller
                head = verb_subject(page, reg, cur)
                return Phrase(head, cur) if head is not None else None
            subj = next((c for c in cur.children if c.dep_ in _SUBJECTS), None)
            # A clause with its own subject is the writer's, unless it is reported ("said it was
            # “rigged”") or relative ("a liar who is “utterly amoral”"), which belong to the clause above.
            relative = cur.dep_ == "relcl" and subj is not None and subj.lower_ in _RELATIVE
            # "reiterated the stance that all options stay “on the table”": a that-clause saying what a noun
            # holds belongs to the clause above, as a reported one does.
            content = cur.dep_ in {"acl", "relcl"} and any(
                c.dep_ == "mark" and c.lower_ == "that" for c in cur.children
            )
            if subj is not None and cur.dep_ != "ccomp" and not (relative or content):
                return None
        if cur.head.i == cur.i:
            return None
        prev, cur = cur, cur.head
    return None


def _said_subject(page: Page, copula: Token) -> Phrase | None:
    """Return (owner, noun) when a copula's subject is a possessed speech noun ("his reply was …")."""
    subj = next((c for c in copula.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.lemma_.lower() not in lexicon().speech_nouns or page.in_quote(subj):
        return None
    owner = next((c for c in subj.children if c.dep_ == "poss"), None)
    return Phrase(owner, subj) if owner is not None else None


def _author(page: Page, reg: Registry, titled: Token) -> Phrase | None:
    """Return who put out the text a title participle hangs on: the subject issuing or answering with it."""
    text = titled.head
    verb, via = text.head, None
    if text.dep_ == "pobj" and verb.dep_ == "prep":
        verb, via = verb.head, verb.lower_
    elif text.dep_ != "dobj":
        return None
    # "released a memo titled", "responded with a piece entitled"; not "was thrilled with the piece".
    issued = bool(stems(verb) & lexicon().issuing_verbs) and via is None
    answered = via == "with" and says(page, verb)
    if verb.pos_ not in {"VERB", "AUX"} or not (issued or answered):
        return None
    head = verb_subject(page, reg, verb)
    return Phrase(head, verb) if head is not None else None


def _speech_noun_before(page: Page, edge: Token) -> tuple[Token, Token] | None:
    """Return (owner, noun) of a possessed speech noun just before a clause ("his comment Monday that …")."""
    lex = lexicon()
    for k in range(edge.i - 1, max(edge.i - 4, -1), -1):
        t = page.doc[k]
        if t.pos_ == "NOUN" and t.lemma_.lower() in lex.speech_nouns and not page.in_quote(t):
            owner = next((c for c in t.children if c.dep_ == "poss"), None)
            return (owner, t) if owner is not None else None
        if t.pos_ not in {"PROPN", "NOUN", "ADV"} or t.ent_type_ not in {"DATE", "TIME", ""}:
            return None
    return None


def says(page: Page, verb: Token) -> bool:
    """Tell whether a verb puts words on something: a verb of saying, characterising or its phrasal kind."""
    lex = lexicon()
    lemmas = stems(verb)
    if complemented_bare_cue(verb, lemmas):  # "will continue to be “…”"
        return False
    if lemmas & (direct_cues() | lex.indirect_cues | lex.phrase_verbs):
        return True
    # "in a statement credited him for “…”": what a verb does in a statement or an interview is said.
    if any(
        c.dep_ == "prep" and c.lower_ == "in" and g.dep_ == "pobj" and g.lemma_.lower() in lex.channel_nouns
        for c in verb.children
        for g in c.children
    ):
        return True
    # "shot back that the bill is a “sham”": a two-word tag of speech says what its clause holds.
    return any(
        f"{lemma} {c.lower_}" in lex.phrasal_speech_verbs | lex.phrasal_tag_cues
        for lemma in lemmas
        for c in verb.children
        if c.dep_ in {"prt", "prep", "advmod"} and c.i == verb.i + 1
    )


def speech_object(verb: Token, dobj_only: bool = False) -> bool:
    """Tell whether a light verb's object is a word for speech ("issued a statement", "went on a tirade").

    The parser hangs "launched into a lament for the “…”"'s phrase on the verb, not on the noun.
    """
    lex = lexicon()
    if verb.lemma_.lower() not in lex.light_speech_verbs:
        return False
    objs = [c for c in verb.children if c.dep_ == "dobj"]
    if not dobj_only:
        objs += [g for c in verb.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    return any(o.lemma_.lower() in lex.speech_nouns for o in objs)


def stems(verb: Token) -> set[str]:
    """Return the verb's lemma and its inflected form's stems (the small model lemmatises "rated" "rat")."""
    low = verb.lower_
    out = {verb.lemma_.lower(), low}
    for suffix in ("ing", "ed", "es", "s", "d"):
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            stem = low[: -len(suffix)]
            out |= {stem, stem + "e"}
    return out


def verb_subject(page: Page, reg: Registry, verb: Token) -> Token | None:
    """Return who performs a verb of saying: its subject, a passive's agent, or whoever is blamed for it."""
    ok = lambda c: page.same_para(c, verb) and not page.in_quote(c)  # noqa: E731
    subj = next((c for c in verb.children if c.dep_ == "nsubj" and ok(c)), None)
    if subj is not None:
        return subj
    for agent in (c for c in verb.children if c.dep_ == "agent"):
        obj = next((c for c in agent.children if c.dep_ == "pobj" and ok(c)), None)
        if obj is not None:
            return obj
    # "criticised Smith for calling it “…”": the one blamed said it; "was fined for saying …": the subject.
    # "for not calling it “…”" blames Smith for not saying it: the words are the subject's.
    negated = any(c.dep_ == "neg" for c in verb.children)
    if negated and verb.dep_ == "pcomp" and verb.head.lower_ == "for":
        # "X called for Y to resign for not calling it “…”": the words are those of the sentence's subject.
        root = verb.sent.root
        return subject_of(page, reg, root) if root.pos_ in {"VERB", "AUX"} and root.i != verb.i else None
    if verb.dep_ == "pcomp" and verb.head.lower_ == "for":
        governor = verb.head
        for _ in range(3):  # "appeared at a hearing for saying": up to the verb the reason is for
            if governor.head.i == governor.i or not page.same_para(governor.head, verb):
                return None
            governor = governor.head
            if governor.pos_ in {"VERB", "AUX"}:
                break
        else:
            return None
        obj = next((c for c in governor.children if c.dep_ == "dobj" and ok(c)), None)
        if obj is not None and (obj.i in reg.mention_of or obj.lower_ in {"him", "her"}):
            return obj
        return subject_of(page, reg, governor) if governor.pos_ in {"VERB", "AUX"} else None
    return subject_of(page, reg, verb)
