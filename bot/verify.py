"""Check a model's answer against the article, sentence by sentence, before anyone sees it.

A sentence passes when every `[n]` it carries names a passage the model was given, when it cites at
least one passage if it states anything, when its numbers and some of its words come from the passages it
cites, and when every text it puts in quotation marks is in the article word for word and, if it names
who said it, names the speaker the quote index has for it. Sentences that fail are dropped; what is left
is renumbered into real citations (`text == article[start:end]`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.evidence import Citer
from bot.text import fold, terms
from index.lexicon import speech_forms
from index.speakers import same_speaker

if TYPE_CHECKING:
    from bot.schema import Citation, QuoteRecord
    from index.store import StoredDoc


@dataclass(frozen=True)
class Passage:
    """A numbered passage given to the model: `text` is `article[start:end]` of `doc_id`."""

    n: int
    doc_id: str
    start: int
    end: int
    text: str


@dataclass
class Verdict:
    """The outcome for one sentence of the model's answer."""

    text: str  # the sentence as shown, its markers renumbered (only meaningful when ok)
    ok: bool
    claim: bool  # whether it states something (and so needs a citation)
    reason: str = ""
    bullet: bool = False


_MARKER = re.compile(r"\[\s*(\d+(?:\s*[,;]\s*\d+)*)\s*\]")
_MARKERS_TAIL = r"(?:\s*\[\s*\d+(?:\s*[,;]\s*\d+)*\s*\])*"
# The end of a sentence: its punctuation, closing quotes or brackets, then the citation markers after it.
_END = re.compile(rf"[.!?…]+[\"”’')]*{_MARKERS_TAIL}")
_BULLET = re.compile(r"^\s*(?:[-•*–]|\d{1,2}[.)])\s+")
_LIST_NUMBER = re.compile(r"^\s*\d{1,2}[.)]$")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st prof gen sen rep gov lt col sgt capt jr sr inc ltd co corp no vs etc e.g i.e u.s u.k "
    "jan feb mar apr jun jul aug sep sept oct nov dec mt ft".split()
)
_QUOTED = re.compile(r"“([^“”]+)”|\"([^\"]+)\"|«([^«»]+)»")
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…|\[\s*\.\.\.\s*\])\s*")
# An attribution: a verb of saying from the one lexicon, or "according to".
_SPEECH = re.compile(rf"\b(?:{'|'.join(speech_forms())}|according\s+to)\b", re.I)
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_THINK = re.compile(r"<think>.*?(?:</think>|$)", re.S)
# Words that only talk about the answer itself ("Here is what the passages say:") and claim nothing.
_META_TERMS = frozenset(
    terms(
        "here following passage passages source sources information detail details answer question "
        "provide provided available find found given below above summary summarise summarize overview "
        "point points key main brief briefly short"
    )
)


def clean_output(text: str) -> str:
    """Remove what a model adds around an answer: reasoning blocks and Markdown emphasis."""
    text = _THINK.sub("", text)
    return text.replace("**", "").replace("__", "")


def take_sentences(buffer: str, final: bool = False) -> tuple[list[str], str]:
    """Split complete sentences off the front of `buffer`; return them and the unfinished rest.

    A sentence is complete once its end punctuation and any `[n]` after it are followed by more text
    (so a marker still streaming in stays with its sentence), or at a line break. With `final`, the rest
    is a sentence too.
    """
    out: list[str] = []
    start = 0
    pos = 0
    while pos < len(buffer):
        newline = buffer.find("\n", pos)
        end_match = _END.search(buffer, pos)
        if end_match is not None and (newline == -1 or end_match.end() <= newline):
            cut = end_match.end()
            after = buffer[cut:]
            stripped = after.lstrip(" \t")
            pos = cut
            if not stripped:
                break  # nothing after it yet: more markers or words may follow
            if stripped[0] == "\n":
                continue  # the line break ends it
            if not after[:1].isspace() or stripped[0] == "[" or stripped[0].islower():
                continue  # "1.2 million", "e.g. this", "U.S. officials": not an end
            piece = buffer[start:cut]
            if _abbreviation(piece) or _open_quote(piece) or _LIST_NUMBER.match(piece):
                continue
            out.append(piece.strip())
            start = cut
            continue
        if newline == -1:
            break
        piece = buffer[start:newline]
        if piece.strip():
            out.append(piece.strip())
        start = pos = newline + 1
    rest = buffer[start:]
    if final:
        if rest.strip():
            out.append(rest.strip())
        rest = ""
    return out, rest


def split_sentences(text: str) -> list[str]:
    """Split a whole answer into sentences."""
    return take_sentences(text, final=True)[0]


def _abbreviation(piece: str) -> bool:
    """Tell whether `piece` ends at an abbreviation's or initial's dot rather than a sentence end."""
    m = re.search(r"(?:^|\s|\()([A-Za-z][A-Za-z.]*)\.[\"”’')]*$", _MARKER.sub("", piece).rstrip())
    if m is None:
        return False
    word = m.group(1).lower()
    return word in _ABBREVIATIONS or (len(word) == 1 and m.group(1).isupper())


def _open_quote(piece: str) -> bool:
    """Tell whether a quotation opened in `piece` is still open at its end."""
    return piece.count("“") > piece.count("”") or piece.count('"') % 2 == 1


def _norm(text: str) -> str:
    """Fold text for verbatim comparison: case, accents, quote styles, dashes and whitespace."""
    return fold(text).strip(" .,;:!?'\"")


@dataclass
class Verifier:
    """Verifies sentences against the passages given to the model, the articles and the quote index."""

    passages: Sequence[Passage]
    docs: dict[str, StoredDoc]
    quotes: Sequence[QuoteRecord] = ()
    citer: Citer = field(init=False)

    def __post_init__(self) -> None:
        self.by_n = {p.n: p for p in self.passages}
        self.citer = Citer(self.docs)
        self._folded = {doc_id: fold(d.text) for doc_id, d in self.docs.items()}
        self._paragraphs = {
            doc_id: [fold(p) for p in d.text.split("\n") if p.strip()] for doc_id, d in self.docs.items()
        }
        self.speakers = list(dict.fromkeys(q.speaker for q in self.quotes))

    @property
    def citations(self) -> list[Citation]:
        """Return the citations of the sentences passed so far, numbered 1, 2, … in order of use."""
        return list(self.citer.citations)

    def check(self, sentence: str) -> Verdict:
        """Verify one sentence; a passing one gets its markers renumbered to the final citations."""
        bullet = bool(_BULLET.match(sentence))
        body = _BULLET.sub("", sentence).strip()
        cited = [int(n) for group in _MARKER.findall(body) for n in re.split(r"\s*[,;]\s*", group)]
        plain = _MARKER.sub(" ", body)
        claim = self._is_claim(plain)
        unknown = sorted({n for n in cited if n not in self.by_n})
        if unknown:
            return self._fail(body, claim, bullet, f"cites [{unknown[0]}], which is not a passage given")
        if claim and not cited:
            return self._fail(body, claim, bullet, "states a claim without citing a passage")
        support = " ".join(self.by_n[n].text for n in cited)
        if cited and claim:
            problem = self._unsupported(plain, support)
            if problem:
                return self._fail(body, claim, bullet, problem)
        problem = self._check_quotes(plain) or self._check_reported(plain, cited)
        if problem:
            return self._fail(body, claim, bullet, problem)
        return Verdict(self._renumber(body), True, claim, bullet=bullet)

    def _fail(self, body: str, claim: bool, bullet: bool, reason: str) -> Verdict:
        return Verdict(body, False, claim, reason, bullet)

    def _is_claim(self, plain: str) -> bool:
        """Tell whether a sentence states something, rather than introducing or framing the answer."""
        if plain.rstrip().endswith(":") and not _QUOTED.search(plain):
            return False
        content = [t for t in terms(plain) if t not in _META_TERMS]
        return bool(content) or bool(_NUMBER.search(plain))

    def _unsupported(self, plain: str, support: str) -> str:
        """Say what in a sentence its cited passages do not back (numbers, or every word), or ''."""
        have = fold(support).replace(",", "")
        for number in _NUMBER.findall(_QUOTED.sub(" ", plain)):
            value = number.replace(",", "").rstrip(".")
            if not re.search(rf"(?<![\d.]){re.escape(value)}(?![\d])", have):
                return f"the number {number} is not in the passages it cites"
        wanted = set(terms(plain)) - _META_TERMS
        if wanted and not wanted & set(terms(support)):
            return "shares no words with the passages it cites"
        return ""

    def _check_quotes(self, plain: str) -> str:
        """Say what is wrong with the sentence's quotations (not verbatim, wrong speaker), or ''."""
        named = self.named_speakers(_QUOTED.sub(" ", plain))
        for m in _QUOTED.finditer(plain):
            quoted = next(g for g in m.groups() if g is not None)
            pieces = [p for p in (_norm(x) for x in _ELLIPSIS.split(quoted)) if p]
            if not pieces:
                continue
            homes = [doc_id for doc_id, text in self._folded.items() if all(p in text for p in pieces)]
            if not homes:
                return f"the quotation “{quoted.strip()}” is not in the article"
            if named:
                problem = self._check_speaker(max(pieces, key=len), named, homes)
                if problem:
                    return f"the quotation “{quoted.strip()}” {problem}"
        return ""

    def _check_reported(self, plain: str, cited: list[int]) -> str:
        """Check that a sentence saying "X said …" cites a passage in which X is the one speaking."""
        outside = _QUOTED.sub(" ", plain)
        named = self.named_speakers(outside)
        if not named or not cited or not _SPEECH.search(outside):
            return ""
        for n in cited:
            p = self.by_n[n]
            speakers = [
                q.speaker for q in self.quotes if q.doc_id == p.doc_id and q.start < p.end and q.end > p.start
            ]
            if any(same_speaker(a, b) or same_speaker(b, a) for a in named for b in speakers):
                return ""
            if any(self._names(fold(p.text), a) for a in named):
                return ""
            text = self.docs[p.doc_id].text
            # "…,” she said." names nobody: the paragraph before it usually does.
            para_start = text.rfind("\n", 0, max(text.rfind("\n", 0, p.start), 0)) + 1
            para_end = text.find("\n", p.end)
            context = fold(text[para_start : para_end if para_end != -1 else len(text)])
            if not speakers and any(self._names(context, a) for a in named):
                return ""
        return f"has {named[0]} speaking, but the passages it cites do not"

    def _check_speaker(self, piece: str, named: list[str], homes: list[str]) -> str:
        """Check that a sentence naming `named` attributes the quoted `piece` to its real speaker."""
        records = [q for q in self.quotes if q.doc_id in homes and piece in _norm(q.text)]
        if records:
            real = list(dict.fromkeys(q.speaker for q in records))
            if any(same_speaker(n, r) or same_speaker(r, n) for n in named for r in real):
                return ""
            return f"is attributed to {named[0]}, but the article attributes it to {real[0]}"
        # A quotation the index does not hold: its paragraph or a neighbour must name the speaker.
        for doc_id in homes:
            paras = self._paragraphs[doc_id]
            for i, para in enumerate(paras):
                if piece in para:
                    near = " ".join(paras[max(0, i - 1) : i + 2])
                    if any(self._names(near, n) for n in named):
                        return ""
        return f"is not attributed to {named[0]} in the article"

    def named_speakers(self, text: str) -> list[str]:
        """Return the quote index's speakers a text names, by full name or (for people) surname."""
        folded = fold(text)
        return [s for s in self.speakers if self._names(folded, s)]

    def _names(self, folded: str, speaker: str) -> bool:
        full = fold(speaker)
        if full and re.search(rf"\b{re.escape(full)}\b", folded):
            return True
        kind = next((q.speaker_type for q in self.quotes if q.speaker == speaker), "person")
        last = speaker.split()[-1] if speaker.split() else ""
        # A person goes by their surname; so does a name the index typed otherwise ("head teacher Jo Bloggs").
        if not (kind == "person" or last[:1].isupper()) or len(last) <= 2:
            return False
        return bool(re.search(rf"\b{re.escape(fold(last))}\b", folded))

    def _renumber(self, body: str) -> str:
        """Replace the model's passage numbers by the final citation numbers."""

        def repl(m: re.Match[str]) -> str:
            ns = [int(n) for n in re.split(r"\s*[,;]\s*", m.group(1))]
            out = []
            for n in dict.fromkeys(ns):
                p = self.by_n[n]
                out.append(f"[{self.citer.cite(p.doc_id, p.start, p.end)}]")
            return " ".join(out)

        text = _MARKER.sub(repl, body)
        return re.sub(r"\s+([.,;:!?])", r"\1", re.sub(r"[ \t]+", " ", text)).strip()


def join_sentences(verdicts: Iterable[Verdict]) -> str:
    """Join passing sentences into answer text: bullets one per line, other sentences as a paragraph."""
    out = ""
    for v in verdicts:
        if v.bullet:
            out += ("\n" if out else "") + f"• {v.text}"
        else:
            out += ("\n" if out.rsplit("\n", 1)[-1].startswith("• ") else " " if out else "") + v.text
    return out
