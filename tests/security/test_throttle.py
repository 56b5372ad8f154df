"""Issue 10: one throttle for every password check — per (account, address) and per address —
that never locks an account out for everyone, and reads a proxy header only when told to."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.contrib.auth import aauthenticate
from django.db.models import F
from django.test import Client, RequestFactory

from followthrough.workspaces.models import LoginFailure, User
from tests.factories import PASSWORD

ATTACKER = "203.0.113.66"
HOME = "198.51.100.7"


def _sign_in(email: str, password: str, address: str, forwarded: str = "") -> int:
    client = Client(REMOTE_ADDR=address, HTTP_X_FORWARDED_FOR=forwarded)
    return client.post("/login/", {"email": email, "password": password}).status_code


def _admin_sign_in(client: Client, email: str, password: str, address: str) -> bool:
    client.post(
        "/operators/login/?next=/operators/",
        {"username": email, "password": password, "next": "/operators/"},
        REMOTE_ADDR=address,
    )
    return "_auth_user_id" in client.session


def _window_passes() -> None:
    LoginFailure.objects.update(at=F("at") - timedelta(minutes=16))


@pytest.fixture
def operator(db: None) -> User:
    return User.objects.create_superuser("operator@example.com", PASSWORD)


def test_five_wrong_passwords_lock_the_pair_but_not_the_account_elsewhere(alice):
    for _ in range(5):
        assert _sign_in("alice@example.com", "guess-1234", ATTACKER) == 400
    assert _sign_in("alice@example.com", PASSWORD, ATTACKER) == 429
    # Alice at home, an address that did not fail, still gets in.
    assert _sign_in("alice@example.com", PASSWORD, HOME) == 302
    # Another account from the attacker's address is not locked by the pair limit.
    assert _sign_in("bob@example.com", "guess-1234", ATTACKER) == 400


def test_twenty_wrong_passwords_from_one_address_lock_that_address_only(alice, bob):
    for i in range(20):
        assert _sign_in(f"user{i}@example.com", "guess-1234", ATTACKER) == 400
    assert _sign_in("bob@example.com", PASSWORD, ATTACKER) == 429
    assert _sign_in("bob@example.com", PASSWORD, HOME) == 302


def test_the_lock_lifts_when_the_window_passes(alice):
    for _ in range(5):
        _sign_in("alice@example.com", "guess-1234", ATTACKER)
    assert _sign_in("alice@example.com", PASSWORD, ATTACKER) == 429
    _window_passes()
    assert _sign_in("alice@example.com", PASSWORD, ATTACKER) == 302


def test_the_right_password_clears_only_that_pairs_failures(alice):
    for _ in range(3):
        _sign_in("alice@example.com", "guess-1234", ATTACKER)
        _sign_in("zed@example.com", "guess-1234", ATTACKER)
    _sign_in("alice@example.com", "guess-1234", HOME)
    assert _sign_in("alice@example.com", PASSWORD, ATTACKER) == 302
    left = set(LoginFailure.objects.values_list("username", "ip_address"))
    assert left == {("zed@example.com", ATTACKER), ("alice@example.com", HOME)}


def test_thirty_wrong_operator_passwords_in_the_admin_are_refused_and_then_the_right_one(
    operator,
):
    client = Client()
    for _ in range(30):
        assert not _admin_sign_in(client, "operator@example.com", "guess-1234", ATTACKER)
    assert not _admin_sign_in(client, "operator@example.com", PASSWORD, ATTACKER)
    page = client.post(
        "/operators/login/",
        {"username": "operator@example.com", "password": PASSWORD},
        REMOTE_ADDR=ATTACKER,
    )
    assert b"Too many failed attempts" in page.content
    _window_passes()
    assert _admin_sign_in(client, "operator@example.com", PASSWORD, ATTACKER)


def test_admin_and_sign_in_page_share_one_count(operator):
    for _ in range(3):
        _admin_sign_in(Client(), "operator@example.com", "guess-1234", ATTACKER)
    for _ in range(2):
        _sign_in("operator@example.com", "guess-1234", ATTACKER)
    assert _sign_in("operator@example.com", PASSWORD, ATTACKER) == 429
    assert not _admin_sign_in(Client(), "operator@example.com", PASSWORD, ATTACKER)


def test_without_trusted_proxies_a_forwarded_header_is_ignored(alice, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for i in range(5):
        # An attacker rotating the header does not escape the lock on their real address.
        _sign_in("alice@example.com", "guess-1234", ATTACKER, forwarded=f"10.9.0.{i}")
    assert set(LoginFailure.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    assert _sign_in("alice@example.com", PASSWORD, ATTACKER, forwarded="10.9.9.9") == 429


def test_behind_a_trusted_proxy_the_client_address_comes_from_the_header(alice, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.1"
    for _ in range(5):
        # What the client wrote (left) is ignored; the proxy appended the real address.
        _sign_in(
            "alice@example.com",
            "guess-1234",
            proxy,
            forwarded=f"1.2.3.4, {ATTACKER}",
        )
    assert set(LoginFailure.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    # Every client comes through the same proxy, yet only the attacker is locked.
    assert _sign_in("alice@example.com", PASSWORD, proxy, forwarded=ATTACKER) == 429
    assert _sign_in("alice@example.com", PASSWORD, proxy, forwarded=HOME) == 302


def test_two_trusted_proxies_take_the_second_entry_from_the_right(alice, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    _sign_in(
        "alice@example.com",
        "guess-1234",
        "10.0.0.2",
        forwarded=f"6.6.6.6, {ATTACKER}, 10.0.0.1",
    )
    assert list(LoginFailure.objects.values_list("ip_address", flat=True)) == [ATTACKER]


def _async_check(address: str, password: str) -> object:
    """Django's async `aauthenticate`, run on its own event loop in a fresh thread (the browser
    tests may have left a loop running in this one)."""
    request = RequestFactory().post("/login/", REMOTE_ADDR=address)
    check = aauthenticate(request, email="alice@example.com", password=password)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, check).result()


@pytest.mark.django_db(transaction=True)
def test_the_async_password_check_is_throttled_too(alice):
    for _ in range(5):
        _sign_in("alice@example.com", "guess-1234", ATTACKER)
    assert _async_check(ATTACKER, PASSWORD) is None
    assert _async_check(HOME, PASSWORD) == alice.user
