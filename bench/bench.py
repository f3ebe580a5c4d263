"""Benchmark newsbot on this machine: cold ask, warm per-question latency, ingest vs raw encode throughput.

Not a test: it prints medians over repeated runs, measured side by side in one run.
Usage: .venv/bin/python bench/bench.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = [*sorted((ROOT / "eval/articles").glob("*.txt")), ROOT / "data/article.txt"]
NEWSBOT = [sys.executable, "-m", "bot.cli"]


def questions() -> list[str]:
    out = []
    for path in sorted((ROOT / "eval").glob("questions_*.jsonl")):
        out += [json.loads(line)["turns"][0] for line in path.read_text().splitlines() if line.strip()]
    return out


def median(xs: list[float]) -> float:
    return statistics.median(xs)


def p95(xs: list[float]) -> float:
    return sorted(xs)[max(0, round(0.95 * len(xs)) - 1)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    data = tempfile.mkdtemp(prefix="newsbot-bench-")
    env = {**os.environ, "NEWSBOT_DATA_DIR": data, "HF_HUB_OFFLINE": "1"}
    subprocess.run(
        [*NEWSBOT, "ingest", *map(str, ARTICLES), "--json"],
        env=env,
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    qs = questions()

    # 1. Cold ask: a new process per question, models and stores loaded from scratch.
    cold = []
    for i in range(args.repeats):
        t = time.perf_counter()
        subprocess.run(
            [*NEWSBOT, "ask", qs[i % len(qs)], "--json"], env=env, check=True, cwd=ROOT, capture_output=True
        )
        cold.append(time.perf_counter() - t)

    # 2. Warm per-question latency: one service, every question (what batch mode does per line).
    os.environ.update(NEWSBOT_DATA_DIR=data, HF_HUB_OFFLINE="1")
    from bot.factory import build_ingestor, build_service, build_store
    from bot.settings import Settings

    settings = Settings()
    service = build_service(settings)
    service.ask(qs[0])
    warm = []
    for q in qs:
        t = time.perf_counter()
        service.ask(q)
        warm.append(time.perf_counter() - t)
    batch_in = "".join(json.dumps({"id": i, "question": q}) + "\n" for i, q in enumerate(qs))
    t = time.perf_counter()
    subprocess.run(
        [*NEWSBOT, "ask", "--json"],
        input=batch_in,
        text=True,
        env=env,
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    batch_per_q = (time.perf_counter() - t) / len(qs)

    # 3. Ingest throughput next to the raw model's encode throughput on the same sentences.
    store = build_store(settings, "bench-ingest-0")
    ingestor = build_ingestor(settings, store)
    ingestor.nlp  # noqa: B018 - load spaCy outside the timed part
    ingestor.encoder.embed_array(["warm up"])
    ingest_rates, encode_rates = [], []
    for r in range(max(3, args.repeats // 2)):
        ingestor.store = build_store(settings, f"bench-ingest-{r + 1}")
        t = time.perf_counter()
        done, skipped = ingestor.ingest([str(p) for p in ARTICLES])
        elapsed = time.perf_counter() - t
        assert not skipped, skipped
        n_sent = sum(d.chunks for d in done)
        ingest_rates.append(n_sent / elapsed)
        texts = []
        for d in ingestor.store.docs():
            for c in ingestor.store.all_chunks([d.doc_id]):
                texts.append(d.text[c.metadata["focus_start"] : c.metadata["focus_end"]])
        assert len(texts) == n_sent
        t = time.perf_counter()
        ingestor.encoder.embed_array(texts)
        encode_rates.append(n_sent / (time.perf_counter() - t))
    ratios = [a / b for a, b in zip(ingest_rates, encode_rates, strict=True)]
    # Where ingest's time goes beyond the encode: the spaCy parse (sentences, entities, dependencies)
    # and the quote rules, per phase, and what the encode costs on one core (how busy both cores are).
    from index.readers import load_article

    articles = [load_article(str(p)) for p in ARTICLES]
    parse, one_core = [], []
    for _ in range(3):
        t = time.perf_counter()
        for a in articles:
            ingestor._prepare(a)
        parse.append(time.perf_counter() - t)
    import torch

    cores = torch.get_num_threads()
    torch.set_num_threads(1)
    for _ in range(3):
        t = time.perf_counter()
        ingestor.encoder.embed_array(texts)
        one_core.append(time.perf_counter() - t)
    torch.set_num_threads(cores)

    print(
        f"machine: {os.cpu_count()} cores; {len(ARTICLES)} articles, {n_sent} sentences; {len(qs)} questions"
    )
    print(
        f"cold `newsbot ask` (new process): median {median(cold):.2f} s over {len(cold)} runs "
        f"(min {min(cold):.2f}, max {max(cold):.2f})"
    )
    print(
        f"warm per-question latency: p50 {1000 * median(warm):.1f} ms, p95 {1000 * p95(warm):.1f} ms "
        f"over {len(warm)} questions; batch mode incl. start-up {1000 * batch_per_q:.1f} ms/question"
    )
    print(
        f"ingest: median {median(ingest_rates):.1f} sentences/s; raw sentence-transformers encode of "
        f"the same sentences: median {median(encode_rates):.1f} sentences/s; "
        f"ratio median {median(ratios):.2f} "
        f"(runs: {', '.join(f'{x:.2f}' for x in ratios)})"
    )
    encode_s = n_sent / median(encode_rates)
    print(
        f"ingest phases: parse + quote rules {median(parse):.2f} s, encode {encode_s:.2f} s on {cores} "
        f"threads ({median(one_core):.2f} s on one); rest (Chroma writes, reading) "
        f"{n_sent / median(ingest_rates) - median(parse) - encode_s:.2f} s"
    )


if __name__ == "__main__":
    main()
