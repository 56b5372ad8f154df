from __future__ import annotations

from django.http import HttpRequest

from followthrough.workspaces import access


def workspace(request: HttpRequest) -> dict[str, object]:
    member = getattr(request, "member", None)
    may = {}
    if member is not None:
        may = {
            "reports": access.can_see_reports(member),
            "export": access.can_bulk_export(member),
            "team": access.can_manage_team(member),
        }
    return {
        "member": member,
        "workspace": getattr(request, "workspace", None),
        "may": may,
    }
