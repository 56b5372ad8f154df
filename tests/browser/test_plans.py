"""A manager opens the after-purchase plan, edits a touch in place (htmx) and saves it — in a
real browser — and the contact page loads its follow-up card."""

import pytest

from followthrough.plans.models import PlanKind, Touch
from followthrough.workspaces.services import workspace_create
from tests.factories import PASSWORD, ContactFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_edits_a_touch_of_a_plan_in_place(live_server, page):
    manager = workspace_create(
        name="Harbor Bikes", manager_email="boss@harbor.test", manager_name="Bo", password=PASSWORD
    )
    contact = ContactFactory.create(workspace=manager.workspace, first_name="Mara", owner=manager)
    touch = Touch.objects.get(
        plan__workspace=manager.workspace, plan__kind=PlanKind.AFTER_PURCHASE, position=1
    )

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill("boss@harbor.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/plans/")
    page.get_by_role("link", name="After first purchase").click()
    row = page.locator(f"#touch-{touch.code}")
    row.get_by_role("link", name="Edit").click()
    form = page.locator(f"#touch-{touch.code} form")
    form.get_by_label("Title").fill("Did it all arrive safely?")
    form.get_by_label("Days after the anchor").fill("3")
    form.get_by_label("Guidance for the member").fill("Ask about the delivery; fix what is wrong.")
    form.get_by_role("button", name="Save touch").click()
    page.locator(f"#touch-{touch.code} [role=status]").wait_for()
    assert "Did it all arrive safely?" in page.locator(f"#touch-{touch.code}").inner_text()

    touch.refresh_from_db()
    assert (touch.title, touch.offset_days) == ("Did it all arrive safely?", 3)
    assert touch.guidance == "Ask about the delivery; fix what is wrong."

    page.goto(f"{live_server.url}/contacts/{contact.code}/")
    page.locator("#frustrations").wait_for()  # the card loads itself
    assert "In no plan yet." in page.locator("#plans").inner_text()
