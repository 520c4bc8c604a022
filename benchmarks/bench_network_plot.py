"""One boundary frame of the network lab against one optimizer-path frame, in the same run.

    python benchmarks/bench_network_plot.py

The network kind's `boundary` view at 120×40 (a heatmap of one character per cell plus the 500
points of the circle data set) must cost no more than the optimizers' animation frame at the
same size with 8 paths of 500 steps (what benchmarks/bench_plot.py measures). Both are drawn
with colour. The boundary is measured on the default scene trained 100 epochs, at its last frame
(sure almost everywhere, so nearly every cell is drawn: the dearest frame) and mid-animation (the
band where it is unsure stays blank). Exit status 1 when the last frame costs more.
"""

from __future__ import annotations

import sys
import time

RATIO_TARGET = 1.0


def best(fn, repeats: int = 9) -> float:
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        fn()
        times.append(time.perf_counter() - began)
    return min(times)


def main() -> int:
    from dltutor import scenes
    from dltutor.cli.terminal_plot import Canvas, render

    canvas = Canvas(120, 40, color=True)
    names = ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw", "nadam"]
    paths = scenes.build_scene(
        "optimizers", names=names, flags={"--surface": "rosenbrock", "--lr": "1e-3", "--steps": "500"}
    )
    paths_result, paths_resolved = scenes.run_scene(paths), scenes.resolve(paths)
    network = scenes.build_scene("network")
    network_result, network_resolved = scenes.run_scene(network), scenes.resolve(network)
    assert len(network_result.data.x) == 500
    optimizers_frame = best(lambda: render("optimizers", paths_result, paths_resolved, canvas, progress=0.5))
    middle_frame = best(lambda: render("network", network_result, network_resolved, canvas, progress=0.5))
    boundary_frame = best(lambda: render("network", network_result, network_resolved, canvas, progress=1.0))
    ratio = boundary_frame / optimizers_frame
    ok = ratio <= RATIO_TARGET
    print(
        f"optimizer frame, 8 paths: {optimizers_frame * 1e3:.1f} ms; boundary frame 120x40 with 500 points: "
        f"last {boundary_frame * 1e3:.1f} ms (ratio {ratio:.2f}, target <= {RATIO_TARGET:g}: "
        f"{'ok' if ok else 'MISSED'}), mid-training {middle_frame * 1e3:.1f} ms "
        f"(ratio {middle_frame / optimizers_frame:.2f})"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
