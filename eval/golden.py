"""Record every answer and quote record the evaluation articles get, to tell what a refactoring changed.

Usage: PYTHONPATH=. .venv/bin/python eval/golden.py OUT.jsonl [--only SET ...]

Each article of each evaluation set (the seed with the shared questions, eval/articles with
eval/questions_*.jsonl, each eval/heldout*/ folder with its questions_*.jsonl) is ingested alone into its own
fresh data folder through the product's factory, as `newsbot ingest` does. Then, as JSON lines (keys
sorted), in this order:

- `"record": "summary"`: the default summary (`newsbot summary`);
- `"record": "ask"`: every turn of every question about that article, whatever its type, each question's
  turns asked in order in one session of their own (`newsbot ask`), with the answer's JSON
  (`answer.to_json()`) and the speakers it was about (kept in the session, they steer the next turn);
- `"record": "quote"`: every quote record of the article (`newsbot quotes`), in order.

A question or summary that raises is recorded with its error instead of the answer, so one broken answer
does not hide the others. The script uses only what the factory and the service have offered since before
the re-cut into stages (build_store, build_ingestor, build_service(settings, store=...), ask, summary,
quotes), so the same file runs on either side of a refactoring: run it before and after a change (for an
older commit, from a worktree of it with PYTHONPATH and the working directory set to that worktree) and
compare the two files; lines are keyed by set, article, record, id and turn (or quote index `i`).
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
import tempfile
import traceback
from collections.abc import Callable
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


def read_questions(files: list[Path]) -> list[dict[str, Any]]:
    """Return every question of these files, in file order."""
    out = []
    for f in files:
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(json.loads(line))
    return out


def questions_of(questions: list[dict[str, Any]], article: str, single: bool) -> list[dict[str, Any]]:
    """Return the questions about `article` (a set of one article, the seed, names none)."""
    return [q for q in questions if (single and "article" not in q) or q.get("article") == article]


def attempt(fn: Callable[[], Any]) -> tuple[Any, str | None]:
    """Call `fn`; return its result, or None and the error's last line."""
    try:
        return fn(), None
    except Exception as e:  # a crash is an output like any other here
        last = traceback.extract_tb(e.__traceback__)[-1]
        return None, f"{type(e).__name__}: {e} ({Path(last.filename).name}:{last.lineno})"


def outcome(answer: Any, error: str | None) -> dict[str, Any]:
    """Return an answer's fields of a line: its JSON and speakers, or the error instead."""
    if error:
        return {"error": error}
    return {"answer": answer.to_json(), "speakers": list(answer.speakers)}


def main() -> int:
    """Ingest each article alone, summarise it, ask all its questions, list its quotes; write JSON lines."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, help="JSON lines file to write (keep it outside the repository)")
    ap.add_argument("--only", nargs="*", default=None, help="only these sets (seed, own, heldout, …)")
    args = ap.parse_args()

    import index.embeddings
    import index.nlp
    from bot.factory import build_ingestor, build_service, build_store, configure_environment
    from bot.settings import Settings

    configure_environment()
    # Models load once for all articles: the factory asks for them by name, and gets the same objects.
    index.embeddings.make_embeddings = functools.lru_cache(maxsize=None)(index.embeddings.make_embeddings)
    index.nlp.load_nlp = functools.lru_cache(maxsize=1)(index.nlp.load_nlp)

    import bot

    print(f"bot imported from {Path(bot.__file__).parent}", file=sys.stderr)
    counts = {"summary": 0, "ask": 0, "quote": 0, "error": 0}
    with args.out.open("w", encoding="utf-8") as out, tempfile.TemporaryDirectory() as tmp:
        for set_name, articles, qfiles in article_sets():
            if args.only is not None and set_name not in args.only:
                continue
            questions = read_questions(qfiles)
            names = {p.stem for p in articles}
            orphans = [
                q["id"]
                for q in questions
                if q.get("article") not in names and not ("article" not in q and len(articles) == 1)
            ]
            if orphans:
                print(f"{set_name}: questions about no article of the set: {orphans}", file=sys.stderr)
                return 1
            for path in articles:
                name = path.stem
                # The product's defaults, whatever the environment or a .env file says.
                settings = Settings(
                    _env_file=None,
                    data_dir=Path(tmp) / f"{set_name}-{name}",
                    collection="golden",
                    answerer="extractive",
                )
                store = build_store(settings)
                done, skipped = build_ingestor(settings, store).ingest([str(path)])
                if skipped or not done:
                    print(f"{path}: not ingested: {skipped}", file=sys.stderr)
                    return 1
                service = build_service(settings, store=store)
                base = {"set": set_name, "article": name}
                rows: list[dict[str, Any]] = []

                answer, error = attempt(service.summary)
                rows.append({**base, "record": "summary", "ask": "summary()", **outcome(answer, error)})
                for q in questions_of(questions, name, single=len(articles) == 1):
                    session = f"golden-{q['id']}"
                    for i, turn in enumerate(q["turns"]):
                        answer, error = attempt(functools.partial(service.ask, turn, session))
                        asked = {"record": "ask", "id": q["id"], "type": q["type"], "turn": i, "ask": turn}
                        rows.append({**base, **asked, **outcome(answer, error)})
                records, error = attempt(service.quotes)
                if error:
                    rows.append({**base, "record": "quote", "i": -1, "error": error})
                for i, record in enumerate(records or []):
                    rows.append({**base, "record": "quote", "i": i, "quote": record})

                for row in rows:
                    out.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
                    counts[row["record"]] += 1
                    counts["error"] += "error" in row
                print(
                    f"{set_name}/{name}: {sum(r['record'] != 'quote' for r in rows)} answers, "
                    f"{sum(r['record'] == 'quote' for r in rows)} quote records",
                    file=sys.stderr,
                )
    print(
        f"{args.out}: {counts['summary']} summaries, {counts['ask']} answered turns, {counts['quote']} quote "
        f"records, {counts['error']} errors",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
