"""The demo business has orders that slipped — told first, heard first from the customer —
and a lived-in Today: bad news to tell, a customer's choice, a late invoice."""

from __future__ import annotations

import pytest

from followthrough.agenda.due import agenda_for
from followthrough.demo.loader import load_demo
from followthrough.orders.models import Order, Problem
from followthrough.orders.selectors import bad_news_first_team
from followthrough.workspaces.models import Member

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_the_demo_orders_slip_some_told_first_some_heard_first_from_the_customer(now):
    workspace = load_demo(now=now).workspace
    orders = Order.objects.filter(workspace=workspace)
    assert orders.count() >= 20
    assert orders.filter(status="delivered").count() >= 10
    heard = list(Problem.objects.filter(workspace=workspace).values_list("heard_first", flat=True))
    assert heard.count("us") >= 2
    assert heard.count("them") >= 1
    assert Problem.objects.filter(workspace=workspace, told_how="page").exists()
    team = bad_news_first_team(workspace, now=now)
    rate = team.workspace[90].rate
    assert rate is not None
    assert 0 < rate < 1


def test_the_demo_today_has_bad_news_a_customers_choice_and_a_late_invoice(now):
    workspace = load_demo(now=now).workspace
    kinds: dict[str, set[str]] = {}
    for member in Member.objects.filter(workspace=workspace):
        kinds[member.user.email.split("@")[0]] = {i.kind for i in agenda_for(member, now=now)}
    assert "bad_news" in kinds["sam"]
    assert "customer_chose" in kinds["priya"]
    assert "invoice_chaser" in kinds["maya"]
    assert Order.objects.filter(workspace=workspace, public_enabled=True).exists()
