"""`followthrough createworkspace`: a new business and its first manager."""

from __future__ import annotations

import getpass
import sys
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email

from followthrough.workspaces.models import User
from followthrough.workspaces.services import workspace_create

PROMPT_ATTEMPTS = 3


class Command(BaseCommand):
    help = (
        "Create a workspace (one business) and its first manager, who signs in with EMAIL. "
        "Without --password you are asked for one (twice). If EMAIL already has an account "
        "it joins the new workspace and keeps its own password (--password is refused)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True, help="the business's name")
        parser.add_argument("--email", required=True, help="the manager's sign-in address")
        parser.add_argument("--manager-name", required=True, help="the manager's name")
        parser.add_argument("--password", help="the manager's password (else you are asked)")
        parser.add_argument(
            "--timezone", default="UTC", help="the manager's timezone, e.g. Europe/Berlin"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["name"].strip()
        email = options["email"].strip().lower()
        manager_name = options["manager_name"].strip()
        if not name:
            raise CommandError("--name: the business needs a name.")
        if not manager_name:
            raise CommandError("--manager-name: the manager needs a name.")
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"--email: {options['email']!r} is not an email address.") from None
        existing = User.objects.filter(email=email).exists()
        password: str | None = options["password"]
        if password is not None and existing:
            raise CommandError(
                f"--password: {email} already has an account, which keeps its own password; "
                "leave out --password (they can reset it from the sign-in page)."
            )
        if password is not None:
            self._validate_password(password, email, manager_name)
        elif not existing:
            password = self._ask_password(email, manager_name)
        try:
            manager = workspace_create(
                name=name,
                manager_email=email,
                manager_name=manager_name,
                password=password,
                timezone=options["timezone"],
            )
        except ValidationError as exc:
            raise CommandError(_describe(exc)) from None
        note = " (an existing account)" if existing else ""
        self.stdout.write(
            f"Created workspace {manager.workspace.name!r} with manager {email}{note}.\n"
            f"Sign in at {settings.SITE_URL}/login/"
        )

    def _validate_password(self, password: str, email: str, manager_name: str) -> None:
        try:
            validate_password(password, user=User(email=email, first_name=manager_name))
        except ValidationError as exc:
            raise CommandError("Password: " + " ".join(exc.messages)) from None

    def _ask_password(self, email: str, manager_name: str) -> str:
        if not sys.stdin.isatty():
            raise CommandError(
                "No --password given and no terminal to ask on: pass --password, or run the "
                "command in a terminal."
            )
        for _ in range(PROMPT_ATTEMPTS):
            password = getpass.getpass(f"Password for {email}: ")
            if password != getpass.getpass("Password (again): "):
                self.stderr.write("The passwords differ. Try again.")
                continue
            try:
                validate_password(password, user=User(email=email, first_name=manager_name))
            except ValidationError as exc:
                self.stderr.write(" ".join(exc.messages))
                continue
            return password
        raise CommandError("No valid password given.")


def _describe(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        option = {"email": "--email", "timezone": "--timezone", "role": "--role"}
        return "; ".join(
            f"{option.get(field, field)}: {' '.join(messages)}"
            for field, messages in exc.message_dict.items()
        )
    return " ".join(exc.messages)
