"""Every read of contacts and the timeline, scoped to the acting member's workspace."""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import F, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.http import Http404

from followthrough.contacts.keys import fold, phone_digits, prefix_upper_bound
from followthrough.contacts.models import Contact, Interaction, Stage
from followthrough.workspaces.models import Member

SORTS: dict[str, tuple[str | OrderBy, ...]] = {
    "name": ("sort_key", "id"),
    "-name": ("-sort_key", "-id"),
    "newest": ("-created_at", "-id"),
    "oldest": ("created_at", "id"),
    # Never touched is the quietest of all, on SQLite and PostgreSQL alike (index contact_quiet).
    "quiet": (F("last_two_way_at").asc(nulls_first=True), "id"),
    "recent": (F("last_two_way_at").desc(nulls_last=True), "-id"),
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


def search_q(q: str, *, workspace_id: int) -> Q | None:
    """Name, email, phone or company starting with `q`: one key range per index, OR-ed.

    Every OR-ed term carries the workspace itself, so the query needs no other workspace
    filter: SQLite then reads one index range per term (MULTI-INDEX OR), where beside a
    top-level workspace filter it scans the whole workspace (docs/benchmarks.md).
    """
    term = fold(q.replace("\x00", ""))
    if not term:
        return None
    terms = [_prefix("sort_key", term), _prefix("first_key", term), _prefix("company_key", term)]
    if "@" in term or "." in term:
        terms.append(_prefix("email", term))
    digits = phone_digits(q)
    if len(digits) >= 3 and len(digits) >= len(term.replace(" ", "")) - 3:
        terms.append(_prefix("phone_key", digits))
    elif "@" not in term:
        terms.append(_prefix("email", term))
    return reduce(or_, [Q(workspace_id=workspace_id) & t for t in terms])


def contact_search(member: Member, q: str) -> QuerySet[Contact] | None:
    """The member's contacts (archived too) matching `q`, or None when `q` has nothing to find."""
    cond = search_q(q, workspace_id=member.workspace_id)
    # Scoped by its own terms: each one names the member's workspace (see search_q).
    return None if cond is None else Contact.objects.filter(cond)


def contact_list(member: Member, filters: ContactFilters) -> QuerySet[Contact]:
    qs = contact_search(member, filters.q)
    if qs is None:
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
