"""Fit a full summary's selection weights on real news with journalists' highlights, and write them.

Usage:
    .venv/bin/python eval/fit_summary.py ../shared/real --data /tmp/nb-real \
        [--cache /tmp/summary-inputs.pkl] [--write]

Data: the summaries dev split (CNN/Daily Mail articles with their highlights, BBC articles with the XSum
sentence). Only dev is read. Each article is ingested (a no-op when it already is under --data) and
summarised once through the real service, which hands the summarizer its inputs (sentences, vectors,
quote records); those are cached in --cache, so a re-run only recomputes features and refits.

Then, per article whose body is written as one block (the fitted weights are for that form; a
paragraphed article keeps the hand-set ones, see bot/summarize/weights.py), the lead is written as
`bot.summarize.full.opening` writes it, and rows are taken at the summary's first STEPS states (the lead
alone, then one and two sentences more, each time adding the best-labelled candidate): every candidate
gets its features against what the summary holds (`bot.summarize.features.features`) and a label, the
mean of its ROUGE-1 and ROUGE-2 precision against what the reference says and the summary does not yet
(stemmed n-grams, `rouge-score`'s tokenizer), centred on the state's mean: a candidate earns its place
by how much of what it adds the highlights say, relative to the other candidates, since a summary's
length is set by the request, not by the selection. A ridge regression (scikit-learn) over the
standardised features fits the label; its coefficients, back on the features' own scale and divided by
the largest, are the weights (the greedy selection only compares candidates, so the intercept is
dropped).

The fit is checked the way it will be used: folds of articles (grouped, 5), weights fitted on four run
the real summarizer on the fifth, scored with ROUGE F1 beside the lead cut to the same length, as
eval/real.py scores it (the held-out articles are those written as one block: the others have no rows). The
figures are printed; `--write` rewrites the fitted block of bot/summarize/weights.py (`FITTED`) with
the weights fitted on all of dev.
"""

from __future__ import annotations

import argparse
import pickle
import re
import statistics
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import real

ROOT = Path(__file__).resolve().parent.parent
WEIGHTS = ROOT / "bot/summarize/weights.py"
STEPS = 3  # the summary states rows are taken at: the lead alone, then one and two sentences more
_CITE = re.compile(r"\s*\[\d+\]")


def collect(args: argparse.Namespace) -> list[dict[str, Any]]:
    """Summarise every dev article once through the service; return the summarizer's inputs."""
    folder = args.real / "summaries" / "dev"
    refs = real.jsonl(folder / "references.jsonl")
    bench = real.open_bench(args.data, "summ-dev", [folder / f"{r['article']}.txt" for r in refs])
    got: dict[str, tuple[Any, ...]] = {}
    summarize = bench.service.summarizer.summarize

    def record(doc: Any, chunks: Any, vectors: Any, quotes: Any, *rest: Any, **kw: Any) -> Any:
        got[doc.doc_id] = (doc, chunks, vectors, quotes)
        return summarize(doc, chunks, vectors, quotes, *rest, **kw)

    bench.service.summarizer.summarize = record
    items = []
    for r in refs:
        doc_id = bench.doc_ids[r["article"]]
        bench.service.summary(doc_id)
        doc, chunks, vectors, quotes = got[doc_id]
        items.append(
            {
                "article": r["article"],
                "reference": r["reference"],
                "doc": doc,
                "chunks": chunks,
                "vectors": vectors,
                "quotes": quotes,
            }
        )
    return items


def ngrams(tokens: list[str], n: int) -> Counter[tuple[str, ...]]:
    """Count a text's n-grams."""
    return Counter(tuple(tokens[k : k + n]) for k in range(len(tokens) - n + 1))


def label(tokens: list[str], wanted: list[Counter[tuple[str, ...]]]) -> float:
    """Return the mean of a candidate's ROUGE-1 and ROUGE-2 precision against what is still wanted."""
    out = 0.0
    for n, left in enumerate(wanted, start=1):
        grams = ngrams(tokens, n)
        total = sum(grams.values())
        out += sum(min(c, left[g]) for g, c in grams.items()) / total if total else 0.0
    return out / len(wanted)


def rows(items: list[dict[str, Any]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return every candidate's features, its label and its article's number."""
    from rouge_score.tokenizers import DefaultTokenizer

    from bot.evidence import Citer
    from bot.questions import SummaryRequest
    from bot.summarize.features import features
    from bot.summarize.full import _one_block, opening
    from bot.summarize.inputs import article
    from bot.summarize.render import _Draft
    from bot.summarize.weights import SummaryWeights

    tokenize = DefaultTokenizer(use_stemmer=True).tokenize
    xs, ys, groups = [], [], []
    for k, it in enumerate(items):
        doc = it["doc"]
        art = article(doc, it["chunks"], it["vectors"], it["quotes"])
        if not _one_block(art, list(range(art.headline, len(art.spans)))):
            continue  # the fitted weights are for bodies written as one block (weights.py says why)
        draft = _Draft(doc, Citer({doc.doc_id: doc}), SummaryRequest())
        st, options = opening(art, draft, SummaryWeights())
        reference = tokenize("\n".join(it["reference"]))
        # Rows are taken at each of the first steps of a summary, along the path that adds the best
        # candidate each time: features such as "similar" or "novel" depend on what is in.
        for _ in range(STEPS):
            if not options:
                break
            # What the highlights say that the summary does not: a candidate is worth what it adds.
            held = tokenize(" ".join(_CITE.sub("", p) for _, p in draft.parts))
            wanted = [ngrams(reference, n) - ngrams(held, n) for n in (1, 2)]
            labels = np.asarray([label(tokenize(o.text), wanted) for o in options])
            xs.extend(features(o, st) for o in options)
            groups.extend([k] * len(options))
            ys.extend(labels - labels.mean())
            best = options.pop(int(np.argmax(labels)))
            draft.add(best.pos, best.text, best.start, best.end)
            st.chosen.append(best.sentence)
            st.heard.update(best.voices)
            st.said = draft.said
    return np.asarray(xs, dtype=float), np.asarray(ys, dtype=float), np.asarray(groups)


def fit(x: np.ndarray, y: np.ndarray, alpha: float) -> np.ndarray:
    """Fit the ridge regression on standardised features; return the weights on the features' scale."""
    from sklearn.linear_model import Ridge
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler().fit(x)
    model = Ridge(alpha=alpha).fit(scaler.transform(x), y)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    coef = model.coef_ / scale
    # Only the ratios count: scaled so that the largest weight is 1, for reading.
    return coef / max(float(np.abs(coef).max()), 1e-12)


def evaluate(items: list[dict[str, Any]], weights: Any, rouge: Any) -> dict[str, float]:
    """ROUGE F1 of the default summary and of the lead cut to the same length, as eval/real.py scores."""
    from bot.questions import SummaryRequest
    from bot.summarize import Summarizer

    summarizer = Summarizer(weights)
    scores: dict[str, list[float]] = {}
    for it in items:
        doc, chunks = it["doc"], it["chunks"]
        answer = summarizer.summarize(
            doc, chunks, it["vectors"], it["quotes"], SummaryRequest(), {doc.doc_id: doc}
        )
        ours = _CITE.sub("", answer.answer).replace("\n• ", " ").replace("• ", "").strip()
        sents = [doc.text[c.metadata["focus_start"] : c.metadata["focus_end"]] for c in chunks]
        lead = real._cut(sents, len(ours))
        reference = "\n".join(it["reference"])
        for name, text in (("newsbot", ours), ("lead", lead)):
            for metric, s in rouge.score(reference, text).items():
                scores.setdefault(f"{name} {metric}", []).append(100 * s.fmeasure)
        scores.setdefault("chars", []).append(len(ours))
    return {k: round(statistics.mean(v), 2) for k, v in scores.items()}


def weights_of(coef: np.ndarray) -> Any:
    """Return the default weights with the fitted ones in place for bodies written as one block."""
    from dataclasses import replace

    from bot.summarize.features import FEATURES
    from bot.summarize.weights import Selection, SummaryWeights

    fitted = Selection(**{f: round(float(c), 4) for f, c in zip(FEATURES, coef, strict=True)})
    return replace(SummaryWeights(), one_block=fitted)


def cross_validate(
    items: list[dict[str, Any]], x: np.ndarray, y: np.ndarray, groups: np.ndarray, alpha: float, rouge: Any
) -> dict[str, float]:
    """Fit on four folds of articles, summarise the fifth; return the pooled scores."""
    from sklearn.model_selection import GroupKFold

    out: dict[str, list[float]] = {}
    for train, test in GroupKFold(n_splits=5).split(x, y, groups):
        held = sorted(set(groups[test].tolist()))
        scores = evaluate([items[k] for k in held], weights_of(fit(x[train], y[train], alpha)), rouge)
        for k, v in scores.items():
            out.setdefault(k, []).extend([v] * len(held))
    return {k: round(statistics.mean(v), 2) for k, v in out.items()}


def write(coef: np.ndarray) -> None:
    """Rewrite the fitted block of bot/summarize/weights.py (`FITTED`) with the weights."""
    from bot.summarize.features import FEATURES

    source = WEIGHTS.read_text()
    begin = source.index("# fitted: begin")
    begin = source.index("\n", begin) + 1
    end = source.index("# fitted: end")
    args = "".join(f"    {f}={round(float(c), 4)},\n" for f, c in zip(FEATURES, coef, strict=True))
    WEIGHTS.write_text(source[:begin] + f"FITTED = Selection(\n{args})\n" + source[end:])


def main() -> None:
    """Collect (or load) the inputs, build the rows, cross-validate, fit on all of dev, write."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("real", type=Path, help="the real-data folder (../shared/real)")
    ap.add_argument("--data", type=Path, default=Path("/tmp/nb-real"), help="where dev is ingested")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/summary-inputs.pkl"))
    ap.add_argument("--alpha", type=float, default=300.0, help="the ridge penalty")
    ap.add_argument("--write", action="store_true", help="rewrite the weights in bot/summarize/weights.py")
    args = ap.parse_args()
    from rouge_score import rouge_scorer

    from bot.factory import configure_environment
    from bot.summarize.features import FEATURES
    from bot.summarize.weights import SummaryWeights

    configure_environment()
    rouge = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    if args.cache.exists():
        items = pickle.loads(args.cache.read_bytes())
    else:
        items = collect(args)
        args.cache.write_bytes(pickle.dumps(items))
    x, y, groups = rows(items)
    print(f"{len(items)} articles, {len(y)} candidates")
    print("shipped weights on dev:", evaluate(items, SummaryWeights(), rouge))
    print(f"cross-validated (alpha {args.alpha}):", cross_validate(items, x, y, groups, args.alpha, rouge))
    coef = fit(x, y, args.alpha)
    print("fitted on all of dev:", evaluate(items, weights_of(coef), rouge))
    for f, c in zip(FEATURES, coef, strict=True):
        print(f"  {f:12} {c:+.4f}")
    if args.write:
        write(coef)
        print(f"wrote {WEIGHTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
