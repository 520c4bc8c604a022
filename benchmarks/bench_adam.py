"""Adam on Rosenbrock, 500 steps: dltutor's NumPy engine against torch.optim.Adam, same run.

    python benchmarks/bench_adam.py            # prints times and ratios; torch is optional

Both sides use the same analytic gradient and keep no history (torch's loop records nothing
either); both run in float64 on one thread. Targets (decided in the kind-spec issue, as compiled
kernels are kept out of the engine): at least 2x faster than torch at N = 1024 rows and never
slower at N = 16384. Without torch installed only dltutor's times are printed. Exit status 1 when
a target is missed.
"""

from __future__ import annotations

import time

import numpy as np

from dltutor.sim.optimizers import run_optimizer
from dltutor.sim.surfaces import SURFACES

STEPS = 500
TARGETS = {1024: 2.0, 16384: 1.0}


def starts(n: int) -> np.ndarray:
    return np.random.default_rng(0).uniform([-2, -1], [2, 3], size=(n, 2))


def time_numpy(n: int) -> float:
    begin = time.perf_counter()
    run_optimizer("adam", SURFACES["rosenbrock"], steps=STEPS, start=starts(n), params={"lr": 1e-3}, history=False)
    return time.perf_counter() - begin


def time_torch(n: int) -> float | None:
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)  # as NumPy's elementwise work runs: one thread each

    def rosenbrock_grad(p):
        x, y = p[:, 0], p[:, 1]
        r = y - x * x
        return torch.stack([-2 * (1 - x) - 400 * x * r, 200 * r], dim=1)

    p = torch.tensor(starts(n), dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Adam([p], lr=1e-3, foreach=False)
    begin = time.perf_counter()
    with torch.no_grad():
        for _ in range(STEPS):
            p.grad = rosenbrock_grad(p)
            opt.step()
    return time.perf_counter() - begin


def best_of(fn, n: int, repeats: int = 3) -> float | None:
    times = [fn(n) for _ in range(repeats)]
    return None if times[0] is None else min(times)


def main() -> int:
    missed = False
    print(f"Adam on Rosenbrock, {STEPS} steps, float64, best of 3")
    print(f"{'N':>6}  {'dltutor':>10}  {'torch':>10}  {'speed-up':>8}  target")
    for n in (1, 1024, 16384):
        ours = best_of(time_numpy, n)
        theirs = best_of(time_torch, n)
        if theirs is None:
            print(f"{n:>6}  {ours * 1e3:>8.1f}ms  {'(no torch)':>10}")
            continue
        ratio = theirs / ours
        target = TARGETS.get(n)
        verdict = "" if target is None else (f">= {target:g}x ok" if ratio >= target else f">= {target:g}x MISSED")
        missed |= target is not None and ratio < target
        print(f"{n:>6}  {ours * 1e3:>8.1f}ms  {theirs * 1e3:>8.1f}ms  {ratio:>7.1f}x  {verdict}")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
