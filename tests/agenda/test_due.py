"""The one definition of what is due: which items, in what order, and why."""

from datetime import timedelta
from functools import partial

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from followthrough.agenda.due import _PROVIDERS as PROVIDERS
from followthrough.agenda.due import AgendaItem, Urgency, agenda_for, register_provider
from followthrough.agenda.services import agenda_snooze
from followthrough.commitments.services import commitment_keep
from followthrough.workspaces.models import Member
from tests.agenda.helpers import HOUR, lived_in_day
from tests.commitments.helpers import promise
from tests.factories import ContactFactory


def test_the_list_is_ordered_most_urgent_first_with_replies_oldest_first(bob, now):
    day = lived_in_day(bob, now)
    items = agenda_for(bob, now=now)
    assert [(i.kind, i.contact_name) for i in items] == [
        ("promise_broken", "Ann Test"),
        ("promise_due", "Ben Test"),
        ("no_show", "Gus Test"),
        ("reply_owed", "Dee Test"),
        ("reply_owed", "Eve Test"),
        ("callback", "Fay Test"),
        ("theirs_slipped", "Cy Test"),
        ("promise_due", "Ben Test"),
    ]
    assert items[1].ref == day.due_soon.code
    assert items[1].urgency == Urgency.DUE_NOW
    assert items[-1].ref == day.due_later.code
    assert items[-1].urgency == Urgency.LATER


def test_each_item_says_why_it_is_here(bob, now):
    day = lived_in_day(bob, now)
    items = agenda_for(bob, now=now)
    why = {i.kind + ":" + i.contact_name: i.why for i in items if i.ref != day.due_later.code}
    assert why["promise_broken:Ann Test"] == (
        "You promised Ann Test this by today, 08:30 — 1 h ago. Tell them a new time, or do it now."
    )
    assert why["promise_due:Ben Test"].startswith(
        "You promised Ben Test this by today, 10:00 (in 30 min)"
    )
    assert why["reply_owed:Dee Test"] == (
        "Dee Test wrote “Where is my order?” 2 days ago and is waiting for an answer."
    )
    assert why["callback:Fay Test"].startswith("Fay Test left a voicemail 5 h ago")
    assert why["no_show:Gus Test"].startswith("Gus Test missed the meeting “Demo” 3 days ago")
    assert why["theirs_slipped:Cy Test"] == (
        "Cy Test promised this by Sun 22 Nov, 09:30 — 2 days late. Chase politely."
    )


def test_each_item_has_the_one_action_that_clears_it_first(bob, now):
    lived_in_day(bob, now)
    first = {i.kind: i.action.name for i in agenda_for(bob, now=now)}
    assert first == {
        "promise_broken": "renegotiate",
        "promise_due": "keep",
        "no_show": "log",
        "reply_owed": "log",
        "callback": "log",
        "theirs_slipped": "keep",
    }


def test_a_promise_due_after_the_working_day_waits_for_a_wider_window(bob, now):
    day = lived_in_day(bob, now)
    assert day.tomorrow.code not in {i.ref for i in agenda_for(bob, now=now)}
    wide = agenda_for(bob, now=now, horizon=timedelta(days=2))
    assert day.tomorrow.code in {i.ref for i in wide}


def test_kept_and_dealt_with_promises_leave_the_list(bob, now):
    day = lived_in_day(bob, now)
    commitment_keep(commitment=day.due_soon, actor=bob, now=now)
    commitment_keep(commitment=day.broken, actor=bob, now=now)  # done late
    refs = {i.ref for i in agenda_for(bob, now=now)}
    assert day.due_soon.code not in refs
    assert day.broken.code not in refs


def test_a_reply_logged_takes_the_contact_off_the_list(bob, now):
    from tests.agenda.helpers import log

    day = lived_in_day(bob, now)
    log(day.wrote_first, bob, now, "email", "outbound")
    assert "Dee Test" not in {i.contact_name for i in agenda_for(bob, now=now)}


def test_a_snoozed_item_comes_back_when_its_time_comes(bob, now):
    lived_in_day(bob, now)
    agenda_snooze(member=bob, key="reply:" + _code(bob, now, "Dee Test"), until=now + HOUR, now=now)
    assert "Dee Test" not in {i.contact_name for i in agenda_for(bob, now=now)}
    assert "Dee Test" in {i.contact_name for i in agenda_for(bob, now=now + HOUR)}


def _code(bob, now, name):
    return next(i.contact_code for i in agenda_for(bob, now=now) if i.contact_name == name)


def test_the_list_is_the_members_own(alice, bob, now):
    lived_in_day(bob, now)
    assert agenda_for(alice, now=now) == []


def test_a_new_kind_of_item_is_one_provider_away(bob, contact, now):
    def bad_news(ctx):
        return [
            AgendaItem(
                key="order:o1",
                kind="bad_news",
                urgency=Urgency.BROKEN,
                at=ctx.now - timedelta(days=1),
                title="Tell Dana her order slipped",
                why="Order o1 will arrive late.",
                contact_code="c1",
                contact_name="Dana",
                actions=(),
            )
        ]

    register_provider("test_bad_news", bad_news)
    try:
        promise(bob, contact, now=now - 2 * HOUR, due_in=HOUR)
        assert agenda_for(bob, now=now)[0].kind == "bad_news"
    finally:
        PROVIDERS.pop("test_bad_news")


def test_archived_contacts_are_not_on_the_list(bob, now):
    from tests.agenda.helpers import log

    archived = ContactFactory(workspace=bob.workspace, owner=bob, archived_at=now)
    log(archived, None, now - HOUR, "email", "inbound")
    assert agenda_for(bob, now=now) == []


def test_a_limited_list_is_exactly_the_head_of_the_whole_list(bob, now):
    lived_in_day(bob, now)
    lived_in_day(bob, now)
    whole = [i.key for i in agenda_for(bob, now=now)]
    for k in (1, 3, 5, 8, 12):
        assert [i.key for i in agenda_for(bob, now=now, limit=k)][:k] == whole[:k]


def test_deferred_items_are_built_only_when_they_make_the_list(bob, now):
    from followthrough.agenda.due import Deferred

    built = []

    def item(n):
        built.append(n)
        return AgendaItem(
            key=f"test:{n}",
            kind="test",
            urgency=Urgency.LATER,
            at=now + n * HOUR,
            title=f"Item {n}",
            why="A test item.",
            contact_code="c1",
            contact_name="Dana",
            actions=(),
        )

    def many(ctx):
        return [
            Deferred(Urgency.LATER, now + n * HOUR, f"test:{n}", partial(item, n))
            for n in reversed(range(30))
        ]

    register_provider("test_many", many)
    try:
        head = agenda_for(bob, now=now, limit=3)
        assert [i.title for i in head] == ["Item 0", "Item 1", "Item 2"]
        assert sorted(built) == [0, 1, 2]
        assert len(agenda_for(bob, now=now)) == 30
    finally:
        PROVIDERS.pop("test_many")


def test_a_deferred_item_built_as_another_is_refused(bob, now):
    import pytest

    from followthrough.agenda.due import Deferred

    def liar(ctx):
        def build():
            return AgendaItem(
                key="test:other",
                kind="test",
                urgency=Urgency.BROKEN,
                at=now,
                title="Not what was promised",
                why="",
                contact_code="c1",
                contact_name="Dana",
                actions=(),
            )

        return [Deferred(Urgency.LATER, now, "test:one", build)]

    register_provider("test_liar", liar)
    try:
        with pytest.raises(ValueError, match="test:one was built as test:other"):
            agenda_for(bob, now=now)
    finally:
        PROVIDERS.pop("test_liar")


def test_the_whole_list_is_one_query(bob, now, django_assert_num_queries):
    lived_in_day(bob, now)
    lived_in_day(bob, now)
    with django_assert_num_queries(1):
        items = agenda_for(bob, now=now)
    assert len(items) == 16
    with django_assert_num_queries(1):
        assert [i.key for i in agenda_for(bob, now=now, limit=3)] == [i.key for i in items[:3]]


def test_a_snoozed_item_is_left_out_by_the_query_and_back_when_the_snooze_ends(bob, now):
    day = lived_in_day(bob, now)
    key = f"promise:{day.broken.code}"
    assert agenda_for(bob, now=now)[0].key == key
    agenda_snooze(member=bob, key=key, until=now + HOUR, now=now)
    assert key not in [i.key for i in agenda_for(bob, now=now)]
    assert key not in [i.key for i in agenda_for(bob, now=now, limit=1)]
    assert agenda_for(bob, now=now + 2 * HOUR)[0].key == key


def test_only_names_the_kinds_wanted(bob, now):
    lived_in_day(bob, now)
    assert {i.kind for i in agenda_for(bob, now=now, only={"no_shows"})} == {"no_show"}
    assert {i.kind for i in agenda_for(bob, now=now, only={"replies"})} == {
        "reply_owed",
        "callback",
    }


@pytest.mark.slow
@pytest.mark.django_db
def test_every_item_stands_where_the_query_placed_it(now):
    """The database orders the list (tier, time, key) from each placement's SQL; each item is
    then worded in Python. For every member of the demo business — promises, replies,
    no-shows, bad news, choices, invoices, touches, chasers — both must agree."""
    from followthrough.agenda.due import AgendaContext, default_until, places, timed_providers
    from followthrough.demo.loader import load_demo

    workspace = load_demo(now=now).workspace
    kinds = set()
    for member in Member.objects.filter(workspace=workspace):
        ctx = AgendaContext(member=member, now=now, until=default_until(member, now))
        placed = places(ctx, limit=1000)
        items = agenda_for(member, now=now)
        assert [p.sort_key for p in placed] == [i.sort_key for i in items]
        assert items == sorted(items, key=lambda i: i.sort_key)
        # A placement says whether its items carry a due time (the calendar reads only those).
        timed = timed_providers()
        assert [p.provider in timed for p in placed] == [i.due_at is not None for i in items]
        kinds |= {i.kind for i in items}
        # An order stands once per kind of item: its choices (or its news) are one item.
        orders = [(i.kind, i.extra["order"]) for i in items if "order" in i.extra]
        assert len(orders) == len(set(orders)), orders
    assert {"promise_broken", "reply_owed", "bad_news", "invoice_chaser", "touch_due"} <= kinds


def test_on_postgresql_the_list_is_one_prepared_statement_with_a_generic_plan(bob, now):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    lived_in_day(bob, now)
    first = [i.key for i in agenda_for(bob, now=now)]
    assert [i.key for i in agenda_for(bob, now=now)] == first
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements"
            " WHERE statement LIKE 'WITH head AS%%'"
        )
        assert cursor.fetchall() == [(2, 0)]


def test_what_people_typed_comes_back_exactly_through_the_query(bob, now):
    """Items are read as JSON from the database: quotes, backslashes, line breaks, accents and
    emoji in names, subjects and promises must come back as typed, on both databases."""
    from tests.agenda.helpers import log

    odd = 'Quote "this", C:\\path\\n, tab\there\nnext line — «ça» 🚲 \\u0041 </li>'
    contact = ContactFactory.create(
        workspace=bob.workspace, owner=bob, first_name="Zoë 🚲", last_name='O"Brien\\'
    )
    made = promise(bob, contact, now=now, due_in=HOUR, what=odd)
    asked = log(contact, None, now - HOUR, "email", "inbound", subject=odd)
    made.refresh_from_db()
    asked.refresh_from_db()
    assert "\\" in made.what  # stored as typed, but for its spaces
    assert '"' in asked.subject
    assert "🚲" in asked.subject
    items = {i.kind: i for i in agenda_for(bob, now=now)}
    assert items["promise_due"].title == made.what
    assert items["promise_due"].contact_name == 'Zoë 🚲 O"Brien\\'
    assert f"“{asked.subject}”" in items["reply_owed"].why


def test_the_head_of_the_list_counts_the_whole_list_in_its_one_query(bob, now, frozen):
    lived_in_day(bob, now)
    whole = agenda_for(bob, now=now)
    with CaptureQueriesContext(connection) as queries:
        head = agenda_for(bob, now=now, limit=3)
    assert len(queries.captured_queries) == 1
    assert [i.key for i in head] == [i.key for i in whole[:3]]
    assert head.total == whole.total == len(whole) == 8
    agenda_snooze(member=bob, key=whole[0].key, until=now + HOUR, now=now)
    assert agenda_for(bob, now=now, limit=3).total == 7  # a snoozed item is not counted
