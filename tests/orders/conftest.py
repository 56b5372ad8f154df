"""Orders for the personas: bob's customer Dana has a two-line order promised for Friday."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from followthrough.contacts.models import Contact
from followthrough.orders.models import Order
from followthrough.orders.services import LineData, OrderData, order_create
from followthrough.workspaces.models import Member

# NOW (tests/conftest.py) is Tuesday 24 Nov 2026, 14:30 UTC = 09:30 in New York (bob's zone).
PROMISED = date(2026, 11, 27)  # Friday


@pytest.fixture
def bob_hours(bob: Member) -> Member:
    bob.work_start, bob.work_end, bob.work_days = time(9, 0), time(17, 0), "1,2,3,4,5"
    bob.save()
    return bob


def make_order(
    contact: Contact,
    *,
    now: datetime,
    number: str = "#1001",
    promised: date | None = PROMISED,
    expected: date | None = None,
    lines: tuple[LineData, ...] = (
        LineData("Trail helmet", 1, "HEL-1"),
        LineData("Gravel tyre", 2, "TYR-2"),
    ),
    actor: Member | None = None,
) -> Order:
    return order_create(
        workspace=contact.workspace,
        data=OrderData(
            number=number,
            contact=contact,
            lines=lines,
            placed_at=now,
            promised_date=promised,
            expected_date=expected,
        ),
        actor=actor,
        now=now,
    )


@pytest.fixture
def order(contact: Contact, bob_hours: Member, now: datetime) -> Order:
    return make_order(contact, now=now)
