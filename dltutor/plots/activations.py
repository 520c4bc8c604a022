"""An activation and its derivative, with the saturated (|f′| small) and dead (f′ = 0) stretches marked."""

from __future__ import annotations

from typing import Any

import numpy as np

from dltutor.plots.common import colour, lists, shown, thin


def draw(plt: Any, result: dict[str, Any], scene: dict[str, Any], progress: float | None) -> str:
    x = np.asarray(result["x"], dtype=float)
    upto = shown(len(x), progress)
    runs = result["activations"]
    grid = scene["layout"] == "grid" and len(runs) > 1
    if grid:
        cols = {1: 1, 2: 2, 3: 3, 4: 2}.get(len(runs), 3 if len(runs) <= 9 else 4)
        plt.subplots(-(-len(runs) // cols), cols)
    for i, run in enumerate(runs):
        if grid:
            plt.subplot(i // cols + 1, i % cols + 1)
        _one(plt, x[:upto], run, i if not grid else 0)
        if grid:
            _frame(plt, x, run["title"])
    if not grid:
        _frame(plt, x, "Activations f(x) and their derivatives f′(x)")
    return _caption(runs)


def _one(plt, x, run, i):
    n = len(x)
    idx = thin(n)
    y, dy = np.asarray(run["y"], dtype=float)[:n], np.asarray(run["dy"], dtype=float)[:n]
    plt.plot(*lists(x[idx], y[idx]), marker="braille", color=colour(2 * i), label=f"{run['name']} f")
    plt.plot(*lists(x[idx], dy[idx]), marker="braille", color=colour(2 * i + 1), label=f"{run['name']} f′")
    dead = np.asarray(run["dead"], dtype=bool)[:n]
    saturated = np.asarray(run["saturated"], dtype=bool)[:n]
    if dead.any():
        plt.scatter(*lists(x[dead][thin(dead.sum())], np.zeros(dead.sum())[thin(dead.sum())]), marker="▁",
                    color="red", label="dead: f′ = 0")
    if saturated.any():
        plt.scatter(*lists(x[saturated][thin(saturated.sum())], dy[saturated][thin(saturated.sum())]), marker="▁",
                    color="orange", label="saturated: |f′| < 0.05")


def _frame(plt, x, title):
    plt.xlim(x[0], x[-1])
    plt.title(title)
    plt.xlabel("x")
    plt.ylabel("f, f′")


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
