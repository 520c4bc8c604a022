"""Batch / mini-batch / stochastic gradient descent on synthetic linear regression."""

import warnings

import numpy as np
import pytest

from dltutor.sim.gd import PARAMS, run_gd


def _data(seed, samples=1050, features=5, noise=0.1):
    """The module's data, drawn in the module's order (X, w, b, noise) to check its losses."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((samples, features))
    w, b = rng.standard_normal(features), rng.standard_normal()
    return X, X @ w + b + noise * rng.standard_normal(samples)


def test_updates_per_epoch_count_the_partial_batch():
    r = run_gd({"batch_size": 100, "epochs": 2})
    assert list(r.flavours) == ["batch", "minibatch", "stochastic"]
    np.testing.assert_array_equal(r.updates_per_epoch, [1, 11, 1050])
    np.testing.assert_array_equal(r.batch_size, [1050, 100, 1])
    np.testing.assert_array_equal(r.total_updates, [2, 22, 2100])
    mb = r.curve("minibatch", "update_epoch")
    np.testing.assert_array_equal(mb, [0] * 11 + [1] * 11)
    assert r.curve("stochastic", "full_loss").shape == (1, 2100)
    assert r.curve("minibatch", "epoch_progress")[-1] == pytest.approx(2.0)
    # padding beyond a flavour's updates
    assert np.isnan(r.full_loss[0, 0, 2:]).all() and (r.update_epoch[1, 22:] == -1).all()


def test_batch_size_larger_than_the_set_is_one_batch():
    r = run_gd({"samples": 50, "batch_size": 64, "flavours": ("minibatch",)})
    assert r.updates_per_epoch[0] == 1 and r.batch_size[0] == 50


def test_all_flavours_reduce_the_loss():
    r = run_gd({"lr": 0.05})
    final = r.epoch_loss[:, 0, -1]
    assert np.all(final < r.initial_loss)
    # after 5 epochs mini-batch and stochastic sit near the least-squares floor; batch GD
    # (5 steps in all) is still far from it
    assert final[1] < 1.5 * r.min_loss and final[2] < 2 * r.min_loss
    assert final[0] > 10 * r.min_loss
    assert r.min_loss == pytest.approx(0.01, rel=0.3)  # noise 0.1 -> floor ~ noise^2
    assert not r.diverged.any() and np.all(r.diverged_at == -1)


def test_full_loss_is_the_real_mse():
    r = run_gd({"lr": 0.05, "epochs": 2}, seed=4)
    X, y = _data(4)
    for f in range(3):
        pred = X @ r.weight[f, 0] + r.bias[f, 0]
        assert r.epoch_loss[f, 0, -1] == pytest.approx(np.mean((pred - y) ** 2), rel=1e-10)
    assert r.initial_loss == pytest.approx(np.mean(y**2), rel=1e-10)


def test_batch_gd_is_monotone_at_a_small_lr():
    r = run_gd({"lr": 0.01, "epochs": 60, "flavours": "batch"})
    curve = r.curve("batch", "full_loss")[0]
    assert np.all(np.diff(curve) < 0)
    assert curve[0] < r.initial_loss
    # one exact step per epoch: the batch loss before each step is the previous full loss
    np.testing.assert_allclose(r.curve("batch", "batch_loss")[0, 1:], curve[:-1], rtol=1e-9)


def test_stochastic_is_noisy_and_not_monotone():
    r = run_gd({"lr": 0.05, "epochs": 1, "flavours": ["stochastic"]})
    full = r.curve("stochastic", "full_loss")[0]
    assert np.any(np.diff(full[200:]) > 0)
    # per-sample losses scatter far more than the full loss does late in training
    assert r.curve("stochastic", "batch_loss")[0, 500:].std() > 5 * full[500:].std()


def test_huge_lr_is_flagged_and_frozen_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = run_gd({"lr": [0.05, 5.0, 1e6, 1e300], "epochs": 3})
    np.testing.assert_array_equal(r.diverged[:, 0], False)
    assert r.diverged[:, 2:].all()
    assert r.diverged[1:, 1].all()  # lr 5 is too much for every step size but full batch's
    for f, name in enumerate(r.flavours):
        for field in ("full_loss", "batch_loss"):
            assert np.isfinite(r.curve(name, field)).all()
        assert np.all(r.curve(name, "full_loss") <= 1e12)
        for row in np.flatnonzero(r.diverged[f]):
            k = r.diverged_at[f, row]
            assert k >= 0
            # frozen: the record repeats the last good loss from the refused update on
            after = r.curve(name, "full_loss")[row, k:]
            assert np.all(after == after[0])
    assert np.isfinite(r.weight).all() and np.isfinite(r.bias).all()


def test_rows_match_separate_runs():
    lrs = [0.01, 0.03, 0.06]
    rows = run_gd({"lr": lrs, "epochs": 2, "batch_size": 50}, seed=7)
    assert rows.lr.tolist() == lrs and rows.params["lr"] == lrs
    for i, lr in enumerate(lrs):
        one = run_gd({"lr": lr, "epochs": 2, "batch_size": 50}, seed=7)
        # equal up to BLAS choosing a different kernel for a different N
        np.testing.assert_allclose(rows.full_loss[:, i], one.full_loss[:, 0], rtol=1e-12)
        np.testing.assert_allclose(rows.batch_loss[:, i], one.batch_loss[:, 0], rtol=1e-12, atol=1e-14)


def test_seed_and_shuffle():
    a = run_gd({"epochs": 2}, seed=1)
    b = run_gd({"epochs": 2}, seed=1)
    c = run_gd({"epochs": 2}, seed=2)
    np.testing.assert_array_equal(a.batch_loss, b.batch_loss)
    assert not np.allclose(a.true_weight, c.true_weight)
    still = run_gd({"epochs": 2, "shuffle": False}, seed=1)
    assert not np.allclose(a.curve("minibatch", "batch_loss"), still.curve("minibatch", "batch_loss"))
    # the full batch does not care about order (up to rounding)
    np.testing.assert_allclose(a.curve("batch", "full_loss"), still.curve("batch", "full_loss"), rtol=1e-10)


def test_flavour_subset_sees_the_same_shuffles():
    allf = run_gd({"epochs": 2}, seed=5)
    one = run_gd({"epochs": 2, "flavours": ("stochastic",)}, seed=5)
    np.testing.assert_array_equal(allf.curve("stochastic", "full_loss"), one.curve("stochastic", "full_loss"))


def test_defaults_echoed():
    r = run_gd(None)
    assert r.params == {name: p.default for name, p in PARAMS.items()}


@pytest.mark.parametrize(
    "given, name",
    [
        ({"lr": 0.0}, "gd.lr"),
        ({"lr": [0.1, -1.0]}, "gd.lr"),
        ({"lr": [[0.1]]}, "gd.lr"),
        ({"flavours": ("batch", "online")}, "gd.flavours"),
        ({"flavours": ("batch", "batch")}, "gd.flavours"),
        ({"flavours": ()}, "gd.flavours"),
        ({"batch_size": 0}, "gd.batch_size"),
        ({"epochs": 1.5}, "gd.epochs"),
        ({"noise": -0.1}, "gd.noise"),
        ({"shuffle": 1}, "gd.shuffle"),
        ({"momentum": 0.9}, "'momentum'"),
    ],
)
def test_invalid_params(given, name):
    with pytest.raises(ValueError, match=name):
        run_gd(given)


def test_too_many_updates_is_refused():
    with pytest.raises(ValueError, match="gd: .*too many"):
        run_gd({"samples": 100_000, "epochs": 10})
    run_gd({"samples": 100_000, "epochs": 10, "flavours": "batch,minibatch", "batch_size": 1000})
