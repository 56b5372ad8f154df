"""The demo business: loaded once, deterministic, believable, and useful on Today."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from followthrough.contacts.models import (
    CallOutcome,
    Contact,
    Direction,
    Interaction,
    Kind,
    MeetingOutcome,
    Stage,
    StageChange,
)
from followthrough.demo.loader import DemoSignIn, find_demo_workspace, load_demo, remove_demo
from followthrough.workspaces.models import Member, Role, Workspace
from tests.conftest import NOW

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[DemoSignIn]:
    """Loaded once for the module (it takes seconds), removed at the end."""
    with django_db_blocker.unblock():
        sign_in = load_demo(now=NOW)
        yield sign_in
        remove_demo()


def snapshot(workspace: Workspace) -> dict[str, list[tuple[Any, ...]]]:
    """Everything the demo decides, without database ids or random public codes."""
    members = Member.objects.filter(workspace=workspace).select_related("user")
    contacts = Contact.objects.filter(workspace=workspace).select_related(
        "owner__user", "referred_by", "company"
    )
    interactions = Interaction.objects.filter(workspace=workspace).select_related(
        "contact", "member__user"
    )
    changes = StageChange.objects.filter(workspace=workspace).select_related("contact")
    return {
        "members": sorted(
            (m.user.email, m.role, m.timezone, m.work_start, m.work_end, m.work_days, m.skills)
            for m in members
        ),
        "contacts": sorted(
            (
                c.first_name,
                c.last_name,
                c.email,
                c.phone,
                c.company.name if c.company else "",
                c.stage,
                c.owner.user.email if c.owner else "",
                c.referred_by.email if c.referred_by else "",
                c.referred_by_partner,
                c.birthday,
                c.customer_since,
                c.guidance,
                c.preferred_channel,
                c.do_not_contact,
                c.owed_reply_since,
            )
            for c in contacts
        ),
        "interactions": sorted(
            (
                i.contact.sort_key,
                i.occurred_at,
                i.kind,
                i.direction,
                i.subject,
                i.body,
                i.call_outcome,
                i.meeting_outcome,
                i.reply_owed,
                i.replied_at,
            )
            for i in interactions
        ),
        "stage_changes": sorted(
            (s.contact.sort_key, s.at, s.from_stage, s.to_stage, s.reason) for s in changes
        ),
    }


@pytest.mark.django_db
def test_demo_has_a_manager_and_four_reps_in_different_timezones_and_hours(
    demo: DemoSignIn,
) -> None:
    members = list(Member.objects.filter(workspace=demo.workspace))
    reps = [m for m in members if m.role == Role.REP]
    assert [m.user.email for m in members if m.role == Role.MANAGER] == [demo.manager_email]
    assert len(reps) == 4
    assert len({m.timezone for m in reps}) == 4
    assert len({(m.work_start, m.work_end, m.work_days) for m in reps}) >= 3
    assert all(m.skills for m in members)


@pytest.mark.django_db
def test_demo_contacts_span_every_stage_with_their_history(demo: DemoSignIn) -> None:
    contacts = Contact.objects.filter(workspace=demo.workspace)
    assert 280 <= contacts.count() <= 320
    by_stage = {s: contacts.filter(stage=s).count() for s in Stage.values}
    assert by_stage[Stage.PROSPECT] > 100
    assert by_stage[Stage.CUSTOMER] > 100
    assert 10 <= by_stage[Stage.LOST] <= 50
    assert not contacts.filter(stage=Stage.CUSTOMER, customer_since__isnull=True).exists()
    lost_changes = StageChange.objects.filter(contact__workspace=demo.workspace, to_stage="lost")
    assert lost_changes.count() == by_stage[Stage.LOST]
    assert not lost_changes.filter(reason="").exists()
    assert StageChange.objects.filter(
        contact__workspace=demo.workspace, from_stage=Stage.PROSPECT, to_stage=Stage.CUSTOMER
    ).exists()


@pytest.mark.django_db
def test_demo_contacts_have_companies_referrals_birthdays_and_preferences(
    demo: DemoSignIn,
) -> None:
    contacts = Contact.objects.filter(workspace=demo.workspace)
    assert contacts.filter(company__isnull=False).count() >= 30
    assert contacts.filter(referred_by__isnull=False).count() >= 10
    assert contacts.exclude(referred_by_partner="").count() >= 5
    assert contacts.filter(birthday__isnull=False).count() >= 100
    assert contacts.filter(guidance="coaching").exists()
    assert contacts.filter(guidance="low_touch").exists()
    assert 1 <= contacts.filter(do_not_contact=True).count() <= 10
    assert not contacts.filter(owner__isnull=True).exists()


@pytest.mark.django_db
def test_demo_timeline_covers_ninety_days_ending_now(demo: DemoSignIn) -> None:
    interactions = Interaction.objects.filter(workspace=demo.workspace)
    assert interactions.count() > 1500
    assert not interactions.filter(occurred_at__gt=NOW).exists()
    assert not interactions.filter(occurred_at__lt=NOW - timedelta(days=91)).exists()
    assert interactions.filter(occurred_at__gte=NOW - timedelta(days=1)).exists()
    for kind in (Kind.EMAIL, Kind.MESSAGE):
        assert interactions.filter(kind=kind, direction=Direction.INBOUND).exists()
        assert interactions.filter(kind=kind, direction=Direction.OUTBOUND).exists()
    for outcome in (CallOutcome.CONNECTED, CallOutcome.VOICEMAIL, CallOutcome.NO_ANSWER):
        assert interactions.filter(kind=Kind.CALL, call_outcome=outcome).exists()
    for meeting in (MeetingOutcome.HELD, MeetingOutcome.NO_SHOW, MeetingOutcome.CANCELLED):
        assert interactions.filter(kind=Kind.MEETING, meeting_outcome=meeting).exists()
    assert interactions.filter(kind=Kind.NOTE, direction=Direction.INTERNAL).exists()


@pytest.mark.django_db
def test_demo_members_act_within_their_working_hours(demo: DemoSignIn) -> None:
    outbound = Interaction.objects.filter(
        workspace=demo.workspace, direction=Direction.OUTBOUND
    ).select_related("member")
    for interaction in outbound:
        member = interaction.member
        assert member is not None
        local = interaction.occurred_at.astimezone(ZoneInfo(member.timezone))
        assert local.isoweekday() in member.weekdays, interaction
        assert member.work_start <= local.time() <= member.work_end, interaction


@pytest.mark.django_db
def test_every_demo_member_owes_replies_including_a_voicemail(demo: DemoSignIn) -> None:
    for member in Member.objects.filter(workspace=demo.workspace):
        owed = Contact.objects.filter(owner=member, owed_reply_since__isnull=False)
        assert owed.exists(), member
        assert not owed.filter(owed_reply_since__lt=NOW - timedelta(days=3)).exists(), member
    assert Interaction.objects.filter(
        workspace=demo.workspace,
        kind=Kind.CALL,
        direction=Direction.INBOUND,
        call_outcome=CallOutcome.VOICEMAIL,
        reply_owed=True,
    ).exists()


@pytest.mark.django_db
def test_demo_sign_in_works_for_the_manager_and_a_rep(demo: DemoSignIn) -> None:
    for email in (demo.manager_email, demo.rep_email):
        client = Client()
        response = client.post("/login/", {"email": email, "password": demo.password})
        assert response.status_code == 302, email
        assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_loading_the_demo_again_reuses_it_and_creates_nothing(demo: DemoSignIn) -> None:
    before = snapshot(demo.workspace)
    again = load_demo(now=NOW + timedelta(days=3))
    assert again.created is False
    assert again.workspace == demo.workspace
    assert Workspace.objects.filter(name=demo.workspace.name).count() == 1
    assert snapshot(demo.workspace) == before


@pytest.mark.django_db
def test_the_demo_is_the_same_every_time_it_is_loaded_at_the_same_moment(
    demo: DemoSignIn,
) -> None:
    before = snapshot(demo.workspace)
    assert remove_demo() is True
    assert find_demo_workspace() is None
    reloaded = load_demo(now=NOW)
    assert reloaded.created is True
    assert snapshot(reloaded.workspace) == before


@pytest.mark.django_db
def test_removing_the_demo_leaves_other_workspaces_alone(
    demo: DemoSignIn, alice: Member, contact: Contact
) -> None:
    assert remove_demo() is True
    assert not Workspace.objects.filter(pk=demo.workspace.pk).exists()
    assert not Member.objects.filter(user__email=demo.manager_email).exists()
    assert Contact.objects.filter(pk=contact.pk).exists()
    assert Member.objects.filter(pk=alice.pk).exists()
