"""The --workspace option shared by the contact commands."""

from __future__ import annotations

from django.core.management.base import CommandError

from followthrough.workspaces.models import Member, Workspace


def resolve_workspace(code: str | None) -> Workspace:
    """The workspace with this code; without one, the only workspace there is."""
    if code:
        workspace = Workspace.objects.filter(code=code).first()
        if workspace is None:
            raise CommandError(f"No workspace has the code {code!r}.\n{_listing()}")
        return workspace
    workspaces = list(Workspace.objects.order_by("name")[:2])
    if not workspaces:
        raise CommandError(
            "There is no workspace yet: create one with `followthrough createworkspace`."
        )
    if len(workspaces) > 1:
        raise CommandError(
            f"There are several workspaces; choose one with --workspace CODE.\n{_listing()}"
        )
    return workspaces[0]


def _listing() -> str:
    rows = Workspace.objects.order_by("name").values_list("code", "name")[:50]
    return "Workspaces:\n" + "\n".join(f"  {code}  {name}" for code, name in rows)


def resolve_member(workspace: Workspace, email: str) -> Member:
    member = (
        Member.objects.select_related("user")
        .filter(workspace=workspace, user__email__iexact=email.strip(), is_active=True)
        .first()
    )
    if member is None:
        emails = Member.objects.filter(workspace=workspace, is_active=True).values_list(
            "user__email", flat=True
        )
        raise CommandError(
            f"{email!r} is not an active member of {workspace.name}. "
            f"Members: {', '.join(sorted(emails)) or 'none'}."
        )
    return member
