"""Making promises in tests: through the real services, at a controlled `now`."""

from __future__ import annotations

from datetime import datetime, timedelta

from followthrough.commitments.models import Commitment
from followthrough.commitments.services import commitment_create
from followthrough.contacts.models import Contact
from followthrough.workspaces.models import Member


def promise(
    owner: Member,
    contact: Contact,
    *,
    now: datetime,
    due_in: timedelta = timedelta(hours=1),
    what: str = "call back with pricing",
    side: str = "ours",
    fulfilled_by: str = "",
) -> Commitment:
    return commitment_create(
        owner=owner,
        contact=contact,
        what=what,
        due_at=now + due_in,
        now=now,
        actor=owner,
        side=side,
        fulfilled_by=fulfilled_by,
    )
