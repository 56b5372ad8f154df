"""Upload page for contact imports and the CSV export (filled in by the imports work)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from followthrough.workspaces.views import member_required


@member_required
def contact_import(request: HttpRequest) -> HttpResponse:
    return render(request, "contacts/import.html", {"nav": "contacts"})


@member_required
def contact_export(request: HttpRequest) -> HttpResponse:
    return HttpResponse("", content_type="text/csv")
