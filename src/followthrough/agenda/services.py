"""Changes made from the agenda itself: snoozing an item, logging the reply or call-back."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction

from followthrough.agenda.models import Snooze
from followthrough.contacts.models import CallOutcome, Contact, Direction, Interaction, Kind
from followthrough.contacts.services import InteractionData, interaction_log
from followthrough.workspaces.models import Member

_KEY = re.compile(r"^[a-z_]{2,30}:[A-Za-z0-9_-]{1,60}$")
SNOOZE_FOR = {"1h": timedelta(hours=1), "3h": timedelta(hours=3)}


def snooze_until(choice: str, *, member: Member, now: datetime) -> datetime:
    """ "1h", "3h", or "tomorrow" (the start of the member's next working morning)."""
    if choice in SNOOZE_FOR:
        return now + SNOOZE_FOR[choice]
    if choice == "tomorrow":
        zone = ZoneInfo(member.timezone)
        local = now.astimezone(zone) + timedelta(days=1)
        start = member.work_start
        return local.replace(hour=start.hour, minute=start.minute, second=0, microsecond=0)
    raise ValidationError({"for": "Snooze for 1h, 3h or until tomorrow."})


@transaction.atomic
def agenda_snooze(*, member: Member, key: str, until: datetime, now: datetime) -> Snooze:
    if not _KEY.match(key):
        raise ValidationError({"key": f"{key[:100]!r} is not an agenda item."})
    if until <= now:
        raise ValidationError({"until": "Snooze until a later time."})
    Snooze.objects.filter(member=member, until__lte=now).delete()
    snooze, _ = Snooze.objects.update_or_create(
        member=member,
        key=key,
        defaults={"until": until, "workspace_id": member.workspace_id},
    )
    return snooze


HOW = {
    "email": (Kind.EMAIL, ""),
    "message": (Kind.MESSAGE, ""),
    "call": (Kind.CALL, CallOutcome.CONNECTED),
    "voicemail": (Kind.CALL, CallOutcome.VOICEMAIL),
}


def agenda_log_reply(
    *, member: Member, contact: Contact, how: str, now: datetime, subject: str = "", body: str = ""
) -> Interaction:
    """Log what we just did for them (a reply, a call-back): the timeline answers the rest."""
    if how not in HOW:
        raise ValidationError({"how": "Log it as an email, message, call or voicemail."})
    kind, outcome = HOW[how]
    return interaction_log(
        contact=contact,
        member=member,
        data=InteractionData(
            kind=kind,
            direction=Direction.OUTBOUND,
            occurred_at=now,
            subject=subject[:300],
            body=body,
            call_outcome=outcome,
        ),
    )
