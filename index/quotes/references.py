"""Stage 5, speaker resolution: what a pronoun, a role phrase or an organisation word refers to.

The lookups the rules (`rules`) lean on: he/she to a person (binding first, then the nearest compatible
mention), it/they to the last organisation, "the minister" to the person holding that role, "the
statement" to whoever issued it, "X's lawyer" to the person introduced as representing X, and "the
company" to the business the article is about.
"""

from __future__ import annotations

import bisect
import functools
import re
from typing import TYPE_CHECKING

from index.lexicon import lexicon
from index.quotes.cues import subject_of
from index.quotes.page import DETERMINERS, Page, age_of, norm_np_text, person_noun, word_set
from index.quotes.records import Speaker
from index.quotes.resolve import Context, resolve
from index.speakers import role_synonyms, speaker_key, strip_accents

if TYPE_CHECKING:
    from spacy.tokens import Token


@functools.cache
def _anonymity_re() -> re.Pattern[str]:
    """Return the pattern for phrases by which news copy marks a source it will not name."""
    return re.compile(r"\b(?:" + "|".join(lexicon().anonymity_phrases) + r")\b", re.IGNORECASE)


def _describes(modifier: str, words: set[str]) -> bool:
    """Tell whether a role's words hold a modifier: itself, a synonym ("gop"), or a form ("iraqi", "iraq")."""
    return bool(role_synonyms(modifier) & words) or (
        len(modifier) >= 4 and any(w[:4] == modifier[:4] for w in words)
    )


def _party_member(party: str, mods: list[str], words: set[str]) -> bool:
    """Tell whether "the Ohio Republican" can be a person with these role words: tied to Ohio, no Democrat.

    News copy names a lawmaker's party and state as a description ("Rep. Jane Roe, R-Ohio" … "the Ohio
    Republican"); the state must be among the person's words, the other party must not.
    """
    own = party_of({party})
    if own is None or not mods or not all(_describes(m, words) for m in mods):
        return False
    return not any(words & g for g in lexicon().party_members if g != own)


def party_of(words: set[str]) -> frozenset[str] | None:
    """Return the party group ("r", "republican", "gop", …) a set of words names, if exactly one."""
    found = [g for g in lexicon().party_members if words & g]
    return found[0] if len(found) == 1 else None


def other_party(words: set[str], person_words: set[str]) -> bool:
    """Tell whether a description's party ("the Democrat") is not the one a person's role words give."""
    own = party_of(words)
    theirs = party_of(person_words)
    return own is not None and theirs is not None and own != theirs


def match_role(ctx: Context, np: list[Token], head: Token) -> int | None:
    """Resolve a role phrase ("the minister", "the French leader") to a person with that role."""
    reg = ctx.reg
    memory = ctx.memory
    lex = lexicon()
    hw = head.lemma_.lower()
    # "the 69-year-old senator": an age is no word of a role, but tells its holder from another.
    ages = ((c, age_of(c)) for c in head.children if c.dep_ == "amod")
    aged, age = next(((c, a) for c, a in ages if a is not None), (None, None))
    age_words = {t.i for t in aged.subtree} if aged is not None else set()
    # "the three-term congresswoman", "the two-time champion": a count of terms tells no role apart.
    age_words |= {t.i for c in head.children if c.lower_ in {"term", "time"} for t in c.subtree}
    mods = []
    for t in np:
        if t.i in age_words:
            continue
        if t.i == head.i or t.lower_ in DETERMINERS or t.is_punct or t.tag_ == "POS":
            continue
        if t.i > head.i:
            break  # "of BlackBerry" and the like are checked as words below
        low = strip_accents(t.lower_)
        if low in lex.neutral_modifiers:
            continue
        if t.dep_ == "poss" and t.pos_ == "NOUN":
            continue  # "the company's chief executive": the possessor is not part of the title
        mods.append(low)
    said = {strip_accents(t.lower_) for t in np if t.i < head.i}
    best: tuple[int, int] | None = None
    candidates = []
    for pid, person in enumerate(reg.persons):
        words = person.role_vocab
        if not words:
            continue
        if not (
            words & role_synonyms(hw)
            or (hw in lex.leader_words and words & lex.leader_words)
            or (hw in {"executive", "ceo"} and ({"ceo"} & words or {"chief", "executive"} <= words))
            or _party_member(hw, mods, words)
        ):
            continue
        if not all(_describes(m, words) for m in mods):
            continue
        if (said & lex.past_role_words and words & lex.new_role_words) or (
            said & lex.new_role_words and words & lex.past_role_words
        ):
            continue
        if age is not None and person.ages and age not in person.ages:
            continue
        candidates.append(pid)
        before = [m for m in person.mentions if m < head.i] + [
            i for i, s in memory.order if s.person == pid and i < head.i
        ]
        if before and (best is None or max(before) > best[0]):
            best = (max(before), pid)
    if best is not None:
        return best[1]
    if len(candidates) != 1:
        return None
    # Only one person holds the role, but the article names them after this mention. News names a
    # speaker before describing them, or soon after (a lede's "Tarvana's foreign minister" is named
    # a paragraph or two on); a holder first named many paragraphs on is someone else.
    page = ctx.page
    first = page.para_of[min(reg.persons[candidates[0]].mentions, default=head.i)]
    later = sum(1 for a, b in page.paras[page.para_of[head.i] + 1 : first + 1] if page.text[a:b].strip())
    return candidates[0] if later <= 3 else None


def anonymous(page: Page, head: Token) -> bool:
    """Tell whether a clause on a noun says the source is deliberately not named."""
    for c in head.children:
        if c.dep_ in {"relcl", "acl", "appos", "advcl"} and page.same_para(c, head):
            toks = [t for t in c.subtree if page.same_para(t, head)]
            if _anonymity_re().search(page.text[toks[0].idx : toks[-1].idx + len(toks[-1])]):
                return True
    return False


def document_issuer(ctx: Context, doc_head: Token) -> Speaker | None:
    """Return who issued a statement: its own "from X"/"X's", else the issuer of the last one mentioned.

    "the statement" (definite) points back to a statement the article already introduced, as in
    "The office said in a statement that … “…,” the statement said."
    """
    page = ctx.page
    lex = lexicon()
    issuer = issuer_of(ctx, doc_head)
    if issuer is None and _points_back(doc_head):
        para = page.para_of[doc_head.i]
        for k in range(doc_head.i - 1, -1, -1):
            if para - page.para_of[k] > 3:
                break
            t = page.doc[k]
            if t.lemma_.lower() in lex.issued_docs and not page.in_quote(t):
                issuer = issuer_of(ctx, t)
                if issuer is not None:
                    break
    if issuer is None or issuer.i == doc_head.i:
        return None
    if issuer.lower_ in {"its", "their"}:
        return resolve_nonpersonal(ctx, issuer, plural=issuer.lower_ == "their")
    return resolve(ctx, issuer)


def introduced_document(ctx: Context, doc_head: Token) -> Speaker | None:
    """Return who issued the document "the report" points back to: "X released a report", "X reported".

    Only a definite noun points back, and only a few sentences: "the report" names the last report the
    article introduced, whose issuer is the subject of the verb that brought it in.
    """
    page = ctx.page
    # "Thursday's report": a day names no issuer but points back all the same.
    dated = any(c.dep_ == "poss" and c.ent_type_ == "DATE" for c in doc_head.children)
    if not (_points_back(doc_head) or dated):
        return None
    lemma = doc_head.lemma_.lower()
    sid = page.sent_of[doc_head.i]
    for k in range(doc_head.i - 1, -1, -1):
        t = page.doc[k]
        if sid - page.sent_of[k] > 6:
            break
        if page.in_quote(t) or t.lemma_.lower() != lemma:
            continue
        # "the Council reported" for "the report"; "released a report" for any document noun.
        head = subject_of(page, ctx.reg, t) if t.pos_ == "VERB" else issuer_of(ctx, t)
        if head is not None and head.i != doc_head.i and head.lemma_.lower() != lemma:
            return resolve(ctx, head)
    return None


def _points_back(doc_head: Token) -> bool:
    """Tell whether a document noun is definite ("the statement"): one the article already introduced."""
    return any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in doc_head.children)


def named_issuer(doc_head: Token) -> Token | None:
    """Return the head of the issuer a text names on itself ("X's statement", "a memo from X"), if any."""
    for c in doc_head.children:
        if c.dep_ == "poss" and c.ent_type_ not in {"DATE", "TIME"}:  # "Thursday's report": no issuer
            return c
        if c.dep_ == "prep" and c.lower_ in {"from", "by"}:
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
        # "a Roe campaign ad", "the Lee memo": a name written before the text's noun says whose it is.
        named = c.pos_ == "PROPN" or any(g.dep_ == "compound" and g.pos_ == "PROPN" for g in c.children)
        if c.dep_ == "compound" and c.i < doc_head.i and named and c.ent_type_ not in {"DATE", "TIME"}:
            return c
        # "an email sent out by X", "a memo written by X": the participle that puts the text out names who.
        # "An ad paid for by X" (a political ad's disclaimer): who pays for it puts it out.
        paid_for = c.lemma_.lower() == "pay" and any(
            g.lower_ == "for" and not list(g.children) for g in c.children
        )
        if c.dep_ == "acl" and c.tag_ == "VBN" and (c.lemma_.lower() in lexicon().issuing_verbs or paid_for):
            for agent in (g for g in c.children if g.dep_ == "agent"):
                pobj = next((g for g in agent.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
    return None


def issuer_of(ctx: Context, doc_head: Token) -> Token | None:
    """Return the head of whoever issued a statement ("X said in a statement", "X's statement")."""
    page = ctx.page
    reg = ctx.reg
    named = named_issuer(doc_head)
    if named is not None:
        return named
    verb = None
    if doc_head.dep_ == "pobj" and doc_head.head.dep_ == "prep":  # "said in a statement"
        verb = doc_head.head.head
    elif doc_head.dep_ == "dobj":  # "issued a statement"
        verb = doc_head.head
    if verb is not None and verb.pos_ == "VERB" and page.same_para(verb, doc_head):
        return subject_of(page, reg, verb)
    return None


def client_of(ctx: Context, head: Token) -> int | None:
    """Return the person a representative noun belongs to ("Mr. X's lawyer", "his attorney")."""
    reg = ctx.reg
    lex = lexicon()
    for c in head.children:
        owner = c if c.dep_ == "poss" else None
        if c.dep_ == "prep" and c.lower_ == "for":  # "the lawyer for X"
            owner = next((g for g in c.children if g.dep_ == "pobj"), None)
        if owner is None:
            continue
        if owner.i in reg.mention_of:
            return reg.mention_of[owner.i]
        if owner.lower_ in {"his", "her", "him"}:
            return resolve_personal(ctx, owner, "m" if owner.lower_ in lex.pronouns_male else "f")
    return None


def representative(ctx: Context, client: int, lemma: str, before: int) -> int | None:
    """Return the person introduced before a token as representing client, latest first."""
    reg = ctx.reg
    people = ctx.people
    lex = lexicon()
    found = [(i, rep) for i, rep in people.representations.get(client, []) if i < before]
    group = next((g for g in lex.representative_groups if lemma in g), frozenset({lemma}))
    surname = reg.persons[client].surname
    for pid, person in enumerate(reg.persons):
        # A role phrase "X's lawyer" / "a lawyer for X" seen next to the person's name.
        if pid != client and person.role_vocab & group and surname in person.role_vocab:
            found += [(m, pid) for m in person.mentions if m < before]
    return max(found)[1] if found else None


def unnamed_antecedent(ctx: Context, pron: Token, gender: str, pid: int | None) -> Speaker | None:
    """Return the unnamed source a he/she refers to when it, not a named person, spoke just before.

    "A neighbour, who spoke on condition of anonymity because she …, said … She added …": our person
    registry holds only names, so without this "she" would go to whoever was named last.
    """
    page = ctx.page
    reg = ctx.reg
    memory = ctx.memory
    sid = page.sent_of[pron.i]
    for i, spk in reversed(memory.order):
        if i >= pron.i or i not in memory.unnamed_gender:
            continue
        if sid - page.sent_of[i] > 2 or page.layout.para_gap(i, pron.i) > 1:
            return None
        known = memory.unnamed_gender[i]
        if known is not None and known != gender:
            return None
        if pid is None:
            return spk
        latest = max(
            [m for m in reg.persons[pid].mentions if m < pron.i]
            + [j for j, s in memory.order if s.person == pid and j < pron.i],
            default=-1,
        )
        # The source's own gender outweighs an equally recent name; without it only a more recent one.
        person_sent = page.sent_of[latest] if latest >= 0 else -1
        if page.sent_of[i] > person_sent or (known == gender and page.sent_of[i] == person_sent):
            return spk
        return None
    return None


def resolve_personal(ctx: Context, pron: Token, gender: str | None, max_paras: int = 4) -> int | None:
    """Resolve he/she: the governing clause's subject, else the nearest compatible person mentioned."""
    page = ctx.page
    reg = ctx.reg
    memory = ctx.memory

    def compatible(pid: int) -> bool:
        g = reg.persons[pid].gender
        return g is None or gender is None or g == gender

    # "Holloway, he said, “is running …”": the clause a parenthetical "he said" interrupts is what he
    # reported, and its subject is who it is about, never the one saying it.
    # Only a cue set off right after that subject, its clause going on after it ("X, he said, is …").
    cue = pron.head
    reported = cue.head if cue.dep_ == "parataxis" and pron.dep_ == "nsubj" and cue.head.i > cue.i else None

    def about(c: Token) -> bool:
        return (
            reported is not None
            and c.head.i == reported.i
            and c.dep_ in {"nsubj", "nsubjpass"}
            and c.right_edge.i == pron.i - 2
            and page.doc[pron.i - 1].text == ","
        )

    # Binding: "Anusauskas played down the comments as he said" - the matrix subject wins.
    t = pron.head
    for _ in range(6):
        for c in t.children:
            # A subject inside a quote binds nothing outside it ("“… The minister knows …,” he said").
            inside = page.in_quote(c) and not page.in_quote(pron)
            if about(c):
                continue
            if c.dep_ in {"nsubj", "nsubjpass"} and c.i < pron.i and c.i != pron.i and not inside:
                pid = person_of(ctx, c)
                if pid is None:
                    pid = thing_owner(ctx, c)
                if pid is not None and compatible(pid):
                    return pid
        if t.head.i == t.i or not page.same_para(t.head, t):
            break
        t = t.head
    # Otherwise the latest sentence with a compatible person; its subject first.
    cands: list[tuple[int, int, bool]] = []  # (token, person, is_subject)
    speakers: set[int] = set()  # the tokens of those candidates that are a quote's speaker
    for pid, person in enumerate(reg.persons):
        for m in person.mentions:
            if m < pron.i:
                cands.append((m, pid, is_subject(page.doc[m]) or _verbless_subject(page.doc[m])))
    for i, spk in memory.order:
        if i < pron.i and spk.person is not None:
            cands.append((i, spk.person, is_subject(page.doc[i])))
            speakers.add(i)
    cands = [
        c
        for c in cands
        if compatible(c[1])
        and page.para_of[pron.i] - page.para_of[c[0]] <= max_paras
        and not about(page.doc[c[0]])
    ]
    # The narrative's he or she refers to someone the narrative names, not to one named only inside a quote
    # ("“… Gov. Roe should resign.” Lee, the activist, said she …"), while it has such a person.
    if not page.in_quote(pron):
        cands = [c for c in cands if not page.in_quote(page.doc[c[0]])] or cands
    if gender is not None:
        cands += _pronoun_chain(ctx, pron, gender, max_paras)
    sid = page.sent_of[pron.i]
    # A sentence in brackets is an aside ("(Ferrigno has a cameo in the film.)"): the narrative's
    # pronouns refer past it.
    asides = {s for s in {page.sent_of[c[0]] for c in cands} if s != sid and _aside(page, s)}
    cands = [c for c in cands if page.sent_of[c[0]] not in asides]
    if not cands:
        return None
    by_sent: dict[int, list[tuple[int, int, bool]]] = {}
    for c in cands:
        by_sent.setdefault(page.sent_of[c[0]], []).append(c)
    for s in sorted(by_sent, reverse=True):
        group = sorted(by_sent[s])
        subjects = [c for c in group if c[2]]
        if s == sid:
            # "Now married and known as Jane Roe, she filed …": a fronted clause naming the subject.
            named = [c for c in group if _names_the_subject(page.doc[c[0]], pron)]
            if named:
                return named[-1][1]
            # In the pronoun's own sentence only a subject can be its antecedent (not an object)...
            if subjects:
                return subjects[-1][1]
            # ... but for one in a clause of its own: "an interview with Nancy Roe in which she said …",
            # when the person is known to be of the pronoun's gender.
            clause = pron.head
            higher = [
                c
                for c in group
                if gender is not None
                and reg.persons[c[1]].gender == gender
                and clause.i not in {a.i for a in page.doc[c[0]].ancestors}
                and clause.dep_ in {"relcl", "ccomp", "advcl"}
            ]
            if higher:
                return higher[-1][1]
            # ... or the author of the text the sentence opens on: "In Dutta's column, he writes, …".
            authors = [c for c in group if _owns_channel(page.doc[c[0]])]
            if authors:
                return authors[-1][1]
            continue
        # "“…?” Lee asked Roe. “…,” she replied.": the one asked is the one who answers.
        if pron.head.lemma_.lower() in lexicon().answering_verbs:
            # Whoever was asked or told something: the object of "asked", "told", "pressed".
            addressed = lexicon().audience_cues | lexicon().asking_verbs
            asked = [
                c
                for c in group
                if page.doc[c[0]].dep_ in {"dobj", "dative"} and page.doc[c[0]].head.lemma_ in addressed
            ]
            if asked:
                return asked[-1][1]
        # "Castellanos said Brightwell would engage …. “…,” she said.": the one who spoke, not the
        # subject of what they reported, is who goes on speaking.
        spoke = [c for c in subjects if c[0] in speakers]
        # "Dr. King rejected suggestions that Clinton needs to slow down. “…,” he told CNN": the subject
        # of what a suggestion or claim says is not the narrative's; the one who rejected it goes on.
        narrative = [c for c in subjects if not _in_content_clause(page.doc[c[0]])]
        # "… since the Hadley paper mill closed": a name modifying a common noun names a thing, not
        # someone the sentence is about.
        referring = [c for c in group if not _attributive(page.doc[c[0]])] or group
        return (spoke or narrative or subjects or referring)[-1][1]
    return None


def _attributive(t: Token) -> bool:
    """Tell whether a name modifies a common noun ("the Hadley paper mill", "the Voss campaign")."""
    while t.dep_ == "compound" and t.head.i != t.i:
        t = t.head
        if t.pos_ == "NOUN":
            return True
    return False


def _pronoun_chain(ctx: Context, pron: Token, gender: str, max_paras: int) -> list[tuple[int, int, bool]]:
    """Return the earlier he/she of the same gender, not a quote's speaker, as mentions of their person.

    A profile goes on with "he" for paragraphs after the name ("He was captured in 1943. … There he
    spent … "…," he said."): each pronoun refers to what the one before it does, so the chain carries
    the person past the window a name alone would be looked for in. A subject pronoun links the chain,
    and so does one that owns the subject ("Her fascination with Cleopatra is intense").
    """
    page = ctx.page
    memory = ctx.memory
    forms = lexicon().pronouns_male if gender == "m" else lexicon().pronouns_female
    start = bisect.bisect_left(page.para_of, page.para_of[pron.i] - max_paras)
    out = []
    for t in page.doc[start : pron.i]:
        if t.lower_ not in forms or t.i in memory.resolved or page.in_quote(t):
            continue
        # Only a subject carries the chain: an object's pronoun ("held up a photograph of her son") is
        # too loosely bound to say whom the next "she" means.
        if not (is_subject(t) or (t.dep_ == "poss" and t.head.dep_ in {"nsubj", "nsubjpass"})):
            continue
        if t.i not in memory.pronoun_referent:
            memory.pronoun_referent[t.i] = None  # a guard against cycles while it is resolved
            memory.pronoun_referent[t.i] = resolve_personal(ctx, t, gender, max_paras)
        pid = memory.pronoun_referent[t.i]
        if pid is not None:
            out.append((t.i, pid, True))
    return out


def _verbless_subject(t: Token) -> bool:
    """Tell whether a name is the root of a sentence the parser found no verb in: then it is the subject.

    "Erin Roe, the activist, endorsed the plan, saying she …": tagged as an adjective, "endorsed" leaves
    the name as the root, with no subject in the sentence; the name opening it is what it is about.
    """
    while t.dep_ in {"compound", "flat"} and t.head.i != t.i:
        t = t.head
    return t.dep_ == "ROOT" and t.pos_ == "PROPN" and t.left_edge.i == t.sent.start


def _in_content_clause(t: Token) -> bool:
    """Tell whether a subject's clause is the content of a noun or verb ("suggestions that X needs …")."""
    while t.dep_ in {"compound", "flat", "appos"} and t.head.i != t.i:
        t = t.head
    return t.head.dep_ in {"ccomp", "acl"}


def _aside(page: Page, sid: int) -> bool:
    """Tell whether a sentence stands in brackets of its own."""
    toks = page.doc[bisect.bisect_left(page.sent_of, sid) : bisect.bisect_right(page.sent_of, sid)]
    words = [t for t in toks if not t.is_space]
    return bool(words) and words[0].text == "(" and any(t.text == ")" for t in words[-2:])


def _names_the_subject(t: Token, pron: Token) -> bool:
    """Tell whether a name is given to a pronoun subject by a clause before it ("Known as X, she …")."""
    while t.dep_ in {"compound", "flat"} and t.head.i != t.i:
        t = t.head
    verb = t.head.head if t.dep_ == "pobj" and t.head.lower_ == "as" else None
    if verb is None or verb.lemma_.lower() not in lexicon().naming_verbs or pron.dep_ != "nsubj":
        return False
    clause = verb
    while clause.dep_ == "conj" and clause.head.i < clause.i:  # "married and known as X"
        clause = clause.head
    subjectless = not any(c.dep_ in {"nsubj", "nsubjpass"} for c in clause.children)
    return clause.dep_ == "advcl" and clause.head.i == pron.head.i and clause.i < pron.i and subjectless


def _owns_channel(t: Token) -> bool:
    """Tell whether a name is the possessor of a text or address ("Dutta's column", "Ruiz's speech")."""
    lex = lexicon()
    while t.dep_ in {"compound", "flat"} and t.head.i != t.i:
        t = t.head
    return t.dep_ == "poss" and t.head.lemma_.lower() in lex.channel_nouns | lex.document_sources


def thing_owner(ctx: Context, subj: Token) -> int | None:
    """Return the person whose thing is a clause's subject ("X's advice earned him …, where he …").

    A thing's owner is what the clause is about. A person's ("X's lawyer said he …") is not: the
    pronoun may be either of them, and nothing here tells which.
    """
    lex = lexicon()
    lemma = subj.lemma_.lower()
    if subj.pos_ != "NOUN" or person_noun(lemma):
        return None
    if lemma in lex.representative_heads:
        return None
    owner = next((c for c in subj.children if c.dep_ == "poss"), None)
    return ctx.reg.mention_of.get(owner.i) if owner is not None else None


def is_subject(t: Token) -> bool:
    """Tell whether a token is (part of a name that is) the subject of its clause."""
    root = t
    # Climb only within a name: "the Dunmore levee" makes the levee the subject, not Dunmore.
    while root.dep_ in {"compound", "flat"} and root.head.i != root.i and root.head.pos_ == "PROPN":
        root = root.head
    # "Freya's mother, Abena Osei, held …": the name in apposition to the subject is the subject too.
    if root.dep_ == "appos" and root.head.i != root.i:
        root = root.head
    return root.dep_ in {"nsubj", "nsubjpass"}


def person_of(ctx: Context, t: Token) -> int | None:
    """Return the person a subject token denotes, if any (name, resolved pronoun or role phrase)."""
    page = ctx.page
    reg = ctx.reg
    memory = ctx.memory
    lex = lexicon()
    pid = reg.mention_of.get(t.i)
    if pid is not None:
        return pid
    named = [reg.mention_of.get(c.i) for c in t.children if c.dep_ == "appos" and page.same_para(c, t)]
    if named and named[0] is not None:
        return named[0]  # "Freya's mother, Abena Osei,": the description is the person named beside it
    if t.lower_ in {"he", "she"}:
        spk = memory.resolved.get(t.i)
        return spk.person if spk else None
    if t.lemma_.lower() in lex.title_words and t.pos_ in {"NOUN", "PROPN"}:
        return match_role(ctx, page.np(t), t)
    return None


def resolve_nonpersonal(ctx: Context, pron: Token, plural: bool) -> Speaker | None:
    """Resolve it/they to the last organisation (or, for they, group) that spoke or was named."""
    page = ctx.page
    memory = ctx.memory
    para = page.para_of[pron.i]
    for i, spk in reversed(memory.order):
        if i >= pron.i or para - page.para_of[i] > 2:
            continue
        if spk.type == "organization" or (plural and spk.type == "unnamed"):
            return spk
        break
    return last_org(ctx, pron, max_paras=2)


def org_mentions(ctx: Context, before: int) -> list[tuple[int, str]]:
    """List (token, full name) for organisations named before a token, outside quotes."""
    page = ctx.page
    reg = ctx.reg
    people = ctx.people
    out: list[tuple[int, str]] = []
    covered: set[int] = set()
    for ent in page.doc.ents:
        # An entity running into a quote ('X. "Doctor's' of 'wrote on X. "Doctor's orders …"') names nobody.
        if ent.start >= before or ent.label_ != "ORG" or page.in_quote(ent[0]) or page.in_quote(ent[-1]):
            continue
        toks = [x for x in ent if not x.is_space and x.tag_ != "POS" and x.i not in reg.mention_of]
        if toks:
            name = page.text[toks[0].idx : toks[-1].idx + len(toks[-1])]
            out.append((ent.start, norm_np_text(people.org_alias.get(name, name))))
            covered.update(range(ent.start, ent.end))
    for t in page.doc[:before]:
        if t.i not in covered and t.text in people.org_alias and not page.in_quote(t):
            out.append((t.i, people.org_alias[t.text]))
    return sorted(out)


def main_company(ctx: Context, ref: Token) -> Speaker | None:
    """Pick the business most often named before ref (latest on a tie), skipping public bodies."""
    lex = lexicon()
    counts: dict[str, tuple[int, int]] = {}
    for i, name in org_mentions(ctx, ref.i):
        words = word_set(name)
        if words & lex.public_body_words or speaker_key(name) in lex.org_metonyms:
            continue
        n, _ = counts.get(name, (0, 0))
        counts[name] = (n + 1, i)
    if not counts:
        return None
    return Speaker(max(counts, key=lambda k: counts[k]), "organization")


def last_org(ctx: Context, ref: Token, max_paras: int = 8) -> Speaker | None:
    """Find the latest organisation named before ref (outside quotes), within a few paragraphs."""
    page = ctx.page
    reg = ctx.reg
    people = ctx.people
    para = page.para_of[ref.i]
    for k in range(ref.i - 1, -1, -1):
        if para - page.para_of[k] > max_paras:
            break
        t = page.doc[k]
        if page.in_quote(t) or k in reg.mention_of or t.pos_ != "PROPN":
            continue
        if t.text in people.org_alias:
            return Speaker(people.org_alias[t.text], "organization")
        if page.ents_by_tok.get(k) == "ORG":
            ent = next(e for e in page.doc.ents if e.start <= k < e.end)
            toks = [x for x in ent if not x.is_space and x.tag_ != "POS"]
            if toks and not page.in_quote(ent[-1]):  # see org_mentions
                name = page.text[toks[0].idx : toks[-1].idx + len(toks[-1])]
                return Speaker(norm_np_text(people.org_alias.get(name, name)), "organization")
    return None
