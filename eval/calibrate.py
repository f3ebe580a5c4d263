"""Calibrate the extractive answerer's refusal thresholds on the evaluation set.

Ingests every evaluation article into its own collection (once, under --data), computes for each
single-turn fact or unanswerable question the evidence features the answerer decides on, and
grid-searches the thresholds that separate answerable from unanswerable questions best.
Usage: .venv/bin/python eval/calibrate.py [--data /tmp/newsbot-calibrate]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
from pathlib import Path

from bot.answerers.extractive import ExtractiveAnswerer, Thresholds, coverage
from bot.factory import build_ingestor, build_service, build_store
from bot.questions import analyze
from bot.settings import Settings
from bot.text import terms

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def load_questions() -> list[tuple[str, dict]]:
    out = []
    for path in sorted((ROOT / "eval").glob("questions_*.jsonl")):
        out += [(q["article"], q) for q in map(json.loads, path.read_text().splitlines()) if q]
    out += [
        ("seed", json.loads(line))
        for line in (SHARED / "eval/questions.jsonl").read_text().splitlines()
        if line
    ]
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="/tmp/newsbot-calibrate")
    args = ap.parse_args()
    os.environ["NEWSBOT_DATA_DIR"] = args.data
    articles = {p.stem: p for p in (ROOT / "eval/articles").glob("*.txt")}
    articles["seed"] = SHARED / "seed/article.txt"
    settings = Settings()
    services = {}
    ingestor = None
    for name, path in articles.items():
        store = build_store(settings, f"cal-{name}")
        if not store.doc_ids():
            ingestor = ingestor or build_ingestor(settings, store)
            ingestor.store = store
            ingestor.ingest([str(path)])
        services[name] = build_service(settings, store=store)
    rows = []
    for article, q in load_questions():
        if len(q["turns"]) != 1 or q["type"] not in ("fact", "unanswerable"):
            continue
        service = services[article]
        query = analyze(q["turns"][0])
        state = service.chain.steps[1].invoke({"question": query.text, "query": query})
        evidence = state["evidence"]
        ranked = ExtractiveAnswerer().rank(query, evidence)
        if not ranked:
            continue
        sent = ranked[0][1]
        rows.append(
            {
                "id": q["id"],
                "answerable": "expect_status" not in q,
                "coverage": round(coverage(query.terms, terms(sent.window), evidence), 3),
                "dense": round(sent.dense, 3),
                "query": query,
                "evidence": evidence,
                "best": ranked[0],
            }
        )
    best = None
    grid = itertools.product(
        [0.3, 0.4, 0.5, 0.6, 0.7],
        [0.1, 0.2, 0.25, 0.3, 0.35, 0.4],
        [0.7, 0.8, 0.9, 1.01],
        [0.3, 0.35, 0.4, 0.45, 0.5, 9.0],
    )
    for min_cov, min_dense, strong, typed in grid:
        if strong < min_cov:
            continue
        t = Thresholds(min_cov, min_dense, strong, typed)
        correct = sum(decide(r, t) == r["answerable"] for r in rows)
        false_answers = sum(decide(r, t) and not r["answerable"] for r in rows)
        key = (correct, -false_answers, -abs(min_cov - 0.5))
        if best is None or key > best[0]:
            best = (key, t)
    (correct, neg_false, _), t = best
    print(
        f"{len(rows)} questions ({sum(r['answerable'] for r in rows)} answerable); best thresholds {t}: "
        f"{correct}/{len(rows)} decided right, {-neg_false} unanswerable answered"
    )
    for r in rows:
        if decide(r, t) != r["answerable"]:
            print(
                "  wrong:",
                json.dumps({k: v for k, v in r.items() if k in ("id", "answerable", "coverage", "dense")}),
            )


def decide(r: dict, t: Thresholds) -> bool:
    return ExtractiveAnswerer(t).supported(r["query"], r["evidence"], r["best"])


if __name__ == "__main__":
    main()
