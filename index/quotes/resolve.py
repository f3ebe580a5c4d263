"""Stage 5, speaker resolution: the context every rule reads and the cache that orders the rules' work.

`resolve(ctx, head)` turns a speaker head token into a `Speaker` once and remembers it. What was
resolved earlier matters later, so it lives in `Memory`, the one piece of state shared across the
resolution of different heads: a he/she looks back at the speakers before it, a bare "the official"
repeats the last official who spoke, and "she added" may refer to an unnamed source that just spoke.
The rules themselves (`rules.RULES`) are handed in through the context, so this module does not
depend on them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from index.lexicon import lexicon
from index.quotes.page import Page
from index.quotes.people import People, Registry
from index.quotes.records import Speaker

if TYPE_CHECKING:
    from spacy.tokens import Token

log = logging.getLogger(__name__)


@dataclass
class Memory:
    """What resolution has decided so far, in the order it decided it."""

    resolved: dict[int, Speaker | None] = field(default_factory=dict)  # head token -> speaker
    order: list[tuple[int, Speaker]] = field(default_factory=list)  # (head token, speaker), in order
    # Singular unnamed sources that spoke ("a longtime neighbour"), by head token, with their gender
    # when the article tells ("because she feared a lawsuit"): "she added" may refer back to one.
    unnamed_gender: dict[int, str | None] = field(default_factory=dict)
    # He/she outside any speech cue, by token, to the person each refers to: a pronoun chain ("He was
    # captured …. There he spent …. "…," he said.") carries a person across paragraphs.
    pronoun_referent: dict[int, int | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Context:
    """The earlier stages' records (read-only), the rules to apply and the memory they share."""

    page: Page
    people: People
    decide: Callable[[Context, Token], Speaker | None]  # the rule chain: a head token to its speaker
    memory: Memory = field(default_factory=Memory)

    @property
    def reg(self) -> Registry:
        """Return the person registry (which resolving a name can still add to)."""
        return self.people.registry


def resolve(ctx: Context, head: Token) -> Speaker | None:
    """Resolve a speaker head token to a speaker, caching by token."""
    memory = ctx.memory
    if head.i in memory.resolved:
        return memory.resolved[head.i]
    try:
        spk = ctx.decide(ctx, head)
    except Exception as exc:  # a strange parse must cost one record, never the article
        log.warning("speaker resolution failed at token %d: %s", head.i, exc)
        spk = None
    memory.resolved[head.i] = spk
    if spk is not None:
        memory.order.append((head.i, spk))
        if spk.type == "unnamed" and describes_one_person(head):
            memory.unnamed_gender[head.i] = description_gender(ctx.page, head)
    return spk


def speaker_of(ctx: Context, ref: Token | int | None) -> Speaker | None:
    """Return the speaker for a resolved head token or a person index."""
    if ref is None:
        return None
    if isinstance(ref, int):
        return ctx.reg.spk(ref)
    return ctx.memory.resolved.get(ref.i)


def describes_one_person(head: Token) -> bool:
    """Tell whether a speaker head is a singular description of a person ("a longtime neighbour")."""
    lex = lexicon()
    lemma = head.lemma_.lower()
    return (
        head.pos_ == "NOUN"
        and not head.tag_.endswith("S")
        and lemma not in lex.document_sources
        and lemma not in lex.org_heads
    )


def description_gender(page: Page, head: Token) -> str | None:
    """Return the gender an unnamed source's own words give it ("a woman", "because she feared …")."""
    lex = lexicon()
    lemma = head.lemma_.lower()
    g = lex.gendered_role_words.get(lemma) or {"man": "m", "woman": "f"}.get(lemma)
    if g:
        return g
    np_ids = {t.i for t in page.np(head)}
    for t in head.subtree:
        if t.i not in np_ids and page.same_para(t, head) and not page.in_quote(t):
            if t.lower_ in lex.pronouns_male:
                return "m"
            if t.lower_ in lex.pronouns_female:
                return "f"
    return None
