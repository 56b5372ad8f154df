"""The demo shows plans at work: touches due, a greeting due today, a chaser with tries left,
and a stay-in-touch list with more than one colour."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from followthrough.agenda.due import agenda_for
from followthrough.demo.loader import DemoSignIn, load_demo, remove_demo
from followthrough.plans.selectors import stay_rows
from followthrough.workspaces.models import Member, Role

NOW = datetime(2026, 11, 24, 14, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[DemoSignIn]:
    with django_db_blocker.unblock():
        sign_in = load_demo(now=NOW)
        yield sign_in
        remove_demo()


@pytest.mark.django_db
def test_every_demo_rep_has_plan_work_on_today(demo: DemoSignIn) -> None:
    for rep in Member.objects.filter(workspace=demo.workspace, role=Role.REP):
        kinds = [i.kind for i in agenda_for(rep, now=NOW, horizon=None)]
        assert "touch_due" in kinds, rep
        items = [i for i in agenda_for(rep, now=NOW) if i.kind == "chaser"]
        assert items, rep
        assert all("tries_left" in i.extra for i in items), rep


@pytest.mark.django_db
def test_the_demo_has_a_birthday_greeting_due_and_colours_on_stay_in_touch(
    demo: DemoSignIn,
) -> None:
    rep = Member.objects.filter(workspace=demo.workspace, role=Role.REP).order_by("id").first()
    assert rep is not None
    titles = [i.title for i in agenda_for(rep, now=NOW)]
    assert any(t.startswith("Birthday greeting") for t in titles)
    colours = {r.colour for r in stay_rows(rep, now=NOW, everyone=True)}
    assert len(colours) >= 2
