"""The fitted decisions of the extractive answerer: which sentence answers, and whether to answer at all.

Both are logistic models over signals the answerer computes (coverage, cosine, BM25 fusion, answer type,
position, …), fitted on real news (NewsQA dev and unanswerable questions about the same articles) by
`eval/fit_answerer.py`, which writes `data/fact_model.json` beside this module. Only numpy runs here:
scikit-learn is needed to refit, not to answer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

DEFAULT_PATH = Path(__file__).with_name("data") / "fact_model.json"


@dataclass(frozen=True)
class Logistic:
    """A standardised logistic model, optionally followed by Platt calibration (`a`, `b`)."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    a: float | None = None  # calibrated p = 1 / (1 + exp(a * decision + b)), as scikit-learn's sigmoid
    b: float | None = None

    def matrix(self, rows: list[dict[str, float]]) -> np.ndarray:
        """Arrange named signals as this model's feature matrix."""
        return np.array([[row[f] for f in self.features] for row in rows], dtype=np.float64).reshape(
            len(rows), len(self.features)
        )

    def decision(self, rows: list[dict[str, float]]) -> np.ndarray:
        """Return the linear score of each row."""
        return ((self.matrix(rows) - self.mean) / self.scale) @ self.coef + self.intercept

    def probability(self, rows: list[dict[str, float]]) -> np.ndarray:
        """Return each row's probability of the positive class (calibrated when fitted so)."""
        z = self.decision(rows)
        if self.a is not None and self.b is not None:
            return 1.0 / (1.0 + np.exp(self.a * z + self.b))
        return 1.0 / (1.0 + np.exp(-z))

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> Logistic:
        """Read a model written by `to_json`."""
        return cls(
            tuple(obj["features"]),
            np.asarray(obj["mean"], dtype=np.float64),
            np.asarray(obj["scale"], dtype=np.float64),
            np.asarray(obj["coef"], dtype=np.float64),
            float(obj["intercept"]),
            obj.get("a"),
            obj.get("b"),
        )

    def to_json(self) -> dict[str, Any]:
        """Write the model as plain numbers."""
        return {
            "features": list(self.features),
            "mean": [round(float(x), 6) for x in self.mean],
            "scale": [round(float(x), 6) for x in self.scale],
            "coef": [round(float(x), 6) for x in self.coef],
            "intercept": round(float(self.intercept), 6),
            "a": None if self.a is None else round(float(self.a), 6),
            "b": None if self.b is None else round(float(self.b), 6),
        }


@dataclass(frozen=True)
class FactModel:
    """The ranker, the answer-or-refuse model and the operating points chosen on dev."""

    ranker: Logistic  # P(this sentence holds the answer)
    refusal: Logistic  # P(the article answers this question)
    threshold: float  # answer when the refusal model's probability reaches this
    second: float  # add the runner-up sentence when its ranker probability is this share of the best's
    info: dict[str, Any]

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> FactModel:
        """Read the file `eval/fit_answerer.py` writes."""
        return cls(
            Logistic.from_json(obj["ranker"]),
            Logistic.from_json(obj["refusal"]),
            float(obj["threshold"]),
            float(obj["second"]),
            obj.get("info", {}),
        )

    def to_json(self) -> dict[str, Any]:
        """Write the models and operating points."""
        return {
            "ranker": self.ranker.to_json(),
            "refusal": self.refusal.to_json(),
            "threshold": round(self.threshold, 6),
            "second": round(self.second, 6),
            "info": self.info,
        }


@cache
def load_fact_model(path: Path = DEFAULT_PATH) -> FactModel:
    """Load the fitted models once per process."""
    return FactModel.from_json(json.loads(path.read_text()))


ARTICLE_PATH = DEFAULT_PATH.with_name("article_model.json")


@dataclass(frozen=True)
class ArticleModel:
    """Whether the article of the best sentence is the one a question asked of no article means."""

    choice: Logistic  # P(the best sentence's article is the one meant), calibrated
    threshold: float  # below it, ask which article is meant instead of answering
    info: dict[str, Any]

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> ArticleModel:
        """Read the file `eval/fit_article.py` writes."""
        return cls(Logistic.from_json(obj["model"]), float(obj["threshold"]), obj.get("info", {}))


@cache
def load_article_model(path: Path = ARTICLE_PATH) -> ArticleModel:
    """Load the fitted article choice once per process."""
    return ArticleModel.from_json(json.loads(path.read_text()))
