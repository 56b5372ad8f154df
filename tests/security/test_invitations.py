"""Issue 10: invitations, the workspace picker, password reset and change. Every link works
once, expires, and reaches only the workspace it was made for; no one sets another's password."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from followthrough.core.timeutil import utcnow
from followthrough.workspaces.models import Invitation, Member, User
from tests.factories import PASSWORD

NEW_PASSWORD = "a-brand-new-secret-77"


def _invite(client: Client, email: str, role: str = "rep", name: str = "Erin") -> str:
    response = client.post("/team/add/", {"display_name": name, "email": email, "role": role})
    assert response.status_code == 302, response.content
    link = re.search(r'value="https?://testserver(/invite/[^"]+/)"', client.get("/team/").text)
    assert link is not None
    return link.group(1)


def _current(client: Client) -> str:
    """The workspace the signed-in person is working in now."""
    return str(client.get("/").wsgi_request.workspace.name)  # type: ignore[attr-defined]


def _choose(link: str, password: str = NEW_PASSWORD) -> tuple[Client, int]:
    client = Client()
    response = client.post(link, {"password1": password, "password2": password})
    return client, response.status_code


def test_the_invitation_is_mailed_with_the_same_link(alice, alice_client):
    link = _invite(alice_client, "erin@example.com")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["erin@example.com"]
    assert link in mail.outbox[0].body
    assert "Alice's Bikes" in mail.outbox[0].subject  # plain text, not HTML


def test_only_a_hash_of_the_link_is_stored(alice, alice_client):
    link = _invite(alice_client, "erin@example.com")
    token = link.split("/")[2]
    assert not Invitation.objects.filter(token_hash=token).exists()
    assert token not in str(list(Invitation.objects.values()))


def test_an_invitation_link_works_once(alice, alice_client):
    link = _invite(alice_client, "erin@example.com")
    assert _choose(link)[1] == 302
    assert Client().get(link).status_code == 404
    _, again = _choose(link, "another-password-99")
    assert again == 404
    assert Client().post("/login/", {"email": "erin@example.com", "password": NEW_PASSWORD})[
        "Location"
    ]


def test_an_invitation_link_expires_after_seven_days(alice, alice_client):
    link = _invite(alice_client, "erin@example.com")
    invitation = Invitation.objects.get(email="erin@example.com")
    assert invitation.expires_at - utcnow() > timedelta(days=6, hours=23)
    invitation.expires_at = utcnow() - timedelta(seconds=1)
    invitation.save()
    assert Client().get(link).status_code == 404
    assert _choose(link)[1] == 404
    assert not User.objects.filter(email="erin@example.com").exists()


def test_a_revoked_or_replaced_invitation_does_not_work(alice, alice_client):
    first = _invite(alice_client, "erin@example.com")
    second = _invite(alice_client, "erin@example.com")
    assert Client().get(first).status_code == 404
    code = Invitation.objects.get(email="erin@example.com", revoked_at__isnull=True).code
    assert alice_client.post(f"/team/invitations/{code}/revoke/").status_code == 302
    assert Client().get(second).status_code == 404
    assert 'data-testid="invitations"' not in alice_client.get("/team/").text


def test_an_invitation_joins_only_its_workspace_with_its_role(alice, alice_client, charlie):
    link = _invite(alice_client, "erin@example.com", role="manager")
    client, status = _choose(link)
    assert status == 302
    memberships = list(Member.objects.filter(user__email="erin@example.com"))
    assert [(m.workspace, m.role) for m in memberships] == [(alice.workspace, "manager")]
    assert _current(client) == "Alice's Bikes"


def test_another_workspaces_manager_cannot_see_or_revoke_an_invitation(
    alice, alice_client, charlie_client
):
    _invite(alice_client, "erin@example.com")
    code = Invitation.objects.get(email="erin@example.com").code
    assert "erin@example.com" not in charlie_client.get("/team/").text
    assert charlie_client.post(f"/team/invitations/{code}/revoke/").status_code == 404
    assert Invitation.objects.get(code=code).revoked_at is None


def test_a_rep_cannot_invite(bob_client):
    response = bob_client.post(
        "/team/add/", {"display_name": "X", "email": "x@example.com", "role": "manager"}
    )
    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_inviting_someone_already_in_the_workspace_says_so(alice, bob, alice_client):
    response = alice_client.post(
        "/team/add/", {"display_name": "Bob", "email": "bob@example.com", "role": "rep"}
    )
    assert response.status_code == 200
    assert "bob@example.com is already a member of this workspace." in response.text


def test_a_weak_or_mismatched_password_is_refused_with_the_reason(alice, alice_client):
    link = _invite(alice_client, "erin@example.com")
    client = Client()
    short = client.post(link, {"password1": "abc", "password2": "abc"})
    assert short.status_code == 400
    assert "too short" in short.text
    differ = client.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"})
    assert "The two passwords differ." in differ.text
    assert not User.objects.filter(email="erin@example.com").exists()


def test_an_existing_account_signs_in_as_itself_to_accept(alice, bob, charlie, charlie_client):
    link = _invite(charlie_client, "alice@example.com", role="rep", name="Alice C")
    before = alice.user.password
    anonymous = Client().get(link)
    assert "Sign in to accept" in anonymous.text
    assert "password1" not in anonymous.text

    as_bob = Client()
    as_bob.force_login(bob.user)
    assert "but you are signed in as bob@example.com" in as_bob.get(link).text
    as_bob.post(link)
    assert not Member.objects.filter(workspace=charlie.workspace, user=bob.user).exists()

    as_alice = Client()
    signed_in = as_alice.post(
        "/login/", {"email": "alice@example.com", "password": PASSWORD, "next": link}
    )
    assert signed_in["Location"] == link
    assert as_alice.post(link).status_code == 302
    joined = Member.objects.get(workspace=charlie.workspace, user=alice.user)
    assert (joined.role, joined.display_name) == ("rep", "Alice C")
    assert _current(as_alice) == "Charlie's Chairs"
    alice.user.refresh_from_db()
    assert alice.user.password == before
    assert Client().get(link).status_code == 404


def test_someone_in_two_workspaces_picks_one_after_signing_in(alice, charlie):
    Member.objects.create(workspace=charlie.workspace, user=alice.user, display_name="Al")
    client = Client()
    response = client.post("/login/", {"email": "alice@example.com", "password": PASSWORD})
    assert response["Location"] == "/workspaces/"
    page = client.get("/workspaces/").text
    assert "Alice&#x27;s Bikes" in page
    assert "Charlie&#x27;s Chairs" in page
    client.post("/workspaces/", {"code": charlie.workspace.code})
    assert _current(client) == "Charlie's Chairs"
    client.post("/workspaces/", {"code": alice.workspace.code})
    assert _current(client) == "Alice's Bikes"


def test_the_picker_offers_only_ones_own_workspaces(alice, charlie, alice_client):
    response = alice_client.post("/workspaces/", {"code": charlie.workspace.code})
    assert response.status_code == 404
    assert _current(alice_client) == "Alice's Bikes"


def test_one_workspace_goes_straight_to_today(alice):
    response = Client().post("/login/", {"email": "alice@example.com", "password": PASSWORD})
    assert response["Location"] == "/"


# Password reset ----------------------------------------------------------------------------


def _reset_link() -> str:
    found = re.search(r"https?://[^/\s]+(/login/reset/[^\s]+/)", str(mail.outbox[-1].body))
    assert found is not None
    return found.group(1)


def _use_reset_link(link: str, password: str) -> Client:
    client = Client()
    form = client.get(link, follow=True)
    assert "Choose a new password" in form.text, form.text
    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": password, "new_password2": password},
    )
    return client


def test_a_reset_link_is_mailed_and_works_once(bob):
    assert Client().post("/login/reset/", {"email": "bob@example.com"})["Location"] == (
        "/login/reset/sent/"
    )
    assert mail.outbox[-1].to == ["bob@example.com"]
    link = _reset_link()
    _use_reset_link(link, NEW_PASSWORD)
    assert (
        Client().post("/login/", {"email": "bob@example.com", "password": NEW_PASSWORD}).status_code
        == 302
    )
    again = Client().get(link, follow=True)
    assert "This reset link does not work" in again.text


def test_a_reset_link_expires(bob, settings):
    class AnHourAgo(PasswordResetTokenGenerator):
        def _now(self):
            return super()._now() - timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)

    token = AnHourAgo().make_token(bob.user)
    uid = urlsafe_base64_encode(force_bytes(bob.user.pk))
    page = Client().get(f"/login/reset/{uid}/{token}/", follow=True)
    assert "This reset link does not work" in page.text


def test_an_unknown_email_gets_the_same_answer_and_no_mail(db):
    response = Client().post("/login/reset/", {"email": "nobody@example.com"})
    assert response["Location"] == "/login/reset/sent/"
    assert mail.outbox == []


def test_reset_requests_are_rate_limited_per_email_and_per_address(alice, bob):
    for _ in range(3):
        assert Client().post("/login/reset/", {"email": "bob@example.com"}).status_code == 302
    limited = Client().post("/login/reset/", {"email": "bob@example.com"})
    assert limited.status_code == 429
    assert "Too many reset requests" in limited.text
    assert len(mail.outbox) == 3
    for i in range(7):
        Client().post("/login/reset/", {"email": f"x{i}@example.com"}, REMOTE_ADDR="10.0.0.9")
    assert (
        Client()
        .post("/login/reset/", {"email": "alice@example.com"}, REMOTE_ADDR="10.0.0.9")
        .status_code
        == 302
    )
    for i in range(3):
        Client().post("/login/reset/", {"email": f"y{i}@example.com"}, REMOTE_ADDR="10.0.0.9")
    blocked = Client().post("/login/reset/", {"email": "alice@example.com"}, REMOTE_ADDR="10.0.0.9")
    assert blocked.status_code == 429


def test_an_account_without_a_password_can_get_one_by_reset(alice):
    passwordless = User.objects.create_user("old@example.com", None)
    Member.objects.create(workspace=alice.workspace, user=passwordless, display_name="Old")
    Client().post("/login/reset/", {"email": "old@example.com"})
    _use_reset_link(_reset_link(), NEW_PASSWORD)
    assert (
        Client().post("/login/", {"email": "old@example.com", "password": NEW_PASSWORD}).status_code
        == 302
    )


# Password change on the profile ----------------------------------------------------------------


def test_a_member_changes_their_password_with_the_old_one(bob, bob_client):
    wrong = bob_client.post(
        "/me/password/",
        {
            "old_password": "guess-1234",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert wrong.status_code == 400
    assert "Your current password was entered wrongly." in wrong.text
    right = bob_client.post(
        "/me/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert right["Location"] == "/me/"
    bob.user.refresh_from_db()
    assert bob.user.check_password(NEW_PASSWORD)
    assert bob_client.get("/me/").status_code == 200  # still signed in here


def test_the_password_change_shares_the_sign_in_throttle(bob, bob_client):
    for _ in range(5):
        bob_client.post(
            "/me/password/",
            {
                "old_password": "guess-1234",
                "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD,
            },
        )
    locked = bob_client.post(
        "/me/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert locked.status_code == 429
    bob.user.refresh_from_db()
    assert bob.user.check_password(PASSWORD)
    assert (
        Client().post("/login/", {"email": "bob@example.com", "password": PASSWORD}).status_code
        == 429
    )


@pytest.mark.parametrize("path", ["/me/password/", "/team/add/"])
def test_these_pages_need_a_signed_in_member(db, path):
    assert Client().get(path)["Location"].startswith("/login/")


def test_opening_a_new_persons_link_while_signed_in_signs_out_no_one_until_they_join(
    alice, bob, alice_client, bob_client
):
    link = _invite(alice_client, "erin@example.com")
    assert "Choose a password" in bob_client.get(link).text
    assert _current(bob_client) == "Alice's Bikes"  # still Bob, still signed in
    joined = bob_client.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert joined.status_code == 302
    assert bob_client.get("/").wsgi_request.user.email == "erin@example.com"
