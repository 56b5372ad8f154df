"""Small pieces of the orders shown on other apps' pages: the bad-news-first card on the
member's profile and the orders card on a contact's page."""

from __future__ import annotations

from typing import Any

from django import template

from followthrough.contacts.models import Contact
from followthrough.core.timeutil import utcnow
from followthrough.orders import rules
from followthrough.orders.models import Problem
from followthrough.orders.selectors import (
    bad_news_first_of,
    bad_news_first_team,
    contact_orders,
)
from followthrough.orders.telling import headline
from followthrough.workspaces.models import Member

register = template.Library()


@register.simple_tag
def problem_headline(problem: Problem) -> str:
    return headline(problem, problem.order)


@register.simple_tag
def option_label(key: str, kind: str = "") -> str:
    return rules.option_label(key, kind)


@register.inclusion_tag("orders/rate_card.html")
def bad_news_first_card(member: Member) -> dict[str, Any]:
    """The member's bad-news-first rate and the workspace's, over 30 and 90 days."""
    now = utcnow()
    team = bad_news_first_team(member.workspace, now=now)
    return {"mine": bad_news_first_of(member, now=now), "team": team.workspace}


@register.inclusion_tag("orders/contact_card.html")
def contact_orders_card(contact: Contact, member: Member) -> dict[str, Any]:
    return {"contact": contact, "orders": contact_orders(member, contact)}
