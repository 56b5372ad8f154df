"""Errors the API answers with their own status (the shape is `core.schemas.ErrorOut`)."""

from __future__ import annotations


class ConflictError(Exception):
    """409: another request changed the same data at the same moment; retrying is safe."""

    DEFAULT = "Another request changed this data at the same time; retry."

    def __init__(self, message: str = DEFAULT) -> None:
        super().__init__(message)
