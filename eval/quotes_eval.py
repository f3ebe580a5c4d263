"""Score quote attribution per case against the gold files: precision and recall of the speaker.

For each gold quote (a verbatim fragment and its speaker), the records whose quote contains the fragment
are its matches. Recall: gold quotes with at least one match attributed to the gold speaker. Precision:
matched records attributed to the gold speaker, over all matched records (a fragment found twice, once
under the wrong speaker, costs precision).
Usage: .venv/bin/python eval/quotes_eval.py [--set dev|heldout|heldout2..heldout6]
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from bot.text import fold
from index.nlp import load_nlp
from index.quotes import extract_quotes

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", choices=["dev", "heldout"] + [f"heldout{i}" for i in range(2, 7)], default="dev",
                    help="dev: the six evaluation articles + the starter gold (seen while building the "
                         "extractor); heldout: articles written blind afterwards; heldout2 to heldout6: "
                         "articles written blind by someone who never saw the code")
    args = ap.parse_args()
    folder = ROOT / "eval" / ("articles" if args.set == "dev" else args.set)
    gold_dir = ROOT / "eval" if args.set == "dev" else folder
    gold = []
    for path in sorted(gold_dir.glob("quotes_gold_*.jsonl")):
        gold += [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    paths = {p.stem: p for p in folder.glob("*.txt")}
    if args.set == "dev":
        gold += [{**json.loads(line), "article": "seed", "case": "starter"}
                 for line in (SHARED / "eval/quotes_gold.jsonl").read_text().splitlines() if line.strip()]
        paths["seed"] = SHARED / "seed/article.txt"
    nlp = load_nlp()
    records = {name: extract_quotes(nlp(path.read_text())) for name, path in paths.items()}
    per_case: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # hits, gold, right matches, matches
    for g in gold:
        matches = [r for r in records[g["article"]] if fold(g["quote"]) in fold(r.quote)]
        right = [r for r in matches if fold(g["speaker"]) in fold(r.speaker)]
        for case in (g.get("case", "other"), "ALL"):
            c = per_case[case]
            c[0] += bool(right)
            c[1] += 1
            c[2] += len(right)
            c[3] += len(matches)
        if not right:
            got = [r.speaker for r in matches]
            print(f"MISS {g['article']} {g['quote']!r}: want {g['speaker']}, got {got}")
    print(f"{'case':<16}{'recall':>14}{'precision':>16}")
    for case, (hits, n, right, matched) in sorted(per_case.items(), key=lambda x: (x[0] == "ALL", x[0])):
        prec = f"{right}/{matched} = {right / matched:.0%}" if matched else "n/a"
        print(f"{case:<16}{f'{hits}/{n} = {hits / n:.0%}':>14}{prec:>16}")
    total = sum(len(r) for r in records.values())
    print(f"{total} quote records extracted from {len(records)} articles")


if __name__ == "__main__":
    main()
