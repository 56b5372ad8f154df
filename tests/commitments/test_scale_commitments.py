"""The scale set's promise ledger holds what the services would have written."""

from datetime import UTC, datetime

import pytest
from bench.scale_load import load_scale, resolve_sizes
from django.db.models import Q

from followthrough.commitments.models import Commitment, Credibility, Side, State
from followthrough.commitments.services import commitments_sweep, credibility_refresh

pytestmark = pytest.mark.django_db(transaction=True)

NOW = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)


def test_the_generated_ledger_is_consistent_with_the_services():
    sizes = resolve_sizes({"members": 3, "contacts": 60, "interactions": 200})
    assert sizes["commitments"] == 120
    load_scale(sizes=sizes, seed=5, now=NOW, out=lambda line: None)
    assert Commitment.objects.count() == 120
    needs = Q(state=State.OPEN) | Q(state=State.BROKEN, settled_at__isnull=True)
    assert not Commitment.objects.filter(needs, attention_at__isnull=True).exists()
    assert not Commitment.objects.exclude(needs).filter(attention_at__isnull=False).exists()
    assert not Commitment.objects.exclude(state=State.OPEN).filter(closed_at__isnull=True).exists()
    for row in Credibility.objects.select_related("member"):
        stored = row.score
        assert credibility_refresh(member=row.member).score == pytest.approx(stored)
    backlog = Commitment.objects.filter(state=State.OPEN, due_at__lt=NOW).count()
    assert commitments_sweep(now=NOW).broken == backlog
    assert Commitment.objects.filter(side=Side.THEIRS).exists()
