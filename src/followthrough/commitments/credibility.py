"""Credibility, kept-rate and the "safer time" hint: pure arithmetic, no ORM, no clock.

The rules (docs/credibility.md explains them for people):

* credibility starts at 100;
* a broken promise halves it;
* a kept promise restores 10 % of what is missing to 100;
* it never leaves 0..100, and is the fold of these steps over a member's outcomes in the
  order they happened (renegotiated and released promises are neither);
* kept-rate over a window = kept / (kept + broken) among outcomes decided in that window.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

START = 100.0
BREAK_FACTOR = 0.5
KEEP_RECOVERY = 0.10


class Outcome(StrEnum):
    KEPT = "kept"
    BROKEN = "broken"


def step(score: float, outcome: Outcome | str) -> float:
    """The credibility after one more outcome."""
    if outcome == Outcome.BROKEN:
        nxt = score * BREAK_FACTOR
    elif outcome == Outcome.KEPT:
        nxt = score + KEEP_RECOVERY * (START - score)
    else:
        raise ValueError(f"not an outcome: {outcome!r}")
    return min(START, max(0.0, nxt))


def score_of(outcomes: Iterable[Outcome | str], start: float = START) -> float:
    """Credibility after a sequence of outcomes, oldest first."""
    score = start
    for outcome in outcomes:
        score = step(score, outcome)
    return score


def kept_rate(kept: int, broken: int) -> float | None:
    """Share of decided promises that were kept; None when nothing was decided."""
    decided = kept + broken
    return None if decided == 0 else kept / decided


def window_start(now: datetime, days: int) -> datetime:
    return now - timedelta(days=days)


# The safer time ---------------------------------------------------------------------------

MIN_SAMPLES = 3
LATE_SHARE_TO_WARN = 0.2


@dataclass(frozen=True)
class Run:
    """How one past promise of the member's ran: how far ahead it was made, how late it ran."""

    lead: timedelta
    late: timedelta


@dataclass(frozen=True)
class SaferTime:
    due_at: datetime
    late_runs: int
    similar_runs: int
    median_late: timedelta


def horizon_bucket(lead: timedelta) -> int:
    """Promises "of this kind": made for within 2 hours, a day, a week, or longer."""
    hours = lead.total_seconds() / 3600
    if hours <= 2:
        return 0
    if hours <= 24:
        return 1
    if hours <= 24 * 7:
        return 2
    return 3


def safer_due(*, due_at: datetime, now: datetime, history: Sequence[Run]) -> SaferTime | None:
    """A later due time when this member's promises made this far ahead often ran late."""
    bucket = horizon_bucket(due_at - now)
    similar = [r for r in history if horizon_bucket(r.lead) == bucket]
    if len(similar) < MIN_SAMPLES:
        return None
    late = sorted(r.late for r in similar if r.late > timedelta(0))
    if not late or len(late) / len(similar) < LATE_SHARE_TO_WARN:
        return None
    median = late[len(late) // 2]
    return SaferTime(
        due_at=round_up(due_at + median, median),
        late_runs=len(late),
        similar_runs=len(similar),
        median_late=median,
    )


def round_up(when: datetime, by: timedelta) -> datetime:
    """Round to a time people say: quarter hours for short slips, hours, then whole days."""
    if by >= timedelta(days=1):
        days = math.ceil(by / timedelta(days=1))
        return when - by + timedelta(days=days)
    unit = timedelta(minutes=15) if by < timedelta(hours=2) else timedelta(hours=1)
    epoch = when.replace(minute=0, second=0, microsecond=0)
    steps = math.ceil((when - epoch) / unit)
    return epoch + steps * unit
