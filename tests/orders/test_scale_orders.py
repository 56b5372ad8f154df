"""The scale generator's orders are what the services would have written, at a tiny size."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from bench.scale_load import WORKSPACE_NAME, load_scale, resolve_sizes
from django.db import connection

from followthrough.agenda.due import agenda_for
from followthrough.orders.models import (
    OPEN_STATUSES,
    Invoice,
    Order,
    OrderEvent,
    OrderLine,
    Problem,
)
from followthrough.orders.rules import order_status
from followthrough.orders.services import EventData, order_record_event
from followthrough.workspaces.models import Member, Workspace

pytestmark = pytest.mark.django_db(transaction=True)

NOW = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)


@pytest.fixture
def scale() -> Workspace:
    sizes = resolve_sizes({"members": 3, "contacts": 300, "interactions": 600, "orders": 3000})
    load_scale(sizes=sizes, seed=5, now=NOW, out=lambda line: None)
    return Workspace.objects.get(name=WORKSPACE_NAME)


def test_the_generator_writes_orders_lines_and_events_in_the_asked_proportions(scale):
    orders = Order.objects.filter(workspace=scale)
    assert orders.count() == 3000
    lines = OrderLine.objects.filter(workspace=scale).count()
    events = OrderEvent.objects.filter(workspace=scale).count()
    assert 2.7 < lines / 3000 < 3.3
    assert 4.0 < events / 3000 < 5.5
    assert Problem.objects.filter(workspace=scale).count() > 40
    assert Invoice.objects.filter(workspace=scale).count() > 200
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_key_check")
            assert cursor.fetchall() == []


def test_each_orders_status_follows_from_its_lines_as_the_services_would_say(scale):
    for order in Order.objects.filter(workspace=scale).prefetch_related("lines")[:300]:
        statuses = [line.status for line in order.lines.all()]
        assert order_status("placed", statuses, "confirmed") in (order.status, "confirmed"), (
            order.number,
            order.status,
            statuses,
        )
        assert (order.completed_at is not None) == (order.status == "delivered")


def test_stored_problem_state_is_what_the_services_store(scale):
    for p in Problem.objects.filter(workspace=scale):
        if p.state == "to_tell":
            assert p.attention_at == p.detected_at
            assert p.told_at is None
        elif p.state == "chosen":
            assert p.attention_at == p.chosen_at
            assert p.customer_choice
        else:
            assert p.attention_at is None
        assert p.tell_by > p.detected_at
        assert p.detected_at <= NOW


def test_recording_one_more_event_on_any_open_order_opens_no_new_problem(scale):
    """The generated slips are exactly those detection would have opened."""
    before = Problem.objects.count()
    now = NOW + timedelta(minutes=1)
    for order in Order.objects.filter(workspace=scale, status__in=OPEN_STATUSES):
        order_record_event(order=order, data=EventData("note", now, note="x"), actor=None, now=now)
    assert Problem.objects.count() == before


def test_members_have_bad_news_and_chasers_on_today(scale):
    kinds: set[str] = set()
    for member in Member.objects.filter(workspace=scale):
        kinds |= {i.kind for i in agenda_for(member, now=NOW)}
    assert {"bad_news", "invoice_chaser"} <= kinds
