"""Stage 6, assembly: give every quote its speaker, apply news-copy fallbacks, and build the records.

Heads are resolved in article order first, so a pronoun sees the speakers before it. A quote without
a verb of saying then takes its voice from the conventions of news copy (`_fallbacks`), quotes run
across paragraphs are chained, scare quotes are dropped, and nested reports by one speaker merge.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from index.lexicon import lexicon
from index.quotes.cues import Cues, name_after_titles
from index.quotes.page import TERMINATORS
from index.quotes.phrases import Phrase, is_phrase, speech_object
from index.quotes.records import Quote, Speaker
from index.quotes.reported import Report
from index.quotes.resolve import Context, resolve, speaker_of

if TYPE_CHECKING:
    from collections.abc import Mapping

    from spacy.tokens import Token

# (start, end, kind, speaker, phrase): a record before it becomes a `Quote`.
_Rec = tuple[int, int, str, Speaker, bool]


@dataclass(frozen=True)
class _Links:
    """Quotes continued across a paragraph break: each way, by segment index."""

    prev: dict[int, int]  # the quote opening a paragraph -> the open quote it continues
    next: dict[int, int]


@dataclass
class _Voices:
    """Who has been given the quotes so far; the fallbacks of later quotes read it as it grows."""

    final: dict[int, Speaker] = field(default_factory=dict)  # segment -> its speaker
    last_in_para: dict[int, tuple[int, Speaker]] = field(default_factory=dict)  # para -> (start, latest)


def assemble(
    ctx: Context, cues: Cues, reports: tuple[Report, ...], phrases: Mapping[int, Phrase]
) -> list[Quote]:
    """Resolve every speaker token, attribute every quote and return the records in article order."""
    page = ctx.page
    # Resolve every speaker token in article order so that pronouns see earlier speakers.
    # A next-line entry is a head token, or (for a speaker line) a person index, which needs no resolving.
    heads = set(cues.own.values()) | {v for v in cues.next_line.values() if not isinstance(v, int)}
    heads |= set(cues.textacy.values()) | set(cues.back_ref.values())
    heads |= {r.head for r in reports} | {p.head for p in phrases.values()}
    for head in sorted(heads, key=lambda t: t.i):
        resolve(ctx, head)

    records: list[_Rec] = []
    for report in reports:
        spk = speaker_of(ctx, report.head)
        if spk is not None:
            records.append((report.start, report.end, "indirect", spk, False))
    reported = list(records)
    voices = _Voices()
    for start, _, _, spk, _ in records:
        para = bisect.bisect_right(page.layout.para_starts, start) - 1
        if para not in voices.last_in_para or voices.last_in_para[para][0] < start:
            voices.last_in_para[para] = (start, spk)
    prev = _chains(ctx)
    links = _Links(prev, {v: k for k, v in prev.items()})
    for k, seg in enumerate(page.segs):
        spk = speaker_of(ctx, cues.own.get(k))
        if _phrase_outranks(cues.own.get(k), phrases.get(k)):
            spk = speaker_of(ctx, phrases[k].head) or spk
        worded = False  # the speaker's words by the parse, however short: a verb of saying governs them
        if spk is None:
            # A phrase quoted inside a sentence: the word of saying governing it, else the report holding it.
            phrase = phrases.get(k)
            spk = speaker_of(ctx, phrase.head if phrase else None) or _reporter(reported, seg.start, seg.end)
            worded = spk is not None
        if spk is None:
            spk = next(
                (found for found in _fallbacks(ctx, cues, links, voices, k) if found is not None), None
            )
        if spk is None:
            continue
        n_words = len(page.text[seg.start : seg.end].split())
        # A short phrase in quotation marks inside a sentence, with no verb of saying beside it, is a
        # scare quote or a title, not speech; a short full sentence ("Every hour counts.") is speech.
        sentence_like = page.text[seg.end - 1] in ".!?" or seg.at_para_start
        if n_words < 4 and not cues.has_cue.get(k) and not sentence_like and not worded:
            continue
        voices.final[k] = spk
        records.append((seg.start, seg.end, "direct", spk, is_phrase(page, k)))
        para_last = voices.last_in_para.get(seg.para)
        if para_last is None or para_last[0] < seg.start:
            voices.last_in_para[seg.para] = (seg.start, spk)
    return _records(ctx, records)


def _phrase_outranks(own: Token | None, phrase: Phrase | None) -> bool:
    """Tell whether a phrase's own clause beats the cue beside it.

    In "As X went on about “…”, Y said yes" the cue after the quote is Y's, but the phrase hangs on
    X's clause below it: the clause with its own subject that governs the quote wins.
    """
    if own is None or phrase is None:
        return False
    # "stood by his comment that “Islam hates us,” refusing …, Lee tried": a possessed speech noun before
    # the words says whose they are; a cue after them tags a clause of its own.
    if phrase.governor.pos_ == "NOUN" and phrase.head.dep_ == "poss":
        return own.head.i > phrase.governor.i
    if phrase.governor.pos_ not in {"VERB", "AUX"}:
        return False
    # "She claimed that X has “…,” according to a transcript": the verb of saying before the words that
    # governs them names who used them; "according to" says where the report comes from.
    if own.head.lower_ == "to" and own.head.head.lower_ == "according":
        return phrase.governor.i < own.head.head.i
    if own.head.lower_ == "per":  # "… “…,” per a transcript": the same
        return phrase.governor.i < own.head.i
    # "for not calling it “…”": the cue beside the phrase is negated, and the phrase's own reading
    # (the subject of the sentence that blames) is the one that holds.
    if any(c.dep_ == "neg" for c in phrase.governor.children):
        return True
    cue, gov = own.head, phrase.governor
    if gov.i == cue.i or phrase.head.head.i != gov.i or phrase.head.dep_ != "nsubj":
        return False
    # Only a subordinate clause ("as X went on …") hung on the cue's verb: a relative clause inside
    # the cue's subject ("The “loopholes” he cited are “…,” the paper reported") is a misparse risk.
    return gov.dep_ == "advcl" and gov.head.i == cue.i


def _reporter(reported: list[_Rec], start: int, end: int) -> Speaker | None:
    """Return the speaker of the reported clause that holds [start, end), if one does."""
    return next((r[3] for r in reported if r[0] <= start and end <= r[1]), None)


def _records(ctx: Context, records: list[_Rec]) -> list[Quote]:
    """Sort, merge nested reports by one speaker, drop duplicates and build the Quote records."""
    records.sort(key=lambda r: (r[0], r[1]))
    # A report nested in a report by the same speaker ("she said she had told them …") is one record.
    records = [
        r
        for r in records
        if not (
            r[2] == "indirect"
            and any(
                o is not r and o[2] == "indirect" and o[0] <= r[0] and r[1] <= o[1] and o[3].name == r[3].name
                for o in records
            )
        )
    ]
    out: list[Quote] = []
    seen: set[tuple[int, int, str]] = set()
    persons = ctx.reg.persons
    text = ctx.page.text
    for start, end, kind, spk, phrase in records:
        if (start, end, kind) in seen:
            continue
        seen.add((start, end, kind))
        role = persons[spk.person].role if spk.person is not None else None
        quote = Quote(spk.name, role, text[start:end], kind, start, end, spk.type, phrase)  # type: ignore[arg-type]
        out.append(quote)
    return out


def _fallbacks(ctx: Context, cues: Cues, links: _Links, voices: _Voices, k: int) -> Iterator[Speaker | None]:
    """Yield candidate speakers for a quote with no verb of saying beside it, most specific first.

    Each step is a news-copy convention that spaCy and textacy know nothing about. The caller stops at
    the first candidate: later steps may resolve new heads, so they must not run needlessly.
    """
    page = ctx.page
    seg = page.segs[k]
    ks = page.segs_in_para[seg.para]
    pos = ks.index(k)
    next_line = speaker_of(ctx, cues.next_line.get(k))
    # '“…,”' ends on a comma: its attribution follows, so the next line outranks what precedes.
    if seg.soft_end:
        yield next_line
    # News style: a quote continued from the previous paragraph keeps its speaker.
    if k in links.prev:
        yield voices.final.get(links.prev[k])
    # '“…” Those were the words of X.': the sentence after the quote names its speaker.
    yield speaker_of(ctx, cues.back_ref.get(k))
    # "Smith continued:" or "She made the following remark:" on the line before: that subject speaks.
    if pos == 0 and seg.at_para_start:
        yield _lead_in_speaker(ctx, seg.para)
    # "Jones was unconvinced. “…”": the person the preceding sentence is about speaks.
    prev_end = page.segs[ks[pos - 1]].outer_end if pos else page.paras[seg.para][0]
    yield _narrative_speaker(ctx, prev_end, seg.open_pos)
    # '“…,” he said. “…”': the next quote in the paragraph is the same voice.
    if pos:
        yield voices.final.get(ks[pos - 1])
    # A speaker line or "Macron added." on the next line.
    yield next_line
    # '“…” “…,” she said.': a later quote in the paragraph names the voice.
    if pos + 1 < len(ks):
        yield speaker_of(ctx, cues.own.get(ks[pos + 1]))
    # A quote run across paragraphs and attributed only at its end.
    j = k
    while j in links.next:
        j = links.next[j]
        yield speaker_of(ctx, cues.own.get(j)) or speaker_of(ctx, cues.next_line.get(j))
    yield speaker_of(ctx, cues.textacy.get(k))
    # A quote-only paragraph continues the previous paragraph's voice, and so does one that only sets the
    # scene for its quote ("Then, later that month on CNN: “…”").
    if pos == 0 and (
        (seg.at_para_start and page.quote_only(seg.para)) or _scene_lead_in(ctx, seg.para, seg.open_pos)
    ):
        yield _previous_para_speaker(ctx, seg.para, voices.last_in_para)


def _scene_lead_in(ctx: Context, p: int, end: int) -> bool:
    """Tell whether paragraph p opens on a short lead-in with no verb and no name before a colon."""
    words = [t for t in ctx.page.region(ctx.page.paras[p][0], end) if not t.is_space]
    if not words or words[-1].text != ":" or len(words) > 12:
        return False
    return not any(t.pos_ in {"VERB", "AUX"} or t.i in ctx.reg.mention_of for t in words)


def _chains(ctx: Context) -> dict[int, int]:
    """Link a quote left open at a paragraph end to the quote opening the next paragraph."""
    page = ctx.page
    links: dict[int, int] = {}
    for k, seg in enumerate(page.segs):
        if seg.closed or not seg.at_para_end:
            continue
        ks = page.segs_in_para.get(page.layout.next_para(seg.para))
        if ks and page.segs[ks[0]].at_para_start:
            links[ks[0]] = k
    return links


def _lead_in_speaker(ctx: Context, p: int) -> Speaker | None:
    """Return the subject of a line ending in a colon right before paragraph p ("Jones went on:")."""
    page = ctx.page
    q = p - 1
    while q >= 0 and page.layout.is_blank(q):
        q -= 1
    if q < 0 or not page.text[slice(*page.paras[q])].rstrip().endswith(":"):
        return None
    return _narrative_speaker(ctx, *page.paras[q], lead_in=True)


def _narrative_speaker(ctx: Context, start: int, end: int, lead_in: bool = False) -> Speaker | None:
    """Return the person who is the subject of the last full sentence in [start, end), if any.

    With lead_in, the sentence ends in a colon that introduces what follows, and its subject speaks
    whether a person or an organisation ("The ministry wrote:").
    """
    region = ctx.page.region(start, end)
    if not region or region[-1].text not in (":" if lead_in else TERMINATORS):
        return None
    last: list[Token] = []
    doc = ctx.page.doc
    for t in reversed(region[:-1]):
        # "Sen. Ted Roe (R-Tex.), a …": a point before a bracket or comma that the parser keeps inside its
        # sentence ends an abbreviation, not the sentence.
        nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
        abbreviation = (
            t.text == "."
            and nxt is not None
            and nxt.text in {")", ","}
            and ctx.page.sent_of[t.i] == ctx.page.sent_of[nxt.i]
        )
        if t.text in TERMINATORS and t.text != ";" and not abbreviation:  # a semicolon joins two clauses
            break
        last.insert(0, t)
    ids = {u.i for u in last}
    subjects = [t for t in last if t.dep_ == "nsubj" and t.head.pos_ in {"VERB", "AUX"} and t.head.i in ids]
    # "Officials gave few details, but Hoover said the suspect had signed in. “We know …”": one who
    # reports in the sentence goes on speaking, whoever its first subject is.
    cues = lexicon().indirect_cues
    # "The committee issued a statement apologising …. “On behalf of …”": issuing a statement speaks too.
    speaking = [t for t in subjects if t.head.lemma_.lower() in cues or speech_object(t.head, dobj_only=True)]
    # "Webb said during the deposition, WLKY reported.": the outlet relays the words of the one who says.
    relayed = [t for t in speaking if t.head.lemma_.lower() != "report"]
    speaking = relayed or speaking
    # "Roe told the paper, after Lee stated an interest in …. “…”": a subordinate clause is background; the
    # one who speaks in the main clause goes on.
    main_clause = [t for t in speaking if t.head.dep_ not in {"advcl", "relcl", "acl"}]
    # "Whilst many of his friends died, he believes …. “…”": the main clause's subject, not a fronted one's.
    # A passive one too when it names a person ("Mr Jones was long gone"), not "the inquiry was led by …".
    named = lambda t: t.i in ctx.reg.mention_of or t.lower_ in {"he", "she"}  # noqa: E731
    main = [
        t
        for t in last
        if (t.dep_ == "nsubj" or (t.dep_ == "nsubjpass" and named(t)))
        and t.head.dep_ == "ROOT"
        and t.head.pos_ in {"VERB", "AUX"}
    ]
    # "Roe elaborated in a piece that delegates who pledged to Lee may waver. “…”": a speaker inside a
    # relative or subordinate clause is background when the main clause has a person for its subject.
    speaking = main_clause or ([] if any(named(t) for t in main) else speaking)
    for t in (speaking[-1:] or main[:1] or subjects)[:1]:
        # "… said former Gov. and party Chairman Ed Rendall. “…”": the name, not the first title.
        spk = resolve(ctx, name_after_titles(ctx.reg, t) or t)
        # "In a statement, the ministry said it had noted the ruling. “We do not plan …”": a body that
        # has just spoken goes on speaking; one that merely acts in the sentence does not.
        wanted = {"person", "organization"} if lead_in or t in speaking else {"person"}
        return spk if spk is not None and spk.type in wanted else None
    return None


def _previous_para_speaker(
    ctx: Context, p: int, last_in_para: dict[int, tuple[int, Speaker]]
) -> Speaker | None:
    """Return the voice of the paragraph before p: a quote-only paragraph continues it (news style)."""
    page, people = ctx.page, ctx.people
    q = p - 1
    while q >= 0 and page.layout.is_blank(q):
        q -= 1
    if q < 0:
        return None
    if q in people.speaker_lines:
        return ctx.reg.spk(people.speaker_lines[q])
    found = last_in_para.get(q)
    if found:
        return found[1]
    start, end = page.paras[q]
    # "Roe also spoke about the case. (The law requires … .)": an aside in brackets closing the paragraph is
    # the writer's; the voice is that of the sentence before it.
    text = page.text[start:end].rstrip()
    if text.endswith(")"):
        opening = text.rfind("(")
        if opening > 0 and text[:opening].rstrip().endswith((".", "!", "?")):
            end = start + len(text[:opening].rstrip())
    return _narrative_speaker(ctx, start, end)
