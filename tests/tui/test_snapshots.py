"""What the interactive session looks like, at 80×24 and 120×40 (animation paused on a fixed frame)."""

import pytest

from dltutor.tui import make_app

from .conftest import NOW

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def fresh_app(store):
    return make_app(store=store, now=lambda: NOW)


async def settled(pilot):
    """Simulations run in worker threads: wait for them, then for the screen to repaint."""
    for _ in range(200):
        if not any(worker.is_running for worker in pilot.app.workers):
            break
        await pilot.pause(0.05)
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_learn_screen(snap_compare, fresh_app, size):
    async def open_momentum(pilot):
        await pilot.pause()  # the learn screen is composed
        pilot.app.open_card("momentum")
        await settled(pilot)

    assert snap_compare(fresh_app, run_before=open_momentum, terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_learn_screen_lab_mid_animation(snap_compare, fresh_app, size):
    async def step_lab(pilot):
        await pilot.pause()
        pilot.app.open_card("momentum")
        await settled(pilot)
        await pilot.press("r", "full_stop", "full_stop", "full_stop")  # frame 4 of 60, paused
        if size[0] < 110:
            await pilot.press("l")
        # the lab appearing resizes its plot, caption and status, each a refresh after the other:
        # wait until their sizes stop changing
        lab, last = pilot.app.screen.query_one("#lab"), None
        for _ in range(40):
            await pilot.pause(0.05)
            await settled(pilot)
            sizes = tuple(lab.query_one(part).size for part in ("#plot", "#caption", "#status", "#command"))
            if sizes == last:
                break
            last = sizes

    assert snap_compare(fresh_app, run_before=step_lab, terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_stats_screen(snap_compare, fresh_app, size):
    async def stats(pilot):
        await settled(pilot)
        await pilot.press("S")
        await pilot.pause()

    assert snap_compare(fresh_app, run_before=stats, terminal_size=size)


def test_too_small(snap_compare, fresh_app):
    assert snap_compare(fresh_app, run_before=settled, terminal_size=(50, 12))
