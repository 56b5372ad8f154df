"""Lost customers with their reasons: some ours, each of those with a corrective action."""

from __future__ import annotations

from datetime import timedelta

from followthrough.commitments.services import commitment_keep
from followthrough.demo.context import DemoContext
from followthrough.lost.models import LostReason
from followthrough.lost.services import Corrective, LossData, contact_mark_lost, reasons_ensure

# The demo's reason categories (texts.LOST_REASONS) in the built-in taxonomy.
KEYS = {
    "Price": "price",
    "Chose a competitor": "competitor",
    "Decided to do nothing": "do_nothing",
    "Did not need it": "no_need",
    "We did not do what we promised": "broken_promise",
    "Our staff failed to perform": "staff_failed",
    "Misunderstood what they bought": "misunderstood",
}
FIXES = {
    "broken_promise": "Quote service turnaround from the workshop's real queue",
    "staff_failed": "Call back every warranty claim within a day",
    "misunderstood": "Show real-world range on every e-bike quote",
}


def add_lost(ctx: DemoContext) -> None:
    rng = ctx.rng("lost")
    reasons_ensure(ctx.manager.workspace)
    by_key = {r.key: r for r in LostReason.objects.filter(workspace_id=ctx.workspace_id)}
    for profile in ctx.profiles:
        if profile.lost_at is None:
            continue
        category, _, verbatim = profile.lost_reason.partition(": ")
        key = KEYS.get(category, "other")
        heard = rng.random() < 0.6  # the exit conversation found out in their words
        corrective = None
        if by_key[key].ours:
            corrective = Corrective(
                what=FIXES[key], owner=ctx.manager, due_at=profile.lost_at + timedelta(days=14)
            )
        loss = contact_mark_lost(
            contact=profile.contact,
            data=LossData(
                reason=by_key[key],
                verbatim=verbatim if heard else "",
                competitor="Ridgeway Cycles" if key == "competitor" else "",
                corrective=corrective,
            ),
            actor=profile.owner,
            now=profile.lost_at,
        )
        done_at = profile.lost_at + timedelta(days=rng.randint(3, 12))
        if loss.corrective is not None and done_at < ctx.now and rng.random() < 0.7:
            commitment_keep(commitment=loss.corrective, actor=ctx.manager, now=done_at)
