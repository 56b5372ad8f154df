"""Pages work under the Content-Security-Policy: htmx swaps, the behaviour moved out of inline
handlers, the customer's page and the 404 — and the browser reports no violation."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from followthrough.orders.services import LineData, OrderData, order_create
from followthrough.workspaces.models import Role
from tests.factories import PASSWORD, ContactFactory, MemberFactory, UserFactory, WorkspaceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Recorded before any page script runs; init scripts are not subject to the page's policy.
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


def _watch(page: Any) -> list[str]:
    problems: list[str] = []
    page.add_init_script(WATCH)
    page.on(
        "console",
        lambda m: (
            problems.append(m.text)
            if m.type == "error" or "Content Security Policy" in m.text
            else None
        ),
    )
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


def _violations(page: Any) -> list[str]:
    return list(page.evaluate("window.__violations || []"))


def test_htmx_and_page_behaviour_work_under_the_policy_with_no_violation(live_server, page):
    workspace = WorkspaceFactory.create(name="Harbor Bikes")
    rep = MemberFactory.create(
        workspace=workspace,
        user=UserFactory.create(email="rep@harbor.test"),
        display_name="Robin",
        role=Role.REP,
        timezone="Europe/Berlin",
    )
    mara = ContactFactory.create(
        workspace=workspace, first_name="Mara", last_name="Okafor", owner=rep
    )
    ContactFactory.create(workspace=workspace, first_name="Jonas", last_name="Weber", owner=rep)
    order = order_create(
        workspace=workspace,
        data=OrderData(number="H-1001", contact=mara, lines=[LineData("Helmet", 1, "H-1")]),
        actor=rep,
        now=datetime.now(tz=UTC),
    )
    problems = _watch(page)

    response = page.goto(f"{live_server.url}/login/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.get_by_label("Email").fill("rep@harbor.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    assert _violations(page) == []

    # An htmx action: the search swaps the rows in place.
    page.goto(f"{live_server.url}/contacts/")
    page.get_by_label("Search").fill("okaf")
    rows = page.locator("#rows")
    rows.get_by_role("link", name="Mara Okafor").wait_for()
    rows.get_by_role("link", name="Jonas Weber").wait_for(state="detached")
    assert "/contacts/" in page.url
    assert _violations(page) == []

    # htmx again: the due time is read back as it is typed.
    page.goto(f"{live_server.url}/promises/new/?contact={mara.code}")
    page.get_by_label("What", exact=True).fill("call back with pricing")
    page.get_by_label("By when").fill("tomorrow 3pm")
    page.locator("#due-preview .preview-ok").wait_for()
    assert _violations(page) == []

    # Was an inline onchange: picking a state filters the ledger.
    page.goto(f"{live_server.url}/promises/")
    page.get_by_label("State").select_option("kept")
    page.wait_for_url("**/promises/?state=kept*")
    assert _violations(page) == []

    # Was an inline onclick: the calendar link selects itself for copying.
    page.goto(f"{live_server.url}/me/")
    page.get_by_label("Calendar feed link").click()
    selected = page.evaluate("window.getSelection().toString() || document.activeElement.value")
    assert "/calendar/" in selected
    assert _violations(page) == []

    # The customer's page (its styles used to be an inline <style>) and the friendly 404.
    page.goto(f"{live_server.url}/o/{order.public_token}/")
    page.get_by_role("heading", name="Your order H-1001").wait_for()
    steps = page.locator(".steps li").first
    assert steps.evaluate("e => getComputedStyle(e).borderRadius") == "8px"
    assert _violations(page) == []
    missing = page.goto(f"{live_server.url}/o/mistyped-link/")
    assert missing.status == 404
    page.get_by_text("This page isn\u2019t here").wait_for()
    assert _violations(page) == []

    csp = [p for p in problems if "Content Security Policy" in p or "Refused" in p]
    assert csp == []
    assert [p for p in problems if "404" not in p] == []
