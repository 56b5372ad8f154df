"""What the demo steps share: the clock reading, the team, and each contact's story."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime

from followthrough.contacts.models import Contact
from followthrough.workspaces.models import Member

SEED = "harbor-bikes-2024"


@dataclass
class Pending:
    """An inbound message from the contact that is still waiting for our answer."""

    kind: str  # "email", "message", "voicemail" or "heated"
    at: datetime


@dataclass
class Profile:
    """One contact and the facts its timeline is built from."""

    contact: Contact
    owner: Member
    topic: str
    item: str
    price: int
    first_seen: datetime
    customer_at: datetime | None = None
    lost_at: datetime | None = None
    lost_reason: str = ""
    do_not_contact_at: datetime | None = None
    pending: list[Pending] = field(default_factory=list)

    @property
    def quiet_from(self) -> datetime | None:
        """After this the story stops (until any pending message arrives)."""
        moments = [p.at for p in self.pending]
        if self.do_not_contact_at is not None:
            moments.append(self.do_not_contact_at)
        return min(moments) if moments else None


@dataclass
class DemoContext:
    now: datetime
    manager: Member
    members: dict[str, Member] = field(default_factory=dict)
    topics: dict[str, str] = field(default_factory=dict)  # member key -> topic
    profiles: list[Profile] = field(default_factory=list)

    def rng(self, step: str) -> random.Random:
        """A generator of its own per step, so adding a step never changes earlier ones."""
        return random.Random(f"{SEED}:{step}")  # noqa: S311 — made-up data, not secrets

    @property
    def workspace_id(self) -> int:
        return self.manager.workspace_id

    def member_key(self, member: Member) -> str:
        return next(key for key, m in self.members.items() if m.pk == member.pk)
