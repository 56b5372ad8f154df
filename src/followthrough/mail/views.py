"""The mail pages: mailboxes (connect, change, test), the triage list, and uploading files.

Who sees what (docs/mail.md, "Pages"): a member sees and changes their own mailboxes and sees
the shared ones shared with them; a manager also connects shared ones and chooses who sees
them. Triage shows a member the unknown senders of their own mail; a manager also those of
shared mailboxes and server imports. Anything outside that answers 404, like a missing page.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from followthrough.contacts.models import Contact
from followthrough.core.timeutil import utcnow
from followthrough.mail import uploads
from followthrough.mail.crypto import MailKeyError
from followthrough.mail.forms import MailboxForm, UploadForm
from followthrough.mail.mailboxes import can_manage, can_see, mailbox_save
from followthrough.mail.models import Mailbox, MailImportJob, TriageEntry
from followthrough.mail.services import triage_attach, triage_create_contact, triage_ignore
from followthrough.workspaces.models import Member
from followthrough.workspaces.views import member_required

STEP_WORDS = {
    "dns": "The server's name was not found",
    "connect": "The server did not answer",
    "tls": "The secure connection failed",
    "login": "The user name or password was refused",
    "folder": "A folder could not be opened",
    "key": "Passwords cannot be saved on this server yet",
}


def _member(request: HttpRequest) -> Member:
    return request.member  # type: ignore[attr-defined,no-any-return]


# Mailboxes --------------------------------------------------------------------------------


def mailboxes_visible(viewer: Member) -> QuerySet[Mailbox]:
    boxes = Mailbox.objects.filter(workspace_id=viewer.workspace_id)
    if not viewer.is_manager:
        boxes = boxes.filter(Q(owner=viewer) | Q(shared_with=viewer))
    return boxes.select_related("owner").prefetch_related("shared_with").distinct()


def _mailbox(viewer: Member, code: str, *, manage: bool = False) -> Mailbox:
    box = Mailbox.objects.filter(workspace_id=viewer.workspace_id, code=code).first()
    if box is None or not can_see(viewer, box) or (manage and not can_manage(viewer, box)):
        raise Http404("No such mailbox.")
    return box


@member_required
def mailboxes(request: HttpRequest) -> HttpResponse:
    viewer = _member(request)
    boxes = list(mailboxes_visible(viewer).order_by("owner_id", "address"))
    rows = [{"box": b, "manage": can_manage(viewer, b)} for b in boxes]
    return render(
        request,
        "mail/mailboxes.html",
        {
            "nav": "mail",
            "rows": rows,
            "triage_count": triage_visible(viewer).count(),
            "check": request.session.pop("mail_check", None),
        },
    )


@member_required
def mailbox_form(request: HttpRequest, code: str = "") -> HttpResponse:
    viewer = _member(request)
    box = _mailbox(viewer, code, manage=True) if code else None
    form = MailboxForm(request.POST or None, actor=viewer, instance=box)
    if request.method == "POST" and form.is_valid():
        try:
            saved = mailbox_save(actor=viewer, data=form.data_for_service(), instance=box)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        except MailKeyError as exc:
            form.add_error(None, str(exc))
        except PermissionDenied:
            raise Http404("No such mailbox.") from None
        else:
            messages.success(
                request,
                f"{saved.address} is saved. Test the connection to see that it can be read.",
            )
            return redirect("mail:mailboxes")
    return render(request, "mail/mailbox_form.html", {"nav": "mail", "form": form, "box": box})


def _errors_to_form(form: MailboxForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@member_required
@require_POST
def mailbox_test_view(request: HttpRequest, code: str) -> HttpResponse:
    """Try the mailbox now and say what happened in plain words."""
    from followthrough.mail.imap import mailbox_test

    box = _mailbox(_member(request), code)
    try:
        check = mailbox_test(box)
    except MailKeyError as exc:
        ok, step, message = False, "key", str(exc)
    else:
        ok, step, message = check.ok, check.step, check.message
    result = {
        "code": box.code,
        "address": box.address,
        "ok": ok,
        "headline": "It works" if ok else STEP_WORDS.get(step, "It did not work"),
        "message": message,
    }
    if request.headers.get("HX-Request"):
        return render(request, "mail/check.html", {"check": result})
    request.session["mail_check"] = result
    return redirect("mail:mailboxes")


@member_required
@require_POST
def mailbox_delete(request: HttpRequest, code: str) -> HttpResponse:
    box = _mailbox(_member(request), code, manage=True)
    address = box.address
    box.delete()
    messages.success(request, f"{address} is disconnected; its password is deleted.")
    return redirect("mail:mailboxes")


# Triage -----------------------------------------------------------------------------------


def triage_visible(viewer: Member) -> QuerySet[TriageEntry]:
    entries = TriageEntry.objects.filter(workspace_id=viewer.workspace_id)
    if viewer.is_manager:
        return entries.filter(Q(member=viewer) | Q(member__isnull=True))
    return entries.filter(member=viewer)


def _entry(viewer: Member, code: str) -> TriageEntry:
    entry = triage_visible(viewer).filter(code=code).first()
    if entry is None:
        raise Http404("No such message.")
    return entry


@member_required
def triage(request: HttpRequest) -> HttpResponse:
    viewer = _member(request)
    entries = list(triage_visible(viewer).order_by("-sent_at", "-id")[:200])
    return render(request, "mail/triage.html", {"nav": "mail", "entries": entries})


@member_required
@require_POST
def triage_action(request: HttpRequest, code: str, action: str) -> HttpResponse:
    viewer = _member(request)
    entry = _entry(viewer, code)
    sender = entry.sender or "(no sender)"
    now = utcnow()
    try:
        if action == "attach":
            wanted = request.POST.get("contact", "").strip().lower()
            contact = (
                Contact.objects.filter(workspace_id=viewer.workspace_id)
                .filter(Q(email=wanted) | Q(code=request.POST.get("contact", "").strip()))
                .first()
                if wanted
                else None
            )
            if contact is None:
                messages.error(
                    request,
                    "No contact has that email address. Type the address of an existing "
                    "contact, or create a new contact from the message.",
                )
                return redirect("mail:triage")
            logged = triage_attach(entry=entry, contact=contact, actor=viewer, now=now)
            messages.success(
                request,
                f"{sender} is now {contact.name}: {len(logged)} message(s) on their timeline.",
            )
        elif action == "create":
            contact = triage_create_contact(entry=entry, actor=viewer, now=now)
            messages.success(request, f"{contact.name} is a new contact; their mail is attached.")
        elif action == "ignore":
            domain = request.POST.get("whole_domain") == "1"
            gone = triage_ignore(entry=entry, actor=viewer, whole_domain=domain)
            what = sender.rsplit("@", 1)[-1] if domain else sender
            messages.success(request, f"Mail from {what} is ignored ({gone} message(s) removed).")
        else:
            raise Http404("No such action.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("mail:triage")


# Uploads ----------------------------------------------------------------------------------


@member_required
def upload(request: HttpRequest) -> HttpResponse:
    viewer = _member(request)
    limit = uploads.upload_max_bytes()
    declared = int(request.META.get("CONTENT_LENGTH") or 0)
    if request.method == "POST" and declared > limit + 64 * 1024:
        # Refused before the body is read: a clear page, not a half-read upload.
        form = UploadForm()
        refused = uploads.too_large_message(declared)
        status = 413
    else:
        form = UploadForm(request.POST or None, request.FILES or None)
        refused = ""
        status = 200
        if request.method == "POST" and form.is_valid():
            try:
                job = uploads.job_create(member=viewer, upload=form.cleaned_data["file"])
            except ValidationError as exc:
                form.add_error("file", exc)
                status = 400
            else:
                from followthrough.mail.tasks import import_upload

                import_upload.enqueue(job.pk)
                return redirect("mail:upload_job", code=job.code)
        elif request.method == "POST":
            status = 400
    jobs = list(uploads.jobs_visible(viewer).select_related("member")[:20])
    return render(
        request,
        "mail/upload.html",
        {
            "nav": "mail",
            "form": form,
            "refused": refused,
            "jobs": jobs,
            "limit": uploads.human_size(limit),
        },
        status=status,
    )


def _job(viewer: Member, code: str) -> MailImportJob:
    job = uploads.jobs_visible(viewer).filter(code=code).select_related("member").first()
    if job is None:
        raise Http404("No such upload.")
    return job


@member_required
def upload_job(request: HttpRequest, code: str) -> HttpResponse:
    job = _job(_member(request), code)
    template = "mail/job_status.html" if request.headers.get("HX-Request") else "mail/job.html"
    return render(request, template, {"nav": "mail", "job": job})
