"""The scale generator writes what the app would have written, at a tiny size."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from bench.scale_load import WORKSPACE_NAME, load_scale, resolve_sizes
from django.core.management import call_command
from django.db import connection
from django.test import Client

from followthrough.contacts.models import Company, Contact, Interaction, Stage, StageChange
from followthrough.contacts.services import (
    InteractionData,
    contact_recompute_state,
    contact_refresh_keys,
    interaction_log,
)
from followthrough.workspaces.models import Member, Role, Workspace

pytestmark = pytest.mark.django_db(transaction=True)

NOW = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)
SIZES = {"members": 2, "contacts": 50, "interactions": 300}
STATE = ["owed_reply_since", "last_inbound_at", "last_outbound_at", "last_two_way_at"]


def load(seed: int = 3) -> Workspace:
    load_scale(sizes=resolve_sizes(dict(SIZES)), seed=seed, now=NOW, out=lambda line: None)
    return Workspace.objects.get(name=WORKSPACE_NAME)


def schema() -> set[str]:
    """Names of every index and foreign key in the database."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
            names = {row[0] for row in cursor.fetchall()}
            for table in connection.introspection.table_names(cursor):
                cursor.execute(f'PRAGMA foreign_key_list("{table}")')
                names |= {f"{table}.{row[3]}->{row[2]}" for row in cursor.fetchall()}
            return names
        cursor.execute("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")
        names = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT conname FROM pg_constraint WHERE contype = 'f'")
        return names | {row[0] for row in cursor.fetchall()}


def state_of(contact: Contact) -> tuple[object, ...]:
    owed = Interaction.objects.filter(contact=contact, reply_owed=True)
    return (*(getattr(contact, f) for f in STATE), sorted(owed.values_list("id", flat=True)))


def test_the_generator_writes_the_sizes_it_was_asked_for():
    workspace = load()
    members = list(Member.objects.filter(workspace=workspace).order_by("id"))
    assert [m.role for m in members] == [Role.MANAGER, Role.REP]
    assert Company.objects.filter(workspace=workspace).count() == 4  # 8 per 100 contacts
    assert Contact.objects.filter(workspace=workspace).count() == 50
    assert Interaction.objects.filter(workspace=workspace).count() == 300
    # Every contact starts as a prospect; customers and lost ones have more steps.
    assert StageChange.objects.filter(to_stage=Stage.PROSPECT, from_stage="").count() == 50
    assert StageChange.objects.count() > 50


def test_stored_reply_state_is_what_recomputing_it_from_the_timeline_gives():
    workspace = load()
    contacts = list(Contact.objects.filter(workspace=workspace).order_by("id"))
    stored = {c.pk: state_of(c) for c in contacts}
    # The test only means something if the tiny set has contacts both owed and not owed.
    assert any(s[0] is not None for s in stored.values())
    assert any(s[0] is None and s[3] is not None for s in stored.values())
    for contact in contacts:
        contact_recompute_state(contact)
        contact.refresh_from_db()
        assert state_of(contact) == stored[contact.pk], contact.code


def test_replaying_each_timeline_through_interaction_log_gives_the_same_rows():
    workspace = load()
    member = Member.objects.filter(workspace=workspace).first()
    for original in Contact.objects.filter(workspace=workspace).order_by("id")[:25]:
        twin = Contact.objects.create(workspace=workspace, first_name="Twin", stage="prospect")
        entries = list(Interaction.objects.filter(contact=original).order_by("occurred_at", "id"))
        for entry in entries:
            interaction_log(contact=twin, member=member, data=_data(entry))
        twin.refresh_from_db()
        replayed = Interaction.objects.filter(contact=twin).order_by("occurred_at", "id")
        assert [getattr(twin, f) for f in STATE] == [getattr(original, f) for f in STATE]
        assert [(i.reply_owed, i.replied_at) for i in replayed] == [
            (e.reply_owed, e.replied_at) for e in entries
        ], original.code


def test_search_keys_are_the_ones_the_app_computes():
    workspace = load()
    contacts = Contact.objects.filter(workspace=workspace).select_related("company")
    for contact in contacts:
        stored = (contact.sort_key, contact.first_key, contact.company_key, contact.phone_key)
        contact_refresh_keys(contact)
        assert (contact.sort_key, contact.first_key, contact.company_key, contact.phone_key) == (
            stored
        )
    assert any(c.company_key for c in contacts)
    assert any(c.phone_key for c in contacts)


def test_indexes_and_foreign_keys_are_back_and_every_row_satisfies_them():
    before = schema()
    load()
    assert schema() == before
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_key_check")
            assert cursor.fetchall() == []


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    def snapshot() -> list[tuple[object, ...]]:
        return list(
            Contact.objects.order_by("id").values_list(
                "code", "first_name", "last_name", "email", "owner__code", *STATE
            )
        )

    load(seed=3)
    first = snapshot()
    call_command("flush", interactive=False, verbosity=0)
    load(seed=3)
    assert snapshot() == first
    call_command("flush", interactive=False, verbosity=0)
    load(seed=4)
    assert snapshot() != first


def test_a_member_of_the_scale_workspace_sees_its_contacts_in_the_app():
    workspace = load()
    rep = Member.objects.filter(workspace=workspace, role=Role.REP).select_related("user").get()
    client = Client()
    client.force_login(rep.user)
    mine = Contact.objects.filter(owner=rep, archived_at__isnull=True).order_by("sort_key").first()
    assert mine is not None
    response = client.get("/contacts/", {"owner": "me"})
    assert response.status_code == 200
    assert mine.code in response.content.decode()


def _data(entry: Interaction) -> InteractionData:
    return InteractionData(
        kind=entry.kind,
        direction=entry.direction,
        occurred_at=entry.occurred_at,
        call_outcome=entry.call_outcome,
        meeting_outcome=entry.meeting_outcome,
    )
