"""Background work for mail: mailbox sync every minute, forgetting triage after 30 days."""

from __future__ import annotations

import os
import socket
import uuid
from datetime import timedelta

from django_tasks import task

from followthrough.core.periodic import register_periodic
from followthrough.core.timeutil import utcnow


@task()
def purge_triage() -> int:
    """Delete triage entries that came in more than 30 days ago; returns how many."""
    from followthrough.mail.services import triage_purge

    return triage_purge(now=utcnow())


register_periodic(purge_triage, every=timedelta(hours=1))


@task()
def sync_mailboxes() -> int:
    """Sync every enabled mailbox whose lease is free; returns how many messages were read."""
    from followthrough.mail.imap import mailbox_sync
    from followthrough.mail.models import Mailbox

    holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    read = 0
    for box in Mailbox.objects.filter(enabled=True).select_related("workspace", "owner"):
        read += mailbox_sync(box, now=utcnow(), holder=holder).read
    return read


register_periodic(sync_mailboxes, every=timedelta(minutes=1))


@task()
def send_outbox() -> int:
    """Deliver what the outbox has due; returns how many went."""
    from followthrough.mail.sending import send_due

    holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    return send_due(holder=holder, now=utcnow()).sent


register_periodic(send_outbox, every=timedelta(minutes=1))


@task()
def import_upload(job_id: int) -> str:
    """Import a mail file a member uploaded (mail/uploads.py); returns its summary."""
    from followthrough.mail.uploads import job_run

    job = job_run(job_id, now=utcnow())
    return job.summary if job is not None else "already taken"
