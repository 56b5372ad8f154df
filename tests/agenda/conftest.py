from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
import time_machine


@pytest.fixture
def frozen(now: datetime) -> Iterator[datetime]:
    """Views and API routes read the clock at the edge: pin it to `now`."""
    with time_machine.travel(now, tick=False):
        yield now
