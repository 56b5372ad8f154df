"""`followthrough agenda --member EMAIL`: Today as a table in the terminal."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.agenda.helpers import lived_in_day


def test_the_agenda_command_prints_a_readable_table(bob, now, capsys):
    lived_in_day(bob, now)
    call_command("agenda", "--member", "bob@example.com", "--now", now.isoformat())
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].startswith("Bob · Alice's Bikes · Tue 24 Nov, 09:30 (America/New_York)")
    assert "Credibility 50/100" in lines[1]
    header = next(n for n, line in enumerate(lines) if "WHEN" in line)
    assert lines[header + 1].startswith("!!  today, 08:30")
    assert "send the quote" in lines[header + 1]
    assert "Renegotiate" in lines[header + 1]
    assert lines[header + 2].strip().startswith("You promised Ann Test")
    assert "8 item(s)." in out
    assert lines[-1].startswith("Marks: !! broken, deal with it now · ! due in the next hours")
    assert "* waiting on you · ? chase politely." in lines[-1]


def test_the_agenda_command_speaks_json_too(bob, now, capsys):
    lived_in_day(bob, now)
    call_command("agenda", "--member", "bob@example.com", "--now", now.isoformat(), "--json")
    items = json.loads(capsys.readouterr().out)
    assert [i["kind"] for i in items][:2] == ["promise_broken", "promise_due"]


def test_the_agenda_command_names_an_unknown_member(db):
    with pytest.raises(CommandError, match="No active member"):
        call_command("agenda", "--member", "nobody@example.com")


def test_an_empty_agenda_says_so(bob, now, capsys):
    call_command("agenda", "--member", "bob@example.com", "--now", now.isoformat())
    assert "Nothing owed right now." in capsys.readouterr().out
