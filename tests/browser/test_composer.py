"""Type an angry half-apology into the composer: the guard flags it as you type, and one
click rewrites it — in a real browser."""

from datetime import timedelta

import pytest

from followthrough.composer.models import Draft, OutboxEntry
from followthrough.contacts.services import InteractionData, interaction_log
from followthrough.core.timeutil import utcnow
from followthrough.workspaces.models import Role
from tests.factories import PASSWORD, ContactFactory, MemberFactory, UserFactory, WorkspaceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANGRY = "I'm sorry if you feel we let you down, but you should have read the delivery terms."


def test_a_rep_sees_a_finding_appear_while_typing_and_applies_the_rewrite(live_server, page):
    workspace = WorkspaceFactory.create(name="Harbor Bikes")
    rep = MemberFactory.create(
        workspace=workspace,
        user=UserFactory.create(email="rep@harbor.test"),
        display_name="Robin",
        role=Role.REP,
        timezone="Europe/Berlin",
    )
    contact = ContactFactory.create(
        workspace=workspace, first_name="Mara", last_name="Okafor", owner=rep
    )
    inbound = interaction_log(
        contact=contact,
        member=None,
        data=InteractionData(
            "email",
            "inbound",
            utcnow() - timedelta(hours=2),
            subject="Cracked frame",
            body="Hi, my new bike arrived with a cracked frame. What can you do?",
        ),
    )

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill("rep@harbor.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/contacts/{contact.code}/")
    page.get_by_role("link", name="Reply", exact=True).click()
    page.get_by_role("heading", name="Reply to Mara Okafor").wait_for()

    box = page.get_by_label("Message", exact=True)
    box.press_sequentially(ANGRY, delay=5)
    finding = page.locator('#findings li[data-rule="half-apology"]')
    finding.wait_for()
    assert "half-apology" in page.locator("#findings mark").first.get_attribute("title")
    page.locator('#findings li[data-rule="blame"]').wait_for()

    finding.get_by_role("button", name="Use").click()
    page.locator('#findings li[data-rule="half-apology"]').wait_for(state="detached")
    rewritten = page.get_by_label("Message", exact=True).input_value()
    assert "sorry if you feel" not in rewritten.lower()
    assert "let you down" in rewritten

    draft = Draft.objects.get(contact=contact)
    assert draft.in_reply_to_id == inbound.pk
    assert draft.body == rewritten
    assert draft.suggestions_applied == 1
    assert f"/composer/{draft.code}/" in page.url  # a reload lands on the saved draft


def test_a_warned_reply_to_an_unhappy_customer_asks_for_one_more_read(live_server, page):
    workspace = WorkspaceFactory.create(name="Harbor Lamps")
    rep = MemberFactory.create(
        workspace=workspace,
        user=UserFactory.create(email="rep2@harbor.test"),
        display_name="Robin",
        role=Role.REP,
        timezone="Europe/Berlin",
    )
    contact = ContactFactory.create(
        workspace=workspace,
        first_name="Ines",
        last_name="Berg",
        owner=rep,
        email="ines@customer.test",
    )
    interaction_log(
        contact=contact,
        member=None,
        data=InteractionData(
            "email",
            "inbound",
            utcnow() - timedelta(hours=2),
            subject="Cracked lamp",
            body="Hi, the lamp arrived this morning and the base is cracked. Could you help?",
        ),
    )
    page.set_default_timeout(30_000)  # the machine may be shared; pages can take 15 s
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill("rep2@harbor.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/contacts/{contact.code}/")
    page.get_by_role("link", name="Reply", exact=True).click()
    page.get_by_role("heading", name="Reply to Ines Berg").wait_for()
    page.get_by_label("Message", exact=True).fill(
        "Thank you for your message. We have passed it on to the relevant team."
    )
    page.locator('#findings li[data-rule="no-options"]').wait_for()
    page.get_by_role("button", name="Send", exact=True).click()

    page.get_by_text("One more read.", exact=True).wait_for()
    assert "Ines Berg is unhappy and 1 warning remains" in page.content()
    assert not OutboxEntry.objects.exists()
    page.get_by_role("button", name="I've read it again — send").click()
    page.wait_for_url(f"{live_server.url}/contacts/{contact.code}/")
    assert OutboxEntry.objects.get().contact == contact
