"""Fixtures for answering tests: a module sets ARTICLE = (file name, text) and gets it served."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(scope="module")
def served(request, tmp_path_factory, serve_article) -> Any:
    """The module's ARTICLE, ingested and served through the real answering service."""
    filename, text = request.module.ARTICLE
    return serve_article(tmp_path_factory.mktemp(filename.split(".")[0]), filename, text)


@pytest.fixture(scope="module")
def service(served) -> Any:
    return served.service


@pytest.fixture(scope="module")
def texts(served) -> dict[str, str]:
    return served.texts


@pytest.fixture
def ask(served):
    """Ask a question and check the answer against the contract; returns the answer JSON."""
    return served.ask
