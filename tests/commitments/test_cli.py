"""`followthrough promise add` (the promise_add command)."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from followthrough.cli import main
from followthrough.commitments.models import Commitment, Side
from tests.factories import ContactFactory


def test_promise_add_records_it_for_the_contacts_owner(bob, contact, frozen, capsys):
    call_command(
        "promise_add",
        "call back with pricing",
        "--contact",
        contact.email,
        "--due",
        "in ten minutes",
    )
    c = Commitment.objects.get()
    assert (c.owner, c.contact, c.side) == (bob, contact, Side.OURS)
    assert c.due_at.isoformat() == "2026-11-24T14:40:00+00:00"
    out = capsys.readouterr().out
    assert "Promised Dana Reyes: call back with pricing — due Tue 24 Nov, 09:40 (in 10 min)" in out


def test_promise_add_records_their_promise_for_a_chosen_member(alice, contact, frozen):
    call_command(
        "promise_add",
        "PO",
        "--contact",
        contact.email,
        "--due",
        "by Friday",
        "--member",
        alice.email,
        "--theirs",
    )
    c = Commitment.objects.get()
    assert (c.owner, c.side) == (alice, Side.THEIRS)


def test_the_cli_front_maps_promise_add_to_the_command(monkeypatch):
    seen: list[list[str]] = []
    monkeypatch.setattr("django.core.management.execute_from_command_line", seen.append)
    main(["promise", "add", "--contact", "a@b.test", "quote", "--due", "tomorrow"])
    assert seen == [
        ["followthrough", "promise_add", "--contact", "a@b.test", "quote", "--due", "tomorrow"]
    ]


def test_promise_add_explains_an_unreadable_time(contact, frozen):
    with pytest.raises(CommandError, match="Could not read “eventually”"):
        call_command("promise_add", "x", "--contact", contact.email, "--due", "eventually")


def test_promise_add_needs_a_member_when_the_contact_has_no_owner(alice, frozen):
    orphan = ContactFactory(workspace=alice.workspace, owner=None)
    with pytest.raises(CommandError, match="no owner"):
        call_command("promise_add", "x", "--contact", orphan.email, "--due", "tomorrow")


def test_promise_add_refuses_an_unknown_contact(bob, frozen):
    with pytest.raises(CommandError, match="No contact"):
        call_command("promise_add", "x", "--contact", "nobody@x.test", "--due", "tomorrow")
