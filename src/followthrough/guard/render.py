"""Render findings for a terminal: each finding under its line, the span marked with carets."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from followthrough.guard.types import Finding

_LABEL = {"block": "BLOCK", "warn": "warn ", "info": "info "}


def _line_of(text: str, offset: int) -> tuple[int, int, int]:
    """(line number from 1, line start offset, line end offset) containing ``offset``."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    if end < 0:
        end = len(text)
    return text.count("\n", 0, start) + 1, start, end


def format_findings(text: str, findings: Sequence[Finding], *, tz: str = "UTC") -> str:
    """A plain-text report: per finding, the line it is on with the span underlined; due
    times in zone ``tz`` (the member's), with its offset."""
    if not findings:
        return "No findings."
    out: list[str] = []
    for f in findings:
        head = f"{_LABEL[f.severity]} {f.rule}: {f.message}"
        if f.start == f.end == 0 and f.rule != "cooling-off":
            out.append(head)
        elif f.start == 0 and f.end == len(text) and "\n" in text.strip():
            out.append(head + " (whole message)")
        else:
            lineno, ls, le = _line_of(text, min(f.start, max(len(text) - 1, 0)))
            line = text[ls:le]
            col = f.start - ls
            width = max(1, min(f.end, le) - f.start)
            gutter = f"{lineno:>4} | "
            out.append(head)
            out.append(gutter + line)
            out.append(" " * len(gutter) + " " * col + "^" * width)
        if f.suggestion:
            out.append(f"       suggestion: {f.suggestion}")
        if f.data is not None:
            due = f.data.due.astimezone(ZoneInfo(tz))
            out.append(f"       due: {due.isoformat()} ({f.data.due_text!r})")
        out.append("")
    return "\n".join(out).rstrip() + "\n"
