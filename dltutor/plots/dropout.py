"""Dropout: the mask at one training step, and the running mean of what the next layer sees."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from dltutor.plots.common import fmt, lists, shown, thin

MAX_UNITS_SHOWN = 32  # rows of the recurrent grid


def draw(plt: Any, result: dict[str, Any], scene: dict[str, Any], progress: float | None) -> str:
    masks = np.asarray(result["masks"], dtype=bool)[0]  # first row of p
    steps = masks.shape[0]
    step = shown(steps, progress) - 1
    p = float(np.asarray(result["p"])[0])
    plt.subplots(1, 2)
    plt.subplot(1, 1)
    if scene["recurrent"]:
        other = np.asarray(result["other_masks"], dtype=bool)[0]
        # element-wise on the left, variational on the right, each time steps × units
        elementwise, variational = (other, masks) if scene["variational"] else (masks, other)
        _recurrent_grid(plt, elementwise[step], "element-wise: a new mask each time step")
        plt.subplot(1, 2)
        _recurrent_grid(plt, variational[step], "variational: one mask for the whole sequence")
        kept = masks[step].mean()
        return (f"p = {fmt(p)}, step {step + 1}: kept {kept:.0%}. Variational dropout repeats one mask along "
                "time (rows stay the same across columns); element-wise draws a new one each time step.")
    kept = _mask_grid(plt, masks[step], f"mask at step {step + 1}")
    plt.subplot(1, 2)
    x = np.asarray(result["step"], dtype=float)[: step + 1]
    running = np.asarray(result["running_mean"], dtype=float)[0][: step + 1]
    idx = thin(len(x))
    plt.plot(*lists(x[idx], running[idx]), marker="braille", color="cyan+", label="running mean while training")
    test = float(np.asarray(result["test_mean"])[0])
    plt.plot(*lists([1, steps], [test, test]), marker="braille", color="orange+", label="mean at test time")
    h_mean = float(np.asarray(result["h_mean"]))
    if abs(h_mean - test) > 1e-12:
        plt.plot(*lists([1, steps], [h_mean, h_mean]), marker="•", color="gray", label="mean without dropout")
    plt.xlim(1, steps)
    plt.title(f"{scene['mode']} dropout, p = {fmt(p)}")
    plt.xlabel("training step")
    plt.ylabel("mean activation")
    scale = float(np.asarray(result["train_scale"])[0])
    how = (f"kept units are scaled by 1/(1 − p) = {fmt(scale)} while training, so the running mean settles on "
           "the test-time mean" if scene["mode"] == "inverted" else
           f"training is unscaled and test outputs are multiplied by 1 − p = {fmt(1 - p)}, so both means match")
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
    plt.title(title)
    plt.xlabel("unit")
    return int(mask.sum())


def _recurrent_grid(plt, mask: np.ndarray, title: str) -> None:
    """mask: (time_steps, units); columns are time steps, rows are (up to 32) units."""
    mask = mask[:, :MAX_UNITS_SHOWN]
    t, u = np.nonzero(np.ones_like(mask))
    kept = mask[t, u]
    plt.scatter(*lists(t[kept] + 1, u[kept] + 1), marker="█", color="green+")
    plt.scatter(*lists(t[~kept] + 1, u[~kept] + 1), marker="·", color="gray")
    plt.xlim(0, mask.shape[0] + 1)
    plt.ylim(0, mask.shape[1] + 1)
    plt.title(title)
    plt.xlabel("time step")
    plt.ylabel("unit")
