"""Learning rate against epoch, several schedules overlaid; plateau adds the loss it watches."""

from __future__ import annotations

from typing import Any

import numpy as np

from dltutor.plots.common import (
    RED,
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
    epochs = np.asarray(result["epoch"], dtype=float)
    upto = shown(len(epochs), progress)
    runs = result["schedules"]
    plateau = [r for r in runs if "loss" in r]
    wanted = 2 if plateau else 1
    fit = panels_that_fit(plt, wanted)
    if fit == 2:
        plt.subplots(2, 1)
        plt.subplot(1, 1)
    idx = thin(upto)
    for i, run in enumerate(runs):
        lr = np.asarray(run["lr"], dtype=float)[:upto]
        plt.plot(
            *lists(epochs[idx], positive(lr[idx]) if scene["log"] else lr[idx]),
            marker="braille",
            color=colour(i),
            label=run["name"],
        )
    if scene["log"]:
        log_axis(plt, [np.asarray(r["lr"], dtype=float)[:upto] for r in runs], "y")
    else:
        rates = np.concatenate([np.asarray(r["lr"], dtype=float)[:upto] for r in runs] + [np.zeros(1)])
        linear_axis(plt, float(np.nanmin(rates)), float(np.nanmax(rates)), "y", count=5)
    plt.xlim(0, max(1, len(epochs) - 1))
    linear_axis(plt, 0, max(1, len(epochs) - 1), "x", integer=True)
    plt.title(f"Learning rate per epoch (base lr {fmt(scene['lr'])})")
    plt.xlabel("epoch")
    plt.ylabel("lr" + (" (log)" if scene["log"] else ""))
    if fit == 2:
        plt.subplot(2, 1)
        for run in plateau:
            i = runs.index(run)
            loss = np.asarray(run["loss"], dtype=float)[:upto]
            plt.plot(
                *lists(epochs[idx], loss[idx]), marker="braille", color=colour(i), label=f"{run['name']}: loss watched"
            )
            cuts = [t for t in run["reduced_at"] if t < upto]
            if cuts:
                plt.scatter(*lists(cuts, loss[cuts]), marker="▼", color=RED, label="lr reduced")
        plt.xlim(0, max(1, len(epochs) - 1))
        linear_axis(plt, 0, max(1, len(epochs) - 1), "x", integer=True)
        watched = np.concatenate([np.asarray(r["loss"], dtype=float)[:upto] for r in plateau])
        linear_axis(plt, float(np.nanmin(watched)), float(np.nanmax(watched)), "y", count=5)
        plt.title("The validation loss ReduceLROnPlateau watches")
        plt.xlabel("epoch")
        plt.ylabel("loss")
    last = upto - 1
    return (
        f"The rate in force during each epoch. At epoch {last}: "
        + ", ".join(f"{r['name']} {fmt(float(np.asarray(r['lr'])[last]))}" for r in runs)
        + "."
        + fewer_panels(fit, wanted)
    )
