"""Record every summary the evaluation articles get, to tell whether a refactoring changed any of them.

Usage: PYTHONPATH=. .venv/bin/python eval/golden_summaries.py OUT.jsonl

Each article (the seed, eval/articles, eval/heldout*) is ingested into its own fresh data folder through
the product's factory, as `newsbot ingest` does; then its default summary (`newsbot summary`) and the
answer to each of its "summary" questions (`newsbot ask`, every turn in one session) are written as JSON
lines. Run it before and after a change and compare the two files byte for byte.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def article_sets() -> list[tuple[str, list[Path], list[Path]]]:
    """Return each set's name, articles and question files."""
    sets = [
        ("seed", [SHARED / "seed/article.txt"], [SHARED / "eval/questions.jsonl"]),
        ("own", sorted((ROOT / "eval/articles").glob("*.txt")), sorted(ROOT.glob("eval/questions_*.jsonl"))),
    ]
    for folder in sorted(ROOT.glob("eval/heldout*")):
        sets.append((folder.name, sorted(folder.glob("*.txt")), sorted(folder.glob("questions_*.jsonl"))))
    return sets


def summary_questions(files: list[Path], article: str, only_article: bool) -> list[dict[str, Any]]:
    """Return the summary questions of `article` (the seed's questions name no article)."""
    out = []
    for f in files:
        if not f.exists():
            continue
        for line in f.read_text().splitlines():
            if not line.strip():
                continue
            q = json.loads(line)
            if q["type"] == "summary" and (only_article or q.get("article") == article):
                out.append(q)
    return out


def main() -> int:
    """Ingest each article alone, summarise it, ask its summary questions, write JSON lines."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, help="JSON lines file to write (keep it outside the repository)")
    args = ap.parse_args()

    import index.embeddings
    import index.nlp
    from bot.factory import build_ingestor, build_service, build_store, configure_environment
    from bot.settings import Settings

    configure_environment()
    # Models load once for all articles: the factory asks for them by name, and gets the same objects.
    index.embeddings.make_embeddings = functools.lru_cache(maxsize=None)(index.embeddings.make_embeddings)
    index.nlp.load_nlp = functools.lru_cache(maxsize=1)(index.nlp.load_nlp)

    lines = 0
    with args.out.open("w", encoding="utf-8") as out, tempfile.TemporaryDirectory() as tmp:
        for set_name, articles, qfiles in article_sets():
            for path in articles:
                name = path.stem
                settings = Settings(data_dir=Path(tmp) / f"{set_name}-{name}", collection="golden")
                store = build_store(settings)
                done, skipped = build_ingestor(settings, store).ingest([str(path)])
                if skipped or not done:
                    print(f"{path}: not ingested: {skipped}", file=sys.stderr)
                    return 1
                service = build_service(settings, store=store)
                rows = [
                    {
                        "set": set_name,
                        "article": name,
                        "ask": "summary()",
                        "answer": service.summary().to_json(),
                    }
                ]
                for q in summary_questions(qfiles, name, only_article=set_name == "seed"):
                    session = f"golden-{q['id']}"
                    for i, turn in enumerate(q["turns"]):
                        answer = service.ask(turn, session)
                        rows.append(
                            {
                                "set": set_name,
                                "article": name,
                                "id": q["id"],
                                "turn": i,
                                "ask": turn,
                                "answer": answer.to_json(),
                            }
                        )
                for row in rows:
                    out.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
                lines += len(rows)
                print(f"{set_name}/{name}: {len(rows)} answers", file=sys.stderr)
    print(f"{lines} answers written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
