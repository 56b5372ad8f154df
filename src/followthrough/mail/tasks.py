"""Background work for mail: forgetting triaged mail after 30 days, every hour."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from followthrough.core.periodic import register_periodic
from followthrough.core.timeutil import utcnow
from followthrough.mail.services import triage_purge


@task()
def purge_triage() -> int:
    """Delete triage entries that came in more than 30 days ago; returns how many."""
    return triage_purge(now=utcnow())


register_periodic(purge_triage, every=timedelta(hours=1))
