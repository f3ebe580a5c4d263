"""Score a file written by eval/golden.py with the shared scorer's rules: one pass/fail per question.

Usage: .venv/bin/python eval/golden_score.py GOLDEN.jsonl [GOLDEN_B.jsonl]
With two files, prints both side by side per set and lists the questions whose verdict differs.
Fast (no model): golden.py already holds every answer, so a change to answering is judged on our own
sets in the time golden.py takes to run, without the CLI round trips of eval/run.sh.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def questions() -> dict[tuple[str, str], dict[str, Any]]:
    """Return every question of our sets by (set, id)."""
    files = [("seed", SHARED / "eval/questions.jsonl")]
    files += [("own", f) for f in sorted(ROOT.glob("eval/questions_*.jsonl"))]
    for folder in sorted(ROOT.glob("eval/heldout*")):
        files += [(folder.name, f) for f in sorted(folder.glob("questions_*.jsonl"))]
    out = {}
    for name, f in files:
        for line in f.read_text().splitlines():
            if line.strip():
                q = json.loads(line)
                out[(name, q["id"])] = q
    return out


def verdicts(
    path: Path, scorer: Any, qs: dict[tuple[str, str], dict[str, Any]]
) -> dict[tuple[str, str], bool]:
    """Return pass/fail of each question's last turn in a golden file."""
    last: dict[tuple[str, str], tuple[int, dict[str, Any]]] = {}
    for line in path.read_text().splitlines():
        d = json.loads(line)
        if d.get("record") != "ask":
            continue
        key = (d["set"], d["id"])
        if key not in last or d["turn"] > last[key][0]:
            last[key] = (d["turn"], d["answer"])
    return {k: not scorer.check(qs[k], a) for k, (_, a) in last.items() if k in qs}


def main() -> None:
    """Print pass counts per set (and the differences between two files)."""
    spec = importlib.util.spec_from_file_location("score", SHARED / "eval/score.py")
    assert spec and spec.loader
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    qs = questions()
    runs = [verdicts(Path(p), scorer, qs) for p in sys.argv[1:]]
    sets = sorted({k[0] for r in runs for k in r})
    for s in sets:
        cells = []
        for r in runs:
            mine = [v for k, v in r.items() if k[0] == s]
            cells.append(f"{sum(mine)}/{len(mine)}")
        print(f"{s:10} " + "  ".join(cells))
    totals = [f"{sum(r.values())}/{len(r)}" for r in runs]
    print(f"{'all':10} " + "  ".join(totals))
    by_type: dict[str, list[list[bool]]] = defaultdict(lambda: [[] for _ in runs])
    for i, r in enumerate(runs):
        for k, v in r.items():
            by_type[qs[k]["type"]][i].append(v)
    for t, cols in sorted(by_type.items()):
        print(f"  {t:12} " + "  ".join(f"{sum(c)}/{len(c)}" for c in cols))
    if len(runs) == 2:
        for k in sorted(set(runs[0]) & set(runs[1])):
            if runs[0][k] != runs[1][k]:
                print(("lost " if runs[0][k] else "won  ") + f"{k[0]}:{k[1]} {qs[k]['turns'][-1]!r}")


if __name__ == "__main__":
    main()
