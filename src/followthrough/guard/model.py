"""A small learned linear model over words and word pairs, evaluated in plain Python.

Trained by ``tools/train_guard.py`` on GoEmotions (Demszky et al., ACL 2020; Apache-2.0) only.
The weights are a readable JSON file (``data/goemotions_linear.json.gz``): for each head, a
bias and a weight per feature. Features are the lower-cased tokens and adjacent token pairs
(present or not).
"""

from __future__ import annotations

import gzip
import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from typing import Any

MODEL_FILE = "goemotions_linear.json.gz"
PRIOR_UNHAPPY = 0.25
PRIOR_ANGER = 0.1
HEADS = ("unhappy", "anger")


@dataclass(frozen=True, slots=True)
class LearnedScore:
    unhappy: float
    anger: float


@dataclass(frozen=True, slots=True)
class LinearHead:
    bias: float
    weights: dict[str, float]

    def logit(self, features: set[str]) -> float:
        w = self.weights
        total = self.bias
        for f in features:
            v = w.get(f)
            if v is not None:
                total += v
        return total


def featurize(tokens: list[str]) -> set[str]:
    """Distinct unigram and bigram features of a token list (see ``cues.Words``)."""
    feats = set(tokens)
    feats.update([a + " " + b for a, b in pairwise(tokens)])
    return feats


def _sigmoid(x: float) -> float:
    if x < -30:
        return 0.0
    if x > 30:
        return 1.0
    return 1.0 / (1.0 + math.exp(-x))


@lru_cache(maxsize=1)
def load() -> dict[str, LinearHead]:
    """The shipped heads, or empty when the data file is missing (then scores are neutral)."""
    source = resources.files("followthrough.guard").joinpath("data", MODEL_FILE)
    if not source.is_file():
        return {}
    raw: dict[str, Any] = json.loads(gzip.decompress(source.read_bytes()).decode("utf-8"))
    return {
        name: LinearHead(float(head["bias"]), {k: float(v) for k, v in head["weights"].items()})
        for name, head in raw["heads"].items()
    }


_override: list[dict[str, LinearHead]] = []


@contextmanager
def using(heads: dict[str, LinearHead]) -> Iterator[None]:
    """Score with ``heads`` instead of the shipped model (for cross-validated evaluation)."""
    _override.append(heads)
    try:
        yield
    finally:
        _override.pop()


@dataclass(frozen=True, slots=True)
class _Joint:
    """Both heads as one lookup: feature → (unhappy weight, anger weight); word pairs keyed by
    tuples, so a text's pairs need no joining into strings."""

    bias: tuple[float, float]
    words: tuple[dict[str, float], dict[str, float]]  # (unhappy, anger) weights
    word_keys: frozenset[str]
    pairs: tuple[dict[tuple[str, str], float], dict[tuple[str, str], float]]
    pair_keys: frozenset[tuple[str, str]]


_joint_cache: dict[int, tuple[dict[str, LinearHead], _Joint]] = {}


def _joint(heads: dict[str, LinearHead]) -> _Joint:
    cached = _joint_cache.get(id(heads))
    if cached is not None and cached[0] is heads:
        return cached[1]
    unhappy, anger = heads["unhappy"].weights, heads["anger"].weights
    words: tuple[dict[str, float], dict[str, float]] = ({}, {})
    pairs: tuple[dict[tuple[str, str], float], dict[tuple[str, str], float]] = ({}, {})
    for f in unhappy.keys() | anger.keys():
        first, _, second = f.partition(" ")
        for n, head in enumerate((unhappy, anger)):
            if second:
                pairs[n][(first, second)] = head.get(f, 0.0)
            else:
                words[n][f] = head.get(f, 0.0)
    joint = _Joint(
        (heads["unhappy"].bias, heads["anger"].bias),
        words,
        frozenset(words[0]),
        pairs,
        frozenset(pairs[0]),
    )
    _joint_cache[id(heads)] = (heads, joint)
    return joint


def predict(
    tokens: list[str],
    heads: dict[str, LinearHead] | None = None,
    *,
    present: frozenset[str] | None = None,
    pairs: list[tuple[str, str]] | None = None,
) -> LearnedScore:
    """Probabilities from each head for a token list (neutral priors when no model is shipped).

    The same sum as ``LinearHead.logit(featurize(tokens))``, computed with two set
    intersections: the distinct words (``present``) and adjacent pairs (``pairs``) of the
    text, which ``cues.Words`` has already built, against the model's features.
    """
    if heads is None:
        heads = _override[-1] if _override else load()
    if not heads:
        return LearnedScore(unhappy=PRIOR_UNHAPPY, anger=PRIOR_ANGER)
    joint = _joint(heads)
    if present is None:
        present = frozenset(tokens)
    if pairs is None:
        pairs = list(pairwise(tokens))
    words = present.intersection(joint.word_keys)
    bigrams = joint.pair_keys.intersection(pairs)
    (wu, wa), (pu, pa) = joint.words, joint.pairs
    zu = joint.bias[0] + sum(map(wu.__getitem__, words)) + sum(map(pu.__getitem__, bigrams))
    za = joint.bias[1] + sum(map(wa.__getitem__, words)) + sum(map(pa.__getitem__, bigrams))
    return LearnedScore(unhappy=_sigmoid(zu), anger=_sigmoid(za))
