"""The base model every domain row builds on. No domain models live here."""

from __future__ import annotations

from django.db import models

from followthrough.core.codes import new_code


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class CodedModel(TimestampedModel):
    """A row with a public code: what URLs, the API and exports use to name it."""

    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)

    class Meta:
        abstract = True
