"""A heated message from Dana, logged ten minutes before `now`, and drafts that answer it."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from followthrough.composer.models import Draft
from followthrough.composer.services import draft_create
from followthrough.contacts.models import Contact, Interaction
from followthrough.contacts.services import InteractionData, interaction_log
from followthrough.workspaces.models import Member

HEATED = (
    "This is RIDICULOUS!!! My order is 3 weeks late, nobody answers and I want my money "
    "back NOW. Where is my bike?"
)
CALM = "Hi, could you tell me when the spare brake pads will arrive? Thanks!"
KIND_REPLY = (
    "I'm sorry your bike is late. It ships tomorrow; I can refund the delivery or send it "
    "express, whichever you prefer."
)
HALF_APOLOGY = "I'm sorry if you feel we let you down, but the courier is at fault."


def log_inbound(
    contact: Contact, at: datetime, body: str, *, subject: str = "My order"
) -> Interaction:
    return interaction_log(
        contact=contact,
        member=None,
        data=InteractionData(
            kind="email", direction="inbound", occurred_at=at, subject=subject, body=body
        ),
    )


@pytest.fixture
def heated(contact: Contact, now: datetime) -> Interaction:
    return log_inbound(contact, now - timedelta(minutes=10), HEATED, subject="Where is my bike")


@pytest.fixture
def calm(contact: Contact, now: datetime) -> Interaction:
    return log_inbound(contact, now - timedelta(minutes=10), CALM, subject="Brake pads")


@pytest.fixture
def reply(bob: Member, contact: Contact, heated: Interaction, now: datetime) -> Draft:
    return draft_create(author=bob, contact=contact, in_reply_to=heated, body=KIND_REPLY, now=now)
