"""Score single-turn questions of every evaluation set quickly: ingest each article once, then ask.

Usage: .venv/bin/python eval/quick.py [--types summary,fact,...] [--data DIR] [--show]
Uses the shared scorer's own check(), so a question passes here as it does in eval/run.sh. Articles stay
ingested in DIR between runs, so only the answering is re-run; re-ingesting unchanged text is a no-op,
so after a change to ingest (chunking, quote rules) pass a new --data.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETS = {
    "own": (ROOT / "eval/articles", sorted(ROOT.glob("eval/questions_*.jsonl"))),
    **{
        s: (ROOT / f"eval/{s}", sorted(ROOT.glob(f"eval/{s}/questions_*.jsonl")))
        for s in ("heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7")
    },
}


def main() -> None:
    """Ingest, ask the questions in one batch per article, print pass/fail per question."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="/tmp/newsbot-quick")
    ap.add_argument("--show", action="store_true", help="print each answer")
    ap.add_argument("--types", default="summary", help="question types to ask (single-turn only)")
    args = ap.parse_args()
    spec = importlib.util.spec_from_file_location("score", ROOT.parent / "shared/eval/score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    env = {**os.environ, "NEWSBOT_DATA_DIR": args.data}
    nb = str(ROOT / ".venv/bin/newsbot")
    total = passed = 0
    points = [0, 0]  # key points covered, key points written
    for name, (folder, files) in SETS.items():
        qs = [json.loads(line) for f in files for line in f.read_text().splitlines() if line.strip()]
        qs = [q for q in qs if q["type"] in args.types.split(",") and len(q["turns"]) == 1]
        ok = 0
        for art in sorted({q["article"] for q in qs}):
            col = f"q-{art.replace('_', '-')}"
            subprocess.run(
                [nb, "ingest", str(folder / f"{art}.txt"), "--collection", col, "--json"],
                env=env,
                check=True,
                capture_output=True,
            )
            mine = [q for q in qs if q["article"] == art]
            lines = "".join(json.dumps({"question": q["turns"][-1]}) + "\n" for q in mine)
            out = subprocess.run(
                [nb, "ask", "--json", "--collection", col],
                input=lines,
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout.splitlines()
            for q, raw in zip(mine, out, strict=True):
                ans = json.loads(raw)
                problems = score.check(q, ans)
                if "expect_k_of" in q:
                    groups = q["expect_k_of"][1]
                    text = score.norm(ans["answer"])
                    hit = sum(any(score.norm(w) in text for w in g) for g in groups)
                    points[0] += hit
                    points[1] += len(groups)
                ok += not problems
                mark = "ok  " if not problems else "FAIL"
                print(f"{mark} {q['id']} {len(ans['answer'])}c {'; '.join(problems)[:200]}")
                if args.show:
                    print("   ", ans["answer"].replace("\n", "\n    "))
        print(f"== {name}: {ok}/{len(qs)}")
        total += len(qs)
        passed += ok
    print(f"== all: {passed}/{total}; key points covered {points[0]}/{points[1]}")


if __name__ == "__main__":
    main()
