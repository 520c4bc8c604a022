"""Golden network training runs from PyTorch, for tests/sim/test_network_golden.py.

Run by hand, never in CI (torch is not a dependency):

    /tmp/torchvenv/bin/python tools/goldens/make_network.py

Each case is a small network (nn.Linear blocks with optional nn.BatchNorm1d, an activation from
torch.nn.functional, dropout and a residual sum; an output nn.Linear) trained in float64 with a
torch.optim optimizer (foreach=False) and, in some cases, a torch.optim.lr_scheduler stepped per
epoch. What torch is given comes from dltutor's own seeded run, so both sides start alike: the data
set and split, the initial flat parameter vector (loaded with vector_to_parameters), the order of
the training points in every epoch and the dropout keep-masks (replayed as x·mask/(1 − p), which is
what F.dropout computes with its own Bernoulli mask). Everything else -- forward, autograd, loss,
penalty, optimizer, scheduler, batch-norm statistics -- is torch's. Recorded: the data loss of
every mini-batch, the penalty, the evaluation-mode losses after every epoch, the final parameters
and the batch-norm running statistics.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from dltutor.sim.network.data import make_dataset  # noqa: E402
from dltutor.sim.network.training import NetworkConfig, Trainer  # noqa: E402

OPTIMIZERS = {
    "sgd": torch.optim.SGD,
    "momentum": torch.optim.SGD,
    "nesterov": torch.optim.SGD,
    "adagrad": torch.optim.Adagrad,
    "rmsprop": torch.optim.RMSprop,
    "adadelta": torch.optim.Adadelta,
    "adam": torch.optim.Adam,
    "adamw": torch.optim.AdamW,
    "nadam": torch.optim.NAdam,
}

SCHEDULERS = {
    "step": lambda opt, p, epochs: torch.optim.lr_scheduler.StepLR(opt, p["step_size"], p["gamma"]),
    "cosine": lambda opt, p, epochs: torch.optim.lr_scheduler.CosineAnnealingLR(
        opt, p.get("T_max", epochs), p.get("eta_min", 0.0)
    ),
    "exponential": lambda opt, p, epochs: torch.optim.lr_scheduler.ExponentialLR(opt, p["gamma"]),
}

SMALL = {"points": 64, "noise": 10}  # 32 training points: 4 batches of 8
ACT_CASES = [
    "identity",
    "sigmoid",
    "tanh",
    "relu",
    "leaky_relu",
    "elu",
    "selu",
    "gelu",
    "silu",
    "mish",
    "softplus",
    "softsign",
    "hardtanh",
    "hardsigmoid",
]


def case(name, data, epochs=5, **config):
    config.setdefault("batch_size", 8)
    config.setdefault("seed", 3)
    return {"name": name, "data": {"seed": 1, **SMALL, **data}, "config": {"epochs": epochs, **config}}


CASES = [
    case(
        "playground-default",
        {"name": "circle"},
        layers=[4, 2],
        activation="tanh",
        loss="mse",
        optimizer_params={"lr": 0.03},
        init="playground",
    ),
    *[
        case(
            f"act-{a}",
            {"name": "xor"},
            layers=[5, 3],
            activation=a,
            loss="bce",
            init="xavier_normal",
            optimizer="adam",
            optimizer_params={"lr": 0.02},
        )
        for a in ACT_CASES
    ],
    case(
        "act-params",
        {"name": "xor"},
        layers=[4, 4],
        activation="leaky_relu,elu",
        loss="bce",
        optimizer="adam",
        optimizer_params={"lr": 0.02},
    ),
    case(
        "gelu-tanh",
        {"name": "moons"},
        layers=[6],
        activation="gelu",
        activation_params={"approximate": "tanh"},
        loss="bce",
        optimizer="adam",
        optimizer_params={"lr": 0.02},
    ),
    case(
        "mse-tanh-output",
        {"name": "gauss"},
        layers=[3],
        activation="relu",
        output_activation="tanh",
        loss="mse",
        optimizer_params={"lr": 0.05},
    ),
    case(
        "mse-regression",
        {"name": "gauss-regression", "noise": 0},
        layers=[6, 4],
        activation="tanh",
        optimizer="momentum",
        optimizer_params={"lr": 0.01},
    ),
    case("plane-no-hidden", {"name": "plane"}, layers=[], optimizer_params={"lr": 0.01}),
    case(
        "bce",
        {"name": "spiral"},
        layers=[8, 8],
        activation="relu",
        loss="bce",
        init="kaiming_uniform",
        optimizer="adam",
        optimizer_params={"lr": 0.01},
    ),
    case(
        "cross-entropy",
        {"name": "spiral3", "points": 66},
        layers=[8],
        activation="tanh",
        loss="cross-entropy",
        init="kaiming_normal",
        optimizer="adam",
        optimizer_params={"lr": 0.02},
    ),
    case(
        "cross-entropy-2",
        {"name": "moons"},
        layers=[5],
        activation="silu",
        loss="cross-entropy",
        optimizer="sgd",
        optimizer_params={"lr": 0.1},
    ),
    case("l1", {"name": "circle"}, layers=[6, 6], l1=0.01, loss="bce", optimizer_params={"lr": 0.1}),
    case("l2", {"name": "circle"}, layers=[6, 6], l2=0.05, loss="bce", optimizer_params={"lr": 0.1}),
    case(
        "l1-l2-inputs",
        {"name": "circle"},
        layers=[4],
        inputs=["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"],
        l1=0.003,
        l2=0.01,
        loss="bce",
        optimizer="adam",
        optimizer_params={"lr": 0.02},
    ),
    case(
        "batch-norm",
        {"name": "xor"},
        layers=[6, 4],
        activation="relu",
        batch_norm=True,
        loss="bce",
        optimizer="adam",
        optimizer_params={"lr": 0.02},
    ),
    case(
        "batch-norm-tiny-batches",
        {"name": "gauss"},
        layers=[4],
        activation="tanh",
        batch_norm=True,
        batch_size=2,
        loss="bce",
        optimizer_params={"lr": 0.05},
        epochs=2,
    ),
    case(
        "batch-norm-sgd-l2",
        {"name": "spiral"},
        layers=[5, 5, 5],
        activation="tanh",
        batch_norm=True,
        l2=0.01,
        loss="bce",
        optimizer="momentum",
        optimizer_params={"lr": 0.05},
    ),
    case(
        "residual",
        {"name": "spiral"},
        layers=[6, 6, 6],
        activation="tanh",
        residual=True,
        loss="bce",
        optimizer="adam",
        optimizer_params={"lr": 0.02},
    ),
    case(
        "residual-bn-dropout",
        {"name": "spiral"},
        layers=[6, 6, 4, 4],
        activation="relu",
        residual=True,
        batch_norm=True,
        dropout=0.2,
        loss="bce",
        optimizer="adam",
        optimizer_params={"lr": 0.02},
    ),
    case(
        "dropout",
        {"name": "circle"},
        layers=[8, 8],
        activation="relu",
        dropout=0.3,
        loss="bce",
        optimizer="adam",
        optimizer_params={"lr": 0.02},
    ),
    case("uneven-last-batch", {"name": "xor"}, layers=[4], batch_size=5, loss="bce", optimizer_params={"lr": 0.1}),
    case(
        "opt-sgd",
        {"name": "xor"},
        layers=[5],
        loss="bce",
        optimizer="sgd",
        optimizer_params={"lr": 0.1, "weight_decay": 0.01},
    ),
    case(
        "opt-momentum",
        {"name": "xor"},
        layers=[5],
        loss="bce",
        optimizer="momentum",
        optimizer_params={"lr": 0.05, "dampening": 0.1},
    ),
    case(
        "opt-nesterov",
        {"name": "xor"},
        layers=[5],
        loss="bce",
        optimizer="nesterov",
        optimizer_params={"lr": 0.05, "weight_decay": 1e-3},
    ),
    case(
        "opt-adagrad",
        {"name": "xor"},
        layers=[5],
        loss="bce",
        optimizer="adagrad",
        optimizer_params={"lr": 0.05, "lr_decay": 0.01, "initial_accumulator_value": 0.1},
    ),
    case(
        "opt-rmsprop",
        {"name": "xor"},
        layers=[5],
        loss="bce",
        optimizer="rmsprop",
        optimizer_params={"lr": 0.01, "momentum": 0.5, "centered": True},
    ),
    case(
        "opt-adadelta",
        {"name": "xor"},
        layers=[5],
        loss="bce",
        optimizer="adadelta",
        optimizer_params={"lr": 1.0, "weight_decay": 1e-3},
    ),
    case(
        "opt-adam-amsgrad",
        {"name": "xor"},
        layers=[5],
        loss="bce",
        optimizer="adam",
        optimizer_params={"lr": 0.02, "amsgrad": True, "weight_decay": 1e-3},
    ),
    case(
        "opt-adamw",
        {"name": "xor"},
        layers=[5],
        loss="bce",
        optimizer="adamw",
        optimizer_params={"lr": 0.02, "weight_decay": 0.05},
    ),
    case("opt-nadam", {"name": "xor"}, layers=[5], loss="bce", optimizer="nadam", optimizer_params={"lr": 0.02}),
    case(
        "opt-nadam-decoupled",
        {"name": "xor"},
        layers=[5],
        loss="bce",
        optimizer="nadam",
        optimizer_params={"lr": 0.02, "weight_decay": 0.02, "decoupled_weight_decay": True},
    ),
    case(
        "schedule-step",
        {"name": "circle"},
        layers=[4],
        loss="bce",
        optimizer_params={"lr": 0.2},
        schedule="step",
        schedule_params={"step_size": 2, "gamma": 0.5},
        epochs=6,
    ),
    case(
        "schedule-cosine-adam",
        {"name": "circle"},
        layers=[4],
        loss="bce",
        optimizer="adam",
        optimizer_params={"lr": 0.05},
        schedule="cosine",
        epochs=6,
    ),
    case("zeros-init", {"name": "circle"}, layers=[3, 3], init="zeros", loss="bce", optimizer_params={"lr": 0.5}),
    case(
        "deep-sigmoid",
        {"name": "circle"},
        layers=[8] * 8,
        activation="sigmoid",
        loss="bce",
        init="xavier_uniform",
        optimizer_params={"lr": 0.5},
        epochs=3,
    ),
    case(
        "sweep-lr-momentum",
        {"name": "circle"},
        layers=[5, 3],
        loss="bce",
        optimizer="momentum",
        optimizer_params={"lr": [0.01, 0.05, 0.2], "momentum": [0.5, 0.9, 0.0]},
    ),
    case(
        "sweep-adam-weight-decay",
        {"name": "xor"},
        layers=[6],
        loss="bce",
        optimizer="adam",
        optimizer_params={
            "lr": 0.02,
            "weight_decay": [0.0, 0.01, 0.1],
            "betas": [[0.9, 0.999], [0.8, 0.99], [0.5, 0.9]],
        },
    ),
    case(
        "sweep-dropout-bn",
        {"name": "spiral"},
        layers=[6, 6],
        activation="relu",
        batch_norm=True,
        dropout=[0.0, 0.2, 0.5],
        loss="bce",
        optimizer="adam",
        optimizer_params={"lr": 0.02},
    ),
    case(
        "sweep-l1-l2",
        {"name": "circle"},
        layers=[6],
        l1=[0.0, 0.01, 0.001],
        l2=[0.05, 0.0, 0.01],
        loss="bce",
        optimizer_params={"lr": 0.1},
    ),
    case(
        "wide",
        {"name": "spiral"},
        layers=[64, 32],
        activation="relu",
        loss="bce",
        optimizer="adam",
        optimizer_params={"lr": 0.005},
        epochs=3,
    ),
]


def act_fn(name: str, params: dict):
    if name == "identity":
        return lambda z: z
    fn = getattr(F, name)
    return lambda z: fn(z, **params)


class Block(nn.Module):
    """Linear -> [BatchNorm1d] -> activation -> [dropout, replayed] -> [+ input]."""

    def __init__(self, fan_in, fan_out, act, bn, residual, p):
        super().__init__()
        self.linear = nn.Linear(fan_in, fan_out, bias=not bn)
        self.norm = nn.BatchNorm1d(fan_out) if bn else None
        self.act, self.residual, self.p = act, residual, p
        self.mask = None

    def forward(self, x):
        z = self.linear(x)
        if self.norm is not None:
            z = self.norm(z)
        a = self.act(z)
        if self.training and self.mask is not None:
            a = a * (self.mask / (1 - self.p))  # F.dropout's arithmetic, with the recorded mask
        return x + a if self.residual else a


def pick(value, r: int, pair: bool = False):
    """Network r's value of a hyperparameter that may hold one value per network."""
    arr = np.asarray(value)
    if arr.ndim > (1 if pair else 0):
        return arr[r].tolist() if pair else arr[r].item()
    return tuple(value) if pair else (arr.item() if arr.ndim == 0 else value)


def build(trainer: Trainer, r: int) -> tuple[nn.Module, list[Block], list[torch.Tensor]]:
    arch = trainer.rs.arch
    dims = arch.dims
    p = pick(trainer.rs.dropout if np.ndim(trainer.rs.dropout) == 0 else np.ravel(trainer.rs.dropout), r)
    blocks = [
        Block(
            dims[k],
            dims[k + 1],
            act_fn(arch.activations[k], arch.act_params[k]),
            arch.batch_norm,
            arch.residual[k],
            float(p),
        )
        for k in range(len(arch.hidden))
    ]
    out = nn.Linear(dims[-2], dims[-1])
    mods = [*blocks, out]
    if arch.output_activation != "identity":
        f = act_fn(arch.output_activation, arch.output_act_params)

        class Out(nn.Module):
            def forward(self, z):
                return f(z)

        mods.append(Out())
    model = nn.Sequential(*mods).double()
    torch.nn.utils.vector_to_parameters(torch.from_numpy(trainer.initial.copy()), model.parameters())
    weights = [b.linear.weight for b in blocks] + [out.weight]
    return model, blocks, weights


def run_torch(trainer: Trainer, ours, r: int) -> dict:
    """Network r of dltutor's run, trained by torch from the same start, order and masks."""
    rs, cfg, data = trainer.rs, trainer.config, trainer.data
    model, blocks, weights = build(trainer, r)
    crit = {"mse": nn.MSELoss(), "bce": nn.BCEWithLogitsLoss(), "cross-entropy": nn.CrossEntropyLoss()}[rs.loss]
    filled = {k: pick(v, r, pair=k == "betas") for k, v in rs.opt_params.items()}
    opt = OPTIMIZERS[cfg.optimizer](model.parameters(), foreach=False, **filled)
    sched = SCHEDULERS[cfg.schedule](opt, cfg.schedule_params or {}, cfg.epochs) if cfg.schedule else None

    X_train = torch.from_numpy(trainer.X_train)
    X_all = torch.from_numpy(trainer.X_all)
    if rs.loss == "cross-entropy":
        T_train, T_test = torch.from_numpy(data.y_train), torch.from_numpy(data.y_test)
    else:
        T_train, T_test = torch.from_numpy(trainer.T_train), torch.from_numpy(trainer.T_test)
    l1 = pick(np.ravel(rs.l1) if np.ndim(rs.l1) else rs.l1, r)
    l2 = pick(np.ravel(rs.l2) if np.ndim(rs.l2) else rs.l2, r)
    step_loss, step_penalty, train_loss, test_loss = [], [], [], []
    step = 0
    b = cfg.batch_size
    for epoch in range(cfg.epochs):
        order = torch.from_numpy(ours.order[epoch])
        for i in range(0, len(order), b):
            idx = order[i : i + b]
            for k, block in enumerate(blocks):
                mask = None if ours.masks is None else ours.masks[step][k]
                if mask is not None and mask.ndim == 3:
                    mask = mask[r]
                block.mask = None if mask is None else torch.from_numpy(mask.astype(np.float64))
            model.train()
            opt.zero_grad()
            out = model(X_train[idx])
            data_loss = crit(out, T_train[idx])
            loss = data_loss
            penalty = None
            if l1 or l2:
                penalty = sum(l1 * w.abs().sum() + l2 / 2 * (w**2).sum() for w in weights)
                loss = data_loss + penalty
            loss.backward()
            opt.step()
            step_loss.append(data_loss.item())
            if penalty is not None:
                step_penalty.append(penalty.item())
            step += 1
        if sched is not None:
            sched.step()
        model.eval()
        with torch.no_grad():
            out = model(X_all)
            n = len(X_train)
            train_loss.append(crit(out[:n], T_train).item())
            test_loss.append(crit(out[n:], T_test).item())
    final = torch.nn.utils.parameters_to_vector(model.parameters()).detach().numpy()
    running = [
        [blk.norm.running_mean.numpy().tolist(), blk.norm.running_var.numpy().tolist()]
        for blk in blocks
        if blk.norm is not None
    ]
    return {
        "step_loss": step_loss,
        "step_penalty": step_penalty or None,
        "train_loss": train_loss,
        "test_loss": test_loss,
        "final": final.tolist(),
        "running": running,
    }


def run_case(spec: dict, torch_run=None) -> dict:
    """Every network of the case; arrays get a last axis of R (one column per network).
    `torch_run(trainer, ours, r)` trains network r in torch (default: run_torch; backstitch has its own)."""
    torch_run = torch_run or run_torch
    data = make_dataset(**spec["data"])
    cfg = NetworkConfig(**{k: tuple(v) if isinstance(v, list) else v for k, v in spec["config"].items()})
    # dltutor's run supplies the order and the masks; torch computes everything else
    trainer = Trainer(cfg, data)
    for _ in range(cfg.epochs):
        trainer.epoch()
    ours = trainer.result()
    runs = [torch_run(trainer, ours, r) for r in range(trainer.runs)]

    def columns(key):
        if runs[0][key] is None:
            return None
        return np.array([run[key] for run in runs]).T.tolist()

    out = {**spec, **{key: columns(key) for key in ("step_loss", "step_penalty", "train_loss", "test_loss")}}
    out["final"] = [run["final"] for run in runs]  # (R, P)
    out["running"] = [
        [[run["running"][k][j] for run in runs] for j in range(2)] for k in range(len(runs[0]["running"]))
    ]  # per layer: [mean (R, C), var (R, C)]
    return out


def main() -> None:
    torch.set_default_dtype(torch.float64)
    torch.set_num_threads(1)
    out_cases = []
    for spec in CASES:
        res = run_case(spec)
        out_cases.append(res)
        print(
            f"{spec['name']:26s} runs={len(res['final'])} steps={len(res['step_loss']):3d} "
            f"P={len(res['final'][0]):5d} last loss={res['step_loss'][-1][0]:.6g}"
        )
    out = ROOT / "tests" / "goldens" / "network.json"
    out.write_text(json.dumps({"torch": torch.__version__, "cases": out_cases}))
    print(f"wrote {len(out_cases)} cases to {out} ({out.stat().st_size / 1024:.0f} KB)")


if __name__ == "__main__":
    main()
