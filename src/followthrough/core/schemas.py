"""Base shapes for API input and the one error shape every API error answers with."""

from __future__ import annotations

import re
from typing import Any

from ninja import Field, Schema
from pydantic import field_validator

# A lone UTF-16 surrogate: JSON can carry one ("\udc00"), UTF-8 and PostgreSQL cannot.
_SURROGATE = re.compile("[\ud800-\udfff]")


def text_problem(value: Any) -> str:
    """Why this text (or list of texts) cannot be stored, or "" when it can."""
    if isinstance(value, str):
        if "\x00" in value:
            return "must not contain NUL characters"
        if _SURROGATE.search(value):
            return "must not contain lone UTF-16 surrogates (it is not valid Unicode text)"
        return ""
    if isinstance(value, list | tuple):
        return next((p for p in map(text_problem, value) if p), "")
    return ""  # an object is a nested InSchema: it checks its own fields, under their names


class InSchema(Schema):
    """API input: no text anywhere in it carries NUL characters or lone surrogates
    (PostgreSQL refuses the first, UTF-8 cannot encode the second); either is a 422 naming
    the field."""

    @field_validator("*", mode="before")
    @classmethod
    def _storable_text(cls, value: Any) -> Any:
        if problem := text_problem(value):
            raise ValueError(problem)
        return value


class ErrorOut(Schema):
    """Every API error: a sentence, and for invalid input what is wrong with each field."""

    error: str = Field(..., description="What went wrong, in a sentence.")
    fields: dict[str, list[str]] | None = Field(
        None,
        description="For 422: each invalid field (dotted path, `__all__` for the whole "
        "request) and what is wrong with it.",
    )
