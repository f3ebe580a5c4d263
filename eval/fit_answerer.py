"""Fit the extractive answerer's ranker and its answer-or-refuse model on real dev data, and write them.

Usage:
    .venv/bin/python eval/fit_answerer.py ../shared/real --data /tmp/nb-real \
        [--out bot/answerers/data/fact_model.json] [--cache /tmp/fact-signals.pkl]

Data: NewsQA dev questions (answerable, with gold spans), eval/real/unanswerable_dev.jsonl (near misses
written blind about the same articles) and, as off-topic questions, each article asked another article's
question. Only the dev split is read. Each question is asked through the real
service scoped to its article; the evidence its answerer would get is recorded and turned into signals
(`ExtractiveAnswerer.signals`). Then, with scikit-learn:

1. the ranker: logistic regression, one row per candidate sentence, label = the sentence holds a gold
   answer; out-of-fold probabilities (folds grouped by article) feed step 2;
2. the refusal model: logistic regression over question signals, label = the article answers it,
   Platt-calibrated (CalibratedClassifierCV, sigmoid);
3. the operating points, on out-of-fold predictions: the answer threshold that maximises answerable
   questions answered right plus unanswerable ones refused (each as a share of its set) among those no
   worse on either side than the hand-set rules on the same questions (measured here, on the same
   recorded evidence), that refuse at least --floor-far of the off-topic questions, and the
   share of the best sentence's probability a runner-up needs to join the answer (within 400 characters).
The cross-validated figures go into the file's "info" beside the models.
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
import real

ROOT = Path(__file__).resolve().parent.parent


class Recorder:
    """An answerer that keeps the last question and evidence it was handed and answers nothing."""

    def __init__(self) -> None:
        self.last: tuple[Any, Any] | None = None

    def answer(self, query: Any, evidence: Any) -> Any:
        from bot.schema import Answer

        self.last = (query, evidence)
        return Answer("not_found", "recorded")


def off_topic(qa: list[dict[str, Any]], articles: list[str]) -> list[dict[str, Any]]:
    """Pair each article with another article's question: a question its article surely does not answer."""
    by_article: dict[str, list[dict[str, Any]]] = {}
    for q in qa:
        by_article.setdefault(q["article"], []).append(q)
    out = []
    for i, art in enumerate(articles):
        other = articles[(i + len(articles) // 2) % len(articles)]  # far along the list: another story
        if other == art or other not in by_article:
            continue
        q = by_article[other][0]
        out.append({"id": f"off-{art}", "article": art, "turns": q["turns"], "off_topic": True})
    return out


def collect(args: argparse.Namespace, only_off_topic: bool = False) -> list[dict[str, Any]]:
    """Ask every dev question once and return its candidates' signals and labels."""
    from bot.answerers.extractive import ExtractiveAnswerer
    from bot.factory import build_service
    from bot.settings import Settings

    scorer = real.load_scorer(args.real.resolve())
    folder = args.real / "qa" / "dev"
    qa = real.jsonl(folder / "questions.jsonl")
    unans = real.jsonl(real.OWN_UNANSWERABLE / "unanswerable_dev.jsonl")
    names = sorted({q["article"] for q in qa + unans})
    bench = real.open_bench(args.data, "qa-dev", [folder / f"{n}.txt" for n in names])
    questions = off_topic(qa, names) if only_off_topic else qa + unans
    recorder = Recorder()
    settings = Settings(data_dir=args.data, collection="qa-dev")
    service = build_service(settings, store=bench.store, answerer=recorder)
    rules = ExtractiveAnswerer()
    items = []
    for q in questions:
        recorder.last = None
        service.ask(q["turns"][-1], doc_id=bench.doc_ids[q["article"]])
        if recorder.last is None:
            continue  # answered before the answerer (quote index, summary): the model plays no part
        query, evidence = recorder.last
        sents, sigs = rules.signals(query, evidence)
        gold = q.get("expect_any")

        def holds(text: str, gold: list[list[str]] | None = gold) -> bool:
            return bool(gold) and any(all(scorer.norm(k) in scorer.norm(text) for k in alt) for alt in gold)

        items.append(
            {
                "id": q["id"],
                "article": q["article"],
                "answerable": gold is not None,
                "off_topic": bool(q.get("off_topic")),
                "texts": [s.text for s in sents],
                "labels": [holds(s.text) for s in sents],
                "signals": sigs,
                # kept to compute question signals again once ranker probabilities exist
                "query": query,
                "evidence": evidence,
                "sents": sents,
            }
        )
    return items


def cached(path: Path | None, make: Callable[[], list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Return what `make` collects, read from (or written to) the pickle at `path` when one is given."""
    if path and path.exists():
        return pickle.loads(path.read_bytes())
    items = make()
    if path:
        path.write_bytes(pickle.dumps(items))
    return items


def fit_logistic(
    x: np.ndarray, y: np.ndarray, features: list[str], calibrate: bool, groups: np.ndarray
) -> Any:
    """Fit a standardised logistic regression (C chosen by grouped CV), optionally Platt-calibrated."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression, LogisticRegressionCV
    from sklearn.model_selection import GroupKFold
    from sklearn.preprocessing import StandardScaler

    from bot.answerers.model import Logistic

    scaler = StandardScaler().fit(x)
    z = scaler.transform(x)
    folds = list(GroupKFold(n_splits=5).split(z, y, groups))
    cv = LogisticRegressionCV(Cs=[0.01, 0.1, 1.0, 10.0], cv=folds, max_iter=2000, scoring="neg_log_loss")
    cv.fit(z, y)
    c = float(cv.C_[0])
    a = b = None
    if calibrate:
        cal = CalibratedClassifierCV(
            LogisticRegression(C=c, max_iter=2000), method="sigmoid", cv=folds, ensemble=False
        )
        cal.fit(z, y)
        inner = cal.calibrated_classifiers_[0]
        lr, platt = inner.estimator, inner.calibrators[0]
        a, b = float(platt.a_), float(platt.b_)
    else:
        lr = LogisticRegression(C=c, max_iter=2000).fit(z, y)
    scale = np.where(scaler.scale_ == 0, 1.0, scaler.scale_)
    return Logistic(tuple(features), scaler.mean_, scale, lr.coef_[0], float(lr.intercept_[0]), a, b), c


def main() -> None:
    """Collect signals, fit, choose operating points, write the model file."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("real", type=Path)
    ap.add_argument("--data", type=Path, required=True, help="where the dev articles are (or get) ingested")
    ap.add_argument("--out", type=Path, default=ROOT / "bot/answerers/data/fact_model.json")
    ap.add_argument("--cache", type=Path, help="pickle of collected signals (outside the repo)")
    # The operating point maximises answerable-right plus unanswerable-refused (each a share of its set)
    # among those no worse than the hand-set rules on either side, measured on the same questions.

    ap.add_argument("--floor-far", type=float, default=0.95, help="off-topic questions refused, at least")
    args = ap.parse_args()
    warnings.filterwarnings("ignore", category=FutureWarning)  # scikit-learn's notices of API changes
    from bot.answerers.extractive import ExtractiveAnswerer
    from bot.answerers.model import FactModel
    from bot.factory import configure_environment

    configure_environment()
    items = cached(args.cache, lambda: collect(args))
    # Off-topic questions (another article's): the blind set holds near misses only, and a model that never
    # saw a question far from its article would not learn to refuse one.
    off_cache = args.cache.with_suffix(".off.pkl") if args.cache else None
    off = cached(off_cache, lambda: collect(args, only_off_topic=True))
    items = [it for it in items if not it.get("off_topic")] + off
    # The signals are computed again from the recorded evidence, so a change to them needs no new run of
    # the questions (only a change to retrieval or ingest does).
    scorer = real.load_scorer(args.real.resolve())
    golds = {q["id"]: q.get("expect_any") for q in real.jsonl(args.real / "qa" / "dev" / "questions.jsonl")}
    for it in items:
        it["sents"], it["signals"] = ExtractiveAnswerer().signals(it["query"], it["evidence"])
        it["texts"] = [s.text for s in it["sents"]]
        gold = golds.get(it["id"]) if it["answerable"] else None
        it["labels"] = [
            bool(gold) and any(all(scorer.norm(k) in scorer.norm(t) for k in alt) for alt in gold)
            for t in it["texts"]
        ]
    for it in items:
        it["labels"] = list(it["labels"])
    features = list(items[0]["signals"][0]) if items and items[0]["signals"] else []
    articles = sorted({it["article"] for it in items})
    art_index = {a: i for i, a in enumerate(articles)}

    # 1. the ranker, on answerable questions
    rows = [(it, j) for it in items if it["answerable"] for j in range(len(it["signals"]))]
    x = np.array([[it["signals"][j][f] for f in features] for it, j in rows])
    y = np.array([it["labels"][j] for it, j in rows], dtype=int)
    g = np.array([art_index[it["article"]] for it, _ in rows])
    ranker, ranker_c = fit_logistic(x, y, features, calibrate=False, groups=g)
    oof = np.zeros(len(y))
    from sklearn.model_selection import GroupKFold

    for train, test in GroupKFold(n_splits=5).split(x, y, g):
        m, _ = fit_logistic(x[train], y[train], features, calibrate=False, groups=g[train])
        oof[test] = m.probability([dict(zip(features, r, strict=True)) for r in x[test]])
    k = 0
    for it in items:
        n = len(it["signals"])
        if it["answerable"]:
            it["oof"] = oof[k : k + n]
            k += n
        else:
            # unanswerable questions: the full ranker's probabilities (it never saw them)
            it["oof"] = ranker.probability(it["signals"]) if n else np.zeros(0)

    # 2. the refusal model
    rules = ExtractiveAnswerer()
    qrows, qy, qg = [], [], []
    for it in items:
        if not it["signals"]:
            it["qsig"] = None
            continue
        it["qsig"] = rules.question_signals(
            it["query"], it["evidence"], it["sents"], it["signals"], list(it["oof"])
        )
        qrows.append(it["qsig"])
        qy.append(int(it["answerable"]))
        qg.append(art_index[it["article"]])
    qfeatures = list(qrows[0])
    qx = np.array([[r[f] for f in qfeatures] for r in qrows])
    qy_arr, qg_arr = np.array(qy), np.array(qg)
    refusal, refusal_c = fit_logistic(qx, qy_arr, qfeatures, calibrate=True, groups=qg_arr)
    q_oof = np.zeros(len(qy))
    for train, test in GroupKFold(n_splits=5).split(qx, qy_arr, qg_arr):
        m, _ = fit_logistic(qx[train], qy_arr[train], qfeatures, calibrate=True, groups=qg_arr[train])
        q_oof[test] = m.probability([dict(zip(qfeatures, r, strict=True)) for r in qx[test]])
    with_sig = [it for it in items if it["qsig"] is not None]
    for it, p in zip(with_sig, q_oof, strict=True):
        it["p_answer"] = float(p)

    # 3. operating points on out-of-fold predictions
    def right(it: dict[str, Any], second: float) -> bool:
        order = np.argsort(-it["oof"])
        chosen = [it["texts"][order[0]]]
        if (
            len(order) > 1
            and it["oof"][order[1]] >= second * it["oof"][order[0]]
            and len(chosen[0]) + len(it["texts"][order[1]]) <= 380
        ):
            chosen.append(it["texts"][order[1]])
        return bool(any(it["labels"][i] for i in order[: len(chosen)]))

    answerable = [it for it in items if it["answerable"]]
    unanswerable = [it for it in items if not it["answerable"] and not it.get("off_topic")]
    far = [it for it in items if it.get("off_topic")]
    # The hand-set rules on the same recorded evidence: the floors the fitted decision must not fall below.
    rule_right = rule_refused = 0
    for it in answerable + unanswerable:
        said = rules.rule_answer(it["query"], it["evidence"])
        if not it["answerable"]:
            rule_refused += said.status == "not_found"
        elif said.status == "answered":
            gold = golds.get(it["id"]) or []
            rule_right += any(all(scorer.norm(k) in scorer.norm(said.answer) for k in alt) for alt in gold)
    floor_right = rule_right / max(len(answerable), 1)
    floor_refused = rule_refused / max(len(unanswerable), 1)
    print(f"rules: right {rule_right}/{len(answerable)}, refused {rule_refused}/{len(unanswerable)}")
    n_qa = sum(1 for _ in answerable)
    best = None
    for second in (0.0, 0.2, 0.4, 0.6, 0.8, 1.01):
        for threshold in np.linspace(0.05, 0.95, 91):
            ok_qa = sum(
                1
                for it in answerable
                if it.get("p_answer", 0) >= threshold and it["signals"] and right(it, second)
            )
            refused = sum(1 for it in unanswerable if it.get("p_answer", 0) < threshold)
            right_rate, refused_rate = ok_qa / max(n_qa, 1), refused / max(len(unanswerable), 1)
            far_rate = sum(1 for it in far if it.get("p_answer", 0) < threshold) / max(len(far), 1)
            rates = (right_rate, refused_rate, far_rate)
            floors = (floor_right, floor_refused, args.floor_far)
            if any(rate < floor for rate, floor in zip(rates, floors, strict=True)):
                continue  # worse than the answerer it replaces on one side, or answers off-topic questions
            value = right_rate + refused_rate
            if best is None or value > best[0]:
                best = (value, float(threshold), second, ok_qa, refused)
    assert best is not None
    _, threshold, second, ok_qa, refused = best
    curve = []
    for t in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        qa_ok = sum(
            1 for it in answerable if it.get("p_answer", 0) >= t and it["signals"] and right(it, second)
        )
        un_ok = sum(1 for it in unanswerable if it.get("p_answer", 0) < t)
        far_ok = sum(1 for it in far if it.get("p_answer", 0) < t)
        curve.append([t, qa_ok, un_ok, far_ok])
        print(
            f"threshold {t:.1f}: right {qa_ok}/{n_qa}, unanswerable refused {un_ok}/{len(unanswerable)}, "
            f"off-topic refused {far_ok}/{len(far)}"
        )
    top1 = sum(1 for it in answerable if it["signals"] and it["labels"][int(np.argmax(it["oof"]))])
    reach = sum(1 for it in answerable if any(it["labels"]))
    info = {
        "fitted_on": "NewsQA dev + eval/real/unanswerable_dev.jsonl",
        "answerable_reaching_answerer": n_qa,
        "unanswerable_reaching_answerer": len(unanswerable),
        "candidates_hold_gold": reach,
        "cv_top1": top1,
        "cv_answered_right": ok_qa,
        "cv_refused": refused,
        "off_topic_reaching_answerer": len(far),
        "rules_answered_right": rule_right,
        "rules_refused": rule_refused,
        "cv_curve_threshold_right_refused_offtopic": curve,
        "ranker_C": ranker_c,
        "refusal_C": refusal_c,
    }
    model = FactModel(ranker, refusal, threshold, second, info)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    import json

    args.out.write_text(json.dumps(model.to_json(), indent=1) + "\n")
    print(json.dumps(info, indent=1))
    print(f"threshold {threshold:.3f}, second {second}")


if __name__ == "__main__":
    main()
