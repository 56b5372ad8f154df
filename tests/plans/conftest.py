"""Plans for the personas: alice's workspace has the built-in plans; bob owns Dana."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from followthrough.contacts.models import Contact
from followthrough.contacts.services import InteractionData, interaction_log
from followthrough.orders.models import Order
from followthrough.orders.services import (
    EventData,
    LineData,
    OrderData,
    order_create,
    order_record_event,
)
from followthrough.plans.models import Plan, PlanKind
from followthrough.plans.services import builtin_plan, plans_install_defaults
from followthrough.workspaces.models import Member


@pytest.fixture
def plans(alice: Member) -> dict[str, Plan]:
    plans_install_defaults(alice.workspace)
    return {kind: p for kind in PlanKind.values if (p := builtin_plan(alice.workspace_id, kind))}


def log(
    contact: Contact,
    member: Member | None,
    at: datetime,
    kind: str = "email",
    direction: str = "outbound",
    **kw: str,
) -> None:
    interaction_log(
        contact=contact,
        member=member,
        data=InteractionData(kind=kind, direction=direction, occurred_at=at, **kw),  # type: ignore[arg-type]
    )


def complete_order(contact: Contact, *, at: datetime, number: str = "#1001") -> Order:
    order = order_create(
        workspace=contact.workspace,
        data=OrderData(
            number=number,
            contact=contact,
            lines=[LineData("Trail helmet", 1, "HEL-1")],
            placed_at=at - timedelta(days=3),
        ),
        actor=None,
        now=at - timedelta(days=3),
    )
    order_record_event(order=order, data=EventData(kind="delivered", at=at), actor=None, now=at)
    order.refresh_from_db()
    return order
