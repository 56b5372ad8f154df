"""The contact import page and the CSV export download.

Imports run inside the request: 20 MB of CSV is about 130k rows, a few seconds of work.
"""

from __future__ import annotations

from typing import IO, cast

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from followthrough.contacts.exporting import csv_chunks, export_queryset
from followthrough.contacts.importing import ImportFileError, ImportReport, import_contacts
from followthrough.contacts.models import Stage
from followthrough.core.htmx import template_for
from followthrough.core.timeutil import utcnow
from followthrough.workspaces import access
from followthrough.workspaces.models import Member
from followthrough.workspaces.views import member_required

ERRORS_SHOWN = 500


def max_upload_bytes() -> int:
    return int(getattr(settings, "CONTACT_IMPORT_MAX_BYTES", 20 * 1024 * 1024))


def _megabytes(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.3g} MB"


class ImportForm(forms.Form):
    file = forms.FileField(
        help_text="CSV from Google Contacts or Outlook, the plain layout, or vCard (.vcf)."
    )
    owner = forms.ModelChoiceField(
        queryset=Member.objects.none(),
        required=False,
        to_field_name="code",
        empty_label="Nobody",
        help_text="For rows that do not name an owner.",
    )
    stage = forms.ChoiceField(
        choices=Stage.choices, initial=Stage.PROSPECT, help_text="For rows that do not name one."
    )
    dry_run = forms.BooleanField(
        required=False, label="Dry run: check the file and report, import nothing"
    )

    def __init__(self, *args: object, member: Member, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        owner = self.fields["owner"]
        if isinstance(owner, forms.ModelChoiceField):
            owner.queryset = Member.objects.filter(
                workspace_id=member.workspace_id, is_active=True
            ).order_by("display_name")

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        limit = max_upload_bytes()
        if (upload.size or 0) > limit:
            raise forms.ValidationError(
                f"The file is {_megabytes(upload.size or 0)}; the limit is {_megabytes(limit)}. "
                "Split it, or import it with `followthrough import contacts FILE`."
            )
        return upload


@member_required
def contact_import(request: HttpRequest) -> HttpResponse:
    member: Member = request.member  # type: ignore[attr-defined]
    report: ImportReport | None = None
    refused = ""
    status = 200
    if request.method == "POST" and _declared_size(request) > max_upload_bytes() + 64 * 1024:
        # Refuse before Django reads the body.
        form = ImportForm(member=member, initial={"owner": member.code})
        refused = (
            f"The file is larger than {_megabytes(max_upload_bytes())}. Split it, or import it "
            "with `followthrough import contacts FILE`."
        )
        status = 413
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES, member=member)
        if form.is_valid():
            report = _run(form, member)
        status = 200 if form.is_valid() else 400
    else:
        form = ImportForm(member=member, initial={"owner": member.code})
    return render(
        request,
        template_for(request, "contacts/import.html", "body"),
        {
            "form": form,
            "report": report,
            "refused": refused,
            "errors_shown": report.errors[:ERRORS_SHOWN] if report else [],
            "errors_hidden": max(0, len(report.errors) - ERRORS_SHOWN) if report else 0,
            "warnings_shown": report.warnings[:ERRORS_SHOWN] if report else [],
            "warnings_hidden": max(0, len(report.warnings) - ERRORS_SHOWN) if report else 0,
            "max_upload": _megabytes(max_upload_bytes()),
            "nav": "contacts",
        },
        status=status,
    )


def _declared_size(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _run(form: ImportForm, member: Member) -> ImportReport | None:
    upload: UploadedFile = form.cleaned_data["file"]
    try:
        return import_contacts(
            workspace=member.workspace,
            source=cast(IO[bytes], upload.file),
            now=utcnow(),
            actor=member,
            default_owner=form.cleaned_data["owner"],
            default_stage=form.cleaned_data["stage"],
            dry_run=form.cleaned_data["dry_run"],
            source_name=upload.name or "",
        )
    except ImportFileError as exc:
        form.add_error("file", str(exc))
        return None


@require_GET
@member_required
def contact_export(request: HttpRequest) -> HttpResponse:
    member: Member = request.member  # type: ignore[attr-defined]
    access.require_bulk_export(member)
    contacts = export_queryset(member.workspace)
    response = StreamingHttpResponse(
        csv_chunks(contacts, bom=True), content_type="text/csv; charset=utf-8"
    )
    filename = f"contacts-{utcnow():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # member_required is typed for HttpResponse; a streaming response passes through it alike.
    return cast(HttpResponse, response)
