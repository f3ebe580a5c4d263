"""Multi-article evaluation (issue 13): our question sets alone, scoped and unscoped in a crowded collection.

Usage:
    PYTHONPATH=. .venv/bin/python eval/multi.py DISTRACTOR_FOLDER [--distractors 312] [--data DIR]
        [--sets seed,own,heldout2,...] [--report FILE] [--failures FILE] [--newsbot EXE]

Every question of our evaluation sets (the seed with the shared questions, eval/articles with
eval/questions_*.jsonl, each eval/heldout*/ folder with its questions_*.jsonl; the sets of eval/golden.py)
is asked three ways, through `newsbot ask`'s batch JSON-lines mode (start-up paid once per process):

- alone: each article in its own collection (one `ask` process per article);
- scoped: all the sets' articles plus the first N articles (sorted by name) of DISTRACTOR_FOLDER in ONE
  collection, each line scoped to its article (`"doc"`);
- unscoped: the same collection, no scope and no current article (each question in a fresh session).

Answers are scored by the shared scorer's own `check()` (../shared/eval/score.py, the rules of
eval/run.sh and eval/golden_score.py); only a question's last turn is scored, earlier turns are its
history. For every turn's answer the citations are checked: every `[n]` has a citation `n`, and every cited
passage is (normalised as the scorer does) text of the article the citation names. In unscoped mode each
answerable question's last answer is classed by where it comes from: its own article (every citation in
the question's article), mixed, another article, not found, or no citations. When the bot asks "Which
article do you mean?" (`kind` which_article, counted as asked), the reader replies in the same session
with the number of their article if the list offers it, and that reply's answer is the one scored; a list
without their article leaves the question wrong (class "asked").

The distractors are real articles for internal evaluation only: they are read from the folder at run time,
never copied; the report holds figures and question ids only. `--failures` (dev diagnosis) writes
per-question detail, answer text included, and refuses a path inside the repository.
Articles are ingested in this process (models load once); with `--data` the collections are kept and a
second run re-uses them (re-ingesting unchanged text is a no-op).
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import importlib.util
import json
import multiprocessing
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
MODES = ("alone", "scoped", "unscoped")
WHICH_KIND = "which_article"  # bot.articles.WHICH_KIND, as the JSON carries it
_CITE = re.compile(r"\[(\d+)\]")


def load_module(name: str, path: Path) -> Any:
    """Import a script that is not in a package (the shared scorer, eval/golden.py)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader, path
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- scoring helpers (pure; tests/test_eval_multi.py) ------------------------------------------------------


def citation_problems(
    answer: Mapping[str, Any], texts: Mapping[str, str], norm: Callable[[str], str]
) -> list[str]:
    """Return what is wrong with an answer's citations ([] when valid).

    `texts` maps each doc_id to its article text already passed through `norm`; a citation is valid when
    its number exists and its normalised passage is in the text of the article it names.
    """
    cites = {c.get("n"): c for c in answer.get("citations") or []}
    problems = [
        f"[{n}] has no citation"
        for n in sorted({int(n) for n in _CITE.findall(answer.get("answer", ""))})
        if n not in cites
    ]
    for n, c in cites.items():
        doc = c.get("doc_id")
        if doc not in texts:
            problems.append(f"citation {n} names an unknown article")
        elif norm(c.get("text", "")) not in texts[doc]:
            problems.append(f"citation {n}: passage is not text of its article")
    return problems


def source_kind(answer: Mapping[str, Any], own_doc: str) -> str:
    """Class where an answer comes from: own, mixed, other, asked, not_found, uncited or error."""
    if answer.get("kind") == WHICH_KIND:
        return "asked"
    status = answer.get("status")
    if status == "error" or not answer:
        return "error"
    if status != "answered":
        return "not_found"
    docs = {c.get("doc_id") for c in answer.get("citations") or []}
    if not docs:
        return "uncited"
    if docs == {own_doc}:
        return "own"
    return "mixed" if own_doc in docs else "other"


def answerable(q: Mapping[str, Any]) -> bool:
    """Return whether a question has an answer in its article (unanswerable ones expect not_found)."""
    return q.get("expect_status") != "not_found"


# --- the sets -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    """One question of a set, with the article it is about."""

    set: str
    article: Path
    q: dict[str, Any]

    @property
    def key(self) -> str:
        """Return the id the report and the batch lines use: SET:ID."""
        return f"{self.set}:{self.q['id']}"


def load_questions(golden: Any, wanted: set[str] | None) -> list[Question]:
    """Return every question of the chosen sets (eval/golden.py's sets), each with its article."""
    out = []
    for name, articles, qfiles in golden.article_sets():
        if wanted is not None and name not in wanted:
            continue
        qs = golden.read_questions(qfiles)
        for path in articles:
            for q in golden.questions_of(qs, path.stem, single=len(articles) == 1):
                out.append(Question(name, path, q))
    return out


# --- ingesting ----------------------------------------------------------------------------------------------


def ingest_all(data: Path, collections: Mapping[str, list[Path]]) -> dict[str, dict[Path, str]]:
    """Ingest each collection's files (in this process, models loaded once); return path → doc_id each."""
    import index.embeddings
    import index.nlp
    from bot.factory import build_ingestor, build_store, configure_environment
    from bot.settings import Settings

    configure_environment()
    # Many collections, one model: the factory asks for them by name and gets the same objects (as golden.py).
    index.embeddings.make_embeddings = functools.lru_cache(maxsize=None)(index.embeddings.make_embeddings)
    index.nlp.load_nlp = functools.lru_cache(maxsize=1)(index.nlp.load_nlp)
    ids: dict[str, dict[Path, str]] = {}
    for coll, files in collections.items():
        t = time.monotonic()
        settings = Settings(_env_file=None, data_dir=data, collection=coll, answerer="extractive")
        store = build_store(settings)
        done, skipped = build_ingestor(settings, store).ingest([str(f) for f in files])
        if skipped:
            raise SystemExit(f"{coll}: not ingested: {[s.source for s in skipped][:5]}")
        # An article re-derived for a newer pipeline keeps the source it was first stored from (maybe
        # another checkout): match it to the file asked for by folder and name.
        asked = {Path(f).resolve().parts[-2:]: Path(f).resolve() for f in files}
        stored = {d.doc_id: Path(d.source).resolve() for d in done}
        ids[coll] = {asked.get(path.parts[-2:], path): doc_id for doc_id, path in stored.items()}
        fresh = sum(d.status != "unchanged" for d in done)
        if fresh or len(files) > 1:
            print(
                f"ingest {coll}: {len(files)} articles, {fresh} new, {time.monotonic() - t:.0f} s",
                file=sys.stderr,
            )
    return ids


def alone_collection(q: Question) -> str:
    """Return the collection name of an article alone (Chroma names are short: a hash)."""
    return "alone-" + hashlib.sha1(f"{q.set}/{q.article.name}".encode()).hexdigest()[:12]


# --- asking -------------------------------------------------------------------------------------------------


@dataclass
class Batch:
    """The answers of one or more `newsbot ask` batch processes, with their cost."""

    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    seconds: float = 0.0
    peak_rss_kb: int = 0
    processes: int = 0
    errors: list[str] = field(default_factory=list)


def ask_batch(exe: str, data: Path, collection: str, lines: list[dict[str, Any]], into: Batch) -> None:
    """Run one `newsbot ask --json` over JSON lines; add its answers, wall time and peak RSS to `into`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}
    env |= {"NEWSBOT_DATA_DIR": str(data), "NEWSBOT_ANSWERER": "extractive", "HF_HUB_OFFLINE": "1"}
    with (
        tempfile.TemporaryFile("w+") as fin,
        tempfile.TemporaryFile("w+") as fout,
        tempfile.TemporaryFile("w+") as ferr,
    ):
        fin.write("".join(json.dumps(x) + "\n" for x in lines))
        fin.seek(0)
        t = time.monotonic()
        # cwd = the data folder: no project .env is read. wait4 gives this child's own peak RSS.
        p = subprocess.Popen(
            [exe, "ask", "--collection", collection, "--json"],
            stdin=fin,
            stdout=fout,
            stderr=ferr,
            env=env,
            cwd=data,
        )
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        into.seconds += time.monotonic() - t
        into.peak_rss_kb = max(into.peak_rss_kb, usage.ru_maxrss)
        into.processes += 1
        fout.seek(0)
        ferr.seek(0)
        for line in fout:
            try:
                a = json.loads(line)
            except json.JSONDecodeError:
                continue
            into.answers[a.get("id")] = a
        if p.returncode != 0:
            into.errors.append(f"{collection}: exit {p.returncode}: {ferr.read().strip()[-300:]}")


def pick_lines(
    qs: Iterable[Question],
    answers: Mapping[str, Mapping[str, Any]],
    doc: Callable[[Question], str],
    nonce: str,
) -> list[dict]:
    """Return the replies a reader gives to "Which article do you mean?": the number of their article.

    Only for questions whose last answer asked and listed the reader's article; the reply goes to the same
    session (`lines_of` in mode unscoped), whose history holds the question the list was about.
    """
    out = []
    for q in qs:
        last = f"{q.key}#{len(q.q['turns']) - 1}"
        a = answers.get(last, {})
        listed = [c.get("doc_id") for c in a.get("choices") or []]
        if a.get("kind") == WHICH_KIND and doc(q) in listed:
            session = session_of(q, "unscoped", nonce)
            out.append(
                {"id": last, "question": str(listed.index(doc(q)) + 1), "session": session, "doc": None}
            )
    return out


def session_of(q: Question, mode: str, nonce: str) -> str:
    """Return the fresh session one question's turns (and the reader's pick) are asked in."""
    return f"multi-{mode}-{q.key}-{nonce}"


def lines_of(
    qs: Iterable[Question], mode: str, nonce: str, doc: Callable[[Question], str | None]
) -> list[dict]:
    """Return the batch lines of these questions: every turn, in order, one fresh session per question."""
    out = []
    for q in qs:
        session = session_of(q, mode, nonce)
        for i, turn in enumerate(q.q["turns"]):
            out.append({"id": f"{q.key}#{i}", "question": turn, "session": session, "doc": doc(q)})
    return out


# --- report -------------------------------------------------------------------------------------------------


@dataclass
class Tally:
    """Figures of one set (or all) in one mode."""

    n: int = 0
    right: int = 0
    asked: int = 0
    answerable: int = 0
    offered: int = 0  # asked which article, and listed the question's own
    direct: int = 0  # right without a question back
    own: int = 0
    turns: int = 0
    cites_ok: int = 0


def pct(a: int, b: int) -> str:
    """Return a/b = x.x%."""
    return f"{a}/{b} = {100 * a / b:.1f}%" if b else "0/0"


def render(
    tallies: Mapping[str, Mapping[str, Tally]],
    batches: Mapping[str, Batch],
    kinds: Counter[str],
    wrong_kinds: Counter[str],
    invalid: Mapping[str, list[str]],
    header: str,
) -> str:
    """Render the figures as Markdown (question ids and counts only, no article text)."""
    rows = [
        header,
        "",
        "| set | questions | alone right | scoped right | unscoped right | unscoped asked (own listed) "
        "| answerable from own article (unscoped) | citations valid alone / scoped / unscoped (turns) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for s, by_mode in tallies.items():
        a, sc, u = (by_mode[m] for m in MODES)
        name = f"**{s}**" if s == "all" else s
        rows.append(
            f"| {name} | {a.n} | {a.right} | {sc.right} | {u.right} | {u.asked} ({u.offered}) "
            f"| {pct(u.own, u.answerable)} | {a.cites_ok}/{a.turns} / {sc.cites_ok}/{sc.turns} "
            f"/ {u.cites_ok}/{u.turns} |"
        )
    rows += [
        "",
        "| mode | processes | turns | wall s | ms/question (start-up included) | ms/turn | peak RSS MB |",
        "|---|---|---|---|---|---|---|",
    ]
    total = tallies["all"]
    for m in MODES:
        b, t = batches[m], total[m]
        rows.append(
            f"| {m} | {b.processes} | {t.turns} | {b.seconds:.0f} | {1000 * b.seconds / max(1, t.n):.0f} | "
            f"{1000 * b.seconds / max(1, t.turns):.0f} | {b.peak_rss_kb / 1024:.0f} |"
        )
    rows += ["", f"Unscoped, right without asking which article: {total['unscoped'].direct}."]
    rows += [
        "",
        "Unscoped, answerable questions by where the last answer comes from: "
        + ", ".join(f"{k} {v}" for k, v in kinds.most_common())
        + ".",
    ]
    rows += [
        "",
        "Unscoped, answerable questions answered wrong there but right scoped, by source: "
        + (", ".join(f"{k} {v}" for k, v in wrong_kinds.most_common()) or "none")
        + ".",
    ]
    for m in MODES:
        bad = invalid.get(m, [])
        rows += ["", f"Invalid citations ({m}): " + ("; ".join(bad) if bad else "none") + "."]
    errors = [e for m in MODES for e in batches[m].errors]
    if errors:
        rows += ["", f"Process errors: {len(errors)} (see stderr)."]
    return "\n".join(rows) + "\n"


# --- the command --------------------------------------------------------------------------------------------


def main() -> int:
    """Ingest, ask every question in the three modes, score, print and write the report."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "folder", type=Path, help="real articles to use as distractors (e.g. ../shared/real/qa/dev)"
    )
    ap.add_argument("--distractors", type=int, default=312, help="how many (the first N .txt by name)")
    ap.add_argument("--data", type=Path, help="keep the ingested collections here and re-use them")
    ap.add_argument("--sets", help="comma-separated set names (default: every set with questions)")
    ap.add_argument("--report", type=Path, help="write the Markdown report (figures only) here")
    ap.add_argument("--failures", type=Path, help="dev diagnosis: per-question detail (outside the repo)")
    ap.add_argument("--newsbot", default=str(ROOT / ".venv/bin/newsbot"), help="the newsbot executable")
    args = ap.parse_args()
    if args.failures and args.failures.resolve().is_relative_to(ROOT):
        ap.error("--failures holds answer text: write it outside the repository")
    if args.distractors < 0:
        ap.error("--distractors must be 0 or more")
    all_files = sorted(args.folder.glob("*.txt"))
    if len(all_files) < args.distractors:
        ap.error(
            f"{args.folder} holds {len(all_files)} articles, fewer than --distractors {args.distractors}"
        )
    distractors = [f.resolve() for f in all_files[: args.distractors]]

    scorer = load_module("score", SHARED / "eval/score.py")
    golden = load_module("golden", ROOT / "eval/golden.py")
    wanted = set(args.sets.split(",")) if args.sets else None
    questions = load_questions(golden, wanted)
    if not questions:
        ap.error(f"no questions in sets {args.sets}")
    articles = list(dict.fromkeys(q.article.resolve() for q in questions))
    data = (args.data or Path(tempfile.mkdtemp(prefix="newsbot-multi-"))).resolve()
    # One shared collection per (distractor count, articles): a re-run with other options gets its own.
    digest = hashlib.sha1("\n".join(map(str, articles + distractors)).encode()).hexdigest()[:10]
    shared_coll = f"multi-{args.distractors}-{digest}"

    collections = {alone_collection(q): [q.article.resolve()] for q in questions}
    collections[shared_coll] = articles + distractors
    # Ingest in a child process: a process forked from one holding the models would report their memory
    # as its own peak RSS (Linux carries the peak across fork and exec), so this one stays lean.
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        ids = pool.apply(ingest_all, (data, collections))
    doc_of = ids[shared_coll]
    texts = {doc: scorer.norm(path.read_text(encoding="utf-8")) for path, doc in doc_of.items()}
    for m in ids.values():
        for path, doc in m.items():
            texts.setdefault(doc, scorer.norm(path.read_text(encoding="utf-8")))

    nonce = f"{os.getpid()}-{int(time.time())}"
    batches = {m: Batch() for m in MODES}
    by_article: dict[str, list[Question]] = defaultdict(list)
    for q in questions:
        by_article[alone_collection(q)].append(q)
    for coll, qs in by_article.items():
        ask_batch(args.newsbot, data, coll, lines_of(qs, "alone", nonce, lambda q: None), batches["alone"])
    print(f"alone: {batches['alone'].seconds:.0f} s", file=sys.stderr)
    ask_batch(
        args.newsbot,
        data,
        shared_coll,
        lines_of(questions, "scoped", nonce, lambda q: doc_of[q.article.resolve()]),
        batches["scoped"],
    )
    print(f"scoped: {batches['scoped'].seconds:.0f} s", file=sys.stderr)
    ask_batch(
        args.newsbot,
        data,
        shared_coll,
        lines_of(questions, "unscoped", nonce, lambda q: None),
        batches["unscoped"],
    )
    print(f"unscoped: {batches['unscoped'].seconds:.0f} s", file=sys.stderr)
    # The reader's replies to "Which article do you mean?", timed apart: a second turn, not the question.
    picks = Batch()
    replies = pick_lines(questions, batches["unscoped"].answers, lambda q: doc_of[q.article.resolve()], nonce)
    if replies:
        ask_batch(args.newsbot, data, shared_coll, replies, picks)
        print(f"unscoped replies to which-article: {len(replies)}, {picks.seconds:.0f} s", file=sys.stderr)
    for m in MODES:
        for e in batches[m].errors:
            print(f"{m}: {e}", file=sys.stderr)

    tallies: dict[str, dict[str, Tally]] = defaultdict(lambda: {m: Tally() for m in MODES})
    kinds: Counter[str] = Counter()
    wrong_kinds: Counter[str] = Counter()
    invalid: dict[str, list[str]] = defaultdict(list)
    failures = []
    for q in questions:
        own_doc = doc_of[q.article.resolve()]
        last = len(q.q["turns"]) - 1
        verdict = {}
        final: dict[str, Mapping[str, Any]] = {}
        for m in MODES:
            got = batches[m].answers
            a = got.get(f"{q.key}#{last}", {})
            asked = a.get("kind") == WHICH_KIND
            picked = m == "unscoped" and asked and f"{q.key}#{last}" in picks.answers
            if picked:
                a = picks.answers[f"{q.key}#{last}"]  # the answer to the reader's pick
            why = scorer.check(q.q, a) if a else ["no answer"]
            if a.get("kind") == WHICH_KIND:
                why = why or ["asked which article"]  # a question back is not an answer, whatever it says
            verdict[m] = not why
            final[m] = a
            for t in (tallies[q.set][m], tallies["all"][m]):
                t.n += 1
                t.right += not why
                t.asked += asked
                t.offered += picked
                t.direct += not why and not picked
            # Every turn's citations, and the answer to the reader's pick (the one scored) as one more.
            turns = [got.get(f"{q.key}#{i}", {}) for i in range(last + 1)] + ([a] if picked else [])
            for i, turn in enumerate(turns):
                problems = citation_problems(turn, texts, scorer.norm)
                for t in (tallies[q.set][m], tallies["all"][m]):
                    t.turns += 1
                    t.cites_ok += not problems
                if problems:
                    invalid[m].append(f"{q.key}#{i} ({', '.join(problems)})")
            kind = source_kind(a, own_doc) if a else "error"
            if m == "unscoped" and answerable(q.q):
                kinds[kind] += 1
                for t in (tallies[q.set][m], tallies["all"][m]):
                    t.answerable += 1
                    t.own += kind == "own"
            if why or (m == "unscoped" and answerable(q.q) and kind != "own"):
                failures.append(
                    {
                        "mode": m,
                        "id": q.key,
                        "article": q.article.stem,
                        "type": q.q["type"],
                        "turns": q.q["turns"],
                        "why": why,
                        "source": kind,
                        "picked": picked,
                        "answer": a.get("answer"),
                        "cited": sorted({c.get("title", "") for c in a.get("citations") or []}),
                    }
                )
        if answerable(q.q) and verdict["scoped"] and not verdict["unscoped"]:
            wrong_kinds[source_kind(final["unscoped"], own_doc)] += 1

    ordered = {s: tallies[s] for s in dict.fromkeys(q.set for q in questions)} | {"all": tallies["all"]}
    header = (
        f"# Multi-article evaluation (issue 13)\n\n{len(questions)} questions of {len(articles)} articles; "
        f"shared collection: those articles + {len(distractors)} real distractors "
        f"({len(articles) + len(distractors)} articles). Right = the shared scorer's check() on the last "
        "turn; citations checked on every turn."
    )
    out = render(ordered, batches, kinds, wrong_kinds, invalid, header)
    print(out)
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(out, encoding="utf-8")
    if args.failures:
        args.failures.write_text(
            "\n".join(json.dumps(f, ensure_ascii=False) for f in failures) + "\n", encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
