"""`POST /api/mail/inbound`: a raw RFC 822 message, as mail providers' inbound routes forward
it. Idempotent: the first delivery answers 201, every repeat (even a simultaneous one) 200."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Router, Schema, Status

from followthrough.core.timeutil import utcnow
from followthrough.mail.models import MailSource
from followthrough.workspaces.api import acting_member

router = Router(tags=["mail"])

DEFAULT_INBOUND_MAX_BYTES = 25 * 1024 * 1024


class InboundOut(Schema):
    outcome: str
    message: str | None = None
    triage: str | None = None
    contacts: list[str] = []
    interactions: list[str] = []


class ErrorOut(Schema):
    error: str


def inbound_cap() -> int:
    return int(getattr(settings, "MAIL_INBOUND_MAX_BYTES", DEFAULT_INBOUND_MAX_BYTES))


RAW_BODY = {
    "requestBody": {
        "required": True,
        "description": "The message exactly as received (RFC 5322 / RFC 822), headers and body.",
        "content": {
            "message/rfc822": {"schema": {"type": "string", "format": "binary"}},
            "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
        },
    }
}


@router.post(
    "/inbound",
    response={200: InboundOut, 201: InboundOut, 400: ErrorOut, 413: ErrorOut},
    summary="Record one raw mail message (the same message again answers 200)",
    description=(
        "201: recorded for the first time — on a contact's timeline (`outcome` created) or on "
        "the triage list when no contact matches the sender (`outcome` triaged). 200: nothing "
        "new was recorded — the same message (same Message-ID and content) was recorded before "
        "(`duplicate`), or it is not customer mail (`internal`: members only; `ignored`: an "
        "ignored sender; `no_contact`: a member's mail to nobody we know). 400: the body is "
        "not a mail message. 401: no valid token. "
        "413: the message is larger than the limit (25 MiB by default)."
    ),
    openapi_extra=RAW_BODY,
)
def inbound(request: HttpRequest) -> Status[Any]:
    member = acting_member(request)
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if length > inbound_cap():
        return _too_large(length)
    # Read the stream ourselves: Django's DATA_UPLOAD_MAX_MEMORY_SIZE is for forms, not mail.
    raw = request.read(inbound_cap() + 1)
    if len(raw) > inbound_cap():
        return _too_large(len(raw))
    # Imported here: the parsers are heavy, and the server should start fast.
    from followthrough.mail.parsing import UnreadableMailError
    from followthrough.mail.services import mail_ingest

    try:
        result = mail_ingest(
            workspace=member.workspace,
            raw=raw,
            source=MailSource.WEBHOOK,
            now=utcnow(),
            member=member,
        )
    except UnreadableMailError as exc:
        return Status(400, {"error": f"The body is not a mail message: {exc}"})
    out = InboundOut(
        outcome=result.outcome,
        message=result.message.code if result.message else None,
        triage=result.triage.code if result.triage else None,
        contacts=[i.contact.code for i in result.interactions],
        interactions=[i.code for i in result.interactions],
    )
    if result.message is not None and not result.interactions and result.message.contact:
        out.contacts = [result.message.contact.code]
    return Status(201 if result.created else 200, out)


def _too_large(size: int) -> Status[Any]:
    return Status(413, {"error": f"The message is {size:,} bytes; the limit is {inbound_cap():,}."})
