"""The interactive session, driven headless: a private store, a fixed clock, the real deck."""

from datetime import datetime, timezone
from pathlib import Path

import pytest

from dltutor.store import open_store
from dltutor.tui import make_app

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def store(tmp_path):
    return open_store(Path(tmp_path) / "progress")


@pytest.fixture
def app(store):
    return make_app(store=store, now=lambda: NOW)
