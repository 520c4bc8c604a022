"""Optimizers racing down a loss surface, and the views that explain them.

path:   contour lines of the surface, each optimizer's path in its own colour, start and minima.
loss:   loss per step (log scale when the loss stays positive).
state:  what drives each step: the step actually taken, the gradient, and the optimizer's state.
sweep:  final loss against a hyperparameter (log-log), one vectorised run per optimizer.
basins: for a grid of starts, which minimum each start ends in.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from dltutor.kinds.optimizers import scene_surface
from dltutor.plots.common import (
    RED,
    colour,
    distinct_dots,
    fewer_panels,
    figure_size,
    fmt,
    linear_axis,
    lists,
    log_axis,
    panels_that_fit,
    positive,
    shown,
    thin,
)
from dltutor.plots.figure import set_background

# The surface's shades from the floor up: nothing on the floor, then denser and lighter marks.
SHADES = (("", None), ("·", 240), ("∙", 244), ("•", 248))
BASIN_MARKS = ("█", "▒", "▓", "░")  # distinct without colour too
# the state vector that best shows why each optimizer moves as it does
MAIN_STATE = {
    "momentum_buffer": "velocity",
    "sum": "Σ g²",
    "square_avg": "mean g²",
    "acc_delta": "mean Δ²",
    "exp_avg_sq": "mean g² (v)",
}


def draw(plt: Any, result: dict[str, Any], scene: dict[str, Any], progress: float | None) -> str:
    view = scene["view"]
    return {"path": _path, "loss": _loss, "state": _state, "sweep": _sweep, "basins": _basins}[view](
        plt, result, scene, progress
    )


# --- path -----------------------------------------------------------------------------------


@lru_cache(maxsize=16)
def surface_bands(surface, columns: int, rows: int) -> np.ndarray:
    """The surface as bands of SHADES, one per character cell (rows × columns, row 0 at the top).

    Bands are quantiles of log(1 + f − f_min) over the cells, so steep walls and flat floors
    both get bands; the lowest band is left empty, so the floor where the minima lie stays clear
    for the paths. Cached: every frame of an animation draws the same background.
    """
    (x0, x1), (y0, y1) = surface.bounds
    xs = x0 + (np.arange(columns) + 0.5) / columns * (x1 - x0)
    ys = y1 - (np.arange(rows) + 0.5) / rows * (y1 - y0)
    with np.errstate(all="ignore"):
        z = surface.f(*np.meshgrid(xs, ys))
        lz = np.log1p(np.clip(z - np.nanmin(z), 0, None))
    finite = np.isfinite(lz)
    if not finite.any():
        return np.zeros((rows, columns), dtype=int)
    edges = np.quantile(lz[finite], np.linspace(0, 1, len(SHADES) + 1)[1:-1])
    return np.where(finite, np.searchsorted(edges, lz, side="right"), len(SHADES) - 1).tolist()


def _path(plt, result, scene, progress) -> str:
    surface = scene_surface(scene)
    (x0, x1), (y0, y1) = surface.bounds
    width, height = figure_size(plt)
    set_background(lambda columns, rows: surface_bands(surface, columns, rows), SHADES)
    runs = result["optimizers"]
    steps = len(runs[0].path) - 1 if runs else 0
    upto = shown(steps + 1, progress)
    for i, run in enumerate(runs):
        path = np.asarray(run.path)[:upto]
        path = np.column_stack([np.clip(path[:, 0], x0, x1), np.clip(path[:, 1], y0, y1)])
        idx = distinct_dots(path[:, 0], path[:, 1], surface.bounds, (width, height))
        diverged = run.gone_by(upto - 1)
        label = f"{run.name} (diverged)" if diverged else run.name
        plt.plot(*lists(path[idx, 0], path[idx, 1]), marker="braille", color=colour(i), label=label)
        plt.scatter(*lists(path[-1:, 0], path[-1:, 1]), marker="×" if diverged else "●", color=colour(i))
    start = result["surface"]["start"]
    plt.scatter([min(max(start[0], x0), x1)], [min(max(start[1], y0), y1)], marker="○", color="white", label="start")
    minima = np.asarray(result["surface"]["minima"], dtype=float).reshape(-1, 2)
    if len(minima):
        plt.scatter(
            *lists(minima[:, 0], minima[:, 1]),
            marker="✚",
            color="white",
            label="minimum" if len(minima) == 1 else "minima",
        )
    plt.xlim(x0, x1)
    plt.ylim(y0, y1)
    linear_axis(plt, x0, x1, "x")
    linear_axis(plt, y0, y1, "y")
    plt.title(f"{surface.title}: {surface.formula}" if surface.name != surface.formula else surface.title)
    plt.xlabel("x")  # the vertical axis is y: plotext would print its label under the plot, beside x
    return _race_caption(surface, runs, upto - 1)


def _race_caption(surface, runs, step: int) -> str:
    if not runs:
        return surface.note
    finals = [(float(np.asarray(r.loss)[step]), r.name) for r in runs if not r.gone_by(step)]
    gone = [f"{r.name} at step {r.diverged_at}" for r in runs if r.gone_by(step)]
    parts = (
        [f"Loss at step {step}: " + ", ".join(f"{name} {fmt(loss)}" for loss, name in sorted(finals)) + "."]
        if finals
        else []
    )
    if gone:
        parts.append("Diverged: " + ", ".join(gone) + ".")
    return "  ".join([surface.note, " ".join(parts)] if surface.note else [" ".join(parts)])


# --- loss -----------------------------------------------------------------------------------


def _loss(plt, result, scene, progress) -> str:
    runs = result["optimizers"]
    steps = len(runs[0].loss) if runs else 0
    upto = shown(steps, progress)
    losses = [np.asarray(r.loss, dtype=float)[:upto] for r in runs]
    log = all(np.all(loss > 0) for loss in losses)
    for i, (run, loss) in enumerate(zip(runs, losses)):
        idx = thin(len(loss))
        plt.plot(
            *lists(idx, positive(loss[idx]) if log else loss[idx]), marker="braille", color=colour(i), label=run.name
        )
    if log:
        log_axis(plt, losses, "y")
    elif losses:
        finite = np.concatenate([loss[np.isfinite(loss)] for loss in losses] + [np.zeros(1)])
        linear_axis(plt, float(finite.min()), float(finite.max()), "y")
    linear_axis(plt, 0, max(1, upto - 1), "x", integer=True)
    plt.title(f"Loss per step on {result['surface']['title']}")
    plt.xlabel("step")
    plt.ylabel("loss" + (" (log)" if log else ""))
    alive = [r for r in runs if not r.gone_by(upto - 1)]
    gone = [f"{r.name} at step {r.diverged_at}" for r in runs if r not in alive]
    text = "Lower is better. A flat stretch is a plateau or a saddle."
    if alive:
        best = min(alive, key=lambda r: float(np.asarray(r.loss)[upto - 1]))
        text += f" After {upto - 1} steps {best.name} is lowest ({fmt(float(np.asarray(best.loss)[upto - 1]))})."
    return text + (" Diverged: " + ", ".join(gone) + "." if gone else "")


# --- state ----------------------------------------------------------------------------------


def _state(plt, result, scene, progress) -> str:
    runs = result["optimizers"]
    steps = len(runs[0].step_size) if runs else 0
    upto = shown(steps, progress)
    panels = [
        ("step actually taken ‖Δθ‖", lambda r: np.asarray(r.step_size, dtype=float)),
        ("gradient ‖g‖", lambda r: np.linalg.norm(np.asarray(r.grad, dtype=float), axis=-1)),
        ("optimizer state", None),
    ]
    fit = panels_that_fit(plt, len(panels))
    plt.subplots(fit, 1)
    states = []
    for row, (title, value) in enumerate(panels[:fit], start=1):
        plt.subplot(row, 1)
        series_list = []
        for i, run in enumerate(runs):
            if value is None:
                picked = _main_state(run)
                if picked is None:
                    continue
                key, series = picked
                label = run.name
                states.append(f"{run.name} ‖{key}‖ ({MAIN_STATE[key]})")
            else:
                series, label = value(run), run.name
            series = series[:upto]
            if np.nanmax(np.abs(series), initial=0.0) > 0:  # plain SGD keeps no state: nothing to draw
                series_list.append((i, label, series))
        # a log axis spanning at most 12 decades below the largest value, so zeros do not flatten it
        floor = max(np.nanmax(s) for _, _, s in series_list) * 1e-12 if series_list else 1.0
        for i, label, series in series_list:
            idx = thin(len(series))
            plt.plot(*lists(idx + 1, positive(series[idx], floor)), marker="braille", color=colour(i), label=label)
        if series_list:
            log_axis(plt, [positive(s, floor) for _, _, s in series_list], "y")
        linear_axis(plt, 1, max(2, upto), "x", integer=True)
        plt.title(title)
        plt.xlabel("step" if row == fit else "")
    drawn = f" State drawn: {', '.join(states)}." if states else ""
    return (
        "Adaptive methods divide by the running size of the gradient, so their steps stay near lr while "
        "‖g‖ changes by orders of magnitude; momentum's velocity builds up along a steady slope."
        + drawn
        + fewer_panels(fit, len(panels))
    )


def _main_state(run) -> tuple[str, np.ndarray] | None:
    """The first state vector in MAIN_STATE that the run actually used (RMSprop without momentum
    keeps an all-zero momentum_buffer: its square_avg is what explains it)."""
    for key in MAIN_STATE:
        if key in run.state:
            series = np.asarray(run.state[key], dtype=float)
            series = np.linalg.norm(series, axis=-1) if series.ndim == 2 else series
            if np.nanmax(np.abs(series), initial=0.0) > 0:
                return key, series
    return None


# --- sweep ----------------------------------------------------------------------------------


def _sweep(plt, result, scene, progress) -> str:
    sweep = result["sweep"]
    values = np.asarray(sweep["values"], dtype=float)
    upto = shown(len(values), progress)
    start_loss = _start_loss(scene)
    notes, drawn = [], []
    for i, run in enumerate(sweep["optimizers"]):
        loss = np.asarray(run["final_loss"], dtype=float)[:upto]
        ok = ~np.asarray(run["diverged"], dtype=bool)[:upto]
        plt.plot(*lists(values[:upto][ok], positive(loss[ok])), marker="braille", color=colour(i), label=run["name"])
        drawn.append(loss[ok])
        if (~ok).any():
            plt.scatter(
                *lists(values[:upto][~ok], np.full((~ok).sum(), positive(loss[ok]).max() if ok.any() else 1.0)),
                marker="×",
                color=colour(i),
            )
        improved = ok & (loss < start_loss)
        if improved.any():
            notes.append(f"{run['name']} {fmt(values[:upto][improved].min())}–{fmt(values[:upto][improved].max())}")
        else:
            notes.append(f"{run['name']} none")
    if sweep["log"]:
        log_axis(plt, values, "x")
    else:
        linear_axis(plt, float(values.min()), float(values.max()), "x")
    if any(len(d) for d in drawn):
        log_axis(plt, drawn, "y")
    plt.title(f"Final loss after {scene['steps']} steps against {sweep['param']} ({result['surface']['title']})")
    plt.xlabel(sweep["param"] + (" (log)" if sweep["log"] else ""))
    plt.ylabel("final loss (log)")
    return f"× marks a diverged run. {sweep['param']} values that lower the loss: " + "; ".join(notes) + "."


def _start_loss(scene) -> float:
    surface = scene_surface(scene)
    return float(surface.value(np.asarray(scene["start"], dtype=float)))


# --- basins ---------------------------------------------------------------------------------


def _nearest(grid: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Index of the nearest value of an evenly spaced grid for each point."""
    step = (grid[-1] - grid[0]) / max(1, len(grid) - 1) or 1.0
    return np.clip(np.round((points - grid[0]) / step).astype(int), 0, len(grid) - 1)


def _basins(plt, result, scene, progress) -> str:
    basins = result["basins"]
    xs, ys = np.asarray(basins["x"], dtype=float), np.asarray(basins["y"], dtype=float)
    # Repeat each start's cell so that every character of the panel gets one (no gaps between
    # grid columns that fall between character columns).
    width, height = figure_size(plt)
    rep_x = max(1, -(-width // (len(xs) * min(len(basins["optimizers"]), 3))) + 1)
    rep_y = max(1, -(-height // len(ys)) + 1)
    fine_x = np.linspace(xs[0], xs[-1], len(xs) * rep_x)
    fine_y = np.linspace(ys[0], ys[-1], len(ys) * rep_y)
    xx, yy = np.meshgrid(fine_x, fine_y)
    pick_x, pick_y = _nearest(xs, fine_x), _nearest(ys, fine_y)
    minima = np.asarray(basins["minima"], dtype=float).reshape(-1, 2)
    everyone = basins["optimizers"]
    cols = min(len(everyone), 3)
    wanted = -(-len(everyone) // cols)
    rows = panels_that_fit(plt, wanted)
    runs = everyone[: rows * cols]
    plt.subplots(rows, cols)
    notes = []
    for k, run in enumerate(runs):
        plt.subplot(k // cols + 1, k % cols + 1)
        coarse = np.asarray(run["basin"])
        basin = coarse[np.ix_(pick_y, pick_x)]
        for b in range(-2, len(minima)):
            cells = basin == b
            if not cells.any():
                continue
            marker, color = ("×", RED) if b == -2 else ("·", "gray") if b == -1 else (BASIN_MARKS[b % 4], colour(b))
            plt.scatter(*lists(xx[cells], yy[cells]), marker=marker, color=color)
        if len(minima):
            plt.scatter(*lists(minima[:, 0], minima[:, 1]), marker="✚", color="white")
        plt.title(run["name"])
        plt.xlim(xs[0], xs[-1])
        plt.ylim(ys[0], ys[-1])
        linear_axis(plt, xs[0], xs[-1], "x", count=4)
        linear_axis(plt, ys[0], ys[-1], "y", count=4)
        reached = [(coarse == b).mean() for b in range(len(minima))]
        notes.append(f"{run['name']} " + "/".join(f"{r:.0%}" for r in reached))
    return (
        "Each start is coloured by the minimum it ends in (· elsewhere, × diverged). Share of starts per "
        "minimum: "
        + "; ".join(notes)
        + "."
        + (f" Only {len(runs)} of {len(everyone)} optimizers fit at this height." if len(runs) < len(everyone) else "")
    )
