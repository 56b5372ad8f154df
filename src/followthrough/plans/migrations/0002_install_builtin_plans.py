"""Give every existing workspace the built-in plans (new workspaces get them when created)."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def install(apps: Any, schema_editor: Any) -> None:
    from followthrough.plans.defaults import BUILTIN

    Workspace = apps.get_model("workspaces", "Workspace")
    Plan = apps.get_model("plans", "Plan")
    Touch = apps.get_model("plans", "Touch")
    PlanSettings = apps.get_model("plans", "PlanSettings")
    for workspace in Workspace.objects.all():
        PlanSettings.objects.get_or_create(workspace=workspace)
        have = set(Plan.objects.filter(workspace=workspace, builtin=True).values_list("kind", flat=True))
        for spec in BUILTIN:
            if spec.kind in have:
                continue
            plan = Plan.objects.create(
                workspace=workspace, kind=spec.kind, name=spec.name, description=spec.description,
                anchor=spec.anchor, builtin=True, ideal_days=spec.ideal_days, max_days=spec.max_days,
            )  # fmt: skip
            for n, t in enumerate(spec.touches, start=1):
                Touch.objects.create(
                    workspace=workspace, plan=plan, position=n, offset_days=t.offset_days,
                    on_date=t.on_date, channel=t.channel, kind=t.kind, title=t.title,
                    subject=t.subject, body=t.body, guidance=t.guidance, policy_tags=t.tags,
                )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
