"""What a member may see, by role: the one rule the web, the API and the CLI all ask.

A rep sees their own promises, standing and agenda, and the workspace's contacts (with
everything on a contact's record, colleagues' promises to that contact included, so a
customer is never bounced). A rep does not see a colleague's ledger or scores (credibility,
kept-rate, bad-news-first rate), cannot export the whole contact list, and does not open the
team reports or the team's settings. A manager sees all of their workspace.
See docs/decisions/0006-what-a-rep-sees.md.

Every function takes the viewer first. The `require_*` forms raise `Http404` — the same
answer as for something that does not exist, so a refusal tells a rep nothing.
"""

from __future__ import annotations

from django.http import Http404

from followthrough.workspaces.models import Member
from followthrough.workspaces.selectors import access_member


def can_see_member_scores(viewer: Member, member: Member) -> bool:
    """Credibility, kept-rates, bad-news-first rate and the promise ledger of `member`."""
    return viewer.workspace_id == member.workspace_id and (
        viewer.is_manager or viewer.pk == member.pk
    )


def can_bulk_export(viewer: Member) -> bool:
    """Download every contact of the workspace at once (CSV)."""
    return viewer.is_manager


def can_see_reports(viewer: Member) -> bool:
    """The team reports: rates per member, the workspace's funnel and what is owed."""
    return viewer.is_manager


def can_manage_team(viewer: Member) -> bool:
    """Add, change and deactivate members; change the workspace's settings."""
    return viewer.is_manager


def scored_member(viewer: Member, code: str) -> Member:
    """The member named by `code` whose ledger and scores the viewer asks for, or 404.

    An empty code means the viewer themself.
    """
    if not code or code == viewer.code:
        return viewer
    member = access_member(viewer, code)
    if not can_see_member_scores(viewer, member):
        raise Http404("No such member.")
    return member


def require_bulk_export(viewer: Member) -> None:
    if not can_bulk_export(viewer):
        raise Http404("Only managers can export every contact.")


def require_reports(viewer: Member) -> None:
    if not can_see_reports(viewer):
        raise Http404("Only managers can see the reports.")


def require_manager(viewer: Member) -> None:
    """Pages and operations for managers only: the team, its settings, held replies."""
    if not can_manage_team(viewer):
        raise Http404("Only managers can see this page.")


def ledger_owner(viewer: Member, code: str, *, about_contact: bool) -> Member | None:
    """Whose promises a list shows: `None` means everyone's.

    A manager lists anyone's or everyone's. A rep lists their own, or — when the list is
    about one contact — every promise on that contact's record; naming a colleague is 404.
    """
    if code:
        return scored_member(viewer, code)
    if viewer.is_manager or about_contact:
        return None
    return viewer
