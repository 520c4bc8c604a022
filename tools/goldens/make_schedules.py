"""Record learning-rate goldens from PyTorch for dltutor/sim/schedules.py.

Run by hand, never in CI and never imported by the package (torch is not a dependency):

    /tmp/torchvenv/bin/python tools/goldens/make_schedules.py      # from the repo root

It needs torch and numpy. For every case it builds a one-parameter SGD optimizer, the real torch
scheduler with the case's hyperparameters (our defaults filled in from the table below, written
independently of dltutor), and records ``optimizer.param_groups[0]["lr"]`` before each
``scheduler.step()``. Plateau cases are fed the loss curve dltutor generates (imported from the
source tree, so the curve is the engine's own), mirrored to ``2.5 - loss`` in mode 'max' as
dltutor documents. Output: tests/goldens/schedules.json, one case per line.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import torch
from torch.optim import SGD
from torch.optim import lr_scheduler as S

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from dltutor.sim.schedules import plateau_loss  # noqa: E402  (the engine's loss curve, not its lr)

OUT = ROOT / "tests" / "goldens" / "schedules.json"

# dltutor's defaults (torch's where torch has one), as the brief states them.
DEFAULTS = {
    "constant": {},
    "step": {"step_size": 30, "gamma": 0.1},
    "multistep": {"milestones": [30, 80], "gamma": 0.1},
    "exponential": {"gamma": 0.95},
    "inverse-time": {"k": 0.1},
    "polynomial": {"total_iters": 5, "power": 1.0},
    "linear": {"start_factor": 1.0 / 3, "end_factor": 1.0, "total_iters": 5},
    "cosine": {"T_max": None, "eta_min": 0.0},
    "cosine-restarts": {"T_0": 10, "T_mult": 1, "eta_min": 0.0},
    "cyclic": {"max_lr": None, "step_size_up": 10, "step_size_down": None, "mode": "triangular", "gamma": 1.0},
    "one-cycle": {
        "total_steps": None,
        "pct_start": 0.3,
        "anneal_strategy": "cos",
        "div_factor": 25.0,
        "final_div_factor": 1e4,
        "three_phase": False,
    },
    "warmup-cosine": {"warmup_iters": 5, "start_factor": 1.0 / 3, "T_max": None, "eta_min": 0.0},
    "plateau": {
        "mode": "min",
        "factor": 0.1,
        "patience": 10,
        "threshold": 1e-4,
        "threshold_mode": "rel",
        "cooldown": 0,
        "min_lr": 0.0,
        "eps": 1e-8,
        "noise": 0.02,
    },
}

# (schedule, lr, epochs, params given to dltutor, seed)
CASES = [
    ("constant", 0.1, 100, {}, 0),
    ("step", 0.1, 120, {}, 0),
    ("step", 0.05, 120, {"step_size": 7, "gamma": 0.5}, 0),
    ("step", 1e-3, 100, {"step_size": 1, "gamma": 0.9}, 0),
    ("step", 1e-3, 100, {"step_size": 10, "gamma": 1.5}, 0),
    ("multistep", 0.1, 120, {}, 0),
    ("multistep", 0.3, 120, {"milestones": [10, 25, 60, 61], "gamma": 0.5}, 0),
    ("multistep", 0.01, 100, {"milestones": [1], "gamma": 0.3}, 0),
    ("exponential", 0.1, 120, {}, 0),
    ("exponential", 0.5, 120, {"gamma": 0.9}, 0),
    ("exponential", 1e-5, 150, {"gamma": 1.08}, 0),
    ("inverse-time", 0.1, 120, {}, 0),
    ("inverse-time", 0.7, 120, {"k": 0.5}, 0),
    ("inverse-time", 0.02, 100, {"k": 0.0}, 0),
    ("polynomial", 0.1, 100, {}, 0),
    ("polynomial", 0.05, 120, {"total_iters": 50, "power": 0.9}, 0),
    ("polynomial", 0.2, 120, {"total_iters": 80, "power": 2.0}, 0),
    ("polynomial", 0.2, 100, {"total_iters": 200, "power": 0.5}, 0),
    ("linear", 0.1, 100, {}, 0),
    ("linear", 0.05, 120, {"start_factor": 0.05, "total_iters": 40}, 0),
    ("linear", 0.1, 120, {"start_factor": 1.0, "end_factor": 0.1, "total_iters": 30}, 0),
    ("linear", 0.1, 120, {"start_factor": 0.5, "end_factor": 0.0, "total_iters": 100}, 0),
    ("cosine", 0.1, 120, {}, 0),
    ("cosine", 0.1, 120, {"T_max": 30, "eta_min": 0.001}, 0),
    ("cosine", 0.1, 100, {"T_max": 1}, 0),
    ("cosine", 0.02, 120, {"T_max": 7, "eta_min": 0.05}, 0),
    ("cosine", 3e-4, 100, {"T_max": 250, "eta_min": 1e-6}, 0),
    ("cosine-restarts", 0.1, 120, {}, 0),
    ("cosine-restarts", 0.1, 160, {"T_0": 5, "T_mult": 2, "eta_min": 1e-3}, 0),
    ("cosine-restarts", 0.05, 130, {"T_0": 1, "T_mult": 3}, 0),
    ("cosine-restarts", 0.1, 100, {"T_0": 3, "T_mult": 1, "eta_min": 0.01}, 0),
    ("cosine-restarts", 0.1, 100, {"T_0": 7, "T_mult": 2}, 0),
    ("cyclic", 0.01, 120, {}, 0),
    ("cyclic", 0.001, 120, {"max_lr": 0.05, "step_size_up": 4, "step_size_down": 12}, 0),
    ("cyclic", 0.01, 120, {"mode": "triangular2", "step_size_up": 5}, 0),
    ("cyclic", 0.01, 120, {"mode": "triangular2", "max_lr": 0.2, "step_size_up": 3, "step_size_down": 9}, 0),
    ("cyclic", 0.01, 120, {"mode": "exp_range", "gamma": 0.97, "step_size_up": 8}, 0),
    (
        "cyclic",
        0.01,
        120,
        {"mode": "exp_range", "gamma": 0.99, "max_lr": 0.1, "step_size_up": 6, "step_size_down": 14},
        0,
    ),
    ("cyclic", 0.01, 100, {"step_size_up": 10, "step_size_down": 0}, 0),
    ("cyclic", 0.01, 100, {"max_lr": 0.001, "step_size_up": 7}, 0),
    ("one-cycle", 0.1, 120, {}, 0),
    ("one-cycle", 0.1, 120, {"three_phase": True}, 0),
    ("one-cycle", 0.1, 120, {"anneal_strategy": "linear"}, 0),
    ("one-cycle", 0.1, 120, {"anneal_strategy": "linear", "three_phase": True}, 0),
    ("one-cycle", 0.4, 100, {"total_steps": 150, "pct_start": 0.25, "div_factor": 10.0, "final_div_factor": 100.0}, 0),
    (
        "one-cycle",
        0.1,
        100,
        {"total_steps": 101, "pct_start": 0.45, "three_phase": True, "anneal_strategy": "linear", "div_factor": 5.0},
        0,
    ),
    ("one-cycle", 0.1, 100, {"pct_start": 0.0}, 0),
    ("one-cycle", 0.1, 100, {"pct_start": 1.0}, 0),
    ("one-cycle", 0.1, 120, {"pct_start": 0.7, "three_phase": True}, 0),
    ("one-cycle", 0.1, 100, {"pct_start": 0.005, "three_phase": True}, 0),
    ("warmup-cosine", 0.1, 120, {}, 0),
    ("warmup-cosine", 0.1, 120, {"warmup_iters": 10, "start_factor": 0.1, "T_max": 50, "eta_min": 1e-4}, 0),
    ("warmup-cosine", 0.1, 100, {"warmup_iters": 0}, 0),
    ("warmup-cosine", 0.1, 100, {"warmup_iters": 1, "start_factor": 1.0}, 0),
    ("warmup-cosine", 0.05, 100, {"warmup_iters": 20, "start_factor": 0.01, "T_max": 200}, 0),
    ("plateau", 0.1, 120, {}, 0),
    (
        "plateau",
        0.1,
        120,
        {"threshold_mode": "abs", "threshold": 0.01, "cooldown": 3, "min_lr": 1e-3, "patience": 4, "factor": 0.5},
        0,
    ),
    ("plateau", 0.1, 150, {"cooldown": 2, "min_lr": 0.002, "patience": 3, "factor": 0.3, "noise": 0.05}, 7),
    ("plateau", 0.1, 120, {"patience": 0, "noise": 0.1, "factor": 0.7, "eps": 1e-3}, 3),
    ("plateau", 0.1, 120, {"mode": "max", "patience": 5, "cooldown": 1, "min_lr": 1e-3}, 1),
    (
        "plateau",
        0.1,
        120,
        {
            "mode": "max",
            "threshold_mode": "abs",
            "threshold": 0.005,
            "patience": 2,
            "cooldown": 4,
            "factor": 0.5,
            "noise": 0.03,
        },
        2,
    ),
    ("plateau", 1e-6, 120, {"patience": 1, "factor": 0.5, "noise": 0.1}, 5),
    ("plateau", 0.1, 120, {"noise": 0.0, "patience": 2, "threshold": 0.05}, 0),
    ("plateau", 0.1, 100, {"patience": 1, "factor": 0.5, "eps": 0.05, "noise": 0.05}, 4),
]


def resolve(name: str, lr: float, epochs: int, given: dict) -> dict:
    """Our documented defaults, including those that depend on the run."""
    p = {**DEFAULTS[name], **given}
    if name == "cosine" and p["T_max"] is None:
        p["T_max"] = epochs
    if name == "warmup-cosine" and p["T_max"] is None:
        p["T_max"] = max(epochs - p["warmup_iters"], 1)
    if name == "cyclic":
        p["max_lr"] = 10 * lr if p["max_lr"] is None else p["max_lr"]
        p["step_size_down"] = p["step_size_up"] if p["step_size_down"] is None else p["step_size_down"]
    if name == "one-cycle" and p["total_steps"] is None:
        p["total_steps"] = epochs
    return p


def build(name: str, opt, lr: float, p: dict):
    if name == "constant":
        return None
    if name == "step":
        return S.StepLR(opt, step_size=p["step_size"], gamma=p["gamma"])
    if name == "multistep":
        return S.MultiStepLR(opt, milestones=p["milestones"], gamma=p["gamma"])
    if name == "exponential":
        return S.ExponentialLR(opt, gamma=p["gamma"])
    if name == "inverse-time":
        k = p["k"]
        return S.LambdaLR(opt, lambda t: 1 / (1 + k * t))
    if name == "polynomial":
        return S.PolynomialLR(opt, total_iters=p["total_iters"], power=p["power"])
    if name == "linear":
        return S.LinearLR(opt, start_factor=p["start_factor"], end_factor=p["end_factor"], total_iters=p["total_iters"])
    if name == "cosine":
        return S.CosineAnnealingLR(opt, T_max=p["T_max"], eta_min=p["eta_min"])
    if name == "cosine-restarts":
        return S.CosineAnnealingWarmRestarts(opt, T_0=p["T_0"], T_mult=p["T_mult"], eta_min=p["eta_min"])
    if name == "cyclic":
        return S.CyclicLR(
            opt,
            base_lr=lr,
            max_lr=p["max_lr"],
            step_size_up=p["step_size_up"],
            step_size_down=p["step_size_down"],
            mode=p["mode"],
            gamma=p["gamma"],
            cycle_momentum=False,
        )
    if name == "one-cycle":
        return S.OneCycleLR(
            opt,
            max_lr=lr,
            total_steps=p["total_steps"],
            pct_start=float(p["pct_start"]),
            anneal_strategy=p["anneal_strategy"],
            div_factor=p["div_factor"],
            final_div_factor=p["final_div_factor"],
            three_phase=p["three_phase"],
            cycle_momentum=False,
        )
    if name == "warmup-cosine":
        warm = S.LinearLR(opt, start_factor=p["start_factor"], end_factor=1.0, total_iters=p["warmup_iters"])
        cos = S.CosineAnnealingLR(opt, T_max=p["T_max"], eta_min=p["eta_min"])
        return S.SequentialLR(opt, [warm, cos], milestones=[p["warmup_iters"]])
    if name == "plateau":
        return S.ReduceLROnPlateau(
            opt,
            mode=p["mode"],
            factor=p["factor"],
            patience=p["patience"],
            threshold=p["threshold"],
            threshold_mode=p["threshold_mode"],
            cooldown=p["cooldown"],
            min_lr=p["min_lr"],
            eps=p["eps"],
        )
    raise KeyError(name)


def record(name: str, lr: float, epochs: int, given: dict, seed: int) -> dict:
    p = resolve(name, lr, epochs, given)
    weight = torch.zeros(1, requires_grad=True)
    opt = SGD([weight], lr=lr)
    sched = build(name, opt, lr, p)
    case = {"name": name, "lr": lr, "epochs": epochs, "params": given, "seed": seed, "torch_kwargs": p}
    metric = None
    if name == "plateau":
        loss = plateau_loss(epochs, p["noise"], seed)[0]
        case["loss"] = loss.tolist()
        metric = loss if p["mode"] == "min" else 2.5 - loss
    values = []
    for t in range(epochs):
        values.append(float(opt.param_groups[0]["lr"]))
        opt.step()
        if sched is None or t == epochs - 1:  # no step after the last epoch recorded
            continue
        if name == "plateau":
            sched.step(float(metric[t]))
        else:
            sched.step()
    case["lr_values"] = values
    return case


def main() -> None:
    torch.set_default_dtype(torch.float64)
    cases = [record(*c) for c in CASES]
    lines = ",\n".join(json.dumps(c) for c in cases)
    header = json.dumps({"generated_by": "tools/goldens/make_schedules.py", "torch": torch.__version__})[:-1]
    OUT.write_text(header + ', "cases": [\n' + lines + "\n]}\n")
    print(f"wrote {len(cases)} cases to {OUT.relative_to(ROOT)} ({OUT.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
