"""Background work for plans: the sweep that keeps enrollments and chasers true."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from followthrough.core.periodic import register_periodic
from followthrough.core.timeutil import utcnow
from followthrough.plans.sweep import plans_sweep


@task()
def sweep_plans() -> int:
    """Enroll from events, stop what must stop, chase quiet prospects; returns rows changed."""
    return plans_sweep(now=utcnow()).changed


register_periodic(sweep_plans, every=timedelta(minutes=5))
