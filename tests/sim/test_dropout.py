"""Dropout: kept fraction, where the scaling lives, and masks over time."""

import warnings

import numpy as np
import pytest

from dltutor.sim.dropout import PARAMS, run_dropout


def test_defaults_shapes_and_echo():
    r = run_dropout(None)
    assert r.params == {name: p.default for name, p in PARAMS.items()}
    assert r.masks.shape == (1, 200, 64) and r.masks.dtype == bool
    for field in ("train_mean", "running_mean", "kept_fraction"):
        assert getattr(r, field).shape == (1, 200)
    assert r.h.shape == (64,) and np.all(r.h > 0)
    assert r.h_mean == pytest.approx(r.h.mean())


def test_kept_fraction_is_one_minus_p():
    p = np.array([0.1, 0.5, 0.9])
    r = run_dropout({"p": p, "steps": 2000})
    assert r.masks.shape == (3, 2000, 64)
    np.testing.assert_allclose(r.kept_fraction.mean(axis=1), 1 - p, atol=0.01)
    np.testing.assert_allclose(r.masks.mean(axis=(1, 2)), 1 - p, atol=0.01)


@pytest.mark.parametrize("mode", ["inverted", "standard"])
def test_running_mean_converges_to_test_mean(mode):
    p = np.array([0.2, 0.5, 0.8])
    r = run_dropout({"p": p, "mode": mode, "steps": 5000})
    err = np.abs(r.running_mean - r.test_mean[:, None]) / r.test_mean[:, None]
    assert np.all(err[:, -1] < 0.02)
    # later is closer than early on, averaged over the rows
    assert err[:, -1].mean() < err[:, :20].mean()
    np.testing.assert_allclose(r.expected_train_mean, r.test_mean)


def test_inverted_scales_in_training_standard_at_test():
    p = np.array([0.25, 0.75])
    inv = run_dropout({"p": p, "mode": "inverted"})
    std = run_dropout({"p": p, "mode": "standard"})
    np.testing.assert_allclose(inv.train_scale, 1 / (1 - p))
    np.testing.assert_allclose(inv.test_scale, 1.0)
    np.testing.assert_allclose(std.train_scale, 1.0)
    np.testing.assert_allclose(std.test_scale, 1 - p)
    np.testing.assert_allclose(inv.test_mean, inv.h_mean)
    np.testing.assert_allclose(std.test_mean, (1 - p) * std.h_mean)
    # same masks, so the two modes' train means differ exactly by 1/(1-p)
    np.testing.assert_array_equal(inv.masks, std.masks)
    np.testing.assert_allclose(inv.train_mean * (1 - p)[:, None], std.train_mean)
    # each step: mean of mask * h * scale
    manual = (inv.masks * inv.h).mean(axis=2) / (1 - p)[:, None]
    np.testing.assert_allclose(inv.train_mean, manual)


def test_inverted_train_mean_is_h_mean_in_expectation():
    r = run_dropout({"p": 0.5, "mode": "inverted", "steps": 20000, "units": 32})
    assert r.train_mean.mean() == pytest.approx(float(r.h_mean), rel=0.01)
    s = run_dropout({"p": 0.5, "mode": "standard", "steps": 20000, "units": 32})
    assert s.train_mean.mean() == pytest.approx(0.5 * float(s.h_mean), rel=0.01)


def test_p_zero_keeps_everything():
    r = run_dropout({"p": 0.0, "steps": 10})
    assert r.masks.all()
    np.testing.assert_allclose(r.train_mean, r.h_mean)


def test_variational_masks_repeat_over_time_elementwise_do_not():
    base = {"p": 0.5, "recurrent": True, "time_steps": 12, "units": 16, "steps": 50}
    var = run_dropout({**base, "variational": True})
    ele = run_dropout({**base, "variational": False})
    assert var.masks.shape == ele.masks.shape == (1, 50, 12, 16)
    assert np.all(var.masks == var.masks[:, :, :1, :])
    assert not np.all(ele.masks == ele.masks[:, :, :1, :])
    # different masks across steps in both cases
    assert not np.all(var.masks == var.masks[:, :1])
    np.testing.assert_allclose(ele.kept_fraction.mean(), 0.5, atol=0.02)
    np.testing.assert_allclose(var.kept_fraction.mean(), 0.5, atol=0.05)


def test_not_recurrent_ignores_time_steps():
    r = run_dropout({"time_steps": 5, "variational": True, "steps": 7})
    assert r.masks.shape == (1, 7, 64)


def test_seed_determinism():
    a, b, c = run_dropout({"p": 0.3}, seed=1), run_dropout({"p": 0.3}, seed=1), run_dropout({"p": 0.3}, seed=2)
    np.testing.assert_array_equal(a.masks, b.masks)
    np.testing.assert_array_equal(a.h, b.h)
    assert not np.array_equal(a.masks, c.masks)
    assert not np.array_equal(a.h, c.h)


@pytest.mark.parametrize("recurrent", [False, True])
def test_rows_match_separate_scalar_runs(recurrent):
    ps = [0.1, 0.4, 0.7]
    rows = run_dropout({"p": ps, "recurrent": recurrent, "steps": 30}, seed=3)
    assert rows.params["p"] == ps
    for i, p in enumerate(ps):
        one = run_dropout({"p": p, "recurrent": recurrent, "steps": 30}, seed=3)
        np.testing.assert_array_equal(rows.masks[i], one.masks[0])
        np.testing.assert_allclose(rows.train_mean[i], one.train_mean[0])
        np.testing.assert_allclose(rows.running_mean[i], one.running_mean[0])


def test_no_runtime_warnings_at_extremes():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = run_dropout({"p": [0.0, 0.999999], "steps": 50, "units": 3})
    assert np.all(np.isfinite(r.running_mean))


@pytest.mark.parametrize(
    "given, name",
    [
        ({"p": 1.0}, "dropout.p"),
        ({"p": -0.1}, "dropout.p"),
        ({"p": [0.2, 1.5]}, "dropout.p"),
        ({"p": [[0.2, 0.3]]}, "dropout.p"),
        ({"p": []}, "dropout.p"),
        ({"mode": "scaled"}, "dropout.mode"),
        ({"units": 0}, "dropout.units"),
        ({"steps": 2.5}, "dropout.steps"),
        ({"recurrent": "yes"}, "dropout.recurrent"),
        ({"time_steps": 0}, "dropout.time_steps"),
        ({"rate": 0.5}, "'rate'"),
    ],
)
def test_invalid_params(given, name):
    with pytest.raises(ValueError, match=name):
        run_dropout(given)


def test_too_large_is_refused_before_allocating():
    with pytest.raises(ValueError, match="dropout: .*too many"):
        run_dropout({"p": [0.1, 0.5], "steps": 100_000, "units": 1000})
