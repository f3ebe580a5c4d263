"""Fit when a fact question asked of no article in particular should ask "which article?", and write it.

Usage:
    .venv/bin/python eval/fit_article.py ../shared/real --data /tmp/nb-real \
        [--out bot/answerers/data/article_model.json] [--cache /tmp/article-signals.pkl]

With no current article, a question reaches across the whole collection, and the fact ranker's best
sentence may come from a story other than the one the reader has in mind ("How many people died?" fits
a dozen stories). The answerer then either answers from the article of its best sentence, naming it, or
asks which article is meant, offering the likeliest few. This script fits that choice on real dev data:

- Data: every NewsQA dev question, asked with no article chosen in one collection of the dev split's
  articles (as `eval/real.py --sets qa_unscoped` asks them). The evidence the answerer gets is recorded,
  and the fitted fact ranker (`bot/answerers/data/fact_model.json`) scores its sentences.
- Cases: the questions the answer-or-refuse model lets through (the choice is made only for those).
- Label: the article of the best sentence is the question's own article. Only articles naming every
  name the question gives are candidates (the chain keeps no other: `Evidence.naming`).
- Model: logistic regression over `ExtractiveAnswerer.article_signals` (how far the best article leads
  the next, how much of the question each holds, how specific the question is), folds grouped by
  article, Platt-calibrated (scikit-learn), so its output is the probability that the best article is
  the one meant.
- Operating point: ask when that probability is below `--cost`, the cost of a question back relative to
  an answer from the wrong story (both judged by the reader; 0.5: a question back costs half a wrong
  answer, so answer only when the guess is more likely right than wrong). Not tuned on the figures.

Only the dev split is read. The cross-validated figures go into the file's "info".
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import warnings
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import real
from fit_answerer import Recorder, cached, fit_logistic

ROOT = Path(__file__).resolve().parent.parent


def collect(args: argparse.Namespace) -> list[dict[str, Any]]:
    """Ask every dev question with no article chosen; return what its answerer was handed."""
    from bot.factory import build_service
    from bot.settings import Settings

    folder = args.real / "qa" / "dev"
    qa = real.jsonl(folder / "questions.jsonl")
    # The collection eval/real.py's qa_unscoped run builds: every article its dev sets name.
    extra = [real.OWN_UNANSWERABLE / f"unanswerable{s}_dev.jsonl" for s in ("", "_short")]
    names = sorted(
        {q["article"] for f in extra if f.exists() for q in real.jsonl(f)} | {q["article"] for q in qa}
    )
    bench = real.open_bench(args.data, "qa-dev", [folder / f"{n}.txt" for n in names])
    recorder = Recorder()
    service = build_service(
        Settings(data_dir=args.data, collection="qa-dev"), store=bench.store, answerer=recorder
    )
    items = []
    for q in qa:
        recorder.last = None
        service.ask(q["turns"][-1], doc_id=None)
        if recorder.last is None:
            continue  # answered before the fact answerer (quote index, summary)
        query, evidence = recorder.last
        # The articles the answerer reads, as a plain dict: a large collection's lazy views do not pickle.
        docs = {c.metadata["doc_id"] for c in evidence.chunks}
        # Likewise the collection's term counts, for the only terms weighed: the question's.
        asked = {*query.terms, *(t for run in query.names for t in run), *evidence.context_terms}
        evidence = dataclasses.replace(
            evidence,
            docs={d: evidence.docs[d] for d in sorted(docs)},
            doc_freq={t: evidence.doc_freq.get(t, 0) for t in asked},
        )
        items.append(
            {
                "id": q["id"],
                "article": q["article"],
                "own": bench.doc_ids[q["article"]],
                "query": query,
                "evidence": evidence,
            }
        )
    return items


def main() -> None:
    """Collect, fit, report cross-validated figures, write the model file."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("real", type=Path)
    ap.add_argument("--data", type=Path, required=True, help="where the dev articles are (or get) ingested")
    ap.add_argument("--out", type=Path, default=ROOT / "bot/answerers/data/article_model.json")
    ap.add_argument("--cache", type=Path, help="pickle of the recorded evidence (outside the repo)")
    ap.add_argument("--cost", type=float, default=0.5, help="cost of asking back, relative to a wrong story")
    args = ap.parse_args()
    warnings.filterwarnings("ignore", category=FutureWarning)
    from sklearn.model_selection import GroupKFold

    from bot.answerers.extractive import ExtractiveAnswerer
    from bot.answerers.model import load_fact_model
    from bot.factory import configure_environment

    configure_environment()
    items = cached(args.cache, lambda: collect(args))
    answerer = ExtractiveAnswerer(model=load_fact_model())
    rows, labels, groups, kept = [], [], [], []
    for it in items:
        query, evidence = it["query"], it["evidence"]
        sents, sigs = answerer.signals(query, evidence)
        if not sents:
            continue
        probs = answerer.model.ranker.probability(sigs).tolist()
        qsig = answerer.question_signals(query, evidence, sents, sigs, probs)
        if float(answerer.model.refusal.probability([qsig])[0]) < answerer.model.threshold:
            continue  # refused before any article is chosen: the choice is never made at run time
        order, sig = answerer.article_signals(query, evidence, sents, probs)
        if len(order) < 2:
            continue  # one article's sentences only: nothing to choose between
        it["order"] = order
        rows.append(sig)
        labels.append(int(order[0] == it["own"]))
        groups.append(it["article"])
        kept.append(it)
    features = list(rows[0])
    x = np.array([[r[f] for f in features] for r in rows])
    y = np.array(labels)
    names = sorted(set(groups))
    g = np.array([names.index(a) for a in groups])
    model, c = fit_logistic(x, y, features, calibrate=True, groups=g)
    oof = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=5).split(x, y, g):
        m, _ = fit_logistic(x[train], y[train], features, calibrate=True, groups=g[train])
        oof[test] = m.probability([dict(zip(features, r, strict=True)) for r in x[test]])
    from bot.articles import MAX_CHOICES

    def outcome(threshold: float) -> dict[str, int]:
        out = {"own": 0, "other": 0, "asked_offered": 0, "asked_missing": 0}
        for it, p in zip(kept, oof, strict=True):
            if p >= threshold:
                out["own" if it["order"][0] == it["own"] else "other"] += 1
            else:
                out["asked_offered" if it["own"] in it["order"][:MAX_CHOICES] else "asked_missing"] += 1
        return out

    curve = {f"{t:.1f}": outcome(t) for t in (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)}
    for t, o in curve.items():
        print(f"ask below {t}: {o}")
    print(f"questions reaching the choice: {len(kept)}; best article is own: {int(y.sum())}; C={c}")
    print("coefficients:", dict(zip(features, np.round(model.coef, 3).tolist(), strict=True)))
    info = {
        "fitted_on": "NewsQA dev, asked with no article chosen (the dev split's articles in one collection)",
        "questions": len(kept),
        "best_article_is_own": int(y.sum()),
        "cost_of_asking": args.cost,
        "cv_outcomes_by_threshold": curve,
        "C": c,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    obj = {"model": model.to_json(), "threshold": args.cost, "info": info}
    args.out.write_text(json.dumps(obj, indent=1) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
