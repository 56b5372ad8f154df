"""Every read of contacts and the timeline, scoped to the acting member's workspace."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from followthrough.contacts.keys import fold, phone_digits, prefix_upper_bound
from followthrough.contacts.models import Contact, Interaction, Stage
from followthrough.workspaces.models import Member

SORTS: dict[str, tuple[str, ...]] = {
    "name": ("sort_key", "id"),
    "-name": ("-sort_key", "-id"),
    "newest": ("-created_at", "-id"),
    "oldest": ("created_at", "id"),
    "quiet": ("last_two_way_at", "id"),
    "recent": ("-last_two_way_at", "-id"),
}


@dataclass(frozen=True)
class ContactFilters:
    q: str = ""
    stage: str = ""
    owner: str = ""  # "me", "none", or a member code
    archived: bool = False
    owed_reply: bool = False
    sort: str = "name"


def contact_queryset(member: Member) -> QuerySet[Contact]:
    return Contact.objects.filter(workspace_id=member.workspace_id)


def _prefix(field: str, value: str) -> Q:
    """An index-friendly 'starts with' on a lower-cased key column."""
    return Q(**{f"{field}__gte": value, f"{field}__lt": prefix_upper_bound(value)})


def search_q(q: str) -> Q | None:
    term = fold(q.replace("\x00", ""))
    if not term:
        return None
    cond = _prefix("sort_key", term) | _prefix("first_key", term) | _prefix("company_key", term)
    if "@" in term or "." in term:
        cond |= _prefix("email", term)
    digits = phone_digits(q)
    if len(digits) >= 3 and len(digits) >= len(term.replace(" ", "")) - 3:
        cond |= _prefix("phone_key", digits)
    elif "@" not in term:
        cond |= _prefix("email", term)
    return cond


def contact_list(member: Member, filters: ContactFilters) -> QuerySet[Contact]:
    qs = contact_queryset(member)
    qs = qs.filter(archived_at__isnull=not filters.archived)
    if filters.stage in Stage.values:
        qs = qs.filter(stage=filters.stage)
    if filters.owner == "me":
        qs = qs.filter(owner=member)
    elif filters.owner == "none":
        qs = qs.filter(owner__isnull=True)
    elif filters.owner:
        qs = qs.filter(owner__code=filters.owner)
    if filters.owed_reply:
        qs = qs.filter(owed_reply_since__isnull=False)
    cond = search_q(filters.q)
    if cond is not None:
        qs = qs.filter(cond)
    order = SORTS.get(filters.sort, SORTS["name"])
    return qs.select_related("owner", "company").order_by(*order)


def access_contact(member: Member, code: str, *, write: bool = False) -> Contact:
    """The only way a view gets a contact. Reps and managers of the workspace may edit."""
    try:
        return Contact.objects.select_related("owner", "company", "referred_by").get(
            workspace_id=member.workspace_id, code=code
        )
    except Contact.DoesNotExist:
        raise Http404("No such contact.") from None


def timeline(contact: Contact) -> QuerySet[Interaction]:
    return (
        Interaction.objects.filter(contact=contact)
        .select_related("member")
        .order_by("-occurred_at", "-id")
    )


def access_interaction(member: Member, code: str) -> Interaction:
    try:
        return Interaction.objects.select_related("contact", "member").get(
            workspace_id=member.workspace_id, code=code
        )
    except Interaction.DoesNotExist:
        raise Http404("No such interaction.") from None
