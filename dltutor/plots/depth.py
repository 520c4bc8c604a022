"""Signal through depth: activation spread and gradient size per layer, one series per initialisation."""

from __future__ import annotations

from typing import Any

import numpy as np

from dltutor.plots.common import colour, fmt, linear_axis, lists, log_axis, positive, shown


def draw(plt: Any, result: dict[str, Any], scene: dict[str, Any], progress: float | None) -> str:
    layers = np.asarray(result["layer"], dtype=float)
    upto = shown(len(layers), progress)
    inits = list(result["inits"])
    plt.subplots(1, 2)
    for col, (key, title) in enumerate(
        (("act_std", "std of each layer's output"), ("weight_grad_norm", "‖∂L/∂W‖ of each layer")), start=1
    ):
        plt.subplot(1, col)
        values = np.asarray(result[key], dtype=float)[:, :upto]
        for i, init in enumerate(inits):
            plt.plot(*lists(layers[:upto], positive(values[i])), marker="braille", color=colour(i), label=init)
        log_axis(plt, values, "y")
        plt.xlim(1, max(2, len(layers)))
        linear_axis(plt, 1, max(2, len(layers)), "x", integer=True)
        plt.title(title)
        plt.xlabel("layer")
    act = np.asarray(result["act_std"], dtype=float)
    ratios = ", ".join(f"{init} ×{fmt(act[i, upto - 1] / act[i, 0])}" for i, init in enumerate(inits))
    return (
        f"{scene['activation']}, {scene['layers']} layers of {scene['width']}: output spread from layer 1 to "
        f"{upto}: {ratios}. Far below ×1 is vanishing, far above is exploding." + _hidden(result, inits, upto)
    )


def _hidden(result, inits, upto) -> str:
    """Series drawn exactly over an earlier one (kaiming_uniform and kaiming_normal have the same
    variance) look like one line: the caption says which is under which."""
    values = [
        np.log10(
            positive(
                np.concatenate(
                    [np.asarray(result[key], dtype=float)[i, :upto] for key in ("act_std", "weight_grad_norm")]
                )
            )
        )
        for i in range(len(inits))
    ]
    pairs = []
    for j in range(len(inits)):
        for i in range(j):
            if np.max(np.abs(values[j] - values[i])) < 0.05:  # within 12 % everywhere: the same rows of the plot
                pairs.append(f"{inits[j]} is drawn over {inits[i]}")
                break
    return f" ({'; '.join(pairs)}: nearly the same values.)" if pairs else ""
