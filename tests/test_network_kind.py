"""The `network` kind end to end: every view drawn for every data set, --json holding what a torch
replay needs, --table, one-line errors naming the flag, bring-your-own data, the seed, the lab."""

import json

import numpy as np
import pytest

from dltutor import scenes
from dltutor.cli import main
from dltutor.cli.terminal_plot import Canvas, render
from dltutor.kinds.network import DATA_NAMES, VIEWS

FAST = {"--epochs": "3", "--layers": "3"}


def scene_of(flags=None, params=(), seed=0):
    return scenes.build_scene("network", flags={**FAST, **(flags or {})}, assignments=list(params), seed=seed)


def draw(flags=None, params=(), width=100, height=30, progress=None, color=False):
    scene = scene_of(flags, params)
    resolved = scene.resolved
    result = scenes.run_scene(scene)
    return render("network", result, resolved, Canvas(width, height, color=color), progress), result


def cli(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    out, err = capsys.readouterr()
    return exit_.value.code, out, err


@pytest.mark.parametrize("data", DATA_NAMES)
@pytest.mark.parametrize("view", VIEWS)
def test_every_view_draws_for_every_data_set(data, view):
    flags = {"--data": data, "--view": view, "-p": None}
    params = ["network.grid=20", "network.find_iterations=12"]
    if view == "sweep":
        flags["--sweep"] = "lr=0.01:1:3"
    if view == "modes":
        flags["--dropout"] = "0.3"
    text, _ = draw({k: v for k, v in flags.items() if v is not None}, params, width=90, height=28)
    lines = text.splitlines()
    assert len(lines) >= 28 and max(len(line) for line in lines[:28]) == 90
    assert "Traceback" not in text and text.strip().splitlines()[-1].strip().endswith(".")


def test_boundary_marks_both_splits_and_the_title_holds_the_engine_numbers():
    text, result = draw({"--epochs": "10"}, width=110, height=36)
    train = result.train
    assert f"epoch 10: train loss {train.train_loss[-1, 0]:.3g}" in text
    assert f"test accuracy {train.test_acc[-1, 0]:.0%}" in text
    assert "●" in text and "○" in text  # training and test points, distinct marks
    assert any(shade in text for shade in "░▒▓█")  # the heatmap in shades without colour


def test_colour_gives_the_two_classes_two_hues():
    text, _ = draw({"--epochs": "10"}, color=True)
    assert text.count("\x1b[") > 50 and any(shade in text for shade in "░▒▓")


def test_animation_reveals_training_epoch_by_epoch():
    early, result = draw({"--epochs": "12"}, progress=0.25)
    late, _ = draw({"--epochs": "12"}, progress=1.0)
    assert "epoch 3:" in early and "epoch 12:" in late
    assert result.train.frames is not None and len(result.train.frame_epochs) >= 12


def test_a_diverged_run_is_marked_and_captioned():
    text, result = draw({"--data": "plane", "--lr": "10", "--epochs": "4"}, width=100, height=30)
    assert result.train.diverged.all()
    assert "(diverged)" in text and "diverged at step" in text and "--lr" in text


def test_modes_differ_with_dropout_and_agree_without():
    text, result = draw({"--view": "modes", "--dropout": "0.5", "--epochs": "5"})
    assert "training mode" in text and "evaluation mode" in text
    assert not np.allclose(result.modes["train"], result.modes["eval"])
    text, result = draw({"--view": "modes"})
    assert np.allclose(result.modes["train"], result.modes["eval"]) and "agree everywhere" in text


def test_the_sweep_is_one_batched_run():
    _, result = draw({"--sweep": "l2=0:0.1:4", "--epochs": "2"})
    assert result.train.runs == 4 and result.sweep["param"] == "l2"
    assert np.allclose(result.train.config.l2, [0, 1 / 30, 2 / 30, 0.1])
    assert len(result.sweep["test_loss"]) == 4


def test_lr_find_marks_the_steepest_point_and_the_suggestion():
    text, result = draw({"--view": "lr-find"}, params=["network.find_range=1e-4,10"], width=110, height=32)
    found = result.lr_find
    assert found.steepest_lr is not None and f"steepest lr {found.steepest_lr:.3g}" in text
    assert "suggested (valley)" in text and "1e-4" in text


def test_json_round_trip_holds_the_replay_fields(capsys):
    code, out, err = cli(
        ["plot", "network", "--epochs", "2", "--dropout", "0.2", "--layers", "3", "-p", "network.grid=5", "--json"],
        capsys,
    )
    assert code == 0, err
    document = json.loads(out)
    assert document["command"] == "dltutor plot network --epochs=2 --layers=3 --dropout=0.2 -p network.grid=5"
    replay = document["result"]["replay"]
    for key in (
        "data",
        "parameters",
        "initial",
        "final",
        "order",
        "masks",
        "step_loss",
        "train_loss",
        "test_loss",
        "train_acc",
        "test_acc",
        "grid",
    ):
        assert replay[key] is not None, key
    assert len(replay["order"]) == 2 and len(replay["order"][0]) == len(replay["data"]["train"]) == 250
    assert len(replay["step_loss"]) == 2 * 25 and len(replay["masks"]) == 50
    assert np.asarray(replay["grid"]["output"]).shape == (1, 5, 5, 1)
    assert [p["name"] for p in replay["parameters"]] == ["0.weight", "0.bias", "1.weight", "1.bias"]
    again = scenes.build_scene(
        "network", flags={"--epochs": "2", "--dropout": "0.2", "--layers": "3"}, assignments=["network.grid=5"]
    )
    assert scenes.resolve(again) == document["scene"]


def test_table(capsys):
    code, out, _ = cli(["plot", "network", "--epochs", "2", "--layers", "3", "--table"], capsys)
    assert code == 0 and "circle: 1 network(s), bce, 2 epochs" in out and "test acc" in out
    code, out, _ = cli(
        ["plot", "network", "--epochs", "2", "--layers", "3", "--sweep", "lr=0.01:0.1:2", "--table"], capsys
    )
    assert code == 0 and "2 network(s)" in out and "0.01" in out


@pytest.mark.parametrize(
    "argv, start",
    [
        (["--layers", "100"], "dltutor: plot: --layers: must be comma-separated widths from 1 to 64"),
        (["--layers", "2,2,2,2,2,2,2,2,2"], "dltutor: plot: --layers: the number of hidden layers is 9; at most 8"),
        (["--epochs", "100000"], "dltutor: plot: --epochs: epochs × iterations per epoch is 2,500,000; at most"),
        (["--data", "nowhere"], "dltutor: plot: --data: "),
        (["--batch-size", "400"], "dltutor: plot: --batch-size: batch size 400 is larger than the 250 training points"),
        (
            ["--optimizer", "adam", "-p", "network.momentum=0.9"],
            "dltutor: plot: -p network.momentum: optimizer adam has no",
        ),
        (["--sweep", "lr=0.001:1:300"], "dltutor: plot: --sweep: the number of networks is 300; at most 256"),
        (["--sweep", "colour=1:2:3"], "dltutor: plot: --sweep: cannot sweep 'colour' with sgd"),
        (["--loss", "mse", "--data", "spiral3"], "dltutor: plot: --loss: 3 classes need cross-entropy"),
        (
            ["--activation", "relu,tanh,tanh"],
            "dltutor: plot: --activation: give one activation or one per hidden layer",
        ),
    ],
)
def test_bad_input_is_one_line_naming_the_flag(argv, start, capsys):
    code, out, err = cli(["plot", "network", *argv], capsys)
    assert code == 2 and out == "" and err.startswith(start) and err.count("\n") == 1, err


def test_an_unknown_data_set_names_the_choices(capsys):
    code, _, err = cli(["plot", "network", "--data", "nowhere"], capsys)
    assert code == 2 and "circle" in err and "expression" in err


def test_a_bad_csv_row_is_file_line_problem(tmp_path, capsys):
    path = tmp_path / "points.csv"
    path.write_text("x1,x2,label\n1,2,0\n3,4,1\n5,oops,1\n")
    code, _, err = cli(["plot", "network", "--data", str(path)], capsys)
    assert code == 2 and err.strip() == f"dltutor: plot: --data: {path}:4: 'oops' is not a number"


def test_a_csv_file_and_an_expression_train(tmp_path, capsys):
    rng = np.random.default_rng(1)
    x = rng.uniform(-1, 1, (40, 2))
    path = tmp_path / "mine.csv"
    path.write_text("x1,x2,label\n" + "".join(f"{a},{b},{int(a > b)}\n" for a, b in x))
    code, out, err = cli(["plot", "network", "--data", str(path), "--epochs", "3", "--layers", "3", "--table"], capsys)
    assert code == 0 and "mine.csv" in out, err
    code, out, err = cli(
        ["plot", "network", "--data", "x*y", "--epochs", "3", "--layers", "3", "--width", "80", "--height", "24"],
        capsys,
    )
    assert code == 0 and "expr: x*y" in out, err


def test_no_hidden_layer_with_engineered_inputs():
    _, result = draw({"--layers": "none", "--inputs": "x1^2,x2^2", "--epochs": "5"})
    assert [p for p in result.train.param_names] == ["0.weight", "0.bias"]
    assert result.train.param_shapes["0.weight"] == (1, 2)


def test_the_seed_decides_everything():
    one = scenes.run_scene(scene_of(seed=3)).train
    two = scenes.run_scene(scene_of(seed=3)).train
    other = scenes.run_scene(scene_of(seed=4)).train
    assert np.array_equal(one.final, two.final) and np.array_equal(one.order, two.order)
    assert not np.array_equal(one.initial, other.initial)


def test_optimizer_hyperparameters_reach_the_optimizer():
    scene = scene_of({"--optimizer": "adam"}, ["network.betas=0.8,0.99"])
    resolved = scene.resolved
    assert resolved["betas"] == [0.8, 0.99] and resolved["momentum"] is None
    result = scenes.run_scene(scene)
    assert result.train.config.optimizer_params["betas"] == (0.8, 0.99)


def test_a_card_scene_round_trips():
    scene = scenes.scene_from_mapping({"kind": "network", "data": "spiral", "layers": [8, 8], "epochs": 2})
    assert scenes.command(scene) == "dltutor plot network --data=spiral --layers=8,8 --epochs=2"
    with pytest.raises(scenes.SceneError, match="sim.layers"):
        scenes.scene_from_mapping({"kind": "network", "layers": [500]})


def _plot_area(text):
    """(columns, rows) inside the first frame of a drawn plot."""
    lines = text.splitlines()
    top = next(r for r, line in enumerate(lines) if "┌" in line)
    bottom = next(r for r, line in enumerate(lines) if "└" in line)
    return lines[top].index("┐") - lines[top].index("┌") - 1, bottom - top - 1


@pytest.mark.parametrize("data", ["circle", "spiral3", "gauss-regression"])
@pytest.mark.parametrize("color", [True, False])
@pytest.mark.parametrize("size", [(100, 30), (70, 22)])
def test_the_shaded_boundary_is_the_heatmap_at_the_plot_areas_own_size(data, color, size, monkeypatch):
    """The boundary view shades the built plot's cells (one sample per cell, at the real size);
    scattering the same cells as points, one per cell of that size, draws the same picture."""
    from dltutor.plots import network

    scene = scene_of({"--data": data})
    result = scenes.run_scene(scene)
    canvas = Canvas(*size, color=color)
    shaded = render("network", result, scene.resolved, canvas, progress=1.0)
    columns, rows = _plot_area(shaded if not color else __import__("plotext").uncolorize(shaded))

    def scattered(plt, output, grid_x, grid_y, loss, kind, classes):
        network.heat(plt, output, grid_x, grid_y, loss, kind, classes, (columns, rows))

    monkeypatch.setattr(network, "heat_background", scattered)
    assert _cells(render("network", result, scene.resolved, canvas, progress=1.0)) == _cells(shaded)


def _cells(text):
    """Each character with the style it is shown in (escapes may group the cells differently)."""
    from rich.console import Console
    from rich.text import Text

    console = Console(width=200, color_system="256")
    return [
        [(ch, str(segment.style)) for segment in Text.from_ansi(line).render(console) for ch in segment.text]
        for line in text.splitlines()
    ]


@pytest.mark.parametrize("epoch", [0, 3])
def test_the_weights_view_of_a_deep_network_draws_four_layers_from_epoch_0(epoch):
    """Nine overlapping curves read as one tangle: the first, the last and two between are drawn
    (colour keeps each layer's hue in both panels), and the view draws before any epoch (the lab
    shows a live run from epoch 0, when the gradient panel has no data yet)."""
    from dltutor.kinds.network import live

    scene = scene_of({"--view": "weights", "--layers": "4,4,4,4,4,4,4,4"})
    run = live(scene, scene.resolved)
    while run.done < epoch:
        run.advance()
    text = render("network", run.result(), scene.resolved, Canvas(110, 32, color=False), None)
    assert "Layers 1, 4, 6 and 9 of 9 are drawn." in text
    assert all(f"layer {n}" in text.split("Left:")[0] for n in (1, 4, 6, 9))
    assert "layer 2 " not in text.split("Left:")[0]


def test_the_weights_caption_speaks_of_l1_and_l2_only_when_the_scene_uses_them():
    """Its caption explains what the scene does, not every penalty it could have."""
    from dltutor.kinds.network import live

    for flags, l1, l2 in (({}, False, False), ({"--l1": "0.01"}, True, False), ({"--l2": "0.01"}, False, True)):
        scene = scene_of({"--view": "weights", **flags})
        run = live(scene, scene.resolved)
        for _ in range(3):
            run.advance()
        result = run.result()
        assert result.train.grid is None  # the weights view needs no boundary grid
        text = " ".join(render("network", result, scene.resolved, Canvas(110, 32, color=False), None).split())
        assert ("L1 piles weights up near zero" in text) == l1 and ("within 0.001 of zero: layer 1" in text) == l1
        assert ("L2 (weight decay) shrinks every weight" in text) == l2
        assert "Right: each layer's gradient size per epoch" in text
    boundary = scene_of({"--view": "boundary"})
    assert live(boundary, boundary.resolved).result().train.grid is not None
