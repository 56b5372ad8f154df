"""`followthrough manage plans_install`: give every workspace the built-in plans it lacks."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from followthrough.plans.services import plans_install_defaults
from followthrough.workspaces.models import Workspace


class Command(BaseCommand):
    help = "Create the built-in follow-up plans in every workspace that lacks them (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        made = 0
        for workspace in Workspace.objects.order_by("id"):
            made += len(plans_install_defaults(workspace))
        self.stdout.write(f"Built-in plans created: {made}.")
