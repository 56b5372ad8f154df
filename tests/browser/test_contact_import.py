"""Import a file with bad cells on the import page, in a real browser, on a laptop and a phone:
every contact with a name is imported and the report lists what was kept in the notes."""

import os
from pathlib import Path

import pytest

from followthrough.contacts.models import Contact
from followthrough.workspaces.models import Role
from tests.factories import PASSWORD, MemberFactory, UserFactory, WorkspaceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FILES = Path(__file__).parent.parent / "contacts" / "files"
SHOTS = os.environ.get("FOLLOWTHROUGH_SCREENSHOTS", "")


@pytest.mark.parametrize("width", [1280, 390])
def test_an_outlook_file_with_bad_cells_imports_and_says_what_was_kept(live_server, page, width):
    workspace = WorkspaceFactory.create(name="Harbor Bikes")
    MemberFactory.create(
        workspace=workspace,
        user=UserFactory.create(email="rep@harbor.test"),
        display_name="Robin",
        role=Role.REP,
        timezone="Europe/Berlin",
    )
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill("rep@harbor.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/contacts/import/")
    page.set_input_files('input[name="file"]', str(FILES / "outlook_de_contacts.csv"))
    page.get_by_role("button", name="Import").click()
    report = page.locator("#report")
    report.wait_for()
    text = report.inner_text()
    assert "3 contacts imported." in text
    assert "Outlook (German)" in text
    assert "(cp1252)" in text
    warnings = page.locator("#import-warnings")
    assert "Mobiltelefon" in warnings.inner_text()
    assert "siehe Notizen" in warnings.inner_text()
    # The report fits the screen: its tables wrap rather than push the page sideways.
    box = report.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= width + 1
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/import-{width}.png", full_page=True)
    assert Contact.objects.filter(workspace=workspace).count() == 3
