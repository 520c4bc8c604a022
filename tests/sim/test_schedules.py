"""dltutor.sim.schedules against PyTorch goldens, plus vectorisation, validation and plateau checks.

Goldens: tests/goldens/schedules.json, made by tools/goldens/make_schedules.py from torch.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pytest

from dltutor.sim.schedules import SCHEDULES, Schedule, ScheduleResult, plateau_loss, run_schedule

GOLDENS = json.loads((Path(__file__).resolve().parents[1] / "goldens" / "schedules.json").read_text())
CASES = GOLDENS["cases"]


def _case_id(case: dict) -> str:
    given = ",".join(f"{k}={v}" for k, v in case["params"].items()) or "defaults"
    return f"{case['name']}[{given}]"


# --------------------------------------------------------------------------- goldens


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_matches_torch_golden(case):
    res = run_schedule(case["name"], case["lr"], case["epochs"], case["params"], seed=case["seed"])
    want = np.array(case["lr_values"])
    assert res.lr.shape == (1, case["epochs"])
    assert res.lr.dtype == np.float64
    np.testing.assert_allclose(res.lr[0], want, rtol=1e-9, atol=1e-15 * case["lr"])
    if case["name"] == "plateau":  # the curve torch was fed is the one the engine still makes
        np.testing.assert_allclose(res.extras["loss"][0], case["loss"], rtol=1e-13, atol=0)
        drops = np.r_[False, want[1:] < want[:-1]]
        np.testing.assert_array_equal(res.extras["reduced"][0], drops)


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_filled_params_agree_with_what_torch_was_given(case):
    """Our resolved defaults (T_max, max_lr, total_steps ...) are the ones the golden script used."""
    res = run_schedule(case["name"], case["lr"], case["epochs"], case["params"], seed=case["seed"])
    assert res.params.keys() == case["torch_kwargs"].keys()
    for key, want in case["torch_kwargs"].items():
        got = res.params[key]
        if isinstance(want, float):
            assert got == pytest.approx(want, rel=1e-15), key
        else:
            assert got == want, key


def test_goldens_cover_every_schedule_and_mode():
    by_name: dict[str, list[dict]] = {}
    for c in CASES:
        by_name.setdefault(c["name"], []).append(c["params"])
    assert set(by_name) == set(SCHEDULES)
    for name, given in by_name.items():
        if SCHEDULES[name].params:
            assert any(given), f"{name} has no golden case with non-default params"
    assert {p.get("mode", "triangular") for p in by_name["cyclic"]} == {"triangular", "triangular2", "exp_range"}
    assert {(p.get("anneal_strategy", "cos"), p.get("three_phase", False)) for p in by_name["one-cycle"]} == {
        ("cos", False),
        ("cos", True),
        ("linear", False),
        ("linear", True),
    }
    plateau = by_name["plateau"]
    for mode in ("rel", "abs"):
        assert any(
            p.get("threshold_mode", "rel") == mode and p.get("cooldown", 0) > 0 and p.get("min_lr", 0) > 0
            for p in plateau
        ), mode
    assert {p.get("mode", "min") for p in plateau} == {"min", "max"}
    assert any(p.get("T_mult", 1) > 1 for p in by_name["cosine-restarts"])
    assert all(len(c["lr_values"]) >= 100 for c in CASES)


# --------------------------------------------------------------------------- the catalogue


def test_catalogue_order_names_and_docs():
    assert list(SCHEDULES) == [
        "constant",
        "step",
        "multistep",
        "exponential",
        "inverse-time",
        "polynomial",
        "linear",
        "cosine",
        "cosine-restarts",
        "cyclic",
        "one-cycle",
        "warmup-cosine",
        "plateau",
    ]
    for name, s in SCHEDULES.items():
        assert isinstance(s, Schedule) and s.name == name and s.title
        assert s.torch == "" if name == "constant" else s.torch.startswith("torch.optim.lr_scheduler.")
        for pname, p in s.params.items():
            assert p.doc and "\n" not in p.doc, f"{name}.{pname} needs a one-line doc"


@pytest.mark.parametrize(
    "name,key,value",
    [
        ("step", "step_size", 30),
        ("step", "gamma", 0.1),
        ("multistep", "milestones", [30, 80]),
        ("exponential", "gamma", 0.95),
        ("inverse-time", "k", 0.1),
        ("polynomial", "total_iters", 5),
        ("polynomial", "power", 1.0),
        ("linear", "start_factor", 1 / 3),
        ("linear", "total_iters", 5),
        ("cosine-restarts", "T_0", 10),
        ("cosine-restarts", "T_mult", 1),
        ("cyclic", "step_size_up", 10),
        ("cyclic", "mode", "triangular"),
        ("one-cycle", "pct_start", 0.3),
        ("one-cycle", "div_factor", 25.0),
        ("one-cycle", "final_div_factor", 1e4),
        ("one-cycle", "anneal_strategy", "cos"),
        ("one-cycle", "three_phase", False),
        ("warmup-cosine", "warmup_iters", 5),
        ("plateau", "factor", 0.1),
        ("plateau", "patience", 10),
        ("plateau", "threshold", 1e-4),
        ("plateau", "eps", 1e-8),
        ("plateau", "threshold_mode", "rel"),
        ("plateau", "noise", 0.02),
    ],
)
def test_defaults(name, key, value):
    assert run_schedule(name, 0.1, 20).params[key] == value


def test_derived_defaults_depend_on_the_run():
    assert run_schedule("cosine", 0.1, 37).params["T_max"] == 37
    assert run_schedule("warmup-cosine", 0.1, 37, {"warmup_iters": 7}).params["T_max"] == 30
    assert run_schedule("warmup-cosine", 0.1, 3, {"warmup_iters": 7}).params["T_max"] == 1
    cyc = run_schedule("cyclic", [0.1, 0.02], 10, {"step_size_up": 4})
    assert cyc.params["max_lr"] == pytest.approx([1.0, 0.2]) and cyc.params["step_size_down"] == 4
    assert run_schedule("one-cycle", 0.1, 42).params["total_steps"] == 42
    # explicit None means the default, as in torch
    assert run_schedule("cosine", 0.1, 37, {"T_max": None}).params["T_max"] == 37


def test_result_params_are_plain_json():
    for name in SCHEDULES:
        res = run_schedule(name, [0.1, 0.2], 30)
        assert isinstance(res, ScheduleResult) and res.name == name
        assert list(res.params) == list(SCHEDULES[name].params)
        json.dumps(res.params)


# --------------------------------------------------------------------------- rows

PER_ROW = {
    "constant": {},
    "step": {"step_size": [3, 7, 10], "gamma": [0.5, 0.1, 0.9]},
    "multistep": {"milestones": [[5, 9], [2, 40], [10, 11]], "gamma": [0.5, 0.3, 0.1]},
    "exponential": {"gamma": [0.9, 0.95, 0.99]},
    "inverse-time": {"k": [0.0, 0.1, 1.0]},
    "polynomial": {"total_iters": [5, 20, 60], "power": [1.0, 2.0, 0.5]},
    "linear": {"start_factor": [0.1, 1.0, 0.5], "end_factor": [1.0, 0.1, 0.0], "total_iters": [3, 10, 40]},
    "cosine": {"T_max": [5, 30, 50], "eta_min": [0.0, 1e-3, 0.05]},
    "cosine-restarts": {"T_0": [3, 5, 1], "T_mult": [1, 2, 3], "eta_min": [0.0, 1e-3, 0.01]},
    "cyclic": {"max_lr": [0.5, 1.0, 0.05], "step_size_up": [2, 5, 9], "step_size_down": [4, 0, 9]},
    "one-cycle": {
        "total_steps": [50, 60, 77],
        "pct_start": [0.3, 0.0, 0.6],
        "div_factor": [25.0, 5.0, 100.0],
        "final_div_factor": [1e4, 10.0, 1.0],
    },
    "warmup-cosine": {
        "warmup_iters": [0, 5, 12],
        "start_factor": [0.1, 1.0, 0.5],
        "T_max": [10, 45, 80],
        "eta_min": [0.0, 1e-4, 0.01],
    },
    "plateau": {
        "factor": [0.1, 0.5, 0.3],
        "patience": [0, 3, 10],
        "cooldown": [0, 2, 5],
        "threshold": [1e-4, 1e-3, 0.0],
        "min_lr": [0.0, 1e-3, 0.02],
        "noise": [0.02, 0.1, 0.0],
    },
}
SHARED = {
    "cyclic": [{"mode": "triangular2"}, {"mode": "exp_range", "gamma": [0.9, 0.97, 1.0]}],
    "one-cycle": [{"three_phase": True, "anneal_strategy": "linear"}],
    "plateau": [{"threshold_mode": "abs", "mode": "max"}],
}


@pytest.mark.parametrize("name", list(SCHEDULES))
def test_rows_equal_separate_scalar_runs(name):
    lr = [0.1, 0.03, 0.2]
    for extra in [{}, *SHARED.get(name, [])]:
        params = {**PER_ROW[name], **extra}
        together = run_schedule(name, lr, 50, params, seed=4)
        assert together.lr.shape == (3, 50)
        for i in range(3):
            mine = {k: (v[i] if isinstance(v, list) else v) for k, v in params.items()}
            alone = run_schedule(name, lr[i], 50, mine, seed=4)
            np.testing.assert_allclose(together.lr[i], alone.lr[0], rtol=1e-14, atol=0)
            for key, arr in alone.extras.items():
                np.testing.assert_array_equal(together.extras[key][i], arr[0])


def test_rows_actually_differ():
    """Guard against a broadcast that silently uses row 0 for every row."""
    res = run_schedule("cosine-restarts", 0.1, 40, {"T_0": [3, 5], "T_mult": [1, 2]})
    assert not np.allclose(res.lr[0], res.lr[1])
    res = run_schedule("plateau", 0.1, 120, {"patience": [0, 10]})
    assert res.extras["reduced"][0].sum() > res.extras["reduced"][1].sum()


def test_row_count_is_inferred():
    assert run_schedule("step", 0.1, 5).lr.shape == (1, 5)
    assert run_schedule("step", [0.1, 0.2, 0.3, 0.4], 5).lr.shape == (4, 5)
    assert run_schedule("step", 0.1, 5, {"gamma": [0.1, 0.2]}).lr.shape == (2, 5)
    assert run_schedule("multistep", 0.1, 5, {"milestones": [1, 2, 3]}).lr.shape == (1, 5)  # one shared list
    assert run_schedule("multistep", 0.1, 5, {"milestones": [[1, 2], [2, 3]]}).lr.shape == (2, 5)
    with pytest.raises(ValueError, match="same length"):
        run_schedule("step", [0.1, 0.2, 0.3], 5, {"gamma": [0.1, 0.2]})
    with pytest.raises(ValueError, match="same length"):
        run_schedule("multistep", [0.1, 0.2, 0.3], 5, {"milestones": [[1, 2], [2, 3]]})


# --------------------------------------------------------------------------- validation


def test_unknown_schedule_lists_the_names():
    with pytest.raises(ValueError) as err:
        run_schedule("cosine_restarts", 0.1, 10)
    for name in SCHEDULES:
        assert name in str(err.value)


def test_unknown_param_lists_the_params():
    with pytest.raises(ValueError, match="step has no parameter 'step'.*step_size, gamma"):
        run_schedule("step", 0.1, 10, {"step": 3})
    with pytest.raises(ValueError, match="constant has no parameter 'gamma'"):
        run_schedule("constant", 0.1, 10, {"gamma": 0.5})


@pytest.mark.parametrize(
    "name,params,message",
    [
        ("step", {"gamma": 0}, "step.gamma must be a number > 0"),
        ("step", {"gamma": -0.5}, "step.gamma must be a number > 0"),
        ("step", {"step_size": 0}, "step.step_size must be a whole number >= 1"),
        ("step", {"step_size": 2.5}, "step.step_size must be a whole number >= 1"),
        ("step", {"step_size": "7"}, "step.step_size must be a whole number >= 1"),
        ("step", {"gamma": float("nan")}, "step.gamma must be a number > 0"),
        ("step", {"gamma": [0.1, -1.0]}, "step.gamma must be a number > 0"),
        (
            "multistep",
            {"milestones": [30, 10]},
            "multistep.milestones must be comma-separated whole numbers >= 1, strictly increasing",
        ),
        ("multistep", {"milestones": [10, 10]}, "strictly increasing"),
        ("multistep", {"milestones": [0, 10]}, ">= 1"),
        ("multistep", {"milestones": [1.5]}, "whole numbers"),
        ("inverse-time", {"k": -0.1}, "inverse-time.k must be a number >= 0"),
        ("polynomial", {"total_iters": 0}, "polynomial.total_iters must be a whole number >= 1"),
        ("linear", {"start_factor": 0.0}, "linear.start_factor must be a number > 0 and <= 1"),
        ("linear", {"end_factor": 1.5}, "linear.end_factor must be a number >= 0 and <= 1"),
        ("cosine", {"T_max": 0}, "cosine.T_max must be a whole number >= 1"),
        ("cosine-restarts", {"T_mult": 0}, "cosine-restarts.T_mult must be a whole number >= 1"),
        ("cosine-restarts", {"T_mult": 1.5}, "cosine-restarts.T_mult must be a whole number >= 1"),
        ("cosine-restarts", {"T_0": 0}, "cosine-restarts.T_0 must be a whole number >= 1"),
        ("cyclic", {"mode": "triangle"}, "cyclic.mode must be one of triangular, triangular2, exp_range"),
        ("cyclic", {"mode": ["triangular"]}, "cyclic.mode must be one of"),
        ("cyclic", {"max_lr": 0}, "cyclic.max_lr must be a number > 0"),
        ("cyclic", {"step_size_up": 0}, "cyclic.step_size_up must be a whole number >= 1"),
        ("one-cycle", {"anneal_strategy": "cosine"}, "one-cycle.anneal_strategy must be one of cos, linear"),
        ("one-cycle", {"three_phase": "yes"}, "one-cycle.three_phase must be true or false"),
        ("one-cycle", {"pct_start": 1.2}, "one-cycle.pct_start must be a number >= 0 and <= 1"),
        ("one-cycle", {"total_steps": 10}, "one-cycle.total_steps must be >= epochs"),
        ("one-cycle", {"total_steps": 100, "pct_start": 0.01}, "zero steps long"),
        ("warmup-cosine", {"warmup_iters": -1}, "warmup-cosine.warmup_iters must be a whole number >= 0"),
        ("plateau", {"factor": 1.0}, "plateau.factor must be a number > 0 and < 1"),
        ("plateau", {"mode": "maximum"}, "plateau.mode must be one of min, max"),
        ("plateau", {"threshold_mode": "relative"}, "plateau.threshold_mode must be one of rel, abs"),
        ("plateau", {"patience": -1}, "plateau.patience must be a whole number >= 0"),
        ("plateau", {"noise": -0.1}, "plateau.noise must be a number >= 0"),
    ],
)
def test_bad_values_name_the_allowed_values(name, params, message):
    with pytest.raises(ValueError, match=_escape(message)):
        run_schedule(name, 0.1, 50, params)


def _escape(text: str) -> str:
    import re

    return re.escape(text)


@pytest.mark.parametrize("lr", [0, -0.1, float("nan"), float("inf"), [0.1, 0.0], [[0.1]], [], "0.1"])
def test_bad_lr(lr):
    with pytest.raises(ValueError, match="lr must be a number > 0"):
        run_schedule("step", lr, 10)


@pytest.mark.parametrize("epochs", [0, -3, 2.0, True, None])
def test_bad_epochs(epochs):
    with pytest.raises(ValueError, match="epochs must be a whole number >= 1"):
        run_schedule("step", 0.1, epochs)


def test_overflow_is_refused_not_warned():
    with pytest.raises(ValueError, match="overflows"):
        run_schedule("exponential", 0.1, 1000, {"gamma": 10.0})


# --------------------------------------------------------------------------- no warnings, edge cases

EDGES = [
    ("constant", {}),
    ("step", {"step_size": 1, "gamma": 1e-3}),
    ("multistep", {"milestones": []}),
    ("exponential", {"gamma": 1e-3}),
    ("inverse-time", {"k": 0.0}),
    ("polynomial", {"total_iters": 1, "power": 0.0}),
    ("polynomial", {"total_iters": 3, "power": 5.0}),
    ("linear", {"start_factor": 1.0, "end_factor": 0.0, "total_iters": 1}),
    ("cosine", {"T_max": 1}),
    ("cosine-restarts", {"T_0": 1, "T_mult": 5}),
    ("cyclic", {"step_size_up": 1, "step_size_down": 0}),
    ("cyclic", {"mode": "exp_range", "gamma": 1e-3}),
    ("one-cycle", {"pct_start": 0.0, "three_phase": True}),
    ("one-cycle", {"pct_start": 1.0}),
    ("one-cycle", {"pct_start": 0.004, "three_phase": True}),
    ("warmup-cosine", {"warmup_iters": 0}),
    ("warmup-cosine", {"warmup_iters": 500}),
    ("plateau", {"threshold": 1.0}),
    ("plateau", {"threshold": 0.0, "noise": 0.0, "patience": 0}),
    ("plateau", {"mode": "max", "threshold": 1.0}),
]


@pytest.mark.parametrize("name,params", EDGES)
@pytest.mark.parametrize("epochs", [1, 2, 300])
def test_edges_give_finite_values_without_warnings(name, params, epochs):
    if name == "one-cycle" and params.get("pct_start", 0.3) * epochs == 1:
        with pytest.raises(ValueError, match="zero steps long"):  # torch: ZeroDivisionError
            run_schedule(name, 0.1, epochs, params)
        return
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = run_schedule(name, [0.1, 1e-6], epochs, params)
    assert res.lr.shape == (2, epochs)
    assert np.all(np.isfinite(res.lr)) and np.all(res.lr >= 0)
    assert np.all(res.lr[:, 0] > 0)


def test_epoch_zero_is_the_start_value():
    """Where torch starts each schedule at epoch 0."""
    lr = 0.2
    assert run_schedule("linear", lr, 3, {"start_factor": 0.25}).lr[0, 0] == pytest.approx(0.05)
    assert run_schedule("one-cycle", lr, 100, {"div_factor": 4.0}).lr[0, 0] == pytest.approx(0.05)
    # a warm-up shorter than one step: torch starts in the annealing phase, just below the peak
    assert 0.19 < run_schedule("one-cycle", lr, 3, {"div_factor": 4.0}).lr[0, 0] < lr
    assert run_schedule("cyclic", lr, 3).lr[0, 0] == pytest.approx(lr)
    for name in ("constant", "step", "exponential", "cosine", "cosine-restarts", "plateau", "polynomial"):
        assert run_schedule(name, lr, 3).lr[0, 0] == lr


def test_prefix_does_not_depend_on_epochs():
    for name in SCHEDULES:
        if name in ("cosine", "warmup-cosine", "one-cycle"):  # their defaults are sized from epochs
            continue
        short, long = run_schedule(name, 0.1, 40, seed=3), run_schedule(name, 0.1, 120, seed=3)
        np.testing.assert_array_equal(short.lr, long.lr[:, :40])


# --------------------------------------------------------------------------- plateau


def test_plateau_reduces_within_100_epochs_at_defaults():
    res = run_schedule("plateau", 0.1, 100)
    assert res.extras["reduced"].any()
    assert res.lr[0, -1] < 0.1


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"patience": 0, "noise": 0.1},
        {"min_lr": 0.005, "patience": 2},
        {"eps": 0.02, "patience": 1, "factor": 0.5},
        {"mode": "max", "cooldown": 3},
        {"threshold_mode": "abs", "threshold": 0.02, "patience": 1},
    ],
)
def test_plateau_reduced_marks_exactly_the_drops(params):
    res = run_schedule("plateau", [0.1, 0.01], 150, params, seed=11)
    lr, reduced = res.lr, res.extras["reduced"]
    assert reduced.shape == lr.shape and reduced.dtype == bool
    assert not reduced[:, 0].any()
    np.testing.assert_array_equal(reduced[:, 1:], lr[:, 1:] < lr[:, :-1])
    assert np.all(lr[:, 1:] <= lr[:, :-1])  # never rises
    assert np.all(lr >= params.get("min_lr", 0.0))
    assert reduced.any()


def test_plateau_min_lr_and_eps_stop_reductions():
    capped = run_schedule("plateau", 0.1, 300, {"patience": 0, "noise": 0.1, "min_lr": 0.004, "factor": 0.5})
    assert capped.lr[0, -1] == 0.004
    tiny = run_schedule("plateau", 1e-7, 300, {"patience": 0, "noise": 0.1, "factor": 0.5})
    # 1e-7 -> 5e-8 -> 2.5e-8 -> 1.25e-8; the next cut (6.25e-9) is not more than eps=1e-8: torch skips it
    assert tiny.lr[0, -1] == pytest.approx(1e-7 / 8)


def test_plateau_cut_of_exactly_eps_is_skipped():
    # 0.1 -> 0.05 would change the lr by exactly eps; torch only applies changes larger than eps
    res = run_schedule("plateau", 0.1, 100, {"patience": 1, "factor": 0.5, "eps": 0.05, "noise": 0.05})
    assert np.all(res.lr == 0.1) and not res.extras["reduced"].any()
    res = run_schedule("plateau", 0.1, 100, {"patience": 1, "factor": 0.5, "eps": 0.0499, "noise": 0.05})
    assert res.extras["reduced"].any()


def test_plateau_cooldown_spaces_reductions():
    res = run_schedule("plateau", 0.1, 200, {"patience": 0, "cooldown": 4, "noise": 0.2, "factor": 0.9})
    drops = np.flatnonzero(res.extras["reduced"][0])
    assert len(drops) >= 3 and np.all(np.diff(drops) >= 5)


def test_plateau_curve_is_seeded_and_shared_by_rows():
    a = run_schedule("plateau", [0.1, 0.1], 80, {"noise": [0.02, 0.05]}, seed=5)
    b = run_schedule("plateau", 0.1, 80, {"noise": 0.02}, seed=5)
    c = run_schedule("plateau", 0.1, 80, {"noise": 0.02}, seed=6)
    np.testing.assert_array_equal(a.extras["loss"][0], b.extras["loss"][0])
    assert not np.array_equal(b.extras["loss"], c.extras["loss"])
    trend = 0.25 + 2 * np.exp(-np.arange(80) / 12)
    z0 = (a.extras["loss"][0] - trend) / 0.02
    z1 = (a.extras["loss"][1] - trend) / 0.05
    np.testing.assert_allclose(z0, z1, rtol=1e-9, atol=1e-9)  # same draws, own scale
    np.testing.assert_array_equal(plateau_loss(30, 0.02, 5)[0], b.extras["loss"][0, :30])
    smooth = run_schedule("plateau", 0.1, 80, {"noise": 0.0}).extras["loss"][0]
    np.testing.assert_allclose(smooth, trend, rtol=1e-15)


def test_plateau_mode_max_watches_the_mirrored_curve():
    res = run_schedule("plateau", 0.1, 60, {"mode": "max"})
    np.testing.assert_array_equal(res.extras["metric"], 2.5 - res.extras["loss"])
    assert res.extras["metric"][0, -1] > res.extras["metric"][0, 0]
    assert np.array_equal(run_schedule("plateau", 0.1, 60).extras["metric"], res.extras["loss"])


def test_only_plateau_has_extras():
    for name in SCHEDULES:
        extras = run_schedule(name, 0.1, 10).extras
        assert (set(extras) == {"loss", "metric", "reduced"}) if name == "plateau" else extras == {}
