"""A fast VADER-style sentiment scorer.

The word valences are the VADER lexicon (Hutto & Gilbert, ICWSM 2014; MIT licence) read from
the ``vaderSentiment`` package's data file. The scoring rules are a linear-time subset of
VADER's (negation, degree boosters, capitalised emphasis, "but", exclamation marks), written so
that a 2,000-word message scores in about a millisecond; VADER itself rescans the text per word.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from followthrough.guard.cues import TOKEN_RE  # one tokenizer for every part
from followthrough.guard.rules_data import BOOSTERS, LEXICON_OVERRIDES, NEGATORS

_C_INCR = 0.733
_N_SCALAR = -0.74
_ALPHA = 15.0


@dataclass(frozen=True, slots=True)
class Sentiment:
    """Lexicon sentiment of a text: ``compound`` in -1..1, ``pos``/``neg`` summed intensities."""

    compound: float
    pos: float
    neg: float
    words: int
    negative_words: tuple[str, ...]
    positive_words: tuple[str, ...]


@lru_cache(maxsize=1)
def load_lexicon() -> dict[str, float]:
    """Word → valence (-4..4), from the VADER lexicon plus our overrides."""
    lexicon: dict[str, float] = {}
    source = resources.files("vaderSentiment").joinpath("vader_lexicon.txt")
    for line in source.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2:
            try:
                lexicon[parts[0]] = float(parts[1])
            except ValueError:
                continue
    lexicon.update(LEXICON_OVERRIDES)
    return lexicon


def _negated(lowered: list[str], i: int) -> bool:
    for j in range(max(0, i - 3), i):
        w = lowered[j]
        if w in NEGATORS or w.endswith(("n't", "n\u2019t")):
            return True
    return False


def _boost(lowered: list[str], i: int, valence: float) -> float:
    extra = 0.0
    for dist, j in enumerate(range(i - 1, max(-1, i - 4), -1)):
        b = BOOSTERS.get(lowered[j])
        if b is not None:
            extra += b * (1.0 - 0.05 * dist)
    if extra == 0.0:
        return valence
    return valence + extra if valence > 0 else valence - extra


_CAPS_RE = re.compile(r"\b[A-Z][A-Z']+\b")
_PUNCT = frozenset({".", ";", "\n", ":", ","})


@lru_cache(maxsize=1)
def _special() -> frozenset[str]:
    """Tokens the scorer must look at: sentiment words, "but", and clause ends."""
    return frozenset(load_lexicon()) | {"but"}


def score(text: str, tokens: list[str] | None = None) -> Sentiment:
    """Score ``text`` (its lower-cased tokens may be passed in). Linear in its length.

    Only the tokens that matter are visited: sentiment words, "but", clause ends and "!".
    """
    lexicon = load_lexicon()
    if tokens is None:
        tokens = TOKEN_RE.findall(text.lower())
    special = _special()
    caps = (
        frozenset(w.lower() for w in _CAPS_RE.findall(text)) if not text.isupper() else frozenset()
    )
    total = 0.0
    pos = 0.0
    neg = 0.0
    clause: list[float] = []
    after_but = False
    neg_words: list[str] = []
    pos_words: list[str] = []
    exclaim = 0
    hits = [i for i, t in enumerate(tokens) if t in special or t[0] in "!?.;\n"]
    for i in hits:
        low = tokens[i]
        first = low[0]
        if first == "!":
            exclaim += len(low)
            continue
        if first in ".;\n?":
            total += sum(clause)
            clause = []
            after_but = False
            continue
        if low == "but":
            clause = [v * 0.5 for v in clause]
            after_but = True
            continue
        valence = lexicon.get(low)
        if not valence:
            continue
        valence = _boost(tokens, i, valence)
        if low in caps:
            valence += _C_INCR if valence > 0 else -_C_INCR
        if _negated(tokens, i):
            valence *= _N_SCALAR
        if after_but:
            valence *= 1.5
        clause.append(valence)
        if valence > 0:
            pos += valence
            pos_words.append(low)
        else:
            neg -= valence
            neg_words.append(low)
    total += sum(clause)
    if total != 0.0 and exclaim:
        bump = min(exclaim, 4) * 0.292
        total += bump if total > 0 else -bump
    compound = total / math.sqrt(total * total + _ALPHA)
    return Sentiment(
        compound=compound,
        pos=pos,
        neg=neg,
        words=len(tokens),
        negative_words=tuple(neg_words),
        positive_words=tuple(pos_words),
    )
