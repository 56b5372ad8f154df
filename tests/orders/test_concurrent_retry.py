"""Two deliveries of the same webhook at the same moment record one event (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from followthrough.orders.models import OrderEvent, Problem
from followthrough.orders.services import EventData, order_record_event
from tests.orders.conftest import make_order

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite in memory serialises every write anyway"
)
def test_simultaneous_retries_of_one_event_record_it_once(contact, bob_hours, now):
    order = make_order(contact, now=now)
    barrier = threading.Barrier(4)
    results: list[bool] = []
    errors: list[BaseException] = []

    def deliver() -> None:
        try:
            barrier.wait()
            recorded = order_record_event(
                order=order,
                data=EventData(
                    kind="back_ordered", at=now, lines=("TYR-2",), event_id="evt-race-1"
                ),
                actor=None,
                now=now,
            )
            results.append(recorded.created)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=deliver) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(results) == [False, False, False, True]
    assert OrderEvent.objects.filter(event_id="evt-race-1").count() == 1
    assert Problem.objects.count() == 1
