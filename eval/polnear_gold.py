"""Build a quotes gold set (NNN.txt + quotes_gold.jsonl, the layout of ../shared/real/quotes) from PolNeAR.

PolNeAR's train compartment is neither of the splits in ../shared/real/quotes, so it is a second, larger
development set in the test split's genre. Copy its brat files (data/train/text/*.txt and one annotator's
data/train/attributions/*.ann per article) into one folder OUTSIDE the repository (the articles are
licensed for internal evaluation only), then:

    .venv/bin/python eval/polnear_gold.py RAW_DIR OUT/real/quotes/dev
    ln -s $(realpath ../shared/eval) OUT/eval      # eval/real.py loads the shared scorer from there
    PYTHONPATH=. .venv/bin/python eval/real.py OUT/real --split dev --sets quotes --data DATA_DIR

The mapping follows ../shared/real/quotes/SOURCES.md as far as a machine can: one gold line per
double-quoted span of three words or more lying at least 90% inside one attribution's Content; the
speaker is the Source span's person (surname) or organisation (last word), found with spaCy's entities;
pronoun, nominal ("a top aide"), group and family sources are skipped; where two attributions hold a
quote ("“…,” X said, according to CNN") the source nearest the words wins. Unlike the shared set, no
line was checked by hand, so a few per cent of lines are wrong (measured: on three PolNeAR dev
articles it gave 45 lines where the hand-checked set has 49, with the same speakers).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

import spacy

from index.nlp import PIPELINE

if TYPE_CHECKING:
    from spacy.tokens import Doc

QUOTE_RE = re.compile(r"[“\"]([^“”\"\n]+)[”\"]")
PRONOUNS = {"he", "she", "they", "i", "we", "who", "it", "you", "his", "her", "their", "him", "them"}
SUFFIX = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


def parse_ann(text: str, raw: str) -> tuple[dict[str, list[tuple[int, int]]], list[dict[str, str]], int]:
    """Read a brat .ann file: spans by id, the Attribution events' roles, and how many spans miss the text."""
    spans: dict[str, list[tuple[int, int]]] = {}
    events = []
    bad = 0  # single spans whose text on the line is not the article's text at their offsets
    for line in text.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            offs = parts[1].partition(" ")[2]
            spans[parts[0]] = [tuple(map(int, o.split())) for o in offs.split(";")]
            if len(parts) == 3 and ";" not in offs:
                ((a, b),) = spans[parts[0]]
                bad += raw[a:b] != parts[2]
        elif line.startswith("E") and len(parts) >= 2:
            roles = dict(r.split(":", 1) for r in parts[1].split())
            if "Attribution" in roles:
                events.append(roles)
    return spans, events, bad


def strip_accents(s: str) -> str:
    """Take the accents off a speaker key, as the shared gold does."""
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def speaker_key(doc: Doc, spans: list[tuple[int, int]]) -> str | None:
    """Reduce a Source span to a surname or an organisation's main word; None for unnamed sources."""
    a, b = spans[0][0], spans[-1][1]
    src = doc.text[a:b].strip()
    words = src.lower().split()
    if not words or words[0].strip(",") in PRONOUNS or ":" in src:
        return None
    if words[0] in {"a", "an", "one", "two", "three", "several", "some", "many", "another", "other", "most"}:
        return None  # "a 2008 Smith veteran", "one adviser to John Smith": nominal, not named
    ents = [e for e in doc.ents if e.start_char >= a - 1 and e.end_char <= b + 1]
    people = [e for e in ents if e.label_ == "PERSON"]
    head = re.split(r",| who | which ", src)[0].strip()
    head = re.sub(r"^(?i:the)\s+", "", head)
    # an organisation speaks only when the source is its name ("the White House"), not "a Republican aide"
    orgs = [e for e in ents if e.label_ == "ORG" and e.text.removeprefix("the ").strip() == head]
    if re.search(r"\band\b|&", src) and len(people) + len(orgs) > 1:
        return None  # a group of several
    # "Party Communications Director Jane Roe": the last name before any comma is the speaker
    cut = a + len(re.split(r",| who | which ", src)[0]) + (len(src) - len(src.lstrip()))
    in_head = [e for e in people if e.end_char <= cut + 1]
    ent = (in_head[-1] if in_head else people[0]) if people else (orgs[0] if orgs else None)
    if ent is None:
        return None
    if ent.label_ == "PERSON" and doc.text[max(0, ent.start_char - 4) : ent.start_char].lower() == "the ":
        return None  # "the Smiths": a family
    joined = re.search(r"\b(and|or)\s*$", doc.text[a : ent.start_char])
    if ent.label_ == "PERSON" and ent.start_char > a + 1 and joined:
        return None  # "X and Y": a group
    after = doc.text[ent.end_char : ent.end_char + 2]
    if after.startswith("'s") or after.startswith("’s"):
        return None  # "Trump's campaign": the head is not the name
    toks = [t.text for t in ent if t.text.lower() not in SUFFIX and t.text not in ("'s", "’s", ".")]
    if not toks:
        return None
    return strip_accents(toks[-1]).lower().strip(".,")


def fragment(q: str, article: str) -> str | None:
    """Pick a 3-10 word piece of the quote that occurs once in the article, without end punctuation."""
    words = q.split()
    for n in (8, 6, 10, 5, 4, 3):
        for i in range(0, max(1, len(words) - n + 1)):
            frag = " ".join(words[i : i + n]).rstrip(",.!?;:—-– ")
            if len(frag.split()) >= 3 and article.count(frag) == 1:
                return frag
    return None


def main() -> None:
    """Convert every RAW_DIR/*.ann (with its .txt) and write the articles and gold lines to OUT_DIR."""
    ap = argparse.ArgumentParser()
    ap.add_argument("raw", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--start", type=int, default=501)
    args = ap.parse_args()
    nlp = spacy.load(PIPELINE)
    args.out.mkdir(parents=True, exist_ok=True)
    gold_lines = []
    n = args.start
    for ann_path in sorted(args.raw.glob("*.ann")):
        stem = ann_path.stem.rsplit("_", 1)[0]
        txt_path = args.raw / f"{stem}.txt"
        if not txt_path.exists():
            print("no text for", ann_path.name, file=sys.stderr)
            continue
        raw = txt_path.read_text()
        spans, events, bad = parse_ann(ann_path.read_text(), raw)
        if bad:
            print(f"{stem}: {bad} spans do not match the text; skipped", file=sys.stderr)
            continue
        article = "\n\n".join(line.rstrip() for line in raw.split("\n") if line.strip())
        doc = nlp(raw)
        quotes = [m for m in QUOTE_RE.finditer(raw) if len(m.group(1).split()) >= 3]
        lines = []
        for ev in events:
            if "Source" not in ev or "Content" not in ev or ev["Content"] not in spans:
                continue
            content = spans[ev["Content"]]
            key = speaker_key(doc, spans.get(ev["Source"], [(0, 0)]))
            if not key:
                continue
            inside = set()
            for a, b in content:
                inside.update(range(a, b))
            for m in quotes:
                q = m.group(1).strip()
                chars = range(m.start(1), m.end(1))
                if sum(c in inside for c in chars) < 0.9 * len(chars):
                    continue
                frag = fragment(q, article)
                if frag:
                    src = spans.get(ev["Source"], [(0, 0)])
                    dist = min(abs(src[0][0] - m.end(1)), abs(m.start(1) - src[-1][1]))
                    lines.append({"speaker": key, "quote": frag, "_dist": dist})
        if not lines:
            continue
        num = f"{n:03d}"
        (args.out / f"{num}.txt").write_text(article + "\n")
        # A quote inside two attributions ("“…,” X said, according to CNN"): the source nearest the words.
        best: dict[str, dict] = {}
        for g in lines:
            if g["quote"] not in best or g["_dist"] < best[g["quote"]]["_dist"]:
                best[g["quote"]] = g
        for g in sorted(best.values(), key=lambda g: article.find(g["quote"])):
            gold_lines.append({"article": num, "speaker": g["speaker"], "quote": g["quote"], "source": stem})
        n += 1
    with (args.out / "quotes_gold.jsonl").open("w") as f:
        for g in gold_lines:
            f.write(json.dumps(g, ensure_ascii=False) + "\n")
    print(f"{n - args.start} articles, {len(gold_lines)} gold quotes -> {args.out}")


if __name__ == "__main__":
    main()
