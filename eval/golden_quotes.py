"""Write every quote record extracted from a set of articles, to diff the extractor before and after a change.

The text goes through the same steps as ingest: `index.readers.load_article` (which normalises line
ends and trims the text), the pipeline from `index.nlp.load_nlp`, then `index.quotes.extract_quotes`.
Each file gives a header line and one line per record (every `Quote` field, JSON with sorted keys), in
file-name order; warnings the extractor logs (a record lost to an odd parse) are written too, since a
refactoring that breaks one rule shows up there first.

Usage: PYTHONPATH=. .venv/bin/python eval/golden_quotes.py OUT.jsonl [FILE_OR_FOLDER ...]
Write OUT outside the repository: the shared/real texts are licensed for evaluation only, and the
records quote them.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import sys
from pathlib import Path

from index.nlp import load_nlp
from index.quotes import extract_quotes
from index.readers import load_article

ROOT = Path(__file__).resolve().parent.parent
DEFAULTS = [
    Path("/work/shared/seed/article.txt"),
    ROOT / "eval" / "articles",
    *sorted((ROOT / "eval").glob("heldout*")),
    Path("/work/shared/real/quotes/dev"),
]


class _Collect(logging.Handler):
    """Keep the extractor's log messages (not the logger name: modules may move)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


def _files(sources: list[Path]) -> list[Path]:
    out: list[Path] = []
    for src in sources:
        out.extend(sorted(src.glob("*.txt")) if src.is_dir() else [src])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, help="output file (JSON lines), outside the repository")
    ap.add_argument("sources", nargs="*", type=Path, help="files or folders of .txt (default: the eval sets)")
    args = ap.parse_args()
    if args.out.resolve().is_relative_to(ROOT):
        sys.exit(f"{args.out}: write the golden output outside the repository")
    files = _files(args.sources or DEFAULTS)
    nlp = load_nlp()
    handler = _Collect()
    logger = logging.getLogger("index.quotes")
    logger.addHandler(handler)
    total = 0
    with args.out.open("w", encoding="utf-8") as out:
        for path in files:
            handler.messages.clear()
            doc = nlp(load_article(str(path)).text)
            records = extract_quotes(doc)
            total += len(records)
            name = f"{path.parent.name}/{path.name}"
            out.write(json.dumps({"file": name, "records": len(records)}, sort_keys=True) + "\n")
            for q in records:
                record = {"file": name, **dataclasses.asdict(q)}
                out.write(json.dumps(record, sort_keys=True, ensure_ascii=False) + "\n")
            for msg in handler.messages:
                out.write(json.dumps({"file": name, "log": msg}, sort_keys=True, ensure_ascii=False) + "\n")
    print(f"{len(files)} files, {total} records -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
