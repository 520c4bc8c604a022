"""Golden optimizer paths from PyTorch, for tests/sim/test_optimizers_golden.py.

Run by hand, never in CI (torch is not a dependency):

    python -m venv /tmp/torchvenv && /tmp/torchvenv/bin/pip install torch numpy
    /tmp/torchvenv/bin/python tools/goldens/make_optimizers.py

For every torch optimizer, on four surfaces, with non-default hyperparameters, a float64
parameter starts at the surface's start; each step sets `p.grad` to dltutor's analytic gradient
(so only the update rule is under test) and calls `opt.step()` with `foreach=False`. A case
whose run would leave the plot's generous bound is retried at half the learning rate, so every
golden stays finite.

Some runs are chaotic: a change in the last bit of the start grows to more than 1e-9 within
200 steps (torch fuses lerp into an FMA and NumPy cannot, so last bits do differ). For each
case the script records `horizon`, the number of steps over which torch agrees with itself
when the start is nudged by one ulp; the test compares paths up to that horizon.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from dltutor.sim.surfaces import SURFACES  # noqa: E402

STEPS = 200
SURFACE_NAMES = ("ravine", "rosenbrock", "beale", "himmelblau")

# (our name, torch class, constructor kwargs beyond lr, starting lr for SGD-like / adaptive)
CASES = [
    ("sgd", torch.optim.SGD, {"weight_decay": 0.01}),
    ("sgd", torch.optim.SGD, {"momentum": 0.5, "dampening": 0.1}),
    ("momentum", torch.optim.SGD, {"momentum": 0.8, "dampening": 0.2, "weight_decay": 1e-3}),
    ("nesterov", torch.optim.SGD, {"momentum": 0.7, "nesterov": True, "weight_decay": 1e-3}),
    (
        "adagrad",
        torch.optim.Adagrad,
        {"lr_decay": 1e-3, "initial_accumulator_value": 0.1, "eps": 1e-8, "weight_decay": 1e-3},
    ),
    ("rmsprop", torch.optim.RMSprop, {"alpha": 0.9, "momentum": 0.5, "centered": True, "eps": 1e-6}),
    ("rmsprop", torch.optim.RMSprop, {"alpha": 0.95, "weight_decay": 1e-3}),
    ("adadelta", torch.optim.Adadelta, {"rho": 0.8, "eps": 1e-5, "weight_decay": 1e-3}),
    ("adam", torch.optim.Adam, {"betas": (0.8, 0.99), "amsgrad": True, "weight_decay": 1e-3}),
    ("adam", torch.optim.Adam, {"betas": (0.3, 0.9), "eps": 1e-6}),
    ("adamw", torch.optim.AdamW, {"betas": (0.85, 0.995), "weight_decay": 0.05, "amsgrad": True}),
    ("nadam", torch.optim.NAdam, {"betas": (0.85, 0.99), "momentum_decay": 1e-2, "weight_decay": 1e-3}),
    ("nadam", torch.optim.NAdam, {"weight_decay": 0.02, "decoupled_weight_decay": True}),
]
FIRST_LR = {"sgd": 0.05, "momentum": 0.05, "nesterov": 0.05, "adadelta": 1.0}  # others: 0.05


def run_torch(cls, kwargs, lr, surface, start=None):
    start = surface.start if start is None else start
    p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = cls([p], lr=lr, foreach=False, **kwargs)
    path = [p.detach().numpy().copy()]
    for _ in range(STEPS):
        p.grad = torch.from_numpy(surface.grad(p.detach().numpy().copy()))
        opt.step()
        path.append(p.detach().numpy().copy())
    return np.array(path)


def main() -> None:
    torch.set_default_dtype(torch.float64)
    cases = []
    for name, cls, kwargs in CASES:
        for sname in SURFACE_NAMES:
            surface = SURFACES[sname]
            lr = FIRST_LR.get(name, 0.05)
            while True:
                path = run_torch(cls, kwargs, lr, surface)
                if not surface.escaped(path).any():
                    break
                lr /= 2
            nudged = np.nextafter(np.array(surface.start), np.inf)
            spread = np.abs(run_torch(cls, kwargs, lr, surface, nudged) - path).max(axis=1)
            far = np.flatnonzero(spread > 1e-10 * np.maximum(1.0, np.abs(path).max(axis=1)))
            horizon = int(far[0]) - 1 if far.size else STEPS
            params = {"lr": lr, **{k: list(v) if isinstance(v, tuple) else v for k, v in kwargs.items()}}
            cases.append(
                {
                    "optimizer": name,
                    "surface": sname,
                    "params": params,
                    "steps": STEPS,
                    "horizon": horizon,
                    "path": path.tolist(),
                }
            )
            print(f"{name:9s} {sname:11s} lr={lr:<10g} horizon={horizon:<4d} final={path[-1]}")
    out = ROOT / "tests" / "goldens" / "optimizers.json"
    out.write_text(json.dumps({"torch": torch.__version__, "cases": cases}))
    print(f"wrote {len(cases)} cases to {out}")


if __name__ == "__main__":
    main()
