"""REST endpoints for contacts and their timelines, scoped to the token's workspace."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest
from ninja import Query, Router, Status

from followthrough.contacts.models import Contact, Interaction
from followthrough.contacts.schemas import (
    ContactIn,
    ContactOut,
    ContactPage,
    ContactPatch,
    InteractionIn,
    InteractionOut,
)
from followthrough.contacts.selectors import (
    ContactFilters,
    access_contact,
    access_interaction,
    contact_list,
    timeline,
)
from followthrough.contacts.services import (
    ContactData,
    InteractionData,
    contact_archive,
    contact_create,
    contact_set_stage,
    contact_update,
    interaction_delete,
    interaction_log,
)
from followthrough.core.once import create_once
from followthrough.core.schemas import InSchema
from followthrough.core.timeutil import utcnow
from followthrough.workspaces.api import acting_member
from followthrough.workspaces.models import Member

router = Router(tags=["contacts"])


class ContactQuery(InSchema):
    q: str = ""
    stage: str = ""
    owner: str = ""
    archived: bool = False
    owed_reply: bool = False
    sort: str = "name"
    page: int = 1
    page_size: int = 50


def _member_by_code(actor: Member, code: str | None) -> Member | None:
    if not code:
        return None
    found = Member.objects.filter(workspace=actor.workspace, code=code).first()
    if found is None:
        raise ValidationError({"owner": f"No member with code {code!r} in this workspace."})
    return found


def _contact_by_code(actor: Member, code: str | None, field: str) -> Contact | None:
    if not code:
        return None
    found = Contact.objects.filter(workspace=actor.workspace, code=code).first()
    if found is None:
        raise ValidationError({field: f"No contact with code {code!r} in this workspace."})
    return found


def _data_from(actor: Member, payload: ContactIn) -> ContactData:
    return ContactData(
        first_name=payload.first_name,
        last_name=payload.last_name,
        email=payload.email,
        phone=payload.phone,
        company_name=payload.company,
        title=payload.title,
        address=payload.address,
        notes=payload.notes,
        owner=_member_by_code(actor, payload.owner),
        referred_by=_contact_by_code(actor, payload.referred_by, "referred_by"),
        referred_by_partner=payload.referred_by_partner,
        birthday=payload.birthday,
        customer_since=payload.customer_since,
        guidance=payload.guidance,
        preferred_channel=payload.preferred_channel,
        do_not_contact=payload.do_not_contact,
    )


def data_of(contact: Contact) -> ContactData:
    return ContactData(
        first_name=contact.first_name,
        last_name=contact.last_name,
        email=contact.email,
        phone=contact.phone,
        company_name=contact.company.name if contact.company else "",
        title=contact.title,
        address=contact.address,
        notes=contact.notes,
        owner=contact.owner,
        referred_by=contact.referred_by,
        referred_by_partner=contact.referred_by_partner,
        birthday=contact.birthday,
        customer_since=contact.customer_since,
        guidance=contact.guidance,
        preferred_channel=contact.preferred_channel,
        do_not_contact=contact.do_not_contact,
    )


@router.get("", response=ContactPage, summary="List and search contacts")
def list_contacts(request: HttpRequest, query: Query[ContactQuery]) -> ContactPage:
    member = acting_member(request)
    filters = ContactFilters(
        q=query.q,
        stage=query.stage,
        owner=query.owner,
        archived=query.archived,
        owed_reply=query.owed_reply,
        sort=query.sort,
    )
    size = max(1, min(query.page_size, 200))
    paginator = Paginator(contact_list(member, filters).select_related("referred_by"), size)
    count = paginator.count
    pages = max(1, math.ceil(count / size))
    page = max(1, min(query.page, pages))
    rows = paginator.page(page).object_list
    return ContactPage(
        count=count, page=page, pages=pages, results=[ContactOut.of(c) for c in rows]
    )


@router.post("", response={201: ContactOut}, summary="Create a contact")
def create_contact(request: HttpRequest, payload: ContactIn) -> Status[Any]:
    member = acting_member(request)
    contact = contact_create(
        workspace=member.workspace,
        data=_data_from(member, payload),
        actor=member,
        now=utcnow(),
        stage=payload.stage,
    )
    return Status(201, ContactOut.of(contact))


@router.get("/{code}", response=ContactOut, summary="One contact")
def get_contact(request: HttpRequest, code: str) -> ContactOut:
    return ContactOut.of(access_contact(acting_member(request), code))


@router.patch("/{code}", response=ContactOut, summary="Change some fields of a contact")
def patch_contact(request: HttpRequest, code: str, payload: ContactPatch) -> ContactOut:
    member = acting_member(request)
    contact = access_contact(member, code, write=True)
    given = payload.model_dump(exclude_unset=True)
    data = data_of(contact)
    simple = [
        "first_name",
        "last_name",
        "email",
        "phone",
        "title",
        "address",
        "notes",
        "referred_by_partner",
        "guidance",
        "preferred_channel",
        "do_not_contact",
    ]
    changes = {name: given[name] for name in simple if name in given and given[name] is not None}
    if "birthday" in given:
        changes["birthday"] = given["birthday"]
    if "customer_since" in given:
        changes["customer_since"] = given["customer_since"]
    if "company" in given:
        changes["company_name"] = given["company"] or ""
    if "owner" in given:
        changes["owner"] = _member_by_code(member, given["owner"])
    if "referred_by" in given:
        changes["referred_by"] = _contact_by_code(member, given["referred_by"], "referred_by")
    now = utcnow()
    with transaction.atomic():
        contact = contact_update(contact=contact, data=replace(data, **changes), actor=member)
        if given.get("stage"):
            contact_set_stage(
                contact=contact,
                stage=given["stage"],
                actor=member,
                now=now,
                reason=given.get("stage_reason") or "",
            )
        if given.get("archived") is not None:
            contact_archive(contact=contact, now=now, archived=bool(given["archived"]))
    return ContactOut.of(access_contact(member, code))


@router.delete("/{code}", response={204: None}, summary="Archive a contact")
def archive_contact(request: HttpRequest, code: str) -> Status[Any]:
    member = acting_member(request)
    contact_archive(contact=access_contact(member, code, write=True), now=utcnow())
    return Status(204, None)


@router.get("/{code}/interactions", response=list[InteractionOut], summary="A contact's timeline")
def list_interactions(
    request: HttpRequest, code: str, limit: int = 100, before: str = ""
) -> list[InteractionOut]:
    contact = access_contact(acting_member(request), code)
    qs = timeline(contact)
    if before:
        anchor = Interaction.objects.filter(contact=contact, code=before).first()
        if anchor is not None:
            qs = qs.filter(occurred_at__lt=anchor.occurred_at)
    return [InteractionOut.of(i, contact.code) for i in qs[: max(1, min(limit, 500))]]


@router.post(
    "/{code}/interactions",
    response={200: InteractionOut, 201: InteractionOut},
    summary="Log an email, call, meeting, message or note (201); a message_id already "
    "logged returns that interaction, unchanged, with 200",
)
def create_interaction(request: HttpRequest, code: str, payload: InteractionIn) -> Status[Any]:
    member = acting_member(request)
    contact = access_contact(member, code, write=True)
    interaction, created = create_once(
        lambda: _logged(member, payload.message_id),
        lambda: interaction_log(
            contact=contact,
            member=member,
            data=InteractionData(
                kind=payload.kind,
                direction=payload.direction,
                occurred_at=payload.occurred_at or utcnow(),
                subject=payload.subject,
                body=payload.body,
                call_outcome=payload.call_outcome,
                meeting_outcome=payload.meeting_outcome,
                message_id=payload.message_id,
            ),
        ),
    )
    return Status(201 if created else 200, InteractionOut.of(interaction, interaction.contact.code))


def _logged(member: Member, message_id: str) -> Interaction | None:
    """The interaction already logged with this message_id (a retried delivery)."""
    if not message_id:
        return None
    return (
        Interaction.objects.select_related("contact")
        .filter(workspace_id=member.workspace_id, message_id=message_id[:300])
        .first()
    )


@router.get("/interactions/{code}", response=InteractionOut, summary="One interaction")
def get_interaction(request: HttpRequest, code: str) -> InteractionOut:
    interaction = access_interaction(acting_member(request), code)
    return InteractionOut.of(interaction, interaction.contact.code)


@router.delete("/interactions/{code}", response={204: None}, summary="Delete an interaction")
def delete_interaction(request: HttpRequest, code: str) -> Status[Any]:
    interaction_delete(interaction=access_interaction(acting_member(request), code))
    return Status(204, None)
