"""Every response carries the Content-Security-Policy; everything a signed-in member or an API
token reads is marked `private, no-store` so no shared or browser cache keeps it."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.security.test_isolation import _routes

pytestmark = pytest.mark.django_db


def test_every_page_without_parameters_carries_the_policy(alice_client: Client, client: Client):
    for route in _routes():
        if "<" in route:
            continue
        for who in (alice_client, client):
            response = who.get("/" + route)
            policy = response.get("Content-Security-Policy", "")
            assert "default-src 'self'" in policy, route
            assert "script-src 'self'" in policy, route
            assert "unsafe-inline" not in policy.split("style-src-attr")[0], route


def test_signed_in_pages_and_exports_are_never_stored(alice_client: Client):
    for url in ("/", "/contacts/", "/me/", "/contacts/export.csv", "/reports/"):
        response = alice_client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store", url


def test_api_answers_to_a_token_are_never_stored(bob_api: Client):
    response = bob_api.get("/api/commitments")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_the_sign_in_page_and_static_files_keep_their_own_caching(client: Client):
    assert "no-store" not in client.get("/login/").get("Cache-Control", "")
    css = client.get("/static/followthrough/app.css")
    assert css.status_code == 200
    assert "no-store" not in css.get("Cache-Control", "")
