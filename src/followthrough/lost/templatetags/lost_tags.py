from __future__ import annotations

from typing import Any

from django import template

from followthrough.contacts.models import Contact, Stage
from followthrough.lost.selectors import open_loss
from followthrough.workspaces.models import Member

register = template.Library()


@register.inclusion_tag("lost/contact_card.html")
def contact_loss_card(contact: Contact, member: Member) -> dict[str, Any]:
    loss = open_loss(contact) if contact.stage == Stage.LOST else None
    return {"contact": contact, "loss": loss, "member": member}
