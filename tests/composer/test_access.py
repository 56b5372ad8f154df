"""Charlie reaches nothing of Bob's through the composer; list pages take fixed queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from followthrough.composer.models import Draft
from followthrough.composer.services import (
    draft_apply_suggestion,
    draft_check,
    draft_create,
    draft_send,
)
from tests.composer.conftest import HALF_APOLOGY, KIND_REPLY

pytestmark = pytest.mark.django_db


def test_charlie_gets_404_on_every_composer_route(charlie_client, bob, contact, heated, reply):
    before = Draft.objects.values_list("body", "status").get()
    fields = {
        "draft": reply.code,
        "contact": contact.code,
        "reply_to": heated.code,
        "body": "Hi",
        "apply": "blame:0:1",
        "promise": "0:1",
        "do": "send",
    }
    for name in ("check", "apply", "promise", "save"):
        assert charlie_client.post(reverse(f"composer:{name}"), fields).status_code == 404, name
    without_draft = {k: v for k, v in fields.items() if k != "draft"}
    for name in ("check", "apply", "promise", "save"):
        response = charlie_client.post(reverse(f"composer:{name}"), without_draft)
        assert response.status_code == 404, name
    for query in ({"contact": contact.code}, {"reply_to": heated.code}):
        assert charlie_client.get(reverse("composer:new"), query).status_code == 404
    assert charlie_client.get(reverse("composer:draft", args=[reply.code])).status_code == 404
    home = charlie_client.get(reverse("composer:home")).content.decode()
    assert contact.name not in home
    held = charlie_client.get(reverse("composer:held")).content.decode()  # charlie manages
    assert contact.name not in held
    assert "Bob" not in held
    assert Draft.objects.values_list("body", "status").get() == before


def test_another_rep_cannot_open_bobs_draft(alice, reply):
    from tests.conftest import client_for
    from tests.factories import MemberFactory

    other = MemberFactory.create(workspace=alice.workspace, role="rep")
    client = client_for(other)
    assert client.get(reverse("composer:draft", args=[reply.code])).status_code == 404


def _drafts(bob, contact, now, n):
    for i in range(n):
        d = draft_create(author=bob, contact=contact, body=f"{HALF_APOLOGY} {i}", now=now)
        f = next(f for f in draft_check(draft=d, now=now) if f.suggestion)
        draft_apply_suggestion(draft=d, actor=bob, now=now, rule=f.rule, start=f.start, end=f.end)
        if i % 2:
            draft_send(draft=d, actor=bob, now=now + timedelta(hours=1), confirm=True)


def test_the_drafts_page_takes_a_fixed_number_of_queries(
    bob_client, bob, contact, heated, now, django_assert_num_queries
):
    _drafts(bob, contact, now, 2)
    n = 5  # session, user, member, drafts, outbox
    with django_assert_num_queries(n):
        assert bob_client.get(reverse("composer:home")).status_code == 200
    _drafts(bob, contact, now, 6)
    with django_assert_num_queries(n):
        assert bob_client.get(reverse("composer:home")).status_code == 200


def test_the_managers_page_takes_a_fixed_number_of_queries(
    alice_client, bob, contact, heated, now, django_assert_num_queries
):
    def held(n):
        for _ in range(n):
            d = draft_create(
                author=bob, contact=contact, in_reply_to=heated, body=KIND_REPLY, now=now
            )
            draft_send(draft=d, actor=bob, now=now)

    held(1)
    _drafts(bob, contact, now, 1)
    n = 6  # session, user, member, counts, rules accepted, held drafts
    with django_assert_num_queries(n):
        assert alice_client.get(reverse("composer:held")).status_code == 200
    held(5)
    _drafts(bob, contact, now, 4)
    with django_assert_num_queries(n):
        assert alice_client.get(reverse("composer:held")).status_code == 200
