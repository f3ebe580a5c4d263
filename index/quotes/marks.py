"""Stage 2, quotation marks: pair the marks of each paragraph into quoted spans.

Pure text in, spans out: no spaCy here. The scanner is tolerant where textacy is not: it accepts an odd
number of marks, news style's quote left open at a paragraph end (it continues in the next paragraph),
and copy that uses ” for both ends.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from index.lexicon import lexicon, speech_forms

OPENERS = "“„«"
CLOSERS = "”»"
MARK_RE = re.compile(r"[“”„«»\"]")
# A quote ending in one of these ('…,” he said') is followed by its attribution.
SOFT_END = frozenset(",?!—–-…:")


@dataclass(frozen=True)
class Segment:
    """A quotation-mark span inside one paragraph."""

    para: int
    open_pos: int  # offset of the opening mark
    outer_end: int  # offset just past the closing mark, or the paragraph end when unclosed
    start: int  # content offsets (marks, outer whitespace and a trailing comma stripped)
    end: int
    closed: bool
    soft_end: bool  # content ended with , ? ! — : the attribution follows
    at_para_start: bool = False
    at_para_end: bool = False


@dataclass(frozen=True)
class Marks:
    """The article's quoted spans and which tokens they cover."""

    segs: tuple[Segment, ...]
    seg_of: tuple[int, ...]  # token index -> segment index, -1 outside quotes
    segs_in_para: Mapping[int, tuple[int, ...]]  # paragraph -> its segment indices, in order


def find_segments(text: str, para: int, ps: int, pe: int) -> list[Segment]:
    """Pair quotation marks inside the paragraph text[ps:pe]; an unclosed quote runs to the paragraph end."""
    marks = [(m.start(), m.group()) for m in MARK_RE.finditer(text, ps, pe)]
    # Some copy uses ” for both ends; with no opener in sight, treat closers as toggles.
    closers_toggle = not any(ch in OPENERS for _, ch in marks)
    spans: list[tuple[int, int, int, bool]] = []  # open, close-or-end, outer_end, closed
    open_at: int | None = None
    nested = 0  # quotes open inside the open quote ("“He calls it “hell” here,” she said.")
    for n, (pos, ch) in enumerate(marks):
        # An opening mark set the wrong way round where a quote closes ('"It is unusual,“ said Roe'): a quote
        # is open and the mark stands after its punctuation and before a space.
        if ch in OPENERS and open_at is not None and text[pos - 1 : pos] in {",", ".", "?", "!"}:
            role = "close" if _oriented(text, pos, ps, pe) == "close" else "open"
        elif ch in OPENERS:
            role = "open"
        elif ch in CLOSERS and not closers_toggle:
            role = "close"
        elif _free_standing(text, pos, ps, pe):
            # Spaces on both sides: no quotation mark but a symbol ("Watch the video »" links in web copy).
            continue
        else:
            role = _oriented(text, pos, ps, pe) or ("close" if open_at is not None else "open")
        if role == "open":
            if open_at is not None and ch not in OPENERS and _nests(text, marks[n + 1 :], ps, pe):
                # 'tweeted, "Reporting that he shouted "Stop!" as he ran."': straight marks nested, with
                # a close for the inner quote and then one for the outer in the same paragraph.
                nested += 1
                continue
            if open_at is not None and ch not in OPENERS:
                # A mark that can only open (space before, a word after) while a quote is open: that quote
                # was never closed (a dropped mark in the copy), so end it here instead of pairing every
                # later mark the wrong way round.
                spans.append((open_at, pos, pos, False))
                open_at = pos
                continue
            if open_at is not None:
                # A quote inside a quote when the paragraph still holds a closing mark for each;
                # otherwise the earlier quote was never closed: end it here.
                closing = sum(1 for _, c in marks[n + 1 :] if c not in OPENERS)
                # '"The law isn’t about “Equal Justice” anymore. …' run on to the next paragraph: a curly pair
                # inside a quote opened with a straight mark is nested; the other style cannot close it.
                mixed = text[open_at] == '"' and any(c in CLOSERS for _, c in marks[n + 1 :])
                if closing >= nested + 2 or mixed:
                    nested += 1
                    continue
                spans.append((open_at, pos, pos, False))
            open_at = pos
        elif nested:
            nested -= 1
        elif open_at is not None:
            spans.append((open_at, pos, pos + 1, True))
            open_at = None
        # A closer with nothing open is a stray mark (or an apostrophe-like use): ignore it.
    if open_at is not None:
        spans.append((open_at, pe, pe, False))
    spans = [_cut_at_attribution(text, span) if not span[3] else span for span in spans]
    whole = labelled_span(text, marks, ps, pe)
    if whole is not None and (len(spans) > 1 or spans[0][:2] != whole[:2]):
        spans = [whole]
    segs = []
    for open_pos, inner_end, outer_end, closed in spans:
        s, e = open_pos + 1, inner_end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        soft = e > s and text[e - 1] in SOFT_END
        while e > s and text[e - 1] in ",:;—–-" and text[e - 2 : e] != "--":
            e -= 1
            while e > s and text[e - 1].isspace():
                e -= 1
        if e <= s or not any(ch.isalnum() for ch in text[s:e]):
            continue
        if closed and nickname_in_name(text, open_pos, outer_end, ps, pe):
            continue
        at_start = not text[ps:open_pos].strip()
        at_end = not text[outer_end:pe].strip(" \t.,;:!?")
        segs.append(Segment(para, open_pos, outer_end, s, e, closed, soft, at_start, at_end))
    return segs


@functools.cache
def _attribution() -> re.Pattern[str]:
    """Return the pattern of an attribution clause after a comma ("…, she said", "…, said Mayor Ruiz")."""
    lex = lexicon()
    verbs = "|".join(re.escape(v) for v in speech_forms(attributions=True))
    pronouns = "|".join(sorted(lex.pronouns_male | lex.pronouns_female, key=len, reverse=True))
    name = r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}"
    described = r"(?:the|a|an)\s+[\w'’-]+(?:\s+[\w'’-]+){0,3}"  # "the harbour master said"
    return re.compile(
        rf"[,?!]\s+(?:(?:{pronouns}|{name}|{described})\s+(?:{verbs})\b|(?:{verbs})\s+(?:{pronouns}\b|[A-Z]))"
    )


def _cut_at_attribution(text: str, span: tuple[int, int, int, bool]) -> tuple[int, int, int, bool]:
    """End a quote left open where an attribution clause starts inside it: its closing mark was dropped.

    "“This is the town I know, she said. Crowds …": the quote ends before ", she said" (closed there, so
    the clause after it names the speaker) instead of running on through the narration.
    """
    open_pos, inner_end, _, _ = span
    found = _attribution().search(text, open_pos + 1, inner_end)
    if found is None:
        return span
    cut = found.start() + 1  # keep the comma (or ? !): it marks a soft end, the attribution follows
    return (open_pos, cut, cut, True)


_BEFORE_OPEN = " \t\n([{—–-/"
_AFTER_CLOSE = " \t\n)]}.,;:!?—–-…'’"


def _free_standing(text: str, pos: int, ps: int, pe: int) -> bool:
    """Tell whether a mark has white space (or the paragraph's edge) on both sides."""
    if _spaced_from_inner(text, pos, ps, pe):
        return False
    return (pos == ps or text[pos - 1].isspace()) and (pos + 1 >= pe or text[pos + 1].isspace())


def _spaced_from_inner(text: str, pos: int, ps: int, pe: int) -> str | None:
    """Tell whether a double mark stands one space from a single quote mark (`,' "` closes, `" 'Now` opens).

    Typesetters put a space between a quote inside a quote and the outer mark, so such a mark is a
    quotation mark whatever the space suggests; return its role, or None.
    """
    if pos - 2 >= ps and text[pos - 1] == " " and text[pos - 2] in "'’":
        return "close"
    if pos + 2 < pe and text[pos + 1] == " " and text[pos + 2] in "'‘":
        return "open"
    return None


def _nests(text: str, rest: Sequence[tuple[int, str]], ps: int, pe: int) -> bool:
    """Tell whether the next two marks both close a quote: the mark before them opened a nested quote."""
    ahead = [pos for pos, ch in rest if ch not in OPENERS][:2]
    return len(ahead) == 2 and all(_oriented(text, pos, ps, pe) == "close" for pos in ahead)


def _oriented(text: str, pos: int, ps: int, pe: int) -> str | None:
    """Tell from its neighbours whether a two-way mark (" or a ” used both ways) opens or closes a quote.

    English typesetting puts an opening mark after a space and before a word, a closing one after a word
    or its punctuation and before a space or punctuation; None when the neighbours allow both.
    """
    spaced = _spaced_from_inner(text, pos, ps, pe)
    if spaced:
        return spaced
    # '"... I stomped on the gas"': an ellipsis opens a quote taken up mid-speech, whatever stands before.
    if text.startswith(("...", "…"), pos + 1) and text[pos + 1 : pos + 6].lstrip(".… ")[:1].isalnum():
        return "open"
    before = text[pos - 1] if pos > ps else " "
    after = text[pos + 1] if pos + 1 < pe else " "
    opens = before in _BEFORE_OPEN and (after.isalnum() or after in "‘'¿¡…[(")
    closes = not before.isspace() and after in _AFTER_CLOSE
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    return None


# After a round-up quote: a dash, then a short label that opens with a capital ("― Jane Roe, Ohio.").
_DASH_LABEL = re.compile(r"\s*(?:[―—–]|--?)\s*[A-Z][^“”„«»\"]{0,80}\Z")
_MAX_LABEL_WORDS = 8


def labelled_span(
    text: str, marks: Sequence[tuple[int, str]], ps: int, pe: int
) -> tuple[int, int, int, bool] | None:
    """Return the one span a round-up line's outer marks enclose ('“… “hell” … ‘….”’ ― Jane Roe').

    A reader's words labelled with a dash and a name may quote others inside, with marks that do not
    pair up; the first and the last mark still bound the author's words, whatever lies between.
    """
    if len(marks) < 3 or text[ps : marks[0][0]].strip() or marks[0][1] in CLOSERS:
        return None
    last = marks[-1][0]
    label = text[last + 1 : pe]
    if not _DASH_LABEL.match(label) or len(label.split()) > _MAX_LABEL_WORDS + 1:  # + 1: the dash
        return None
    return (marks[0][0], last, last + 1, True)


_NAME_WORD = re.compile(r"[A-Z][\w.'’-]*")


def nickname_in_name(text: str, open_pos: int, outer_end: int, ps: int, pe: int) -> bool:
    """Tell a nickname inside a name ('Loretta "Lolo" Banks') from a quote: capitalised words on both sides.

    Such marks set off part of a name, not anyone's words; left as a quote, they would cut the name
    and the sentence around it in two.
    """
    words = text[open_pos + 1 : outer_end - 1].split()
    if not 1 <= len(words) <= 3 or not all(_NAME_WORD.fullmatch(w) for w in words):
        return False
    before = text[ps:open_pos].split()
    after = text[outer_end:pe].split()
    return bool(before and after) and bool(_NAME_WORD.fullmatch(before[-1])) and after[0][:1].isupper()


def pair_marks(text: str, paras: Sequence[tuple[int, int]]) -> tuple[Segment, ...]:
    """Return the quoted spans of every paragraph (and a transcript's turns), in text order."""
    turns = transcript_turns(text, paras)
    return tuple(
        seg
        for p, (ps, pe) in enumerate(paras)
        for seg in ([turns[p]] if p in turns else find_segments(text, p, ps, pe))
    )


# "CASTELLANO: Because I have …": a turn of an interview printed as a transcript, its speaker's surname
# in capitals before a colon.
_TURN = re.compile(r"([A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,2}):[ \t]+(?=\S)")
_MIN_TURNS = 3


def transcript_turns(text: str, paras: Sequence[tuple[int, int]]) -> dict[int, Segment]:
    """Return the turns of a question-and-answer transcript as spans, by paragraph; none when there is none.

    An interview printed as a transcript sets each turn off with its speaker's name in capitals, not with
    quotation marks. It takes at least two speakers and three turns, each name also written in the story
    in ordinary case ("Miriam Castellano … CASTELLANO: …"), so a dateline ("LONDON: …") or a one-off
    label ("UPDATE: …") is no transcript.
    """
    found: dict[int, tuple[str, int]] = {}
    for p, (ps, pe) in enumerate(paras):
        m = _TURN.match(text, ps, pe)
        if m is not None and not MARK_RE.search(text, m.end(), pe):
            found[p] = (m.group(1), m.end())
    labels = {label for label, _ in found.values()}
    if len(found) < _MIN_TURNS or len(labels) < 2:
        return {}
    if not all(re.search(rf"\b{re.escape(label.title())}\b", text) for label in labels):
        return {}
    turns: dict[int, Segment] = {}
    for p, (_, start) in found.items():
        end = paras[p][1]
        while end > start and text[end - 1].isspace():
            end -= 1
        # The colon ends the label: the turn's words start one character after it, like a quote's content.
        turns[p] = Segment(p, start - 1, paras[p][1], start, end, True, False, False, True)
    return turns


def bind_marks(segs: Sequence[Segment], tok_starts: Sequence[int]) -> Marks:
    """Map spans onto tokens: each token inside a span (its marks included) belongs to that span."""
    seg_of = [-1] * len(tok_starts)
    for k, seg in enumerate(segs):
        for i in range(
            bisect.bisect_left(tok_starts, seg.open_pos), bisect.bisect_left(tok_starts, seg.outer_end)
        ):
            seg_of[i] = k
    in_para: dict[int, list[int]] = {}
    for k, seg in enumerate(segs):
        in_para.setdefault(seg.para, []).append(k)
    return Marks(tuple(segs), tuple(seg_of), {p: tuple(ks) for p, ks in in_para.items()})
