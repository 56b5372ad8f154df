"""Every change to contacts, companies and the timeline."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q

from followthrough.contacts.keys import first_key, fold, phone_digits, sort_key
from followthrough.contacts.models import (
    CallOutcome,
    Channel,
    Company,
    Contact,
    Direction,
    Guidance,
    Interaction,
    Kind,
    MeetingOutcome,
    Stage,
    StageChange,
)
from followthrough.workspaces.models import Member, Workspace


@dataclass
class ContactData:
    """The editable fields of a contact, shared by forms, the API and imports."""

    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""
    company_name: str = ""
    title: str = ""
    address: str = ""
    notes: str = ""
    owner: Member | None = None
    referred_by: Contact | None = None
    referred_by_partner: str = ""
    birthday: date | None = None
    customer_since: date | None = None
    guidance: str = ""
    preferred_channel: str = ""
    do_not_contact: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def company_get_or_create(*, workspace: Workspace, name: str) -> Company | None:
    name = " ".join(name.split())
    if not name:
        return None
    key = fold(name)
    company = Company.objects.filter(workspace=workspace, name_key=key).first()
    if company is None:
        company = Company.objects.create(workspace=workspace, name=name[:200], name_key=key[:200])
    return company


def contact_validate(*, workspace: Workspace, data: ContactData, instance: Contact | None) -> None:
    errors: dict[str, str] = {}
    email = data.email.strip().lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = f"{data.email!r} is not a valid email address."
        else:
            clash = Contact.objects.filter(workspace=workspace, email=email)
            if instance is not None:
                clash = clash.exclude(pk=instance.pk)
            if clash.exists():
                errors["email"] = f"Another contact already has the email {email}."
    if not (data.first_name.strip() or data.last_name.strip() or email or data.phone.strip()):
        errors["first_name"] = "A contact needs at least a name, an email or a phone number."
    if data.guidance not in Guidance.values:
        errors["guidance"] = (
            f"Guidance must be one of {', '.join(v for v in Guidance.values if v)}."
        )
    if data.preferred_channel not in Channel.values:
        errors["preferred_channel"] = "Unknown channel."
    if data.owner is not None and data.owner.workspace_id != workspace.pk:
        errors["owner"] = "The owner must be a member of this workspace."
    if data.referred_by is not None:
        if data.referred_by.workspace_id != workspace.pk:
            errors["referred_by"] = "The referrer must be a contact in this workspace."
        elif instance is not None and data.referred_by.pk == instance.pk:
            errors["referred_by"] = "A contact cannot refer themselves."
    if errors:
        raise ValidationError(errors)


def _apply(contact: Contact, data: ContactData, company: Company | None) -> None:
    contact.first_name = data.first_name.strip()[:100]
    contact.last_name = data.last_name.strip()[:100]
    contact.email = data.email.strip().lower()
    contact.phone = data.phone.strip()[:40]
    contact.company = company
    contact.title = data.title.strip()[:150]
    contact.address = data.address.strip()
    contact.notes = data.notes
    contact.owner = data.owner
    contact.referred_by = data.referred_by
    contact.referred_by_partner = data.referred_by_partner.strip()[:200]
    contact.birthday = data.birthday
    contact.customer_since = data.customer_since
    contact.guidance = data.guidance
    contact.preferred_channel = data.preferred_channel
    contact.do_not_contact = data.do_not_contact
    contact_refresh_keys(contact)


def contact_refresh_keys(contact: Contact) -> None:
    contact.sort_key = sort_key(contact.first_name, contact.last_name, contact.email)[:210]
    contact.first_key = first_key(contact.first_name, contact.last_name)[:210]
    contact.company_key = fold(contact.company.name)[:200] if contact.company else ""
    contact.phone_key = phone_digits(contact.phone)[:40]


@transaction.atomic
def contact_create(
    *,
    workspace: Workspace,
    data: ContactData,
    actor: Member | None,
    now: datetime,
    stage: str = Stage.PROSPECT,
) -> Contact:
    contact_validate(workspace=workspace, data=data, instance=None)
    if stage not in Stage.values:
        raise ValidationError({"stage": f"Stage must be one of {', '.join(Stage.values)}."})
    company = company_get_or_create(workspace=workspace, name=data.company_name)
    contact = Contact(workspace=workspace, stage=stage)
    _apply(contact, data, company)
    if stage == Stage.CUSTOMER and contact.customer_since is None:
        contact.customer_since = now.date()
    contact.save()
    StageChange.objects.create(
        workspace=workspace, contact=contact, from_stage="", to_stage=stage, at=now, by=actor
    )
    return contact


@transaction.atomic
def contact_update(*, contact: Contact, data: ContactData, actor: Member | None) -> Contact:
    contact_validate(workspace=contact.workspace, data=data, instance=contact)
    company = company_get_or_create(workspace=contact.workspace, name=data.company_name)
    _apply(contact, data, company)
    contact.save()
    return contact


_RECORDING_LOSS: ContextVar[bool] = ContextVar("recording_loss", default=False)
StageHook = Callable[[Contact, str, datetime], None]
_STAGE_HOOKS: list[StageHook] = []


@contextmanager
def recording_loss() -> Iterator[None]:
    """The one way to mark a contact lost: inside this block, which the lost app opens once it
    has recorded why (so no contact is ever lost without a reason)."""
    token = _RECORDING_LOSS.set(True)
    try:
        yield
    finally:
        _RECORDING_LOSS.reset(token)


def register_stage_hook(hook: StageHook) -> None:
    """Call `hook(contact, new_stage, now)` before a contact's stage changes."""
    if hook not in _STAGE_HOOKS:
        _STAGE_HOOKS.append(hook)


@transaction.atomic
def contact_set_stage(
    *, contact: Contact, stage: str, actor: Member | None, now: datetime, reason: str = ""
) -> Contact:
    if stage not in Stage.values:
        raise ValidationError({"stage": f"Stage must be one of {', '.join(Stage.values)}."})
    if stage == contact.stage:
        return contact
    if stage == Stage.LOST and not _RECORDING_LOSS.get():
        raise ValidationError(
            {"stage": "Mark a contact lost with a reason (the contact page's “Mark lost”)."}
        )
    for hook in _STAGE_HOOKS:
        hook(contact, stage, now)
    StageChange.objects.create(
        workspace=contact.workspace,
        contact=contact,
        from_stage=contact.stage,
        to_stage=stage,
        at=now,
        by=actor,
        reason=reason[:300],
    )
    contact.stage = stage
    fields = ["stage", "updated_at"]
    if stage == Stage.CUSTOMER and contact.customer_since is None:
        contact.customer_since = now.date()
        fields.append("customer_since")
    contact.save(update_fields=fields)
    return contact


@transaction.atomic
def contact_archive(*, contact: Contact, now: datetime, archived: bool = True) -> Contact:
    contact.archived_at = now if archived else None
    contact.save(update_fields=["archived_at", "updated_at"])
    return contact


# The timeline ----------------------------------------------------------------------------


@dataclass
class InteractionData:
    kind: str
    direction: str
    occurred_at: datetime
    subject: str = ""
    body: str = ""
    call_outcome: str = ""
    meeting_outcome: str = ""
    message_id: str = ""
    thread_key: str = ""
    in_reply_to: Interaction | None = None


def interaction_validate(data: InteractionData) -> None:
    errors: dict[str, str] = {}
    if data.kind not in Kind.values:
        errors["kind"] = f"Kind must be one of {', '.join(Kind.values)}."
    if data.direction not in Direction.values:
        errors["direction"] = f"Direction must be one of {', '.join(Direction.values)}."
    if data.call_outcome and (
        data.kind != Kind.CALL or data.call_outcome not in CallOutcome.values
    ):
        errors["call_outcome"] = (
            "A call outcome is one of connected, voicemail, no_answer (calls only)."
        )
    if data.meeting_outcome and (
        data.kind != Kind.MEETING or data.meeting_outcome not in MeetingOutcome.values
    ):
        errors["meeting_outcome"] = (
            "A meeting outcome is one of held, no_show, cancelled, rescheduled (meetings only)."
        )
    if data.kind == Kind.NOTE and data.direction != Direction.INTERNAL:
        errors["direction"] = "A note is internal."
    if data.occurred_at.tzinfo is None:
        errors["occurred_at"] = "The time needs a timezone."
    if errors:
        raise ValidationError(errors)


def asks_for_reply(data: InteractionData) -> bool:
    """An inbound message, email or voicemail is owed an answer from us."""
    if data.direction != Direction.INBOUND:
        return False
    if data.kind in (Kind.EMAIL, Kind.MESSAGE):
        return True
    return data.kind == Kind.CALL and data.call_outcome == CallOutcome.VOICEMAIL


def answers_them(data: InteractionData) -> bool:
    """An outbound that counts as our reply to whatever they sent before it."""
    if data.direction != Direction.OUTBOUND:
        return False
    if data.kind in (Kind.EMAIL, Kind.MESSAGE):
        return True
    if data.kind == Kind.CALL:
        return data.call_outcome in (CallOutcome.CONNECTED, CallOutcome.VOICEMAIL)
    return data.kind == Kind.MEETING and data.meeting_outcome == MeetingOutcome.HELD


# `answers_them` as a query condition, for finding an answer already on the timeline.
ANSWERS_THEM = Q(direction=Direction.OUTBOUND) & (
    Q(kind__in=(Kind.EMAIL, Kind.MESSAGE))
    | Q(kind=Kind.CALL, call_outcome__in=(CallOutcome.CONNECTED, CallOutcome.VOICEMAIL))
    | Q(kind=Kind.MEETING, meeting_outcome=MeetingOutcome.HELD)
)


def is_two_way(data: InteractionData) -> bool:
    """A real two-way touch: they spoke to us, or we spoke with them."""
    if data.kind == Kind.CALL:
        return data.call_outcome == CallOutcome.CONNECTED
    if data.kind == Kind.MEETING:
        return data.meeting_outcome == MeetingOutcome.HELD
    return data.direction == Direction.INBOUND and data.kind in (Kind.EMAIL, Kind.MESSAGE)


@transaction.atomic
def interaction_log(
    *, contact: Contact, member: Member | None, data: InteractionData
) -> Interaction:
    """Add an entry to the timeline and keep the contact's reply-owed state true."""
    interaction_validate(data)
    if member is not None and member.workspace_id != contact.workspace_id:
        raise ValidationError({"member": "The member must belong to this workspace."})
    interaction = Interaction.objects.create(
        workspace_id=contact.workspace_id,
        contact=contact,
        member=member,
        kind=data.kind,
        direction=data.direction,
        occurred_at=data.occurred_at,
        subject=data.subject.strip()[:300],
        body=data.body,
        call_outcome=data.call_outcome,
        meeting_outcome=data.meeting_outcome,
        message_id=data.message_id[:300],
        thread_key=data.thread_key[:300],
        in_reply_to=data.in_reply_to,
    )
    contact_apply_interaction(contact, interaction, data)
    for hook in POST_LOG_HOOKS:
        hook(interaction, data)
    return interaction


# Apps that react to a logged interaction (e.g. a promise it fulfils) register here, from
# their AppConfig.ready. Hooks run inside interaction_log's transaction, in order.
# See docs/decisions/0003-promise-fulfilment-hook.md.
PostLogHook = Callable[[Interaction, InteractionData], None]
POST_LOG_HOOKS: list[PostLogHook] = []


def register_post_log(hook: PostLogHook) -> None:
    if hook not in POST_LOG_HOOKS:
        POST_LOG_HOOKS.append(hook)


def contact_apply_interaction(
    contact: Contact, interaction: Interaction, data: InteractionData
) -> None:
    at = data.occurred_at
    fields = ["updated_at"]
    if asks_for_reply(data):
        # Logged late (an import, a back-dated entry)? The first answer after it settles it.
        answered_at = (
            Interaction.objects.filter(ANSWERS_THEM, contact=contact, occurred_at__gte=at)
            .exclude(pk=interaction.pk)
            .order_by("occurred_at")
            .values_list("occurred_at", flat=True)
            .first()
        )
        if answered_at is not None:
            Interaction.objects.filter(pk=interaction.pk).update(replied_at=answered_at)
            interaction.replied_at = answered_at
        else:
            Interaction.objects.filter(pk=interaction.pk).update(reply_owed=True)
            interaction.reply_owed = True
            if contact.owed_reply_since is None or at < contact.owed_reply_since:
                contact.owed_reply_since = at
                fields.append("owed_reply_since")
    if answers_them(data):
        answered = Interaction.objects.filter(
            contact=contact, reply_owed=True, replied_at__isnull=True, occurred_at__lte=at
        )
        answered.update(replied_at=at, reply_owed=False)
        still_owed = (
            Interaction.objects.filter(contact=contact, reply_owed=True, replied_at__isnull=True)
            .order_by("occurred_at")
            .values_list("occurred_at", flat=True)
            .first()
        )
        if still_owed != contact.owed_reply_since:
            contact.owed_reply_since = still_owed
            fields.append("owed_reply_since")
    if data.direction == Direction.INBOUND and _later(at, contact.last_inbound_at):
        contact.last_inbound_at = at
        fields.append("last_inbound_at")
    if data.direction == Direction.OUTBOUND and _later(at, contact.last_outbound_at):
        contact.last_outbound_at = at
        fields.append("last_outbound_at")
    if is_two_way(data) and _later(at, contact.last_two_way_at):
        contact.last_two_way_at = at
        fields.append("last_two_way_at")
    if len(fields) > 1:
        contact.save(update_fields=fields)


def _later(at: datetime, current: datetime | None) -> bool:
    return current is None or at > current


def _as_data(i: Interaction) -> InteractionData:
    return InteractionData(
        kind=i.kind,
        direction=i.direction,
        occurred_at=i.occurred_at,
        call_outcome=i.call_outcome,
        meeting_outcome=i.meeting_outcome,
    )


@transaction.atomic
def interaction_delete(*, interaction: Interaction) -> None:
    """Remove a mistaken entry and recompute what the contact is owed."""
    contact = interaction.contact
    interaction.delete()
    contact_recompute_state(contact)


def contact_recompute_state(contact: Contact) -> Contact:
    """Rebuild the stored timeline state of one contact from its interactions."""
    contact.owed_reply_since = None
    contact.last_inbound_at = contact.last_outbound_at = contact.last_two_way_at = None
    Interaction.objects.filter(contact=contact).update(reply_owed=False, replied_at=None)
    contact.save(
        update_fields=["owed_reply_since", "last_inbound_at", "last_outbound_at", "last_two_way_at"]
    )
    for interaction in Interaction.objects.filter(contact=contact).order_by("occurred_at", "id"):
        contact_apply_interaction(contact, interaction, _as_data(interaction))
    return contact
