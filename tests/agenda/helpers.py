"""A lived-in day for bob, built through the real services at a controlled `now`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from followthrough.commitments.models import Commitment
from followthrough.commitments.services import commitments_sweep
from followthrough.contacts.models import Contact
from followthrough.contacts.services import InteractionData, interaction_log
from followthrough.workspaces.models import Member
from tests.commitments.helpers import promise
from tests.factories import ContactFactory

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


@dataclass
class Day:
    broken: Commitment
    due_soon: Commitment
    due_later: Commitment
    tomorrow: Commitment
    theirs_slipped: Commitment
    theirs_ahead: Commitment
    wrote_first: Contact
    wrote_second: Contact
    voicemail: Contact
    no_show: Contact
    rebooked: Contact


def log(contact, member, at, kind, direction, **outcome):
    return interaction_log(
        contact=contact,
        member=member,
        data=InteractionData(kind=kind, direction=direction, occurred_at=at, **outcome),
    )


def lived_in_day(bob: Member, now: datetime) -> Day:
    ws = bob.workspace

    def c(first: str) -> Contact:
        return ContactFactory.create(workspace=ws, owner=bob, first_name=first, last_name="Test")

    ann, ben, cy, dee, eve, fay, gus = (
        c(n) for n in ("Ann", "Ben", "Cy", "Dee", "Eve", "Fay", "Gus")
    )
    broken = promise(bob, ann, now=now - 3 * HOUR, due_in=2 * HOUR, what="send the quote")
    commitments_sweep(now=now)
    day = Day(
        broken=broken,
        due_soon=promise(bob, ben, now=now, due_in=HOUR / 2, what="call back with pricing"),
        due_later=promise(bob, ben, now=now, due_in=5 * HOUR, what="email the contract"),
        tomorrow=promise(bob, ben, now=now, due_in=DAY, what="visit"),
        theirs_slipped=promise(
            bob, cy, now=now - 3 * DAY, due_in=DAY, what="PO by Tuesday", side="theirs"
        ),
        theirs_ahead=promise(bob, cy, now=now, due_in=HOUR, what="signed form", side="theirs"),
        wrote_first=dee,
        wrote_second=eve,
        voicemail=fay,
        no_show=gus,
        rebooked=ann,
    )
    commitments_sweep(now=now)
    log(dee, None, now - 2 * DAY, "email", "inbound", subject="Where is my order?")
    log(eve, None, now - DAY, "email", "inbound", subject="Invoice question")
    log(fay, None, now - 5 * HOUR, "call", "inbound", call_outcome="voicemail")
    log(gus, bob, now - 3 * DAY, "meeting", "outbound", meeting_outcome="no_show", subject="Demo")
    log(ann, bob, now - 4 * DAY, "meeting", "outbound", meeting_outcome="no_show")
    log(ann, bob, now - 2 * DAY, "call", "outbound", call_outcome="connected")
    return day
