"""Load the demo business once, through the same services the app uses.

The load is one transaction of steps, one per domain, called in order. A later feature adds
its demo data by writing `add_<domain>(ctx)` and appending it to STEPS (after the steps whose
data it builds on). Each step draws from its own seeded generator, so a new step never
changes what the earlier ones create.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from followthrough.demo.context import DemoContext
from followthrough.demo.lost import add_lost
from followthrough.demo.orders import add_orders
from followthrough.demo.people import add_contacts, add_stage_history
from followthrough.demo.plans import add_plans
from followthrough.demo.promises import add_promises
from followthrough.demo.team import DEMO_PASSWORD, MANAGER, REPS, add_team
from followthrough.demo.texts import BUSINESS_NAME, EMAIL_DOMAIN
from followthrough.demo.timeline import add_timeline
from followthrough.workspaces.models import Member, Role, User, Workspace
from followthrough.workspaces.services import member_update, workspace_create

Step = Callable[[DemoContext], None]

STEPS: list[Step] = [
    add_team,
    add_contacts,
    add_stage_history,
    add_lost,
    add_timeline,
    add_promises,
    add_orders,
    add_plans,
]


@dataclass(frozen=True)
class DemoSignIn:
    workspace: Workspace
    manager_email: str
    rep_email: str
    password: str
    created: bool


def find_demo_workspace() -> Workspace | None:
    """The demo business, if it was loaded before (found by its manager, even if renamed)."""
    member = (
        Member.objects.select_related("workspace")
        .filter(user__email=MANAGER.email, role=Role.MANAGER)
        .order_by("created_at")
        .first()
    )
    return member.workspace if member else None


def load_demo(*, now: datetime) -> DemoSignIn:
    """Create the demo business unless it exists; either way, say how to sign in."""
    workspace = find_demo_workspace()
    created = workspace is None
    if workspace is None:
        workspace = _create(now=now)
    return DemoSignIn(
        workspace=workspace,
        manager_email=MANAGER.email,
        rep_email=REPS[0].email,
        password=DEMO_PASSWORD,
        created=created,
    )


@transaction.atomic
def _create(*, now: datetime) -> Workspace:
    manager = workspace_create(
        name=BUSINESS_NAME,
        manager_email=MANAGER.email,
        manager_name=MANAGER.name,
        password=DEMO_PASSWORD,
        timezone=MANAGER.timezone,
    )
    member_update(
        actor=manager,
        member=manager,
        display_name=MANAGER.name,
        role=MANAGER.role,
        timezone=MANAGER.timezone,
        work_start=MANAGER.work_start,
        work_end=MANAGER.work_end,
        work_days=MANAGER.work_days,
        skills=MANAGER.skills,
    )
    ctx = DemoContext(now=now, manager=manager)
    for step in STEPS:
        step(ctx)
    return manager.workspace


@transaction.atomic
def remove_demo() -> bool:
    """Delete the demo business and its people's sign-ins. False if there was none."""
    workspace = find_demo_workspace()
    if workspace is None:
        return False
    workspace.delete()
    User.objects.filter(
        email__endswith=f"@{EMAIL_DOMAIN}", memberships__isnull=True, is_superuser=False
    ).delete()
    return True
