"""The `newsbot` command line of CONTRACT.md: ingest, ask, summary, quotes, articles, use, chat, telegram."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from typing import TYPE_CHECKING, Any

from bot.render import render_answer, render_quotes
from bot.state import StateUnavailable

if TYPE_CHECKING:
    from bot.schema import Answer
    from bot.settings import Settings
    from index.ingest import Ingested, Skipped

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT = 0, 1, 2


class UsageError(Exception):
    """Bad usage or bad input: exit 2 with this one-line message."""


def build_parser() -> argparse.ArgumentParser:
    """Describe the commands and their options."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--collection", help="collection to use (default: news, or NEWSBOT_COLLECTION)")
    common.add_argument("--json", action="store_true", help="machine-readable output")
    parser = argparse.ArgumentParser(prog="newsbot", description="Ask questions about news articles.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser("ingest", parents=[common], help="add articles (files, folders or URLs)")
    p.add_argument("sources", nargs="+", metavar="PATH_OR_URL")
    p.add_argument("--title", help="title for the article(s), instead of the one found in them")
    p.add_argument("--session", help="make the (last) article ingested the current article of this session")
    p = sub.add_parser("ask", parents=[common], help="answer a question (or JSON lines from stdin)")
    p.add_argument("question", nargs="?")
    p.add_argument("--session", help="conversation session id: earlier turns are the history")
    p.add_argument("--doc", dest="doc_id", metavar="DOC_ID", help="search and cite only this article")
    p = sub.add_parser("summary", parents=[common], help="summarise an article")
    p.add_argument("--doc", dest="doc_id", metavar="DOC_ID")
    p = sub.add_parser("quotes", parents=[common], help="who said what")
    p.add_argument("--speaker", metavar="NAME")
    sub.add_parser("articles", parents=[common], help="list the articles of the collection, newest first")
    p = sub.add_parser("use", parents=[common], help="make an article the current one of a session")
    p.add_argument("doc_id", metavar="DOC_ID")
    p.add_argument("--session", required=True, help="the conversation session whose article this becomes")
    sub.add_parser("reindex", parents=[common], help="re-read articles stored by an older newsbot")
    p = sub.add_parser("forget", parents=[common], help="remove articles (ingest them again to re-read them)")
    p.add_argument("doc_ids", nargs="+", metavar="DOC_ID")
    p = sub.add_parser("chat", parents=[common], help="talk with newsbot in the terminal")
    p.add_argument("--session", default="terminal")
    sub.add_parser("telegram", parents=[common], help="run the Telegram bot (TELEGRAM_BOT_TOKEN)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="newsbot: %(levelname)s %(name)s: %(message)s")
    try:
        settings = _settings(args)
        return COMMANDS[args.command](args, settings)
    except UsageError as exc:
        print(f"newsbot: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except StateUnavailable as exc:
        print(f"newsbot: {exc}", file=sys.stderr)
        return EXIT_INTERNAL
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader (e.g. `| head`) left: not an error, and Python must not complain at exit either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:
        logging.getLogger("newsbot").debug("internal error", exc_info=True)
        print(f"newsbot: internal error: {type(exc).__name__}: {exc}".splitlines()[0], file=sys.stderr)
        return EXIT_INTERNAL


def _settings(args: argparse.Namespace) -> Settings:
    from pydantic import ValidationError  # noqa: PLC0415

    from bot.settings import Settings, check_collection_name  # noqa: PLC0415

    try:
        settings = Settings()
        if args.collection:
            check_collection_name(args.collection)
            settings = settings.model_copy(update={"collection": args.collection})
    except ValidationError as exc:
        err = exc.errors()[0]
        raise UsageError(f"bad setting {'.'.join(map(str, err['loc']))}: {err['msg']}") from exc
    except ValueError as exc:
        raise UsageError(f"bad --collection: {exc}") from exc
    return settings


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    """Ingest files, folders and URLs; exit 2 if any input was skipped."""
    from bot.factory import build_ingestor, build_store  # noqa: PLC0415

    store = build_store(settings)
    done, skipped = build_ingestor(settings, store).ingest(
        args.sources, title=args.title, progress=not args.json and sys.stderr.isatty()
    )
    if args.session and done:
        from bot.factory import build_state  # noqa: PLC0415

        # The article just shared in a conversation is the one it is about from now on.
        build_state(settings).set_current(args.session, done[-1].doc_id)
    return _report_ingest(args, done, skipped)


def cmd_articles(args: argparse.Namespace, settings: Settings) -> int:
    """List the collection's articles, newest first: id, title, date, source."""
    from bot.factory import build_service  # noqa: PLC0415

    articles = build_service(settings).articles()
    if args.json:
        _print_json({"articles": [a.to_json() for a in articles]})
    elif not articles:
        print(f"No articles in collection {settings.collection!r}: newsbot ingest FILE adds one.")
    else:
        for a in articles:
            print(f"{a.doc_id}  {a.date or '----------'}  {a.title}  ({a.source})")
    return EXIT_OK


def cmd_use(args: argparse.Namespace, settings: Settings) -> int:
    """Make an article the current one of a session (exit 2 for an unknown id)."""
    from bot.factory import build_service  # noqa: PLC0415

    try:
        info = build_service(settings).use(args.session, args.doc_id)
    except KeyError as exc:
        raise UsageError(_unknown_doc(args.doc_id, settings)) from exc
    if args.json:
        _print_json({"session": args.session, "current": info.to_json()})
    else:
        print(f"session {args.session!r} is now about: {info.title} [{info.doc_id}]")
    return EXIT_OK


def cmd_reindex(args: argparse.Namespace, settings: Settings) -> int:
    """Derive again the sentences and quotes of articles an older newsbot stored; exit 2 if any failed."""
    from bot.factory import build_ingestor, build_store  # noqa: PLC0415

    store = build_store(settings)
    done, skipped = build_ingestor(settings, store).reindex(progress=not args.json and sys.stderr.isatty())
    if not args.json and not done and not skipped:
        print("every article is up to date")
        return EXIT_OK
    return _report_ingest(args, done, skipped)


def _report_ingest(args: argparse.Namespace, done: list[Ingested], skipped: list[Skipped]) -> int:
    if args.json:
        _print_json(
            {
                "ingested": [
                    {
                        "doc_id": d.doc_id,
                        "title": d.title,
                        "chunks": d.chunks,
                        "quotes": d.quotes,
                        "source": d.source,
                        "status": d.status,
                        "replaced": d.replaced,
                    }
                    for d in done
                ],
                "skipped": [{"source": s.source, "reason": s.reason} for s in skipped],
            }
        )
    else:
        for d in done:
            what = (
                "already in the collection"
                if d.status == "unchanged"
                else f"{d.chunks} sentences, {d.quotes} quotes"
                + (f", replaced {len(d.replaced)} older" if d.replaced else "")
            )
            print(f"{d.status}: {d.title} [{d.doc_id}] ({what})")
    for s in skipped:
        print(f"newsbot: skipped {s.reason}", file=sys.stderr)
    return EXIT_BAD_INPUT if skipped else EXIT_OK


def _ask_again(answer: Answer) -> Answer:
    """Turn "Which article do you mean?" asked with no session (no reply possible) into how to ask again."""
    from dataclasses import replace  # noqa: PLC0415

    from bot.articles import WHICH_KIND  # noqa: PLC0415

    if answer.kind != WHICH_KIND or not answer.choices:
        return answer
    listed = ", ".join(f"{i} = {c['doc_id']}" for i, c in enumerate(answer.choices, 1))
    head = answer.answer.rsplit("\n", 1)[0]  # the list, without "Reply with its number, …"
    return replace(answer, answer=f"{head}\nAsk again with --doc and its id ({listed}), or use --session.")


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    """Answer one question, or every JSON line on stdin in order."""
    from bot.factory import build_service  # noqa: PLC0415

    if args.question is not None:
        if not args.question.strip():
            raise UsageError("the question is empty")
        service = build_service(settings)
        try:
            answer = service.ask(args.question, args.session, doc_id=args.doc_id)
        except KeyError as exc:
            raise UsageError(_unknown_doc(args.doc_id, settings)) from exc
        if args.session is None and not args.json:
            answer = _ask_again(answer)
        _print_json(answer.to_json()) if args.json else print(render_answer(answer))
        return EXIT_OK
    service = build_service(settings)
    status = EXIT_OK
    for lineno, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        item: Any = None
        try:
            item = json.loads(line)
            question = item["question"]
            doc_id = item.get("doc") or args.doc_id
            if not isinstance(question, str) or not question.strip() or not isinstance(doc_id, str | None):
                raise TypeError
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError):
            _print_json(
                {
                    "id": item.get("id") if isinstance(item, dict) else None,
                    "status": "error",
                    "error": f'line {lineno}: expected {{"id": ..., "question": "...", "session": ..., '
                    '"doc": ...}',
                }
            )
            status = EXIT_BAD_INPUT
            continue
        try:
            answer = service.ask(question, item.get("session") or args.session, doc_id=doc_id)
        except KeyError:
            # An unknown article is this line's bad input; the rest of the batch still gets answers.
            _print_json({"id": item.get("id"), "status": "error", "error": _unknown_doc(doc_id, settings)})
            status = EXIT_BAD_INPUT
            continue
        except Exception as exc:
            # One failing question must not cost the answers to the rest of the batch.
            logging.getLogger("newsbot").warning("line %d failed", lineno, exc_info=True)
            _print_json(
                {
                    "id": item.get("id"),
                    "status": "error",
                    "error": f"internal error: {type(exc).__name__}: {exc}"[:300],
                }
            )
            status = EXIT_INTERNAL
            continue
        _print_json(answer.to_json(item.get("id")))
        sys.stdout.flush()
    return status


def cmd_summary(args: argparse.Namespace, settings: Settings) -> int:
    """Print the summary of an article."""
    from bot.factory import build_service  # noqa: PLC0415

    try:
        answer = build_service(settings).summary(args.doc_id)
    except KeyError as exc:
        raise UsageError(_unknown_doc(args.doc_id, settings)) from exc
    _print_json(answer.to_json()) if args.json else print(render_answer(answer))
    return EXIT_OK


def cmd_quotes(args: argparse.Namespace, settings: Settings) -> int:
    """Print who said what, grouped by speaker."""
    from bot.factory import build_service  # noqa: PLC0415

    records = build_service(settings).quotes(args.speaker)
    if args.json:
        _print_json({"quotes": records})
        return EXIT_OK
    if not records:
        print("No quotes" + (f" by {args.speaker}." if args.speaker else " in this collection."))
    print(render_quotes(records))
    return EXIT_OK


def cmd_forget(args: argparse.Namespace, settings: Settings) -> int:
    """Remove articles and all that was derived from them; an unknown id removes nothing (exit 2)."""
    from bot.factory import build_state, build_store  # noqa: PLC0415

    store = build_store(settings)
    doc_ids = list(dict.fromkeys(args.doc_ids))
    unknown = [d for d in doc_ids if not store.has(d)]
    if unknown:
        missing = ", ".join(unknown)
        raise UsageError(f"no article {missing} in collection {settings.collection!r}; nothing removed")
    state = build_state(settings)
    for doc_id in doc_ids:
        store.delete(doc_id)
        state.forget_article(doc_id)  # no conversation stays "about" an article that is gone
    if args.json:
        _print_json({"forgotten": doc_ids})
    else:
        print("\n".join(f"forgotten: {d}" for d in doc_ids))
    return EXIT_OK


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    """Talk in the terminal until Ctrl-D."""
    from bot.terminal import run_chat  # noqa: PLC0415

    return run_chat(settings, args.session)


def cmd_telegram(args: argparse.Namespace, settings: Settings) -> int:
    """Run the Telegram bot until interrupted."""
    from bot.telegram.app import check_settings, run  # noqa: PLC0415

    problem = check_settings(settings)
    if problem:
        raise UsageError(problem)
    run(settings)
    return EXIT_OK


def _unknown_doc(doc_id: str | None, settings: Settings) -> str:
    return f"no article with doc_id {doc_id!r} in collection {settings.collection!r}"


def _print_json(obj: Any) -> None:
    print(json.dumps(obj, ensure_ascii=False))


COMMANDS = {
    "ingest": cmd_ingest,
    "ask": cmd_ask,
    "summary": cmd_summary,
    "quotes": cmd_quotes,
    "articles": cmd_articles,
    "use": cmd_use,
    "reindex": cmd_reindex,
    "forget": cmd_forget,
    "chat": cmd_chat,
    "telegram": cmd_telegram,
}

if __name__ == "__main__":
    sys.exit(main())
