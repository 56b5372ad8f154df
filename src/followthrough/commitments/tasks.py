"""Background work for the promise ledger: the broken-promise sweep, every minute."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from followthrough.commitments.services import commitments_sweep
from followthrough.core.periodic import register_periodic
from followthrough.core.timeutil import utcnow


@task()
def sweep_broken_promises() -> int:
    """Break every promise still open past its due time; returns how many it broke."""
    return commitments_sweep(now=utcnow()).broken


register_periodic(sweep_broken_promises, every=timedelta(minutes=1))
