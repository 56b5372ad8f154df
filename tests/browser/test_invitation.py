"""A manager invites a new rep, who opens the link, chooses a password and lands in the
workspace — in a real browser."""

import pytest

from followthrough.workspaces.models import Member
from followthrough.workspaces.services import workspace_create
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_invited_rep_accepts_and_signs_in(live_server, browser, page):
    workspace_create(
        name="Harbor Bikes", manager_email="boss@harbor.test", manager_name="Bo", password=PASSWORD
    )
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill("boss@harbor.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/team/")
    page.get_by_role("link", name="Invite a member").click()
    page.get_by_label("Name").fill("Rosa")
    page.get_by_label("Email").fill("rosa@harbor.test")
    page.get_by_label("Role").select_option("rep")
    page.get_by_role("button", name="Create the invitation").click()
    page.wait_for_url(f"{live_server.url}/team/")
    link = page.get_by_label("Invitation link").input_value()
    assert link.startswith(f"{live_server.url}/invite/")
    assert "rosa@harbor.test" in page.get_by_test_id("invitations").inner_text()

    rosa = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    rosa.goto(link)
    assert "Join Harbor Bikes" in rosa.locator("h1").inner_text()
    rosa.get_by_label("Choose a password").fill("rosa-rides-far-2026")
    rosa.get_by_label("The same password again").fill("rosa-rides-far-2026")
    rosa.get_by_role("button", name="Create my account and join").click()
    rosa.wait_for_url(f"{live_server.url}/")
    assert "Welcome to Harbor Bikes." in rosa.get_by_role("status").first.inner_text()
    member = Member.objects.get(user__email="rosa@harbor.test")
    assert (member.workspace.name, member.role) == ("Harbor Bikes", "rep")

    rosa.goto(link)  # the link worked once
    assert "does not work" in rosa.locator("h1").inner_text()
    rosa.context.close()
