"""Dropout: the mask at one training step, and the running mean of what the next layer sees."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from dltutor.plots.common import colour, figure_size, fmt, linear_axis, lists, shown, thin

MAX_UNITS_SHOWN = 32  # rows of the recurrent grid


def draw(plt: Any, result: dict[str, Any], scene: dict[str, Any], progress: float | None) -> str:
    masks = np.asarray(result["masks"], dtype=bool)[0]  # first row of p
    steps = masks.shape[0]
    step = shown(steps, progress) - 1
    p = float(np.asarray(result["p"])[0])
    room = _recurrent_room(plt, masks[step].shape) if scene["recurrent"] else None  # before the panels exist
    plt.subplots(1, 2)
    plt.subplot(1, 1)
    if scene["recurrent"]:
        other = np.asarray(result["other_masks"], dtype=bool)[0]
        # element-wise on the left, variational on the right, each time steps × units
        elementwise, variational = (other, masks) if scene["variational"] else (masks, other)
        times, units = room
        _recurrent_grid(plt, elementwise[step][:times, :units], "element-wise: new mask each step")
        plt.subplot(1, 2)
        _recurrent_grid(plt, variational[step][:times, :units], "variational: one mask per sequence")
        kept = masks[step].mean()
        total_t, total_u = masks[step].shape
        cut = [
            f"{n} of {total} {what}"
            for n, total, what in ((times, total_t, "time steps"), (units, total_u, "units"))
            if n < total
        ]
        part = f" Shown: the first {' and '.join(cut)} (a larger plot shows more)." if cut else ""
        return (
            f"p = {fmt(p)}, step {step + 1}: kept {kept:.0%}. Variational dropout repeats one mask along "
            "time (rows stay the same across columns); element-wise draws a new one each time step." + part
        )
    kept = _mask_grid(plt, masks[step], f"mask at step {step + 1}")
    plt.subplot(1, 2)
    x = np.asarray(result["step"], dtype=float)[: step + 1]
    running = np.asarray(result["running_mean"], dtype=float)[0][: step + 1]
    idx = thin(len(x))
    plt.plot(*lists(x[idx], running[idx]), marker="braille", color=colour(0), label="running mean while training")
    test = float(np.asarray(result["test_mean"])[0])
    plt.plot(*lists([1, steps], [test, test]), marker="braille", color=colour(1), label="mean at test time")
    h_mean = float(np.asarray(result["h_mean"]))
    if abs(h_mean - test) > 1e-12:
        plt.plot(*lists([1, steps], [h_mean, h_mean]), marker="•", color="gray", label="mean without dropout")
    plt.xlim(1, steps)
    linear_axis(plt, 1, max(2, steps), "x", integer=True, count=5)
    means = np.concatenate([running, [test, h_mean]])
    linear_axis(plt, float(means.min()), float(means.max()), "y")
    plt.title(f"mean activation, {scene['mode']} dropout, p = {fmt(p)}")
    plt.xlabel("training step")
    scale = float(np.asarray(result["train_scale"])[0])
    how = (
        f"kept units are scaled by 1/(1 − p) = {fmt(scale)} while training, so the running mean settles on "
        "the test-time mean"
        if scene["mode"] == "inverted"
        else f"training is unscaled and test outputs are multiplied by 1 − p = {fmt(1 - p)}, so both means match"
    )
    return f"Step {step + 1}: kept {kept} of {masks.shape[-1]} units. In {scene['mode']} dropout {how}."


def _mask_grid(plt, mask: np.ndarray, title: str) -> int:
    units = mask.size
    cols = math.ceil(math.sqrt(units * 2))  # cells are twice as tall as wide: make the grid look square
    rows = math.ceil(units / cols)
    r, c = np.divmod(np.arange(units), cols)
    plt.scatter(*lists(c[mask], rows - r[mask]), marker="█", color="green+", label="kept")
    plt.scatter(*lists(c[~mask], rows - r[~mask]), marker="·", color="gray", label="dropped")
    plt.xlim(-1, cols)
    plt.ylim(0, rows + 1)
    plt.xticks([-10], [" "])  # a cell's place in the grid means nothing: no numbers on the axes
    plt.yticks([-10], ["  "])
    plt.title(title)
    plt.xlabel(f"{units} units, {cols} per row")
    return int(mask.sum())


def _recurrent_room(plt, shape: tuple[int, int]) -> tuple[int, int]:
    """How many time steps (columns) and units (rows) each half of the figure can show with one
    character per cell: squeezing more in would let a dropped cell overwrite a kept one."""
    width, height = figure_size(plt)
    # a panel's rows: figure less title, legend, frame (2), ticks and axis label; two left for the margins
    rows = height - 6 - 2 - 2  # and two for a caption longer than the two lines the figure was sized for
    cols = (width // 2 - 6 - 2) // 2  # y tick labels and frame; every other column, so cells stay apart
    return max(1, min(shape[0], cols)), max(1, min(shape[1], rows))


def _recurrent_grid(plt, mask: np.ndarray, title: str) -> None:
    """mask: (time_steps, units), already cut to what fits; columns are time steps, rows are units."""
    mask = mask[:, :MAX_UNITS_SHOWN]
    t, u = np.nonzero(np.ones_like(mask))
    kept = mask[t, u]
    plt.scatter(*lists(t[~kept] + 1, u[~kept] + 1), marker="·", color="gray", label="dropped")
    plt.scatter(*lists(t[kept] + 1, u[kept] + 1), marker="█", color="green+", label="kept")
    plt.xlim(0, mask.shape[0] + 1)
    plt.ylim(0, mask.shape[1] + 1)
    linear_axis(plt, 1, max(2, mask.shape[0]), "x", integer=True, count=4)
    linear_axis(plt, 1, max(2, mask.shape[1]), "y", integer=True, count=5)
    plt.title(title)
    plt.xlabel("time step")
    plt.ylabel("unit")
