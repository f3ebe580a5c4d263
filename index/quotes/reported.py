"""Stage 4b, reported speech: clauses a verb of saying reports, recorded as ``indirect`` quotes.

Covers ``X said (that) <clause>``, ``according to X``, ``said in a statement that …``, denials
(``denied that …``), directives (``urged residents to stay away``), ``warned of …``/``accused X of …``,
the parenthetical ``The plan, she said, was sound`` and a sentence-final ``…, an aide, X, said.`` the
parser did not link. Each find is the speaker's head token and the character span of what was said.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from index.lexicon import lexicon
from index.quotes.cues import subject_of
from index.quotes.marks import MARK_RE
from index.quotes.page import TERMINATORS, Page

if TYPE_CHECKING:
    from spacy.tokens import Token

    from index.quotes.people import Registry

log = logging.getLogger(__name__)

# Dependents that may open a clause before a parenthetical cue ("In May, she said, she …").
FRONTED_DEPS = frozenset({"prep", "advmod", "advcl", "npadvmod", "punct", "cc"})


@dataclass(frozen=True)
class Report:
    """A reported clause: the speaker's head token and the clause's character span."""

    head: Token
    start: int
    end: int


def find_reports(page: Page, reg: Registry) -> tuple[Report, ...]:
    """Find reported clauses: (speaker head, start, end) for "X said (that) …" and "according to X"."""
    lex = lexicon()
    out: list[Report] = []
    for cue in page.doc:
        if page.in_quote(cue) or cue.is_space:
            continue
        low = cue.lower_
        is_according = low == "according" and cue.i + 1 < len(page.doc) and page.doc[cue.i + 1].lower_ == "to"
        lemma = cue.lemma_.lower()
        known = lemma in lex.indirect_cues or lemma in lex.denial_cues or lemma in lex.directive_cues
        if not is_according and not (cue.pos_ == "VERB" and known):
            continue
        if page.layout.is_heading(page.para_of[cue.i]):
            continue
        try:
            rec = indirect_at(page, reg, cue, is_according)
        except Exception as exc:  # one odd parse must not lose the article
            log.warning("indirect speech failed at token %d: %s", cue.i, exc)
            rec = None
        if rec:
            out.append(rec)
    return tuple(out)


def parenthetical(page: Page, cue: Token) -> list[Token]:
    """Return the sentence a parenthetical cue reports ("The plan, she said, was sound"), or [].

    The parser makes such a cue a side clause of the reported sentence, so no clause hangs on it;
    the report is the whole host clause, cue included, which keeps the record verbatim.
    """
    para = page.para_of[cue.i]
    inner = [t for t in cue.subtree if not t.is_punct]
    if not inner or not any(c.dep_ == "nsubj" for c in cue.children):
        return []
    lo, hi = inner[0].i, inner[-1].i
    if lo < 2 or hi + 1 >= len(page.doc) or page.doc[lo - 1].text != "," or page.doc[hi + 1].text != ",":
        return []
    if cue.dep_ == "parataxis":
        host = cue.head
    else:  # the same sentence parsed with the sentence as the cue's clause
        host = next((c for c in cue.children if c.dep_ == "ccomp" and c.left_edge.i < lo), None)
    if host is None or host.pos_ not in {"VERB", "AUX"} or not page.same_para(host, cue):
        return []
    # Only a cue right after the clause's subject: "He moved, she says, …" style asides elsewhere in
    # a long sentence would turn narration into speech.
    subj = next((c for c in host.children if c.dep_ in {"nsubj", "nsubjpass", "csubj"}), None)
    if subj is None:
        return []
    if trails_clause(page, host, subj, lo, hi):
        # "The board has until May to decide, Roe said, although it may take longer": the report is
        # the clause before the cue; the subordinate clause after it is the writer's.
        return [t for t in page.doc[host.left_edge.i : lo - 1] if page.para_of[t.i] == para]
    if subj.right_edge.i == lo - 2:
        opening = page.doc[host.left_edge.i : subj.left_edge.i]
        if any(not (t.is_punct or t.is_space or t.dep_ in {"cc", "advmod"}) for t in opening):
            return []
    elif subj.left_edge.i == hi + 2:
        # "In the weeks after the closure, she said, she could not work": the cue follows a fronted
        # adverbial and precedes the subject; everything before it must modify the host clause.
        fronted = [c for c in host.children if c.i < lo - 1 and c.i != cue.i]
        if not fronted or any(c.dep_ not in FRONTED_DEPS for c in fronted):
            return []
    else:
        return []
    return [t for t in page.doc[host.left_edge.i : host.right_edge.i + 1] if page.para_of[t.i] == para]


def trails_clause(page: Page, host: Token, subj: Token, lo: int, hi: int) -> bool:
    """Tell whether an aside cue (tokens lo..hi) follows its host's whole clause, opening the sentence.

    Only a subordinate clause ("although …", "because …") may follow the cue: a cue inside the clause
    ("He moved, she says, to Ohio") is left to the rules for asides after a subject.
    """
    if host.dep_ != "ROOT" or subj.i > lo or page.doc[host.left_edge.i].is_punct:
        return False
    after = [c for c in host.children if c.i > hi and not c.is_punct]
    return bool(after) and all(c.dep_ == "advcl" and any(m.dep_ == "mark" for m in c.children) for c in after)


def trailing_report(page: Page, cue: Token) -> list[Token]:
    """Return the clause before a sentence-final attribution the parser did not give the cue, or [].

    "Growers will be able to apply for grants, a ministry aide, X, said on Monday.": the small model
    makes "said" a conjunct of the reported verb, or (after a headline it ran into the paragraph)
    hangs the reported clause on a verb in another paragraph. A comma (no "and") before the cue's
    subject, nothing after the cue's own phrase and a finite verb in the stretch before it mark the
    reading; the report is that stretch, from the start of the cue's sentence in its paragraph.
    """
    subj = next((c for c in cue.children if c.dep_ == "nsubj"), None)
    if subj is None or not subj.i < cue.i or page.in_quote(subj):
        return []
    if any(c.dep_ in {"ccomp", "xcomp"} and page.same_para(c, cue) for c in cue.children):
        return []
    if cue.dep_ == "conj":
        if not (cue.head.i < subj.left_edge.i and page.same_para(cue.head, cue)):
            return []
    elif cue.dep_ != "ROOT" and page.same_para(cue.head, cue):
        return []
    left = subj.left_edge.i
    if left < 2 or page.doc[left - 1].text != "," or page.doc[left - 2].dep_ == "cc":
        return []
    # The cue's phrase must end the sentence (the parser often hangs the full stop on the cue).
    end = cue.right_edge
    while end.is_space and end.i > cue.i:  # a paragraph break the parser kept in the sentence
        end = page.doc[end.i - 1]
    after = end.i + 1
    ends = end.text in TERMINATORS or after >= len(page.doc)
    if not ends and not (page.doc[after].text in TERMINATORS or page.doc[after].is_space):
        return []
    start = left - 1
    sid, para = page.sent_of[cue.i], page.para_of[cue.i]
    while start - 1 >= 0 and page.sent_of[start - 1] == sid and page.para_of[start - 1] == para:
        start -= 1
    # A cue with words of its own after it ('said: “No.”') is attributing those, not the stretch.
    if any(page.in_quote(t) for t in page.doc[cue.i : end.i + 1]):
        return []
    content = [t for t in page.doc[start : left - 1] if not t.is_space]
    # The stretch must be a finite clause: "Asked whether he would resign, X said" is a question put.
    ids = {t.i for t in content}
    roots = [t for t in content if t.head.i not in ids or t.head.i == t.i]
    finite = {"VBD", "VBZ", "VBP", "MD"}
    if not any(
        r.tag_ in finite or any(c.dep_ == "aux" and c.tag_ in finite for c in r.children) for r in roots
    ):
        return []
    return content


def reported_clause(page: Page, cue: Token) -> Token | None:
    """Return the head of the clause a cue reports, or None."""
    lex = lexicon()
    para = page.para_of[cue.i]
    lemma = cue.lemma_.lower()
    for c in cue.children:
        if c.dep_ == "ccomp" and page.para_of[c.i] == para:
            return c
    for c in cue.children:
        # "rejected accusations that …": the clause hangs on the object noun.
        if lemma in lex.denial_cues and c.dep_ == "dobj" and c.lemma_.lower() in lex.claim_nouns:
            for g in c.children:
                if g.dep_ in {"acl", "ccomp", "relcl"} and any(m.lower_ == "that" for m in g.children):
                    return g
        # "said in a statement that …": the parser hangs the clause on the channel noun.
        if c.dep_ == "prep" and lemma not in lex.denial_cues:
            for pobj in c.children:
                if pobj.dep_ == "pobj" and pobj.lemma_.lower() in lex.channel_nouns:
                    for g in pobj.children:
                        if g.dep_ in {"acl", "ccomp", "relcl"} and any(
                            m.dep_ == "mark" and m.lower_ == "that" for m in g.children
                        ):
                            return g
    return None


def coordinated_report(page: Page, cue: Token, content: list[Token]) -> list[Token]:
    """Return a clause the parser coordinated with the cue that really continues the report.

    In "said two dams had shown cracks but there was no risk" the parser hangs "there was …" on
    "said"; a conjunct with its own subject right after the reported clause belongs to it.
    """
    if not content:
        return []
    end = max(t.i for t in content)
    for c in cue.children:
        if c.dep_ != "conj" or c.i <= end or not page.same_para(c, cue):
            continue
        between = page.doc[end + 1 : c.left_edge.i]
        if any(not (t.is_punct or t.dep_ == "cc") for t in between):
            continue
        if any(g.dep_ in {"nsubj", "nsubjpass", "expl"} for g in c.children):
            return [t for t in page.doc[end + 1 : c.right_edge.i + 1] if page.same_para(t, cue)]
    return []


def indirect_at(page: Page, reg: Registry, cue: Token, is_according: bool) -> Report | None:
    """Return (speaker head, start, end) for the speech a cue reports, or None."""
    lex = lexicon()
    para = page.para_of[cue.i]
    clause: Token | None = None
    content: list[Token] = []
    paren: list[Token] = []
    if is_according:
        verb = cue.head
        if verb.i == cue.i or not page.same_para(verb, cue) or page.in_quote(verb):
            return None
        skip = {t.i for t in cue.subtree}
        toks = [t for t in verb.subtree if t.i not in skip and page.para_of[t.i] == para]
        left = [t for t in toks if t.i < cue.i]
        right = [t for t in toks if t.i > cue.i]
        content = left if len(left) >= len(right) else right
    else:
        # Negated or infinitival cues ("did not say", "declined to say") report nothing.
        if any(c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ == "to") for c in cue.children):
            return None
        paren = parenthetical(page, cue) or trailing_report(page, cue)
        clause = None if paren else reported_clause(page, cue)
        lemma = cue.lemma_.lower()
        xcomp = next((c for c in cue.children if c.dep_ == "xcomp" and page.para_of[c.i] == para), None)
        if paren:
            content = paren
        elif clause is not None:
            content = [t for t in clause.subtree if page.para_of[t.i] == para]
            content += coordinated_report(page, cue, content)
            if lemma in lex.denial_cues:
                content = list(page.doc[cue.i : max(t.i for t in content) + 1])
        elif (
            lemma in lex.directive_cues and xcomp is not None and any(c.dep_ == "dobj" for c in cue.children)
        ):
            # "urged residents to stay away": the request needs its verb to read right. An addressee
            # is required: "asked not to be named" is about the source, not a message.
            end = max(t.i for t in xcomp.subtree if page.para_of[t.i] == para)
            content = list(page.doc[cue.i : end + 1])
        else:
            preps = lex.prep_content_cues.get(lemma, set())
            # The preposition hangs on the verb ("warned of …") or on its object ("accused X of …").
            objects = [c for c in cue.children if c.dep_ == "dobj"]
            for c in [*cue.children, *(g for o in objects for g in o.children)]:
                if c.dep_ == "prep" and c.lower_ in preps:
                    # Keep the verb: "expecting quick results" says the opposite of "cautioned against
                    # expecting quick results".
                    end = max(t.i for t in c.subtree if page.para_of[t.i] == para)
                    content = list(page.doc[cue.i : end + 1])
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
    content = list(page.doc[content[0].i : content[-1].i + 1])
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
    if first.is_quote or page.in_quote(first):
        return None
    if cue.i in range(content[0].i + 1, content[-1].i + 1) and not paren:
        return None
    # The parser hangs a closing quotation mark on the verb; take it back so the marks stay paired.
    n_marks = sum(len(MARK_RE.findall(t.text)) for t in content)
    if n_marks % 2:
        after = content[-1].i + 1
        while after < len(page.doc) and after - content[-1].i <= 2 and page.para_of[after] == para:
            if MARK_RE.search(page.doc[after].text):
                content = list(page.doc[content[0].i : after + 1])
                break
            if not page.doc[after].is_punct:
                break
            after += 1
        # A clause that still opens a quotation it does not close ("noted that distinction, saying,
        # “Mr. X is …") is a misparse running into a direct quote, which is recorded as such.
        if sum(len(MARK_RE.findall(t.text)) for t in content) % 2:
            return None
    subj = subject_of(page, reg, cue)
    if subj is None:
        return None
    start, end = content[0].idx, content[-1].idx + len(content[-1])
    return Report(subj, start, end)
