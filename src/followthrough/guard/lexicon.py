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


# All-capital words of two letters or more; the leading class lets the regex engine skip
# ahead quickly (the lookbehind makes it a word start, like a leading \b).
_CAPS_RE = re.compile(r"[A-Z](?<!\w[A-Z])[A-Z']+\b")
_MENTION = re.compile(r"(?<![a-z0-9_])@([a-z0-9_]+)")
_CLAUSE_ENDS = frozenset({".", ";", "\n"})


@lru_cache(maxsize=1)
def _valenced() -> frozenset[str]:
    """Words with a nonzero valence: the only tokens that move the score."""
    return frozenset(w for w, v in load_lexicon().items() if v)


def score(
    text: str,
    tokens: list[str] | None = None,
    present: frozenset[str] | None = None,
    lowered: str | None = None,
) -> Sentiment:
    """Score ``text`` (its lower-cased tokens, their set and the lower-cased text may be
    passed in). Linear in its length.

    Only the tokens that matter are visited: sentiment words and, when the text has a "but"
    (which halves the clause before it), clause ends. "!" amplifies a nonzero total.
    """
    if lowered is None:
        lowered = text.lower()
    if tokens is None:
        tokens = TOKEN_RE.findall(lowered)
    if present is None:
        present = frozenset(tokens)
    hits = present.intersection(_valenced())
    if hits and "@" in lowered:  # a handle ("@united", "@joy") names someone; it is no word
        hits = hits.difference(_MENTION.findall(lowered))
    if not hits:
        return Sentiment(0.0, 0.0, 0.0, len(tokens), (), ())
    lexicon = load_lexicon()
    marked: frozenset[str] = hits
    if "but" in present:  # then clause ends matter: "but" halves its clause only
        ends = _QUESTION_RUNS.findall(text) if "?" in text else ()
        marked = hits.union(_CLAUSE_ENDS, ("but",), ends)
    marks = [i for i, t in enumerate(tokens) if t in marked]
    boosted = not present.isdisjoint(BOOSTERS)
    negatable = not present.isdisjoint(NEGATORS) or "n't" in lowered or "n\u2019t" in lowered
    caps = (
        frozenset(w.lower() for w in _CAPS_RE.findall(text))
        if not text.isupper() and not text.islower()
        else frozenset()
    )
    total = 0.0
    pos = 0.0
    neg = 0.0
    clause: list[float] = []
    after_but = False
    neg_words: list[str] = []
    pos_words: list[str] = []
    for i in marks:
        low = tokens[i]
        if low == "but":
            clause = [v * 0.5 for v in clause]
            after_but = True
            continue
        valence = lexicon.get(low)
        if not valence:  # a clause end
            total += sum(clause)
            clause = []
            after_but = False
            continue
        if boosted:
            valence = _boost(tokens, i, valence)
        if low in caps:
            valence += _C_INCR if valence > 0 else -_C_INCR
        if negatable and _negated(tokens, i):
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
    if total != 0.0 and "!" in text:
        exclaim = sum(len(t) for t in _BANG_RUNS.findall(text))
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


# A run of "!" and "?" that starts with "?" (a clause end, as a token). The literal comes
# first so the regex engine can jump to it; the lookbehind then checks what precedes it.
_QUESTION_RUNS = re.compile(r"\?(?<![!?]\?)[!?]*")
# A run of "!" and "?" that starts with "!" (the tokens the original scorer counted as "!").
_BANG_RUNS = re.compile(r"!(?<![!?]!)[!?]*")
