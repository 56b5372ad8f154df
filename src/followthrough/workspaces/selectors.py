"""Reads about workspaces and members, always scoped to a workspace."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from followthrough.workspaces.models import Member, Workspace


def member_for_user(user_id: int, workspace_code: str | None = None) -> Member | None:
    qs = Member.objects.select_related("workspace", "user").filter(user_id=user_id, is_active=True)
    if workspace_code:
        chosen = qs.filter(workspace__code=workspace_code).first()
        if chosen:
            return chosen
    return qs.order_by("created_at").first()


def member_choices(user_id: int) -> QuerySet[Member]:
    """Every workspace this person is an active member of, for the workspace picker."""
    return (
        Member.objects.select_related("workspace")
        .filter(user_id=user_id, is_active=True)
        .order_by("workspace__name")
    )


def member_list(workspace: Workspace, *, include_inactive: bool = False) -> QuerySet[Member]:
    qs = Member.objects.filter(workspace=workspace).select_related("user")
    if not include_inactive:
        qs = qs.filter(is_active=True)
    return qs.order_by("display_name")


def access_member(actor: Member, code: str, *, write: bool = False) -> Member:
    """A member of the actor's workspace. Writing other members needs the manager role."""
    try:
        member = Member.objects.select_related("user", "workspace").get(
            workspace=actor.workspace, code=code
        )
    except Member.DoesNotExist:
        raise Http404("No such member.") from None
    if write and not actor.is_manager and member.pk != actor.pk:
        raise Http404("No such member.")
    return member
