"""Load prompt and answer templates from the top-level `prompts/` folder."""

from __future__ import annotations

import string
from functools import cache
from pathlib import Path

PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"


@cache
def load_prompt(name: str) -> str:
    """Return the template `prompts/<name>.txt`, trailing newline removed."""
    path = PROMPTS_DIR / f"{name}.txt"
    if not path.is_file():
        known = sorted(p.stem for p in PROMPTS_DIR.glob("*.txt"))
        raise ValueError(f"unknown prompt {name!r}; known prompts: {', '.join(known)}")
    return path.read_text(encoding="utf-8").rstrip("\n")


def prompt_fields(name: str) -> set[str]:
    """Return the named placeholders a template uses."""
    return {f for _, f, _, _ in string.Formatter().parse(load_prompt(name)) if f}


def render(name: str, **values: object) -> str:
    """Fill template `name` with `values`; every placeholder must be given and nothing else."""
    fields = prompt_fields(name)
    if fields != set(values):
        raise ValueError(f"prompt {name!r} takes {sorted(fields)}, got {sorted(values)}")
    return load_prompt(name).format(**values)
