"""What the benchmarks share."""

from __future__ import annotations

import sys
from pathlib import Path


def dltutor_command() -> list[str]:
    """The installed `dltutor` script beside this Python, as a user runs it; else `python -m dltutor`."""
    script = Path(sys.executable).with_name("dltutor")
    return [str(script)] if script.exists() else [sys.executable, "-m", "dltutor"]


def wall_seconds(argv: list[str], stdin: str = "", env: dict | None = None) -> float:
    """One run of a command, start to exit, its output discarded."""
    import subprocess
    import time

    began = time.perf_counter()
    subprocess.run(
        argv, input=stdin, text=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False
    )
    return time.perf_counter() - began


def interleaved_medians(baseline, ours, repeats: int = 15) -> tuple[float, float]:
    """Median seconds of two measurements taken turn about, so a machine that speeds up or slows
    down during the benchmark moves both alike (taking all of one, then all of the other, does not)."""
    import statistics

    pairs = [(baseline(), ours()) for _ in range(repeats)]
    return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)
