"""The demo team: a manager and four reps in different timezones, hours and skills."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from followthrough.demo.context import DemoContext
from followthrough.demo.texts import EMAIL_DOMAIN
from followthrough.workspaces.models import Role, User
from followthrough.workspaces.services import member_add


@dataclass(frozen=True)
class MemberSpec:
    key: str
    name: str
    role: str
    timezone: str
    work_start: time
    work_end: time
    work_days: str
    skills: str
    topic: str

    @property
    def email(self) -> str:
        return f"{self.key}@{EMAIL_DOMAIN}"


MANAGER = MemberSpec(
    key="maya",
    name="Maya Lindqvist",
    role=Role.MANAGER,
    timezone="America/Los_Angeles",
    work_start=time(8, 30),
    work_end=time(17, 0),
    work_days="1,2,3,4,5",
    skills="fleet accounts, key customers",
    topic="fleet",
)

REPS = [
    MemberSpec(
        key="sam",
        name="Sam Rivera",
        role=Role.REP,
        timezone="America/Los_Angeles",
        work_start=time(8, 0),
        work_end=time(16, 30),
        work_days="1,2,3,4,5",
        skills="e-bikes, cargo bikes, commuter schemes",
        topic="ebike",
    ),
    MemberSpec(
        key="priya",
        name="Priya Nair",
        role=Role.REP,
        timezone="America/Denver",
        work_start=time(9, 0),
        work_end=time(17, 0),
        work_days="1,2,3,4,5",
        skills="workshop, repairs, service plans",
        topic="service",
    ),
    MemberSpec(
        key="tom",
        name="Tom Becker",
        role=Role.REP,
        timezone="America/Chicago",
        work_start=time(10, 0),
        work_end=time(18, 0),
        work_days="2,3,4,5,6",
        skills="camping, touring, outdoor clothing",
        topic="outdoor",
    ),
    MemberSpec(
        key="jess",
        name="Jess Okafor",
        role=Role.REP,
        timezone="America/New_York",
        work_start=time(7, 30),
        work_end=time(15, 30),
        work_days="1,2,3,4,5",
        skills="kids' bikes, schools, clubs",
        topic="kids",
    ),
]

DEMO_PASSWORD = "harbor-demo-2024"  # noqa: S105 — printed on screen; a local demo only


def add_team(ctx: DemoContext) -> None:
    """The manager exists already (the workspace was created with her); add the reps."""
    ctx.members[MANAGER.key] = ctx.manager
    ctx.topics[MANAGER.key] = MANAGER.topic
    for spec in REPS:
        ctx.members[spec.key] = member_add(
            workspace=ctx.manager.workspace,
            email=spec.email,
            display_name=spec.name,
            role=spec.role,
            timezone=spec.timezone,
            work_start=spec.work_start,
            work_end=spec.work_end,
            work_days=spec.work_days,
            skills=spec.skills,
        )
        ctx.topics[spec.key] = spec.topic
    # One password hash for the whole team: hashing is deliberately slow, once is enough.
    User.objects.filter(memberships__workspace_id=ctx.workspace_id).update(
        password=ctx.manager.user.password
    )
