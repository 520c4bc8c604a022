"""A kind is one spec: a throwaway kind registered here works in `dltutor plot` (drawn, --json,
--table, its flag and -p settings, its errors) and in the session's lab, with no edit elsewhere."""

import json

import numpy as np
import pytest
from rich.table import Table

from dltutor import kinds, scenes
from dltutor.cli import main
from dltutor.kinds import Flag, KindSpec, Knob


def options():
    from dltutor.sim.params import INT, Param, positive

    return {
        "amplitude": positive(1.0, "height of the wave"),
        "points": Param(50, INT, low=2, high=1000, doc="points drawn"),
    }


def run(scene, resolved):
    x = np.linspace(0, 2 * np.pi, resolved["points"])
    return {"x": x, "y": resolved["amplitude"] * np.sin(x)}


def draw(plt, result, scene, progress):  # this module is the toy kind's plot module
    plt.plot(result["x"].tolist(), result["y"].tolist(), marker="braille", label="wave")
    plt.title("A toy wave")
    return f"Peak {result['y'].max():.2f}."


def table(result):  # and its table
    out = Table(title="Toy wave")
    out.add_column("peak")
    out.add_row(f"{result['y'].max():.3f}")
    return out


TOY = KindSpec(
    name="toywave",
    summary="a sine wave, to prove a kind is one spec",
    options=options,
    run=run,
    plot=__name__,
    table=f"{__name__}:table",
    flags=(Flag("--amplitude", "amplitude", "Height of the wave.", "A"),),
    knobs=(Knob("amplitude", "amplitude", scale=(0.01, 100.0)), Knob("points", "points")),
)


@pytest.fixture
def toy():
    remove = kinds.register(TOY)
    yield TOY
    remove()


def cli(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    out, err = capsys.readouterr()
    return exit_.value.code, out, err


def test_a_registered_kind_is_drawn_exported_and_tabled(toy, capsys):
    code, out, err = cli(["plot", "toywave", "--amplitude", "2", "--width", "60", "--height", "20"], capsys)
    assert code == 0, err
    assert "A toy wave" in out and "Peak 2.00." in out

    code, out, _ = cli(["plot", "toywave", "-p", "toywave.points=7", "--json"], capsys)
    document = json.loads(out)
    assert code == 0 and document["scene"]["points"] == 7 and len(document["result"]["y"]) == 7
    assert document["command"] == "dltutor plot toywave -p toywave.points=7"

    code, out, _ = cli(["plot", "toywave", "--amplitude", "3", "--table"], capsys)
    assert (
        code == 0 and "Toy wave" in out and f"{3 * np.sin(2 * np.pi * 12 / 49):.3f}" in out and "--amplitude=3" in out
    )

    code, out, _ = cli(["plot", "--help"], capsys)
    assert code == 0 and "toywave" in out and "--amplitude" in out


def test_a_registered_kind_refuses_bad_input_naming_its_flag(toy, capsys):
    code, out, err = cli(["plot", "toywave", "--amplitude", "-1"], capsys)
    assert code == 2 and out == "" and err.strip() == "dltutor: plot: --amplitude: must be a number > 0"
    code, _, err = cli(["plot", "toywave", "--lr", "1"], capsys)
    assert code == 2 and "--lr: does not apply to `plot toywave` (it takes --amplitude)" in err
    code, _, err = cli(["plot", "toywave", "sgd"], capsys)
    assert code == 2 and "takes no list of names" in err


def test_a_card_scene_and_the_command_line_round_trip(toy):
    scene = scenes.scene_from_mapping({"kind": "toywave", "amplitude": 0.5})
    assert scenes.command(scene) == "dltutor plot toywave --amplitude=0.5"
    with pytest.raises(scenes.SceneError, match="sim.amplitude"):
        scenes.scene_from_mapping({"kind": "toywave", "amplitude": 0})


@pytest.mark.asyncio
async def test_a_registered_kind_runs_in_the_lab_with_its_own_knobs(toy, tmp_path, monkeypatch):
    from textual.widgets import Input

    from dltutor.tui import make_app
    from dltutor.tui.lab import Lab

    from .tui.conftest import NOW

    monkeypatch.setenv("DLTUTOR_HOME", str(tmp_path))
    app = make_app((), now=lambda: NOW)
    async with app.run_test(size=(140, 45)) as pilot:
        app.open_lab("toywave")
        for _ in range(100):
            await pilot.pause(0.05)
            lab = app.screen.query_one("#lab", Lab)
            if lab.result is not None and lab.query("#knob-amplitude"):
                break
        assert lab.scene.kind == "toywave" and lab.result["y"].max() == pytest.approx(1.0, abs=1e-2)
        assert lab.query_one("#knob-amplitude", Input).border_title.startswith("amplitude")
        assert not lab.query("#knob-names") and not lab.query("#knob-lr")  # only its own knobs
        app.set_focus(None)
        await pilot.press("right_square_bracket")  # the spec's scalable knob: amplitude doubles
        assert lab.resolved["amplitude"] == 2.0
