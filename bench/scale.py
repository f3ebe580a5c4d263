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
           [--before CHECKOUT] [--phase all|ingest|measure]
`--before` names a checkout of older code (e.g. `git worktree add /tmp/before main`): it answers the same
questions on the same stores, and ingests 10 articles of its own at each size. `--phase ingest` builds
the stores (a copy at each size, under DIR), `--phase measure` asks the questions on them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
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


def run_measured(
    cmd: list[str], env: dict[str, str], stdin: str = "", cwd: Path = ROOT
) -> tuple[str, float, float]:
    """Run a command; return its stdout, wall seconds and peak RSS in MB (that process alone)."""
    with tempfile.TemporaryFile("w+") as fin, tempfile.TemporaryFile("w+") as fout:
        fin.write(stdin)
        fin.seek(0)
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=fin, stdout=fout, stderr=subprocess.DEVNULL, env=env, cwd=cwd)
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


def ingest_worker(paths: list[str]) -> dict[str, Any]:
    """Ingest these files in batches of 10 in this process (models loaded first); report each batch's rate."""
    from bot.factory import build_ingestor, build_store
    from bot.settings import Settings

    settings = Settings()
    store = build_store(settings)
    if hasattr(store, "sync_lexical"):  # older code (`--before`) has no word index
        store.sync_lexical()  # articles another newsbot wrote: indexed before the timed part
    ingestor = build_ingestor(settings, store)
    ingestor.nlp  # noqa: B018 - spaCy loads outside the timed part
    ingestor.encoder.embed_array(["warm up"])
    rates, ids = [], {}
    for i in range(0, len(paths), 10):
        batch = paths[i : i + 10]
        t = time.perf_counter()
        done, skipped = ingestor.ingest(batch)
        rates.append(len(batch) / (time.perf_counter() - t))
        assert not skipped, skipped
        ids.update({Path(d.source).name: d.doc_id for d in done})
    return {"rates": rates, "ids": ids}


def code_env(env: dict[str, str], code: Path | None) -> tuple[dict[str, str], Path]:
    """Return the environment and working folder that run the newsbot of `code` (None: this checkout)."""
    if code is None:
        return env, ROOT
    return {**env, "PYTHONPATH": str(code)}, code


def main() -> None:
    """Generate, ingest and measure at each size; print a Markdown table and write the figures."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10,100,1000")
    ap.add_argument("--batch-at", type=int, default=330)
    ap.add_argument("--batch-questions", type=int, default=74)
    ap.add_argument("--questions", type=int, default=60, help="questions timed warm at each size")
    ap.add_argument("--before", help="a checkout of the code to compare with (e.g. a worktree of main)")
    ap.add_argument("--data", help="data folder (default: a new temporary one)")
    ap.add_argument("--out", default=str(ROOT / "bench/scale_results.json"))
    ap.add_argument("--phase", choices=("all", "ingest", "measure"), default="all")
    ap.add_argument("--worker", help=argparse.SUPPRESS)  # JSON of doc ids: time questions in this process
    ap.add_argument("--ingest", nargs="*", help=argparse.SUPPRESS)  # ingest these files in this process
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(worker(json.loads(args.worker), args.questions)))
        return
    if args.ingest is not None:
        print(json.dumps(ingest_worker(args.ingest)))
        return
    data = Path(args.data or tempfile.mkdtemp(prefix="newsbot-scale-"))
    before = Path(args.before).resolve() if args.before else None
    if args.phase in ("all", "ingest"):
        ingest_phase(args, data, before)
    if args.phase in ("all", "measure"):
        rows = measure_phase(args, data, before)
        Path(args.out).write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
        print(table(rows))


def stops_of(args: argparse.Namespace) -> tuple[list[int], list[int]]:
    """Return the sizes measured warm and every size the run stops at (those and the batch's)."""
    sizes = sorted({int(s) for s in args.sizes.split(",")})
    return sizes, sorted({*sizes, args.batch_at} - {0})


def ingest_phase(args: argparse.Namespace, data: Path, before: Path | None) -> None:
    """Ingest up to each stop, keeping a copy of the store there; the code compared with ingests 10 more.

    The copies let the questions be asked later, each size in a fresh process, without a writer about.
    """
    _, stops = stops_of(args)
    folder = data / "articles"
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "NEWSBOT_DATA_DIR": str(data / "store"), "HF_HUB_OFFLINE": "1"}
    articles = generate(stops[-1] + (10 if before else 0), folder)
    originals = {stem for stem, _ in base_articles()}
    state: dict[str, Any] = {"doc_ids": {}, "stops": []}

    def ingest(paths: list[Path], code: Path | None) -> list[float]:
        # Each ingest runs in a process of its own: Chroma's embedded store has one writer at a time.
        cenv, cwd = code_env(env, code)
        out, _, _ = run_measured([sys.executable, __file__, "--ingest", *map(str, paths)], cenv, cwd=cwd)
        got = json.loads(out)
        for name, doc_id in got["ids"].items():
            stem = Path(name).stem.split("_", 1)[1]
            if stem in originals and stem not in state["doc_ids"]:
                state["doc_ids"][stem] = doc_id
        return got["rates"]

    done = 0
    for stop in stops:
        # The articles the code compared with ingested after the last stop count towards this one.
        rates = ingest(articles[done:stop], None)
        print(f"  {stop} articles: {rates[-1]:.2f} articles/s", file=sys.stderr, flush=True)
        done = stop
        snap = data / f"snap-{stop}"
        shutil.rmtree(snap, ignore_errors=True)
        shutil.copytree(data / "store", snap)
        entry = {"stop": stop, "articles": done, "snapshot": str(snap), "after_ingest": rates[-1]}
        if before:
            entry["before_ingest"] = ingest(articles[done : done + 10], before)[-1]
            done += 10
        state["stops"].append(entry)
        (data / "state.json").write_text(json.dumps(state, indent=1), encoding="utf-8")


def measure_phase(args: argparse.Namespace, data: Path, before: Path | None) -> list[dict[str, Any]]:
    """Ask the questions at each stop's copy of the store, with this code and the code compared with."""
    sizes, _ = stops_of(args)
    state = json.loads((data / "state.json").read_text(encoding="utf-8"))
    doc_ids = state["doc_ids"]
    codes: list[tuple[str, Path | None]] = [("after", None), *([("before", before)] if before else [])]
    rows = []
    for entry in state["stops"]:
        stop = entry["stop"]
        env = {**os.environ, "NEWSBOT_DATA_DIR": entry["snapshot"], "HF_HUB_OFFLINE": "1"}
        row: dict[str, Any] = {
            "articles": entry["articles"],
            "after": {"ingest_per_s": entry["after_ingest"]},
        }
        if before:
            row["before"] = {"ingest_per_s": entry.get("before_ingest", 0.0)}
        for label, code in codes:
            cenv, cwd = code_env(env, code)
            if stop in sizes:
                cmd = [
                    sys.executable,
                    __file__,
                    "--worker",
                    json.dumps(doc_ids),
                    "--questions",
                    str(args.questions),
                ]
                try:
                    out, _, rss = run_measured(cmd, cenv, cwd=cwd)
                except RuntimeError as exc:  # the older code may not cope with this many articles at all
                    row[label]["failed"] = str(exc)[-200:]
                else:
                    row[label].update(json.loads(out), rss_mb=rss)
            if stop == args.batch_at:
                qs = [q for q in questions(args.batch_questions) if q["article"] in doc_ids]
                for kind, scoped in (("batch_scoped", True), ("batch_unscoped", False)):
                    lines = "".join(
                        json.dumps(
                            {
                                "id": i,
                                "question": q["question"],
                                "doc": doc_ids[q["article"]] if scoped else None,
                            }
                        )
                        + "\n"
                        for i, q in enumerate(qs)
                    )
                    try:
                        out, wall, rss = run_measured([*NEWSBOT, "ask", "--json"], cenv, lines, cwd=cwd)
                    except RuntimeError as exc:
                        row[label][kind] = {"failed": str(exc)[-200:]}
                        continue
                    answers = [json.loads(line) for line in out.splitlines() if line.strip()]
                    assert len(answers) == len(qs), (len(answers), len(qs))
                    row[label][kind] = {
                        "ms_per_q": 1000 * wall / len(qs),
                        "rss_mb": rss,
                        "questions": len(qs),
                    }
            print(json.dumps({label: row[label], "articles": row["articles"]}), file=sys.stderr, flush=True)
        rows.append(row)
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    """Render the figures as the README's Markdown table (before → after where both were measured)."""

    def pair(row: dict[str, Any], get: Any, fmt: str = "{:.0f}") -> str:
        shown = []
        for k in ("before", "after"):
            value = get(row[k]) if k in row else None
            if value is not None:
                shown.append(fmt.format(value))
            elif k in row and "failed" in row[k]:
                shown.append("fails")
        return " → ".join(shown) if shown else "–"

    def safe(f: Any) -> Any:
        def get(r: dict[str, Any]) -> Any:
            try:
                return f(r)
            except KeyError:
                return None

        return get

    def ms(key: str, q: str) -> str:
        return pair(row, safe(lambda x: x[key][q]))

    lines = [
        "| articles | ingest art/s | scoped p50 / p95 ms | unscoped p50 / p95 ms | peak RSS MB |",
        "|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        if "scoped" not in row["after"]:
            continue
        lines.append(
            f"| {row['articles']} | {pair(row, safe(lambda x: x['ingest_per_s']), '{:.2f}')} "
            f"| {ms('scoped', 'p50')} / {ms('scoped', 'p95')} "
            f"| {ms('unscoped', 'p50')} / {ms('unscoped', 'p95')} "
            f"| {pair(row, safe(lambda x: x['rss_mb']))} |"
        )
    lines += [
        "",
        "| articles | batch | ms/question (start-up included) | peak RSS MB |",
        "|---:|---|---:|---:|",
    ]
    for r in rows:
        for kind in ("batch_scoped", "batch_unscoped"):
            if kind in r["after"]:
                lines.append(
                    f"| {r['articles']} | {kind.split('_')[1]}, {r['after'][kind]['questions']} questions "
                    f"| {pair(r, safe(lambda x, k=kind: x[k]['ms_per_q']))} "
                    f"| {pair(r, safe(lambda x, k=kind: x[k]['rss_mb']))} |"
                )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
