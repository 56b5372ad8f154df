"""The shape of the contact list's queries that keeps it fast at 100k contacts (see
docs/benchmarks.md, "Contacts"): a search scopes each OR-ed term to the workspace itself, and
the sorts read an index in order on both databases."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection

from followthrough.contacts.selectors import ContactFilters, contact_list
from tests.factories import ContactFactory


def names(qs) -> list[str]:
    return [c.last_name for c in qs]


def test_a_search_finds_contacts_of_the_members_own_workspace_only(bob, charlie):
    ContactFactory(workspace=bob.workspace, first_name="Dana", last_name="Reyes")
    ContactFactory(workspace=charlie.workspace, first_name="Dan", last_name="Reyna")
    ContactFactory(workspace=charlie.workspace, first_name="Reyes", last_name="Other")
    assert names(contact_list(bob, ContactFilters(q="rey"))) == ["Reyes"]
    assert names(contact_list(bob, ContactFilters(q="dan"))) == ["Reyes"]
    assert sorted(names(contact_list(charlie, ContactFilters(q="rey")))) == ["Other", "Reyna"]


def test_a_search_combines_with_the_other_filters(bob):
    ContactFactory(workspace=bob.workspace, last_name="Reyes", stage="customer", owner=bob)
    ContactFactory(workspace=bob.workspace, last_name="Reyna", stage="prospect", owner=bob)
    ContactFactory(workspace=bob.workspace, last_name="Reyton", stage="customer")
    found = contact_list(bob, ContactFilters(q="rey", stage="customer", owner="me"))
    assert names(found) == ["Reyes"]


def test_quiet_puts_never_touched_contacts_first_then_the_longest_silence(bob, now):
    ContactFactory(workspace=bob.workspace, last_name="Recent", last_two_way_at=now)
    ContactFactory(workspace=bob.workspace, last_name="Never")
    ContactFactory(
        workspace=bob.workspace, last_name="Old", last_two_way_at=now - timedelta(days=90)
    )
    assert names(contact_list(bob, ContactFilters(sort="quiet"))) == ["Never", "Old", "Recent"]
    assert names(contact_list(bob, ContactFilters(sort="recent"))) == ["Recent", "Old", "Never"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner, without statistics")
def test_on_sqlite_a_search_reads_one_index_range_per_key_not_the_whole_workspace(bob):
    qs = contact_list(bob, ContactFilters(q="reyes"))
    plan = qs.explain()
    assert "MULTI-INDEX OR" in plan
    assert "(workspace_id=?)" not in plan  # a bare workspace match would read every contact
    counted = qs.order_by().explain()  # COUNT(*) has the same WHERE clause
    assert "MULTI-INDEX OR" in counted
