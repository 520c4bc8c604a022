"""2-D data sets for the network lab: TensorFlow Playground's and a few more (the learner's own: owndata).

The built-in generators follow Playground's src/dataset.ts (shapes, sizes, how noise enters, the
±6 plane) with NumPy's seeded default_rng in place of Math.random, so the same seed always gives
the same points. Playground's labels ±1 become class indices 1 and 0; regression labels are kept.
Like Playground, the points are shuffled once and the first `train_share` percent are the
training set. `noise` is Playground's slider: percent, 0 to 50.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from dltutor.sim.network.limits import MAX_POINTS, MIN_POINTS, at_most

Array = np.ndarray
PLANE = ((-6.0, 6.0), (-6.0, 6.0))  # Playground's xDomain, both axes

CLASSIFICATION, REGRESSION = "classification", "regression"


@dataclass
class Dataset:
    """Points, labels and the train/test split. y holds class indices 0..K−1 (classification) or
    target values (regression); train and test index into x and y."""

    name: str
    kind: str  # CLASSIFICATION or REGRESSION
    x: Array  # (n, 2) float64
    y: Array  # (n,) int64 class index, or float64 value
    classes: int  # K (0 for regression)
    train: Array  # (n_train,) indices
    test: Array  # (n_test,) indices
    extent: tuple[tuple[float, float], tuple[float, float]] = PLANE
    noise: float = 0.0  # percent
    train_share: float = 50.0  # percent
    seed: int = 0
    labels: list = field(default_factory=list)  # CSV: the label value of each class index

    @property
    def x_train(self) -> Array:
        return self.x[self.train]

    @property
    def y_train(self) -> Array:
        return self.y[self.train]

    @property
    def x_test(self) -> Array:
        return self.x[self.test]

    @property
    def y_test(self) -> Array:
        return self.y[self.test]


# --- Playground's generators (numSamples, noise as a fraction 0..0.5, rng) ------------------------


def _halves(n: int) -> tuple[int, int]:
    """Playground draws numSamples/2 points per class; an odd count gives the first class one more."""
    return n - n // 2, n // 2


def _label(positive: Array) -> Array:
    return positive.astype(np.int64)  # Playground's +1 -> class 1, -1 -> class 0


def _circle(n: int, noise: float, rng) -> tuple[Array, Array]:
    radius = 5.0
    halves = []
    for (r_lo, r_hi), m in zip(((0.0, radius * 0.5), (radius * 0.7, radius)), _halves(n)):
        r = rng.uniform(r_lo, r_hi, m)
        angle = rng.uniform(0.0, 2 * math.pi, m)
        x, y = r * np.sin(angle), r * np.cos(angle)
        nx, ny = rng.uniform(-radius, radius, m) * noise, rng.uniform(-radius, radius, m) * noise
        halves.append((x, y, np.hypot(x + nx, y + ny) < radius * 0.5))
    return _stack(halves)


def _xor(n: int, noise: float, rng) -> tuple[Array, Array]:
    pad = 0.3
    x = rng.uniform(-5, 5, n)
    x += np.where(x > 0, pad, -pad)
    y = rng.uniform(-5, 5, n)
    y += np.where(y > 0, pad, -pad)
    nx, ny = rng.uniform(-5, 5, n) * noise, rng.uniform(-5, 5, n) * noise
    return np.column_stack([x, y]), _label((x + nx) * (y + ny) >= 0)


def _gauss(n: int, noise: float, rng) -> tuple[Array, Array]:
    variance = 0.5 + noise * (4 - 0.5) / 0.5  # d3 scale: noise 0..0.5 -> variance 0.5..4
    sd = math.sqrt(variance)
    m1, m2 = _halves(n)
    pos = rng.normal(2.0, sd, (m1, 2))
    neg = rng.normal(-2.0, sd, (m2, 2))
    return np.vstack([pos, neg]), np.r_[np.ones(m1, np.int64), np.zeros(m2, np.int64)]


def _spiral(n: int, noise: float, rng) -> tuple[Array, Array]:
    halves = []
    for (delta, positive), m in zip(((0.0, True), (math.pi, False)), _halves(n)):
        i = np.arange(m, dtype=np.float64)
        r = i / m * 5
        t = 1.75 * i / m * 2 * math.pi + delta
        x = r * np.sin(t) + rng.uniform(-1, 1, m) * noise
        y = r * np.cos(t) + rng.uniform(-1, 1, m) * noise
        halves.append((x, y, np.full(m, positive)))
    return _stack(halves)


def _plane(n: int, noise: float, rng) -> tuple[Array, Array]:
    radius = 6.0
    x, y = rng.uniform(-radius, radius, n), rng.uniform(-radius, radius, n)
    nx, ny = rng.uniform(-radius, radius, n) * noise, rng.uniform(-radius, radius, n) * noise
    return np.column_stack([x, y]), ((x + nx) + (y + ny)) / 10.0  # d3 scale [-10, 10] -> [-1, 1]


_GAUSSIANS = np.array([[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1], [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1]])


def _gauss_regression(n: int, noise: float, rng) -> tuple[Array, Array]:
    radius = 6.0
    x, y = rng.uniform(-radius, radius, n), rng.uniform(-radius, radius, n)
    nx, ny = rng.uniform(-radius, radius, n) * noise, rng.uniform(-radius, radius, n) * noise
    px, py = (x + nx)[:, None], (y + ny)[:, None]
    d = np.hypot(px - _GAUSSIANS[:, 0], py - _GAUSSIANS[:, 1])
    values = _GAUSSIANS[:, 2] * np.clip(1.0 - d / 2.0, 0.0, 1.0)  # d3 scale [0, 2] -> [1, 0], clamped
    pick = np.argmax(np.abs(values), axis=1)  # the first of the largest |value|, as Playground
    return np.column_stack([x, y]), values[np.arange(n), pick] + 0.0


# --- beyond Playground ------------------------------------------------------------------------------


def _moons(n: int, noise: float, rng) -> tuple[Array, Array]:
    """scikit-learn's make_moons shape, scaled by 3 and centred on the plane; Gaussian noise with
    std 3·noise (noise 0.5 -> std 1.5)."""
    m_out = n // 2
    m_in = n - m_out
    t_out, t_in = np.linspace(0, math.pi, m_out), np.linspace(0, math.pi, m_in)
    x = np.r_[np.cos(t_out), 1 - np.cos(t_in)]
    y = np.r_[np.sin(t_out), 1 - np.sin(t_in) - 0.5]
    pts = 3.0 * (np.column_stack([x, y]) - [0.5, 0.25])
    pts += rng.normal(0.0, 3.0 * noise, pts.shape) if noise > 0 else 0.0
    return pts, np.r_[np.zeros(m_out, np.int64), np.ones(m_in, np.int64)]


def _spiral3(n: int, noise: float, rng) -> tuple[Array, Array]:
    """Three interleaved arms (the CS231n spiral), radius 5; noise jitters the angle (std 2·noise
    radians) as Playground's spiral jitters the position."""
    k = 3
    per = [n // k + (1 if j < n % k else 0) for j in range(k)]
    pts, labels = [], []
    for j, m in enumerate(per):
        r = np.linspace(0.0, 1.0, m)
        t = np.linspace(j * 4.0, (j + 1) * 4.0, m) + rng.normal(0.0, 2.0 * noise, m)
        pts.append(5.0 * np.column_stack([r * np.sin(t), r * np.cos(t)]))
        labels.append(np.full(m, j, np.int64))
    return np.vstack(pts), np.concatenate(labels)


def _blobs3(n: int, noise: float, rng) -> tuple[Array, Array]:
    """Three Gaussian blobs 120° apart on a circle of radius 3.5, variance as Playground's gauss."""
    sd = math.sqrt(0.5 + noise * 7.0)
    k = 3
    per = [n // k + (1 if j < n % k else 0) for j in range(k)]
    pts, labels = [], []
    for j, m in enumerate(per):
        angle = math.pi / 2 + 2 * math.pi * j / k
        centre = 3.5 * np.array([math.cos(angle), math.sin(angle)])
        pts.append(rng.normal(centre, sd, (m, 2)))
        labels.append(np.full(m, j, np.int64))
    return np.vstack(pts), np.concatenate(labels)


def _stack(parts) -> tuple[Array, Array]:
    x = np.concatenate([p[0] for p in parts])
    y = np.concatenate([p[1] for p in parts])
    return np.column_stack([x, y]), _label(np.concatenate([p[2] for p in parts]))


@dataclass(frozen=True)
class Generator:
    name: str
    kind: str
    classes: int
    points: int  # Playground's size: 500 for classification, 1200 for regression
    fn: Callable = field(repr=False)
    doc: str = ""


DATASETS: dict[str, Generator] = {
    g.name: g
    for g in (
        Generator("circle", CLASSIFICATION, 2, 500, _circle, "a disc of one class inside a ring of the other"),
        Generator("xor", CLASSIFICATION, 2, 500, _xor, "the four quadrants, opposite ones alike"),
        Generator("gauss", CLASSIFICATION, 2, 500, _gauss, "two Gaussian clouds"),
        Generator("spiral", CLASSIFICATION, 2, 500, _spiral, "two interleaved spirals"),
        Generator("moons", CLASSIFICATION, 2, 500, _moons, "two interleaving half circles"),
        Generator("spiral3", CLASSIFICATION, 3, 501, _spiral3, "three interleaved spiral arms"),
        Generator("blobs3", CLASSIFICATION, 3, 501, _blobs3, "three Gaussian blobs"),
        Generator("plane", REGRESSION, 0, 1200, _plane, "a tilted plane: label (x + y) / 10"),
        Generator("gauss-regression", REGRESSION, 0, 1200, _gauss_regression, "six Gaussian bumps, up and down"),
    )
}


# --- shared checks, the split ------------------------------------------------------------------------


def check_percent(value: float, lo: float, hi: float, what: str) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float, np.integer, np.floating))
        or not math.isfinite(value)
        or not lo <= value <= hi
    ):
        raise ValueError(f"{what} must be a number from {lo:g} to {hi:g} (percent), got {value!r}")
    return float(value)


def check_seed(seed) -> int:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a whole number >= 0, got {seed!r}")
    return int(seed)


def split(n: int, train_share: float, rng) -> tuple[Array, Array]:
    """Playground's split: shuffle, then the first floor(n·share/100) points train."""
    order = rng.permutation(n)
    k = int(math.floor(n * train_share / 100.0))
    if k < 2 or n - k < 1:
        raise ValueError(
            f"a {train_share:g}% split of {n} points leaves {k} to train and {n - k} to test; "
            "use more points or another train share"
        )
    return np.sort(order[:k]), np.sort(order[k:])


def make_dataset(
    name: str, *, noise: float = 0.0, train_share: float = 50.0, seed: int = 0, points: int | None = None
) -> Dataset:
    """A built-in data set (see DATASETS), with `noise` percent (0–50) and `train_share` percent
    (10–90) of the points for training; `points` overrides Playground's size."""
    if name not in DATASETS:
        raise ValueError(f"unknown data set {name!r}; choose one of: {', '.join(DATASETS)}")
    gen = DATASETS[name]
    noise = check_percent(noise, 0.0, 50.0, "noise")
    train_share = check_percent(train_share, 10.0, 90.0, "train share")
    seed = check_seed(seed)
    n = gen.points if points is None else points
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < MIN_POINTS:
        raise ValueError(f"points must be a whole number >= {MIN_POINTS}, got {n!r}")
    at_most(int(n), MAX_POINTS, "points", "points", "points")
    data_rng, split_rng = (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(2))
    x, y = gen.fn(int(n), noise / 100.0, data_rng)
    train, test = split(len(x), train_share, split_rng)
    return Dataset(name, gen.kind, x, y, gen.classes, train, test, PLANE, noise, train_share, seed)
