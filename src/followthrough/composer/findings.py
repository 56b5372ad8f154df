"""Findings as the web page and the API show them: JSON shapes and highlighted text."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from followthrough.guard import Finding
from followthrough.guard.types import SEVERITY_ORDER

TONE_RULES = frozenset(
    {"blame", "half-apology", "sarcasm", "shouting", "absolutes", "condescension"}
)


def finding_json(f: Finding, tz: str | None = None) -> dict[str, Any]:
    """A finding as JSON; a promise's due time with the offset of ``tz`` (UTC as stored)."""
    promise = None
    if f.data is not None:
        due = f.data.due.astimezone(ZoneInfo(tz)) if tz else f.data.due
        promise = {
            "what": f.data.what,
            "due": due.isoformat(),
            "due_text": f.data.due_text,
        }
    return {
        "rule": f.rule,
        "severity": f.severity,
        "start": f.start,
        "end": f.end,
        "message": f.message,
        "suggestion": f.suggestion,
        "promise": promise,
    }


def blocking(findings: Sequence[Finding]) -> list[Finding]:
    """Block findings other than cooling-off (which holds a draft rather than refusing it)."""
    return [f for f in findings if f.severity == "block" and f.rule != "cooling-off"]


def is_whole(f: Finding, text: str) -> bool:
    """A finding about the message as a whole (or no span at all): nothing to highlight."""
    return f.end <= f.start or (f.start == 0 and f.end >= len(text.rstrip()))


@dataclass(frozen=True)
class Segment:
    text: str
    severity: str = ""  # the worst severity of the findings over it; "" = unmarked
    refs: str = ""  # space-separated indexes into the findings list
    rules: str = ""


def segments(text: str, findings: Sequence[Finding]) -> list[Segment]:
    """The text cut at every finding's edges, each piece knowing which findings cover it,
    for a preview with <mark> around the spans."""
    spans = [(i, f) for i, f in enumerate(findings) if not is_whole(f, text)]
    cuts = sorted({0, len(text)} | {min(p, len(text)) for _, f in spans for p in (f.start, f.end)})
    out: list[Segment] = []
    for a, b in itertools.pairwise(cuts):
        if a >= b:
            continue
        over = [(i, f) for i, f in spans if f.start <= a and f.end >= b]
        if not over:
            out.append(Segment(text[a:b]))
            continue
        worst = max(over, key=lambda p: SEVERITY_ORDER[p[1].severity])[1].severity
        out.append(
            Segment(
                text[a:b],
                worst,
                " ".join(str(i) for i, _ in over),
                " ".join(sorted({f.rule for _, f in over})),
            )
        )
    return out


@dataclass(frozen=True)
class Shown:
    """One finding as the composer lists it."""

    index: int
    finding: Finding
    excerpt: str
    due_label: str = ""
    recorded: bool = False

    @property
    def rule(self) -> str:
        return self.finding.rule

    @property
    def severity(self) -> str:
        return self.finding.severity


def shown(
    text: str, findings: Sequence[Finding], tz: str, recorded: frozenset[str] = frozenset()
) -> list[Shown]:
    out = []
    for i, f in enumerate(findings):
        excerpt = "" if is_whole(f, text) else text[f.start : f.end]
        due = ""
        if f.data is not None:
            local = f.data.due.astimezone(ZoneInfo(tz))
            due = f"{local:%a} {local.day} {local:%b}, {local:%H:%M}"
        done = f.data is not None and f.data.what.lower() in recorded
        out.append(Shown(i, f, excerpt[:200], due, done))
    return sorted(out, key=lambda s: (-SEVERITY_ORDER[s.severity], s.finding.start))
