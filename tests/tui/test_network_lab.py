"""The network lab trains live: a card's scene trains to its end and stops; space trains on past
it, `.` one epoch, `r` starts again from new weights, `v` shows the same run another way, a knob
starts a new run; quitting mid-training leaves nothing behind. The state it shows at the scene's
end is exactly what `dltutor plot` computes."""

from __future__ import annotations

import time

import numpy as np
import pytest
from textual.widgets import Input, Static

from dltutor import scenes
from dltutor.tui.lab import Lab

pytestmark = pytest.mark.asyncio


def status(lab: Lab) -> str:
    return str(lab.query_one("#status", Static).render())


async def until(pilot, condition, timeout: float = 30.0) -> None:
    """Wait for the lab to get somewhere (a loaded machine trains slowly); fail if it never does."""
    began = time.monotonic()
    while not condition():
        assert time.monotonic() - began < timeout, "the lab never got there"
        await pilot.pause(0.02)


def lab_of(app) -> Lab:
    return app.screen.query_one("#lab", Lab)


async def trained(pilot, app, epochs: int = 100) -> Lab:
    """The network lab opened and its scene trained to its end (and stopped)."""
    app.open_lab("network")
    await until(pilot, lambda: any(lab.live is not None for lab in app.screen.query("#lab").results(Lab)))
    lab = lab_of(app)
    await until(pilot, lambda: lab.live is not None and lab.live.done == epochs and not lab._training)
    app.set_focus(None)
    return lab


async def test_the_scene_trains_to_its_end_and_matches_the_command_line(app):
    async with app.run_test(size=(140, 45)) as pilot:
        lab = await trained(pilot, app)
        assert not lab.playing and "paused · epoch 100 of 100" in status(lab)
        assert lab.result.train.epochs == 100
        offline = scenes.run_scene(lab.scene).train  # `dltutor plot network`: one run, not live
        np.testing.assert_array_equal(lab.result.train.final, offline.final)
        np.testing.assert_array_equal(lab.result.train.test_loss, offline.test_loss)
        await until(pilot, lambda: lab.query("#knob-lr"))
        assert lab.query_one("#knob-lr", Input).border_title.startswith("lr")
        for knob in ("data", "noise", "inputs", "layers", "activation", "l2", "dropout", "batch_norm", "batch_size"):
            assert lab.query(f"#knob-{knob}"), knob
        assert not lab.query("#knob-names")


async def test_space_trains_on_past_the_end_and_dot_trains_one_epoch(app):
    async with app.run_test(size=(140, 45)) as pilot:
        lab = await trained(pilot, app)
        await pilot.press("space")
        assert lab.playing
        await until(pilot, lambda: lab.live.done > 110 and lab.result.train.epochs > 105)
        assert "▶ training" in status(lab) and "(the scene: 100)" in status(lab)
        await pilot.press("space")
        await until(pilot, lambda: not lab._training)
        paused_at = lab.live.done
        await pilot.pause(0.2)
        assert lab.live.done == paused_at and lab.result.train.epochs == paused_at  # stopped, and shown where
        assert f"paused · epoch {paused_at} (the scene: 100)" in status(lab)
        await pilot.press("full_stop")
        await until(pilot, lambda: lab.result.train.epochs == paused_at + 1 and not lab._training)
        assert lab.live.done == paused_at + 1


async def test_v_shows_the_same_run_another_way(app):
    async with app.run_test(size=(140, 45)) as pilot:
        lab = await trained(pilot, app)
        await pilot.press("full_stop")
        await until(pilot, lambda: lab.live.done == 101 and not lab._training)
        run = lab.live
        await pilot.press("v")
        await until(pilot, lambda: lab.resolved["view"] == "neurons" and not lab._training)
        assert lab.live is run and run.done == 101  # the run goes on; nothing retrained
        assert "after 101 epochs" in str(lab.query_one("#caption", Static).render())
        assert "--view=neurons" in str(lab.query_one("#command", Static).render())
        for view in ("loss", "weights", "modes", "lr-find"):
            await pilot.press("v")
            await until(
                pilot, lambda v=view: lab.resolved["view"] == v and lab.result is not None and not lab._training
            )
        assert lab.live is None  # the range test is one run of its own, drawn as an animation
        await until(pilot, lambda: not lab.playing)
        found = len(lab.result.lr_find.lr)
        assert f"mini-batch {found} of {found}" in status(lab) and "epoch" not in status(lab)


async def test_r_starts_again_from_new_weights_and_backspace_brings_the_card_back(app):
    async with app.run_test(size=(140, 45)) as pilot:
        lab = await trained(pilot, app)
        first = lab.result.train.initial
        await pilot.press("r")
        assert lab.scene.seed == 1 and "--seed=1" in str(lab.query_one("#command", Static).render())
        await until(pilot, lambda: lab.live is not None and lab.live.done == 100 and not lab._training)
        assert not np.array_equal(lab.result.train.initial, first)
        await pilot.press("backspace")
        await until(pilot, lambda: lab.live is not None and lab.live.done == 100 and not lab._training)
        assert lab.scene.seed == 0
        np.testing.assert_array_equal(lab.result.train.initial, first)


async def test_a_knob_starts_a_new_run_and_one_played_goes_on_playing(app):
    async with app.run_test(size=(140, 45)) as pilot:
        lab = await trained(pilot, app)
        old = lab.live
        await pilot.press("space")
        await until(pilot, lambda: lab.live.done > 105)
        await pilot.press("right_square_bracket")  # lr doubles: a new run, trained from epoch 0
        assert lab.resolved["lr"] == pytest.approx(0.06)
        await until(pilot, lambda: lab.live is not None and lab.live is not old)
        assert lab.playing
        await until(pilot, lambda: lab.live.done > 100)
        await pilot.press("space")
        await until(pilot, lambda: not lab._training)
        assert lab.result.train.lr[0, 0] == pytest.approx(0.06)


async def test_quitting_while_it_trains_on_stops_the_training(app):
    async with app.run_test(size=(140, 45)) as pilot:
        lab = await trained(pilot, app)
        await pilot.press("space")
        await until(pilot, lambda: lab.live.done > 105)
        live = lab.live
        app.exit()  # run_test re-raises whatever the app raised
    time.sleep(0.3)  # a worker ends after the epoch it is in
    stopped_at = live.done
    time.sleep(0.5)
    assert live.done == stopped_at and not live.lock.locked()


async def test_v_while_the_scene_trains_to_its_end_goes_on_to_its_end(app):
    async with app.run_test(size=(140, 45)) as pilot:
        app.open_lab("network")
        await until(pilot, lambda: any(lab.live is not None for lab in app.screen.query("#lab").results(Lab)))
        lab = lab_of(app)
        assert lab._training and lab.live.done < 100  # still getting to the scene's end
        run = lab.live
        lab.act("view")  # what v runs (Pilot.press would wait for an idle app, after the run)
        await until(pilot, lambda: lab.resolved["view"] == "neurons" and not lab._training)
        assert lab.live is run and run.done == 100 and lab.result.train.epochs == 100
        assert not lab.playing and "paused · epoch 100 of 100" in status(lab)
