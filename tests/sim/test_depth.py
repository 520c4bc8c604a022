"""Signal and gradient scales through a deep MLP, per torch.nn.init initialisation."""

import math
import warnings

import numpy as np
import pytest

from dltutor.sim.activations import evaluate
from dltutor.sim.depth import INITS, PARAMS, calculate_gain, init_bound, init_std, run_depth


def test_torch_init_formulas():
    assert init_bound("xavier_uniform", 256, 256) == pytest.approx(math.sqrt(6 / 512), rel=1e-15)
    assert init_std("xavier_normal", 256, 256) == pytest.approx(1 / 16, rel=1e-15)
    assert init_std("kaiming_normal", 256, 256) == pytest.approx(math.sqrt(2) / 16, rel=1e-15)
    assert init_bound("kaiming_uniform", 256, 256) == pytest.approx(math.sqrt(6 / 256), rel=1e-15)
    assert init_std("normal", 256, 256) == 0.01
    assert init_std("normal", 256, 256, sigma=0.5) == 0.5
    # non-square: xavier uses both fans, kaiming the chosen one
    assert init_bound("xavier_uniform", 100, 300) == pytest.approx(math.sqrt(6 / 400))
    assert init_bound("xavier_uniform", 100, 300, gain=5 / 3) == pytest.approx(5 / 3 * math.sqrt(6 / 400))
    assert init_std("kaiming_normal", 100, 400) == pytest.approx(math.sqrt(2) / 10)
    assert init_std("kaiming_normal", 100, 400, mode="fan_out") == pytest.approx(math.sqrt(2) / 20)
    assert init_std("kaiming_normal", 100, 400, nonlinearity="relu") == pytest.approx(math.sqrt(2) / 10)
    assert init_std("kaiming_normal", 100, 400, a=1.0) == pytest.approx(1 / 10)  # leaky slope 1: linear
    assert init_std("kaiming_uniform", 64, 64, nonlinearity="tanh") == pytest.approx(5 / 3 / 8)
    with pytest.raises(ValueError, match="not a uniform"):
        init_bound("kaiming_normal", 256, 256)
    with pytest.raises(ValueError, match="unknown init"):
        init_std("he", 256, 256)


def test_calculate_gain_matches_torch():
    assert calculate_gain("linear") == 1.0 and calculate_gain("sigmoid") == 1.0
    assert calculate_gain("conv2d") == 1.0
    assert calculate_gain("tanh") == pytest.approx(5 / 3)
    assert calculate_gain("relu") == pytest.approx(math.sqrt(2))
    assert calculate_gain("leaky_relu") == pytest.approx(math.sqrt(2 / (1 + 0.01**2)))
    assert calculate_gain("leaky_relu", 0) == pytest.approx(math.sqrt(2))
    assert calculate_gain("selu") == 0.75
    with pytest.raises(ValueError):
        calculate_gain("swish")


def test_sampled_weights_match_the_formula():
    r = run_depth({"layers": 4, "activation": "relu"})
    assert list(r.inits) == list(INITS)
    expected = [init_std(i, 256, 256) for i in INITS]
    np.testing.assert_allclose(r.weight_std, expected, rtol=1e-15)
    np.testing.assert_allclose(r.sampled_weight_std, np.array(expected)[:, None] * np.ones((1, 4)), rtol=0.03)


def test_shapes_and_defaults():
    r = run_depth(None)
    assert r.params == {name: p.default for name, p in PARAMS.items()}
    for field in ("act_std", "weight_grad_norm", "input_grad_norm", "sampled_weight_std"):
        assert getattr(r, field).shape == (5, 20)
    np.testing.assert_array_equal(r.layer, np.arange(1, 21))


def test_tanh_with_small_normal_vanishes():
    r = run_depth({"activation": "tanh", "inits": ("normal",), "sigma": 0.01})
    s, gx = r.act_std[0], r.input_grad_norm[0]
    assert np.all(np.diff(s) < 0)
    assert s[-1] < 1e-12
    # gradients vanish going back towards the input
    assert gx[0] < 1e-10 * gx[-1]
    assert np.all(np.diff(gx) > 0)


def test_relu_with_kaiming_keeps_the_scale():
    r = run_depth({"activation": "relu", "inits": ("kaiming_normal", "kaiming_uniform")})
    for row in range(2):
        s, gx = r.act_std[row], r.input_grad_norm[row]
        assert s.max() / s.min() < 2
        assert gx.max() / gx.min() < 2


def test_relu_with_xavier_slowly_vanishes():
    # xavier's gain 1 misses relu's factor sqrt(2): the scale halves every two layers
    r = run_depth({"activation": "relu", "inits": ("xavier_normal",)})
    ratio = r.act_std[0, -1] / r.act_std[0, 0]
    assert 1e-4 < ratio < 1e-2


def test_relu_with_large_normal_explodes_quietly():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = run_depth({"activation": "relu", "inits": ("normal",), "sigma": 1.0})
        huge = run_depth(
            {"activation": "relu", "inits": ("normal",), "sigma": 1e6, "layers": 60, "width": 32, "batch": 16}
        )
    s = r.act_std[0]
    assert np.all(np.diff(s) > 0) and s[-1] > 1e15
    assert r.input_grad_norm[0, 0] > 1e15 * r.input_grad_norm[0, -1]
    assert np.isinf(huge.act_std[0, -1])  # past float64: reported as inf, not NaN
    assert not np.isnan(huge.act_std).any() and not np.isnan(huge.weight_grad_norm).any()


@pytest.mark.parametrize(
    "activation", ["identity", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu", "gelu", "silu"]
)
def test_every_activation_runs_finite(activation):
    r = run_depth({"activation": activation, "layers": 6, "width": 32, "batch": 16})
    for field in ("act_std", "weight_grad_norm", "input_grad_norm"):
        assert np.all(np.isfinite(getattr(r, field))) and np.all(getattr(r, field) > 0)


def test_gradients_match_finite_differences():
    """A reference MLP built from the module's draws (in its order), checked by central differences."""
    L, w, B, seed = 3, 4, 3, 11
    rng = np.random.default_rng(seed)
    x0, g_out = rng.standard_normal((B, w)), rng.standard_normal((B, w))
    normal = rng.standard_normal((L, w, w))
    Ws = [init_std("xavier_normal", w, w) * normal[i] for i in range(L)]

    def loss(weights, x):
        for W in weights:
            x = evaluate("tanh", x @ W.T)[1]
        return float(np.sum(g_out * x))

    def fd(f, arr, eps=1e-6):
        grad = np.zeros_like(arr)
        for idx in np.ndindex(arr.shape):
            up, down = arr.copy(), arr.copy()
            up[idx] += eps
            down[idx] -= eps
            grad[idx] = (f(up) - f(down)) / (2 * eps)
        return grad

    r = run_depth({"activation": "tanh", "inits": ("xavier_normal",), "layers": L, "width": w, "batch": B}, seed=seed)
    for layer in range(L):
        gW = fd(lambda W, layer=layer: loss(Ws[:layer] + [W] + Ws[layer + 1 :], x0), Ws[layer])
        assert r.weight_grad_norm[0, layer] == pytest.approx(np.linalg.norm(gW), rel=1e-6)
    gx = fd(lambda x: loss(Ws, x), x0)
    assert r.input_grad_norm[0, 0] == pytest.approx(np.linalg.norm(gx), rel=1e-6)
    x = x0
    for layer in range(L):
        x = evaluate("tanh", x @ Ws[layer].T)[1]
        assert r.act_std[0, layer] == pytest.approx(x.std(), rel=1e-12)


def test_rows_are_independent_of_the_other_inits():
    full = run_depth({"layers": 5, "width": 64, "batch": 32}, seed=3)
    one = run_depth({"layers": 5, "width": 64, "batch": 32, "inits": "kaiming_uniform"}, seed=3)
    i = list(full.inits).index("kaiming_uniform")
    np.testing.assert_allclose(one.act_std[0], full.act_std[i], rtol=1e-12)
    np.testing.assert_allclose(one.weight_grad_norm[0], full.weight_grad_norm[i], rtol=1e-12)


def test_seed_determinism():
    p = {"layers": 4, "width": 32, "batch": 8}
    a, b, c = run_depth(p, seed=1), run_depth(p, seed=1), run_depth(p, seed=2)
    np.testing.assert_array_equal(a.act_std, b.act_std)
    assert not np.array_equal(a.act_std, c.act_std)


@pytest.mark.parametrize(
    "given, name",
    [
        ({"activation": "swish"}, "depth.activation"),
        ({"inits": ("xavier",)}, "depth.inits"),
        ({"inits": ("normal", "normal")}, "depth.inits"),
        ({"inits": 3}, "depth.inits"),
        ({"sigma": 0.0}, "depth.sigma"),
        ({"layers": 0}, "depth.layers"),
        ({"width": 16.5}, "depth.width"),
        ({"batch": True}, "depth.batch"),
        ({"gain": 2.0}, "'gain'"),
    ],
)
def test_invalid_params(given, name):
    with pytest.raises(ValueError, match=name):
        run_depth(given)


def test_too_large_is_refused_before_allocating():
    with pytest.raises(ValueError, match="depth: .*too large"):
        run_depth({"layers": 200, "width": 2048})
