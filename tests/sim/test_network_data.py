"""The network lab's data: Playground's sets, the learner's CSV files and expressions, the inputs."""

import math

import numpy as np
import pytest

from dltutor.sim.network.data import DATASETS, make_dataset
from dltutor.sim.network.inputs import FEATURES, check_inputs, features
from dltutor.sim.network.limits import MAX_POINTS
from dltutor.sim.network.owndata import expression_dataset, load_csv


@pytest.mark.parametrize("name", list(DATASETS))
def test_sizes_classes_and_split(name):
    gen = DATASETS[name]
    data = make_dataset(name, seed=4)
    assert data.x.shape == (gen.points, 2) and data.y.shape == (gen.points,)
    assert len(data.train) == math.floor(gen.points * 0.5) and len(data.train) + len(data.test) == gen.points
    assert not set(data.train) & set(data.test)
    if gen.kind == "classification":
        counts = np.bincount(data.y, minlength=gen.classes)
        assert len(counts) == gen.classes and counts.min() >= 0.7 * gen.points / gen.classes
    else:  # plane: (x + y)/10, unclamped as in Playground; gauss-regression: clamped bumps
        assert data.classes == 0 and np.all(np.abs(data.y) <= 1.2 + 1e-12)
    assert np.all(np.abs(data.x) <= 8)


def test_playground_sizes_and_label_rules():
    assert {n: DATASETS[n].points for n in ("circle", "xor", "gauss", "spiral")} == dict.fromkeys(
        ("circle", "xor", "gauss", "spiral"), 500
    )
    assert DATASETS["plane"].points == DATASETS["gauss-regression"].points == 1200
    circle = make_dataset("circle", seed=0)
    r = np.hypot(*circle.x.T)
    assert np.all(circle.y[r < 2.5] == 1) and np.all(circle.y[r > 3.5] == 0)  # no noise: a clean ring
    xor = make_dataset("xor", seed=0)
    assert np.all(xor.y == (xor.x[:, 0] * xor.x[:, 1] >= 0)) and np.all(np.abs(xor.x) >= 0.3)
    plane = make_dataset("plane", seed=0)
    np.testing.assert_allclose(plane.y, plane.x.sum(axis=1) / 10)
    spiral = make_dataset("spiral", seed=0)
    np.testing.assert_allclose(np.hypot(*spiral.x[:250].T), np.arange(250) / 250 * 5)  # r = i/n·5


def test_noise_moves_labels_or_points():
    noisy = make_dataset("circle", noise=50, seed=1)
    r = np.hypot(*noisy.x.T)
    assert np.mean(noisy.y[r < 2.5] == 0) > 0.05  # some inner points now carry the outer label
    g0, g50 = make_dataset("gauss", seed=1), make_dataset("gauss", noise=50, seed=1)
    ratio = g50.x[g50.y == 1].std(axis=0) / g0.x[g0.y == 1].std(axis=0)
    assert np.all((ratio > 2) & (ratio < 4))  # variance 0.5 -> 4: std ×2.83
    s0, s50 = make_dataset("spiral", seed=1), make_dataset("spiral", noise=50, seed=1)
    assert 0 < np.abs(s50.x - s0.x).max() <= 0.5 + 1e-12  # uniform(−1, 1)·noise


def test_train_share_and_seed():
    a = make_dataset("xor", train_share=10, seed=2)
    assert len(a.train) == 50 and len(a.test) == 450
    b = make_dataset("xor", train_share=90, seed=2)
    assert len(b.train) == 450
    same = make_dataset("xor", train_share=10, seed=2)
    np.testing.assert_array_equal(a.x, same.x)
    np.testing.assert_array_equal(a.train, same.train)
    assert not np.array_equal(make_dataset("xor", seed=3).x, a.x)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"noise": 60}, "noise must be"),
        ({"noise": -1}, "noise must be"),
        ({"train_share": 5}, "train share"),
        ({"train_share": 95}, "train share"),
        ({"seed": -1}, "seed"),
        ({"points": MAX_POINTS + 1}, "at most"),
        ({"points": 2}, "points must be"),
    ],
)
def test_bad_settings_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        make_dataset("circle", **kwargs)
    with pytest.raises(ValueError, match="unknown data set"):
        make_dataset("circles")


def test_csv_with_and_without_header(tmp_path):
    path = tmp_path / "points.csv"
    rows = [(i * 0.1, -i * 0.2, i % 2 * 2 - 1) for i in range(20)]
    path.write_text("x1,x2,label\n" + "\n".join(f"{a},{b},{c}" for a, b, c in rows) + "\n\n")
    data = load_csv(path)
    assert data.kind == "classification" and data.classes == 2 and data.labels == [-1.0, 1.0]
    assert data.x.shape == (20, 2) and set(data.y) == {0, 1} and len(data.train) == 10
    path.write_text("\n".join(f"{a},{b},{c + 0.5}" for a, b, c in rows))
    reg = load_csv(path)
    assert reg.kind == "regression" and reg.classes == 0 and len(reg.x) == 20
    lo, hi = reg.extent[0]
    assert lo < reg.x[:, 0].min() and hi > reg.x[:, 0].max()


@pytest.mark.parametrize(
    "text, problem",
    [
        ("1,2,0\n3,4\n", ":2: expected 3 values"),
        ("1,2,0\n1,2,0\n3,x,1\n", ":3: 'x' is not a number"),
        ("1,2,0\n1,nan,1\n", ":2: 'nan' is not a finite number"),
        ("x1,x2,label\n", ": 0 data rows"),
        ("1,2,0\n3,4,0\n5,6,0\n7,8,0\n", "every label is 0"),
    ],
)
def test_csv_problems_are_one_located_line(tmp_path, text, problem):
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(ValueError) as err:
        load_csv(path)
    message = str(err.value)
    assert message.startswith(str(path)) and problem in message and "\n" not in message


def test_csv_missing_file_and_too_many_rows(tmp_path):
    with pytest.raises(ValueError, match="cannot read"):
        load_csv(tmp_path / "missing.csv")
    path = tmp_path / "big.csv"
    path.write_text("\n".join(f"{i},{i},{i % 2}" for i in range(MAX_POINTS + 1)))
    with pytest.raises(ValueError, match=f":{MAX_POINTS + 1}: more than"):
        load_csv(path)


def test_expression_dataset():
    data = expression_dataset("x^2 + y^2 - 9", seed=1)
    inside = np.hypot(*data.x.T) < 3
    assert np.all(data.y[inside] == 0) and np.all(data.y[~inside] == 1)
    assert len(data.x) == 500 and len(data.train) == 250
    with pytest.raises(ValueError, match="one class only"):
        expression_dataset("x^2 + 1")
    with pytest.raises(ValueError):
        expression_dataset("__import__('os')")


def test_inputs():
    assert check_inputs("x1, x2, x1², sin x2") == ("x1", "x2", "x1^2", "sin(x2)")
    with pytest.raises(ValueError, match="unknown input"):
        check_inputs(["x3"])
    with pytest.raises(ValueError, match="twice"):
        check_inputs(["x1", "x1"])
    x = np.array([[2.0, 3.0]])
    np.testing.assert_allclose(features(x, tuple(FEATURES)), [[2, 3, 4, 9, 6, math.sin(2), math.sin(3)]])


@pytest.mark.parametrize("name", list(DATASETS))
def test_points_gives_exactly_that_many(name):
    assert len(make_dataset(name, points=81).x) == 81
