from django.test import Client

from followthrough.workspaces.models import LoginFailure
from tests.factories import PASSWORD


def test_signing_in_with_the_right_password_lands_on_today(alice):
    client = Client()
    response = client.post("/login/", {"email": "ALICE@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_a_wrong_password_is_refused_with_a_clear_message(alice):
    response = Client().post("/login/", {"email": "alice@example.com", "password": "nope"})
    assert response.status_code == 400
    assert b"do not match" in response.content


def test_sign_in_is_locked_after_five_failures_even_with_the_right_password(alice, settings):
    settings.LOGIN_MAX_FAILURES = 5
    client = Client()
    for _ in range(5):
        client.post("/login/", {"email": "alice@example.com", "password": "guess"})
    response = client.post("/login/", {"email": "alice@example.com", "password": PASSWORD})
    assert response.status_code == 429
    assert b"Too many failed attempts" in response.content
    assert LoginFailure.objects.filter(username="alice@example.com").count() == 5


def test_a_successful_sign_in_clears_earlier_failures(alice):
    client = Client()
    for _ in range(3):
        client.post("/login/", {"email": "alice@example.com", "password": "guess"})
    client.post("/login/", {"email": "alice@example.com", "password": PASSWORD})
    assert not LoginFailure.objects.filter(username="alice@example.com").exists()


def test_next_is_followed_only_when_it_stays_on_this_site(alice):
    client = Client()
    evil = client.post(
        "/login/",
        {"email": "alice@example.com", "password": PASSWORD, "next": "https://evil.test/"},
    )
    assert evil["Location"] == "/"
    client.logout()
    good = client.post(
        "/login/", {"email": "alice@example.com", "password": PASSWORD, "next": "/contacts/"}
    )
    assert good["Location"] == "/contacts/"


def test_pages_need_a_signed_in_member(db):
    response = Client().get("/contacts/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_a_deactivated_member_cannot_use_the_app(bob, bob_client):
    bob.is_active = False
    bob.save()
    assert bob_client.get("/contacts/").status_code == 302
