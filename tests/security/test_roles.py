"""A rep reaches what the rule in workspaces/access.py gives a rep, through every URL and every
API operation: their own promises, standing and agenda, the workspace's contacts — never a
colleague's scores, the bulk export, the team reports or the team's settings.

The walkers reuse the isolation walk's machinery, so a new page or endpoint is walked the day
it is added. A new manager-only page must be named in MANAGER_ONLY below.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from followthrough.api import api
from followthrough.commitments.models import Credibility
from followthrough.commitments.services import commitment_create
from followthrough.contacts.models import Contact
from followthrough.lost.models import LostReason
from followthrough.workspaces.models import Member, Role, Workspace
from tests.conftest import api_client_for, client_for
from tests.factories import ContactFactory, MemberFactory, UserFactory
from tests.security.test_isolation import (
    PUBLIC_PREFIXES,
    _codes,
    _fill,
    _fingerprint,
    _order_numbers,
    _pks,
    _routes,
    alices_world,  # noqa: F401  (a fixture)
)

# Pages only a manager opens; a rep gets 404 (405 only for a method the page never takes).
MANAGER_ONLY = {
    "reports/",
    "contacts/export.csv",
    "team/",
    "team/add/",
    "team/settings/",
    "team/<str:code>/",
    "team/<str:code>/toggle/",
    "composer/held/",
    "lost/reasons/",
    "lost/reasons/<int:pk>/retire/",
}
# API operations only a manager calls.
MANAGER_ONLY_API = {("post", "/api/lost/reasons")}

# A colleague's all-time counts, odd enough that they appear only where their standing does.
ERIN_KEPT, ERIN_BROKEN = 47113, 13579
ALICE_KEPT, ALICE_BROKEN = 24683, 97531
MARKERS = [str(n) for n in (ERIN_KEPT, ERIN_BROKEN, ALICE_KEPT, ALICE_BROKEN)]
ERINS_PROMISE = "send Fay the winter catalogue"


@pytest.fixture
def erin(alice: Member) -> Member:
    return MemberFactory.create(
        workspace=alice.workspace,
        user=UserFactory.create(email="erin@example.com"),
        display_name="Erin",
        role=Role.REP,
    )


@pytest.fixture
def fay(erin: Member) -> Contact:
    return ContactFactory.create(
        workspace=erin.workspace, first_name="Fay", last_name="Okafor", owner=erin
    )


@pytest.fixture
def team_world(
    alices_world: Workspace,  # noqa: F811  (the fixture imported above)
    alice: Member,
    erin: Member,
    fay: Contact,
    now: Any,
) -> Workspace:
    """Alice (manager) and Erin (rep) each have a standing and a ledger Bob must not read."""
    commitment_create(
        owner=erin,
        contact=fay,
        what=ERINS_PROMISE,
        due_at=now.replace(year=now.year + 1),
        now=now,
        actor=erin,
    )
    Credibility.objects.update_or_create(
        member=erin, defaults={"score": 13.0, "kept": ERIN_KEPT, "broken": ERIN_BROKEN}
    )
    Credibility.objects.update_or_create(
        member=alice, defaults={"score": 61.0, "kept": ALICE_KEPT, "broken": ALICE_BROKEN}
    )
    return alices_world


def _body(response: Any) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode(errors="replace")


def _no_colleague_scores(text: str, where: str) -> None:
    for marker in MARKERS:
        assert not re.search(rf"(?<![\w.]){marker}(?![\w.])", text), (where, marker)


def _scored_members(value: Any) -> set[str]:
    """Members whose scores a JSON answer carries: any object with a rate or a credibility."""
    found: set[str] = set()
    if isinstance(value, dict):
        if {"credibility", "windows", "kept_rate_30d"} & value.keys() and "member" in value:
            found.add(str(value["member"]))
        for v in value.values():
            found |= _scored_members(v)
    elif isinstance(value, list):
        for v in value:
            found |= _scored_members(v)
    return found


def _values(workspace: Workspace) -> dict[str, list[str]]:
    return {"code": _codes(workspace), "pk": _pks(workspace), "token": ["not-a-token"]}


@pytest.mark.django_db
def test_every_manager_only_page_refuses_a_rep_and_opens_for_a_manager(
    team_world: Workspace, alice: Member, bob: Member
) -> None:
    routes = _routes()
    assert set(routes) >= MANAGER_ONLY, MANAGER_ONLY - set(routes)
    values = _values(team_world)
    before = _fingerprint(team_world)
    rep, manager = client_for(bob), client_for(alice)
    for route in sorted(MANAGER_ONLY):
        urls = _fill(route, values)
        for url in urls:
            got, posted = rep.get("/" + url), rep.post("/" + url)
            statuses = (got.status_code, posted.status_code)
            # Refused by role for the method it takes; 405 only for the method it doesn't.
            assert set(statuses) <= {403, 404, 405}, (url, statuses)
            assert set(statuses) & {403, 404}, (url, statuses)
            _no_colleague_scores(_body(got), url)
        opened = [manager.get("/" + url).status_code for url in urls]
        assert any(s not in (403, 404) for s in opened), (route, opened)
    assert _fingerprint(team_world) == before


@pytest.mark.django_db
def test_no_page_a_rep_opens_shows_a_colleagues_scores(
    team_world: Workspace, bob: Member, erin: Member, alice: Member
) -> None:
    rep = client_for(bob)
    values = _values(team_world)
    asks = ["", f"?member={erin.code}", f"?member={alice.code}", "?all=1"]
    walked = 0
    for route in _routes():
        if route.startswith(PUBLIC_PREFIXES) or route in MANAGER_ONLY:
            continue
        urls = _fill(route, values)
        for url in urls:
            for ask in asks if "<" not in route else [""]:
                response = rep.get("/" + url + ask)
                assert response.status_code in (200, 302, 404, 405), (url + ask, response)
                _no_colleague_scores(_body(response), url + ask)
                walked += 1
    assert walked > 50


@pytest.mark.django_db
def test_no_api_operation_gives_a_rep_a_colleagues_scores(
    team_world: Workspace, bob: Member, erin: Member, alice: Member
) -> None:
    rep = api_client_for(bob)
    spec = api.get_openapi_schema()
    codes = _codes(team_world) + _order_numbers(team_world)
    asks = ["", f"?member={erin.code}", f"?member={alice.code}"]
    walked = 0
    for path, operations in spec["paths"].items():
        if "get" not in operations:
            continue
        urls = [re.sub(r"\{\w+\}", c, path) for c in codes] if "{" in path else [path]
        for url in urls:
            for ask in asks if "{" not in path else [""]:
                response = rep.get(url + ask)
                assert response.status_code in (200, 404, 422), (url + ask, response.status_code)
                text = response.content.decode()
                _no_colleague_scores(text, url + ask)
                if response.status_code == 200:
                    assert _scored_members(json.loads(text)) <= {bob.code}, url + ask
                walked += 1
    assert walked > 50


@pytest.mark.django_db
def test_every_manager_only_api_operation_refuses_a_rep(
    team_world: Workspace, bob: Member, alice: Member
) -> None:
    spec = api.get_openapi_schema()
    operations = {(m, p) for p, ops in spec["paths"].items() for m in ops}
    assert operations >= MANAGER_ONLY_API
    for method, path in sorted(MANAGER_ONLY_API):
        body = json.dumps({"label": "Too slow to answer", "ours": True})
        response = getattr(api_client_for(bob), method)(
            path, data=body, content_type="application/json"
        )
        assert response.status_code in (403, 404), (path, response.status_code)
        assert not LostReason.objects.filter(label="Too slow to answer").exists()
        opened = getattr(api_client_for(alice), method)(
            path, data=body, content_type="application/json"
        )
        assert opened.status_code not in (403, 404), (path, opened.status_code)


@pytest.mark.django_db
def test_a_rep_lists_their_own_ledger_and_every_promise_on_a_contacts_record(
    team_world: Workspace, bob: Member, erin: Member, fay: Contact
) -> None:
    rep = api_client_for(bob)
    own = rep.get("/api/commitments").json()
    assert own["results"] == [] or {r["owner"] for r in own["results"]} == {bob.code}
    assert ERINS_PROMISE not in json.dumps(own)
    on_record = rep.get(f"/api/commitments?contact={fay.code}").json()
    assert [r["what"] for r in on_record["results"]] == [ERINS_PROMISE]
    assert rep.get(f"/api/commitments?member={erin.code}").status_code == 404
    assert rep.get(f"/api/commitments/credibility?member={erin.code}").status_code == 404
    assert rep.get("/api/commitments/credibility").json()["member"] == bob.code
    assert client_for(bob).get(f"/promises/?member={erin.code}").status_code == 404


@pytest.mark.django_db
def test_a_manager_reads_any_members_ledger_and_scores(
    team_world: Workspace, alice: Member, erin: Member
) -> None:
    manager = api_client_for(alice)
    ledger = manager.get(f"/api/commitments?member={erin.code}").json()
    assert [r["what"] for r in ledger["results"]] == [ERINS_PROMISE]
    standing = manager.get(f"/api/commitments/credibility?member={erin.code}").json()
    assert (standing["kept"], standing["broken"]) == (ERIN_KEPT, ERIN_BROKEN)
    page = _body(client_for(alice).get(f"/promises/?member={erin.code}"))
    assert str(ERIN_KEPT) in page
    assert ERINS_PROMISE in page
    everyone = manager.get("/api/orders/bad-news-first").json()
    assert len(everyone["members"]) >= 2


@pytest.mark.django_db
def test_the_navigation_offers_a_rep_no_reports_team_or_export(
    team_world: Workspace, bob: Member, alice: Member
) -> None:
    rep_page = _body(client_for(bob).get("/contacts/"))
    assert 'href="/reports/"' not in rep_page
    assert 'href="/team/"' not in rep_page
    assert "export.csv" not in rep_page
    manager_page = _body(client_for(alice).get("/contacts/"))
    assert 'href="/reports/"' in manager_page
    assert "export.csv" in manager_page
