"""The optimizers against PyTorch's own runs, and the behaviour plots rely on."""

import json
from pathlib import Path

import numpy as np
import pytest

from dltutor.sim.optimizers import OPTIMIZERS, check_params, run_optimizer
from dltutor.sim.surfaces import SURFACES

GOLDEN = json.loads((Path(__file__).parents[1] / "goldens" / "optimizers.json").read_text())
CASES = GOLDEN["cases"]


def test_goldens_cover_every_torch_optimizer_on_three_or_more_surfaces():
    torch_backed = {name for name, opt in OPTIMIZERS.items() if opt.torch}
    for name in torch_backed:
        assert len({c["surface"] for c in CASES if c["optimizer"] == name}) >= 3, name


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['optimizer']}-{c['surface']}-{sorted(c['params'])}")
def test_path_matches_pytorch(case):
    # Up to `horizon`: the steps over which torch agrees with itself when the start moves by one
    # ulp (the whole run, unless the path is chaotic; see tools/goldens/make_optimizers.py).
    params = {k: tuple(v) if isinstance(v, list) else v for k, v in case["params"].items()}
    run = run_optimizer(case["optimizer"], SURFACES[case["surface"]], steps=case["steps"], params=params)
    expected = np.array(case["path"])
    assert not run.diverged.any()
    horizon = case["horizon"] + 1
    np.testing.assert_allclose(run.path[:horizon, 0, :], expected[:horizon], rtol=1e-9, atol=1e-12)


def test_most_golden_paths_are_compared_whole():
    assert sum(c["horizon"] == c["steps"] for c in CASES) >= 0.85 * len(CASES)


def test_per_row_hyperparameters_equal_separate_runs():
    surface = SURFACES["rosenbrock"]
    lrs = np.array([1e-3, 3e-3, 1e-2])
    betas = np.array([[0.9, 0.999], [0.8, 0.99], [0.5, 0.9]])
    amsgrad = np.array([False, True, False])
    batched = run_optimizer("adam", surface, steps=150, params={"lr": lrs, "betas": betas, "amsgrad": amsgrad})
    for i in range(3):
        single = run_optimizer(
            "adam", surface, steps=150, params={"lr": lrs[i], "betas": tuple(betas[i]), "amsgrad": bool(amsgrad[i])}
        )
        np.testing.assert_allclose(batched.path[:, i], single.path[:, 0], rtol=1e-13, atol=1e-15)
        np.testing.assert_allclose(batched.state["exp_avg_sq"][:, i], single.state["exp_avg_sq"][:, 0])


@pytest.mark.parametrize("name", ["sgd", "rmsprop", "nadam"])
def test_per_row_momentum_and_flags_equal_separate_runs(name):
    surface = SURFACES["beale"]
    settings = {
        "sgd": [{"momentum": 0.0}, {"momentum": 0.9, "dampening": 0.5}],
        "rmsprop": [{"momentum": 0.0, "centered": False}, {"momentum": 0.5, "centered": True}],
        "nadam": [
            {"weight_decay": 0.1, "decoupled_weight_decay": False},
            {"weight_decay": 0.1, "decoupled_weight_decay": True},
        ],
    }[name]
    keys = settings[1].keys()
    batched_params = {k: np.array([s.get(k, OPTIMIZERS[name].params[k].default) for s in settings]) for k in keys}
    batched = run_optimizer(name, surface, steps=100, params={"lr": 1e-3, **batched_params})
    for i, s in enumerate(settings):
        single = run_optimizer(name, surface, steps=100, params={"lr": 1e-3, **s})
        np.testing.assert_allclose(batched.path[:, i], single.path[:, 0], rtol=1e-12, atol=1e-14)


def test_many_starts_in_one_run():
    surface = SURFACES["himmelblau"]
    starts = np.array([[4.0, 4.0], [-4.0, 4.0], [-4.0, -4.0], [4.0, -4.0]])
    run = run_optimizer("adam", surface, steps=2000, start=starts, params={"lr": 0.05})
    ends = {tuple(np.round(p, 2)) for p in run.final}
    assert len(ends) == 4  # each quadrant's start finds its own minimum
    minima = np.array(surface.minima)
    assert np.all(np.min(np.linalg.norm(run.final[:, None] - minima[None], axis=-1), axis=1) < 1e-2)


def test_backstitch_follows_its_two_step_rule():
    surface = SURFACES["bowl"]  # gradient 2θ, so one backstitch step is θ·(1 + 2αη)·(1 − 2(1+α)η)
    lr, alpha = 0.1, 0.3
    run = run_optimizer("backstitch", surface, steps=3, params={"lr": lr, "alpha": alpha})
    factor = (1 + 2 * alpha * lr) * (1 - 2 * (1 + alpha) * lr)
    start = np.array(surface.start)
    for t in range(4):
        np.testing.assert_allclose(run.path[t, 0], start * factor**t, rtol=1e-14)


def test_momentum_velocity_after_constant_gradient():
    # On a plane the gradient is constant: v_k = g·(1 + m + … + m^(k−1)) (torch starts v₁ = g).
    surface = SURFACES["bowl"]
    run = run_optimizer("momentum", surface, steps=1, params={"lr": 1e-9, "momentum": 0.9})
    g = run.grad[0, 0]
    np.testing.assert_allclose(run.state["momentum_buffer"][0, 0], g)


def test_diverging_rows_are_frozen_and_flagged_without_warnings(recwarn):
    surface = SURFACES["rosenbrock"]
    lrs = np.array([1e-4, 1.0, 1e6])
    run = run_optimizer("sgd", surface, steps=100, params={"lr": lrs})
    assert run.diverged.tolist() == [False, True, True]
    assert run.diverged_at[0] == -1 and run.diverged_at[1] >= 1
    assert np.all(np.isfinite(run.path)) and np.all(np.isfinite(run.loss))
    d = run.diverged_at[2]
    assert np.all(run.path[d - 1 :, 2] == run.path[d - 1, 2])  # stopped where it was last in bounds
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_state_is_recorded_with_torch_names(name):
    run = run_optimizer(name, SURFACES["bowl"], steps=5)
    assert set(run.state) == set(OPTIMIZERS[name].state)
    for values in run.state.values():
        assert values.shape[:2] == (5, 1)
    assert run.update.shape == (5, 1, 2)
    np.testing.assert_allclose(run.path[1:] - run.path[:-1], run.update)


def test_torch_defaults():
    assert check_params("sgd", {})["lr"] == 1e-3
    assert check_params("adam", {}) == {
        "lr": 1e-3,
        "betas": (0.9, 0.999),
        "eps": 1e-8,
        "weight_decay": 0.0,
        "amsgrad": False,
    }
    assert check_params("adamw", {})["weight_decay"] == 1e-2
    assert check_params("adagrad", {})["eps"] == 1e-10
    assert check_params("rmsprop", {})["alpha"] == 0.99
    assert check_params("adadelta", {})["lr"] == 1.0
    assert check_params("nadam", {})["momentum_decay"] == 4e-3


@pytest.mark.parametrize(
    "name, params, fragment",
    [
        ("adam", {"lr": 0}, "adam.lr must be a number > 0"),
        ("adam", {"betas": (0.9, 1.0)}, "adam.betas must be 2 comma-separated numbers"),
        ("sgd", {"lr": -1}, "> 0"),
        ("sgd", {"momentum_decay": 1}, "sgd has no parameter 'momentum_decay'"),
        ("nesterov", {"momentum": 0.0}, "Nesterov momentum needs momentum > 0"),
        ("nesterov", {"dampening": 0.1}, "dampening = 0"),
        ("rmsprop", {"alpha": 1.5}, "rmsprop.alpha must be a number >= 0 and <= 1"),
        ("lion", {}, "unknown optimizer 'lion'; choose one of: sgd, momentum"),
    ],
)
def test_bad_hyperparameters_are_refused(name, params, fragment):
    with pytest.raises(ValueError, match=None) as err:
        check_params(name, params)
    assert fragment in str(err.value)


def test_mismatched_row_counts_are_refused():
    with pytest.raises(ValueError, match="disagree"):
        run_optimizer("adam", SURFACES["bowl"], steps=3, start=np.zeros((3, 2)), params={"lr": np.ones(4)})


@pytest.mark.parametrize("surface_name", list(SURFACES))
def test_every_optimizer_and_learning_rate_ends_finite_or_flagged(surface_name, recwarn):
    surface = SURFACES[surface_name]
    lrs = np.repeat(np.logspace(-6, 2, 9), 3)  # three starts per learning rate
    rng = np.random.default_rng(0)
    (x0, x1), (y0, y1) = surface.bounds
    starts = np.column_stack([rng.uniform(x0, x1, lrs.size), rng.uniform(y0, y1, lrs.size)])
    for name in OPTIMIZERS:
        run = run_optimizer(name, surface, steps=150, start=starts, params={"lr": lrs})
        assert np.all(np.isfinite(run.path)) and np.all(np.isfinite(run.loss)), name
        assert np.all(np.isfinite(run.update)), name
        for values in run.state.values():
            assert np.all(np.isfinite(values)), name
        still = ~run.diverged
        assert np.all(~surface.escaped(run.final[still])), name
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]
