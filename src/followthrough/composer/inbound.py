"""Reading inbound messages with the guard, once, when they are logged.

`interaction_analyze` is registered as a post-log hook of `contacts.services.interaction_log`
(see `ComposerConfig.ready`), so the form, the API, imports and the demo all store the reading.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from followthrough.contacts.models import Direction, Interaction, Kind
from followthrough.contacts.services import InteractionData
from followthrough.guard import InboundAnalysis, analyze_inbound

READ_KINDS = frozenset({Kind.EMAIL, Kind.MESSAGE})


def interaction_text(interaction: Interaction) -> str:
    """What the customer wrote: the subject line and the body."""
    return "\n\n".join(p for p in (interaction.subject.strip(), interaction.body.strip()) if p)


def is_readable(kind: str, direction: str) -> bool:
    return direction == Direction.INBOUND and kind in READ_KINDS


def analysis_fields(analysis: InboundAnalysis) -> dict[str, Any]:
    return {
        "heated": analysis.heated,
        "unhappy": analysis.unhappy,
        "anger": round(analysis.anger, 3),
        "category": analysis.category[:16],
        "urgency": analysis.urgency[:8],
    }


def interaction_analyze(interaction: Interaction, data: InteractionData) -> None:
    """Store how an inbound email or message reads (one UPDATE; the guard takes ~0.3 ms)."""
    if not is_readable(data.kind, data.direction):
        return
    text = interaction_text(interaction)
    if not text:
        return
    fields = analysis_fields(analyze_inbound(text))
    Interaction.objects.filter(pk=interaction.pk).update(**fields)
    for name, value in fields.items():
        setattr(interaction, name, value)


def inbound_analysis_for(interaction: Interaction) -> InboundAnalysis:
    """The guard's full reading of an inbound message, with its *stored* heat: the hold a
    member sees on Today is the hold the composer applies, even if the guard is tuned later."""
    analysis = analyze_inbound(interaction_text(interaction))
    if interaction.heated is not None and interaction.heated != analysis.heated:
        analysis = replace(analysis, heated=interaction.heated)
    return analysis


def cooling_off_until(interaction: Interaction, minutes: int) -> datetime | None:
    """When a reply to this message may go, if it reads as heated; None otherwise."""
    if not interaction.heated or interaction.direction != Direction.INBOUND:
        return None
    return interaction.occurred_at + timedelta(minutes=minutes)
