"""bot.prompts: every template loads, render() is strict, the code passes exactly each template's fields."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from bot.prompts import PROMPTS_DIR, load_prompt, prompt_fields, render

REPO = Path(__file__).resolve().parents[2]
CODE_DIRS = ("bot", "index", "eval", "bench")
TEMPLATES = sorted(p.stem for p in PROMPTS_DIR.glob("*.txt"))


def test_prompts_folder_is_the_repositorys():
    assert PROMPTS_DIR == REPO / "prompts"
    assert {"extractive_fact", "not_found", "llm_answer", "llm_summary", "llm_followup"} <= set(TEMPLATES)


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_template_loads_and_renders_with_its_fields(name):
    text = load_prompt(name)
    assert text.strip() and not text.endswith("\n")
    fields = prompt_fields(name)
    for _literal, field, _spec, _conv in string.Formatter().parse(text):
        if field is not None:  # "" or "0" would be positional, "a.b" / "a[0]" would reach into objects
            assert field.isidentifier(), f"{name}: placeholder {{{field}}} must be a plain name"
    values = {f: f"<{f}>" for f in fields}
    out = render(name, **values)
    for f in fields:
        assert f"<{f}>" in out and f"{{{f}}}" not in out


@pytest.mark.parametrize("name", TEMPLATES)
def test_render_rejects_missing_and_extra_fields(name):
    fields = sorted(prompt_fields(name))
    values = {f: "x" for f in fields}
    with pytest.raises(ValueError, match=name):
        render(name, **values, surplus_field="x")
    if fields:
        missing = dict(values)
        missing.pop(fields[0])
        with pytest.raises(ValueError, match=name):
            render(name, **missing)


def test_render_examples():
    refusal = render("not_found", question="Who won?", where="the article “X”")
    assert refusal.startswith("The article doesn't say.")
    assert render("extractive_fact", lead="", passage="It rained.", n=2) == "It rained. [2]"
    assert prompt_fields("not_found") == {"question", "where"}


def test_unknown_template_names_the_known_ones():
    with pytest.raises(ValueError) as exc:
        load_prompt("no_such_prompt")
    for name in TEMPLATES:
        assert name in str(exc.value)


def render_calls() -> list[tuple[str, int, ast.Call]]:
    """Find every call of bot.prompts.render in the project's code."""
    found = []
    for folder in CODE_DIRS:
        for path in sorted((REPO / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            funcs, modules = set(), set()
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module == "bot.prompts":
                    funcs |= {a.asname or a.name for a in node.names if a.name == "render"}
                elif isinstance(node, ast.ImportFrom) and node.module == "bot":
                    modules |= {a.asname or a.name for a in node.names if a.name == "prompts"}
                elif isinstance(node, ast.Import):
                    modules |= {a.asname for a in node.names if a.name == "bot.prompts" and a.asname}
                    if any(a.name == "bot.prompts" and not a.asname for a in node.names):
                        modules.add("bot.prompts")
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                f = node.func
                by_name = isinstance(f, ast.Name) and f.id in funcs
                by_module = isinstance(f, ast.Attribute) and f.attr == "render" and \
                    ast.unparse(f.value) in modules
                if by_name or by_module:
                    found.append((str(path.relative_to(REPO)), node.lineno, node))
    return found


def test_the_code_passes_each_template_exactly_its_fields():
    calls = render_calls()
    used = set()
    assert len(calls) >= 2, "the scan must find the extractive answerer's render calls"
    for where, line, call in calls:
        assert call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str), \
            f"{where}:{line}: the template name must be a literal so it can be checked"
        name = call.args[0].value
        assert name in TEMPLATES, f"{where}:{line}: no template prompts/{name}.txt"
        assert len(call.args) == 1 and all(k.arg is not None for k in call.keywords), \
            f"{where}:{line}: pass template fields as plain keywords"
        passed = {k.arg for k in call.keywords}
        assert passed == prompt_fields(name), f"{where}:{line}: render({name!r}) passes {sorted(passed)}, " \
                                              f"the template takes {sorted(prompt_fields(name))}"
        used.add(name)
    assert {"extractive_fact", "not_found", "llm_answer", "llm_summary", "llm_followup"} <= used


def test_the_model_prompts_take_named_passages_quotes_and_questions():
    assert prompt_fields("llm_answer") == {"where", "passages", "quotes", "question"}
    assert prompt_fields("llm_summary") == {"title", "length", "focus", "passages", "quotes"}
    assert prompt_fields("llm_followup") == {"history", "question"}
    prompt = render("llm_answer", where="the article “X”", passages="[1] It rained.", quotes="(none)",
                    question="Did it rain?")
    assert "[1] It rained." in prompt and prompt.endswith("Question: Did it rain?\nAnswer:")
    assert "NOT_IN_ARTICLE" in prompt  # the answerer recognises this reply
