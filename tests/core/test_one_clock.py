"""One clock everywhere: every time a member sees is in their zone, never in UTC.

A member in Pacific/Auckland (UTC+13 in December) and one in America/Los_Angeles (UTC-8) each
own a contact with a message, a promise, an order that slipped (with a note on the customer's
page), a draft, a plan and a lost customer, all at fixed instants whose minutes are unique
(:11, :13, :17, …). Each page, API answer, CLI output and calendar event is then read for
clock times with those minutes: each must be that instant's wall-clock time in the member's
zone. Whole-hour offsets make the UTC reading of the same instant differ in its hour, so a
page that leaked UTC fails.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from io import StringIO
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from followthrough.commitments.services import commitment_create
from followthrough.composer.services import draft_create
from followthrough.orders.services import (
    EventData,
    LineData,
    OrderData,
    order_create,
    order_public_link,
    order_record_event,
)
from followthrough.plans.models import Plan
from followthrough.plans.services import enrollment_start, plans_install_defaults
from followthrough.workspaces.models import Member, Role
from tests.conftest import api_client_for
from tests.factories import (
    ContactFactory,
    InteractionFactory,
    MemberFactory,
    UserFactory,
    WorkspaceFactory,
    mark_lost,
)

pytestmark = pytest.mark.django_db

# Thursday 3 December 2026, 23:59 UTC: Friday 12:59 in Auckland, Thursday 15:59 in Los Angeles.
NOW = datetime(2026, 12, 3, 23, 59, tzinfo=UTC)
AT = {
    "message": datetime(2026, 12, 3, 20, 13, tzinfo=UTC),
    "made": datetime(2026, 12, 3, 22, 11, tzinfo=UTC),
    "due": datetime(2026, 12, 4, 1, 17, tzinfo=UTC),  # later today, in both zones
    "placed": datetime(2026, 12, 1, 19, 29, tzinfo=UTC),
    "delayed": datetime(2026, 12, 3, 21, 31, tzinfo=UTC),
    "note": datetime(2026, 12, 3, 21, 47, tzinfo=UTC),
    "lost": datetime(2026, 12, 2, 10, 53, tzinfo=UTC),
}
ZONES = ["Pacific/Auckland", "America/Los_Angeles"]
CLOCK = re.compile(r"(?<![\d:])(\d{1,2}):(\d{2})(?![\d:])")
ISO = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?")


def local(when: datetime, tz: str) -> str:
    return f"{when.astimezone(ZoneInfo(tz)):%H:%M}"


def offset(tz: str) -> str:
    text = f"{NOW.astimezone(ZoneInfo(tz)):%z}"
    return f"{text[:3]}:{text[3:]}"


def visible(html: str) -> str:
    html = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", html)
    return re.sub(r"<[^>]+>", " ", html)


def instants() -> list[datetime]:
    """Our instants, and those the app derived from them (a slip's tell-by time)."""
    from followthrough.orders.models import Problem

    return [*AT.values(), *Problem.objects.values_list("tell_by", flat=True)]


def assert_clocks_local(text: str, tz: str, where: str) -> int:
    """Every clock time with the minute of one of our instants is the local time of one of
    them; returns how many were checked."""
    by_minute: dict[int, list[datetime]] = {}
    for when in instants():
        by_minute.setdefault(when.minute, []).append(when)
    checked = 0
    for m in CLOCK.finditer(text):
        whens = by_minute.get(int(m.group(2)))
        if not whens:
            continue
        shown = f"{int(m.group(1)):02d}:{m.group(2)}"
        assert shown in {local(w, tz) for w in whens}, (
            f"{where}: {m.group()} is none of {[local(w, tz) for w in whens]} in {tz} "
            f"(in UTC: {[f'{w:%H:%M}' for w in whens]}): "
            f"…{text[max(0, m.start() - 80) : m.end() + 40]}…"
        )
        checked += 1
    return checked


def assert_isos_local(text: str, tz: str, where: str) -> int:
    checked = 0
    for m in ISO.finditer(text):
        if m.group(1) is None:  # a date-time without a zone is no instant: not ours to check
            continue
        assert m.group(1) == offset(tz), f"{where}: {m.group()} is not in {tz} ({offset(tz)})"
        checked += 1
    return checked


@pytest.fixture(params=ZONES)
def world(request: pytest.FixtureRequest) -> Iterator[dict[str, Any]]:
    tz = request.param
    workspace = WorkspaceFactory.create(name="Kiwi Kites")
    manager = MemberFactory.create(
        workspace=workspace,
        user=UserFactory.create(email="mgr@kites.test"),
        display_name="Mere",
        role=Role.MANAGER,
        timezone=tz,
    )
    rep = MemberFactory.create(
        workspace=workspace,
        user=UserFactory.create(email="rep@kites.test"),
        display_name="Rangi",
        role=Role.REP,
        timezone=tz,
        work_start=time(9, 0),
        work_end=time(17, 0),
    )
    contact = ContactFactory.create(
        workspace=workspace, first_name="Dana", last_name="Reyes", owner=rep, email="d@c.test"
    )
    message = InteractionFactory.create(
        contact=contact, member=rep, occurred_at=AT["message"], subject="Where is my kite?"
    )
    promise = commitment_create(
        owner=rep,
        contact=contact,
        what="call back with the new date",
        due_at=AT["due"],
        now=AT["made"],
        due_text="by the weekend",
    )
    order = order_create(
        workspace=workspace,
        data=OrderData(
            number="#2001",
            contact=contact,
            lines=(LineData("Stunt kite", 1, "KIT-1"),),
            placed_at=AT["placed"],
            promised_date=date(2026, 12, 4),
        ),
        actor=rep,
        now=AT["placed"],
    )
    for kind, extra in (
        ("delayed", {"expected_date": date(2026, 12, 9), "reason": "Supplier late"}),
        ("note", {"note": "Sorry: the kites come from a new supplier."}),
    ):
        order_record_event(
            order=order,
            data=EventData(kind=kind, at=AT[kind], **extra),
            actor=rep,
            now=AT[kind],
        )
    order = order_public_link(order=order, enabled=True)
    draft = draft_create(
        author=rep, contact=contact, now=AT["made"], body="Hi Dana, I'll call you by Friday."
    )
    plans_install_defaults(workspace)
    plan = Plan.objects.filter(workspace=workspace).order_by("pk").first()
    assert plan is not None
    other = ContactFactory.create(workspace=workspace, first_name="Lou", owner=rep, email="l@c.t")
    enrollment_start(contact=other, plan=plan, now=AT["made"])
    gone = ContactFactory.create(workspace=workspace, first_name="Gus", owner=rep, email="g@c.t")
    loss = mark_lost(gone, actor=rep, now=AT["lost"], said="Too dear.")
    client = Client()
    client.force_login(rep.user)
    with time_machine.travel(NOW, tick=False):
        yield {
            "tz": tz,
            "rep": rep,
            "manager": manager,
            "client": client,
            "contact": contact,
            "message": message,
            "promise": promise,
            "order": order,
            "draft": draft,
            "plan": plan,
            "loss": loss,
        }


def pages(w: dict[str, Any]) -> dict[str, str]:
    return {
        "Today": "/",
        "contacts": "/contacts/",
        "contact": f"/contacts/{w['contact'].code}/",
        "promises": "/promises/",
        "promise": f"/promises/{w['promise'].code}/",
        "orders": "/orders/",
        "order": f"/orders/{w['order'].code}/",
        "composer": "/composer/",
        "draft": f"/composer/{w['draft'].code}/",
        "plans": "/plans/",
        "plan": f"/plans/{w['plan'].code}/",
        "lost": "/lost/",
        "loss": f"/lost/{w['loss'].code}/",
        "profile": "/me/",
    }


MANAGER_PAGES = {"team": "/team/", "reports": "/reports/", "held": "/composer/held/"}


# What each page must show, in the member's wall-clock time.
MUST_SHOW = {
    "Today": ["due"],
    "contact": ["due"],
    "promises": ["due"],
    "promise": ["due", "made"],
    "order": ["delayed", "note"],
}


def test_every_page_shows_times_in_the_members_zone(world):
    tz, client = world["tz"], world["client"]
    checked = 0
    for name, url in pages(world).items():
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        html = response.content.decode()
        text = visible(html)
        checked += assert_clocks_local(text, tz, name)
        checked += assert_isos_local(html, tz, name)
        for key in MUST_SHOW.get(name, []):
            assert local(AT[key], tz) in text, f"{name} does not show {key} at {local(AT[key], tz)}"
    assert checked >= 10
    manager = Client()
    manager.force_login(world["manager"].user)
    for name, url in MANAGER_PAGES.items():
        response = manager.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        assert_clocks_local(visible(response.content.decode()), tz, name)
        assert_isos_local(response.content.decode(), tz, name)


def test_the_public_order_page_shows_the_reps_zone_and_names_it(world):
    tz = world["tz"]
    html = Client().get(f"/o/{world['order'].public_token}/").content.decode()
    text = visible(html)
    assert_clocks_local(text, tz, "public order page")
    assert_isos_local(html, tz, "public order page")
    assert local(AT["note"], tz) in text
    assert local(AT["delayed"], tz) in text
    assert tz.replace("_", " ") in text  # the zone is named


def test_the_public_page_keeps_the_business_zone_for_a_member_of_another_zone(world):
    elsewhere = MemberFactory.create(
        workspace=world["rep"].workspace,
        user=UserFactory.create(email="berlin@kites.test"),
        display_name="Bea",
        timezone="Europe/Berlin",
    )
    client = Client()
    client.force_login(elsewhere.user)
    text = visible(client.get(f"/o/{world['order'].public_token}/").content.decode())
    assert_clocks_local(text, world["tz"], "public order page seen from Berlin")


def api_docs(w: dict[str, Any]) -> dict[str, str]:
    return {
        "agenda": "/api/agenda",
        "promises": "/api/commitments",
        "promise": f"/api/commitments/{w['promise'].code}",
        "promise events": f"/api/commitments/{w['promise'].code}/events",
        "contact": f"/api/contacts/{w['contact'].code}",
        "interactions": f"/api/contacts/{w['contact'].code}/interactions",
        "orders": "/api/orders",
        "order": f"/api/orders/{w['order'].number.lstrip('#')}",
        "order events": f"/api/orders/{w['order'].number.lstrip('#')}/events",
        "drafts": "/api/drafts",
        "draft": f"/api/drafts/{w['draft'].code}",
        "plans due": "/api/plans/due",
        "losses": "/api/lost",
        "loss": f"/api/lost/{w['loss'].code}",
    }


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, str):
        yield value


def test_every_api_answer_writes_times_with_the_members_offset(world):
    tz = world["tz"]
    api = api_client_for(world["rep"])
    instants = 0
    for name, url in api_docs(world).items():
        response = api.get(url)
        assert response.status_code == 200, (name, url, response.content[:300])
        for s in _strings(response.json()):
            if ISO.fullmatch(s):
                assert s.endswith(offset(tz)), f"{name}: {s} is not in {tz}"
                instants += 1
    assert instants >= 10
    due = api.get(f"/api/commitments/{world['promise'].code}").json()["due_at"]
    assert datetime.fromisoformat(due) == AT["due"]
    assert due.startswith(AT["due"].astimezone(ZoneInfo(tz)).strftime("%Y-%m-%dT%H:%M"))


def test_the_cli_writes_times_in_the_members_zone(world):
    tz = world["tz"]
    out = StringIO()
    call_command("agenda", "--member", "rep@kites.test", "--now", NOW.isoformat(), stdout=out)
    assert local(AT["due"], tz) in out.getvalue()
    assert_clocks_local(out.getvalue(), tz, "followthrough agenda")
    out = StringIO()
    call_command(
        "agenda", "--member", "rep@kites.test", "--now", NOW.isoformat(), "--json", stdout=out
    )
    items = json.loads(out.getvalue())
    assert items
    for s in _strings(items):
        if ISO.fullmatch(s):
            assert s.endswith(offset(tz)), f"agenda --json: {s} is not in {tz}"
    out = StringIO()
    call_command(
        "promise_add",
        "send the kite catalogue",
        "--contact",
        "d@c.test",
        "--member",
        "rep@kites.test",
        "--due",
        "tomorrow 3pm",
        stdout=out,
    )
    assert "15:00" in out.getvalue()


def test_check_message_writes_the_due_time_in_the_given_zone(world, tmp_path: Path):
    tz = world["tz"]
    draft = tmp_path / "draft.txt"
    draft.write_text("Hi Dana, I'll call you back tomorrow at 3pm.")
    out = StringIO()
    call_command("check_message", str(draft), "--tz", tz, stdout=out)  # a promise: no block
    text = out.getvalue()
    assert f"T15:00:00{offset(tz)}" in text, text
    out = StringIO()
    call_command("check_message", str(draft), "--tz", tz, "--json", stdout=out)
    dues = [f["promise"]["due"] for f in json.loads(out.getvalue())["findings"] if f["promise"]]
    assert dues
    assert all(d.endswith(f"T15:00:00{offset(tz)}") for d in dues), dues


def test_the_calendar_feed_names_the_members_zone(world):
    tz = world["tz"]
    rep: Member = world["rep"]
    body = Client().get(f"/calendar/{rep.calendar_token}.ics").content.decode()
    wall = AT["due"].astimezone(ZoneInfo(tz))
    assert f"DTEND;TZID={tz}:{wall:%Y%m%dT%H%M%S}" in body
    assert f"BEGIN:VTIMEZONE\r\nTZID:{tz}" in body
    stamps = [line for line in body.splitlines() if re.search(r"\d{8}T\d{6}Z", line)]
    assert all(line.startswith("DTSTAMP") for line in stamps), stamps  # only DTSTAMP is UTC


def test_templates_write_times_only_through_the_when_filters():
    """One formatter: `|date`, `|time` and `|timezone` would skip the viewer's zone rules."""
    root = Path(__file__).resolve().parents[2] / "src" / "followthrough"
    offenders = [
        f"{path.relative_to(root)}: {m.group()}"
        for path in root.rglob("*.html")
        for m in re.finditer(r"\|\s*(?:date|time|timezone|localtime|utc)\b[^}]*", path.read_text())
    ]
    assert offenders == []
