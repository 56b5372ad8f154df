from __future__ import annotations

from django.http import HttpRequest


def workspace(request: HttpRequest) -> dict[str, object]:
    return {
        "member": getattr(request, "member", None),
        "workspace": getattr(request, "workspace", None),
    }
