"""Print the extractive answerer's candidate ranking for one question (a development aid).

Usage: .venv/bin/python eval/debug_rank.py ARTICLE_NAME "question" [--data /tmp/newsbot-calibrate]
(run eval/calibrate.py once first: it ingests the evaluation articles into cal-<name> collections).
"""

from __future__ import annotations

import argparse
import os

from bot.answerers.extractive import ExtractiveAnswerer, coverage
from bot.factory import build_service, build_store
from bot.questions import analyze
from bot.settings import Settings
from bot.text import terms


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("article")
    ap.add_argument("question")
    ap.add_argument("--data", default="/tmp/newsbot-calibrate")
    ap.add_argument("--prefix", default="cal-")
    args = ap.parse_args()
    os.environ["NEWSBOT_DATA_DIR"] = args.data
    settings = Settings()
    service = build_service(settings, store=build_store(settings, f"{args.prefix}{args.article}"))
    query = analyze(args.question)
    print(query)
    evidence = service.chain.steps[1].invoke({"question": query.text, "query": query})["evidence"]
    for score, s in ExtractiveAnswerer().rank(query, evidence)[:20]:
        print(
            f"{score:.3f} cov={coverage(query.terms, terms(s.text), evidence):.2f} dense={s.dense:.2f} "
            f"rrf={s.rrf:.4f} ents={[e[0] for e in s.ents]} | {s.text[:110]}"
        )


if __name__ == "__main__":
    main()
