from __future__ import annotations

from pathlib import Path

import pytest

from tests.mail.servers import dovecot, smtp_sink  # noqa: F401 - real servers

FILES = Path(__file__).parent / "files"


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    """Attachments go to a fresh data folder per test."""
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR
