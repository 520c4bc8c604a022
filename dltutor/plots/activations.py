"""An activation and its derivative, with the saturated (|f′| small) and dead (f′ = 0) stretches marked."""

from __future__ import annotations

from typing import Any

import numpy as np

from dltutor.plots.common import ORANGE, RED, colour, figure_size, linear_axis, lists, panels_that_fit, shown, thin


def draw(plt: Any, result: dict[str, Any], scene: dict[str, Any], progress: float | None) -> str:
    x = np.asarray(result["x"], dtype=float)
    upto = shown(len(x), progress)
    runs = result["activations"]
    grid = scene["layout"] == "grid" and len(runs) > 1
    note = ""
    if grid:
        cols = {1: 1, 2: 2, 3: 3, 4: 2}.get(len(runs), 3 if len(runs) <= 9 else 4)
        rows = -(-len(runs) // cols)
        if panels_that_fit(plt, rows) < rows:  # too short for the grid: everything on one plot
            grid, note = False, " The grid needs a taller plot: all are drawn on one."
    if grid:
        plt.subplots(rows, cols)
    for i, run in enumerate(runs):
        if grid:
            plt.subplot(i // cols + 1, i % cols + 1)
        _one(plt, x[:upto], run, i if not grid else 0, named=not grid)
        if grid:
            _frame(plt, x, run["title"], runs=[run], count=4)
    if not grid:
        _frame(
            plt,
            x,
            "Activations f(x) and their derivatives f′(x)",
            runs=runs,
            count=max(3, min(8, figure_size(plt)[1] // 4)),
        )
    return _caption(runs) + note


def _one(plt, x, run, i, named=True):
    """f and f′ of one activation in colours of their own; in a grid each panel's title names it,
    so the legend says only f and f′."""
    n = len(x)
    # A point per column (braille's two dots a column join them smoothly), chosen from the whole
    # series, so that an animation's growing curve keeps its points from frame to frame.
    idx = thin(len(run["y"]), figure_size(plt)[0])
    idx = idx[idx < n]
    if n and (not idx.size or idx[-1] != n - 1):
        idx = np.append(idx, n - 1)  # the curve reaches the frame's last point
    y, dy = np.asarray(run["y"], dtype=float)[:n], np.asarray(run["dy"], dtype=float)[:n]
    name = f"{run['name']} " if named else ""
    plt.plot(*lists(x[idx], y[idx]), marker="braille", color=colour(2 * i), label=f"{name}f")
    plt.plot(*lists(x[idx], dy[idx]), marker="braille", color=colour(2 * i + 1), label=f"{name}f′")
    dead = np.asarray(run["dead"], dtype=bool)[:n]
    saturated = np.asarray(run["saturated"], dtype=bool)[:n]
    if dead.any():
        plt.scatter(
            *lists(x[dead][thin(dead.sum())], np.zeros(dead.sum())[thin(dead.sum())]),
            marker="▁",
            color=RED,
            label="dead: f′ = 0",
        )
    if saturated.any():
        plt.scatter(
            *lists(x[saturated][thin(saturated.sum())], dy[saturated][thin(saturated.sum())]),
            marker="▁",
            color=ORANGE,
            label="saturated: |f′| < 0.05",
        )


def _frame(plt, x, title, runs, count):
    plt.xlim(x[0], x[-1])
    linear_axis(plt, x[0], x[-1], "x")
    values = np.concatenate([np.ravel(run[key]) for run in runs for key in ("y", "dy")] + [np.zeros(1)])
    values = values[np.isfinite(values)]
    linear_axis(plt, float(values.min()), float(values.max()), "y", count=count)
    plt.title(title)
    plt.xlabel("x")


def _caption(runs) -> str:
    parts = []
    for run in runs:
        dead, sat = np.mean(run["dead"]), np.mean(run["saturated"])
        peak = float(np.max(run["dy"]))
        bits = [f"max f′ {peak:.3g}"]
        if dead:
            bits.append(f"dead on {dead:.0%} of the range")
        if sat:
            bits.append(f"saturated on {sat:.0%}")
        parts.append(f"{run['name']}: " + ", ".join(bits))
    return "Where f′ is near 0 no gradient flows back. " + "; ".join(parts) + "."
