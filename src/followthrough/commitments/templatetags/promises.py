"""`{% contact_promises contact %}`: the promises card on a contact's page (one query)."""

from __future__ import annotations

from typing import Any

from django import template

from followthrough.commitments.selectors import contact_commitments
from followthrough.contacts.models import Contact
from followthrough.core.timeutil import utcnow

register = template.Library()


@register.inclusion_tag("commitments/contact_card.html", takes_context=True)
def contact_promises(context: dict[str, Any], contact: Contact) -> dict[str, Any]:
    member = context.get("member")
    promises = contact_commitments(member, contact.pk) if member is not None else []
    return {"contact": contact, "promises": promises, "now": utcnow()}
