"""Plain-text renderings of answers and quote lists, shared by the command line and the terminal chat."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.schema import Answer


def render_answer(answer: Answer) -> str:
    """Format an answer and its sources for a person in a terminal."""
    lines = ([f"Note: {answer.notice}", ""] if answer.notice else []) + [answer.answer]
    if answer.citations:
        lines.append("")
        lines.append("Sources:")
        lines.extend(
            f"  [{c.n}] “{c.text}” ({c.title}, characters {c.start}–{c.end})" for c in answer.citations
        )
    return "\n".join(lines)


def render_quotes(records: list[dict[str, Any]]) -> str:
    """Group quote records by speaker, in order of first appearance."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in records:
        groups.setdefault(r["speaker"], []).append(r)
    out = []
    for speaker, items in groups.items():
        role = next((r["role"] for r in items if r["role"]), None)
        out.append(f"{speaker}" + (f" ({role})" if role else "") + f" — {len(items)} quote(s)")
        out.extend(
            f"  {'“' + r['quote'] + '”' if r['kind'] == 'direct' else '(reported) ' + r['quote']}"
            for r in items
        )
    return "\n".join(out)
