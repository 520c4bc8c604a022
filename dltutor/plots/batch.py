"""Batch, mini-batch and stochastic gradient descent: loss per update and per epoch."""

from __future__ import annotations

from typing import Any

import numpy as np

from dltutor.plots.common import (
    colour,
    fewer_panels,
    fmt,
    linear_axis,
    lists,
    log_axis,
    panels_that_fit,
    positive,
    shown,
    thin,
)


def draw(plt: Any, result: dict[str, Any], scene: dict[str, Any], progress: float | None) -> str:
    flavours = list(result["flavours"])
    total = np.asarray(result["total_updates"], dtype=int)
    epochs = scene["epochs"]
    frac = 1.0 if progress is None else progress
    fit = panels_that_fit(plt, 2)
    plt.subplots(fit, 1)
    plt.subplot(1, 1)
    drawn, updates = [], []
    for f, name in enumerate(flavours):
        n = shown(int(total[f]), frac)
        loss = np.asarray(result["batch_loss"], dtype=float)[f, 0, :n]
        x = np.arange(1, n + 1)
        idx = thin(n)
        plt.plot(
            *lists(x[idx], positive(loss[idx])),
            marker="braille",
            color=colour(f),
            label=f"{name} (batch {result['batch_size'][f]})",
        )
        drawn.append(loss[idx])
        updates.append(x)
    log_axis(plt, updates, "x")
    log_axis(plt, drawn, "y")
    plt.title("Loss on each update's own batch")
    plt.xlabel("update (log)")
    plt.ylabel("loss (log)")
    shown_epochs = shown(epochs, frac)
    epoch_loss = np.asarray(result["epoch_loss"], dtype=float)[:, 0, :shown_epochs]
    for f, name in enumerate(flavours) if fit == 2 else ():
        plt.subplot(2, 1)
        plt.plot(
            *lists(np.arange(1, shown_epochs + 1), positive(epoch_loss[f])),
            marker="braille",
            color=colour(f),
            label=name,
        )
    if fit == 2:
        log_axis(plt, epoch_loss, "y")
        plt.xlim(1, max(2, epochs))
        linear_axis(plt, 1, max(2, epochs), "x", integer=True)
        plt.title("Whole-set loss at the end of each epoch")
        plt.xlabel("epoch")
        plt.ylabel("loss (log)")
    per_epoch = ", ".join(f"{name} {result['updates_per_epoch'][f]}" for f, name in enumerate(flavours))
    final = ", ".join(
        f"{name} {fmt(float(np.asarray(result['epoch_loss'])[f, 0, shown_epochs - 1]))}"
        for f, name in enumerate(flavours)
    )
    return (
        f"Updates per epoch: {per_epoch}. Smaller batches take more, noisier steps. Loss after epoch "
        f"{shown_epochs}: {final} (best possible {fmt(float(result['min_loss']))})." + fewer_panels(fit, 2)
    )
