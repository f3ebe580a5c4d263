"""Score newsbot on real, human-annotated news, each set beside its baseline, in one table.

Sets: NewsQA (qa), our unanswerable questions about its articles, PolNeAR (quotes), CNN/DM and BBC
highlights (summaries).

Usage:
    .venv/bin/python eval/real.py ../shared/real --split dev [--sets qa,unanswerable,quotes,summaries]
                                  [--limit N] [--data DIR] [--report FILE] [--failures FILE]

The real data is licensed for internal evaluation only: it is read from the folder given, never copied
into the project; reports hold figures only (`--failures` writes per-question detail for dev work, and
refuses to on the test split: test is for the aggregate only).

- qa: every article of the split in one collection, each question scoped to its article (`ask --doc`),
  scored by the shared scorer's own `check()` with answers capped at 400 characters. Baseline: the one
  sentence with the highest MiniLM cosine to the question, no rules.
- qa_unscoped (not in the default sets): the same questions with no article chosen, so each reaches across
  the split's whole collection (issue 13); right only when every citation is from its own article.
- unanswerable_unscoped (not in the default sets): both unanswerable sets asked like qa_unscoped, with no
  article chosen in the whole split's collection; right when the last answer is a refusal (asked which
  article, the reader picks theirs when listed; an ask without it counts as not refused).
- unanswerable_short (not in the default sets): one short, crowd-style unanswerable question (3-8 words) on
  each of 160 articles per split (eval/real/unanswerable_short_*.jsonl, written blind): the long blind set
  above differs from NewsQA's questions in length alone enough for a model to tell them apart.
- unanswerable: questions about the same articles that they do not answer (eval/real/unanswerable_*.jsonl,
  written blind); right when refused. The baseline never refuses.
- quotes: PolNeAR gold quotes as the shared scorer counts them (the fragment inside a record whose speaker
  contains the gold name), with misses split into not extracted / another speaker.
- quotes_silver (dev only, not in the default sets): speakers of the direct quotes in 30 real dev
  articles of qa/ and summaries/ (one-paragraph CNN copy among them), annotated blind by helpers
  (eval/real/quotes_silver_dev.jsonl: offsets and speaker keys, no article text), scored like PolNeAR.
- quotes_silver2 (dev only): a second such set, 420 quotes in 30 more qa/dev articles, annotated blind
  after the first set's fixes (eval/real/quotes_silver2_dev.jsonl).
- quotes_silver3 (dev only): a third, on 30 more qa/ and summaries/ dev articles (those with the most
  quotation marks not in sets 1 and 2), annotated blind after set 2's fixes
  (eval/real/quotes_silver3_dev.jsonl).
- quotes_silver4 (dev only): a fourth, on the 30 dev articles of qa/ and summaries/ outside sets 1-3 with
  the most political words and quotation marks (PolNeAR's genre), annotated blind after set 3's fixes
  (eval/real/quotes_silver4_dev.jsonl).
- quotes_silver5 (dev only): a fifth, 296 quotes on the 30 dev articles outside sets 1-4 with the most
  quotation marks, annotated blind after set 4's fixes (eval/real/quotes_silver5_dev.jsonl).
- quotes_silver6 (dev only): a sixth, 204 quotes on the 30 dev articles outside sets 1-5 with the most
  political words times quotation marks, annotated blind after set 5's first fixes
  (eval/real/quotes_silver6_dev.jsonl).
- summaries: the default summary's ROUGE-1/2/L F1 (stemmed, `rouge-score`) against the reference, beside
  the article's first sentences and LexRank (sumy) cut to the same length.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MAX_QA_CHARS = 400
OWN_UNANSWERABLE = ROOT / "eval/real"


def load_scorer(real: Path) -> Any:
    """Import the shared scorer (../shared/eval/score.py) for its matching rules."""
    path = real.parent / "eval/score.py"
    spec = importlib.util.spec_from_file_location("score", path)
    assert spec and spec.loader, path
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def jsonl(path: Path) -> list[dict[str, Any]]:
    """Read a JSON-lines file."""
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


@dataclass
class Bench:
    """One collection of a split's articles, with the service that answers about them."""

    service: Any
    store: Any
    doc_ids: dict[str, str] = field(default_factory=dict)  # article name → doc_id


def open_bench(data: Path, collection: str, files: list[Path]) -> Bench:
    """Ingest `files` into `collection` under `data` (a no-op for articles already there)."""
    from bot.factory import build_ingestor, build_service, build_store
    from bot.settings import Settings

    settings = Settings(data_dir=data, collection=collection)
    store = build_store(settings)
    ingestor = build_ingestor(settings, store)
    done, skipped = ingestor.ingest([str(f) for f in files], progress=sys.stderr.isatty())
    if skipped:
        print(f"skipped {len(skipped)}: {skipped[:3]}", file=sys.stderr)
    bench = Bench(build_service(settings, store=store), store)
    bench.doc_ids = {Path(d.source).stem: d.doc_id for d in done}
    return bench


# --- qa and unanswerable ------------------------------------------------------------------------------------


def baseline_answer(bench: Bench, doc_id: str, question: str, cache: dict[str, Any]) -> str:
    """The naive baseline: the article sentence with the highest cosine to the question."""
    import numpy as np

    embed = bench.store.chunks.embeddings
    if doc_id not in cache:
        doc = bench.service.docs.get(fresh=False)[doc_id]
        chunks = [c for c in bench.service.docs.chunks() if c.metadata["doc_id"] == doc_id]
        sents = [doc.text[c.metadata["focus_start"] : c.metadata["focus_end"]] for c in chunks]
        cache[doc_id] = (sents, np.asarray(embed.embed_documents(sents), dtype=np.float32))
    sents, vectors = cache[doc_id]
    q = np.asarray(embed.embed_query(question), dtype=np.float32)
    return sents[int(np.argmax(vectors @ q))]


def run_qa(
    bench: Bench,
    questions: list[dict[str, Any]],
    folder: Path,
    scorer: Any,
    baseline: bool,
    unscoped: bool = False,
) -> dict[str, Any]:
    """Ask each question scoped to its article; score newsbot and (optionally) the baseline.

    With `unscoped`, no article is chosen: the question reaches across the split's whole collection, and
    an answer is right only when the scorer accepts it and every citation is from the question's own
    article. Each question has a fresh session; when the bot asks which article is meant, the reader
    replies with the number of their article if it is on the list (the answer to that reply is scored),
    and the question is wrong if it is not ("asked" counts the which-article replies, "offered" those
    listing the question's article).
    """
    right = base_right = refused = cites_ok = asked = offered = own = direct = 0
    cache: dict[str, Any] = {}
    failures, times = [], []
    nonce = uuid.uuid4().hex[:8]  # sessions of an earlier run in the same data folder are not continued
    for q in questions:
        q = {**q, "max_chars": MAX_QA_CHARS}
        doc_id = bench.doc_ids[q["article"]]
        t = time.perf_counter()
        picked = False
        if unscoped:
            session = f"real-{q['id']}-{nonce}"
            answer = bench.service.ask(q["turns"][-1], session=session).to_json()
            if answer.get("choices"):
                asked += 1
                listed = [c["doc_id"] for c in answer["choices"]]
                if doc_id in listed:
                    offered += 1
                    picked = True
                    answer = bench.service.ask(str(listed.index(doc_id) + 1), session=session).to_json()
        else:
            answer = bench.service.ask(q["turns"][-1], doc_id=doc_id).to_json()
        times.append(time.perf_counter() - t)
        why = scorer.check(q, answer)
        cited = {c["doc_id"] for c in answer["citations"]}
        from_own = bool(cited) and cited == {doc_id}
        if unscoped and not why and answer["status"] == "answered" and not from_own:
            why = ["cites another article"]
        right += not why
        direct += not why and not picked  # right without a question back
        refused += answer["status"] == "not_found"
        own += from_own
        if unscoped:
            # The scorer's check, each citation against its own article: every [n] resolves, and every
            # cited passage is verbatim text of the article it names.
            texts = {d: scorer.norm(bench.service.docs.get(fresh=False)[d].text) for d in cited}
            numbers = {int(n) for n in re.findall(r"\[(\d+)\]", answer["answer"])}
            known = {c["n"] for c in answer["citations"]}
            cites_ok += numbers <= known and all(
                scorer.norm(c["text"]) in texts[c["doc_id"]] for c in answer["citations"]
            )
        else:
            cites_ok += scorer.citations_ok(answer, scorer.norm((folder / f"{q['article']}.txt").read_text()))
        if why:
            failures.append(
                {"id": q["id"], "question": q["turns"][-1], "why": why, "answer": answer["answer"]}
            )
        if baseline:
            text = baseline_answer(bench, doc_id, q["turns"][-1], cache)
            base_right += not scorer.check(q, {"status": "answered", "answer": text})
    n = len(questions)
    return {
        "n": n,
        "right": right,
        "refused": refused,
        "asked": asked,
        "offered": offered,
        "direct": direct,
        "from_own": own,
        "citations_ok": cites_ok,
        "baseline_right": base_right if baseline else None,
        "median_ms": round(1000 * statistics.median(times), 1) if times else None,
        "failures": failures,
    }


# --- quotes -------------------------------------------------------------------------------------------------


def run_quotes(bench: Bench, gold: list[dict[str, Any]], scorer: Any) -> dict[str, Any]:
    """Count gold quotes attributed, not extracted, or given to another speaker."""
    from index.store import quote_from_document

    records: dict[str, list[dict[str, Any]]] = {}
    for d in bench.service.docs.quotes():
        records.setdefault(d.metadata["doc_id"], []).append(quote_from_document(d))
    kinds: Counter[str] = Counter()
    failures = []
    for g in gold:
        mine = records.get(bench.doc_ids[g["article"]], [])
        found = [x for x in mine if scorer.norm(g["quote"]) in scorer.norm(x["quote"])]
        if any(scorer.norm(g["speaker"]) in scorer.norm(x["speaker"] or "") for x in found):
            kinds["attributed"] += 1
            continue
        kind = "other_speaker" if found else "not_extracted"
        kinds[kind] += 1
        failures.append({**g, "kind": kind, "got": [x["speaker"] for x in found]})
    return {
        "n": len(gold),
        **{k: kinds[k] for k in ("attributed", "not_extracted", "other_speaker")},
        "failures": failures,
    }


# Quote sets annotated blind on real dev articles (offsets and speaker keys only), by their table label.
SILVER_SETS = {
    "quotes_silver": "quotes on real QA/summary articles, annotated blind",
    "quotes_silver2": "quotes on 30 more real QA articles, annotated blind (set 2)",
    "quotes_silver3": "quotes on 30 more real QA/summary articles, annotated blind (set 3)",
    "quotes_silver4": "quotes on 30 real political dev articles, annotated blind (set 4)",
    "quotes_silver5": "quotes on 30 more real QA/summary articles, annotated blind (set 5)",
    "quotes_silver6": "quotes on 30 more real political dev articles, annotated blind (set 6)",
}


def run_quotes_silver(
    real: Path, split: str, data: Path, scorer: Any, lim: Any, name: str = "quotes_silver"
) -> dict[str, Any]:
    """Score eval/real/<name>_<split>.jsonl: speakers annotated blind on real QA/summary articles.

    The file holds offsets, not words (the articles stay in the shared folder); each line's fragment is
    read back from its article here. Articles of each folder go into a collection of their own.
    """
    path = OWN_UNANSWERABLE / f"{name}_{split}.jsonl"
    lines = lim(jsonl(path)) if path.exists() else []
    total: Counter[str] = Counter()
    failures: list[dict[str, Any]] = []
    keys = ("n", "attributed", "not_extracted", "other_speaker")
    for folder_name in sorted({g["folder"] for g in lines}):
        folder = real / folder_name
        mine = [g for g in lines if g["folder"] == folder_name]
        # A fragment may end on the comma before the closing mark ("He denies it,"): a quote record's text
        # stops before that comma, as a reader quoting it would, so the comma is no part of the match.
        gold = [
            {**g, "quote": (folder / f"{g['article']}.txt").read_text()[g["start"] : g["end"]].rstrip(" ,;:")}
            for g in mine
        ]
        names = sorted({g["article"] for g in gold})
        collection = name.replace("quotes_", "") + "-" + folder_name.replace("/", "-")
        bench = open_bench(data, collection, [folder / f"{n}.txt" for n in names])
        r = run_quotes(bench, gold, scorer)
        total.update({k: r[k] for k in keys})
        failures += r["failures"]
    return {**{k: total[k] for k in keys}, "failures": failures}


# --- summaries ----------------------------------------------------------------------------------------------


_CITE = re.compile(r"\s*\[\d+\]")


def _cut(sentences: list[str], chars: int) -> str:
    """Join sentences in order and cut the result to `chars` at a word boundary."""
    text = " ".join(sentences)
    return text if len(text) <= chars else text[:chars].rsplit(" ", 1)[0]


class _GivenSentences:
    """A sumy tokenizer over sentences we already have (sumy's own needs NLTK data, not installed here)."""

    def __init__(self, sentences: list[str]) -> None:
        self.sentences = sentences

    def to_sentences(self, _text: str) -> list[str]:
        return self.sentences

    def to_words(self, sentence: str) -> list[str]:
        return re.findall(r"\w+", sentence.lower())


def lexrank_order(sentences: list[str]) -> list[int]:
    """Rank sentences by LexRank (sumy); return their indexes, best first."""
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer

    class Ratings(LexRankSummarizer):
        """LexRank that returns every sentence's rating instead of the top ones in article order."""

        @staticmethod
        def _get_best_sentences(_sentences: Any, _count: Any, rating: Any, *args: Any, **kw: Any) -> Any:
            return rating

    document = PlaintextParser.from_string(" ".join(sentences), _GivenSentences(sentences)).document
    ratings = Ratings()(document, len(sentences))
    if not ratings:
        return list(range(len(sentences)))
    scores = [ratings[s] for s in document.sentences]
    return sorted(range(len(scores)), key=lambda i: -scores[i])


def run_summaries(bench: Bench, refs: list[dict[str, Any]], folder: Path) -> dict[str, Any]:
    """ROUGE of the default summary, the same-length lead and same-length LexRank."""
    from rouge_score import rouge_scorer

    rouge = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    systems: dict[str, list[dict[str, float]]] = {"newsbot": [], "lead": [], "lexrank": []}
    wins = 0
    lengths = []
    docs = bench.service.docs.get(fresh=False)
    for r in refs:
        doc_id = bench.doc_ids[r["article"]]
        answer = bench.service.summary(doc_id)
        ours = _CITE.sub("", answer.answer).replace("\n• ", " ").replace("• ", "").strip()
        chars = len(ours)
        lengths.append(chars)
        text = docs[doc_id].text
        chunks = [c for c in bench.service.docs.chunks() if c.metadata["doc_id"] == doc_id]
        sents = [text[c.metadata["focus_start"] : c.metadata["focus_end"]] for c in chunks]
        lead = _cut(sents, chars)
        picked, total = [], 0
        for i in lexrank_order(sents):
            if total >= chars:
                break
            picked.append(i)
            total += len(sents[i]) + 1
        lex = _cut([sents[i] for i in sorted(picked)], chars)
        reference = "\n".join(r["reference"])
        for name, summary in (("newsbot", ours), ("lead", lead), ("lexrank", lex)):
            s = rouge.score(reference, summary)
            systems[name].append({k: 100 * v.fmeasure for k, v in s.items()})
        wins += systems["newsbot"][-1]["rouge2"] >= systems["lead"][-1]["rouge2"]
    out: dict[str, Any] = {
        "n": len(refs),
        "mean_chars": round(statistics.mean(lengths)) if lengths else 0,
        "wins_r2_vs_lead": wins,
    }
    for name, rows in systems.items():
        out[name] = {k: round(statistics.mean(x[k] for x in rows), 1) for k in ("rouge1", "rouge2", "rougeL")}
    return out


# --- the command --------------------------------------------------------------------------------------------


def table(split: str, results: dict[str, Any]) -> str:
    """Render the figures as a Markdown table (no article text)."""
    rows = [f"| set ({split}) | n | newsbot | baseline | notes |", "|---|---|---|---|---|"]
    if "qa" in results:
        r = results["qa"]
        base = (
            "(not run)"
            if r["baseline_right"] is None
            else f"{r['baseline_right']}/{r['n']} = {100 * r['baseline_right'] / r['n']:.1f}%"
        )
        rows.append(
            f"| NewsQA answered right (≤{MAX_QA_CHARS} chars) | {r['n']} | {r['right']}/{r['n']} = "
            f"{100 * r['right'] / r['n']:.1f}% | {base} (top cosine sentence) | refused {r['refused']}, "
            f"valid citations {r['citations_ok']}/{r['n']}, median {r['median_ms']} ms |"
        )
    if "qa_unscoped" in results:
        r = results["qa_unscoped"]
        rows.append(
            f"| NewsQA, no article chosen (whole split in one collection) | {r['n']} | "
            f"{r['right']}/{r['n']} = "
            f"{100 * r['right'] / r['n']:.1f}% | | right without asking back {r['direct']}, "
            f"answered from own article {r['from_own']}, asked which "
            f"article {r['asked']} (their article listed {r['offered']}), refused {r['refused']}, "
            f"valid citations {r['citations_ok']}/{r['n']}, median {r['median_ms']} ms |"
        )
    refusals = (
        ("unanswerable", "unanswerable refused"),
        ("unanswerable_short", "short unanswerable refused"),
    )
    for key, label in refusals:
        if key in results:
            r = results[key]
            share = f"{r['refused']}/{r['n']} = {100 * r['refused'] / r['n']:.1f}%"
            rows.append(f"| {label} | {r['n']} | {share} | 0/{r['n']} (never refuses) | |")
    if "unanswerable_unscoped" in results:
        r = results["unanswerable_unscoped"]
        rows.append(
            f"| unanswerable (long and short), no article chosen, refused | {r['n']} | "
            f"{r['right']}/{r['n']} = {100 * r['right'] / r['n']:.1f}% | 0/{r['n']} (never refuses) | "
            f"asked which article {r['asked']} (their article listed {r['offered']}; the reader's pick "
            "then answered or refused) |"
        )
    if "quotes" in results:
        r = results["quotes"]
        rows.append(
            f"| PolNeAR quotes attributed | {r['n']} | {r['attributed']}/{r['n']} = "
            f"{100 * r['attributed'] / r['n']:.1f}% | | not extracted {r['not_extracted']}, "
            f"other speaker {r['other_speaker']} |"
        )
    for key, label in SILVER_SETS.items():
        r = results.get(key, {})
        if not r.get("n"):
            continue
        rows.append(
            f"| {label} | {r['n']} | "
            f"{r['attributed']}/{r['n']} = {100 * r['attributed'] / r['n']:.1f}% | | "
            f"not extracted {r['not_extracted']}, "
            f"other speaker {r['other_speaker']} |"
        )
    if "summaries" in results:
        r = results["summaries"]

        def fmt(x: dict[str, float]) -> str:
            return f"R1 {x['rouge1']} / R2 {x['rouge2']} / RL {x['rougeL']}"

        rows.append(
            f"| summaries ROUGE F1 | {r['n']} | {fmt(r['newsbot'])} | lead {fmt(r['lead'])}; "
            f"LexRank {fmt(r['lexrank'])} | same length, mean {r['mean_chars']} chars; newsbot R2 ≥ lead "
            f"on {r['wins_r2_vs_lead']}/{r['n']} |"
        )
    return "\n".join(rows)


def main() -> None:
    """Run the chosen real sets on one split and print the table."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("real", type=Path, help="the real-data folder (../shared/real)")
    ap.add_argument("--split", choices=("dev", "test"), default="dev")
    ap.add_argument("--sets", default="qa,unanswerable,quotes,summaries")
    ap.add_argument("--limit", type=int, default=0, help="only the first N items of each set")
    ap.add_argument("--data", type=Path, help="keep the ingested collections here between runs")
    ap.add_argument("--report", type=Path, help="write the table (figures only) here")
    ap.add_argument("--failures", type=Path, help="dev only: write per-item misses here (outside the repo)")
    ap.add_argument("--no-baseline", action="store_true")
    args = ap.parse_args()
    if args.failures and args.split == "test":
        ap.error("test is for the aggregate only: no per-item failures")
    from bot.factory import configure_environment

    configure_environment()
    scorer = load_scorer(args.real.resolve())
    data = args.data or Path(tempfile.mkdtemp(prefix="newsbot-real-"))
    sets = args.sets.split(",")
    results: dict[str, Any] = {}
    lim = (lambda xs: xs[: args.limit]) if args.limit else (lambda xs: xs)
    # An unscoped set searches the whole split: every article any of its question sets names.
    wide = bool({"qa_unscoped", "unanswerable_unscoped"} & set(sets))
    if wide or {"qa", "unanswerable", "unanswerable_short"} & set(sets):
        folder = args.real / "qa" / args.split
        qa = lim(jsonl(folder / "questions.jsonl")) if wide or "qa" in sets else []
        own = OWN_UNANSWERABLE / f"unanswerable_{args.split}.jsonl"
        unans = lim(jsonl(own)) if (wide or "unanswerable" in sets) and own.exists() else []
        own_short = OWN_UNANSWERABLE / f"unanswerable_short_{args.split}.jsonl"
        short = lim(jsonl(own_short)) if (wide or "unanswerable_short" in sets) and own_short.exists() else []
        names = sorted({q["article"] for q in qa + unans + short})
        bench = open_bench(data, f"qa-{args.split}", [folder / f"{n}.txt" for n in names])
        if qa and "qa" in sets:
            results["qa"] = run_qa(bench, qa, folder, scorer, baseline=not args.no_baseline)
        if qa and "qa_unscoped" in sets:
            results["qa_unscoped"] = run_qa(bench, qa, folder, scorer, baseline=False, unscoped=True)
        if unans and "unanswerable" in sets:
            results["unanswerable"] = run_qa(bench, unans, folder, scorer, baseline=False)
        if short and "unanswerable_short" in sets:
            results["unanswerable_short"] = run_qa(bench, short, folder, scorer, baseline=False)
        if unans + short and "unanswerable_unscoped" in sets:
            results["unanswerable_unscoped"] = run_qa(
                bench, unans + short, folder, scorer, baseline=False, unscoped=True
            )
    if "quotes" in sets:
        folder = args.real / "quotes" / args.split
        gold = lim(jsonl(folder / "quotes_gold.jsonl"))
        names = sorted({g["article"] for g in gold})
        bench = open_bench(data, f"quotes-{args.split}", [folder / f"{n}.txt" for n in names])
        results["quotes"] = run_quotes(bench, gold, scorer)
    for key in SILVER_SETS:
        if key in sets:
            results[key] = run_quotes_silver(args.real, args.split, data, scorer, lim, key)
    if "summaries" in sets:
        folder = args.real / "summaries" / args.split
        refs = lim(jsonl(folder / "references.jsonl"))
        bench = open_bench(data, f"summ-{args.split}", [folder / f"{r['article']}.txt" for r in refs])
        results["summaries"] = run_summaries(bench, refs, folder)
    out = table(args.split, results)
    print(out)
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(out + "\n")
    if args.failures:
        detail = {k: v.get("failures", []) for k, v in results.items()}
        args.failures.write_text(json.dumps(detail, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
