"""Inbound analysis: is this customer unhappy, how heated, about what, how urgent, asking what.

The scorer combines three explainable parts:

* the lexicon sentiment (``lexicon.py``, VADER word valences with linear-time rules);
* hand-written cue tables (``rules_data.py``): complaint, anger, calm, positive, urgency;
* a small linear model over words (``model.py``), trained on GoEmotions only.

Each part's contribution is reported in ``reasons``.
"""

from __future__ import annotations

import math
import re
from typing import Literal

from followthrough.guard import cues, lexicon, model
from followthrough.guard.rules_data import CATEGORY_FROM_COMPLAINT
from followthrough.guard.text import questions, strip_quoted
from followthrough.guard.types import CATEGORIES, InboundAnalysis

# Thresholds. The unhappiness score is a sum of evidence for (negative sentiment, complaint
# and anger cues) and against (positive sentiment without a complaint); unhappy means the
# evidence for wins. Positive needs clear praise or thanks. Chosen from aggregate figures on
# the development data (docs/benchmarks-guard.md), not fitted row by row.
UNHAPPY_THRESHOLD = 0.0
POSITIVE_COMPOUND = 0.6
POSITIVE_WITH_CUE = 0.2
HEATED_ANGER = 0.6

# Words of three capitals or more (the leading class lets the regex engine skip ahead; the
# lookbehind makes it a word start).
_CAPS_WORD = re.compile(r"[A-Z](?<!\w[A-Z])[A-Z]{2,}\b")
_NOT_SHOUTED = frozenset({"ASAP", "FYI", "USA", "PDF"})


def _sigmoid(x: float) -> float:
    if x < -30:
        return 0.0
    return 1.0 / (1.0 + math.exp(-x))


def _shouting(text: str) -> float:
    """0..1: share of shouted words, plus runs of "!!"."""
    if text.islower():
        score = 0.0
    else:
        caps = [w for w in _CAPS_WORD.findall(text) if w not in _NOT_SHOUTED]
        score = min(1.0, len(caps) / 4.0)
    if "!!" in text:
        score = min(1.0, score + 0.5)
    return score


def analyze_inbound(text: str) -> InboundAnalysis:
    """Read a customer's message. Pure and fast (no I/O after the first call loads data)."""
    body = strip_quoted(text)
    words = cues.Words(body)
    fired = cues.fire(cues.inbound_table(), words)
    sent = lexicon.score(body, words.tokens, words.present, words.lowered)
    complaint = fired.get("complaint", {})
    anger_cues = fired.get("anger", {})
    positive = fired.get("positive", {})
    calm = fired.get("calm", {})
    urgency_cues = fired.get("urgency", {})
    learned = model.predict(words.tokens, present=words.present, pairs=words.pairs)
    shout = _shouting(body)

    complaint_w = sum(complaint.values())
    anger_w = sum(anger_cues.values())
    positive_w = sum(positive.values())
    if complaint and "but" in words.present:  # "thanks for the quick reply, but it's still…"
        positive_w *= 0.5
    compound = sent.compound

    # Unhappiness: negative sentiment, complaint cues, anger cues, the learned reading;
    # positive sentiment counts against it only when no complaint cue fired.
    unhappiness = (
        2.0 * max(0.0, -compound)
        + 0.8 * min(complaint_w, 2.5)
        + 0.5 * min(anger_w, 2.0)
        + 1.0 * (learned.unhappy - model.PRIOR_UNHAPPY)
        - (1.2 if not complaint else 0.4) * max(0.0, compound)
        - 0.3 * min(positive_w, 1.0)
    )
    unhappy = unhappiness >= UNHAPPY_THRESHOLD

    anger_x = (
        -2.2
        + 1.8 * max(0.0, -compound)
        + 0.9 * min(anger_w, 3.0)
        + 0.25 * min(complaint_w, 2.0)
        + 1.2 * shout
        + 2.5 * (learned.anger - model.PRIOR_ANGER)
        - 0.4 * min(sum(calm.values()), 1.0)
        - 0.8 * max(0.0, compound)
    )
    anger = round(_sigmoid(anger_x), 3)
    heated = unhappy and (anger >= HEATED_ANGER)

    if unhappy:
        sentiment: Literal["negative", "neutral", "positive"] = "negative"
    elif compound >= POSITIVE_COMPOUND or (positive and compound >= POSITIVE_WITH_CUE):
        sentiment = "positive"
    else:
        sentiment = "neutral"

    category = _category(cues.category_scores(words), complaint) if unhappy else "other"
    asked = questions(body)
    urgency_w = sum(urgency_cues.values()) + (0.5 if heated else 0.0)
    urgency: Literal["low", "normal", "high"] = (
        "high"
        if urgency_w >= 1.0
        else ("low" if sentiment == "positive" and not asked else "normal")
    )

    reasons = [f"sentiment {compound:+.2f}"]
    if sent.negative_words:
        reasons.append("negative words: " + ", ".join(dict.fromkeys(sent.negative_words)))
    reasons.extend(f"complaint cue: {c}" for c in complaint)
    reasons.extend(f"anger cue: {c}" for c in anger_cues)
    if shout:
        reasons.append("shouting")
    reasons.extend(f"positive cue: {c}" for c in positive)
    reasons.extend(f"urgency cue: {c}" for c in urgency_cues)
    reasons.append(f"model: unhappy {learned.unhappy:.2f}, anger {learned.anger:.2f}")

    return InboundAnalysis(
        unhappy=unhappy,
        anger=anger,
        heated=heated,
        sentiment=sentiment,
        category=category,
        urgency=urgency,
        questions=asked,
        is_complaint=unhappy and bool(complaint),
        reasons=tuple(reasons),
        unhappiness=round(unhappiness, 3),
        compound=round(compound, 3),
    )


def _category(scores: dict[str, float], complaint: dict[str, float]) -> str:
    for cue in complaint:
        hint = CATEGORY_FROM_COMPLAINT.get(cue)
        if hint is not None:
            scores[hint[0]] = scores.get(hint[0], 0.0) + hint[1]
    if not scores:
        return "other"
    best = max(CATEGORIES, key=lambda c: scores.get(c, 0.0))
    return best if scores.get(best, 0.0) > 0 else "other"
