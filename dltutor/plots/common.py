"""Small helpers shared by the drawings: colours, downsampling, revealing a run step by step."""

from __future__ import annotations

import math

import numpy as np

# Distinct on dark and light terminals; the order is the order of the series.
PALETTE = ("cyan+", "orange+", "green+", "magenta+", "red+", "blue+", "gray+", "cyan", "orange", "green")
# Plotext draws each point it is given: more than a plot can resolve only costs time
# (a 120-column plot is 240 braille dots wide).
MAX_POINTS = 240


def colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def shown(total: int, progress: float | None) -> int:
    """How many of `total` items an animation frame at `progress` shows (at least one)."""
    if progress is None:
        return total
    return max(1, min(total, math.ceil(total * progress)))


def thin(count: int, limit: int = MAX_POINTS) -> np.ndarray:
    """Indices 0..count-1 thinned to at most `limit`, always keeping the first and the last."""
    if count <= limit:
        return np.arange(count)
    return np.unique(np.linspace(0, count - 1, limit).round().astype(int))


def distinct_dots(xs: np.ndarray, ys: np.ndarray, bounds: tuple[tuple[float, float], tuple[float, float]],
                  size: tuple[int, int], limit: int = MAX_POINTS) -> np.ndarray:
    """Indices of the points of a path worth drawing on a plot of `size` characters.

    A braille character holds 2×4 dots; a point on the same dot as the one before it draws
    nothing new, so it is dropped (an optimizer crawling near a minimum makes hundreds of those).
    The figure's full size stands in for its plot area, which is smaller: the dots assumed are
    finer than the real ones, so nothing visible is lost. First and last points always stay.
    """
    (x0, x1), (y0, y1) = bounds
    width, height = size
    with np.errstate(all="ignore"):
        col = np.floor((np.asarray(xs, dtype=float) - x0) / ((x1 - x0) or 1.0) * (2 * width))
        row = np.floor((np.asarray(ys, dtype=float) - y0) / ((y1 - y0) or 1.0) * (4 * height))
    keep = np.ones(len(col), dtype=bool)
    keep[1:] = (col[1:] != col[:-1]) | (row[1:] != row[:-1])
    keep[-1] = True
    idx = np.flatnonzero(keep)
    return idx[thin(len(idx), limit)]


def positive(values: np.ndarray, floor: float = 1e-300) -> np.ndarray:
    """Values ready for a log axis: non-finite and non-positive ones raised to `floor`."""
    arr = np.asarray(values, dtype=float)
    return np.where(np.isfinite(arr) & (arr > floor), arr, floor)


def fmt(x: float) -> str:
    """A number for a caption: 3 significant digits."""
    if x is None or not np.isfinite(x):
        return "–"
    return f"{x:.3g}"


def lists(*arrays: np.ndarray) -> list[list[float]]:
    """plotext wants plain lists."""
    return [np.asarray(a, dtype=float).tolist() for a in arrays]


def log_axis(plt, values, axis: str = "y", floor: float = 1e-300) -> None:
    """A log axis with decade ticks labelled 1e-3, 1e0, ... (plotext's own labels print every digit)."""
    (plt.yscale if axis == "y" else plt.xscale)("log")
    arr = positive(np.concatenate([np.ravel(v) for v in values]) if isinstance(values, list) else values, floor)
    lo, hi = float(arr.min()), float(arr.max())
    first, last = math.ceil(math.log10(lo) - 1e-9), math.floor(math.log10(hi) + 1e-9)
    step = max(1, math.ceil((last - first + 1) / 6))
    ticks = [10.0 ** e for e in range(first, last + 1, step)]
    if len(ticks) < 2:  # less than two decades inside the data: label its ends instead
        ticks = sorted({lo, hi, *ticks})
    labels = [f"1e{round(math.log10(t))}" if math.isclose(math.log10(t), round(math.log10(t)), abs_tol=1e-9)
              else f"{t:.2g}" for t in ticks]
    (plt.yticks if axis == "y" else plt.xticks)(ticks, labels)
