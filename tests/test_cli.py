"""`dltutor` as a user types it: JSON out, summaries, one-line errors, honest placeholders."""

import json
import shlex
import subprocess
import sys
from importlib.metadata import version

import numpy as np
import pytest

from dltutor.cli import main


def run(argv, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


def run_json(argv, capsys):
    code, out, err = run([*argv, "--json"], capsys)
    assert code == 0, err
    return json.loads(out)


def test_optimizers_json_holds_the_scene_and_every_step(capsys):
    doc = run_json(
        [
            "plot",
            "optimizers",
            "--surface",
            "rosenbrock",
            "--optimizers",
            "sgd,adam",
            "--lr",
            "1e-3",
            "--steps",
            "50",
            "--start=-1,2",
            "-p",
            "adam.betas=0.8,0.99",
        ],
        capsys,
    )
    scene = doc["scene"]
    assert scene["surface"] == "rosenbrock" and scene["steps"] == 50 and scene["start"] == [-1.0, 2.0]
    adam = scene["optimizers"][1]
    assert adam["name"] == "adam"
    assert adam["params"] == {"lr": 1e-3, "betas": [0.8, 0.99], "eps": 1e-8, "weight_decay": 0.0, "amsgrad": False}
    runs = doc["result"]["optimizers"]
    assert [r["name"] for r in runs] == ["sgd", "adam"]
    assert len(runs[1]["path"]) == 51 and runs[1]["path"][0] == [-1.0, 2.0]
    assert set(runs[1]["state"]) == {"exp_avg", "exp_avg_sq", "max_exp_avg_sq"}
    assert len(runs[1]["step_size"]) == 50
    assert runs[0]["diverged"] is False and runs[0]["diverged_at"] is None


def test_optimizer_lr_flag_and_per_optimizer_override(capsys):
    doc = run_json(
        ["plot", "optimizers", "--optimizers", "sgd,adam", "--lr", "0.01", "-p", "adam.lr=0.2", "--steps", "2"], capsys
    )
    lrs = {c["name"]: c["params"]["lr"] for c in doc["scene"]["optimizers"]}
    assert lrs == {"sgd": 0.01, "adam": 0.2}


def test_one_optimizer_twice_under_two_labels(capsys):
    doc = run_json(
        [
            "plot",
            "optimizers",
            "--optimizers",
            "sgd:slow,sgd:fast,adam",
            "--lr",
            "0.01",
            "-p",
            "sgd:fast.lr=0.09",
            "--surface",
            "ravine",
            "--steps",
            "100",
        ],
        capsys,
    )
    scene = {c["name"]: c["params"]["lr"] for c in doc["scene"]["optimizers"]}
    assert scene == {"sgd:slow": 0.01, "sgd:fast": 0.09, "adam": 0.01}
    runs = {r["name"]: r for r in doc["result"]["optimizers"]}
    assert runs["sgd:slow"]["title"] == runs["sgd:fast"]["title"] == "Stochastic gradient descent"
    assert runs["sgd:fast"]["final_loss"] < runs["sgd:slow"]["final_loss"]  # same rule, a bigger step
    direct = run_json(
        ["plot", "optimizers", "--optimizers", "sgd", "--lr", "0.09", "--surface", "ravine", "--steps", "100"], capsys
    )
    assert runs["sgd:fast"]["path"] == direct["result"]["optimizers"][0]["path"]  # a label changes nothing else
    table = run(["plot", "schedules", "--schedules", "step:a,step:b", "-p", "step:b.gamma=0.5", "--table"], capsys)[1]
    assert "step:a" in table and "step:b" in table and "gamma=0.5" in table


def test_default_lr_is_each_optimizers_pytorch_default(capsys):
    doc = run_json(["plot", "optimizers", "--optimizers", "sgd,adagrad,adadelta,nadam", "--steps", "2"], capsys)
    assert [c["params"]["lr"] for c in doc["scene"]["optimizers"]] == [1e-3, 1e-2, 1.0, 2e-3]


def test_diverged_runs_are_flagged_in_json(capsys):
    doc = run_json(
        ["plot", "optimizers", "--surface", "rosenbrock", "--optimizers", "sgd", "--lr", "1", "--steps", "20"], capsys
    )
    run_ = doc["result"]["optimizers"][0]
    assert run_["diverged"] is True and run_["diverged_at"] >= 1
    assert all(np.isfinite(run_["loss"]))


def test_schedules_json(capsys):
    doc = run_json(
        [
            "plot",
            "schedules",
            "--schedules",
            "step,plateau",
            "--lr",
            "0.5",
            "--epochs",
            "40",
            "-p",
            "step.step_size=10",
            "-p",
            "plateau.patience=3",
        ],
        capsys,
    )
    step, plateau = doc["result"]["schedules"]
    assert step["params"] == {"step_size": 10, "gamma": 0.1}
    np.testing.assert_allclose(step["lr"], 0.5 * 0.1 ** (np.arange(40) // 10), rtol=1e-12)
    assert len(plateau["loss"]) == 40 and plateau["params"]["patience"] == 3
    assert plateau["reduced_at"] == [t for t in range(40) if plateau["reduced"][t]]


def test_activations_positional_names_and_params(capsys):
    doc = run_json(
        [
            "plot",
            "activations",
            "leaky_relu",
            "gelu",
            "-p",
            "leaky_relu.negative_slope=0.2",
            "-p",
            "gelu.approximate=tanh",
            "-p",
            "activations.points=11",
        ],
        capsys,
    )
    x = np.array(doc["result"]["x"])
    assert len(x) == 11
    leaky = doc["result"]["activations"][0]
    np.testing.assert_allclose(leaky["y"], np.where(x > 0, x, 0.2 * x))
    assert doc["scene"]["activations"][1]["params"] == {"approximate": "tanh"}


def test_dropout_batch_depth_json(capsys):
    dropout = run_json(["plot", "dropout", "--steps", "30", "-p", "dropout.p=0.3"], capsys)
    assert dropout["scene"]["steps"] == 30 and dropout["scene"]["p"] == 0.3
    assert np.array(dropout["result"]["masks"]).shape == (1, 30, 64)
    np.testing.assert_allclose(dropout["result"]["train_scale"], [1 / 0.7])
    batch = run_json(["plot", "batch", "--epochs", "2", "-p", "batch.batch_size=100"], capsys)
    assert batch["result"]["updates_per_epoch"] == [1, 11, 1050]
    depth = run_json(
        ["plot", "depth", "-p", "depth.layers=4", "-p", "depth.width=16", "-p", "depth.inits=xavier_normal"], capsys
    )
    assert np.array(depth["result"]["act_std"]).shape == (1, 4)


@pytest.mark.parametrize(
    "argv",
    [
        [
            "plot",
            "optimizers",
            "--optimizers",
            "nesterov,rmsprop",
            "--surface",
            "beale",
            "--steps",
            "7",
            "-p",
            "rmsprop.centered=true",
            "--lr",
            "0.003",
            "--start=-1.5,0.25",
            "--seed",
            "4",
        ],
        ["plot", "schedules", "--schedules", "cyclic,one-cycle", "-p", "cyclic.mode=triangular2", "--epochs", "30"],
        ["plot", "activations", "--activations", "softplus", "-p", "softplus.beta=2", "-p", "activations.x_min=-2"],
        ["plot", "dropout", "--steps", "10", "-p", "dropout.recurrent=true", "-p", "dropout.variational=yes"],
        ["plot", "batch", "--lr", "0.01", "--epochs", "1"],
        ["plot", "activations", "gelu:exact,gelu:tanh", "-p", "gelu:tanh.approximate=tanh"],
    ],
)
def test_the_echoed_command_rebuilds_the_same_scene(argv, capsys):
    doc = run_json(argv, capsys)
    again = run_json(shlex.split(doc["command"])[1:], capsys)
    assert again["scene"] == doc["scene"]
    assert again["result"] == doc["result"]


def test_summary_table_without_json(capsys):
    code, out, err = run(["plot", "optimizers", "--optimizers", "sgd,adam", "--steps", "10", "--table"], capsys)
    assert code == 0 and err == ""
    assert "sgd" in out and "adam" in out and "final loss" in out
    assert "dltutor plot optimizers --optimizers=sgd,adam --steps=10" in out


def test_summary_tables_of_the_sweep_and_basins_views(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "140")
    code, out, err = run(["plot", "optimizers", "--sweep", "lr=1e-4:10:12", "--table"], capsys)
    assert code == 0 and err == ""
    rows = {line.split("│")[1].strip(): line for line in out.splitlines() if line.count("│") > 3}
    assert set(rows) == {"sgd", "momentum", "adam"}
    assert "0 of 12" not in rows["sgd"]  # plain SGD blows up at the top of the range on the ravine
    code, out, err = run(
        ["plot", "optimizers", "--surface", "himmelblau", "--basins", "--optimizers", "sgd", "--lr", "0.01", "--table"],
        capsys,
    )
    assert code == 0 and err == ""
    shares = [
        int(cell.strip().rstrip("%"))
        for cell in next(line for line in out.splitlines() if "│ sgd" in line).split("│")[2:-1]
    ]
    assert len(shares) == 6 and abs(sum(shares) - 100) <= 3  # four minima, other, diverged: every start counted


def test_a_run_too_big_to_finish_in_seconds_is_refused_at_once(capsys):
    code, out, err = run(["plot", "optimizers", "--basins", "--steps", "100000"], capsys)
    assert code == 2 and out == ""
    assert "--steps" in err and "345,600,000 optimizer steps" in err and "grid" in err and len(err.splitlines()) == 1


@pytest.mark.parametrize(
    "argv, flag, allowed",
    [
        (["plot", "sideways"], "KIND", "optimizers, schedules"),
        (["plot", "optimizers", "--lr", "0"], "--lr", "> 0"),
        (["plot", "optimizers", "--lr", "abc"], "--lr", "a number"),
        (["plot", "optimizers", "--lr", "nan"], "--lr", "a number"),
        (["plot", "optimizers", "--optimizers", "lion"], "--optimizers", "sgd, momentum"),
        (["plot", "optimizers", "--optimizers", "lion:fast"], "--optimizers", "sgd, momentum"),
        (["plot", "optimizers", "--optimizers", "sgd:a b"], "--optimizers", "1 to 20 letters, digits"),
        (["plot", "optimizers", "--optimizers", "sgd:a", "-p", "sgd:b.lr=1"], "-p sgd:b.lr=1", "shown: sgd:a"),
        (["plot", "optimizers", "--surface", "moon"], "--surface", "rosenbrock"),
        (["plot", "optimizers", "--start", "1"], "--start", "2 comma-separated numbers"),
        (["plot", "optimizers", "--steps", "0"], "--steps", ">= 1"),
        (["plot", "optimizers", "--steps", "2.5"], "--steps", "whole number"),
        (["plot", "optimizers", "-p", "adam.betas=0.9"], "-p adam.betas=0.9", "2 comma-separated numbers"),
        (["plot", "optimizers", "-p", "adam.eps=-1"], "-p adam.eps=-1", ">= 0"),
        (["plot", "optimizers", "-p", "adam"], "-p", "NAME.KEY=VALUE"),
        (["plot", "optimizers", "-p", "adam.warp=1"], "-p adam.warp=1", "lr, betas"),
        (["plot", "optimizers", "--optimizers", "nesterov", "-p", "nesterov.momentum=0"], "-p", "momentum > 0"),
        (["plot", "dropout", "-p", "dropout.p=1"], "-p dropout.p=1", ">= 0 and < 1"),
        (["plot", "dropout", "-p", "dropout.mode=sideways"], "-p dropout.mode=sideways", "inverted, standard"),
        (["plot", "schedules", "--epochs", "-3"], "--epochs", ">= 1"),
        (["plot", "schedules", "-p", "step.gamma=0"], "-p step.gamma=0", "> 0"),
        (["plot", "optimizers", "--epochs", "3"], "--epochs", "--steps"),
        (["plot", "optimizers", "--schedules", "step"], "--schedules", "does not apply"),
        (["plot", "optimizers", "--frobnicate"], "--frobnicate", "No such option"),
    ],
)
def test_bad_input_is_one_line_naming_the_flag(argv, flag, allowed, capsys):
    code, out, err = run(argv, capsys)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert flag in err and allowed in err
    assert "Traceback" not in err


def test_the_interactive_session_outside_a_terminal_says_so(capsys):
    code, out, err = run([], capsys)  # pytest's stdin and stdout are not terminals
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "needs a terminal" in err


def test_version_comes_from_the_package_metadata(capsys):
    code, out, _ = run(["--version"], capsys)
    assert code == 0 and out.strip() == f"dltutor {version('dltutor')}"


def test_real_process_exit_codes_and_no_traceback():
    bad = subprocess.run(
        [sys.executable, "-m", "dltutor", "plot", "optimizers", "--lr", "-1"], capture_output=True, text=True
    )
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr
    good = subprocess.run(
        [sys.executable, "-m", "dltutor", "plot", "schedules", "--json", "--epochs", "5"],
        capture_output=True,
        text=True,
    )
    assert good.returncode == 0 and json.loads(good.stdout)["scene"]["epochs"] == 5


def test_kind_specs_list_exactly_the_registered_names_and_help_shows_them(capsys):
    from dltutor import kinds
    from dltutor.kinds.optimizers import SURFACES as LISTED_SURFACES
    from dltutor.sim.surfaces import SURFACES

    assert LISTED_SURFACES == tuple(SURFACES)
    with_components = {name: spec for name, spec in kinds.kinds().items() if spec.components}
    assert set(with_components) == {"optimizers", "schedules", "activations"}
    code, out, _ = run(["plot", "--help"], capsys)
    flat = " ".join(out.split())
    for name, spec in with_components.items():
        assert spec.components.names == tuple(spec.registry())
        assert set(spec.components.defaults) <= set(spec.components.names)
        assert name in flat and spec.summary.split()[0] in flat
    for name in kinds.kinds():
        assert f"{name}:" in flat, name  # every kind is listed with its summary


@pytest.mark.parametrize(
    "argv, words",
    [
        (["plot", "optimizers", "--learning-rate", "0.1"], "Did you mean '--lr'?"),
        (["plot", "optimizers", "--surfce", "bowl"], "Did you mean '--surface'?"),
        (["plot", "optimizers", "--surface", "rosenbrok"], "did you mean rosenbrock?"),
        (["quiz", "--card", "adm"], "did you mean adam"),
        (["show", "adm"], "did you mean adam"),
        (["quizz"], "No such command 'quizz'. Did you mean 'quiz'?"),
        (["plto", "optimizers"], "Did you mean 'plot'?"),
    ],
)
def test_near_misses_name_what_was_meant(argv, words, capsys):
    code, out, err = run(argv, capsys)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert words in err and err.lower().count("did you mean") == 1, err


@pytest.mark.parametrize("argv", [["plot", "--help"], ["quiz", "--help"], ["stats", "--help"], ["practice", "--help"]])
def test_a_command_builds_alone_as_it_would_among_all(argv, capsys):
    """Only the command that runs is built (the others' parameters cost every run); its help is
    the same as when every command is built."""
    from dltutor import cli

    alone = run(argv, capsys)
    among_all = cli.build_app()
    with pytest.raises(SystemExit) as exit_:
        among_all(args=argv, prog_name="dltutor")
    assert alone == (exit_.value.code, *capsys.readouterr())


@pytest.mark.parametrize(
    "name, card_id",
    [
        ("Adam", "adam"),
        ("ADAMW", "adamw"),
        ("dropout", "inverted-dropout"),
        ("choosing an", "choosing-an-optimizer"),
        ("Choosing-an", "choosing-an-optimizer"),
    ],
)
def test_show_takes_a_title_or_an_id_in_any_case_or_a_unique_start(name, card_id, capsys):
    from dltutor.deck import load_deck

    code, out, err = run(["show", name], capsys)
    assert code == 0, err
    assert load_deck().cards[card_id].title in out


@pytest.mark.parametrize("name", ["x.png", "x.svg", "x"])
def test_plot_output_refuses_what_it_cannot_write(name, tmp_path, capsys):
    code, out, err = run(["plot", "optimizers", "--steps", "3", "-o", str(tmp_path / name)], capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "--output" in err and ".txt or .html" in err and "wrote" not in err
    assert not (tmp_path / name).exists()
    code, _, err = run(
        ["plot", "optimizers", "--steps", "3", "--width", "60", "--height", "20", "-o", str(tmp_path / "x.txt")], capsys
    )
    assert code == 0 and (tmp_path / "x.txt").read_text().strip()


def test_the_command_line_freezes_what_it_imported_once_per_process():
    """main() takes its imports out of the garbage collector's sweeps (start-up speed), once: a
    second call (tests make many) must not freeze the garbage made in between."""
    import subprocess
    import sys
    import textwrap

    code = textwrap.dedent("""
        import gc
        from dltutor.cli import main
        before = gc.get_freeze_count()
        for argv in (["--version"], ["--version"]):
            try:
                main(argv)
            except SystemExit:
                pass
            print("FROZEN", gc.get_freeze_count())
            junk = [[] for _ in range(1000)]
            for item in junk:
                item.append(item)  # cycles: garbage for the collector
            del junk
        print("FROZEN", before)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    first, second, before = (int(line.split()[1]) for line in out.splitlines() if line.startswith("FROZEN"))
    assert before == 0 and first > 10_000 and second == first
