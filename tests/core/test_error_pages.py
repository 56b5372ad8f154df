"""The demo runs with DEBUG off, and every visitor — member or customer — gets our own 404 and
500 pages, never Django's debug output with its list of URL patterns."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, RequestFactory
from django.views.defaults import server_error

from followthrough.cli import _default_settings

DEBUG_SIGNS = ("URLconf", "urlpatterns", "operators/", "Traceback", "DEBUG = True", "settings")

PROBE = r"""
import json, django
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.test import Client
call_command("migrate", verbosity=0)
client = Client(HTTP_HOST="127.0.0.1")
out = {"debug": settings.DEBUG}
urls = ("/o/this-token-was-mistyped/", "/o/", "/no-such-page/", "/static/followthrough/app.css")
for url in urls:
    r = client.get(url)
    body = b"".join(r.streaming_content) if r.streaming else r.content
    out[url] = [r.status_code, body.decode(errors="replace")]
print(json.dumps(out))
"""


@pytest.mark.slow
def test_the_demo_serves_with_debug_off_static_files_and_a_friendly_404(tmp_path: Path) -> None:
    src = str(Path(__file__).resolve().parents[2] / "src")
    env = {
        **os.environ,
        "PYTHONPATH": src,
        "DJANGO_SETTINGS_MODULE": _default_settings("demo"),
        "FOLLOWTHROUGH_DATA": str(tmp_path),
    }
    for name in ("DATABASE_URL", "DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["debug"] is False
    for url in ("/o/this-token-was-mistyped/", "/o/", "/no-such-page/"):
        status, body = out[url]
        assert status == 404, url
        assert "This link doesn\u2019t lead anywhere" in body, url
        for sign in DEBUG_SIGNS:
            assert sign not in body, (url, sign)
    status, css = out["/static/followthrough/app.css"]
    assert status == 200
    assert ".card" in css


@pytest.mark.django_db
def test_a_customer_with_a_mistyped_order_link_gets_the_friendly_404(client: Client) -> None:
    response = client.get("/o/this-token-was-mistyped/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "ask them for a fresh link" in body
    assert "Back to Today" not in body  # no staff navigation for a customer
    for sign in DEBUG_SIGNS:
        assert sign not in body


@pytest.mark.django_db
def test_a_member_gets_a_404_with_the_way_back(bob_client: Client) -> None:
    response = bob_client.get("/contacts/no-such-contact/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "This page isn\u2019t here" in body
    assert 'href="/"' in body
    assert "URLconf" not in body


def test_the_500_page_is_our_own_and_needs_nothing_that_could_have_failed() -> None:
    response = server_error(RequestFactory().get("/orders/"))
    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong on our side" in body
    assert "/static/followthrough/app.css" in body
