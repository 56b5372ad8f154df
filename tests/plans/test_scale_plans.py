"""The scale set's plans and chasers are what the hooks and the sweep would have written: the
sweep over them has little to do, and a second run nothing."""

from datetime import UTC, datetime

import pytest
from bench.scale_load import load_scale, resolve_sizes

from followthrough.plans.models import Chaser, Enrollment, PlanKind
from followthrough.plans.sweep import plans_sweep

pytestmark = pytest.mark.django_db(transaction=True)

NOW = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)


def test_the_generated_plans_agree_with_the_sweep():
    sizes = resolve_sizes({"members": 3, "contacts": 400, "interactions": 3000, "orders": 50})
    load_scale(sizes=sizes, seed=5, now=NOW, out=lambda line: None)
    kinds = set(Enrollment.objects.values_list("plan__kind", flat=True))
    assert {PlanKind.GREETINGS, PlanKind.STAY_IN_TOUCH, PlanKind.NURTURE} <= kinds
    assert Chaser.objects.filter(state="active").exists()
    assert not Enrollment.objects.filter(state="active", next_due_at__isnull=True).exists()
    first = plans_sweep(now=NOW)
    assert first.greetings == 0
    assert first.stopped == 0
    assert first.owners == 0
    assert first.quiet == 0
    assert first.moved == 0
    assert plans_sweep(now=NOW).changed == 0
