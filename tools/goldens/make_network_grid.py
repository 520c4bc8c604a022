"""Golden boundary grids from PyTorch, for tests/sim/test_network_grid_golden.py.

Run by hand, never in CI (torch is not a dependency):

    /tmp/torchvenv/bin/python tools/goldens/make_network_grid.py

Each case trains a small network with dltutor (training itself is checked against torch by
make_network.py), then evaluates it on the boundary grid both ways `Trainer.grid` offers, and torch
evaluates the same network (the same nn.Sequential as make_network.build, loaded with dltutor's
final flat parameters and batch-norm running statistics):

- mode "eval": ``model.eval()`` on the grid points, one batch. Dropout is off and each
  nn.BatchNorm1d normalises with its running statistics.

- mode "train": what the network computes in training mode, with dltutor's draws replayed (every
  grid point gets its own dropout mask; the masks are recorded from `Trainer._keep`, the one place
  the grid's draws become masks). Batch norm in training mode normalises a batch by that batch's
  own statistics, so "the grid normalised by a training mini-batch's statistics" is not one torch
  call. It is produced in two torch passes:

  1. the mini-batch (the first batch of the last epoch's order, with its own replayed dropout
     masks) goes through ``model.train()``; a forward pre-hook on every nn.BatchNorm1d captures
     the batch-norm input z of that batch, and ``torch.var_mean(z, dim=0, correction=0)`` gives
     the mean and the biased variance that the training-mode BatchNorm1d normalised that batch by
     (the hook also checks this: the module's output equals ``F.batch_norm(z, None, None, γ, β,
     training=True)`` recomputed from those numbers);
  2. the grid goes through the model with ``model.train()`` (dropout masks replayed) but every
     BatchNorm1d switched to ``.eval()`` with its running_mean/running_var buffers replaced by
     the batch's mean and biased variance: F.batch_norm(training=False) then computes
     (z − mean)/√(var + eps)·γ + β for every grid point with the mini-batch's statistics.

Recorded per case: the eval-mode grid output, the train-mode grid output (seed given), (R, G, G, K).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_network import build  # noqa: E402

from dltutor.sim.network.data import make_dataset  # noqa: E402
from dltutor.sim.network.training import NetworkConfig, Trainer  # noqa: E402

SMALL = {"seed": 1, "points": 64, "noise": 10}  # 32 training points


def case(name, data, seed=7, epochs=3, **config):
    config = {"batch_size": 8, "seed": 3, "grid": 12, "epochs": epochs, **config}
    return {"name": name, "data": {**SMALL, **data}, "config": config, "grid_seed": seed}


CASES = [
    case(
        "dropout",
        {"name": "circle"},
        layers=[6, 5],
        activation="relu",
        dropout=0.3,
        loss="bce",
        optimizer="adam",
        optimizer_params={"lr": 0.02},
    ),
    case(
        "batch-norm",
        {"name": "xor"},
        layers=[6, 4],
        activation="tanh",
        batch_norm=True,
        loss="bce",
        optimizer="adam",
        optimizer_params={"lr": 0.02},
    ),
    case(
        "batch-norm-dropout",
        {"name": "spiral"},
        layers=[6, 6],
        activation="relu",
        batch_norm=True,
        dropout=0.25,
        loss="bce",
        optimizer="adam",
        optimizer_params={"lr": 0.02},
        seed=11,
    ),
    case(
        "residual-bn-dropout",
        {"name": "spiral"},
        layers=[5, 5, 5],
        activation="tanh",
        residual=True,
        batch_norm=True,
        dropout=0.2,
        loss="bce",
        optimizer="adam",
        optimizer_params={"lr": 0.02},
    ),
    case(
        "cross-entropy-bn-dropout",
        {"name": "spiral3", "points": 66},
        layers=[6],
        activation="silu",
        batch_norm=True,
        dropout=0.4,
        batch_size=6,
        loss="cross-entropy",
        optimizer="sgd",
        optimizer_params={"lr": 0.1},
    ),
    case(
        "sweep-dropout-bn",
        {"name": "circle"},
        layers=[5, 5],
        activation="relu",
        batch_norm=True,
        dropout=[0.0, 0.3, 0.6],
        loss="bce",
        optimizer="adam",
        optimizer_params={"lr": 0.02},
    ),
    case(
        "no-dropout-no-bn",  # training mode is evaluation mode here: both grids must agree
        {"name": "moons"},
        layers=[4],
        activation="tanh",
        loss="bce",
        optimizer_params={"lr": 0.1},
    ),
]


def grid_torch(trainer: Trainer, r: int, masks: list, train_mode: bool) -> np.ndarray:
    """Network r on the grid, as torch computes it (see the module docstring); -> (n, K)."""
    model, blocks, _ = build(trainer, r)  # the initial parameters and fresh buffers ...
    torch.nn.utils.vector_to_parameters(torch.from_numpy(trainer.theta[r].copy()), model.parameters())
    for k, blk in enumerate(blocks):  # ... replaced by dltutor's final ones
        if blk.norm is not None:
            mean, var = trainer.running[k]
            blk.norm.running_mean.copy_(torch.from_numpy(np.asarray(mean).reshape(trainer.runs, -1)[r].copy()))
            blk.norm.running_var.copy_(torch.from_numpy(np.asarray(var).reshape(trainer.runs, -1)[r].copy()))
    X_grid = torch.from_numpy(trainer.X_grid)
    L = len(blocks)
    bn = trainer.rs.arch.batch_norm

    def replay(keeps):  # keep masks (shared uniforms, compared with network r's p) -> Block.mask
        for blk, keep in zip(blocks, keeps):
            if keep is None:
                blk.mask = None
                continue
            keep = keep[r] if keep.ndim == 3 else keep
            blk.mask = torch.from_numpy(keep.astype(np.float64))

    with torch.no_grad():
        if not train_mode:
            replay([None] * L)
            model.eval()
            return model(X_grid).numpy()
        batch_keeps = grid_keeps = [None] * L
        if masks:
            if bn:
                batch_keeps, grid_keeps = masks[:L], masks[L:]
            else:
                grid_keeps = masks
            grid_keeps = [k.swapaxes(-1, -2) for k in grid_keeps]  # dltutor draws them feature-major (w, n)
        if bn:
            # pass 1: the mini-batch in training mode; its batch-norm inputs captured by pre-hooks
            b = int(trainer.config.batch_size)
            idx = torch.from_numpy(trainer.rec_order[-1][:b])
            captured = []

            def pre(module, args):
                captured.append(args[0].clone())

            def post(module, args, out):
                z = args[0]
                var, mean = torch.var_mean(z, dim=0, correction=0)
                again = F.batch_norm(z, None, None, module.weight, module.bias, True, 0.0, module.eps)
                assert torch.allclose(out, again, rtol=1e-13, atol=1e-13)
                module.batch_stats = (mean, var)

            hooks = [blk.norm.register_forward_pre_hook(pre) for blk in blocks]
            hooks += [blk.norm.register_forward_hook(post) for blk in blocks]
            replay(batch_keeps)
            model.train()
            model(torch.from_numpy(trainer.X_train)[idx])
            for h in hooks:
                h.remove()
            assert len(captured) == L
            # pass 2: the grid, dropout in training mode, each BatchNorm1d in eval mode with the
            # batch's (mean, biased var) as its running statistics
            for blk in blocks:
                mean, var = blk.norm.batch_stats
                blk.norm.running_mean.copy_(mean)
                blk.norm.running_var.copy_(var)
        replay(grid_keeps)
        model.train()
        if bn:
            for blk in blocks:
                blk.norm.eval()
        out = model(X_grid)
        if bn:
            for blk in blocks:
                assert not blk.norm.training
        return out.numpy()


def run_case(spec: dict) -> dict:
    data = make_dataset(**spec["data"])
    cfg = NetworkConfig(**{k: tuple(v) if isinstance(v, list) else v for k, v in spec["config"].items()})
    trainer = Trainer(cfg, data)
    for _ in range(cfg.epochs):
        trainer.epoch()
    # the masks dltutor's training-mode grid uses, in the order it makes them: the mini-batch's
    # (one per hidden layer, (B, w)) when there is batch norm, then the grid's ((w, n) each)
    keeps = []
    keep = trainer._keep

    def spy(u):
        keeps.append(np.asarray(u >= trainer.rs.dropout))
        return keep(u)

    trainer._keep = spy
    ours = trainer.grid(mode="train", seed=spec["grid_seed"])
    trainer._keep = keep
    L = len(trainer.rs.arch.hidden)
    assert len(keeps) in (0, L * (1 + trainer.rs.arch.batch_norm)), "one grid chunk expected"
    G = len(trainer.grid_x)
    R = trainer.runs
    eval_out = np.stack([grid_torch(trainer, r, keeps, False) for r in range(R)]).reshape(R, G, G, -1)
    train_out = np.stack([grid_torch(trainer, r, keeps, True) for r in range(R)]).reshape(R, G, G, -1)
    err = np.max(np.abs(ours.output - train_out)) / np.max(np.abs(train_out))
    err_eval = np.max(np.abs(trainer.grid().output - eval_out)) / np.max(np.abs(eval_out))
    print(f"{spec['name']:26s} R={R} train-mode rel err {err:.1e}, eval-mode {err_eval:.1e}")
    return {**spec, "eval": eval_out.tolist(), "train": train_out.tolist()}


def main() -> None:
    torch.set_default_dtype(torch.float64)
    torch.set_num_threads(1)
    out_cases = [run_case(spec) for spec in CASES]
    out = ROOT / "tests" / "goldens" / "network_grid.json"
    out.write_text(json.dumps({"torch": torch.__version__, "cases": out_cases}))
    print(f"wrote {len(out_cases)} cases to {out} ({out.stat().st_size / 1024:.0f} KB)")


if __name__ == "__main__":
    main()
