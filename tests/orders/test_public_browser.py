"""The customer opens their order page in a real browser and chooses what happens."""

from __future__ import annotations

from datetime import timedelta

import pytest

from followthrough.agenda.due import agenda_for
from followthrough.core.timeutil import utcnow
from followthrough.orders.models import Problem
from followthrough.orders.services import EventData, LineData, order_record_event
from followthrough.workspaces.models import Role
from tests.factories import ContactFactory, MemberFactory, UserFactory, WorkspaceFactory
from tests.orders.conftest import make_order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_customer_sees_the_slip_and_chooses_to_get_what_is_ready(live_server, page):
    now = utcnow() - timedelta(hours=1)
    rep = MemberFactory.create(
        workspace=WorkspaceFactory.create(name="Harbor Bikes"),
        user=UserFactory.create(email="rep@harbor.test"),
        display_name="Robin Vale",
        role=Role.REP,
    )
    customer = ContactFactory.create(
        workspace=rep.workspace, first_name="Mara", last_name="Okafor", owner=rep
    )
    order = make_order(
        customer,
        now=now,
        number="#5150",
        promised=(now + timedelta(days=2)).date(),
        lines=(LineData("Trail helmet", 1, "HEL-1"), LineData("Gravel tyre", 2, "TYR-2")),
    )
    order_record_event(
        order=order,
        data=EventData(kind="delayed", at=now, expected_date=(now + timedelta(days=9)).date()),
        actor=None,
        now=now,
    )
    order_record_event(
        order=order,
        data=EventData(kind="note", at=now, note="The tyres are stuck at the port, sorry!"),
        actor=rep,
        now=now,
    )

    page.goto(f"{live_server.url}/o/{order.public_token}/")
    page.get_by_role("heading", name="Your order #5150").wait_for()
    assert "Harbor Bikes" in page.content()
    page.get_by_text("The tyres are stuck at the port, sorry!").wait_for()
    page.get_by_role("heading", name="Something changed with your order").wait_for()
    assert Problem.objects.get(order=order).state == "to_tell"  # opening it tells no one

    page.get_by_role("button", name="Got it, thanks").click()
    page.get_by_text("Thank you for letting us know — Robin will keep you posted.").wait_for()
    assert Problem.objects.get(order=order).state == "told"

    page.get_by_label("Ship what is ready now, the rest when it arrives").check()
    page.get_by_label("Anything we should know? (optional)").fill("Helmet now please")
    page.get_by_role("button", name="Send my choice").click()
    page.get_by_text(
        "Thank you — we have your choice, and Robin will take it from here."
    ).wait_for()
    assert "?thanks=1" in page.url

    problem = Problem.objects.get(order=order)
    assert (problem.told_how, problem.heard_first) == ("page", "us")
    assert (problem.state, problem.customer_choice, problem.choice_note) == (
        "chosen",
        "partial",
        "Helmet now please",
    )
    items = [i for i in agenda_for(rep, now=utcnow()) if i.kind == "customer_chose"]
    assert [i.title for i in items] == ["Do what Mara Okafor chose for order #5150"]

    page.goto(f"{live_server.url}/o/{order.public_token}x/")
    assert "Your order" not in page.content()
