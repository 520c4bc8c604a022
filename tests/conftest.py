"""Every test gets its own progress folder: no test ever touches the real home directory."""

import pytest


@pytest.fixture(autouse=True)
def private_home(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("DLTUTOR_HOME", str(tmp_path_factory.mktemp("dltutor-home")))
    monkeypatch.delenv("DLTUTOR_DECKS", raising=False)
