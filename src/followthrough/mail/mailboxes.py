"""Connecting mailboxes: a member's own, or a shared one a manager connects for chosen members."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction

from followthrough.mail.crypto import Credential, credential_seal, rotate
from followthrough.mail.models import Mailbox, Security
from followthrough.workspaces.models import Member


@dataclass
class MailboxData:
    address: str
    imap_host: str
    username: str
    password: str = ""  # "" on an edit keeps the saved one
    imap_port: int = 993
    imap_security: str = Security.SSL
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_security: str = Security.STARTTLS
    initial_days: int = 90
    shared: bool = False
    shared_with: list[Member] = field(default_factory=list)


def _validate(actor: Member, data: MailboxData, instance: Mailbox | None) -> None:
    errors: dict[str, str] = {}
    try:
        validate_email(data.address.strip())
    except ValidationError:
        errors["address"] = f"{data.address!r} is not an email address."
    if not data.imap_host.strip():
        errors["imap_host"] = "Name the IMAP server, e.g. imap.example.com."
    if not data.username.strip():
        errors["username"] = "Give the user name you sign in with (often the address)."
    if instance is None and not data.password:
        errors["password"] = "Give the password (or an app password)."  # noqa: S105 - a message, not a password
    for name in ("imap_port", "smtp_port"):
        if not 1 <= getattr(data, name) <= 65535:
            errors[name] = "A port is a number from 1 to 65535."
    for name in ("imap_security", "smtp_security"):
        if getattr(data, name) not in Security.values:
            errors[name] = f"Security must be one of {', '.join(Security.values)}."
    if not 1 <= data.initial_days <= 3650:
        errors["initial_days"] = "Read between 1 and 3650 days back."
    if data.shared and not actor.is_manager:
        errors["shared"] = "Only a manager connects a shared mailbox."
    if any(m.workspace_id != actor.workspace_id for m in data.shared_with):
        errors["shared_with"] = "Share only with members of this workspace."
    clash = Mailbox.objects.filter(workspace_id=actor.workspace_id, address=data.address.lower())
    if instance is not None:
        clash = clash.exclude(pk=instance.pk)
    if clash.exists():
        errors["address"] = f"{data.address} is already connected."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def mailbox_save(*, actor: Member, data: MailboxData, instance: Mailbox | None = None) -> Mailbox:
    if instance is not None and not can_manage(actor, instance):
        raise PermissionDenied("Only its owner or a manager changes a mailbox.")
    _validate(actor, data, instance)
    box = instance or Mailbox(workspace_id=actor.workspace_id)
    box.owner = None if data.shared else (instance.owner if instance else actor)
    box.address = data.address.strip().lower()
    box.imap_host = data.imap_host.strip()
    box.imap_port = data.imap_port
    box.imap_security = data.imap_security
    box.smtp_host = data.smtp_host.strip()
    box.smtp_port = data.smtp_port
    box.smtp_security = data.smtp_security
    box.username = data.username.strip()
    box.initial_days = data.initial_days
    if data.password:
        box.sealed_credential = credential_seal(Credential(kind="password", secret=data.password))
    box.save()
    if data.shared:
        box.shared_with.set(data.shared_with)
    return box


def can_manage(member: Member, box: Mailbox) -> bool:
    return box.workspace_id == member.workspace_id and (
        member.is_manager or box.owner_id == member.pk
    )


def can_see(member: Member, box: Mailbox) -> bool:
    if box.workspace_id != member.workspace_id:
        return False
    if member.is_manager or box.owner_id == member.pk:
        return True
    return box.shared_with.filter(pk=member.pk).exists()


def mailboxes_rotate_keys() -> int:
    """Re-encrypt every saved credential with the newest key; returns how many."""
    count = 0
    for box in Mailbox.objects.exclude(sealed_credential="").only("pk", "sealed_credential"):
        Mailbox.objects.filter(pk=box.pk).update(sealed_credential=rotate(box.sealed_credential))
        count += 1
    return count
