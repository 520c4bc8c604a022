"""Golden learning-rate range tests from PyTorch, for tests/sim/test_lr_find_golden.py.

Run by hand, never in CI (torch is not a dependency):

    /tmp/torchvenv/bin/python tools/goldens/make_lr_find.py

The range test (Smith 2017, "Cyclical learning rates for training neural networks", section 3.3;
fastai's ``Learner.lr_find`` with its ``LRFinder`` callback) is run here as a plain torch loop,
following fastai's code (fastai/callback/schedule.py and learner.py's AvgSmoothLoss):

- the network (make_network.build), loaded with dltutor's initial flat parameters, trained by the
  torch.optim optimizer (foreach=False) created with lr = start_lr and driven by
  ``torch.optim.lr_scheduler.LambdaLR`` with factor (end_lr/start_lr)^(i/num_it), stepped after every
  batch: iteration i (from 0) runs at start_lr·(end_lr/start_lr)^(i/num_it), fastai's SchedExp at
  pos = i/num_it; the recorded lr is read back from ``opt.param_groups[0]["lr"]``;
- one mini-batch per iteration, in dltutor's data order: a new permutation of the training points
  (recorded from the trainer's order generator) whenever the previous one is used up, consecutive
  batches of batch_size (the last one of a pass may be shorter); dropout keep-masks replayed from
  dltutor's run, as in make_network.py;
- the loss of a batch is the data loss (an L1/L2 penalty only adds to the gradient), smoothed as
  fastai's AvgSmoothLoss does: avg = torch.lerp(loss, avg, 0.98), smooth = avg/(1 − 0.98^count);
- the stop rule of fastai's LRFinder.after_batch: best = min(best, smooth); stop when
  smooth > 4·best (stop_div), or after num_it batches;
- the suggestions as fastai's lr_find computes them from the smoothed losses (what fastai's
  Recorder keeps): the window [num_it//10 : −5], cut at the first nan, then fastai's ``valley``,
  ``steep`` and ``minimum`` (the lr at the lowest smoothed loss; fastai returns a tenth of it as its
  suggestion, dltutor keeps the lr itself). With fewer than two points in the window fastai's steep
  fails (argmin of an empty tensor); dltutor gives no suggestions, recorded here as None.

Recorded: lr, loss and smoothed loss of every iteration run, how the run stopped, the suggestions.

Where a run blows up, float64 rounding differences between NumPy and torch (an ulp here and there)
are amplified from step to step: an SGD run left to lr ≈ 90, or RMSprop to lr ≈ 2.4 without the
stop rule, ended 5e-10 and 6e-8 apart. The cases stop (or end) before that, so the test holds every
iteration to 1e-10.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import numpy as np
import torch
from torch import nn

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_network import OPTIMIZERS, build  # noqa: E402

import dltutor.sim.network.lrfind as lrfind  # noqa: E402
from dltutor.sim.network.data import make_dataset  # noqa: E402
from dltutor.sim.network.training import NetworkConfig, Trainer  # noqa: E402

SMALL = {"seed": 1, "points": 64, "noise": 10}  # 32 training points
BETA = 0.98


def case(name, data, find, **config):
    config = {"batch_size": 8, "seed": 3, **config}
    return {"name": name, "data": {**SMALL, **data}, "config": config, "find": find}


CASES = [
    case(
        "sgd-diverges",
        {"name": "circle"},
        {"start_lr": 1e-4, "end_lr": 1e3, "num_it": 100},
        layers=[6, 4],
        activation="relu",
        loss="bce",
    ),
    case(
        "adam-bn-dropout-l2-to-the-end",
        {"name": "spiral"},
        {"start_lr": 1e-5, "end_lr": 10.0, "num_it": 80},
        layers=[6, 6],
        activation="relu",
        batch_norm=True,
        dropout=0.2,
        l2=0.01,
        loss="bce",
        optimizer="adam",
    ),
    case(
        "momentum-mse-uneven-batches-to-the-end",
        {"name": "gauss-regression", "noise": 0},
        {"start_lr": 1e-6, "end_lr": 1e-2, "num_it": 40},
        layers=[5, 4],
        activation="tanh",
        loss="mse",
        optimizer="momentum",
        batch_size=5,
    ),
    case(
        "rmsprop-cross-entropy-residual-no-stop-div",
        {"name": "spiral3", "points": 66},
        {"start_lr": 1e-4, "end_lr": 1.0, "num_it": 50, "stop_div": False},
        layers=[6, 6],
        activation="tanh",
        residual=True,
        loss="cross-entropy",
        optimizer="rmsprop",
    ),
    case(  # diverges after 4 batches: fastai's window [num_it//10 : -5] is empty, no suggestion
        "diverges-at-once",
        {"name": "gauss-regression", "noise": 0},
        {"start_lr": 1.0, "end_lr": 1e5, "num_it": 10},
        layers=[5],
        activation="tanh",
        loss="mse",
    ),
]


class Recording(Trainer):
    """The trainer lr_find builds, recording the permutations it draws, every batch it trains on and
    (through the trainer's own mask record, switched on here) every dropout keep-mask."""

    last: Recording | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.perms, self.batches = [], []
        self.rec_masks = [] if self.rs.dropout_on else None  # lr_find keeps none; the golden replays them
        draw = self.order_rng.permutation

        def permutation(n):
            self.perms.append(draw(n))
            return self.perms[-1]

        self.order_rng = type("Spy", (), {"permutation": staticmethod(permutation)})()
        Recording.last = self

    def step(self, xb, tb, lr=None):
        self.batches.append(xb.copy())
        return super().step(xb, tb, lr)


def fastai_suggestions(lrs: list, losses: list, num_it: int):
    """fastai's lr_find suggestion code on (lr, smoothed loss): -> (steepest, minimum, valley) or Nones."""
    lrs, losses = torch.tensor(lrs[num_it // 10 : -5]), torch.tensor(losses[num_it // 10 : -5])
    nan_idxs = torch.nonzero(torch.isnan(losses.view(-1)))
    if len(nan_idxs) > 0:
        drop_idx = min(nan_idxs)
        lrs, losses = lrs[:drop_idx], losses[:drop_idx]
    if len(lrs) < 2:
        return None, None, None
    # steep
    grads = (losses[1:] - losses[:-1]) / (lrs[1:].log() - lrs[:-1].log())
    steep = lrs[grads.argmin()].item()
    # minimum (fastai's suggestion is a tenth of it)
    minimum = lrs[losses.argmin()].item()
    # valley: fastai's longest-valley loop, as written there
    n = len(losses)
    max_start, max_end = 0, 0
    lds = [1] * n
    for i in range(1, n):
        for j in range(0, i):
            if (losses[i] < losses[j]) and (lds[i] < lds[j] + 1):
                lds[i] = lds[j] + 1
            if lds[max_end] < lds[i]:
                max_end = i
                max_start = max_end - lds[max_end]
    sections = (max_end - max_start) / 3
    idx = max_start + int(sections) + int(sections / 2)
    return steep, minimum, float(lrs[idx])


def run_case(spec: dict) -> dict:
    data = make_dataset(**spec["data"])
    cfg = NetworkConfig(**{k: tuple(v) if isinstance(v, list) else v for k, v in spec["config"].items()})
    find = {"stop_div": True, **spec["find"]}
    start_lr, end_lr, num_it = find["start_lr"], find["end_lr"], find["num_it"]
    # dltutor's run supplies the start, the data order and the dropout masks
    lrfind.Trainer = Recording
    try:
        ours = lrfind.lr_find(cfg, data, **find)
    finally:
        lrfind.Trainer = Trainer
    trainer = Recording.last
    assert trainer.rec_masks is not None or not trainer.rs.dropout_on

    model, blocks, weights = build(trainer, 0)
    crit = {"mse": nn.MSELoss(), "bce": nn.BCEWithLogitsLoss(), "cross-entropy": nn.CrossEntropyLoss()}[trainer.rs.loss]
    filled = {k: (tuple(v) if k == "betas" else v) for k, v in trainer.rs.opt_params.items()}
    filled["lr"] = start_lr
    opt = OPTIMIZERS[cfg.optimizer](model.parameters(), foreach=False, **filled)
    q = end_lr / start_lr
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda i: q ** (i / num_it))
    X_train = torch.from_numpy(trainer.X_train)
    T_train = torch.from_numpy(data.y_train if trainer.rs.loss == "cross-entropy" else trainer.T_train)
    l1, l2 = trainer.rs.l1, trainer.rs.l2
    b, n = int(cfg.batch_size), trainer.n_train

    lrs, losses, smooth = [], [], []
    avg, count, best, stopped = torch.tensor(0.0), 0, math.inf, "end"
    perms = iter(trainer.perms)
    pos, order = n, None
    model.train()
    for i in range(num_it):
        if pos >= n:
            order, pos = torch.from_numpy(next(perms)), 0
        idx = order[pos : pos + b]
        pos += b
        assert np.array_equal(trainer.batches[i], trainer.X_train[idx.numpy()])
        for k, block in enumerate(blocks):
            mask = None if trainer.rec_masks is None else trainer.rec_masks[i][k]
            block.mask = None if mask is None else torch.from_numpy(mask.astype(np.float64))
        lrs.append(opt.param_groups[0]["lr"])
        opt.zero_grad()
        data_loss = crit(model(X_train[idx]), T_train[idx])
        loss = data_loss
        if l1 or l2:
            loss = data_loss + sum(l1 * w.abs().sum() + l2 / 2 * (w**2).sum() for w in weights)
        loss.backward()
        opt.step()
        sched.step()
        losses.append(data_loss.item())
        # fastai's AvgSmoothLoss and LRFinder.after_batch
        count += 1
        avg = torch.lerp(data_loss.detach(), avg, BETA)
        s = (avg / (1 - BETA**count)).item()
        smooth.append(s)
        if s < best:
            best = s
        if s > 4 * best and find["stop_div"]:
            stopped = "diverged"
            break
    steep, minimum, valley = fastai_suggestions(lrs, smooth, num_it)
    err = max(abs(a - b) / abs(b) for a, b in zip(ours.loss, losses))
    print(
        f"{spec['name']:40s} its={len(losses):3d} {stopped:8s} (ours {len(ours.loss):3d} {ours.stopped:8s}) "
        f"loss rel err {err:.1e}; valley {valley} (ours {ours.valley_lr})"
    )
    return {**spec, "lr": lrs, "loss": losses, "smooth": smooth, "stopped": stopped, "steepest_lr": steep,
            "minimum_lr": minimum, "valley_lr": valley}  # fmt: skip


def main() -> None:
    torch.set_default_dtype(torch.float64)
    torch.set_num_threads(1)
    out_cases = [run_case(spec) for spec in CASES]
    out = ROOT / "tests" / "goldens" / "lr_find.json"
    out.write_text(json.dumps({"torch": torch.__version__, "cases": out_cases}))
    print(f"wrote {len(out_cases)} cases to {out} ({out.stat().st_size / 1024:.0f} KB)")


if __name__ == "__main__":
    main()
