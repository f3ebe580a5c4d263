"""`newsbot chat`: an interactive terminal conversation with readline history and readable citations."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from bot.schema import Answer
    from bot.service import NewsService
    from bot.settings import Settings

HELP = """Ask anything about the articles. Follow-up questions ("what else did he say?") use the conversation.
  /summary          summary of this chat's article     /quotes [name]   who said what
  /articles         the articles, newest first         /use N|DOC_ID    talk about that article
  /sources          the articles in this collection    /reset           forget this conversation
  /help             this help                          Ctrl-D           quit"""


def run_chat(settings: Settings, session: str) -> int:
    """Run the conversation loop until end of input."""
    from rich.console import Console  # noqa: PLC0415

    from bot.factory import build_service  # noqa: PLC0415

    console = Console(highlight=False)
    _readline_history(settings)
    with console.status("loading…"):
        service = build_service(settings)
    docs = service.docs.get()
    console.print(
        f"[bold]newsbot[/] — {len(docs)} article(s) in '{settings.collection}'. /help for commands."
    )
    while True:
        try:
            line = input("you> ").strip()
        except EOFError:
            console.print()
            return 0
        except KeyboardInterrupt:
            console.print()
            continue
        if not line:
            continue
        try:
            handle(line, service, session, console)
        except Exception as exc:  # one failed turn must not end the conversation
            console.print(f"[red]Sorry, that failed: {type(exc).__name__}: {exc}[/]")


def handle(line: str, service: NewsService, session: str, console: Console) -> None:
    """Answer one line: a command or a question."""
    command, _, arg = line.partition(" ")
    if command == "/help":
        console.print(HELP)
    elif command == "/reset":
        service.reset(session)
        console.print("Conversation forgotten.")
    elif command == "/sources":
        for d in service.docs.get().infos():  # metadata only: a large collection's texts stay unread
            console.print(f"• {d.title} [dim]({d.doc_id}, {d.chunks} sentences, {d.quotes} quotes)[/]")
    elif command == "/quotes":
        from bot.render import render_quotes  # noqa: PLC0415

        records = service.quotes(arg.strip() or None)
        console.print(render_quotes(records) if records else "No quotes found.", markup=False)
    elif command == "/summary":
        current = service.current(session)
        show(service.summary(current) if current else service.ask("Summarize the article.", session), console)
    elif command == "/articles":
        from rich.markup import escape  # noqa: PLC0415

        current = service.current(session)
        for i, a in enumerate(service.articles(), 1):
            mark = " [green]← current[/]" if a.doc_id == current else ""
            console.print(f"{i:>3}. {escape(a.title)} [dim]({a.doc_id}, {a.date})[/]{mark}")
    elif command == "/use":
        use(arg.strip(), service, session, console)
    elif command.startswith("/"):
        console.print(f"Unknown command {command}. /help lists them.")
    elif getattr(service, "streaming", False):
        stream(service.ask_stream(line, session), console)
    else:
        show(service.ask(line, session), console)


def use(wanted: str, service: NewsService, session: str, console: Console) -> None:
    """Make the article given by its number in /articles, or by its id, the conversation's article."""
    from rich.markup import escape  # noqa: PLC0415

    listed = service.articles()
    if wanted.isdigit() and 1 <= int(wanted) <= len(listed):
        wanted = listed[int(wanted) - 1].doc_id
    try:
        answer = service.choose(session, wanted)
    except KeyError:
        console.print("No such article: /use N with a number from /articles, or /use DOC_ID.")
        return
    if answer is not None:
        show(answer, console)
    else:
        console.print(f"Now talking about {escape(service.use(session, wanted).title)}.")


def show(answer: Answer, console: Console, body: bool = True) -> None:
    """Print an answer with its citation markers highlighted and the cited passages below it."""
    from rich.markup import escape  # noqa: PLC0415

    if body:
        if answer.notice:
            console.print(f"[yellow]{escape(answer.notice)}[/]")
        console.print(_markup(answer.answer))
    for c in answer.citations:
        console.print(f"  [cyan]\\[{c.n}][/] [dim]{escape(c.text)}[/]")


def stream(answers: Iterable[Answer], console: Console) -> None:
    """Print a streamed answer sentence by sentence as each is verified, then its cited passages."""
    printed = ""
    final: Answer | None = None
    for answer in answers:
        final = answer
        if answer.notice or not answer.answer.startswith(printed):
            continue  # not a continuation (a fallback answer): it is shown whole at the end
        console.print(_markup(answer.answer[len(printed) :]), end="")
        printed = answer.answer
    if final is None:
        return
    if printed and printed == final.answer and not final.notice:
        console.print()
        show(final, console, body=False)
        return
    if printed:
        console.print()
    show(final, console)


def _markup(text: str) -> str:
    """Escape answer text for rich and highlight its [n] markers."""
    from rich.markup import escape  # noqa: PLC0415

    return re.sub(r"\[(\d+)\]", r"[bold cyan]\\[\1][/]", escape(text))


def _readline_history(settings: Settings) -> None:
    try:
        import atexit  # noqa: PLC0415
        import readline  # noqa: PLC0415
    except ImportError:  # not on every platform; the chat works without it
        return
    path = settings.data_dir / "chat_history"
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):  # no history yet
        readline.read_history_file(path)
    readline.set_history_length(1000)
    atexit.register(readline.write_history_file, str(path))
