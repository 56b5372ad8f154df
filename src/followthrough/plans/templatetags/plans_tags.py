"""`{% contact_plans_card contact member %}`: a placeholder the contact page loads lazily (htmx)
with the contact's plans, chasers and frustrations, so the page's own queries stay fixed."""

from __future__ import annotations

from typing import Any

from django import template

from followthrough.contacts.models import Contact
from followthrough.workspaces.models import Member

register = template.Library()


@register.inclusion_tag("plans/contact_card_lazy.html")
def contact_plans_card(contact: Contact, member: Member) -> dict[str, Any]:
    return {"contact": contact}
