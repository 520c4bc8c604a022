"""What a training run leaves behind: the boundary grid and the records of every step and epoch."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dltutor.sim.network.config import NetworkConfig
from dltutor.sim.network.data import Dataset

Array = np.ndarray


@dataclass
class Grid:
    """The network evaluated on a grid over the data's extent (evaluation mode, unless it came from
    Trainer.grid(mode="train")).

    output[r, i, j] is network r's raw output (K values: logits, or the mse output) at the point
    (x[j], y[i]); units[k][r, i, j, u] is hidden layer k's unit u after its activation (before a
    residual sum), present when asked for."""

    x: Array  # (G,)
    y: Array  # (G,)
    output: Array  # (R, G, G, K)
    units: list[Array] | None = None


@dataclass
class TrainResult:
    """A finished (or stopped) run of R networks. Steps are iterations, counted from 1; epoch
    arrays have a row for epoch 0 (before training) and one per epoch trained."""

    config: NetworkConfig
    data: Dataset
    loss: str  # mse, bce or cross-entropy (resolved)
    runs: int  # R
    param_names: list[str]  # '{layer}.weight', '.bias', '.norm.weight', '.norm.bias': model.parameters() order
    param_slices: dict[str, tuple[int, int]]  # name -> (start, stop) in the flat vector
    param_shapes: dict[str, tuple[int, ...]]
    initial: Array  # (P,) shared by every network
    final: Array  # (R, P)
    running: list[tuple[Array, Array]]  # batch norm: (mean, var) per hidden layer, each (R, C)
    order: Array  # (epochs, n_train): the training points' order in each epoch (indices into data.train)
    step_loss: Array  # (steps, R) training-mode data loss of each mini-batch (nan after divergence)
    step_penalty: Array | None  # (steps, R) l1·Σ|w| + (l2/2)·Σw² before each step, if either is on
    grad_norm: Array  # (epochs, R, L + 1) root mean square over each epoch's steps of ‖dL/dW‖ per Linear layer
    lr: Array  # (epochs, R) learning rate in force during each epoch
    train_loss: Array  # (epochs + 1, R) evaluation-mode loss on the whole training set
    test_loss: Array  # (epochs + 1, R)
    train_acc: Array | None  # (epochs + 1, R), classification only
    test_acc: Array | None
    weights: Array  # (saved, R, P) parameters at weights_epochs
    weights_epochs: Array  # (saved,) epochs at which `weights` were taken (0 = initial)
    masks: list | None  # per step, per hidden layer: bool keep-mask (B, width), or (R, B, width) if p differs;
    # None without dropout, with record_masks=False, or past limits.MAX_MASK_VALUES entries
    diverged_at: Array  # (R,) step at which each network diverged, −1 if never
    frames: Array | None  # (n, R, G, G, K) boundary outputs at frame_epochs
    frame_epochs: Array | None
    grid: Grid | None = None  # the final boundary, with hidden units
    epochs: int = 0  # epochs actually trained

    @property
    def diverged(self) -> Array:
        return self.diverged_at >= 0

    def weight(self, layer: int, epoch_index: int = -1) -> Array:
        """Linear layer `layer`'s weights (R, out, in) at weights[epoch_index]."""
        lo, hi = self.param_slices[f"{layer}.weight"]
        return self.weights[epoch_index][:, lo:hi].reshape(self.runs, *self.param_shapes[f"{layer}.weight"])
