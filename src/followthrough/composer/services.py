"""Every change to drafts and the outbox: write, check, apply a rewrite, record a promise,
send (or hold, or refuse), discard. Web views, the API and the CLI all call these."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from followthrough.commitments.models import Commitment, FulfilledBy
from followthrough.commitments.services import commitment_create
from followthrough.composer.findings import blocking, finding_json
from followthrough.composer.inbound import (
    cooling_off_until,
    inbound_analysis_for,
    interaction_text,
)
from followthrough.composer.models import (
    Channel,
    Draft,
    DraftEvent,
    DraftKind,
    DraftStatus,
    EventKind,
    OutboxEntry,
)
from followthrough.contacts.models import Contact, Direction, Interaction
from followthrough.contacts.services import InteractionData, interaction_log
from followthrough.guard import DraftContext, Finding, check_draft
from followthrough.workspaces.models import Member

MAX_BODY = 50_000
MAX_TAGS = 10
_TAG = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
_CALL = re.compile(r"\b(call|phone|ring)\b", re.IGNORECASE)


# Context -------------------------------------------------------------------------------


def guard_context(
    *,
    member: Member,
    now: datetime,
    kind: str,
    contact: Contact | None = None,
    in_reply_to: Interaction | None = None,
    policy_tags: Iterable[str] = (),
) -> DraftContext:
    """What the guard needs to know about a draft, read from the workspace (cooling-off),
    the contact (customer since), the message it answers (its text, stored heat and arrival)
    and the member (whose timezone reads "by Friday")."""
    inbound = in_reply_to if in_reply_to and in_reply_to.direction == Direction.INBOUND else None
    since = contact.customer_since if contact is not None else None
    return DraftContext(
        kind=kind,
        inbound_text=(interaction_text(inbound) or None) if inbound else None,
        inbound_analysis=inbound_analysis_for(inbound) if inbound else None,
        inbound_received_at=inbound.occurred_at if inbound else None,
        now=now,
        cooling_off_minutes=member.workspace.cooling_off_minutes,
        customer_since_days=(now.date() - since).days if since else None,
        policy_tags=frozenset(policy_tags),
        timezone=member.timezone,
    )


def draft_context(draft: Draft, *, now: datetime) -> DraftContext:
    return guard_context(
        member=draft.author,
        now=now,
        kind=draft.kind,
        contact=draft.contact,
        in_reply_to=draft.in_reply_to,
        policy_tags=draft.tags,
    )


# Validation ----------------------------------------------------------------------------


def parse_tags(raw: str | Iterable[str]) -> frozenset[str]:
    items = raw.split(",") if isinstance(raw, str) else list(raw)
    tags = frozenset(t.strip().lower() for t in items if t and t.strip())
    bad = sorted(t for t in tags if not _TAG.match(t))
    if bad:
        raise ValidationError(
            {"policy_tags": f"{bad[0][:40]!r} is not a tag: use letters, digits and '-'."}
        )
    if len(tags) > MAX_TAGS:
        raise ValidationError({"policy_tags": f"At most {MAX_TAGS} tags."})
    return tags


def _validate_text(subject: str, body: str) -> None:
    errors: dict[str, str] = {}
    if len(subject) > 300:
        errors["subject"] = "Keep the subject under 300 characters."
    if len(body) > MAX_BODY:
        errors["body"] = f"The message is {len(body):,} characters; the limit is {MAX_BODY:,}."
    if errors:
        raise ValidationError(errors)


def _validate_choice(value: str, choices: type[DraftKind] | type[Channel], name: str) -> None:
    if value not in choices.values:
        raise ValidationError(
            {name: f"{name.capitalize()} must be one of {', '.join(choices.values)}."}
        )


def _latest_owed(contact: Contact) -> Interaction | None:
    return (
        Interaction.objects.filter(
            contact=contact,
            direction=Direction.INBOUND,
            reply_owed=True,
            replied_at__isnull=True,
            kind__in=["email", "message"],
        )
        .order_by("-occurred_at", "-id")
        .first()
    )


def _event(
    draft: Draft, kind: str, *, at: datetime, by: Member | None, rule: str = "", note: str = ""
) -> DraftEvent:
    return DraftEvent.objects.create(
        workspace_id=draft.workspace_id,
        draft=draft,
        kind=kind,
        at=at,
        by=by,
        rule=rule[:40],
        note=note[:500],
    )


# Writing -------------------------------------------------------------------------------


@transaction.atomic
def draft_create(
    *,
    author: Member,
    contact: Contact,
    now: datetime,
    kind: str = "",
    channel: str = Channel.EMAIL,
    subject: str = "",
    body: str = "",
    policy_tags: str | Iterable[str] = (),
    in_reply_to: Interaction | None = None,
) -> Draft:
    """Start a message to a contact. Writing to someone who is waiting on an answer *is* the
    reply: such a draft answers their latest message (so cooling-off applies to it)."""
    if contact.workspace_id != author.workspace_id:
        raise ValidationError({"contact": "The contact must belong to your workspace."})
    if in_reply_to is not None and in_reply_to.contact_id != contact.pk:
        raise ValidationError({"in_reply_to": "That message is not on this contact's timeline."})
    tags = parse_tags(policy_tags)
    kind = kind or (DraftKind.REPLY if in_reply_to else DraftKind.NEW)
    _validate_choice(kind, DraftKind, "kind")
    _validate_choice(channel, Channel, "channel")
    _validate_text(subject, body)
    if in_reply_to is None and kind in (DraftKind.NEW, DraftKind.REPLY):
        in_reply_to = _latest_owed(contact)
    if in_reply_to is not None:
        kind = DraftKind.REPLY
        if not subject and in_reply_to.subject:
            subject = _re(in_reply_to.subject)
    draft = Draft.objects.create(
        workspace_id=author.workspace_id,
        author=author,
        contact=contact,
        in_reply_to=in_reply_to,
        kind=kind,
        channel=channel,
        policy_tags=",".join(sorted(tags)),
        subject=subject.strip(),
        body=body,
    )
    _event(draft, EventKind.CREATED, at=now, by=author)
    return draft


def _re(subject: str) -> str:
    subject = subject.strip()
    return subject if subject.lower().startswith("re:") else f"Re: {subject}"[:300]


def _require_open(draft: Draft) -> None:
    if draft.status == DraftStatus.SENT:
        raise ValidationError("This message has already been sent.")
    if draft.status == DraftStatus.DISCARDED:
        raise ValidationError("This draft was discarded.")


def _require_author(draft: Draft, actor: Member) -> None:
    if actor.pk != draft.author_id:
        raise ValidationError("Only the draft's author can change or send it.")


def _note_change(draft: Draft, *, actor: Member, now: datetime) -> list[str]:
    """Remember that the text changed after a hold or after the guard's warnings."""
    fields = []
    if draft.held_at is not None and not draft.changed_after_hold:
        draft.changed_after_hold = True
        fields.append("changed_after_hold")
        _event(draft, EventKind.EDITED, at=now, by=actor, note="changed after the hold")
    if draft.findings_shown_at is not None and not draft.changed_after_findings:
        draft.changed_after_findings = True
        fields.append("changed_after_findings")
    return fields


@transaction.atomic
def draft_update(
    *,
    draft: Draft,
    actor: Member,
    now: datetime,
    subject: str | None = None,
    body: str | None = None,
    kind: str | None = None,
    channel: str | None = None,
    policy_tags: str | Iterable[str] | None = None,
) -> Draft:
    _lock(draft)
    _require_open(draft)
    _require_author(draft, actor)
    fields: list[str] = []
    new_subject = draft.subject if subject is None else subject.strip()
    new_body = draft.body if body is None else body
    _validate_text(new_subject, new_body)
    if (new_subject, new_body) != (draft.subject, draft.body):
        draft.subject, draft.body = new_subject, new_body
        fields += ["subject", "body", *_note_change(draft, actor=actor, now=now)]
    if kind is not None and kind != draft.kind:
        _validate_choice(kind, DraftKind, "kind")
        if draft.in_reply_to_id is not None and kind != DraftKind.REPLY:
            raise ValidationError({"kind": "A draft that answers a message is a reply."})
        draft.kind = kind
        fields.append("kind")
    if channel is not None and channel != draft.channel:
        _validate_choice(channel, Channel, "channel")
        draft.channel = channel
        fields.append("channel")
    if policy_tags is not None:
        tags = ",".join(sorted(parse_tags(policy_tags)))
        if tags != draft.policy_tags:
            draft.policy_tags = tags
            fields.append("policy_tags")
    if fields:
        draft.save(update_fields=[*fields, "updated_at"])
    return draft


def draft_check(*, draft: Draft, now: datetime, record: bool = False) -> list[Finding]:
    """The guard's findings on the draft's body. With `record`, remember that warnings were
    shown to the member (so a later change counts as "changed after findings")."""
    findings = check_draft(draft.body, draft_context(draft, now=now))
    shown = any(f.severity != "info" for f in findings)
    if record and shown and draft.findings_shown_at is None and draft.is_open:
        draft.findings_shown_at = now
        Draft.objects.filter(pk=draft.pk).update(findings_shown_at=now)
    return findings


def _find(findings: list[Finding], rule: str, start: int, end: int) -> Finding | None:
    return next((f for f in findings if (f.rule, f.start, f.end) == (rule, start, end)), None)


@transaction.atomic
def draft_apply_suggestion(
    *, draft: Draft, actor: Member, now: datetime, rule: str, start: int, end: int
) -> Draft:
    """Replace a flagged span with the guard's suggestion (a one-click rewrite)."""
    _lock(draft)
    _require_open(draft)
    _require_author(draft, actor)
    finding = _find(draft_check(draft=draft, now=now), rule, start, end)
    if finding is None or finding.suggestion is None:
        raise ValidationError(
            {"rule": "That suggestion no longer fits the text; check the draft again."}
        )
    original = draft.body[start:end]
    draft.body = draft.body[:start] + finding.suggestion + draft.body[end:]
    draft.suggestions_applied += 1
    fields = ["body", "suggestions_applied", *_note_change(draft, actor=actor, now=now)]
    draft.save(update_fields=[*fields, "updated_at"])
    _event(
        draft,
        EventKind.SUGGESTION_APPLIED,
        at=now,
        by=actor,
        rule=rule,
        note=f"{original} → {finding.suggestion}",
    )
    return draft


def recorded_promises(draft: Draft) -> frozenset[str]:
    """What-texts (lower-cased) of the promises already recorded from this draft."""
    notes = DraftEvent.objects.filter(draft=draft, kind=EventKind.PROMISE_RECORDED).values_list(
        "note", flat=True
    )
    return frozenset(n.split("|", 1)[-1].lower() for n in notes)


@transaction.atomic
def draft_record_promise(
    *, draft: Draft, actor: Member, now: datetime, start: int, end: int
) -> Commitment:
    """Record the promise a `promise` finding found, with its parsed due time: one click."""
    _lock(draft)
    _require_author(draft, actor)
    finding = _find(draft_check(draft=draft, now=now), "promise", start, end)
    if finding is None or finding.data is None:
        raise ValidationError({"start": "No promise there any more; check the draft again."})
    promise = finding.data
    if promise.what.lower() in recorded_promises(draft):
        raise ValidationError({"start": "This promise is already recorded."})
    commitment = commitment_create(
        owner=draft.author,
        contact=draft.contact,
        what=promise.what,
        due_at=promise.due,
        due_text=promise.due_text,
        now=now,
        actor=actor,
        # A call logged later keeps "I'll call you…"; a message would be kept by this very
        # email, so those are marked kept by hand.
        fulfilled_by=FulfilledBy.CALL if _CALL.search(promise.what) else FulfilledBy.NOTHING,
        about=draft.in_reply_to,
    )
    _event(
        draft,
        EventKind.PROMISE_RECORDED,
        at=now,
        by=actor,
        rule="promise",
        note=f"{commitment.code}|{promise.what}",
    )
    return commitment


# Sending -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SendOutcome:
    """What became of a send: sent, or why not (held, blocked, or waiting for one more read)."""

    draft: Draft
    reason: str  # sent | held | blocked | confirm
    findings: list[Finding] = field(default_factory=list)
    hold_until: datetime | None = None
    interaction: Interaction | None = None
    outbox: OutboxEntry | None = None

    @property
    def sent(self) -> bool:
        return self.reason == "sent"

    @property
    def blocking(self) -> list[Finding]:
        return blocking(self.findings)


def _address(draft: Draft) -> str:
    contact = draft.contact
    if contact.do_not_contact:
        raise ValidationError({"contact": f"{contact.name} asked not to be contacted."})
    address = contact.email if draft.channel == Channel.EMAIL else contact.phone
    if not address:
        what = "email address" if draft.channel == Channel.EMAIL else "phone number"
        raise ValidationError({"channel": f"{contact.name} has no {what}."})
    return address


def _lock(draft: Draft) -> None:
    """Re-read the draft under a row lock, in place: two requests never act on it at once."""
    draft.refresh_from_db(from_queryset=Draft.objects.select_for_update(of=("self",)))


@transaction.atomic
def draft_send(*, draft: Draft, actor: Member, now: datetime, confirm: bool = False) -> SendOutcome:
    """Send a draft unless the guard says no.

    * a `block` finding (a greeting that sells under `no-offer`…) refuses it;
    * a reply to a heated message before its cooling-off ends is *held*: kept, with the
      earliest send time;
    * a held draft, once its time comes, needs one more read: `confirm=True`;
    * so does a reply to an unhappy (not heated) customer while warnings remain on it;
    * otherwise it goes: an outbound entry on the timeline (which clears the reply owed) and
      a queued outbox entry.
    """
    _lock(draft)
    _require_open(draft)
    _require_author(draft, actor)
    if not draft.body.strip():
        raise ValidationError({"body": "Write the message first."})
    address = _address(draft)
    findings = draft_check(draft=draft, now=now)
    blocks = blocking(findings)
    if any(f.rule == "cooling-off" for f in findings):
        return _hold(draft, actor=actor, now=now, findings=findings, blocked=bool(blocks))
    if blocks:
        _event(draft, EventKind.BLOCKED, at=now, by=actor, rule=",".join(f.rule for f in blocks))
        return SendOutcome(draft, "blocked", findings, draft.hold_until)
    if draft.held_at is not None and not confirm:
        if draft.status != DraftStatus.READY:
            draft.status = DraftStatus.READY
            draft.save(update_fields=["status", "updated_at"])
        return SendOutcome(draft, "confirm", findings, draft.hold_until)
    second_look = needs_second_look(draft, findings)
    if second_look and not confirm:
        return SendOutcome(draft, "confirm", findings, draft.hold_until)
    if draft.held_at is not None or second_look:
        draft.confirmed_at = now
        _event(draft, EventKind.CONFIRMED, at=now, by=actor)
    return _deliver(draft, actor=actor, now=now, findings=findings, address=address)


def needs_second_look(draft: Draft, findings: list[Finding]) -> bool:
    """A reply to an unhappy customer (not heated: that one is held, then read again) that
    still carries warnings is read once more before it goes."""
    answered = draft.in_reply_to
    if answered is None or answered.direction != Direction.INBOUND:
        return False
    if not any(f.severity == "warn" for f in findings):
        return False
    analysis = inbound_analysis_for(answered)
    return analysis.unhappy and not analysis.heated


def _hold(
    draft: Draft, *, actor: Member, now: datetime, findings: list[Finding], blocked: bool
) -> SendOutcome:
    assert draft.in_reply_to is not None  # noqa: S101 - cooling-off needs a message answered
    until = cooling_off_until(draft.in_reply_to, draft.author.workspace.cooling_off_minutes)
    first = draft.held_at is None
    draft.status = DraftStatus.HELD
    draft.hold_until = until
    draft.held_at = draft.held_at or now
    draft.save(update_fields=["status", "hold_until", "held_at", "updated_at"])
    if first:
        _event(draft, EventKind.HELD, at=now, by=actor, rule="cooling-off")
    return SendOutcome(draft, "blocked" if blocked else "held", findings, until)


# Apps that deliver what is queued (mail: SMTP) register here from their AppConfig.ready; a
# hook runs inside the send's transaction, right after the outbox row is created.
OutboxHook = Callable[[OutboxEntry, datetime], None]
OUTBOX_HOOKS: list[OutboxHook] = []


def register_outbox_hook(hook: OutboxHook) -> None:
    if hook not in OUTBOX_HOOKS:
        OUTBOX_HOOKS.append(hook)


def _deliver(
    draft: Draft, *, actor: Member, now: datetime, findings: list[Finding], address: str
) -> SendOutcome:
    answered = draft.in_reply_to
    interaction = interaction_log(
        contact=draft.contact,
        member=draft.author,
        data=InteractionData(
            kind=draft.channel,
            direction=Direction.OUTBOUND,
            occurred_at=now,
            subject=draft.subject,
            body=draft.body,
            in_reply_to=answered,
            thread_key=answered.thread_key if answered else "",
        ),
    )
    outbox = OutboxEntry.objects.create(
        workspace_id=draft.workspace_id,
        draft=draft,
        author=draft.author,
        contact=draft.contact,
        interaction=interaction,
        channel=draft.channel,
        to_address=address[:254],
        subject=draft.subject,
        body=draft.body,
        queued_at=now,
    )
    for hook in OUTBOX_HOOKS:
        hook(outbox, now)
    draft.status = DraftStatus.SENT
    draft.sent_at = now
    draft.sent_interaction = interaction
    draft.findings = [finding_json(f) for f in findings]
    draft.save(
        update_fields=[
            "status",
            "sent_at",
            "sent_interaction",
            "findings",
            "confirmed_at",
            "updated_at",
        ]
    )
    _event(draft, EventKind.SENT, at=now, by=actor, note=outbox.code)
    return SendOutcome(draft, "sent", findings, draft.hold_until, interaction, outbox)


@transaction.atomic
def draft_discard(*, draft: Draft, actor: Member, now: datetime) -> Draft:
    _lock(draft)
    _require_open(draft)
    _require_author(draft, actor)
    draft.status = DraftStatus.DISCARDED
    draft.discarded_at = now
    draft.save(update_fields=["status", "discarded_at", "updated_at"])
    _event(draft, EventKind.DISCARDED, at=now, by=actor)
    return draft


def outcome_message(outcome: SendOutcome, tz: str) -> str:
    """One plain sentence for the member (web flash, API error, CLI)."""
    from followthrough.agenda.text import local_label

    when = local_label(outcome.hold_until, tz) if outcome.hold_until else ""
    if outcome.reason == "sent":
        return f"Sent to {outcome.draft.contact.name}: it is on the timeline and in the outbox."
    if outcome.reason == "held":
        return (
            f"Held: the message you are answering reads as heated. The draft is kept; "
            f"it can go from {when}, after one more read."
        )
    if outcome.reason == "confirm" and outcome.draft.held_at is None:
        warns = sum(1 for f in outcome.findings if f.severity == "warn")
        return (
            f"{outcome.draft.contact.name} is unhappy and "
            f"{'1 warning remains' if warns == 1 else f'{warns} warnings remain'} on this reply. "
            "Read it once more; if it still says what you mean, send it."
        )
    if outcome.reason == "confirm":
        return "Cooling-off is over. Read it once more; if it still says what you mean, send it."
    rules = ", ".join(sorted({f.rule for f in outcome.blocking})) or "cooling-off"
    return f"Not sent: the guard blocks it ({rules}). Change the flagged text and try again."


def outcome_json(outcome: SendOutcome, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "reason": outcome.reason,
        "hold_until": outcome.hold_until.isoformat() if outcome.hold_until else None,
        "findings": [finding_json(f) for f in outcome.findings],
        **(extra or {}),
    }
