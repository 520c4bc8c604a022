"""Golden backstitch training runs from PyTorch, for tests/sim/test_backstitch_golden.py.

Run by hand, never in CI (torch is not a dependency):

    /tmp/torchvenv/bin/python tools/goldens/make_backstitch.py

Backstitch (Wang, Peddinti, Xu, Zhang, Povey & Khudanpur, Interspeech 2017, "Backstitch:
counteracting finite-sample bias via negative steps") has no torch.optim class, so the loop is
written here with autograd, one backstitch update per mini-batch B:

    g  = ∇θ L_B(θ)                      (loss.backward() on the batch)
    θ′ = θ + α·lr·g                     a small step uphill
    g′ = ∇θ L_B(θ′)                     the same batch and the same dropout masks again
    θ  ← θ′ − (1 + α)·lr·g′             a larger step downhill

L_B is the data loss plus the L1/L2 penalty, so both gradients carry the penalty's. Both passes are
training-mode passes (batch statistics); nn.BatchNorm1d updates its running statistics in the
first pass only: they are saved before the second forward and put back after it. The recorded loss
is the data loss of the first pass, as for every optimizer.

The network, the start, the data order and the dropout keep-masks come from dltutor's own seeded
run (as in make_network.py, whose model builder this reuses); forward, autograd, loss, penalty and
batch-norm statistics are torch's. Recorded: the data loss of every mini-batch, the penalty, the
evaluation-mode losses after every epoch, the final parameters and the running statistics.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import torch
from torch import nn

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_network  # noqa: E402
from make_network import build, pick  # noqa: E402

from dltutor.sim.network.data import make_dataset  # noqa: E402
from dltutor.sim.network.training import NetworkConfig, Trainer, train  # noqa: E402

SMALL = {"seed": 1, "points": 64, "noise": 10}  # 32 training points: 4 batches of 8


def case(name, data, epochs=5, **config):
    config = {"batch_size": 8, "seed": 3, "optimizer": "backstitch", "epochs": epochs, **config}
    return {"name": name, "data": {**SMALL, **data}, "config": config}


CASES = [
    case("plain", {"name": "circle"}, layers=[6, 4], activation="tanh", loss="bce", optimizer_params={"lr": 0.1}),
    case(
        "mse-alpha-1",
        {"name": "gauss-regression", "noise": 0},
        layers=[5],
        activation="relu",
        loss="mse",
        optimizer_params={"lr": 0.02, "alpha": 1.0},
    ),
    case(
        "dropout-l2",
        {"name": "xor"},
        layers=[8, 8],
        activation="relu",
        dropout=0.3,
        l2=0.01,
        loss="bce",
        optimizer_params={"lr": 0.1},
    ),
    case(
        "batch-norm-dropout-l1",
        {"name": "spiral"},
        layers=[6, 6],
        activation="tanh",
        batch_norm=True,
        dropout=0.2,
        l1=0.003,
        loss="bce",
        optimizer_params={"lr": 0.05, "alpha": 0.5},
    ),
    case(
        "residual-bn-cross-entropy",
        {"name": "spiral3", "points": 66},
        layers=[6, 6, 6],
        activation="silu",
        residual=True,
        batch_norm=True,
        batch_size=6,
        loss="cross-entropy",
        optimizer_params={"lr": 0.05},
    ),
    case(
        "sweep-alpha-lr",  # alpha 0 is plain SGD
        {"name": "moons"},
        layers=[5],
        activation="tanh",
        dropout=0.1,
        loss="bce",
        optimizer_params={"lr": [0.1, 0.05, 0.2], "alpha": [0.0, 0.3, 1.0]},
    ),
]


def run_torch(trainer: Trainer, ours, r: int) -> dict:
    """Network r of dltutor's run, trained by the backstitch loop above from the same start, order and masks."""
    rs, cfg, data = trainer.rs, trainer.config, trainer.data
    model, blocks, weights = build(trainer, r)
    params = list(model.parameters())
    crit = {"mse": nn.MSELoss(), "bce": nn.BCEWithLogitsLoss(), "cross-entropy": nn.CrossEntropyLoss()}[rs.loss]
    lr = float(pick(rs.opt_params["lr"], r))
    alpha = float(pick(rs.opt_params["alpha"], r))
    X_train, X_all = torch.from_numpy(trainer.X_train), torch.from_numpy(trainer.X_all)
    if rs.loss == "cross-entropy":
        T_train, T_test = torch.from_numpy(data.y_train), torch.from_numpy(data.y_test)
    else:
        T_train, T_test = torch.from_numpy(trainer.T_train), torch.from_numpy(trainer.T_test)
    l1 = pick(np.ravel(rs.l1) if np.ndim(rs.l1) else rs.l1, r)
    l2 = pick(np.ravel(rs.l2) if np.ndim(rs.l2) else rs.l2, r)
    norms = [blk.norm for blk in blocks if blk.norm is not None]

    def loss_and_grads(xb, tb):
        for p in params:
            p.grad = None
        data_loss = crit(model(xb), tb)
        penalty = None
        loss = data_loss
        if l1 or l2:
            penalty = sum(l1 * w.abs().sum() + l2 / 2 * (w**2).sum() for w in weights)
            loss = data_loss + penalty
        loss.backward()
        return data_loss, penalty, [p.grad.clone() for p in params]

    step_loss, step_penalty, train_loss, test_loss = [], [], [], []
    step, b = 0, cfg.batch_size
    model.train()
    for epoch in range(cfg.epochs):
        order = torch.from_numpy(ours.order[epoch])
        for i in range(0, len(order), b):
            idx = order[i : i + b]
            for k, block in enumerate(blocks):
                mask = None if ours.masks is None else ours.masks[step][k]
                if mask is not None and mask.ndim == 3:
                    mask = mask[r]
                block.mask = None if mask is None else torch.from_numpy(mask.astype(np.float64))
            xb, tb = X_train[idx], T_train[idx]
            data_loss, penalty, g = loss_and_grads(xb, tb)  # at θ; running statistics updated
            with torch.no_grad():
                for p, gp in zip(params, g):
                    p.copy_(p + (alpha * lr) * gp)  # θ′ = θ + α·lr·g
            saved = [(n.running_mean.clone(), n.running_var.clone(), n.num_batches_tracked.clone()) for n in norms]
            _, _, g2 = loss_and_grads(xb, tb)  # at θ′, same batch, same masks
            with torch.no_grad():
                for n, (m, v, c) in zip(norms, saved):
                    n.running_mean.copy_(m)
                    n.running_var.copy_(v)
                    n.num_batches_tracked.copy_(c)
                for p, gp in zip(params, g2):
                    p.copy_(p - ((1 + alpha) * lr) * gp)  # θ ← θ′ − (1 + α)·lr·g′
            step_loss.append(data_loss.item())
            if penalty is not None:
                step_penalty.append(penalty.item())
            step += 1
        model.eval()
        with torch.no_grad():
            out = model(X_all)
            n_train = len(X_train)
            train_loss.append(crit(out[:n_train], T_train).item())
            test_loss.append(crit(out[n_train:], T_test).item())
        model.train()
    final = torch.nn.utils.parameters_to_vector(model.parameters()).detach().numpy()
    running = [[n.running_mean.numpy().tolist(), n.running_var.numpy().tolist()] for n in norms]
    return {
        "step_loss": step_loss,
        "step_penalty": step_penalty or None,
        "train_loss": train_loss,
        "test_loss": test_loss,
        "final": final.tolist(),
        "running": running,
    }


def run_case(spec: dict) -> dict:
    """make_network's case runner with this file's torch loop; prints how close dltutor came."""
    out = make_network.run_case(spec, run_torch)
    ours = train(
        NetworkConfig(**{k: tuple(v) if isinstance(v, list) else v for k, v in spec["config"].items()}),
        make_dataset(**spec["data"]),
    )
    final = np.array(out["final"])
    err = np.max(np.abs(ours.final - final)) / np.max(np.abs(final))
    loss_err = np.max(np.abs(ours.step_loss - np.array(out["step_loss"])) / np.abs(out["step_loss"]))
    print(f"{spec['name']:26s} runs={len(final)} final rel err {err:.1e}, step loss rel err {loss_err:.1e}")
    return out


def main() -> None:
    torch.set_default_dtype(torch.float64)
    torch.set_num_threads(1)
    out_cases = [run_case(spec) for spec in CASES]
    out = ROOT / "tests" / "goldens" / "backstitch.json"
    out.write_text(json.dumps({"torch": torch.__version__, "cases": out_cases}))
    print(f"wrote {len(out_cases)} cases to {out} ({out.stat().st_size / 1024:.0f} KB)")


if __name__ == "__main__":
    main()
