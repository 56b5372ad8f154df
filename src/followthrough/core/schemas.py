"""Base shapes for API input."""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import field_validator


class InSchema(Schema):
    """API input: text never carries NUL characters (PostgreSQL refuses them)."""

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("must not contain NUL characters")
        return value
