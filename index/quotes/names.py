"""Stage 3a, names: find the token runs that name a person, and the organisations' short names.

These are the raw finds the people stage registers: NER's names trimmed of titles, capitalised runs
after a title or honorific, names in apposition to a role noun, speaker lines next to a quote, and
hyphenated or particle-bearing surnames the tokenizer or NER split.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from index.lexicon import lexicon, speech_forms
from index.quotes.page import JOINERS, Page, person_noun

if TYPE_CHECKING:
    from spacy.tokens import Token

_MAX_LINE_TOKENS = 12  # a speaker line is a name and a title, never a sentence


@functools.cache
def _role_words() -> frozenset[str]:
    """Return every word of the lexicon's role-synonym groups ("sen", "senator", "rep", …), built once."""
    return frozenset(w for group in lexicon().role_synonyms for w in group)


def clean_name(page: Page, toks: list[Token]) -> list[Token]:
    """Trim titles, honorifics, possessives and line breaks from an entity to leave the bare name."""
    lex = lexicon()
    # Stop at a line break: entities sometimes run into the next paragraph.
    for k, t in enumerate(toks):
        if t.is_space or "\n" in t.text_with_ws[: len(t.text)]:
            toks = toks[:k]
            break
    # 'Said Jane Roe: “…”', "Billionaire Ben Okafor spoke": an inverted attribution's verb or a label,
    # capitalised only because it opens the sentence, is not part of the name. A two-word name keeps it
    # ("Said Jalili" is a name).
    opener = toks[0].lower_ if len(toks) > 2 and toks[0].is_sent_start else None
    if opener in speech_forms(attributions=True) or opener in lex.epithet_words:
        toks = toks[1:]
    # Drop everything up to the last leading title word ("Foreign Minister Antonio Tajani").
    last_title = -1
    for k, t in enumerate(toks[:-1]):
        low = t.lower_.rstrip(".")
        # An abbreviated title before a name ("Sen.", "Rep.", "Gov.") is a title too.
        short = t.text.endswith(".") and low in _role_words()
        if low in lex.title_words or low in lex.honorifics or short or page.ents_by_tok.get(t.i) == "NORP":
            last_title = k
    toks = toks[last_title + 1 :]
    # Cut a trailing title that NER swallowed ("Stephane Sejourne French Foreign Minister").
    for k, t in enumerate(toks):
        if k == 0:
            continue
        low = t.lower_.rstrip(".")
        # Lowercase surname particles ("Pieter de Wit", "Lotte van den Bosch") belong to the name.
        j = k
        while j < len(toks) and toks[j].is_lower and toks[j].lower_ in lex.name_particles:
            j += 1
            if j < len(toks) and toks[j].text == "-":  # "Omar el-Bashir", "Nuri al-Maliki"
                j += 1
        particle = j > k and j < len(toks) and toks[j].text[:1].isupper()
        # "Geun-hye", "Min-jung": a lowercase part written onto a name with a hyphen is the name's own.
        if _hyphen_part(toks, k):
            continue
        # A capitalised title word ending the name is a surname ("Michael King", "John Major"); a
        # swallowed title runs on ("… French Foreign Minister") or stands after a full name.
        surname = k == len(toks) - 1 == 1 and t.text[:1].isupper()
        if (
            (low in lex.title_words and not surname)
            or page.ents_by_tok.get(t.i) == "NORP"
            or (t.is_lower and not particle)
        ):
            toks = toks[:k]
            break
    while toks and (toks[-1].tag_ == "POS" or toks[-1].is_punct or toks[-1].lower_ in {"'s", "’s"}):
        toks = toks[:-1]
    while toks and not any(ch.isalnum() for ch in toks[0].text):  # "― Jane Roe": a round-up's dash
        toks = toks[1:]
    if not toks or not (toks[-1].text[:1].isupper() or _hyphen_part(toks, len(toks) - 1)):
        return []
    return toks


def _hyphen_part(toks: list[Token], k: int) -> bool:
    """Tell whether toks[k] is a lowercase part written onto a capitalised name by a hyphen ("Min-jung")."""
    if k < 2 or toks[k - 1].text != "-" or toks[k - 1].whitespace_ or toks[k - 2].whitespace_:
        return False
    return toks[k - 2].text[:1].isupper() or _hyphen_part(toks, k - 2)


def with_particles(page: Page, toks: list[Token]) -> list[Token]:
    """Extend a name across lowercase surname particles NER cut it at ("Lotte van" + "den Bosch")."""
    lex = lexicon()
    last = toks[-1]
    j = last.i + 1
    while j < len(page.doc) and page.doc[j].is_lower and page.doc[j].lower_ in lex.name_particles:
        j += 1
    ends_in_particle = last.is_lower and last.lower_ in lex.name_particles
    if (j > last.i + 1 or ends_in_particle) and j < len(page.doc):
        surname = page.doc[j]
        if surname.pos_ == "PROPN" and surname.text[:1].isupper() and page.same_para(surname, last):
            return list(page.doc[toks[0].i : j + 1])
    return toks


def with_surname(page: Page, toks: list[Token]) -> list[Token]:
    """Extend a name across a surname NER left out but the parser joined to it ("Catherine" + "Vu").

    The small model often ends a person at a first name it knows and leaves an unfamiliar surname
    untagged; the parser still makes the first name a compound on the surname after it.
    """
    lex = lexicon()
    last = toks[-1] if toks else None
    nxt = page.doc[last.i + 1] if last is not None and last.i + 1 < len(page.doc) else None
    if (
        nxt is None
        or len(toks) > 2
        or last.dep_ != "compound"
        or last.head.i != nxt.i
        or nxt.pos_ != "PROPN"
        or not nxt.text[:1].isupper()
        or not nxt.is_alpha
        or page.ents_by_tok.get(nxt.i) is not None
        or nxt.lower_ in lex.org_heads
        or nxt.lower_.rstrip(".") in lex.title_words
        or not page.same_para(nxt, last)
    ):
        return toks
    return [*toks, nxt]


def across_nickname(page: Page, toks: list[Token]) -> list[Token]:
    """Extend a name across a nickname in quotation marks NER cut it at ('Marcia "Cia"' + 'Price').

    News copy sets a nickname off inside a name ('Rep. Robert "Bobby" Lee'); the marks stop NER, which
    leaves the first name alone (or ending in the open mark) and the surname to another entity.
    """
    doc = page.doc
    if not toks:
        return toks
    marks = [t for t in toks if t.is_quote]
    if len(marks) % 2:  # the entity ends inside the nickname: 'Robert C. "Bobby'
        opening = marks[-1].i
    elif toks[-1].i + 1 < len(doc) and doc[toks[-1].i + 1].is_quote:
        opening = toks[-1].i + 1
    else:
        return toks
    # The marks pair into no quote (stage 2 told them a nickname's): capitalised words, then the surname.
    closing = opening + 1
    while closing < len(doc) and closing - opening <= 4 and not doc[closing].is_quote:
        closing += 1
    inner = doc[opening + 1 : closing]
    if (
        closing >= len(doc)
        or not doc[closing].is_quote
        or not len(inner)
        or page.in_quote(doc[opening])
        or not all(t.text[:1].isupper() and t.text.rstrip(".").isalpha() for t in inner)
    ):
        return toks
    end = closing + 1
    while end < len(doc) and end - closing <= 2 and doc[end].text[:1].isupper() and doc[end].is_alpha:
        end += 1
    if end == closing + 1 or not page.same_para(doc[end - 1], toks[0]):
        return toks
    return list(doc[toks[0].i : end])


def hyphenated_run(page: Page, t: Token) -> list[Token]:
    """Return t with any "-Word" parts written onto it ("Mensah" "-" "Boateng"), else [t]."""
    run = [t]
    j = t.i
    while (
        j + 2 < len(page.doc)
        and page.doc[j].text_with_ws == page.doc[j].text
        and page.doc[j + 1].text == "-"
        and page.doc[j + 1].text_with_ws == "-"
        and page.doc[j + 2].text[:1].isupper()
    ):
        run += [page.doc[j + 1], page.doc[j + 2]]
        j += 2
    return run


ORG_LABELS = frozenset({"ORG", "FAC"})


def personal_title(page: Page, t: Token) -> bool:
    """Tell whether a token is a title or honorific ("President", "Sen.", "Mr."), not a word of a body's name.

    A title inside an organisation's name ("General Motors") introduces no person.
    """
    lex = lexicon()
    low = t.lower_.rstrip(".")
    return (low in lex.title_words or low in lex.honorifics) and page.ents_by_tok.get(t.i) not in ORG_LABELS


def titled_name_runs(
    page: Page, mention_of: Mapping[int, int], org_alias: Mapping[str, str]
) -> list[list[Token]]:
    """Find capitalised 1-3 word runs that follow a title or honorific and are not yet a person."""
    lex = lexicon()
    runs: list[list[Token]] = []
    doc = page.doc
    k = 0
    while k < len(doc):
        t = doc[k]
        low = t.lower_.rstrip(".")
        # "the critic Julia Marsh": a singular noun for a kind of person introduces a name too, which
        # the small model often tags as an organisation; only a two-word name counts after one.
        describer = t.pos_ == "NOUN" and t.tag_ == "NN" and t.lemma_.lower() in lex.unnamed_heads
        if not (personal_title(page, t) or describer) or page.ents_by_tok.get(k) in ORG_LABELS:
            k += 1
            continue
        run: list[Token] = []
        j = k + 1
        while j < len(doc) and len(run) < 4:
            u = doc[j]
            # After a first name, a capitalised word is the surname, whatever NER made of it ("Linda
            # Farraday" with "Farraday" tagged a date, like "Friday").
            after_given = (
                bool(run) and run[-1].lower_ in lex.given_names and page.ents_by_tok.get(u.i) == "DATE"
            )
            ok = (
                u.pos_ == "PROPN"
                and u.text[:1].isupper()
                and u.lower_.rstrip(".") not in lex.title_words
                and u.lower_.rstrip(".") not in lex.honorifics
                and (
                    page.ents_by_tok.get(u.i) not in {"GPE", "DATE", "TIME", "NORP", "LOC", "CARDINAL"}
                    or after_given
                )
                and page.para_of[u.i] == page.para_of[t.i]
            )
            if not ok:
                break
            run.append(u)
            j += 1
        # A single word after a title is a surname unless it starts a known organisation's name.
        if (
            describer
            and low not in lex.title_words
            and (len(run) < 2 or any(u.lower_ in lex.org_heads for u in run))
        ):
            run = []
        if (
            1 <= len(run) <= 3
            and not any(u.i in mention_of for u in run)
            and (len(run) > 1 or run[0].text not in org_alias)
        ):
            runs.append(run)
        k = max(j, k + 1)
    return runs


def _appositive_runs(page: Page, noun: Token) -> list[list[Token]]:
    """Return the proper-noun runs in apposition to a noun ("its chairman, Ana Ruiz,"), compounds included."""
    runs = []
    for c in noun.children:
        if c.dep_ != "appos" or c.pos_ != "PROPN" or not page.same_para(c, noun) or page.in_quote(c):
            continue
        lo = c.i
        while lo >= 1:
            prev = page.doc[lo - 1]
            if prev.dep_ == "compound" and prev.head.i == c.i:
                lo -= 1
            elif lo >= 2 and prev.text in JOINERS and not (prev.whitespace_ or page.doc[lo - 2].whitespace_):
                lo -= 1  # "Okonkwo-Salles": the hyphen inside a double-barrelled name
            else:
                break
        runs.append(list(page.doc[lo : c.i + 1]))
    return runs


def appositive_name_runs(
    page: Page, mention_of: Mapping[int, int], org_alias: Mapping[str, str]
) -> list[list[Token]]:
    """Find two- or three-word proper-noun runs in apposition to a noun for a kind of person."""
    lex = lexicon()
    runs: list[list[Token]] = []
    for t in page.doc:
        lemma = t.lemma_.lower()
        if t.pos_ != "NOUN" or not person_noun(lemma) or page.in_quote(t):
            continue
        for run in _appositive_runs(page, t):
            words = [u for u in run if u.text not in JOINERS]
            # "her spokesman, Erlend Tveit": NER may call a surname a place; a lone word may be one.
            places = {"NORP", "LOC", "DATE", "TIME", "FAC"} | ({"GPE"} if len(words) == 1 else set())
            ok = all(
                u.pos_ == "PROPN"
                and u.text[:1].isupper()
                and u.i not in mention_of
                and u.lower_.rstrip(".") not in lex.title_words
                and page.ents_by_tok.get(u.i) not in places
                for u in words
            )
            # NER may have made the name itself an organisation; only a longer one ("Redfern Group")
            # shows the words belong to a company.
            alias = org_alias.get(run[0].text)
            if ok and 2 <= len(words) <= 3 and (alias is None or alias == page.tokens_text(run)):
                runs.append(run)
    return runs


def who_named_runs(page: Page, mention_of: Mapping[int, int]) -> list[list[Token]]:
    """Find names NER took for bodies or groups (a lone surname: a place) that a "who" or a role make people.

    "Georg Willeit of SOS Children's Villages, who said …": a body is "which", a person "who". "Paola
    Subacchi, research director at …, said": a body is not in apposition to a noun for a kind of person.
    """
    lex = lexicon()
    runs: list[list[Token]] = []
    for ent in page.doc.ents:
        toks = [t for t in ent if not t.is_space]
        words = [t for t in toks if t.text not in JOINERS]  # "Nwachukwu-Reyes" is one surname
        # A lone surname NER took for a place or a body ("Perrin, who has covered …") counts on the "who".
        single = len(words) == 1
        if not 1 <= len(words) <= 3 or ent.label_ not in ({"ORG", "GPE"} if single else {"ORG", "NORP"}):
            continue
        root = ent.root
        if any(t.i in mention_of or t.pos_ != "PROPN" or not t.text[:1].isupper() for t in words):
            continue
        if page.in_quote(root):
            continue
        subjects = {"nsubj", "nsubjpass"}
        who = any(
            c.dep_ == "relcl" and any(w.lower_ == "who" and w.dep_ in subjects for w in c.children)
            for c in root.children
        )
        # A title or a source's description, not any agent noun: "Lumora Systems, maker of …" is a company.
        role = any(
            c.dep_ == "appos"
            and c.i > root.i
            and c.pos_ == "NOUN"
            and (c.lemma_.lower() in lex.title_words or c.lemma_.lower() in lex.unnamed_heads)
            for c in root.children
        )
        if who or (role and not single):
            runs.append(toks)
    return runs


@dataclass(frozen=True)
class Relative:
    """A name in apposition to a family noun: the name, the noun ("wife") and the family's name if given."""

    name: tuple[Token, ...]
    kin: Token
    family: Token | None


def kin_name_runs(page: Page) -> list[Relative]:
    """Find names in apposition to a family noun ("Hale's wife, Maren,"), each with the family's name.

    News style gives a relative by first name alone when they share the family name, and the small
    model often tags such a lone first name as a place. The second item is the possessor naming the
    family ("Hale"), when the name is a first name alone and the possessor is a proper noun.
    """
    lex = lexicon()
    found: list[Relative] = []
    for t in page.doc:
        if t.pos_ != "NOUN" or t.tag_ != "NN" or t.lemma_.lower() not in lex.kin_words or page.in_quote(t):
            continue
        for run in _appositive_runs(page, t):
            ok = len(run) <= 3 and all(
                u.pos_ == "PROPN"
                and u.text[:1].isupper()
                and u.lower_.rstrip(".") not in lex.title_words
                and page.ents_by_tok.get(u.i) not in {"DATE", "TIME", "ORG", "NORP"}
                for u in run
            )
            if not ok:
                continue
            owner = next((o for o in t.children if o.dep_ == "poss"), None)
            family = owner if len(run) == 1 and owner is not None and owner.pos_ == "PROPN" else None
            found.append(Relative(tuple(run), t, family))
    return found


def org_aliases(page: Page) -> dict[str, str]:
    """Map the first word of a multi-word organisation name to the whole ("Lumora" -> "Lumora Systems")."""
    org_alias: dict[str, str] = {}
    for ent in page.doc.ents:
        # An entity running into a quote ('X. "Doctor's' of 'wrote on X. "Doctor's orders …"') names nobody.
        if ent.label_ != "ORG" or page.in_quote(ent[0]) != page.in_quote(ent[-1]):
            continue
        toks = [t for t in ent if not t.is_space and t.tag_ != "POS" and not t.is_punct]
        if len(toks) < 2 or (toks[0].lower_ == "the" and len(toks) < 3):
            continue
        name = page.text[toks[0].idx : toks[-1].idx + len(toks[-1])]
        # Only the first word: "Harwell" stands for "Harwell Securities", "Securities" does not.
        first = toks[1] if toks[0].lower_ == "the" else toks[0]
        if first.pos_ == "PROPN" and len(name) > len(org_alias.get(first.text, "")):
            org_alias[first.text] = name
    return org_alias


def speaker_line(page: Page, p: int) -> tuple[list[Token], list[Token]] | None:
    """Recognise a name-and-title line next to a quote ("Stephane Sejourne French Foreign Minister")."""
    lex = lexicon()
    if p in page.segs_in_para:
        return None
    next_quoted = p + 1 < len(page.paras) and any(
        page.segs[k].at_para_start for k in page.segs_in_para.get(p + 1, [])[:1]
    )
    if not (p > 0 and page.seg_ends_para(p - 1)) and not next_quoted:
        return None
    toks = page.para_tokens(p)
    while toks and toks[0].is_punct:  # "— Name, Title"
        toks = toks[1:]
    if not toks or len(toks) > _MAX_LINE_TOKENS:
        return None
    if any(t.pos_ in {"VERB", "AUX"} for t in toks) or toks[-1].text in {".", "!", "?"}:
        return None
    while toks and toks[0].lower_.rstrip(".") in lex.honorifics:
        toks = toks[1:]
    if not toks:
        return None
    name: list[Token] = []
    ent = next((e for e in page.doc.ents if e.start <= toks[0].i < e.end), None)
    if ent is not None and ent.label_ == "PERSON" and ent.start == toks[0].i:
        # NER's person span, trimmed of any title it swallowed, is the best guess at the name.
        name = clean_name(page, [t for t in ent if not t.is_space])
    if not name:
        for t in toks:
            low = t.lower_.rstrip(".")
            if (
                t.pos_ == "PROPN"
                and t.text[:1].isupper()
                and low not in lex.title_words
                and page.ents_by_tok.get(t.i) != "NORP"
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
    if rest and not any(t.lower_.rstrip(".") in lex.title_words for t in rest):
        return None
    return name, rest


# "“…” ― Name" / "“…” — Name, Title": a dash and a name after the quotes of a round-up paragraph.
_DASH_NAME = re.compile(r"\s*(?:[―—–]|--?)\s*(?=\S)")
_NAME_CUT = frozenset({",", "(", ".", ":"})
_HANDLE = re.compile(r"@\w{2,30}")
_NOT_A_NAME = frozenset({"GPE", "LOC", "NORP", "FAC", "DATE", "TIME", "CARDINAL", "PERCENT", "MONEY"})


def quote_label(page: Page, p: int) -> list[Token] | None:
    """Return the name labelling a paragraph of quotes in a round-up, else None.

    Round-ups of reactions label each quote with its author instead of a verb of saying: the name
    after a dash ("“…” ― Jane Roe") or before a colon ("Jane Roe, Twitter: “…”"). Nothing else may
    stand outside the quotes, and the label holds no verb: a sentence there is narration.
    """
    ks = page.segs_in_para.get(p)
    if not ks:
        return None
    ps, pe = page.paras[p]
    first, last = page.segs[ks[0]], page.segs[ks[-1]]
    dash = _DASH_NAME.match(page.text, last.outer_end, pe)
    if dash is not None and all(t.is_punct for t in page.region(ps, last.outer_end)):
        # The tokenizer may glue the dash to the closing mark ("”―"): the name starts after the dash.
        span = page.doc[page.tok_at_or_after(dash.end()) : page.tok_at_or_after(pe)]
        label = [t for t in span if not t.is_space]
    else:
        before = page.region(ps, first.open_pos)
        # "(R-S.C.):" may come as one token "):".
        if not before or before[-1].text not in {":", "):"}:
            return None
        if not all(t.is_punct for t in page.region(first.open_pos, pe)):
            return None
        label = before[:-1]
    if not label or len(label) > _MAX_LINE_TOKENS or any(t.pos_ == "AUX" for t in label):
        return None
    lex = lexicon()
    name: list[Token] = []
    for t in label:
        if t.text in _NAME_CUT or t.text in lex.label_outlet_words:
            break
        name.append(t)
    rest = label[len(name) :]
    # The label is a name, then at most a title or outlet after a comma (or "on", "via"): no clause, no verb.
    if any(t.pos_ == "VERB" and t.tag_ != "VBN" for t in name[1:] + rest) or len(name) > 5:
        return None
    if rest and rest[0].text not in {",", "(", "."} | lex.label_outlet_words:
        return None
    # "@KeystoneGOP: “…”": an account's handle alone labels its post.
    if len(name) == 1 and not rest and _HANDLE.fullmatch(name[0].text):
        return name
    capitalised = all(t.text[:1].isupper() or t.lower_ in lex.name_particles for t in name)
    labels = {page.ents_by_tok.get(t.i) for t in name}
    if not capitalised or len(name) < 2 or labels & _NOT_A_NAME:
        return None
    # NER calls many a person's name an organisation; a determiner or an organisation word says it is one.
    if name[0].lower_ in {"the", "a", "an"} or any(t.lower_ in lex.org_heads for t in name):
        return None
    return name
