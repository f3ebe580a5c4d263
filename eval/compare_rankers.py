"""Compare model families for the fact answerer's sentence ranker on NewsQA dev (how far the signals go).

Usage:
    .venv/bin/python eval/fit_answerer.py ../shared/real --data /tmp/nb-real --out /tmp/refit.json \
        --cache /tmp/fact-signals.pkl
    .venv/bin/python eval/compare_rankers.py ../shared/real --cache /tmp/fact-signals.pkl

Reads the signals `eval/fit_answerer.py` recorded (answerable dev questions only), recomputes them with the
current code, and scores each model by grouped 5-fold cross-validation (folds by article): how many
questions get a gold sentence first, and how many get one within the best two sentences that fit 380
characters (the answer's room). Logistic regression is what ships; gradient boosting and a random forest
test whether interactions between the signals would rank better. Optionally each signal's gap to the
question's best candidate is added ("relative").
"""

from __future__ import annotations

import argparse
import pickle
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import real


def load(real_root: Path, cache: Path) -> list[dict[str, Any]]:
    """Return the answerable dev questions with candidates, their signals and gold labels."""
    from bot.answerers.extractive import ExtractiveAnswerer

    scorer = real.load_scorer(real_root.resolve())
    golds = {q["id"]: q.get("expect_any") for q in real.jsonl(real_root / "qa" / "dev" / "questions.jsonl")}
    items = [it for it in pickle.loads(cache.read_bytes()) if it["answerable"] and not it.get("off_topic")]
    for it in items:
        it["sents"], it["signals"] = ExtractiveAnswerer().signals(it["query"], it["evidence"])
        it["texts"] = [s.text for s in it["sents"]]
        gold = golds.get(it["id"]) or []
        it["labels"] = [
            any(all(scorer.norm(k) in scorer.norm(t) for k in alt) for alt in gold) for t in it["texts"]
        ]
    return [it for it in items if it["signals"]]


def matrix(items: list[dict[str, Any]], relative: bool) -> tuple[np.ndarray, ...]:
    """Stack every candidate's signals (and, if asked, their gaps to the question's best) with labels."""
    features = list(items[0]["signals"][0])
    articles = {a: i for i, a in enumerate(sorted({it["article"] for it in items}))}
    xs, ys, groups, question = [], [], [], []
    for qi, it in enumerate(items):
        x = np.array([[row[f] for f in features] for row in it["signals"]])
        if relative:
            x = np.hstack([x, x - x.max(axis=0)])
        xs.append(x)
        ys += it["labels"]
        groups += [articles[it["article"]]] * len(x)
        question += [qi] * len(x)
    return np.vstack(xs), np.array(ys, dtype=int), np.array(groups), np.array(question)


def score(items: list[dict[str, Any]], make: Callable[[], Any], relative: bool) -> tuple[int, int]:
    """Return (gold first, gold within the best two that fit 380 characters), out of fold."""
    from sklearn.model_selection import GroupKFold

    x, y, groups, question = matrix(items, relative)
    oof = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=5).split(x, y, groups):
        oof[test] = make().fit(x[train], y[train]).predict_proba(x[test])[:, 1]
    first = two = 0
    for qi, it in enumerate(items):
        order = np.argsort(-oof[question == qi])
        top = it["labels"][order[0]]
        fits = len(order) > 1 and len(it["texts"][order[0]]) + len(it["texts"][order[1]]) <= 380
        first += top
        two += top or (fits and it["labels"][order[1]])
    return first, two


def main() -> None:
    """Print each model family's cross-validated ranking figures."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("real", type=Path)
    ap.add_argument("--cache", type=Path, required=True, help="the pickle eval/fit_answerer.py --cache wrote")
    args = ap.parse_args()
    warnings.filterwarnings("ignore")  # convergence notices and scikit-learn's API-change notices
    from sklearn.ensemble import (
        GradientBoostingClassifier,
        HistGradientBoostingClassifier,
        RandomForestClassifier,
    )
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from bot.factory import configure_environment

    configure_environment()
    items = load(args.real, args.cache)
    models: dict[str, Callable[[], Any]] = {
        "logistic C=0.1 (shipped family)": lambda: make_pipeline(
            StandardScaler(), LogisticRegression(C=0.1, max_iter=3000)
        ),
        "gradient boosting, depth 3": lambda: GradientBoostingClassifier(
            max_depth=3, n_estimators=200, learning_rate=0.05, subsample=0.8, random_state=0
        ),
        "histogram gradient boosting": lambda: HistGradientBoostingClassifier(
            max_depth=3, learning_rate=0.05, max_iter=200, l2_regularization=1.0, random_state=0
        ),
        "random forest": lambda: RandomForestClassifier(n_estimators=300, min_samples_leaf=5, random_state=0),
    }
    reach = sum(any(it["labels"]) for it in items)
    print(f"{len(items)} answerable dev questions reach the ranker; a candidate holds the answer for {reach}")
    print("| model | signals | gold first | gold in the best two (≤380 chars) |")
    print("|---|---|---|---|")
    for relative in (False, True):
        for name, make in models.items():
            first, two = score(items, make, relative)
            kind = "+ gap to best" if relative else "as shipped"
            print(f"| {name} | {kind} | {first}/{len(items)} | {two}/{len(items)} |", flush=True)


if __name__ == "__main__":
    main()
