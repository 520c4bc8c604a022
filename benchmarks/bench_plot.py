"""Drawing speed, as ratios against baselines run here and now.

    python benchmarks/bench_plot.py

1. One animation frame at 120×40 with 8 optimizer paths (500 steps each) against plotext
   building 8 series of 500 raw points at the same size. Target: at most 20 ms, which on the
   machine the target was set on is 20/45 of the raw baseline.
2. `dltutor plot activations relu sigmoid tanh` end to end against `python -c "import numpy,
   plotext"`. Target: at most 1.6x.
Exit status 1 when a target is missed.
"""

from __future__ import annotations

import sys
import time

import numpy as np
from _shared import dltutor_command, interleaved_medians, wall_seconds

FRAME_TARGET_MS = 20.0
FRAME_RATIO_TARGET = 20.0 / 45.0
CLI_RATIO_TARGET = 1.6


def best(fn, repeats: int = 7) -> float:
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        fn()
        times.append(time.perf_counter() - began)
    return min(times)


def raw_plotext_build() -> None:
    import plotext as plt

    rng = np.random.default_rng(0)
    plt.clear_figure()
    plt.limitsize(False, False)
    plt.plotsize(120, 40)
    for _ in range(8):
        plt.plot(np.cumsum(rng.standard_normal(500)).tolist(), marker="braille")
    plt.build()


def frame_benchmark() -> bool:
    from dltutor import scenes
    from dltutor.cli.terminal_plot import Canvas, render

    names = ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw", "nadam"]
    scene = scenes.build_scene(
        "optimizers", names=names, flags={"--surface": "rosenbrock", "--lr": "1e-3", "--steps": "500"}
    )
    result, resolved = scenes.run_scene(scene), scenes.resolve(scene)
    canvas = Canvas(120, 40, color=True)
    ours = best(lambda: render("optimizers", result, resolved, canvas, progress=0.5))
    raw = best(raw_plotext_build)
    ratio = ours / raw
    ok = ratio <= FRAME_RATIO_TARGET
    print(
        f"frame 120x40, 8 paths: {ours * 1e3:.1f} ms; raw plotext 8x500: {raw * 1e3:.1f} ms; "
        f"ratio {ratio:.2f} (target <= {FRAME_RATIO_TARGET:.2f}, i.e. {FRAME_TARGET_MS:g} ms at 45 ms) "
        f"{'ok' if ok else 'MISSED'}"
    )
    return ok


def cli_benchmark() -> bool:
    baseline, ours = interleaved_medians(
        lambda: wall_seconds([sys.executable, "-c", "import numpy, plotext"]),
        lambda: wall_seconds(
            [*dltutor_command(), "plot", "activations", "relu", "sigmoid", "tanh", "--width", "100", "--height", "30"]
        ),
    )
    ratio = ours / baseline
    ok = ratio <= CLI_RATIO_TARGET
    print(
        f"`dltutor plot activations relu sigmoid tanh`: {ours * 1e3:.0f} ms; `import numpy, plotext`: "
        f"{baseline * 1e3:.0f} ms; ratio {ratio:.2f} (target <= {CLI_RATIO_TARGET}) {'ok' if ok else 'MISSED'}"
    )
    return ok


def main() -> int:
    results = [frame_benchmark(), cli_benchmark()]
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
