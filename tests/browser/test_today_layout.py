"""Today as a person meets it, in a real Chromium, on the demo business's busiest rep: each
item reads in a line or two, fifty of them fit a page one can scan, and the page says how
many there are in all."""

from __future__ import annotations

from typing import Any

import pytest

from followthrough.agenda.due import agenda_for
from followthrough.core.timeutil import utcnow
from followthrough.demo.loader import load_demo
from followthrough.workspaces.models import Member, Role

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# The demo's busiest rep measured 30,264 px tall at 1280 px before items were laid out to
# read at a glance, ~4,500 after (docs/benchmarks.md, "Today at a glance").
MAX_HEIGHT_1280 = 6000


def sign_in(page: Any, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


def busiest_rep(now: Any) -> tuple[Member, int]:
    reps = Member.objects.filter(role=Role.REP, is_active=True).select_related("user")
    counted = [(agenda_for(rep, now=now).total, rep.pk, rep) for rep in reps]
    total, _, rep = max(counted, key=lambda c: (c[0], c[1]))
    return rep, total


def test_fifty_items_of_the_busiest_demo_rep_fit_a_page_one_can_scan(live_server, browser):
    demo = load_demo(now=utcnow())
    rep, total = busiest_rep(utcnow())
    assert total > 50  # the page must cut the list, and say so

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, live_server.url, rep.user.email, demo.password)

    assert page.locator(".agenda-item").count() == 50
    count = page.locator("#agenda-count").inner_text()
    assert count.startswith(f"Showing the 50 most urgent of {total}")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < MAX_HEIGHT_1280, height
    # Every item's text has room to be read: no column squeezed beside its buttons.
    narrowest = page.evaluate(
        "Math.min(...[...document.querySelectorAll('.agenda-main')]"
        ".map(e => e.getBoundingClientRect().width))"
    )
    assert narrowest >= 240, narrowest
    # One action stands out; the others open from "More" without any script.
    first = page.locator(".agenda-item").first
    assert first.locator("[data-primary]").count() == 1
    first.locator(".agenda-menu > summary").click()
    assert first.locator(".agenda-menu-body").is_visible()

    page.locator("#agenda-count").get_by_role("link", name="Show all").click()
    page.wait_for_url("**/?all=1")
    assert page.locator(".agenda-item").count() == total
    assert page.locator("#agenda-count").inner_text().startswith(f"Showing all {total}")
    context.close()
