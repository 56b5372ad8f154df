"""Personas: alice (manager) and bob (rep) share a workspace; charlie is a stranger."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.test import Client

from followthrough.contacts.models import Contact, Interaction
from followthrough.workspaces.models import Member, Role
from followthrough.workspaces.services import api_token_create
from tests.factories import (
    ContactFactory,
    InteractionFactory,
    MemberFactory,
    UserFactory,
    WorkspaceFactory,
)

# Browser fixtures (`browser`, `page`) for any test folder: one Chromium per session.
pytest_plugins = ["tests.browser_fixtures"]

NOW = datetime(2026, 11, 24, 14, 30, tzinfo=UTC)


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture
def alice(db: None) -> Member:
    workspace = WorkspaceFactory.create(name="Alice's Bikes")
    return MemberFactory.create(
        workspace=workspace,
        user=UserFactory.create(email="alice@example.com"),
        display_name="Alice",
        role=Role.MANAGER,
        timezone="Europe/Berlin",
    )


@pytest.fixture
def bob(alice: Member) -> Member:
    return MemberFactory.create(
        workspace=alice.workspace,
        user=UserFactory.create(email="bob@example.com"),
        display_name="Bob",
        role=Role.REP,
        timezone="America/New_York",
    )


@pytest.fixture
def charlie(db: None) -> Member:
    return MemberFactory.create(
        workspace=WorkspaceFactory.create(name="Charlie's Chairs"),
        user=UserFactory.create(email="charlie@example.com"),
        display_name="Charlie",
        role=Role.MANAGER,
    )


@pytest.fixture
def contact(alice: Member, bob: Member) -> Contact:
    return ContactFactory.create(
        workspace=alice.workspace,
        first_name="Dana",
        last_name="Reyes",
        owner=bob,
        email="dana@customer.test",
    )


@pytest.fixture
def interaction(contact: Contact, bob: Member) -> Interaction:
    return InteractionFactory.create(contact=contact, member=bob, subject="Where is my order?")


def client_for(member: Member) -> Client:
    client = Client()
    client.force_login(member.user)
    return client


@pytest.fixture
def alice_client(alice: Member) -> Client:
    return client_for(alice)


@pytest.fixture
def bob_client(bob: Member) -> Client:
    return client_for(bob)


@pytest.fixture
def charlie_client(charlie: Member) -> Client:
    return client_for(charlie)


def api_client_for(member: Member) -> Client:
    _, raw = api_token_create(member=member)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.fixture
def bob_api(bob: Member) -> Client:
    return api_client_for(bob)


@pytest.fixture
def charlie_api(charlie: Member) -> Client:
    return api_client_for(charlie)
