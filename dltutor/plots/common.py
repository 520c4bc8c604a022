"""Small helpers shared by the drawings: colours, downsampling, revealing a run step by step."""

from __future__ import annotations

import math

import numpy as np

# Distinct on dark and light terminals; the order is the order of the series.
# Red and orange are kept for marks (diverged, dead, saturated, lr reduced) and gray for backgrounds,
# so no series shares a hue with them.
PALETTE = ("cyan+", "orange+", "green+", "blue+", "magenta+", "white", "cyan", "green", "blue", "magenta")
RED, ORANGE = "red+", 208  # marks: diverged, dead, reduced; saturated
# A panel shorter than this (title, frame, 3-4 rows of data, ticks) cannot be read: fewer panels are stacked.
MIN_PANEL_ROWS = 9
# Plotext draws each point it is given: more than a plot can resolve only costs time
# (a 120-column plot is 240 braille dots wide).
MAX_POINTS = 240


def colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def figure_size(plt) -> tuple[int, int]:
    """The size the caller gave the figure (plotext answers plotsize())."""
    width, height = plt.plotsize()
    return int(width or 100), int(height or 30)


def panels_that_fit(plt, wanted: int, min_rows: int = MIN_PANEL_ROWS) -> int:
    """How many of `wanted` stacked panels get at least `min_rows` rows (at least one). The legend
    line above the plots is taken off first."""
    return max(1, min(wanted, (figure_size(plt)[1] - 1) // min_rows))


def fewer_panels(shown: int, wanted: int) -> str:
    """The caption's note when panels were left out for lack of height (empty when none were)."""
    if shown >= wanted:
        return ""
    return f" Only {shown} of {wanted} panels {'fits' if shown == 1 else 'fit'} at this height; a taller plot shows them all."


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


def distinct_dots(
    xs: np.ndarray,
    ys: np.ndarray,
    bounds: tuple[tuple[float, float], tuple[float, float]],
    size: tuple[int, int],
    limit: int = MAX_POINTS,
) -> np.ndarray:
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
    ticks = [10.0**e for e in range(first, last + 1, step)]
    if len(ticks) < 2:  # less than two decades inside the data: label its ends instead
        ticks = sorted({lo, hi, *ticks})
    labels = [
        f"1e{round(math.log10(t))}" if math.isclose(math.log10(t), round(math.log10(t)), abs_tol=1e-9) else f"{t:.2g}"
        for t in ticks
    ]
    (plt.yticks if axis == "y" else plt.xticks)(ticks, labels)


def nice_ticks(lo: float, hi: float, count: int = 6, integer: bool = False) -> tuple[list[float], list[str]]:
    """About `count` ticks at round numbers (1, 2, 2.5 or 5 × 10ⁿ apart) inside [lo, hi], with labels.

    Plotext's own ticks divide the range evenly (epochs 24.8, 49.5, 74.2) and can print -0.0.
    `integer`: the axis counts things (epochs, layers, steps), so ticks are whole numbers.
    """
    lo, hi = float(min(lo, hi)), float(max(lo, hi))
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi - lo <= 0:
        value = lo if math.isfinite(lo) else 0.0
        return [value], [_tick_label(value, 1.0)]
    raw = (hi - lo) / max(1, count - 1)
    magnitude = 10.0 ** math.floor(math.log10(raw))
    step = min((m * magnitude for m in (1, 2, 2.5, 5, 10)), key=lambda s: abs(math.log(s / raw)))
    if integer:
        step = float(max(1, round(step)))
        if step > 2 and step % 5 and step % 2:  # 2.5 × 10ⁿ rounded: keep to 1, 2, 5 × 10ⁿ
            step = float(5 * round(step / 5) or 1)
    first = math.ceil(lo / step - 1e-9) * step
    ticks = [round(first + k * step, 12) for k in range(int((hi - first) / step + 1e-9) + 1)]
    if integer and lo.is_integer() and ticks[0] - lo >= step * 0.75:
        ticks.insert(0, lo)  # a count's first value (layer 1, step 1) is worth a tick
    if integer and hi.is_integer() and hi - ticks[-1] >= step * 0.75:
        ticks.append(hi)
    return ticks, [_tick_label(t, step) for t in ticks]


def _tick_label(value: float, step: float) -> str:
    """A tick as short as its spacing allows: 0.25 apart needs two decimals, 10 apart none; never -0."""
    decimals = 0 if step >= 1 and float(step).is_integer() else max(0, -math.floor(math.log10(step) + 1e-9))
    if decimals and not math.isclose(round(step, decimals), step, rel_tol=1e-6):
        decimals += 1
    if abs(value) < step * 1e-6:
        value = 0.0
    text = f"{value:.{decimals}f}"
    if abs(value) >= 1e5 or (value and abs(value) < 1e-3 and decimals > 4):
        text = f"{value:.2g}"
    return "0" if text.lstrip("-").strip("0.") == "" else text


def linear_axis(plt, lo: float, hi: float, axis: str = "x", integer: bool = False, count: int = 6) -> None:
    """Round-number ticks on a linear axis from lo to hi (see nice_ticks)."""
    ticks, labels = nice_ticks(lo, hi, count, integer)
    (plt.xticks if axis == "x" else plt.yticks)(ticks, labels)
