"""Idempotent creation that holds under concurrency.

A webhook retried while the first delivery is still running must get the same answer as a
retry after it: the first request creates the row, every duplicate gets the existing one. A
look-up before the insert is not enough (both racers find nothing), so the insert runs in a
savepoint and a unique-constraint failure means "someone else just created it": look again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from followthrough.core.errors import ConflictError

T = TypeVar("T")


def create_once(
    find: Callable[[], T | None], create: Callable[[], T], *, attempts: int = 3
) -> tuple[T, bool]:
    """The existing row (`find`) or a new one (`create`), and whether this call created it.

    `create` runs in a savepoint; when it hits a unique constraint the savepoint is rolled
    back and `find` runs again, now seeing the row the other request committed. A conflict
    on some other unique row (say, the customer's contact created by the racing request)
    makes `create` run again, when its own look-ups find that row. A `ValidationError` from
    `create` (its own duplicate check) is raised only when `find` still finds nothing.
    Raises `ConflictError` (409) only when conflicts keep happening."""
    for _ in range(attempts):
        found = find()
        if found is not None:
            return found, False
        try:
            with transaction.atomic():
                return create(), True
        except IntegrityError:
            continue
        except ValidationError:
            # The service's own "already exists" check may have seen the racer's row: a
            # retry that follows the first delivery would have got that row, so this one does.
            if (found := find()) is not None:
                return found, False
            raise
    found = find()
    if found is not None:
        return found, False
    raise ConflictError()
