"""The taxonomy of why a customer or prospect was lost: built in, never removed.

The first three are *ours*: something we did (or failed to do). A loss for one of them is
only recorded with a corrective action — an owner and a due date — so the lesson is acted on.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BuiltIn:
    key: str
    label: str
    ours: bool = False
    asks_competitor: bool = False


BUILT_IN = (
    BuiltIn("broken_promise", "We did not do what we promised", ours=True),
    BuiltIn("misunderstood", "They misunderstood what they bought", ours=True),
    BuiltIn("staff_failed", "Our staff failed to perform", ours=True),
    BuiltIn("no_need", "They did not need or want it"),
    BuiltIn("price", "Price"),
    BuiltIn("competitor", "Chose a competitor", asks_competitor=True),
    BuiltIn("do_nothing", "Decided to do nothing"),
    BuiltIn("other", "Other"),
)
BUILT_IN_KEYS = frozenset(b.key for b in BUILT_IN)
OURS_KEYS = frozenset(b.key for b in BUILT_IN if b.ours)
