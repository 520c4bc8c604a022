"""Drawing: a scene's results onto a plotext-like `plt` that the caller hands in.

The CLI passes the `plotext` module, the TUI passes `PlotextPlot.plt`; the same code draws both.
Every `draw` takes the result of `scenes.run_scene`, the resolved scene, how much of the run to
show (`progress` in (0, 1], None for all of it, used by animations) and returns the one-line
caption that tells the learner what to look at. Nothing here imports Textual or prints.
"""

from __future__ import annotations

from typing import Any

from dltutor.plots import activations, batch, depth, dropout, optimizers, schedules

DRAWERS = {
    "optimizers": optimizers.draw,
    "schedules": schedules.draw,
    "activations": activations.draw,
    "dropout": dropout.draw,
    "batch": batch.draw,
    "depth": depth.draw,
}


def draw(plt: Any, kind: str, result: dict[str, Any], scene: dict[str, Any], progress: float | None = None) -> str:
    """Draw one scene into `plt` (already cleared and sized); return its caption.

    Leaves the whole figure active (not the last subplot), so the caller can size and build it.
    """
    caption = DRAWERS[kind](plt, result, scene, progress)
    plt.main()
    return caption
