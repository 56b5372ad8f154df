"""Sign in, add a contact, log a call, and see it on the timeline — in a real browser."""

import pytest

from followthrough.contacts.models import Contact, Interaction
from followthrough.workspaces.models import Role
from tests.factories import PASSWORD, MemberFactory, UserFactory, WorkspaceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_rep_signs_in_adds_a_contact_and_logs_a_call(live_server, page):
    workspace = WorkspaceFactory.create(name="Harbor Bikes")
    MemberFactory.create(
        workspace=workspace,
        user=UserFactory.create(email="rep@harbor.test"),
        display_name="Robin",
        role=Role.REP,
        timezone="Europe/Berlin",
    )

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill("rep@harbor.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", name="Today").is_visible()

    page.get_by_role("link", name="Contacts").click()
    page.get_by_role("link", name="New contact").click()
    page.get_by_label("First name").fill("Mara")
    page.get_by_label("Last name").fill("Okafor")
    page.get_by_label("Email").fill("mara@okafor.test")
    page.get_by_label("Company").fill("Okafor Cycles")
    page.get_by_role("button", name="Add contact").click()
    page.get_by_role("heading", name="Mara Okafor").wait_for()

    page.get_by_label("Kind").select_option("call")
    page.get_by_label("Direction").select_option("outbound")
    page.get_by_label("Call outcome").select_option("connected")
    page.get_by_label("What was said").fill("Walked her through the warranty; she'll order Friday.")
    page.get_by_role("button", name="Log it").click()

    timeline = page.locator("#timeline")
    timeline.get_by_text("Walked her through the warranty").wait_for()
    assert "Connected" in timeline.inner_text()
    assert "/log/" not in page.url  # htmx swapped the timeline in place

    contact = Contact.objects.get(email="mara@okafor.test")
    assert Interaction.objects.get(contact=contact).call_outcome == "connected"

    page.goto(f"{live_server.url}/contacts/")
    page.get_by_label("Search").fill("okaf")
    page.locator("#rows").get_by_role("link", name="Mara Okafor").wait_for()
