"""dltutor.sim.activations against PyTorch goldens, calculus, and its own promises."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from dltutor.sim import activations as A
from dltutor.sim.activations import ACTIVATIONS, dead, evaluate, saturated, softmax, softmax_jacobian

GOLDENS = json.loads((Path(__file__).resolve().parents[1] / "goldens" / "activations.json").read_text())
X = np.array(GOLDENS["x"])
CASES = {c["id"]: c for c in GOLDENS["cases"]}

# An ulp or two of an O(1) intermediate that then cancels (1 − tanh², 1 + erf) is an absolute
# error of this size; torch's own tanh is 1 ulp off at x = ±10.5, which is where it matters.
ATOL = 4 * np.finfo(np.float64).eps
RTOL = 1e-9


def strict():
    """Overflow, invalid and divide-by-zero raise (underflow to 0 is fine and intended)."""
    return np.errstate(over="raise", invalid="raise", divide="raise", under="ignore")


# --- goldens from PyTorch --------------------------------------------------------------------


def test_goldens_cover_every_activation_and_the_interesting_points():
    assert {c["name"] for c in GOLDENS["cases"]} == set(ACTIVATIONS)
    for point in (0.0, 1.0, -1.0, 3.0, -3.0, -2.0, 2.5, 20.0, 50.0, -50.0, 1000.0, -1000.0):
        assert point in X


@pytest.mark.parametrize("case_id", list(CASES))
def test_matches_torch(case_id):
    case = CASES[case_id]
    with strict():
        used, y, dy = evaluate(case["name"], X, case["params"])
    for key, value in case["params"].items():
        assert used[key] == value
    for ours, theirs in ((y, np.array(case["y"])), (dy, np.array(case["dy"]))):
        np.testing.assert_allclose(ours, theirs, rtol=RTOL, atol=ATOL)
        # where autograd says exactly 0 (dead or fully saturated), so do we, and only there
        np.testing.assert_array_equal(ours == 0, theirs == 0)


@pytest.mark.parametrize("i", range(len(GOLDENS["softmax"])))
def test_softmax_matches_torch(i):
    g = GOLDENS["softmax"][i]
    with strict():
        np.testing.assert_allclose(softmax(g["z"]), g["s"], rtol=1e-12, atol=1e-300)
        np.testing.assert_allclose(softmax_jacobian(g["z"]), g["jacobian"], rtol=1e-12, atol=1e-300)


# --- torch's choices at kinks and in saturation, spelled out ----------------------------------


def d(name, x, **params):
    return float(evaluate(name, x, params)[2])


def f(name, x, **params):
    return float(evaluate(name, x, params)[1])


def test_kinks_take_torchs_side():
    assert d("relu", 0.0) == 0.0
    assert d("leaky_relu", 0.0) == 0.01 and d("leaky_relu", 0.0, negative_slope=0.2) == 0.2
    assert d("elu", 0.0, alpha=0.5) == 0.5  # x <= 0 is the exponential branch: alpha·e⁰
    assert d("selu", 0.0) == A.SELU_ALPHA * A.SELU_SCALE
    assert d("hardtanh", -1.0) == d("hardtanh", 1.0) == 0.0
    assert (
        d("hardtanh", -2.0, min_val=-2.0, max_val=3.0) == 0.0
        and d("hardtanh", -1.999, min_val=-2.0, max_val=3.0) == 1.0
    )
    assert d("hardsigmoid", -3.0) == d("hardsigmoid", 3.0) == 0.0
    assert d("hardsigmoid", 2.999) == np.float32(1) / np.float32(6)  # torch's float constant


def test_softplus_threshold_branch():
    # βx == threshold is still the log branch; just above it the result is x itself and f′ = 1
    assert f("softplus", 2.5, beta=2.0, threshold=5.0) == np.log1p(np.exp(5.0)) / 2.0
    assert f("softplus", 2.5 + 1e-12, beta=2.0, threshold=5.0) == 2.5 + 1e-12
    assert d("softplus", 2.5 + 1e-12, beta=2.0, threshold=5.0) == 1.0
    assert d("softplus", 20.0) == np.exp(20.0) / (np.exp(20.0) + 1.0)


def test_saturated_derivatives_come_from_the_output():
    # y rounds to 1, so y·(1 − y) and 1 − y² are exactly 0, where the textbook forms are not
    assert d("sigmoid", 40.0) == 0.0 and np.exp(-40.0) > 0
    assert d("tanh", 20.0) == 0.0
    assert d("tanh", 10.5) == float(1 - Fraction(f("tanh", 10.5)) ** 2)


def test_one_minus_square_is_correctly_rounded():
    rng = np.random.default_rng(0)
    y = np.concatenate([rng.uniform(0.71, 1.0, 2000), 1 - rng.uniform(0, 1e-9, 2000), -rng.uniform(0.71, 1.0, 500)])
    got = A._one_minus_square(y)
    want = np.array([float(1 - Fraction(v) ** 2) for v in y])
    np.testing.assert_array_equal(got, want)
    small = rng.uniform(-0.71, 0.71, 2000)  # no cancellation here: within an ulp is all we claim
    np.testing.assert_allclose(
        A._one_minus_square(small), [float(1 - Fraction(v) ** 2) for v in small], rtol=2.3e-16, atol=0
    )


# --- calculus: f′ is the slope of f ----------------------------------------------------------

KINKS = {
    "relu": [0.0],
    "leaky_relu": [0.0],
    "elu": [0.0],
    "selu": [0.0],
    "hardtanh": [-1.0, 1.0],
    "hardsigmoid": [-3.0, 3.0],
    "softsign": [0.0],
}
VARIANTS = [(name, {}) for name in ACTIVATIONS] + [
    ("leaky_relu", {"negative_slope": 0.2}),
    ("elu", {"alpha": 0.5}),
    ("gelu", {"approximate": "tanh"}),
    ("softplus", {"beta": 2.0, "threshold": 5.0}),
    ("hardtanh", {"min_val": -2.0, "max_val": 3.0}),
]


@pytest.mark.parametrize("name,params", VARIANTS, ids=[f"{n}{p or ''}" for n, p in VARIANTS])
def test_derivative_is_the_slope(name, params):
    h = 1e-6
    x = np.linspace(-8, 8, 1601) + 0.0123  # off the grid's round numbers
    kinks = list(KINKS.get(name, []))
    if name == "hardtanh":
        kinks = [params.get("min_val", -1.0), params.get("max_val", 1.0)]
    if name == "softplus":
        kinks = [params.get("threshold", 20.0) / params.get("beta", 1.0)]  # a 1e-9-sized step there
    x = x[np.all(np.abs(x[:, None] - np.array(kinks + [np.inf])) > 10 * h, axis=1)]
    _, y_plus, _ = evaluate(name, x + h, params)
    _, y_minus, _ = evaluate(name, x - h, params)
    _, _, dy = evaluate(name, x, params)
    np.testing.assert_allclose(dy, (y_plus - y_minus) / (2 * h), rtol=1e-6, atol=1e-8)


# --- far out: finite, silent, right limits ---------------------------------------------------

S, AL = A.SELU_SCALE, A.SELU_ALPHA
LIMITS = {  # name: (f(-1000), f′(-1000), f(1000), f′(1000))
    "identity": (-1000, 1, 1000, 1),
    "sigmoid": (0, 0, 1, 0),
    "tanh": (-1, 0, 1, 0),
    "relu": (0, 0, 1000, 1),
    "leaky_relu": (-10, 0.01, 1000, 1),
    "elu": (-1, 0, 1000, 1),
    "selu": (-S * AL, 0, 1000 * S, S),
    "gelu": (0, 0, 1000, 1),
    "silu": (0, 0, 1000, 1),
    "mish": (0, 0, 1000, 1),
    "softplus": (0, 0, 1000, 1),
    "softsign": (-1000 / 1001, 1 / 1001**2, 1000 / 1001, 1 / 1001**2),
    "hardtanh": (-1, 0, 1, 0),
    "hardsigmoid": (0, 0, 1, 0),
}


def test_limits_table_is_complete():
    assert list(LIMITS) == list(ACTIVATIONS)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_limits_at_plus_minus_1000(name):
    with strict():
        _, y, dy = evaluate(name, np.array([-1000.0, 1000.0]))
        if name == "gelu":
            _, y2, dy2 = evaluate(name, np.array([-1000.0, 1000.0]), {"approximate": "tanh"})
            np.testing.assert_array_equal([y, dy], [y2, dy2])
    want = LIMITS[name]
    np.testing.assert_allclose([y[0], dy[0], y[1], dy[1]], want, rtol=1e-9, atol=0)


EXTREMES = [
    ("leaky_relu", {"negative_slope": 0.0}),
    ("leaky_relu", {"negative_slope": 5.0}),
    ("elu", {"alpha": 0.0}),
    ("elu", {"alpha": 100.0}),
    ("softplus", {"beta": 100.0, "threshold": 0.0}),
    ("softplus", {"beta": 100.0, "threshold": 100.0}),
    ("softplus", {"beta": 1e-6, "threshold": 100.0}),
    ("softplus", {"beta": 1e-300}),
    ("hardtanh", {"min_val": -1e9, "max_val": 1e9}),
]


@pytest.mark.parametrize("name,params", VARIANTS + EXTREMES)
def test_finite_and_silent_everywhere(name, params):
    x = np.array([-1e100, -1e6, -1000.0, -709.9, -30.0, -1e-310, -0.0, 0.0, 5e-324, 30.0, 709.9, 1000.0, 1e6, 1e100])
    with strict():
        _, y, dy = evaluate(name, x, params)
    assert np.all(np.isfinite(y)) and np.all(np.isfinite(dy))


def test_softplus_limits_with_its_knobs():
    _, y, dy = evaluate("softplus", np.array([-1000.0, 1000.0]), {"beta": 1e-6, "threshold": 100.0})
    # βx = ±0.001 here: still the smooth branch, near ln 2 / β ∓ x/2
    np.testing.assert_allclose(y, np.log1p(np.exp([-1e-3, 1e-3])) / 1e-6, rtol=1e-12)
    np.testing.assert_allclose(dy, [0.49975, 0.50025], rtol=1e-6)


# --- softmax ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "z",
    [
        [1000.0, 0.0, -1000.0],
        [1000.0, 1001.0, 999.0],
        [-1e4, -1e4 + 1, -1e4 - 2],
        [0.0],
        [3.0, 3.0, 3.0, 3.0],
        [1e300, -1e300],
    ],
)
def test_softmax_sums_to_one_and_jacobian_is_symmetric_with_zero_rows(z):
    with strict():
        s = softmax(z)
        jac = softmax_jacobian(z)
    assert np.all(np.isfinite(s)) and abs(s.sum() - 1) <= 4e-16
    assert jac.shape == (len(z), len(z))
    np.testing.assert_array_equal(jac, jac.T)
    np.testing.assert_allclose(jac.sum(axis=1), 0, atol=ATOL)  # a few roundings of O(1) terms
    np.testing.assert_allclose(jac, np.diag(s) - np.outer(s, s), rtol=1e-15, atol=1e-300)


def test_softmax_of_huge_logits_picks_the_largest():
    np.testing.assert_array_equal(softmax([1000.0, 0.0, -1000.0]), [1.0, 0.0, 0.0])
    np.testing.assert_allclose(softmax([1000.0, 1000.0]), [0.5, 0.5], rtol=0)


def test_softmax_jacobian_is_the_slope_of_softmax():
    z = np.array([0.3, -1.2, 2.0, 0.0])
    h = 1e-6
    numeric = np.stack([(softmax(z + h * e) - softmax(z - h * e)) / (2 * h) for e in np.eye(4)], axis=1)
    np.testing.assert_allclose(softmax_jacobian(z), numeric, atol=1e-9)


def test_softmax_batches_and_axis():
    z = np.random.default_rng(1).normal(size=(2, 3, 5)) * 10
    s = softmax(z)
    np.testing.assert_allclose(s.sum(axis=-1), 1, rtol=1e-15)
    np.testing.assert_allclose(softmax(z, axis=1), np.moveaxis(softmax(np.moveaxis(z, 1, -1)), -1, 1))
    jac = softmax_jacobian(z)
    assert jac.shape == (2, 3, 5, 5)
    np.testing.assert_array_equal(jac[1, 2], softmax_jacobian(z[1, 2]))


# --- the API: names, params, shapes, masks ---------------------------------------------------


def test_catalogue_order_and_metadata():
    assert list(ACTIVATIONS) == [
        "identity",
        "sigmoid",
        "tanh",
        "relu",
        "leaky_relu",
        "elu",
        "selu",
        "gelu",
        "silu",
        "mish",
        "softplus",
        "softsign",
        "hardtanh",
        "hardsigmoid",
    ]
    for name, act in ACTIVATIONS.items():
        assert act.name == name and act.title and act.formula and act.dformula
        assert "\\" not in act.formula + act.dformula  # Unicode, not LaTeX
        assert act.torch.startswith("torch.") and name in act.torch.lower()
        assert all(p.doc for p in act.params.values())


def test_defaults_are_torchs():
    assert evaluate("leaky_relu", 0.0)[0] == {"negative_slope": 0.01}
    assert evaluate("elu", 0.0)[0] == {"alpha": 1.0}
    assert evaluate("gelu", 0.0)[0] == {"approximate": "none"}
    assert evaluate("softplus", 0.0)[0] == {"beta": 1.0, "threshold": 20.0}
    assert evaluate("hardtanh", 0.0)[0] == {"min_val": -1.0, "max_val": 1.0}
    assert evaluate("relu", 0.0)[0] == {}


def test_params_are_filled_coerced_and_not_mutated():
    given = {"negative_slope": 1}
    used, _, dy = evaluate("leaky_relu", -1.0, given)
    assert used == {"negative_slope": 1.0} and type(used["negative_slope"]) is float
    assert given == {"negative_slope": 1} and dy == 1.0
    used, _, _ = evaluate("softplus", 0.0, {"beta": 2})
    assert used == {"beta": 2.0, "threshold": 20.0}


def test_any_shape():
    x = np.linspace(-3, 3, 12).reshape(2, 3, 2)
    for name in ACTIVATIONS:
        _, y, dy = evaluate(name, x)
        assert y.shape == dy.shape == (2, 3, 2)
        _, y0, dy0 = evaluate(name, 0.5)
        assert isinstance(y0, np.ndarray) and y0.shape == () and dy0.shape == ()
        _, ylist, _ = evaluate(name, [0.5, -0.5])
        assert ylist[0] == y0


def test_unknown_name_lists_the_valid_ones():
    with pytest.raises(ValueError) as err:
        evaluate("swish", 0.0)
    for name in ACTIVATIONS:
        assert name in str(err.value)


@pytest.mark.parametrize(
    "name,params,words",
    [
        ("leaky_relu", {"negative_slope": -0.1}, "leaky_relu.negative_slope must be a number >= 0"),
        ("leaky_relu", {"slope": 0.1}, "negative_slope"),
        ("relu", {"inplace": True}, "has no parameter 'inplace'"),
        ("elu", {"alpha": -1.0}, "elu.alpha must be a number >= 0"),
        ("elu", {"alpha": float("nan")}, "elu.alpha"),
        ("softplus", {"beta": 0.0}, "softplus.beta must be a number > 0 and <= 100"),
        ("softplus", {"threshold": 1000.0}, "softplus.threshold must be a number >= 0 and <= 100"),
        ("gelu", {"approximate": "erf"}, "one of none, tanh"),
        ("hardtanh", {"min_val": 1.0, "max_val": 1.0}, "min_val must be < hardtanh.max_val"),
        ("hardtanh", {"min_val": 2.0}, "min_val=2, max_val=1"),
        ("leaky_relu", {"negative_slope": [0.1, 0.2]}, "single number"),
        ("elu", {"alpha": True}, "elu.alpha must be a number"),
    ],
)
def test_bad_params_say_what_is_allowed(name, params, words):
    with pytest.raises(ValueError) as err:
        evaluate(name, 0.0, params)
    assert words in str(err.value)


def test_dead_and_saturated_masks():
    x = np.array([-1000.0, -5.0, -1.0, 0.0, 1.0, 5.0, 1000.0])
    _, _, dy = evaluate("relu", x)
    np.testing.assert_array_equal(dead(dy), x <= 0)
    np.testing.assert_array_equal(saturated(dy), np.zeros(x.shape, bool))
    _, _, dy = evaluate("sigmoid", x)  # σ′(±5) ≈ 0.0066, σ′(±1) ≈ 0.197, σ′(±1000) == 0
    np.testing.assert_array_equal(dead(dy), [True, False, False, False, False, False, True])
    np.testing.assert_array_equal(saturated(dy), [False, True, False, False, False, True, False])
    np.testing.assert_array_equal(saturated(dy, tol=0.2), [False, True, True, False, True, True, False])
    _, _, dy = evaluate("leaky_relu", x)
    np.testing.assert_array_equal(saturated(dy), x <= 0)  # 0.01 flows, but barely
    assert not np.any(dead(dy))
    grid = np.linspace(-50, 50, 1001)
    for name in ACTIVATIONS:
        dy = evaluate(name, grid)[2]
        assert not np.any(dead(dy) & saturated(dy))
