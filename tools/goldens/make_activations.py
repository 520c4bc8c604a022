"""Golden values for dltutor.sim.activations, computed by PyTorch.

Run by hand, never in CI, never imported by the package:

    /tmp/torchvenv/bin/python tools/goldens/make_activations.py

Writes tests/goldens/activations.json: for each case (an activation with default or non-default
parameters) f(x) from torch.nn.functional and f'(x) from autograd (y.backward(ones) -> x.grad),
on one shared grid; plus softmax and its Jacobian (torch.autograd.functional.jacobian).
"""

from __future__ import annotations

import json
import platform
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

OUT = Path(__file__).resolve().parents[2] / "tests" / "goldens" / "activations.json"

# Where the interesting things happen: 0 and the kinks (relu/hardtanh at ±1, hardsigmoid at ±3,
# hardtanh(-2, 3)), softplus's threshold (beta=1: x = 20; beta=2, threshold=5: x = 2.5) and a
# hair either side, saturation tails, and ±1000 for the limits.
SPECIAL = [
    0.0,
    1e-300,
    -1e-300,
    1e-8,
    -1e-8,
    1.0,
    -1.0,
    3.0,
    -3.0,
    -2.0,
    2.5,
    2.5 - 1e-12,
    2.5 + 1e-12,
    20.0,
    20.0 - 1e-9,
    20.0 + 1e-9,
    19.5,
    20.5,
    10.0,
    -10.0,
    37.0,
    -37.0,
    -40.0,
    40.0,
    100.0,
    -100.0,
    700.0,
    -700.0,
    710.0,
    -710.0,
    1000.0,
    -1000.0,
]
GRID = np.unique(np.concatenate([np.linspace(-50, 50, 201), np.linspace(-6, 6, 121), SPECIAL]))

# (case id, torch.nn.functional name, kwargs)
CASES = [
    ("identity", "identity", {}),
    ("sigmoid", "sigmoid", {}),
    ("tanh", "tanh", {}),
    ("relu", "relu", {}),
    ("leaky_relu", "leaky_relu", {}),
    ("leaky_relu:0.2", "leaky_relu", {"negative_slope": 0.2}),
    ("leaky_relu:0", "leaky_relu", {"negative_slope": 0.0}),
    ("elu", "elu", {}),
    ("elu:0.5", "elu", {"alpha": 0.5}),
    ("elu:2", "elu", {"alpha": 2.0}),
    ("selu", "selu", {}),
    ("gelu", "gelu", {}),
    ("gelu:tanh", "gelu", {"approximate": "tanh"}),
    ("silu", "silu", {}),
    ("mish", "mish", {}),
    ("softplus", "softplus", {}),
    ("softplus:2,5", "softplus", {"beta": 2.0, "threshold": 5.0}),
    ("softplus:0.5", "softplus", {"beta": 0.5}),
    ("softsign", "softsign", {}),
    ("hardtanh", "hardtanh", {}),
    ("hardtanh:-2,3", "hardtanh", {"min_val": -2.0, "max_val": 3.0}),
    ("hardsigmoid", "hardsigmoid", {}),
]

LOGITS = [
    [1.0, 2.0, 3.0],
    [0.0, 0.0, 0.0, 0.0],
    [1000.0, 0.0, -1000.0],
    [-1000.0, -1000.0],
    [50.0, 49.5, -3.0, 7.0, 0.25],
    [-0.5, 0.1, 2.0, -4.0, 3.5, 1e-9],
]


def forward_backward(fname: str, kwargs: dict) -> tuple[list[float], list[float]]:
    x = torch.tensor(GRID, requires_grad=True)
    fn = (lambda t: t) if fname == "identity" else getattr(F, fname)
    y = fn(x, **kwargs)
    if fname == "identity":  # autograd of the identity is a pass-through; record it the same way
        y = y * 1.0
    y.backward(torch.ones_like(y))
    return y.detach().tolist(), x.grad.tolist()


def main() -> None:
    torch.set_default_dtype(torch.float64)
    cases = []
    for case_id, fname, kwargs in CASES:
        y, dy = forward_backward(fname, kwargs)
        cases.append({"id": case_id, "name": fname, "params": kwargs, "y": y, "dy": dy})
    softmax = []
    for z in LOGITS:
        t = torch.tensor(z)
        s = torch.softmax(t, dim=-1)
        jac = torch.autograd.functional.jacobian(lambda v: torch.softmax(v, dim=-1), t)
        softmax.append({"z": z, "s": s.tolist(), "jacobian": jac.tolist()})
    data = {
        "made_by": "tools/goldens/make_activations.py",
        "torch": torch.__version__,
        "cpu_capability": torch.backends.cpu.get_cpu_capability(),
        "machine": platform.machine(),
        "dtype": "float64",
        "x": GRID.tolist(),
        "cases": cases,
        "softmax": softmax,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, separators=(",", ":")) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size / 1024:.0f} KiB, {len(cases)} cases x {len(GRID)} points)")


if __name__ == "__main__":
    main()
