"""The network engine's behaviour: shapes, seeds, batched runs, divergence, ceilings, inits, lr_find."""

import math

import numpy as np
import pytest

from dltutor.sim.network import NetworkConfig, Trainer, make_dataset, train
from dltutor.sim.network.layers import Architecture, init_params
from dltutor.sim.network.lrfind import lr_find, suggestions
from dltutor.sim.schedules import run_schedule

SMALL = dict(points=80, noise=10, seed=1)


def small(name="circle", **kw):
    return make_dataset(name, **{**SMALL, **kw})


def test_result_shapes():
    data = small()
    cfg = NetworkConfig(layers=(5, 3), epochs=4, batch_size=8, grid=20, grid_every=2, dropout=0.2, l2=0.01)
    res = train(cfg, data)
    steps = 4 * 5  # 40 training points in batches of 8
    P = (2 * 5 + 5) + (5 * 3 + 3) + (3 + 1)
    assert res.runs == 1 and res.final.shape == (1, P) and res.initial.shape == (P,)
    assert res.step_loss.shape == (steps, 1) and res.step_penalty.shape == (steps, 1)
    assert res.grad_norm.shape == (4, 1, 3) and res.lr.shape == (4, 1)
    assert res.train_loss.shape == res.test_loss.shape == res.train_acc.shape == (5, 1)
    assert res.order.shape == (4, 40) and all(sorted(o) == list(range(40)) for o in res.order)
    assert len(res.masks) == steps and [m.shape for m in res.masks[0]] == [(8, 5), (8, 3)]
    assert res.frames.shape == (3, 1, 20, 20, 1) and list(res.frame_epochs) == [0, 2, 4]
    assert res.grid.output.shape == (1, 20, 20, 1) and [u.shape for u in res.grid.units] == [
        (1, 20, 20, 5),
        (1, 20, 20, 3),
    ]
    assert res.weight(1).shape == (1, 3, 5) and list(res.weights_epochs) == [0, 1, 2, 3, 4]
    assert res.param_names == ["0.weight", "0.bias", "1.weight", "1.bias", "2.weight", "2.bias"]
    assert not res.diverged.any()


def test_multiclass_outputs_and_accuracy():
    res = train(
        NetworkConfig(
            layers=(16,), activation="relu", optimizer="adam", optimizer_params={"lr": 0.03}, epochs=60, grid=10
        ),
        make_dataset("blobs3", seed=0),
    )
    assert res.loss == "cross-entropy" and res.grid.output.shape == (1, 10, 10, 3)
    assert res.test_acc[-1, 0] > 0.8 and res.test_loss[-1, 0] < res.test_loss[0, 0]


def test_same_seed_same_run_other_seed_other_run():
    data = small("xor")
    cfg = NetworkConfig(layers=(6, 6), dropout=0.3, batch_norm=True, epochs=3, batch_size=8)
    a, b = train(cfg, data), train(cfg, data)
    np.testing.assert_array_equal(a.final, b.final)
    np.testing.assert_array_equal(a.step_loss, b.step_loss)
    c = train(NetworkConfig(**{**cfg.__dict__, "seed": 1}), data)
    assert not np.array_equal(a.initial, c.initial) and not np.array_equal(a.order, c.order)


@pytest.mark.parametrize(
    "sweep",
    [
        {"optimizer_params": {"lr": np.array([0.01, 0.1, 0.5])}},
        {"optimizer": "adam", "optimizer_params": {"lr": 0.01, "weight_decay": np.array([0.0, 0.01, 0.1])}},
        {"dropout": np.array([0.0, 0.2, 0.5]), "batch_norm": True},
        {"l2": np.array([0.0, 0.01, 0.1]), "l1": np.array([0.001, 0.0, 0.01])},
    ],
)
def test_batched_sweep_equals_separate_runs(sweep):
    data = small("spiral")
    base = dict(layers=(6, 4), activation="tanh", epochs=3, batch_size=8, grid=12)
    batched = train(NetworkConfig(**base, **sweep), data)
    assert batched.runs == 3
    for r in range(3):
        one = {
            k: (
                {kk: (vv[r] if np.ndim(vv) else vv) for kk, vv in v.items()}
                if isinstance(v, dict)
                else (v[r] if np.ndim(v) else v)
            )
            for k, v in sweep.items()
        }
        single = train(NetworkConfig(**base, **one), data)
        np.testing.assert_allclose(batched.final[r], single.final[0], rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(batched.step_loss[:, r], single.step_loss[:, 0], rtol=1e-12)
        np.testing.assert_allclose(batched.test_loss[:, r], single.test_loss[:, 0], rtol=1e-12)
        np.testing.assert_allclose(batched.grid.output[r], single.grid.output[0], rtol=1e-10, atol=1e-12)
        for (m, v), (m1, v1) in zip(batched.running, single.running):
            np.testing.assert_allclose(m[r], m1[0], rtol=1e-12, atol=1e-15)
            np.testing.assert_allclose(v[r], v1[0], rtol=1e-12, atol=1e-15)


def test_a_diverging_network_stops_quietly_and_the_others_go_on():
    data = small("plane")
    lrs = np.array([0.01, 1e5])
    res = train(
        NetworkConfig(
            layers=(8, 8), activation="tanh", loss="mse", epochs=20, batch_size=8, optimizer_params={"lr": lrs}
        ),
        data,
    )
    assert list(res.diverged) == [False, True]
    d = res.diverged_at[1]
    assert 1 <= d <= res.step_loss.shape[0]
    assert np.all(np.isnan(res.step_loss[d - 1 :, 1])) and np.all(np.isfinite(res.step_loss[: d - 1, 1]))
    assert np.all(np.isfinite(res.final)) and np.all(np.isfinite(res.grid.output))
    single = train(
        NetworkConfig(
            layers=(8, 8), activation="tanh", loss="mse", epochs=20, batch_size=8, optimizer_params={"lr": 0.01}
        ),
        data,
    )
    np.testing.assert_allclose(res.final[0], single.final[0], rtol=1e-12, atol=1e-14)


def test_every_network_diverged_ends_training_early():
    res = train(
        NetworkConfig(
            layers=(8,), activation="tanh", loss="mse", epochs=50, batch_size=8, optimizer_params={"lr": 1e3}
        ),
        small("plane"),
    )
    assert res.diverged.all() and res.epochs < 50


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"layers": (4,) * 9}, "hidden layers is 9; at most 8"),
        ({"layers": (65,)}, "width is 65; at most 64"),
        ({"layers": (0,)}, "width must be"),
        ({"grid": 201}, "grid is 201; at most 200"),
        ({"epochs": 100_000, "batch_size": 1}, "epochs × iterations"),
        ({"optimizer_params": {"lr": np.full(300, 0.1)}}, "networks is 300; at most 256"),
        ({"batch_size": 41}, "larger than the 40 training points"),
        ({"batch_norm": True, "batch_size": 3}, "batch norm needs 2 or more"),
        ({"activation": "relu,tanh,relu", "layers": (4, 4)}, "one per hidden layer"),
        ({"activation": "swish"}, "unknown activation"),
        ({"loss": "cross-entropy", "output_activation": "tanh"}, "output activation must be identity"),
        ({"dropout": 1.0}, "dropout must be >= 0 and below 1"),
        ({"l2": -1.0}, "l2 must be >= 0"),
        ({"init": "he"}, "unknown init"),
        ({"inputs": ("x1", "y")}, "unknown input"),
        ({"schedule": "plateau"}, "plateau"),
        ({"grid_every": 1, "epochs": 2000, "grid": 200, "batch_size": 40}, "raise grid_every"),
        ({"l1": np.zeros(3), "dropout": np.zeros(4)}, "disagree"),
    ],
)
def test_bad_configs_are_refused_with_one_line(kwargs, message):
    with pytest.raises(ValueError) as err:
        Trainer(NetworkConfig(**kwargs), small())
    assert message in str(err.value) and "\n" not in str(err.value)


def test_losses_must_fit_the_data():
    with pytest.raises(ValueError, match="regression set trains with mse"):
        Trainer(NetworkConfig(loss="bce"), small("plane"))
    with pytest.raises(ValueError, match="3 classes need cross-entropy"):
        Trainer(NetworkConfig(loss="mse"), make_dataset("spiral3"))


def _arch(hidden=(30, 30), bn=False):
    return Architecture(2, hidden, 1, ("tanh",) * len(hidden), ({},) * len(hidden), batch_norm=bn)


def test_initialisations():
    rng = np.random.default_rng
    arch = _arch((400,))  # layer 0: fan_in 2, fan_out 400; layer 1: 400 -> 1
    theta = init_params(arch, "torch-default", rng(0))
    w0, b0, w1 = theta[:800], theta[800:1200], theta[1200:1600]
    assert np.abs(w0).max() <= 1 / math.sqrt(2) and np.abs(w0).max() > 0.95 / math.sqrt(2)
    assert np.abs(b0).max() <= 1 / math.sqrt(2) and np.abs(w1).max() <= 1 / 20
    p = init_params(arch, "playground", rng(0))
    assert np.abs(p[:800]).max() <= 0.5 and np.all(p[800:1200] == 0.1) and p[-1] == 0.1
    assert not init_params(arch, "zeros", rng(0)).any()
    x = init_params(arch, "xavier_normal", rng(0))
    assert x[:800].std() == pytest.approx(math.sqrt(2 / 402), rel=0.1) and not x[800:1200].any()
    k = init_params(arch, "kaiming_uniform", rng(0))
    assert np.abs(k[:800]).max() <= math.sqrt(6 / 2) and k[:800].std() == pytest.approx(1.0, rel=0.1)
    kn = init_params(arch, "kaiming_normal", rng(0))
    assert kn[1200:1600].std() == pytest.approx(math.sqrt(2 / 400), rel=0.15)
    xu = init_params(arch, "xavier_uniform", rng(0))
    assert np.abs(xu[:800]).max() <= math.sqrt(6 / 402)
    bn = init_params(_arch((4,), bn=True), "xavier_uniform", rng(0))
    assert bn.size == 8 + 4 + 4 + 4 + 1 and np.all(bn[8:12] == 1) and not bn[12:16].any()  # no Linear bias


def test_zero_init_keeps_units_identical():
    res = train(NetworkConfig(layers=(4,), init="zeros", loss="bce", epochs=5, batch_size=8), small())
    w = res.weight(0)[0]
    assert np.all(w == w[0])  # every hidden unit learned the same thing: symmetry never breaks


def test_dropout_and_batch_norm_differ_between_training_and_evaluation():
    data = small("xor")
    trainer = Trainer(NetworkConfig(layers=(8,), dropout=0.5, batch_norm=True, epochs=3, batch_size=8), data)
    for _ in range(3):
        trainer.epoch()
    X = trainer.X_train[:8]
    eval_out = trainer.predict(X)[0]
    with np.errstate(all="ignore"):
        train_out, _ = trainer.net.forward_train(trainer.V, X, trainer._noise(8), None)
    assert not np.allclose(eval_out, train_out)
    trainer.rs.dropout_on = False  # no dropout: training mode still normalises by the batch
    with np.errstate(all="ignore"):
        train_out, _ = trainer.net.forward_train(trainer.V, X, None, None)
    assert not np.allclose(eval_out, train_out)
    mean, var = trainer.running[0]
    assert np.all(var != 1) and np.all(mean != 0)


def test_dead_relu_is_flat_on_the_grid():
    trainer = Trainer(NetworkConfig(layers=(3,), activation="relu", epochs=1, grid=15), small())
    trainer.V.b[0][0] = -100.0  # unit 0 never fires on the plane
    grid = trainer.grid(hidden=True)
    assert np.all(grid.units[0][0, :, :, 0] == 0) and grid.units[0][0, :, :, 1].std() > 0


def test_schedule_sets_each_epochs_lr():
    res = train(
        NetworkConfig(
            layers=(4,),
            epochs=6,
            batch_size=8,
            optimizer_params={"lr": 0.2},
            schedule="step",
            schedule_params={"step_size": 2, "gamma": 0.5},
        ),
        small(),
    )
    expected = run_schedule("step", 0.2, 6, {"step_size": 2, "gamma": 0.5}).lr[0]
    np.testing.assert_allclose(res.lr[:, 0], expected)


def test_vanishing_gradients_in_a_deep_sigmoid_net():
    res = train(
        NetworkConfig(layers=(8,) * 8, activation="sigmoid", init="xavier_uniform", epochs=2, batch_size=8, loss="bce"),
        small(),
    )
    g = res.grad_norm[-1, 0]
    assert g[0] < g[-2] / 100  # the first layer's gradient is orders of magnitude below the last hidden's


def test_engineered_inputs_solve_the_circle_without_hidden_layers():
    data = make_dataset("circle", seed=0)
    plain = train(
        NetworkConfig(layers=(), loss="bce", epochs=40, optimizer="adam", optimizer_params={"lr": 0.05}), data
    )
    squares = train(
        NetworkConfig(
            layers=(),
            inputs=("x1", "x2", "x1^2", "x2^2"),
            loss="bce",
            epochs=40,
            optimizer="adam",
            optimizer_params={"lr": 0.05},
        ),
        data,
    )
    assert squares.test_acc[-1, 0] > 0.95 > 0.7 > plain.test_acc[-1, 0]


def test_backstitch_trains():
    res = train(
        NetworkConfig(
            layers=(6,), loss="bce", epochs=20, batch_size=8, optimizer="backstitch", optimizer_params={"lr": 0.1}
        ),
        small("gauss"),
    )
    assert res.train_loss[-1, 0] < res.train_loss[0, 0] and not res.diverged.any()


def test_lr_find():
    data = make_dataset("circle", seed=0)
    res = lr_find(NetworkConfig(layers=(6,), loss="bce"), data, start_lr=1e-4, end_lr=1e3, num_it=120)
    assert res.stopped == "diverged" and 10 < len(res.lr) < 120
    np.testing.assert_allclose(res.lr, 1e-4 * (1e7) ** (np.arange(len(res.lr)) / 120))
    assert res.smooth[-1] > 4 * np.nanmin(res.smooth)
    for lr in (res.steepest_lr, res.minimum_lr, res.valley_lr):
        assert 1e-4 <= lr <= res.lr[-1]
    with pytest.raises(ValueError, match="below end_lr"):
        lr_find(NetworkConfig(), data, start_lr=1.0, end_lr=0.1)
    with pytest.raises(ValueError, match="one network"):
        lr_find(NetworkConfig(l2=np.array([0.0, 0.1])), data)


def test_lr_find_keeps_no_dropout_masks(monkeypatch):
    # the trainer's mask budget counts one epoch; the range test may run many more batches
    import dltutor.sim.network.lrfind as lrfind

    made = []

    class Seen(lrfind.Trainer):
        def __init__(self, *args):
            super().__init__(*args)
            made.append(self)

    monkeypatch.setattr(lrfind, "Trainer", Seen)
    cfg = NetworkConfig(layers=(6,), dropout=0.3, batch_size=8, loss="bce")
    res = lr_find(cfg, make_dataset("circle", seed=0), num_it=300, stop_div=False)
    assert len(res.lr) == 300 and made[0].rec_masks is None


def test_suggestion_rules():
    lrs = np.geomspace(1e-5, 1, 50)
    drops = np.full(30, 0.02)
    drops[12] = 0.2  # the steepest fall: from point 22 to 23
    loss = np.r_[np.full(10, 1.0), 1.0 - np.cumsum(drops), np.linspace(0.3, 2.0, 10)]
    steep, minimum, valley = suggestions(lrs, loss, 50)
    assert steep == lrs[21] and minimum == lrs[39]
    assert lrs[10] < valley < lrs[39]
    assert suggestions(lrs[:6], loss[:6], 50) == (None, None, None)
    # a run that stopped within five points has an empty window (fastai's [num_it//10 : -5]), not
    # the points a negative end index would leave
    for n in range(6):
        assert suggestions(lrs[:n], loss[:n], 10) == (None, None, None)


def test_activation_params_go_to_the_layers_that_have_them():
    trainer = Trainer(
        NetworkConfig(layers=(4, 4), activation="leaky_relu,tanh", activation_params={"negative_slope": 0.2}), small()
    )
    assert trainer.rs.arch.act_params == ({"negative_slope": 0.2}, {})
    with pytest.raises(ValueError, match="no parameter 'alpha'"):
        Trainer(NetworkConfig(activation="tanh", activation_params={"alpha": 1.0}), small())


@pytest.mark.parametrize("lrs", [1e6, np.array([0.01, 1e6])])
def test_divergence_with_batch_norm_keeps_running_stats_finite(lrs):
    res = train(
        NetworkConfig(
            layers=(6, 6), batch_norm=True, loss="mse", epochs=30, batch_size=8, optimizer_params={"lr": lrs}
        ),
        small("plane"),
    )
    assert res.diverged[-1] and all(np.isfinite(m).all() and np.isfinite(v).all() for m, v in res.running)
    assert np.isfinite(res.grid.output).all()


def test_a_live_trainer_stops_at_the_step_ceiling(monkeypatch):
    import dltutor.sim.network.training as train_module

    monkeypatch.setattr(train_module, "MAX_STEPS", 12)
    trainer = Trainer(NetworkConfig(layers=(3,), epochs=2, batch_size=8), small())  # 5 steps an epoch
    assert trainer.epoch() and trainer.epoch() and not trainer.epoch()
    assert trainer.epochs_done == 2


def test_replay_is_plain_json_and_holds_the_run():
    import json

    from dltutor.sim.network.export import replay

    res = train(
        NetworkConfig(
            layers=(4,),
            dropout=0.2,
            epochs=6,
            batch_size=8,
            grid=6,
            loss="mse",
            optimizer_params={"lr": np.array([0.01, 1e6])},
        ),
        small("plane"),
    )
    assert res.diverged[1]
    doc = json.loads(json.dumps(replay(res), allow_nan=False))
    assert doc["initial"] == res.initial.tolist() and doc["order"] == res.order.tolist()
    assert doc["step_loss"][-1][1] is None and doc["diverged_at"][1] == res.diverged_at[1]
    assert len(doc["masks"]) == res.step_loss.shape[0] and doc["parameters"][0]["name"] == "0.weight"
    assert len(doc["grid"]["output"][0]) == 6 and len(doc["data"]["x"]) == 80


def test_live_metrics():
    trainer = Trainer(NetworkConfig(layers=(3,), epochs=3, batch_size=8), small())
    assert trainer.metrics["epoch"] == 0
    trainer.epoch()
    m = trainer.metrics
    assert m["epoch"] == 1 and m["train_loss"].shape == (1,) and 0 <= m["test_acc"][0] <= 1


def test_knobs_build_the_scene(tmp_path):
    from dltutor.sim.network.knobs import PARAMS, build

    config, data = build()
    assert config.layers == (4, 2) and config.optimizer_params == {"lr": 0.03} and data.name == "circle"
    assert len(data.x) == 500 and config.loss is None
    config, data = build(
        {"data": "x*y", "layers": (), "inputs": "x1,x2,x1*x2", "schedule": "cosine", "loss": "bce", "points": 100},
        optimizer_params={"momentum": 0.5},
    )
    assert data.name == "expr: x*y" and len(data.x) == 100 and config.schedule == "cosine"
    assert config.inputs == ("x1", "x2", "x1*x2") and config.optimizer_params == {"momentum": 0.5, "lr": 0.03}
    path = tmp_path / "mine.csv"
    path.write_text("\n".join(f"{i},{-i},{i % 3}" for i in range(30)))
    config, data = build({"data": str(path)})
    assert data.classes == 3 and train(NetworkConfig(**{**config.__dict__, "epochs": 1}), data).loss == "cross-entropy"
    with pytest.raises(ValueError, match="network.activation must be"):
        build({"activation": "relu,swish"})
    with pytest.raises(ValueError, match="network.dropout must be"):
        build({"dropout": 1.0})
    assert set(PARAMS) >= {"data", "noise", "layers", "activation", "l1", "l2", "dropout", "batch_norm", "lr"}


@pytest.mark.parametrize("name", ["identity", "tanh", "relu", "sigmoid", "elu"])
def test_fast_activations_agree_with_the_activation_module(name):
    from dltutor.sim.activations import evaluate
    from dltutor.sim.network.layers import act_eval, act_train

    z = np.linspace(-30, 30, 2001).reshape(1, -1, 1)
    _, f, df = evaluate(name, z)
    y, d = act_train(name, {"alpha": 1.0}, z.copy())
    np.testing.assert_allclose(y, f, rtol=4.5e-16, atol=1e-300)  # NumPy's tanh: within an ulp of libm's
    np.testing.assert_allclose(np.ones_like(z) if d is None else d, df, rtol=1e-15, atol=3e-16)
    np.testing.assert_allclose(act_eval(name, {"alpha": 1.0}, z.copy()), f, rtol=4.5e-16, atol=1e-300)


@pytest.mark.parametrize(
    "optimizer",
    ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adadelta", "adam", "adamw", "nadam", "backstitch"],
)
def test_extreme_learning_rates_never_warn_or_raise(optimizer):
    # pytest turns RuntimeWarning into an error here: an overflow anywhere would fail the test
    for bn, loss, name in ((True, "mse", "plane"), (False, "cross-entropy", "blobs3")):
        res = train(
            NetworkConfig(
                layers=(6, 6),
                activation="relu",
                batch_norm=bn,
                dropout=0.2,
                loss=loss,
                epochs=6,
                batch_size=4,
                optimizer=optimizer,
                optimizer_params={"lr": np.array([1e-3, 1e8])},
            ),
            small(name),
        )
        assert not res.diverged[0] and np.isfinite(res.final).all()
        assert np.isfinite(res.grid.output[0]).all() and np.isfinite(res.step_loss[:, 0]).all()
        assert all(np.isfinite(m).all() and np.isfinite(v).all() for m, v in res.running)


def test_training_mode_grid():
    data = small("xor")
    trainer = Trainer(NetworkConfig(layers=(6, 6), batch_norm=True, epochs=2, batch_size=8, grid=16), data)
    trainer.epoch()
    eval_grid, train_grid = trainer.grid(), trainer.grid(mode="train")
    assert not np.allclose(eval_grid.output, train_grid.output)  # batch statistics, not running ones
    # the training-mode view reproduces what training computes on that very batch
    idx = trainer.rec_order[-1][:8]
    with np.errstate(all="ignore"):
        out, cache = trainer.net.forward_train(trainer.V, trainer.X_train[idx], None, None)
        stats = [(m, s / 8) for m, s in cache.stats]
        again = trainer.net.forward_eval(trainer.V, np.ascontiguousarray(trainer.X_train[idx].T), stats)
    np.testing.assert_allclose(again[0], out, rtol=1e-12, atol=1e-14)
    dropped = Trainer(NetworkConfig(layers=(6,), dropout=0.5, epochs=1, grid=16), data)
    a, b = dropped.grid(mode="train", seed=1), dropped.grid(mode="train", seed=1)
    np.testing.assert_array_equal(a.output, b.output)
    assert not np.allclose(a.output, dropped.grid().output)
    with pytest.raises(ValueError, match="mode must be"):
        dropped.grid(mode="test")


def test_sweep_config():
    from dltutor.sim.network.knobs import sweep_config

    base = NetworkConfig(layers=(4,), epochs=3, batch_size=8, optimizer="adam", optimizer_params={"lr": 0.01})
    res = train(sweep_config(base, "weight_decay", np.geomspace(1e-4, 1e-1, 5)), small())
    assert res.runs == 5 and res.test_loss[-1].shape == (5,)
    assert train(sweep_config(base, "dropout", [0.0, 0.5]), small()).runs == 2
    with pytest.raises(ValueError, match="cannot sweep 'nesterov'"):
        sweep_config(base, "nesterov", [0, 1])


def test_a_live_trainer_keeps_its_records_bounded(monkeypatch):
    import dltutor.sim.network.training as train_module

    trainer = Trainer(NetworkConfig(layers=(3,), epochs=2, batch_size=8, dropout=0.2, grid=4, grid_every=1), small())
    P = trainer.theta.size
    monkeypatch.setattr(train_module, "MAX_WEIGHT_VALUES", 6 * P)
    monkeypatch.setattr(train_module, "MAX_MASK_VALUES", 8 * 3 * 12)
    monkeypatch.setattr(train_module, "MAX_FRAME_VALUES", 5 * 16)
    for _ in range(8):  # far past config.epochs, as the lab does
        assert trainer.epoch()
    res = trainer.result()
    assert len(res.weights) <= 6 and res.weights_epochs[0] == 0 and res.weights_epochs[-1] == 8
    assert res.masks is None and len(res.frames) == 5
    assert res.step_loss.shape == (40, 1)


def test_results_asked_for_as_it_trains_equal_one_asked_for_at_the_end(monkeypatch):
    """The lab asks for a result many times a second; records are converted incrementally
    (Trainer._pack), also across the weights' thinning, and must equal a fresh conversion."""
    from dltutor.sim.network import training
    from dltutor.sim.network.training import Trainer

    monkeypatch.setattr(training, "MAX_WEIGHT_VALUES", 400)  # thin the saved weights a few times
    config = NetworkConfig(layers=(3,), epochs=40, dropout=0.1, l2=0.01, batch_size=8, grid=5, seed=3)
    data = make_dataset("xor", points=40, seed=1)
    watched, fresh = Trainer(config, data), Trainer(config, data)
    for epoch in range(60):  # past config.epochs, as the lab trains on
        watched.epoch()
        fresh.epoch()
        if epoch % 3 == 0:
            watched.result()
    ours, theirs = watched.result(), fresh.result()
    assert len(theirs.weights_epochs) < 61  # thinned
    for field in ("order", "step_loss", "step_penalty", "grad_norm", "lr", "train_loss", "test_loss"):
        np.testing.assert_array_equal(getattr(ours, field), getattr(theirs, field), err_msg=field)
    for field in ("train_acc", "test_acc", "weights", "weights_epochs", "final"):
        np.testing.assert_array_equal(getattr(ours, field), getattr(theirs, field), err_msg=field)


def test_a_result_without_the_grid_is_the_same_result():
    """The lab's views without a boundary ask for no grid (a few ms at every frame): nothing else
    in the result may differ."""
    from dltutor.sim.network.training import Trainer

    config = NetworkConfig(layers=(3,), epochs=5, dropout=0.1, batch_size=8, grid=5, seed=3)
    trainer = Trainer(config, make_dataset("xor", points=40, seed=1))
    for _ in range(5):
        trainer.epoch()
    full, bare = trainer.result(), trainer.result(grid=False)
    assert full.grid is not None and bare.grid is None
    for field in ("order", "step_loss", "grad_norm", "lr", "train_loss", "test_loss", "weights", "final", "initial"):
        np.testing.assert_array_equal(getattr(full, field), getattr(bare, field), err_msg=field)
