import re

from django.test import Client

from followthrough.workspaces.models import ApiToken, Member
from followthrough.workspaces.services import api_token_create


def test_a_manager_invites_a_rep_who_chooses_a_password_and_can_then_sign_in(alice, alice_client):
    response = alice_client.post(
        "/team/add/", {"display_name": "Erin", "email": "Erin@Example.com", "role": "rep"}
    )
    assert response.status_code == 302
    assert not Member.objects.filter(user__email="erin@example.com").exists()
    page = alice_client.get("/team/").content.decode()
    link = re.search(r'value="https?://testserver(/invite/[^"]+/)"', page)
    assert link is not None
    assert "erin@example.com" in page  # listed as pending
    erin = Client()
    joined = erin.post(
        link.group(1), {"password1": "a-long-password-1", "password2": "a-long-password-1"}
    )
    assert joined.status_code == 302
    member = Member.objects.get(user__email="erin@example.com")
    assert (member.workspace, member.role, member.display_name) == (alice.workspace, "rep", "Erin")
    assert erin.get("/").status_code == 200
    signed_in = Client().post(
        "/login/", {"email": "erin@example.com", "password": "a-long-password-1"}
    )
    assert signed_in.status_code == 302


def test_a_rep_cannot_see_the_team_page(bob_client):
    assert bob_client.get("/team/").status_code == 404
    assert bob_client.get("/team/add/").status_code == 404


def test_deactivating_a_member_revokes_their_api_tokens(alice, bob, alice_client):
    api_token_create(member=bob)
    alice_client.post(f"/team/{bob.code}/toggle/")
    bob.refresh_from_db()
    assert not bob.is_active
    assert not ApiToken.objects.filter(member=bob, revoked_at__isnull=True).exists()


def test_the_last_manager_cannot_be_deactivated_or_demoted(alice, bob, alice_client):
    other = Member.objects.create(
        workspace=alice.workspace,
        user=bob.user.__class__.objects.create_user("zed@example.com", "x"),
        display_name="Zed",
        role="manager",
        is_active=False,
    )
    assert other.is_manager
    response = alice_client.post(
        f"/team/{alice.code}/",
        {
            "display_name": "Alice",
            "role": "rep",
            "timezone": "UTC",
            "work_start": "09:00",
            "work_end": "17:00",
            "work_days": ["1"],
        },
    )
    assert response.status_code == 200
    assert b"at least one active manager" in response.content
    alice.refresh_from_db()
    assert alice.is_manager


def test_workspace_settings_change_the_cooling_off_period(alice, alice_client):
    alice_client.post("/team/settings/", {"name": "Alice's Bikes", "cooling_off_minutes": "45"})
    alice.workspace.refresh_from_db()
    assert alice.workspace.cooling_off_minutes == 45


def test_a_member_creates_an_api_token_shown_once_and_revokes_it(bob, bob_client):
    bob_client.post("/me/tokens/", {"name": "Zapier"})
    page = bob_client.get("/me/")
    token = ApiToken.objects.get(member=bob)
    assert token.name == "Zapier"
    shown = re.search(rb'data-testid="new-token">([^<]+)<', page.content)
    assert shown is not None
    raw = shown.group(1).decode()
    assert raw.startswith(token.prefix)
    assert raw.encode() not in bob_client.get("/me/").content
    assert (
        Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/me").json()["me"]["code"] == bob.code
    )
    bob_client.post(f"/me/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_a_rep_edits_their_own_hours_but_not_their_role(bob, bob_client):
    bob_client.post(
        "/me/",
        {
            "display_name": "Bobby",
            "timezone": "Asia/Tokyo",
            "work_start": "10:00",
            "work_end": "18:00",
            "work_days": ["1", "2", "3", "4", "5", "6"],
            "role": "manager",
        },
    )
    bob.refresh_from_db()
    assert bob.display_name == "Bobby"
    assert bob.timezone == "Asia/Tokyo"
    assert bob.role == "rep"


def test_rotating_the_calendar_link_changes_it(bob, bob_client):
    old = bob.calendar_token
    bob_client.post("/me/calendar/rotate/")
    bob.refresh_from_db()
    assert bob.calendar_token != old


def test_the_profile_page_shows_credibility_and_the_bad_news_first_rate(bob_client):
    page = bob_client.get("/me/").content.decode()
    assert "Credibility" in page
    assert "100" in page
    assert "bad news" in page.lower()
