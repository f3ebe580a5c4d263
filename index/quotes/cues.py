"""Stage 4a, cues: the verbs of saying beside each quote and the subjects they give it.

For every quoted span this stage finds the clause that touches it (``"…," said X`` / ``X said: "…"``)
and that clause's subject, the attribution on the line after a quote ("Macron added.", a speaker line),
and textacy's own reading of the direct quotations. It finds speaker *tokens*; turning a token into a
speaker is resolution's job.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from index.lexicon import lexicon
from index.quotes.page import TERMINATORS, Page, age_of, person_noun
from index.readers import DATELINE
from index.speakers import is_institution_noun

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from index.quotes.people import People, Registry

log = logging.getLogger(__name__)

_PLACE_OR_BODY = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC", "DATE", "TIME"})
_RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})
_AS_IT = frozenset({"mark", "dobj"})  # "as X put it": the clause's "as" and its object "it"


@dataclass(frozen=True)
class Cues:
    """Speaker tokens found for each quoted span (by segment index)."""

    own: Mapping[int, Token]  # the subject of the clause touching the quote
    has_cue: Mapping[int, bool]  # a verb of saying touches the quote (even if it gave no subject)
    next_line: Mapping[int, Token | int]  # a follow-on line's subject, or a speaker line's person
    textacy: Mapping[int, Token]  # textacy's speaker, when its cue is in the quote's paragraph
    # The sentence right after a quote names whose words they were ("Those were the words of X.")
    back_ref: Mapping[int, Token]


def find_cues(page: Page, people: People) -> Cues:
    """Find each quote's own attribution, its next-line attribution and textacy's."""
    reg = people.registry
    own: dict[int, Token] = {}
    has_cue: dict[int, bool] = {}
    for k, seg in enumerate(page.segs):
        label = people.labels.get(seg.para)
        if label is not None:  # a round-up's "“…” ― Jane Roe": the label is the attribution
            own[k], has_cue[k] = page.doc[label], True
            continue
        try:
            head, cue_found = own_attribution(page, reg, k)
        except Exception as exc:  # a strange parse must cost one quote, never the article
            log.warning("attribution failed for quote %d: %s", k, exc)
            head, cue_found = None, False
        has_cue[k] = cue_found
        if head is not None:
            own[k] = head
    next_line: dict[int, Token | int] = {}
    for k, seg in enumerate(page.segs):
        ks = page.segs_in_para[seg.para]
        if k != ks[-1] or not seg.at_para_end:
            continue
        nxt = page.layout.next_para(seg.para)  # blank lines between paragraphs do not count
        if nxt >= len(page.paras):
            continue
        if nxt in people.speaker_lines:
            next_line[k] = people.speaker_lines[nxt]
            continue
        cue = follow_on_cue(page, nxt)
        if cue is not None:
            subj = subject_of(page, reg, cue, page.para_tokens(nxt))
            if subj is not None:
                next_line[k] = subj
    back_ref: dict[int, Token] = {}
    for k, seg in enumerate(page.segs):
        # A question or an exclamation may end a quote whose speaker the next sentence names; a comma
        # or a dash leaves it to the attribution that follows.
        if k in own or not seg.closed or (seg.soft_end and page.text[seg.end - 1] not in "?!"):
            continue
        ks = page.segs_in_para[seg.para]
        pos = ks.index(k)
        upto = page.segs[ks[pos + 1]].open_pos if pos + 1 < len(ks) else page.paras[seg.para][1]
        sentence = page.region(seg.outer_end, upto)
        owner_ok = True
        if pos + 1 == len(ks) and page.quote_only(seg.para):
            # '“…”' alone, then "That was the assessment of X, …" opening the next paragraph: only a
            # demonstrative points that far back ("The statement was signed by X" is news of its own).
            nxt = page.layout.next_para(seg.para)
            if nxt >= len(page.paras):
                continue
            start, end = page.paras[nxt]
            later = page.segs_in_para.get(nxt)
            if later:
                end = page.segs[later[0]].open_pos
            sentence, owner_ok = page.region(start, end), False
            pointing = bool(sentence) and sentence[0].lower_ in _POINTING_BACK
            if not (pointing or _made_by(sentence[1:2]) is not None):
                continue
        cut = next((n for n, t in enumerate(sentence) if t.text in TERMINATORS), None)
        # Only a whole sentence between this quote and the next (a quote inside it would be its own).
        if cut is None and pos + 1 < len(ks):
            continue
        found = back_reference(page, sentence[:cut], owner_ok)
        if found is not None:
            back_ref[k] = found
    return Cues(
        MappingProxyType(own),
        MappingProxyType(has_cue),
        MappingProxyType(next_line),
        MappingProxyType(textacy_refs(page)),
        MappingProxyType(back_ref),
    )


_DEMONSTRATIVES = frozenset({"the", "this", "that", "these", "those", "such"})
_POINTING_BACK = _DEMONSTRATIVES - {"the"}


def back_reference(page: Page, sentence: list[Token], owner_ok: bool = True) -> Token | None:
    """Return who the sentence after a quote says spoke it, referring back to the quote.

    News copy sometimes names the speaker only after the quote, in a sentence of its own that points
    back at the words: "Those were the words of X", "The remark came from X", "X made the remark",
    "That is how X put it". The noun of saying must point back (a determiner or a possessor):
    "a warning" is news of its own. Without owner_ok (a sentence in the next paragraph), a possessor
    ("X's remarks came after …") moves the story on rather than pointing back.
    """
    lex = lexicon()
    ids = {t.i for t in sentence}
    inside = lambda t: t is not None and t.i in ids  # noqa: E731

    def child(t: Token, deps: set[str], words: set[str] | None = None) -> Token | None:
        return next((c for c in t.children if c.dep_ in deps and (words is None or c.lower_ in words)), None)

    def obj_of(t: Token, preps: set[str]) -> Token | None:
        prep = child(t, {"prep", "agent"}, preps)
        return child(prep, {"pobj"}) if prep is not None else None

    # "That was how X described (defended, explained) the vote": whoever the clause after "how" is about
    # said it, whatever the verb (and wherever the parser hangs "how").
    opening = [t.lower_ for t in sentence[:3]]
    how = len(sentence) > 3 and opening[0] in _POINTING_BACK and opening[2] == "how"
    if how and sentence[1].lemma_ == "be":
        subj = next((t for t in sentence[3:] if t.dep_ == "nsubj" and t.head.pos_ == "VERB"), None)
        if inside(subj):
            return subj
    for t in sentence:
        lemma = t.lemma_.lower()
        # "That is how X put it": the one who put it so said it.
        if t.pos_ == "VERB" and lemma in lex.back_reference_verbs and child(t, {"dobj"}, {"it"}) is not None:
            subj = child(t, {"nsubj"})
            if inside(subj):
                return subj
        # The tagger sometimes takes a sentence-opening "That quote" for an interjection: its role will do.
        nominal = t.pos_ == "NOUN" or t.dep_ in {"nsubj", "nsubjpass", "dobj"}
        if not nominal or lemma not in lex.speech_nouns | lex.back_reference_nouns:
            continue
        owner = child(t, {"poss"})
        # "X's words drew cheers"; "Thursday's charges" are news of the day, not anyone's words.
        if (
            owner_ok
            and inside(owner)
            and owner.pos_ == "PROPN"
            and page.ents_by_tok.get(owner.i) not in {"DATE", "TIME"}
        ):
            return owner
        if not any(c.dep_ == "det" and c.lower_ in _DEMONSTRATIVES for c in t.children):
            continue
        for found in (
            obj_of(t, {"of", "from", "by"}),  # "the words of X"
            _made_by([t]),  # "The message, sent by X to …"
            obj_of(t.head, {"from", "by"}) if t.dep_ in {"nsubj", "nsubjpass"} else None,  # "came from X"
            child(t.head, {"nsubj"})  # "X made the remark"
            if t.dep_ == "dobj" and t.head.lemma_.lower() in lex.light_speech_verbs
            else None,
        ):
            if found is not None and found.lemma_.lower() in lex.channel_nouns | lex.document_sources:
                # "Those were the first words of the 999 call made by X" / "… of a letter from X": the
                # words of something said or written are its maker's.
                made = next((c for c in found.children if c.dep_ == "acl"), None)
                maker = obj_of(made, {"by"}) if made is not None else None
                found = maker or obj_of(found, {"by", "from"}) or child(found, {"poss"}) or found
            if inside(found):
                return found
    return None


def _made_by(nouns: list[Token]) -> Token | None:
    """Return X in "The message, sent by X to …": the agent of a participle that puts a text out."""
    lex = lexicon()
    putting_out = lex.issuing_verbs | {"write"}  # "written by X": the writer's, as a speaker's
    for noun in nouns:
        if noun.lemma_.lower() not in lex.speech_nouns | lex.channel_nouns | lex.document_sources:
            continue
        for verb in noun.children:
            if verb.dep_ != "acl" or verb.tag_ != "VBN" or verb.lemma_.lower() not in putting_out:
                continue
            for agent in (c for c in verb.children if c.dep_ == "agent"):
                by = next((c for c in agent.children if c.dep_ == "pobj"), None)
                if by is not None and by.pos_ == "PROPN":
                    return by
    return None


@functools.cache
def direct_cues() -> frozenset[str]:
    """Return the cue verbs for direct quotes: textacy's REPORTING_VERBS with the lexicon's changes."""
    lex = lexicon()
    verbs, _ = textacy()
    return frozenset((set(verbs or lex.direct_cue_fallback) | lex.direct_cue_extras) - lex.direct_cue_drops)


@functools.cache
def textacy() -> tuple[frozenset[str], Callable[[Doc], Iterable[Any]] | None]:
    """Return textacy's reporting verbs and direct-quotation extractor, imported on first use (about 1 s)."""
    try:
        from textacy.constants import REPORTING_VERBS  # noqa: PLC0415
        from textacy.extract.triples import direct_quotations  # noqa: PLC0415
    except Exception:  # textacy missing or reorganised: our own rules still run
        return frozenset(), None
    return frozenset(REPORTING_VERBS.get("en", ())), direct_quotations


@functools.cache
def _text_nouns() -> frozenset[str]:
    """Return the nouns for a text or address that carries words ("statement", "letter", "ad"), built once."""
    lex = lexicon()
    return lex.channel_nouns | lex.document_sources | lex.issued_docs


def per_source(page: Page, t: Token) -> Token | None:
    """Return the source of a "per X" set off after a quote, which reads as "according to X", if any.

    '“…,” per the State Department': the comma or closing mark before it tells it from a rate ("$3 per
    gallon"); the source is a name or a noun for someone or some body.
    """
    if t.lower_ != "per" or t.i == 0 or page.doc[t.i - 1].text not in {",", "”", '"', "’"}:
        return None
    source = next((c for c in t.children if c.dep_ == "pobj"), None)
    if source is None or page.in_quote(source) or not page.same_para(source, t):
        return None
    lemma = source.lemma_.lower()
    named = source.pos_ == "PROPN" or source.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"}
    # "per his campaign manager", "per the department", "per a statement from X".
    described = person_noun(lemma) or is_institution_noun(lemma) or lemma in _text_nouns()
    return source if named or described else None


def is_cue(page: Page, t: Token) -> bool:
    """Tell whether a token is a verb of saying for a direct quote, or "according (to)" or "per"."""
    if t.lower_ == "according" and t.i + 1 < len(page.doc) and page.doc[t.i + 1].lower_ == "to":
        return True
    if per_source(page, t) is not None:
        return True
    # "so-called" introduces a scare quote, not a speaker.
    if t.i >= 2 and page.doc[t.i - 1].text == "-" and page.doc[t.i - 2].lower_ == "so":
        return False
    # "the alleged victims": a participle before a noun describes it, and nobody speaks; but "the
    # 66-year-old told reporters" is a misparse of a subject and its verb.
    if t.dep_ == "amod" and _age_before(page, t) is None:
        return False
    # "as the prosecutor put it, “…”": the idiom hands the quote to the one who put it so.
    if t.lemma_.lower() == "put" and {"as", "it"} <= {c.lower_ for c in t.children if c.dep_ in _AS_IT}:
        return True
    if t.pos_ == "VERB" and t.lemma_.lower() == "read":
        # '“…,” the statement read': a text reads as its words; a person reading is no cue.
        return _reading_text(t) is not None
    if t.pos_ != "VERB" or t.lemma_.lower() not in direct_cues():
        return False
    return not complemented_bare_cue(t, {t.lemma_.lower()})


def _age_before(page: Page, verb: Token) -> Token | None:
    """Return the age right before a verb the parser made an adjective, if any.

    "“…,” the 66-year-old told reporters": the small parser reads it all as one noun phrase, "told" an
    adjective on "reporters"; the age ("old") is the verb's subject.
    """
    before = page.doc[verb.i - 1] if verb.i else None
    if verb.dep_ == "amod" and before is not None and before.lower_ == "old" and age_of(before):
        return before
    return None


def _reading_text(verb: Token) -> Token | None:
    """Return the text whose words a "read" gives: '“…,” the statement read', or 'read the statement'.

    Inverted, the parser takes the text for the object; with no subject beside it, nobody reads it aloud.
    """
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    objects = [c for c in verb.children if c.dep_ == "dobj"] if not subjects else []
    return next((c for c in subjects + objects if c.lemma_.lower() in _text_nouns()), None)


def complemented_bare_cue(verb: Token, lemmas: set[str]) -> bool:
    """Tell whether a verb that is one of saying only when bare ("continue") has an object or infinitive."""
    return bool(lemmas & lexicon().bare_cues) and any(c.dep_ in {"xcomp", "dobj"} for c in verb.children)


def is_tag_cue(t: Token) -> bool:
    """Tell whether a token is a verb of the manner of speaking ("shouted"), a cue only beside its quote."""
    if t.pos_ != "VERB":
        return False
    lex = lexicon()
    lemma = t.lemma_.lower()
    return lemma in lex.tag_cues or any(
        c.dep_ in {"prt", "advmod"} and f"{lemma} {c.lower_}" in lex.phrasal_tag_cues for c in t.children
    )


def tags_quote(before: list[Token], cue: Token) -> bool:
    """Tell whether a cue before a quote introduces it with no clause between ("shouted to them, “…”")."""
    rest = [t for t in before if t.i > cue.i]
    return bool(rest) and rest[-1].text in {",", ":"} and not any(t.pos_ in {"VERB", "AUX"} for t in rest)


def subject_of(page: Page, reg: Registry, cue: Token, region: list[Token] | None = None) -> Token | None:
    """Find the speaker head token for a cue verb, within the cue's paragraph and outside quotes."""
    found = _subject_of(page, reg, cue, region)
    if found is not None and _in_dateline(page, found):
        # "KHARTOUM, Sudan (CNN) -- Iranian President X lashed out": the parser makes the dateline's
        # city the subject, with the real one in apposition to it or as a second subject.
        others = [c for c in found.head.children if c.dep_ in {"nsubj", "nsubjpass"} and c.i != found.i]
        appos = [c for c in found.children if c.dep_ == "appos"]
        found = next((c for c in appos + others if not _in_dateline(page, c)), None)
    return _placed_person(page, found) if found is not None else None


def _in_dateline(page: Page, t: Token) -> bool:
    """Tell whether a token is part of a dateline opening the article's first paragraphs ("PARIS (AP) --")."""
    para = page.para_of[t.i]
    if para > 1:
        return False
    dated = DATELINE.match(page.text, page.paras[para][0])
    return dated is not None and t.idx < dated.end()


def _placed_person(page: Page, t: Token) -> Token:
    """Return the person a place belongs to in "the senator from Illinois said": places do not speak there.

    The parser often leaves such a cue without a subject, and the fallbacks find the place next to it.
    """
    prep, owner = t.head, t.head.head
    if (
        t.dep_ == "pobj"
        and page.ents_by_tok.get(t.i) in {"GPE", "LOC"}
        and prep.lower_ in {"from", "of"}
        and owner.pos_ == "NOUN"
        and person_noun(owner.lemma_.lower())
        and owner.i < t.i
        and page.same_para(owner, t)
        and not page.in_quote(owner)
    ):
        return owner
    return t


def _subject_of(page: Page, reg: Registry, cue: Token, region: list[Token] | None = None) -> Token | None:
    """Find the speaker head token for a cue verb (the places `subject_of` corrects included)."""
    # A dash the tagger took for a word ("―" as a verb) is never a speaker.
    ok = lambda c: page.same_para(c, cue) and not page.in_quote(c) and any(ch.isalnum() for ch in c.text)  # noqa: E731
    if cue.lower_ == "according":
        for to in cue.children:
            for c in to.children:
                if c.dep_ == "pobj" and ok(c):
                    return c
        nxt = page.doc[cue.i + 2] if cue.i + 2 < len(page.doc) else None
        return nxt if nxt is not None and ok(nxt) else None
    if cue.lower_ == "per":
        return per_source(page, cue)
    before = page.doc[cue.i - 1] if cue.i else None
    named = before is not None and reg.mention_of.get(before.i) is not None and ok(before)
    # "footage of Jane Roe asking, “…”": a participle right after a name is that person speaking, unless it
    # hangs on another noun ("a letter to Obama urging him").
    if cue.tag_ == "VBG" and named and (cue.dep_ != "acl" or cue.head.i == before.i):
        return before
    # "“Cruz,” Beck joked, …": the parser sometimes takes the name for a compound on the verb after it (a
    # verb has no compounds) and climbs to another clause's subject; the name is the verb's subject.
    if named and before.dep_ == "compound" and before.head.i == cue.i and cue.pos_ in {"VERB", "AUX"}:
        return before
    aged = _age_before(page, cue)
    if aged is not None and ok(aged):
        return aged
    # '“…,” read the statement from X': the text read is the speaker, subject or (inverted) object.
    if cue.pos_ == "VERB" and cue.lemma_.lower() == "read":
        text = _reading_text(cue)
        if text is not None and ok(text):
            return text
    # "Thompson wrote a letter to Obama urging him “…”": the letter urges, so its writer does.
    lex = lexicon()
    if cue.dep_ == "acl" and cue.head.lemma_.lower() in _text_nouns() and cue.head.dep_ == "dobj":
        verb = cue.head.head
        # "The governor signed the bill and released a statement calling it …": coordinated verbs share
        # the first one's subject.
        while (
            verb.dep_ == "conj" and not any(c.dep_ == "nsubj" for c in verb.children) and verb.head.i < verb.i
        ):
            verb = verb.head
        subj = next((c for c in verb.children if c.dep_ == "nsubj" and ok(c)), None)
        if subj is not None:
            return subj
    # "Reed quoted Pell as saying, “…”": the one quoted is who says it, not who quotes them.
    quoting = cue.head.head.lemma_.lower() in lex.quoting_verbs
    if cue.dep_ == "pcomp" and cue.head.lower_ == "as" and quoting:
        quoted = next((c for c in cue.head.head.children if c.dep_ == "dobj" and ok(c)), None)
        if quoted is not None:
            return quoted
    # "Sandler was asked by host Bill Mahr, “…?”": the one who asks is the passive's agent, not its subject.
    if cue.lemma_.lower() in lex.prompting_verbs and any(c.dep_ == "nsubjpass" for c in cue.children):
        for agent in (c for c in cue.children if c.dep_ == "agent"):
            by = next((c for c in agent.children if c.dep_ == "pobj" and ok(c)), None)
            if by is not None:
                return by
    t = cue
    # "X noted that distinction in his order, saying, “…”": a participle set off by a comma shares the
    # subject of the clause it hangs on and has none of its own; a subject the parser gave it is a misparse.
    # American style puts that comma inside the closing mark ('… was maniacal,” adding, “…”').
    prev = page.doc[cue.i - 1] if cue.i else None
    if prev is not None and prev.is_quote and cue.i > 1:
        prev = page.doc[cue.i - 2]
    comma = prev is not None and prev.text == ","
    # "Roe rejected the notion that …, saying that …": the parser hangs such a participle on the object
    # noun; set off by a comma it still shares the subject of the verb that takes the object.
    on_object = _object_verb(cue)
    if cue.tag_ == "VBG" and comma and on_object is not None and page.same_para(on_object, cue):
        t = on_object
    elif cue.tag_ == "VBG" and comma and cue.head.i < cue.i and cue.head.pos_ in {"VERB", "AUX"}:
        t = cue.head
        # "Byrd wrote the agents knew to brace for it, saying, “…”": the parser hangs the participle on the
        # reported clause; the one who wrote it is saying it. Not when that clause's verb is itself one of
        # saying: in "Roe cannot say that …, Lee added, saying, “…”" the one adding is saying it.
        reported = t.dep_ == "ccomp" and t.head.i < t.i and not is_cue(page, t)
        if reported and is_cue(page, t.head) and page.same_para(t.head, cue):
            t = t.head
        # "Roe denied the notion that a shakeup is coming, explaining that …": hung on the clause that says
        # what the object noun holds, the participle shares the subject of the verb taking that noun.
        content = _object_verb(t)
        if content is not None and page.same_para(content, cue):
            t = content
    for depth in range(4):
        deps = {"nsubj", "nsubjpass"} if depth else {"nsubj"}
        subjects = [c for c in t.children if c.dep_ in deps and ok(c)]
        # "The chairman of the union, James Nelson said": a dropped comma leaves the parser two subjects,
        # a role and the name in apposition to it; the name says who.
        named = [c for c in subjects if reg.mention_of.get(c.i) is not None]
        # "X insisted it was “premature” while adding, “…”": the participle hangs on the reported clause,
        # whose "it" says nothing; the one adding is the subject of the verb that clause reports to.
        if depth and t.dep_ == "ccomp" and [c.lower_ for c in subjects] == ["it"] and t.head.i != t.i:
            t = t.head
            continue
        split = _name_after_abbreviation(page, reg, subjects[0]) if len(subjects) == 1 else None
        if split is not None:
            return split
        if len(subjects) == 1 and not named:
            name = (
                _name_after_relative(page, reg, subjects[0])
                or _name_before_role(page, reg, subjects[0])
                or name_after_titles(reg, subjects[0])
            )
            if name is not None:
                return name
        # "Sentencing Pryce, 29, Judge Hartigan said": two names, and the parser read the fronted clause's
        # object for a subject too; a clause has one, the name right before its verb.
        if len(named) > 1 and all(c.i < t.i for c in named):
            return named[-1]
        if subjects:
            return named[0] if len(subjects) > 1 and named else subjects[0]
        # "The scandal forced Roe to admit: “…”": the person a cue's verb makes speak is who speaks, not
        # that verb's subject. Not when that verb is one of saying ("told Roe to say", "had this to say").
        if t.i == cue.i and t.dep_ == "xcomp" and t.head.i < t.i and not is_cue(page, t.head):
            objects = (c for c in t.head.children if c.dep_ == "dobj" and c.i < t.i and ok(c))
            controller = next((c for c in objects if reg.mention_of.get(c.i) is not None), None)
            if controller is not None:
                return controller
        # Climb coordinated and subordinate verbs: "backtracked ... and said", "was quoted as saying".
        head = t.head.head if t.dep_ == "pcomp" else t.head
        if t.dep_ in {"conj", "xcomp", "advcl", "pcomp"} and head.i != t.i and page.same_para(head, t):
            t = head
        else:
            break
    # '“…!” Roe, the head of X, tweeted on Friday': the parser leaves the sentence no verb but the cue and
    # hangs it on the name as a clause; the name that roots the sentence is the cue's subject.
    root = cue.head
    if cue.dep_ == "acl" and root.dep_ == "ROOT" and root.i < cue.i and root.i in reg.mention_of and ok(root):
        return root
    # "who Marsh on Wednesday called “…”", "Pell called Rowe “…”": a name right before the cue, a time
    # phrase aside, is its subject; the small parser reads the cue as a clause on the name ("Pell, called
    # Rowe") or on the noun before, and the noun after it, the one named, would otherwise speak.
    k = cue.i - 1
    while k > 0 and (page.ents_by_tok.get(k) in {"DATE", "TIME"} or page.doc[k].pos_ == "ADV"):
        k -= 1
        if page.doc[k].lower_ in {"on", "in", "at"} and page.ents_by_tok.get(k + 1) in {"DATE", "TIME"}:
            k -= 1
    skipped = 0 <= k < cue.i - 1
    misparsed = k == cue.i - 1 and cue.dep_ in {"acl", "relcl"}
    if (
        (skipped or misparsed)
        and reg.mention_of.get(k) is not None
        and page.sent_of[k] == page.sent_of[cue.i]
        and ok(page.doc[k])
    ):
        return page.doc[k]
    if region:
        found = adjacent_np(page, cue, region, reg)
        if found is not None:
            return found
    # "In mitigation, Holt's barrister, Idris Fenn, said …": the parser hangs the role on the opening
    # phrase and leaves the cue without a subject; a name right before the cue is the speaker.
    k = cue.i - 1
    while k >= 0 and page.doc[k].text == ",":
        k -= 1
    if (
        k >= 0
        and reg.mention_of.get(k) is not None
        and page.sent_of[k] == page.sent_of[cue.i]
        and ok(page.doc[k])
    ):
        return page.doc[k]
    # "“…,” Jane Roe, who was on holiday, said": a relative clause set off by commas between the name and
    # the cue, when the parser hung the name inside the quote instead of on the cue.
    if k >= 0:
        rel = next((a for a in [page.doc[k], *page.doc[k].ancestors] if a.dep_ == "relcl"), None)
        name = rel.head if rel is not None else None
        # "Nate Silver, the polling guru who founded the site tweeted": the clause is on the role, the
        # role in apposition to the name.
        if name is not None and reg.mention_of.get(name.i) is None and name.dep_ == "appos":
            name = name.head
        if (
            name is not None
            and reg.mention_of.get(name.i) is not None
            and name.i + 1 < len(page.doc)
            and page.doc[name.i + 1].text == ","
            and page.sent_of[name.i] == page.sent_of[cue.i]
            and ok(name)
        ):
            return name
    # "“…,” Rice, referring to the talks in Annapolis, Maryland, said": a participle clause set off by commas
    # between the name and the cue, when the parser hung the name inside the quote.
    if cue.i >= 2 and page.doc[cue.i - 1].text == ",":
        for j in range(cue.i - 2, max(cue.i - 40, 1), -1):
            t = page.doc[j]
            if page.sent_of[j] != page.sent_of[cue.i] or t.tag_ in {"VBD", "VBZ", "VBP", "MD"}:
                break
            name = page.doc[j - 2] if j >= 2 else None
            opens = t.tag_ in {"VBG", "VBN"} and page.doc[j - 1].text == ","
            if opens and name is not None and reg.mention_of.get(name.i) is not None and ok(name):
                return name
    # "Nuno Gonçalves, general secretary of the union (RDU), told reporters …": the name before the role
    # set off by commas, when no verb stands between them.
    for j in range(cue.i - 1, -1, -1):
        t = page.doc[j]
        if page.sent_of[j] != page.sent_of[cue.i] or t.pos_ in {"VERB", "AUX"} or page.in_quote(t):
            break
        # The tagger misses some names here ("Nuno Gonçalves" as a work of art): a proper noun will do.
        named = reg.mention_of.get(j) is not None or (
            t.pos_ == "PROPN" and page.ents_by_tok.get(j) not in _PLACE_OR_BODY
        )
        if named and page.doc[j + 1].text == "," and ok(t):
            return t
    return clause_initial_subject(page, cue)


def _name_after_relative(page: Page, reg: Registry, subj: Token) -> Token | None:
    """Return the name in "Colby, who Marsh on Wednesday called “…”", the relative clause's subject.

    A name right after the relative pronoun is the clause's subject and the pronoun its object, whatever
    the parser made of them.
    """
    if subj.lower_ not in _RELATIVE_PRONOUNS or subj.i + 1 >= len(page.doc):
        return None
    j = subj.i + 1
    if reg.mention_of.get(j) is None or page.in_quote(page.doc[j]):
        return None
    return _mention_end(page, reg, j)


def name_after_titles(reg: Registry, subj: Token) -> Token | None:
    """Return the name in "said former Gov. and party Chairman Ed Rendall", two titles joined by "and".

    The parser makes the first title the subject and the name its conjunct; a title has no article, so
    "the mayor and Ed Rendall said" (two people) keeps its subject.
    """
    if any(c.dep_ == "det" for c in subj.children):
        return None
    return next((c for c in subj.children if c.dep_ == "conj" and reg.mention_of.get(c.i) is not None), None)


def _name_after_abbreviation(page: Page, reg: Registry, subj: Token) -> Token | None:
    """Return the name in "said Pentagon spokesman Navy Capt. Jeff Davies", cut off at the abbreviation.

    The parser ends the sentence at "Capt." and makes the title the subject; the person named right after
    the full stop speaks.
    """
    dot = subj.i + 1
    # "said Air Force 1st Lt. Tyler Livingston": the subject is the rank's first part, the abbreviation next.
    if dot + 1 < len(page.doc) and page.doc[dot].text[:1].isupper() and page.doc[dot + 1].text == ".":
        dot += 1
    j = dot + 1
    if j >= len(page.doc) or page.doc[dot].text != "." or page.ents_by_tok.get(subj.i) == "PERSON":
        return None
    if reg.mention_of.get(j) is None or page.ents_by_tok.get(j) != "PERSON":
        return None
    return _mention_end(page, reg, j)


def _mention_end(page: Page, reg: Registry, j: int) -> Token:
    """Return the last token of the mention that token j starts ("Jeff" → "Davies" in "Jeff Davies")."""
    who = reg.mention_of[j]
    while j + 1 < len(page.doc) and reg.mention_of.get(j + 1) == who:
        j += 1
    return page.doc[j]


def _name_before_role(page: Page, reg: Registry, subj: Token) -> Token | None:
    """Return the name a role subject follows in "“…,” Jane Roe, the chairwoman of X, recalled".

    The parser sometimes makes the role the subject and leaves the name hanging; a name that opens the
    clause (after the quote or at the sentence start) and stands right before the role, a comma between,
    is who speaks. "After meeting Rowe, the senator said" has a name mid-clause, and it stays out.
    """
    comma = subj.left_edge.i - 1
    # A pronoun is no role: in "Holloway, he said, “is running …”" the name is whom the words are about.
    if comma < 1 or page.doc[comma].text != "," or subj.pos_ == "PRON":
        return None
    name = page.doc[comma - 1]
    if reg.mention_of.get(name.i) is None or page.in_quote(name) or not page.same_para(name, subj):
        return None
    start = name.i
    while start > 0 and reg.mention_of.get(start - 1) == reg.mention_of[name.i]:
        start -= 1
    opener = page.doc[start - 1] if start else None
    if opener is None or page.sent_of[opener.i] != page.sent_of[name.i] or opener.is_punct or opener.is_space:
        return name
    return None


def clause_initial_subject(page: Page, cue: Token) -> Token | None:
    """Take the noun phrase opening the cue's sentence as its subject ("X backtracked and said").

    spaCy parses a paragraph break as if the sentence went on, which can leave a coordinated cue
    with its subject in the previous paragraph; the sentence-initial noun phrase is the fallback.
    """
    sid, para = page.sent_of[cue.i], page.para_of[cue.i]
    k = cue.i
    while k - 1 >= 0 and page.sent_of[k - 1] == sid and page.para_of[k - 1] == para:
        k -= 1
    toks = [t for t in page.doc[k : cue.i] if not t.is_space]
    head = None
    for n, t in enumerate(toks):
        if head is None and t.pos_ in {"DET", "ADJ", "NUM"}:
            continue
        if t.pos_ in {"NOUN", "PROPN"} and not page.in_quote(t):
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


def adjacent_np(page: Page, cue: Token, region: list[Token], reg: Registry | None = None) -> Token | None:
    """Fall back on the noun phrase right after ("said X") or right before ("X said") the cue."""
    lex = lexicon()
    idx = {t.i for t in region}
    nouny = {"PROPN", "NOUN", "PRON"}
    k = cue.i + 1
    head = None
    # "told reporters": whom a speaker tells is never the speaker.
    while (
        k in idx
        and cue.lemma_.lower() not in lex.audience_cues
        and page.doc[k].pos_ in nouny | {"DET", "ADJ"}
    ):
        if page.doc[k].pos_ in nouny and page.ents_by_tok.get(k) not in {"DATE", "TIME"}:
            head = page.doc[k]
        k += 1
    # "said former Pennsylvania Gov. and party Chairman Ed Rendall": two roles joined by "and" before the
    # name; the name after them, not the first role, speaks.
    if head is not None and reg is not None and reg.mention_of.get(head.i) is None:
        j = k
        # "said spokesman Navy Capt. Jeff Davies": an abbreviation's full stop stays inside the title.
        abbrev = lambda t: t.text == "." and t.i + 1 < len(page.doc) and page.doc[t.i + 1].pos_ == "PROPN"  # noqa: E731
        joined = lambda t: t.lower_ in {"and", "of", "the"} or t.pos_ in nouny | {"ADJ"} or abbrev(t)  # noqa: E731
        while j in idx and joined(page.doc[j]):
            if reg.mention_of.get(j) is not None and page.ents_by_tok.get(j) == "PERSON":
                head = page.doc[j]
            j += 1
    if head is not None:
        return head
    k = cue.i - 1
    while k in idx and page.doc[k].pos_ in {"ADV", "AUX", "PART"}:
        k -= 1
    if k in idx and page.doc[k].pos_ in nouny and page.ents_by_tok.get(k) not in {"DATE", "TIME"}:
        return page.doc[k]
    return None


def outer_teller(page: Page, verb: Token, first: Token) -> Token | None:
    """Return the verb of telling a second content clause belongs to, past a relative clause on its object.

    "X told a student who argued that A that “B”": the relative clause's verb has its content clause
    already ("that A"), so a second one ("that “B”") is what the verb of telling, which has none,
    says to its object; the parser hangs it somewhere inside the first.
    """
    relative = any(c.dep_ == "nsubj" and c.lower_ in _RELATIVE_PRONOUNS for c in verb.children)
    if verb.dep_ != "relcl" or not relative:
        return None
    obj, teller = verb.head, verb.head.head
    own = [c for c in verb.children if c.dep_ == "ccomp" and c.left_edge.i < first.i]
    if obj.dep_ not in {"dobj", "dative"} or teller.lemma_.lower() not in lexicon().audience_cues or not own:
        return None
    if any(c.dep_ == "ccomp" and c.i > obj.i and not page.in_quote(c) for c in teller.children):
        return None
    # The second clause opens on its own "that" right before the quotation mark.
    mark = page.doc[first.i - 2] if first.i >= 2 else None
    if mark is None or mark.lower_ != "that" or own[0].left_edge.i == mark.i:
        return None
    return teller


def own_attribution(page: Page, reg: Registry, k: int) -> tuple[Token | None, bool]:
    """Attribute segment k from the clause touching it; return (speaker head, cue found)."""
    seg = page.segs[k]
    ks = page.segs_in_para[seg.para]
    pos = ks.index(k)
    ps, pe = page.paras[seg.para]
    before_from = page.segs[ks[pos - 1]].outer_end if pos else ps
    after_to = page.segs[ks[pos + 1]].open_pos if pos + 1 < len(ks) else pe
    before = page.region(before_from, seg.open_pos)
    after = page.region(seg.outer_end, after_to)
    # Only the clause that touches the quote counts: cut at the nearest sentence terminator.
    for n, t in enumerate(after):
        if t.text in TERMINATORS:
            after = after[:n]
            break
    for n in range(len(before) - 1, -1, -1):
        if before[n].text in TERMINATORS:
            before = before[n + 1 :]
            break
    # Sixteen words, not counting punctuation: a name's nickname marks and (D-Va.) are not words.
    words = [t for t in after if not t.is_punct]
    after_words = words[:16]
    # "“…” that would respond to requests, X wrote": a verb of saying in a clause on a thing is not a tag.
    # A verb in brackets is an aside ("her “…” (think Eleanor Roosevelt)"): it tags no quote outside them.
    outside = not _bracketed(page, page.doc[page.tok_at_or_after(seg.start)])
    aside = lambda t: outside and _bracketed(page, t)  # noqa: E731
    after_cue = next(
        (t for t in after_words if (is_cue(page, t) or is_tag_cue(t)) and not (_of_a_thing(t) or aside(t))),
        None,
    )
    # '“…,” Rice, referring to the talks in Annapolis, Maryland, said at a news conference': a name and a
    # long clause set off by commas before the cue; the name tells the clause is the attribution.
    named = len(after) > 1 and reg.mention_of.get(after[0].i) is not None and after[1].text == ","
    if after_cue is None and named and seg.soft_end:
        after_cue = next((t for t in words[:36] if is_cue(page, t)), None)
    # A quote closed on a full stop ended its sentence; news style tags a quote with a comma (“…,” she
    # said), so a capitalised sentence after it ("Jane Roe told CNN that …") speaks on its own.
    ending = page.text[seg.start : seg.end].rstrip()[-1:] if seg.closed else ""
    if ending == "." and after and after[0].text[:1].isupper():
        after_cue = None
    # One closed on "?" or "!" is tagged by a clause opening on its speaker ("“Why?” Jane Roe asked.", "“…!”
    # Scott's niece, Marcia Price, shouted"); a sentence opening on something else ("Earlier this year, the
    # mayor wrote …") is news of its own.
    if ending in {"?", "!"} and after_cue is not None and after[0].text[:1].isupper():
        subj = next((c for c in after_cue.children if c.dep_ == "nsubj"), None)
        if subj is not None and subj.left_edge.i != after[0].i:
            after_cue = None
    # 'X added: “…”': a cue before a colon introduces the quote after it, not the one before.
    if after_cue is not None and after_cue.i + 1 < len(page.doc) and page.doc[after_cue.i + 1].text == ":":
        after_cue = None
    before_cue = next(
        (
            t
            for t in reversed(before)
            if (is_cue(page, t) or (is_tag_cue(t) and tags_quote(before, t))) and not aside(t)
        ),
        None,
    )
    if before_cue is not None:
        before_cue = outer_teller(page, before_cue, page.doc[page.tok_at_or_after(seg.start)]) or before_cue
    # 'Roe replies with, “Why now?” Lee then writes back, “…”': a clause between two quotes that ends on a
    # comma or colon introduces the next one; this quote is the one its own lead-in introduces.
    introduces_next = pos + 1 < len(ks) and bool(after) and after[-1].text in {",", ":"}
    introduces_next = introduces_next and after[-1].i == page.tok_at_or_after(after_to) - 1
    if introduces_next and before_cue is not None and tags_quote(before, before_cue):
        after_cue = None
    order = [(after_cue, after), (before_cue, before)]
    # "She claimed that X is “…,” according to a transcript": "according to" names where the report comes
    # from; a verb of saying in the same sentence before the quote names who said the words.
    via = after_cue is not None and after_cue.lower_ in {"according", "per"}
    if not (after_cue and (seg.soft_end or not before_cue)) or (via and before_cue is not None):
        order.reverse()
    labelled = _dash_label(reg, before) or _in_words_of(reg, before)
    if labelled is not None:
        return labelled, True
    first = page.tok_at_or_after(seg.open_pos)
    for cue, region in order:
        # '“…,” Roe said Lee told her', '“…,” Roe recalled Lee saying': the words are the inner teller's.
        if cue is not None and cue is after_cue:
            cue = _inner_teller(page, cue) or cue
        # "called for X to resign for not calling it “…”": words a verb of saying denies are not its
        # subject's; the sentence's other reading (the one who blames) finds the speaker.
        if cue is not None and not any(c.dep_ == "neg" and not page.in_quote(c) for c in cue.children):
            subj = subject_of(page, reg, cue, region)
            # '“…,” Roe, the party's frontrunner and … after winning …, said': the parser loses the subject
            # in a long apposition; the name right after the quote, set off by a comma, is it.
            if subj is None and named and cue is after_cue:
                subj = after[0]
            # '“…,” said retired surgeon Ben Roe, asked about …': the parser makes the name after an inverted
            # cue the subject of the participle after it; the name the cue opens on is who says it.
            if subj is None and cue is after_cue and after[0].i == cue.i:
                lead = next((n for n, t in enumerate(after) if t.text in {",", ";"}), len(after))
                subj = next((t for t in after[1:lead] if t.i in reg.mention_of), None)
            # "Residents of the so-called “green zone” said": a quote inside the subject is not what it says.
            if subj is not None and subj.left_edge.i <= first <= min(subj.right_edge.i, cue.i):
                return None, False
            if subj is not None:
                return subj, True
    # "Jones disagreed: “…”": a colon hands the quote to the clause's subject whatever the verb.
    if before and before[-1].text == ":":
        for t in reversed(before):
            if t.pos_ in {"VERB", "AUX"}:
                for c in t.children:
                    # "Daniels was petrified: “…”": a passive's subject, when a person, feels and speaks,
                    # and so does one with a name in apposition ("the cleric Ali Roe, …, is shown lecturing").
                    named = any(a.dep_ == "appos" and a.i in reg.mention_of for a in c.children)
                    person = _person_word(reg, c) or named
                    subject = c.dep_ == "nsubj" or (c.dep_ == "nsubjpass" and person)
                    # "X explained what was wrong: “…”": a clause's wh-word is not the one speaking.
                    subject = subject and c.tag_ not in {"WP", "WDT"}
                    if subject and not page.in_quote(c) and page.same_para(c, t):
                        return _experiencer(reg, t, c, before[-1]) or c, True
        # A round-up run on in one paragraph ('… Steve." U.S. Rep. Jane Roe, R-Ohio: "…"'): a name and
        # role with no verb before a colon label the quote, as at the start of a paragraph.
        # A label opens on its name or title; "…,” with Jane Doyle:" continues the sentence before it.
        words = [t for t in before if not t.is_punct and not t.is_space]
        label = bool(words) and words[0].text[:1].isupper()
        named = _label_person(reg, before) if label and len(before) <= 20 else None
        if named is not None:
            return named, True
    # 'Roe shared her worry with an audience in Ohio, “I do not know …”': a comma (or a dash: 'Roe also
    # backed the plan -- “It is …”') before a quoted sentence introduces it as a colon does, when the main
    # clause before it has a person for its subject.
    content = page.text[seg.start : seg.end].rstrip()
    sentence = content[:1].isupper() and content[-1:] in {".", "!", "?"} and seg.closed
    if before and (before[-1].text == "," or before[-1].text in _DASHES) and sentence and before_cue is None:
        for t in reversed(before):
            main = t.dep_ == "ROOT" or (t.dep_ == "conj" and t.head.dep_ == "ROOT")
            # The parser may hang the clause on the quoted sentence's verb, as if it were reported there.
            main = main or (t.head.i != t.i and page.in_quote(t.head) and t.head.i > t.i)
            if t.pos_ not in {"VERB", "AUX"} or not main:
                continue
            for c in t.children:
                subject = c.dep_ == "nsubj" and _person_word(reg, c)
                if subject and not page.in_quote(c) and page.same_para(c, t):
                    return c, True
            break
    return None, bool(after_cue or before_cue)


_DASHES = frozenset({"-", "–", "—", "--"})


def _inner_teller(page: Page, cue: Token) -> Token | None:
    """Return a verb of saying reported by the cue whose words are missing, so the quote is them.

    "Roe said Lee told her" reports a telling with no content of its own; "Roe said as Lee spoke" is only
    a time, and "Roe said Lee told her that …" has its own content.
    """
    for c in cue.children:
        reported = c.dep_ == "ccomp" or (c.dep_ == "advcl" and c.tag_ == "VBG")
        if not reported or c.i < cue.i or not is_cue(page, c) or page.in_quote(c):
            continue
        if any(g.dep_ in {"ccomp", "xcomp", "mark"} for g in c.children):
            continue
        if any(g.dep_ == "nsubj" and not page.in_quote(g) for g in c.children):
            return c
    return None


def _person_word(reg: Registry, t: Token) -> bool:
    """Tell whether a token names a person: a mention of one, or he or she."""
    return t.i in reg.mention_of or t.lower_ in {"he", "she"}


def _owner_word(reg: Registry, t: Token) -> bool:
    """Tell whether a possessor names a person: a mention, he or she, or his or her."""
    return _person_word(reg, t) or t.lower_ in {"his", "her"}


def _experiencer(reg: Registry, verb: Token, subj: Token, colon: Token) -> Token | None:
    """Return who speaks when a thing is the subject before a colon: its owner, or the person it acts on.

    "Roe's reply was swift: “…”": a speech noun's owner; "The surge doesn't surprise Jane Roe: “…”": a
    thing cannot speak, and the person named as the object the colon follows is the voice.
    """
    if subj.pos_ != "NOUN" or _person_word(reg, subj) or person_noun(subj.lemma_.lower()):
        return None
    if subj.lemma_.lower() in lexicon().speech_nouns:
        owner = next((c for c in subj.children if c.dep_ == "poss"), None)
        if owner is not None and _owner_word(reg, owner):
            return owner
    for obj in (c for c in verb.children if c.dep_ == "dobj"):
        # The name may stand in apposition to a role ("surprise the pollster Jane Roe:").
        for named in (obj, *(a for a in obj.children if a.dep_ == "appos")):
            if named.i in reg.mention_of and named.i == colon.i - 1:
                return named
    return None


def _object_verb(t: Token) -> Token | None:
    """Return the verb whose object noun a clause or participle hangs on ("rejected the notion that …")."""
    if t.dep_ == "acl" and t.head.dep_ == "dobj" and t.head.head.pos_ in {"VERB", "AUX"}:
        return t.head.head
    return None


def _in_words_of(reg: Registry, before: list[Token]) -> Token | None:
    """Return whose words a lead-in names ('In Roe's words, “…”', 'In the words of Jane Roe, “…”')."""
    words = [t for t in before if not t.is_space]
    if not 3 <= len(words) <= 10 or words[0].lower_ != "in" or words[-1].text != ",":
        return None
    noun = next((t for t in words if t.lower_ == "words" and t.head.i == words[0].i), None)
    if noun is None:
        return None
    of = [c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"]
    owners = [c for c in noun.children if c.dep_ == "poss"]
    owners += [g for c in of for g in c.children if g.dep_ == "pobj"]
    return next((o for o in owners if _owner_word(reg, o)), None)


def _dash_label(reg: Registry, before: list[Token]) -> Token | None:
    """Return the name in a round-up label after a headline and a dash ('Pollsters agree - Jane Roe: “…”').

    The headline's verb is not the author's: the name between the dash and the colon says who.
    """
    if not before or before[-1].text != ":":
        return None
    dash = next((n for n in range(len(before) - 1, -1, -1) if before[n].text in _DASHES), None)
    label = before[dash + 1 : -1] if dash is not None else []
    return _label_person(reg, label) if len(label) <= 6 else None


def _label_person(reg: Registry, label: list[Token]) -> Token | None:
    """Return the last mention of the one person a label with no verb names, if it names just one."""
    named = [t for t in label if t.i in reg.mention_of]
    if not named or len({reg.mention_of[t.i] for t in named}) != 1:
        return None
    return None if any(t.pos_ in {"VERB", "AUX"} for t in label) else named[-1]


def _of_a_thing(verb: Token) -> bool:
    """Tell whether a verb of saying is a clause on a thing ("records that would respond to …").

    A participle on a noun describes it too: "“…,” the memo, written by X and seen by Y, says" is tagged by
    "says", not by "written".
    """
    things = {"that", "which"}
    lex = lexicon()
    # Only on a text: "the nominee, Donald Trump, tweeted" may be parsed as a participle on "nominee".
    texts = lex.channel_nouns | lex.document_sources
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.lemma_.lower() in texts:
        return True
    return verb.dep_ == "relcl" and any(c.dep_ == "nsubj" and c.lower_ in things for c in verb.children)


def follow_on_cue(page: Page, p: int) -> Token | None:
    """Return the cue of a bare attribution line such as "Macron added." or "she told reporters."."""
    if p in page.segs_in_para or p >= len(page.paras):
        return None
    toks = page.para_tokens(p)
    if not toks or len(toks) > 10:
        return None
    for t in toks:
        if t.pos_ == "VERB" and (t.lemma_.lower() in direct_cues() or is_tag_cue(t)):
            # A verb with its own clause reports new content: that is a statement, not a tag.
            if any(c.dep_ == "ccomp" and page.same_para(c, t) for c in t.children):
                return None
            return t
    return None


def _bracketed(page: Page, t: Token) -> bool:
    """Tell whether a token stands inside round brackets within its paragraph."""
    lo = page.paras[page.para_of[t.i]][0]
    before = page.text[lo : t.idx]
    return before.rfind("(") > before.rfind(")")


def textacy_refs(page: Page) -> dict[int, Token]:
    """Run textacy's direct-quotation extractor; map segment -> speaker head when the cue is nearby."""
    # textacy bails out with ValueError on an odd count of quote tokens; skip it instead.
    _, direct_quotations = textacy()
    if direct_quotations is None or sum(t.is_quote for t in page.doc) % 2:
        return {}
    try:
        triples = list(direct_quotations(page.doc))
    except Exception as exc:  # an unexpected textacy failure costs its hints, not the article
        log.warning("textacy direct_quotations failed: %s", exc)
        return {}
    by_open = {seg.open_pos: k for k, seg in enumerate(page.segs)}
    refs: dict[int, Token] = {}
    for triple in triples:
        k = by_open.get(triple.content[0].idx)
        if k is None or not triple.cue or not triple.speaker:
            continue
        cue_ids = {t.i for t in triple.cue}
        heads = [t for t in triple.speaker if t.head.i in cue_ids] or list(triple.speaker)
        head = heads[0]
        # A verb in brackets is an aside ("her “…” (think Eleanor Roosevelt)"): it tags no quote outside.
        if any(_bracketed(page, t) and not _bracketed(page, triple.content[0]) for t in triple.cue):
            continue
        # textacy looks into neighbouring sentences; across a paragraph break that is another quote's cue.
        if page.para_of[head.i] == page.segs[k].para and not page.in_quote(head):
            refs[k] = head
    return refs
