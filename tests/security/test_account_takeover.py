"""Issue 10: a manager of one workspace must never take over an account of another."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from followthrough.workspaces.models import Member, User
from followthrough.workspaces.services import member_add
from tests.factories import PASSWORD

CHOSEN = "attacker-chosen-password-9"


@pytest.fixture
def operator(db: None) -> User:
    return User.objects.create_superuser("operator@example.com", PASSWORD)


def _add(client: Client, email: str) -> None:
    client.post(
        "/team/add/",
        {
            "display_name": "Victim",
            "email": email,
            "password": CHOSEN,
            "role": "manager",
            "timezone": "UTC",
            "work_start": "09:00",
            "work_end": "17:00",
            "work_days": ["1", "2", "3", "4", "5"],
        },
    )


@pytest.mark.parametrize("victim", ["bob@example.com", "operator@example.com"])
def test_a_manager_adding_anothers_member_or_operator_changes_nothing(
    victim, alice, bob, charlie, charlie_client, operator
):
    before = User.objects.get(email=victim).password
    _add(charlie_client, victim)
    # The invitation's link, in the attacker's hands, offers no password form either.
    link = re.search(
        r'value="https?://testserver(/invite/[^"]+/)"',
        charlie_client.get("/team/").content.decode(),
    )
    assert link is not None
    page = Client().get(link.group(1))
    assert b"password1" not in page.content
    Client().post(link.group(1), {"password1": CHOSEN, "password2": CHOSEN})
    user = User.objects.get(email=victim)
    assert user.password == before
    assert user.check_password(PASSWORD)
    assert not Member.objects.filter(workspace=charlie.workspace, user=user).exists()
    signed_in = Client().post("/login/", {"email": victim, "password": CHOSEN})
    assert signed_in.status_code == 400
    admin = Client().post(
        "/operators/login/", {"username": victim, "password": CHOSEN, "next": "/operators/"}
    )
    assert "_auth_user_id" not in admin.client.session


def test_member_add_never_touches_an_existing_accounts_password(alice, charlie):
    before = alice.user.password
    member_add(workspace=charlie.workspace, email="alice@example.com", display_name="A")
    alice.user.refresh_from_db()
    assert alice.user.password == before
