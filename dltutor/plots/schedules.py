"""Learning rate against epoch, several schedules overlaid; plateau adds the loss it watches."""

from __future__ import annotations

from typing import Any

import numpy as np

from dltutor.plots.common import colour, fmt, lists, log_axis, positive, shown, thin


def draw(plt: Any, result: dict[str, Any], scene: dict[str, Any], progress: float | None) -> str:
    epochs = np.asarray(result["epoch"], dtype=float)
    upto = shown(len(epochs), progress)
    runs = result["schedules"]
    plateau = [r for r in runs if "loss" in r]
    if plateau:
        plt.subplots(2, 1)
        plt.subplot(1, 1)
    idx = thin(upto)
    for i, run in enumerate(runs):
        lr = np.asarray(run["lr"], dtype=float)[:upto]
        plt.plot(*lists(epochs[idx], positive(lr[idx]) if scene["log"] else lr[idx]), marker="braille",
                 color=colour(i), label=run["name"])
    if scene["log"]:
        log_axis(plt, [np.asarray(r["lr"], dtype=float)[:upto] for r in runs], "y")
    plt.xlim(0, max(1, len(epochs) - 1))
    plt.title(f"Learning rate per epoch (base lr {fmt(scene['lr'])})")
    plt.xlabel("epoch")
    plt.ylabel("lr" + (" (log)" if scene["log"] else ""))
    if plateau:
        plt.subplot(2, 1)
        for run in plateau:
            i = runs.index(run)
            loss = np.asarray(run["loss"], dtype=float)[:upto]
            plt.plot(*lists(epochs[idx], loss[idx]), marker="braille", color=colour(i), label=f"{run['name']}: loss watched")
            cuts = [t for t in run["reduced_at"] if t < upto]
            if cuts:
                plt.scatter(*lists(cuts, loss[cuts]), marker="▼", color="red", label="lr reduced")
        plt.xlim(0, max(1, len(epochs) - 1))
        plt.title("The validation loss ReduceLROnPlateau watches")
        plt.xlabel("epoch")
        plt.ylabel("loss")
    last = upto - 1
    return (f"The rate in force during each epoch. At epoch {last}: "
            + ", ".join(f"{r['name']} {fmt(float(np.asarray(r['lr'])[last]))}" for r in runs) + ".")
