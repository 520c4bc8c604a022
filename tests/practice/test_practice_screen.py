"""The practice screen in the session, driven headless (not yet reachable from the app's keys:
the test pushes it)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from dltutor.store import open_store

pytestmark = pytest.mark.asyncio
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


async def test_the_card_s_exercises_check_hint_and_solution(tmp_path):
    from textual.widgets import OptionList, Static

    from dltutor.tui import make_app
    from dltutor.tui.practice_screen import PracticeScreen

    store = open_store(Path(tmp_path) / "progress")
    app = make_app(store=store, now=lambda: NOW)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = PracticeScreen("softmax", folder=tmp_path / "work")
        await app.push_screen(screen)
        await pilot.pause()
        options = screen.query_one("#exercises", OptionList)
        assert [e.id for e in screen.exercises] == ["softmax", "log-softmax", "logsumexp"]
        assert options.option_count == 3
        await pilot.press("c")
        for _ in range(100):
            await pilot.pause(0.05)
            if "softmax" in store.practice():
                break
        await pilot.pause()
        assert "not written yet" in str(screen.query_one("#result", Static).render())
        assert store.practice()["softmax"].state == "failing"
        await pilot.press("h")
        assert "Hint 1 of" in str(screen.query_one("#result", Static).render())
        await pilot.press("s")
        assert "def softmax" in str(screen.query_one("#result", Static).render())
        assert store.practice()["softmax"].solution_viewed
        path = tmp_path / "work" / "softmax.py"
        for _ in range(200):  # a save in any editor is checked (saved again until the watcher sees one)
            if store.practice()["softmax"].passes:
                break
            path.write_text(screen.exercises[0].solution.read_text() + f"# save {_}\n")
            await pilot.pause(0.1)
        await pilot.pause(0.2)
        assert store.practice()["softmax"].state == "passed"
        assert "all 4 checks pass" in str(screen.query_one("#result", Static).render())
        await pilot.press("escape")
