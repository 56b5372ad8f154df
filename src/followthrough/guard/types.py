"""The guard's value types: what an analysis and a check return, and what a check needs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

Severity = Literal["info", "warn", "block"]
SEVERITY_ORDER: dict[str, int] = {"info": 0, "warn": 1, "block": 2}

CATEGORIES = ("delivery", "billing", "product", "quality", "service", "other")
KINDS = (
    "reply",
    "greeting",
    "after_sale",
    "check_in",
    "exit_conversation",
    "chaser",
    "new",
    "feedback_ask",
)


@dataclass(frozen=True, slots=True)
class InboundAnalysis:
    """How a customer's message reads.

    ``anger`` is 0..1 (how heated); ``heated`` means hot enough to hold a reply for a
    cooling-off period. ``reasons`` names the cues that fired, so the reading is explainable.
    """

    unhappy: bool
    anger: float
    heated: bool
    sentiment: Literal["negative", "neutral", "positive"]
    category: str
    urgency: Literal["low", "normal", "high"]
    questions: tuple[str, ...]
    is_complaint: bool
    reasons: tuple[str, ...]
    unhappiness: float = 0.0
    compound: float = 0.0


@dataclass(frozen=True, slots=True)
class Promise:
    """A commitment found in a draft: what we said we would do, and by when."""

    what: str
    due: datetime
    due_text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the guard noticed in a draft, over ``text[start:end]``."""

    rule: str
    severity: Severity
    start: int
    end: int
    message: str
    suggestion: str | None = None
    data: Promise | None = None


@dataclass(frozen=True, slots=True)
class DraftContext:
    """What a draft is for. Every field is optional; rules that lack what they need stay quiet.

    ``now`` is required by the time-dependent rules (cooling-off, promise); without it they
    do not run. ``timezone`` is the member's IANA zone, used to read "by Friday".
    """

    kind: str = "reply"
    inbound_text: str | None = None
    inbound_analysis: InboundAnalysis | None = None
    inbound_received_at: datetime | None = None
    now: datetime | None = None
    cooling_off_minutes: int = 30
    customer_since_days: int | None = None
    first_order_upsell_days: int = 30
    policy_tags: frozenset[str] = field(default_factory=frozenset)
    timezone: str = "UTC"
    max_words: int | None = None
