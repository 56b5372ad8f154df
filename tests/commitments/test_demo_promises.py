"""The demo business shows a lived-in Today for each rep."""

import pytest

from followthrough.agenda.due import agenda_for
from followthrough.commitments.models import Commitment, State
from followthrough.commitments.selectors import standing_of
from followthrough.demo.loader import load_demo
from followthrough.workspaces.models import Member, Role


@pytest.mark.slow
def test_each_demo_rep_has_kept_broken_and_open_promises_and_a_lived_in_today(db, now):
    workspace = load_demo(now=now).workspace
    reps = list(Member.objects.filter(workspace=workspace, role=Role.REP))
    assert reps
    for rep in reps:
        states = set(Commitment.objects.filter(owner=rep).values_list("state", flat=True))
        assert {State.KEPT, State.BROKEN, State.OPEN, State.RENEGOTIATED} <= states
        kinds = {i.kind for i in agenda_for(rep, now=now)}
        assert {"promise_broken", "promise_due", "theirs_slipped"} <= kinds, rep
        standing = standing_of(rep, now=now)
        assert 0 < standing.score < 100
        assert standing.kept_rate_30 is not None
