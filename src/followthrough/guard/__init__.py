"""The message guard: reads inbound messages and checks outgoing drafts. Imports no Django.

Public API::

    analyze_inbound(text) -> InboundAnalysis
    check_draft(text, context: DraftContext) -> list[Finding]
    find_promises(text, *, now, tz="UTC") -> list[Promise]
    format_findings(text, findings, *, tz="UTC") -> str
"""

from followthrough.guard.draft import check_draft
from followthrough.guard.inbound import analyze_inbound
from followthrough.guard.promises import find_promises
from followthrough.guard.render import format_findings
from followthrough.guard.types import DraftContext, Finding, InboundAnalysis, Promise

__all__ = [
    "DraftContext",
    "Finding",
    "InboundAnalysis",
    "Promise",
    "analyze_inbound",
    "check_draft",
    "find_promises",
    "format_findings",
]
