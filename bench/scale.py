"""Scale benchmark: ingest rate, per-question latency and memory at 10, 100 and 1,000 articles.

Not a test. It writes real-like articles by varying the texts newsbot may ship (the bundled article,
the tests' and evaluation's own articles): every capitalised name and place is swapped for one Faker
invents (the same swap throughout an article) and every number for another of as many digits. The
originals go in first, so the evaluation questions have their article. Then, in one run, side by side:

- ingest articles/s, in batches of 10 through the product's ingestor, for the batch ending at each size;
- warm per-question latency (p50/p95) of the evaluation questions, scoped (`ask --doc`, the question's
  own article) and unscoped (the whole collection), in a fresh process per size whose peak RSS is
  reported;
- at `--batch-at` articles (~330): a JSON-lines batch of `--batch-questions` questions through
  `newsbot ask --json`, start-up included, scoped and unscoped (ms per question, peak RSS).

Usage: .venv/bin/python bench/scale.py [--sizes 10,100,1000] [--batch-at 330] [--data DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
NEWSBOT = [sys.executable, "-m", "bot.cli"]
# Capitalised words that are not names: left as they are so the text still reads as English.
KEEP = frozenset(
    """A An The He She It They We I You His Her Its Their Our My This That These Those There Here But And Or
    If When While After Before As At In On Of For From To By With Without Mr Mrs Ms Dr Sir Monday Tuesday
    Wednesday Thursday Friday Saturday Sunday January February March April May June July August September
    October November December Minister President Prime Chief Police Council Court City Government Ministry
    North South East West New Not No Yes Last Next One Two Three Four Five Six Seven Eight Nine Ten Some
    Many Most All Every Each Both Such Then Now Still Yet So Also Asked Speaking Asked""".split()
)
_WORD = re.compile(r"(?<![\w’'])([A-Z][a-z]{2,})(?![\w])")
_NUMBER = re.compile(r"\d+")


def base_articles() -> list[tuple[str, str]]:
    """Return (name, text) of every article newsbot may ship or tests with."""
    paths = [ROOT / "data/article.txt", ROOT / "tests/e2e/tram_article.txt"]
    paths += sorted((ROOT / "eval/articles").glob("*.txt"))
    paths += sorted(ROOT.glob("eval/heldout*/*.txt"))
    return [(p.stem, p.read_text(encoding="utf-8")) for p in paths]


def vary(text: str, rng: random.Random, fake: Any) -> str:
    """Return the article with its names, places and numbers swapped, consistently within it."""
    names: dict[str, str] = {}

    def name(m: re.Match[str]) -> str:
        word = m.group(1)
        if word in KEEP:
            return word
        if word not in names:
            before = text[max(0, m.start() - 4) : m.start()]
            # After "in", "at" or "from" a capitalised word is usually a place.
            names[word] = (
                fake.city().split()[0] if re.search(r"\b(in|at|from) $", before) else fake.last_name()
            )
        return names[word]

    def number(m: re.Match[str]) -> str:
        digits = m.group(0)
        if len(digits) == 1:
            return str(rng.randint(2, 9))
        return str(rng.randint(10 ** (len(digits) - 1), 10 ** len(digits) - 1))

    return _NUMBER.sub(number, _WORD.sub(name, text))


def generate(n: int, folder: Path, seed: int = 13) -> list[Path]:
    """Write `n` articles into `folder`: the originals first, then variants of them in turn."""
    from faker import Faker

    fake = Faker(["en_GB", "en_US", "it_IT", "de_DE", "fr_FR"])
    Faker.seed(seed)
    rng = random.Random(seed)
    bases = base_articles()
    out = []
    for i in range(n):
        stem, text = bases[i % len(bases)]
        body = text if i < len(bases) else vary(text, rng, fake)
        path = folder / f"{i:04d}_{stem}.txt"
        path.write_text(body, encoding="utf-8")
        out.append(path)
    return out


def questions(limit: int) -> list[dict[str, Any]]:
    """Return up to `limit` first turns of the evaluation questions, spread evenly, with their article."""
    out = []
    for path in sorted((ROOT / "eval").glob("questions_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                q = json.loads(line)
                out.append({"question": q["turns"][0], "article": q["article"]})
    step = max(1, len(out) / limit)
    return [out[int(i * step)] for i in range(min(limit, len(out)))]


def percentile(xs: list[float], p: float) -> float:
    """Return the nearest-rank percentile `p` (0-100) of `xs`."""
    s = sorted(xs)
    return s[max(0, round(p / 100 * len(s)) - 1)]


def run_measured(cmd: list[str], env: dict[str, str], stdin: str = "") -> tuple[str, float, float]:
    """Run a command; return its stdout, wall seconds and peak RSS in MB (that process alone)."""
    with tempfile.TemporaryFile("w+") as fin, tempfile.TemporaryFile("w+") as fout:
        fin.write(stdin)
        fin.seek(0)
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=fin, stdout=fout, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            raise RuntimeError(f"{cmd} exited {proc.returncode}")
        fout.seek(0)
        return fout.read(), wall, usage.ru_maxrss / 1024


def worker(doc_ids: dict[str, str], n_questions: int) -> dict[str, Any]:
    """Time every question warm, scoped and unscoped, in this process; report p50/p95 in ms."""
    from bot.factory import build_service
    from bot.settings import Settings

    service = build_service(Settings())
    qs = [q for q in questions(n_questions) if q["article"] in doc_ids]
    out: dict[str, Any] = {"questions": len(qs)}
    for label, scoped in (("scoped", True), ("unscoped", False)):
        for q in qs[:5]:  # warm: models loaded, indexes opened
            service.ask(q["question"], doc_id=doc_ids[q["article"]] if scoped else None)
        times = []
        for q in qs:
            t = time.perf_counter()
            service.ask(q["question"], doc_id=doc_ids[q["article"]] if scoped else None)
            times.append(1000 * (time.perf_counter() - t))
        out[label] = {"p50": statistics.median(times), "p95": percentile(times, 95)}
    return out


def main() -> None:
    """Generate, ingest and measure at each size; print a Markdown table and write the figures."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10,100,1000")
    ap.add_argument("--batch-at", type=int, default=330)
    ap.add_argument("--batch-questions", type=int, default=74)
    ap.add_argument("--questions", type=int, default=60, help="questions timed warm at each size")
    ap.add_argument("--data", help="data folder (default: a new temporary one)")
    ap.add_argument("--out", default=str(ROOT / "bench/scale_results.json"))
    ap.add_argument("--worker", help=argparse.SUPPRESS)  # JSON of doc ids: time questions in this process
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(worker(json.loads(args.worker), args.questions)))
        return
    sizes = sorted({int(s) for s in args.sizes.split(",")})
    stops = sorted({*sizes, args.batch_at} - {0})
    data = Path(args.data or tempfile.mkdtemp(prefix="newsbot-scale-"))
    folder = data / "articles"
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "NEWSBOT_DATA_DIR": str(data / "store"), "HF_HUB_OFFLINE": "1"}
    os.environ.update(env)
    articles = generate(stops[-1], folder)
    originals = {stem for stem, _ in base_articles()}

    from bot.factory import build_ingestor, build_store
    from bot.settings import Settings

    settings = Settings()
    store = build_store(settings)
    ingestor = build_ingestor(settings, store)
    ingestor.nlp  # noqa: B018 - spaCy loads outside the timed part
    ingestor.encoder.embed_array(["warm up"])
    doc_ids: dict[str, str] = {}
    rows: dict[int, dict[str, Any]] = {}
    done = 0
    for stop in stops:
        rate = 0.0
        while done < stop:
            batch = articles[done : min(stop, done + 10)]
            t = time.perf_counter()
            got, skipped = ingestor.ingest([str(p) for p in batch])
            rate = len(batch) / (time.perf_counter() - t)
            assert not skipped, skipped
            for item in got:
                stem = Path(item.source).stem.split("_", 1)[1]
                if stem in originals and stem not in doc_ids:
                    doc_ids[stem] = item.doc_id
            done += len(batch)
            print(f"  {done} articles, last batch {rate:.2f} articles/s", file=sys.stderr, flush=True)
        row: dict[str, Any] = {"articles": stop, "ingest_per_s": rate}
        if stop in sizes:
            out, _, rss = run_measured(
                [
                    sys.executable,
                    __file__,
                    "--worker",
                    json.dumps(doc_ids),
                    "--questions",
                    str(args.questions),
                ],
                env,
            )
            row.update(json.loads(out), rss_mb=rss)
        if stop == args.batch_at:
            qs = [q for q in questions(args.batch_questions) if q["article"] in doc_ids]
            for label, scoped in (("batch_scoped", True), ("batch_unscoped", False)):
                lines = "".join(
                    json.dumps(
                        {"id": i, "question": q["question"], "doc": doc_ids[q["article"]] if scoped else None}
                    )
                    + "\n"
                    for i, q in enumerate(qs)
                )
                out, wall, rss = run_measured([*NEWSBOT, "ask", "--json"], env, lines)
                answers = [json.loads(line) for line in out.splitlines() if line.strip()]
                assert len(answers) == len(qs), (len(answers), len(qs))
                row[label] = {"ms_per_q": 1000 * wall / len(qs), "rss_mb": rss, "questions": len(qs)}
        rows[stop] = row
        print(json.dumps(row), file=sys.stderr, flush=True)
    Path(args.out).write_text(json.dumps(list(rows.values()), indent=1) + "\n", encoding="utf-8")
    print(table(list(rows.values())))


def table(rows: list[dict[str, Any]]) -> str:
    """Render the figures as the README's Markdown table."""
    lines = [
        "| articles | ingest art/s | scoped p50 / p95 ms | unscoped p50 / p95 ms | peak RSS MB |",
        "|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        if "scoped" not in r:
            continue
        s, u = r["scoped"], r["unscoped"]
        lines.append(
            f"| {r['articles']} | {r['ingest_per_s']:.2f} | {s['p50']:.0f} / {s['p95']:.0f} "
            f"| {u['p50']:.0f} / {u['p95']:.0f} | {r['rss_mb']:.0f} |"
        )
    for r in rows:
        for label in ("batch_scoped", "batch_unscoped"):
            if label in r:
                b = r[label]
                lines.append(
                    f"\n{label.replace('_', ' ')} at {r['articles']} articles: "
                    f"{b['ms_per_q']:.0f} ms/question "
                    f"over {b['questions']} questions (start-up included), peak RSS {b['rss_mb']:.0f} MB"
                )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
