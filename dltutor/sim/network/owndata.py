"""The learner's own data: a CSV file of points, or an expression whose sign gives the class.

Both make a `Dataset` like the built-in sets. Every CSV problem is one ValueError 'file:line: problem'.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np

from dltutor.sim.network.data import CLASSIFICATION, PLANE, REGRESSION, Array, Dataset, check_percent, check_seed, split
from dltutor.sim.network.limits import MAX_CLASSES, MAX_POINTS, MIN_POINTS, at_most


def _padded_extent(x: Array) -> tuple[tuple[float, float], tuple[float, float]]:
    """The data's bounding box with 10% margin (a flat axis gets ±1)."""
    out = []
    for col in x.T:
        lo, hi = float(col.min()), float(col.max())
        pad = 0.1 * (hi - lo) if hi > lo else 1.0
        out.append((lo - pad, hi + pad))
    return tuple(out)


def _number(text: str, where: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{where}: {text.strip()[:20]!r} is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"{where}: {text.strip()!r} is not a finite number")
    return value


def load_csv(path, *, train_share: float = 50.0, seed: int = 0, kind: str | None = None) -> Dataset:
    """Points from a CSV file: x1, x2, label on each line; a first line that is not numbers is a header.

    Labels that are all whole numbers with at most 8 distinct values make a classification set
    (sorted label values -> class 0, 1, ...), anything else a regression set; `kind` forces one.
    Every problem is a ValueError 'file:line: problem'.
    """
    name = str(path)
    train_share = check_percent(train_share, 10.0, 90.0, "train share")
    if kind not in (None, CLASSIFICATION, REGRESSION):
        raise ValueError(f"kind must be {CLASSIFICATION} or {REGRESSION}, got {kind!r}")
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not a UTF-8 text file"
        raise ValueError(f"{name}: cannot read: {reason}") from None
    rows: list[tuple[float, float, float]] = []
    for lineno, row in enumerate(csv.reader(text.splitlines()), start=1):
        if not row or all(not cell.strip() for cell in row):
            continue  # blank lines are allowed
        where = f"{name}:{lineno}"
        if len(row) != 3:
            raise ValueError(f"{where}: expected 3 values (x1, x2, label), got {len(row)}")
        if not rows and lineno == _first_line(text) and not _numeric(row[0]) and not _numeric(row[1]):
            continue  # a header
        rows.append(tuple(_number(cell, where) for cell in row))
        if len(rows) > MAX_POINTS:
            raise ValueError(f"{where}: more than {MAX_POINTS:,} points; use fewer rows")
    if len(rows) < MIN_POINTS:
        raise ValueError(f"{name}: {len(rows)} data rows; at least {MIN_POINTS} are needed")
    arr = np.array(rows, dtype=np.float64)
    x, raw = arr[:, :2], arr[:, 2]
    values = np.unique(raw)
    whole = bool(np.all(raw == np.round(raw)))
    kind = kind or (CLASSIFICATION if whole and len(values) <= MAX_CLASSES else REGRESSION)
    if kind == CLASSIFICATION:
        if len(values) < 2:
            raise ValueError(f"{name}: every label is {values[0]:g}; a classification set needs two classes")
        if len(values) > MAX_CLASSES:
            raise ValueError(f"{name}: {len(values)} distinct labels; at most {MAX_CLASSES} classes")
        y, classes, labels = np.searchsorted(values, raw).astype(np.int64), len(values), values.tolist()
    else:
        y, classes, labels = raw, 0, []
    train, test = split(len(x), train_share, np.random.default_rng(check_seed(seed)))
    return Dataset(Path(path).name, kind, x, y, classes, train, test, _padded_extent(x), 0.0, train_share, seed, labels)


def _first_line(text: str) -> int:
    for i, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            return i
    return 0


def _numeric(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def expression_dataset(
    text: str, *, points: int = 500, noise: float = 0.0, train_share: float = 50.0, seed: int = 0
) -> Dataset:
    """Class 1 where f(x, y) > 0, else class 0, for points uniform on Playground's ±6 plane.

    f is the safe compiler's (dltutor.sim.expression); as in Playground, noise moves the point at
    which f is read (by up to ±6·noise) but not the point drawn. Points where f is undefined (nan)
    are dropped.
    """
    from dltutor.sim.expression import compile_expression

    f = compile_expression(text)
    noise = check_percent(noise, 0.0, 50.0, "noise")
    train_share = check_percent(train_share, 10.0, 90.0, "train share")
    if isinstance(points, bool) or not isinstance(points, (int, np.integer)) or points < MIN_POINTS:
        raise ValueError(f"points must be a whole number >= {MIN_POINTS}, got {points!r}")
    at_most(int(points), MAX_POINTS, "points", "points", "points")
    data_rng, split_rng = (np.random.default_rng(s) for s in np.random.SeedSequence(check_seed(seed)).spawn(2))
    x = data_rng.uniform(-6.0, 6.0, (int(points), 2))
    shift = data_rng.uniform(-6.0, 6.0, x.shape) * (noise / 100.0)
    value = f((x + shift)[:, 0], (x + shift)[:, 1])
    keep = ~np.isnan(value)
    x, value = x[keep], value[keep]
    if len(x) < MIN_POINTS:
        raise ValueError(f"{text!r} is undefined almost everywhere on the plane (±6); try another expression")
    y = (value > 0).astype(np.int64)
    if y.min() == y.max():
        side = "positive" if y[0] else "zero or negative"
        raise ValueError(f"{text!r} is {side} at every point on the plane (±6): one class only")
    train, test = split(len(x), train_share, split_rng)
    return Dataset(f"expr: {text}", CLASSIFICATION, x, y, 2, train, test, PLANE, noise, train_share, seed)
