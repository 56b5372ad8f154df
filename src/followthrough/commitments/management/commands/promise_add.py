"""`followthrough promise add --contact EMAIL "call back with pricing" --due "in ten minutes"`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from followthrough.agenda.text import due_phrase
from followthrough.commitments.forms import due_error, parse_due_for
from followthrough.commitments.models import FulfilledBy, Side
from followthrough.commitments.services import commitment_create
from followthrough.contacts.models import Contact
from followthrough.core.timeutil import utcnow
from followthrough.duetime import DueParseError
from followthrough.workspaces.models import Member


class Command(BaseCommand):
    help = "Record a promise to (or, with --theirs, from) a contact."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", help="What was promised, e.g. “call back with pricing”.")
        parser.add_argument("--contact", required=True, help="The contact's email address.")
        parser.add_argument("--due", required=True, help="When, in plain words.")
        parser.add_argument(
            "--member", default="", help="Whose promise (email). Default: the contact's owner."
        )
        parser.add_argument(
            "--theirs", action="store_true", help="The contact promised this to us."
        )
        parser.add_argument(
            "--fulfilled-by",
            default="",
            choices=[v for v in FulfilledBy.values if v],
            help="Keep it automatically when a call / message / any of these is logged.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        contact, member = _resolve(options["contact"], options["member"])
        now = utcnow()
        try:
            due_at = parse_due_for(member, options["due"], now=now)
        except DueParseError as exc:
            raise CommandError(due_error(options["due"], exc)) from None
        try:
            c = commitment_create(
                owner=member,
                contact=contact,
                what=options["what"],
                due_at=due_at,
                now=now,
                actor=member,
                side=Side.THEIRS if options["theirs"] else Side.OURS,
                due_text=options["due"],
                fulfilled_by=options["fulfilled_by"],
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        who = f"{contact.name} promised" if c.side == Side.THEIRS else f"Promised {contact.name}"
        self.stdout.write(
            f"{who}: {c.what} — {due_phrase(c.due_at, member.timezone, now)} "
            f"[{member.timezone}]. Code {c.code}."
        )


def _resolve(contact_email: str, member_email: str) -> tuple[Contact, Member]:
    email = contact_email.strip().lower()
    contacts = Contact.objects.filter(email=email).select_related("owner__workspace")
    if member_email:
        member = (
            Member.objects.select_related("workspace", "user")
            .filter(user__email=member_email.strip().lower(), is_active=True)
            .first()
        )
        if member is None:
            raise CommandError(f"No active member with the email {member_email!r}.")
        contact = contacts.filter(workspace_id=member.workspace_id).first()
        if contact is None:
            raise CommandError(f"No contact with the email {email!r} in {member.workspace}.")
        return contact, member
    found = list(contacts[:2])
    if not found:
        raise CommandError(f"No contact with the email {email!r}.")
    if len(found) > 1:
        raise CommandError(f"Several workspaces have a contact {email!r}: pass --member EMAIL.")
    if found[0].owner is None:
        raise CommandError(f"{found[0].name} has no owner: pass --member EMAIL.")
    return found[0], found[0].owner
