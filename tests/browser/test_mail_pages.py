"""The mail pages in a real browser, on a laptop and a phone: a manager connects a shared
mailbox and tests it, uploads an mbox and follows its import, and sorts out an unknown sender."""

import os
from pathlib import Path

import pytest

from followthrough.contacts.models import Contact
from followthrough.mail.models import Mailbox, TriageEntry
from followthrough.workspaces.models import Role
from tests.factories import PASSWORD, ContactFactory, MemberFactory, UserFactory, WorkspaceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FILES = Path(__file__).parent.parent / "mail" / "files"
SHOTS = os.environ.get("FOLLOWTHROUGH_SCREENSHOTS", "")

MBOX = b"""From dana@customer.test Tue Nov 24 13:00:00 2026
From: Dana Reyes <dana@customer.test>
To: sam@harbor.test
Subject: Saddle for the tour
Date: Tue, 24 Nov 2026 13:00:00 +0000
Message-ID: <saddle-1@customer.test>

When does the saddle ship?

From pat@newco.test Wed Nov 25 09:00:00 2026
From: "Okafor, Pat" <pat@newco.test>
To: sam@harbor.test
Subject: Quote for 12 helmets
Date: Wed, 25 Nov 2026 09:00:00 +0000
Message-ID: <quote-1@newco.test>

Could you send a quote?

From nobody Wed Nov 25 10:00:00 2026

"""


def fits(page, width: int) -> None:
    scroll = page.evaluate("document.scrollingElement.scrollWidth")
    assert scroll <= width + 1, f"the page is {scroll}px wide on a {width}px screen"


def shot(page, name: str, width: int) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/mail-{name}-{width}.png", full_page=True)


@pytest.mark.parametrize("width", [1280, 390])
def test_a_manager_connects_tests_imports_and_sorts_out_mail(live_server, page, width, tmp_path):
    workspace = WorkspaceFactory.create(name="Harbor Bikes")
    sam = MemberFactory.create(
        workspace=workspace,
        user=UserFactory.create(email="sam@harbor.test"),
        display_name="Sam",
        role=Role.MANAGER,
        timezone="Europe/Berlin",
    )
    MemberFactory.create(
        workspace=workspace,
        user=UserFactory.create(email="robin@harbor.test"),
        display_name="Robin",
        role=Role.REP,
    )
    ContactFactory.create(
        workspace=workspace, first_name="Dana", last_name="Reyes", email="dana@customer.test"
    )
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill("sam@harbor.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")

    if width > 860:
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Mail").click()
    else:  # the phone's ☰ Menu
        page.get_by_text("Menu").click()
        page.get_by_role("navigation", name="Menu").get_by_role("link", name="Mail").click()
    page.wait_for_url(f"{live_server.url}/mail/")
    page.get_by_role("link", name="Connect a mailbox").click()
    page.get_by_label("Email address").fill("sales@harbor.test")
    page.get_by_label("User name").fill("sales@harbor.test")
    page.get_by_label("Password or app password").fill("app-password-123")
    page.get_by_label("IMAP server").fill("127.0.0.1")
    page.get_by_label("IMAP port").fill("1")  # nothing listens there
    page.get_by_label("Shared mailbox").check()
    page.get_by_label("Robin").check()
    fits(page, width)
    shot(page, "connect", width)
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"{live_server.url}/mail/")
    box = Mailbox.objects.get()
    assert box.owner is None
    assert "app-password-123" not in page.content()

    page.get_by_role("button", name="Test connection").click()
    check = page.get_by_test_id("check")
    check.wait_for()
    assert "sales@harbor.test: The server did not answer." in check.inner_text()
    fits(page, width)
    shot(page, "mailboxes", width)

    mbox = tmp_path / "harbor.mbox"
    mbox.write_bytes(MBOX)
    page.get_by_role("link", name="Import a file").click()
    page.set_input_files('input[name="file"]', str(mbox))
    page.get_by_role("button", name="Import").click()
    status = page.get_by_test_id("job-status")
    status.wait_for()
    assert status.get_attribute("data-state") == "done"
    text = status.inner_text()
    assert "Read 3 messages: 1 recorded, 1 to triage (unknown sender), 1 unreadable." in text
    assert "harbor.mbox: message 3 (line 20): The message is empty." in text
    fits(page, width)
    shot(page, "import", width)

    page.get_by_role("link", name="Unknown senders").first.click()
    page.wait_for_url(f"{live_server.url}/mail/triage/")
    assert "Quote for 12 helmets" in page.get_by_test_id("triage").inner_text()
    fits(page, width)
    shot(page, "triage", width)
    page.get_by_role("button", name="New contact").click()
    page.wait_for_url(f"{live_server.url}/mail/triage/")
    assert "Pat Okafor is a new contact" in page.locator(".flash").first.inner_text()
    assert not TriageEntry.objects.exists()
    assert Contact.objects.get(email="pat@newco.test").interactions.count() == 1
    assert sam.workspace_id == workspace.pk
