"""Resolve a follow-up question against the session: pronouns, "what is his name?", "And X?", ellipsis."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.questions import analyze
from bot.text import fold, terms

_PERSON_PRONOUN = re.compile(r"\b(he|she|him|her|his|hers)\b", re.I)
_OTHER_PRONOUN = re.compile(r"\b(it|its|they|them|their|theirs|that|this|these|those|there|then)\b", re.I)
_NAME_REQUEST = re.compile(
    r"^\s*(?:and\s+)?(?:what(?:'s|’s|\s+is|\s+was)\s+(?:his|her|their)\s+(?:full\s+)?name|"
    r"who\s+(?:is|was)\s+(?:he|she)|(?:what|who)\s+(?:is|was)\s+the\s+name)\b",
    re.I,
)
_AND_X = re.compile(r"^\s*(?:and|what\s+about|how\s+about)\s+(?P<x>[^?]+?)\s*\??\s*$", re.I)
_AUX = r"(?:did|does|do|has|have|had|is|was|were|will|would|could|can|are)"
_SUBJECT = re.compile(
    rf"^(?P<head>\s*(?:what|how\s+(?:many|much)(?:\s+(?!{_AUX}\b)\w+)?|how\s+long|how|when|where|why|"
    rf"which\s+\w+|who)\s+(?P<aux>(?:else\s+)?{_AUX})\s+)(?P<subj>(?:(?:the|a|an|his|her|its|their)\s+)?"
    r"(?:(?-i:[A-Z])[\w’'.-]*\s+)*[\w’'.-]+)(?P<tail>\s+\w+(?:\s+.*)?\??)$",
    re.I,
)
# "And with how much money?", "And when?": the question word changes, the rest is the last question's.
_NEW_WH = re.compile(
    r"^(?:(?:with|for|by|in|on|at|to|from)\s+)?(?:how\s+(?:much|many|long|often|far)|when|where|why|who|"
    r"what|which|how)\b",
    re.I,
)
# "And when will they go up?": a whole question of its own, whose "they" is the last question's subject.
_WHOLE = re.compile(rf"^\S+(?:\s+\S+){{0,3}}?\s+{_AUX}\b\s+(?P<ref>they|it|he|she)\b", re.I)
_SHORT = 3  # a question with this few content words and no name leans on the conversation


@dataclass
class Turn:
    """What a question means once the conversation is taken into account."""

    text: str  # the question with references resolved
    followup: bool = False
    context: str = ""  # the previous (resolved) question, for retrieval
    near: list[tuple[str, int, int]] = field(default_factory=list)  # passages the previous answer cited
    person: str | None = None  # who "he"/"she" refers to
    name_request: bool = False  # "what is his name?"
    rewritten: bool = False  # the reference was put into the question, which now stands on its own
    shown_quotes: set[tuple[str, int]] = field(default_factory=set)


def resolve(question: str, history: list[dict[str, Any]], genders: dict[str, str] | None = None) -> Turn:
    """Rewrite `question` using the last turns; a question that stands on its own is left alone."""
    question = question.strip()
    if not history:
        return Turn(text=question)
    last = history[-1]["answer"]
    ctx = last.get("context", {})
    prev_text = ctx.get("resolved") or history[-1]["question"]
    near = [(c["doc_id"], c["start"], c["end"]) for c in last.get("citations", [])]
    shown = {(q[0], q[1]) for q in ctx.get("quotes", [])}
    people = [p for turn in reversed(history) for p in turn["answer"].get("context", {}).get("people", [])]
    turn = Turn(text=question, context=prev_text, near=near, shown_quotes=shown)

    if _NAME_REQUEST.search(question):
        pronoun = _PERSON_PRONOUN.search(question)
        turn.person = _pick(people, pronoun.group(1) if pronoun else None, genders)
        turn.name_request = turn.followup = turn.person is not None
        return turn
    if (m := _AND_X.match(question)) and (text := _elliptic(prev_text, m.group("x"))):
        # "And Argentina?" after "What did Germany offer?": the rewritten question is about Argentina
        # only; the previous subject must not pull the answer back to Germany.
        turn.followup = turn.rewritten = True
        turn.text = text
        return turn
    pronoun = _PERSON_PRONOUN.search(question)
    if pronoun and (person := _pick(people, pronoun.group(1), genders)):
        turn.person = person
        turn.followup = turn.rewritten = True
        turn.text = _PERSON_PRONOUN.sub(lambda m: _replace(m.group(1), person), question)
        return turn
    query = analyze(question)
    if (
        _OTHER_PRONOUN.search(question)
        or (not query.proper_nouns and len(query.terms) <= _SHORT)
        or (query.kind == "summary" and _OTHER_PRONOUN.search(question))
    ):
        turn.followup = True
    return turn


def _pick(people: list[str], pronoun: str | None, genders: dict[str, str] | None) -> str | None:
    """Return the most recent person the pronoun can refer to."""
    want = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}.get(
        (pronoun or "").lower()
    )
    if not want or not genders:
        return people[0] if people else None
    # Someone the article calls "he" beats a more recent person of no known gender.
    for fits in ((want,), (None, want)):
        for person in people:
            if genders.get(person) in fits:
                return person
    return people[0] if people else None


def _replace(pronoun: str, person: str) -> str:
    return f"{person}’s" if pronoun.lower() in ("his", "hers") else person


def _elliptic(previous: str, x: str) -> str | None:
    """Complete "And X?" from the last question, or return None when X is a question that needs no help."""
    prev = _SUBJECT.match(previous)
    subj, tail = _subject(prev.group("subj") + prev.group("tail")) if prev else ("", "")
    if m := _WHOLE.match(x):
        if not prev or m.group("ref").lower() in ("he", "she"):
            return None  # a person pronoun is resolved from the people of the conversation
        # "And what will they cost?" after "How much will the job cuts save?": they are the job cuts.
        text = x[: m.start("ref")] + subj + x[m.end("ref") :]
    elif _NEW_WH.match(x) and prev:
        # "And with how much money?" after "When did she open the Lantern?": a new question word.
        text = f"{x} {prev.group('aux')} {subj} {tail}"
    else:
        return _substitute(previous, x)
    return text[:1].upper() + text[1:].rstrip(" ?") + "?"


_BEFORE_OBJECT = re.compile(
    r"^(?:(?-i:[A-Z])|(?:the|a|an|his|her|its|their|this|that|these|those|on|in|at|to|for|with|from|by|about|"
    r"over|after|before|up|down|out|off)\b|[?.,]|$)",
    re.I,
)


def _subject(rest: str) -> tuple[str, str]:
    """Split "the job cuts save Aurelle Air each year?" into its subject and the rest, from the verb.

    Without a parser the verb is told by what follows it: a name, an article, a preposition or the end
    ("… cuts save Aurelle …", "… signs cost?", "… council vote on …"); a capitalised word is never it.
    """
    words = rest.rstrip(" ?").split()
    for k in range(1, len(words)):
        after = " ".join(words[k + 1 :])
        if not words[k][:1].isupper() and _BEFORE_OBJECT.match(after):
            return " ".join(words[:k]), " ".join(words[k:])
    return words[0] if words else "", " ".join(words[1:])


def _substitute(previous: str, new: str) -> str:
    """Put `new` in place of the previous subject: "What did X say?" + "And Y?" → "What did Y say?"."""
    prev = analyze(previous)
    if prev.target and fold(prev.target) in fold(previous):
        i = fold(previous).index(fold(prev.target))
        head = previous[:i]
        # "What did the prosecution say?" + "And the defence?": one "the", not two.
        if re.search(r"\b(?:the|a|an)\s+$", head, re.I) and (m := re.match(r"(?:the|a|an)\s+", new, re.I)):
            new = new[m.end() :]
        return head + new + previous[i + len(prev.target) :]
    if m := _SUBJECT.match(previous):
        return f"{m.group('head')}{new}{m.group('tail')}"
    return f"{new}: {previous}"


def guess_genders(names: list[str], texts: list[str]) -> dict[str, str]:
    """Guess each person's grammatical gender from the pronouns that follow their name in the articles."""
    out = {}
    for name in names:
        surname = re.escape(fold(name).split()[-1]) if name.strip() else ""
        if not surname:
            continue
        male = female = 0
        # Within the paragraph, outside quotation marks: a quoted "her hands" is about someone else,
        # and the next paragraph may be about someone else again.
        for para in (p for text in texts for p in text.split("\n")):
            folded = re.sub(r'"[^"]*"?', " ", fold(para))
            for m in re.finditer(rf"\b{surname}\b", folded):
                window = folded[m.end() : m.end() + 160]
                male += len(re.findall(r"\b(he|his|him)\b", window))
                female += len(re.findall(r"\b(she|her|hers)\b", window))
        if male != female:
            out[name] = "m" if male > female else "f"
    return out


def context_terms(turn: Turn) -> list[str]:
    """Return the content words the conversation adds to a follow-up question."""
    return [t for t in terms(turn.context) if t not in set(terms(turn.text))] if turn.followup else []
