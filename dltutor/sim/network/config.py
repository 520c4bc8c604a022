"""What to train: the network, the loss, regularisation and the optimizer, checked in one place.

`NetworkConfig` holds plain values; `resolve(config, data)` checks them against the data set and
the ceilings and returns a `Resolved` with everything the trainer needs. Hyperparameters that can
differ between networks trained side by side (a sweep): every optimizer hyperparameter, `l1`,
`l2` and `dropout`; give an array of R values for one of them and R networks are trained at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from dltutor.sim import activations as acts
from dltutor.sim import optimizers as optim
from dltutor.sim.network import layers, losses
from dltutor.sim.network.data import CLASSIFICATION, Dataset
from dltutor.sim.network.inputs import check_inputs
from dltutor.sim.network.limits import MAX_GRID, MAX_LAYERS, MAX_RUN_STEPS, MAX_RUNS, MAX_STEPS, MAX_WIDTH, at_most
from dltutor.sim.params import FLOATS, ParamError
from dltutor.sim.schedules import SCHEDULES


@dataclass
class NetworkConfig:
    """Defaults are TensorFlow Playground's where it has one (layers 4,2; tanh; lr 0.03; batch 10)."""

    layers: tuple[int, ...] = (4, 2)  # hidden widths, 0 to 8 of them, each 1 to 64
    activation: Any = "tanh"  # one name for every hidden layer, or one per layer ("relu,tanh")
    activation_params: dict | None = None  # given to every hidden layer whose activation has the key
    output_activation: str = "identity"  # identity (logits) for bce/cross-entropy; mse may use tanh
    inputs: tuple[str, ...] = ("x1", "x2")  # from data.FEATURES
    init: str = "torch-default"  # layers.INITS
    loss: str | None = None  # None: mse for regression, bce for two classes, cross-entropy for more
    l1: Any = 0.0  # rate: the loss gets + l1·Σ|w| over Linear weights (not biases)
    l2: Any = 0.0  # rate: the loss gets + (l2/2)·Σw² over Linear weights (so its gradient is l2·w)
    dropout: Any = 0.0  # p of nn.Dropout after every hidden activation (inverted; off in evaluation)
    batch_norm: bool = False  # BatchNorm1d after every hidden Linear (which then has no bias)
    residual: bool = False  # hidden layer k adds its input when its width equals the previous one
    optimizer: str = "sgd"
    optimizer_params: dict = field(default_factory=lambda: {"lr": 0.03})
    schedule: str | None = None  # a dltutor.sim.schedules name, stepped once per epoch
    schedule_params: dict | None = None
    batch_size: int = 10
    epochs: int = 100
    seed: int = 0  # initial weights, data order and dropout masks (the data set has its own seed)
    grid: int = 100  # boundary grid points per side
    grid_every: int = 0  # record the boundary every k epochs (0: only at the end)
    record_masks: bool = True  # keep every dropout mask (for replay in torch)


@dataclass
class Resolved:
    config: NetworkConfig
    arch: layers.Architecture
    loss: str
    runs: int  # R
    inputs: tuple[str, ...]
    l1: Any  # scalar or (R, 1)
    l2: Any
    dropout: Any  # scalar or (R, 1, 1)
    dropout_on: bool
    penalty_on: bool
    opt: optim.Optimizer
    opt_params: dict  # filled in, as given (arrays of R values kept)
    hp: dict  # per-run forms for the update rules: scalars or (1, R) rows
    iterations: int  # per epoch
    steps: int  # epochs × iterations


def _refuse(key: str, message: str) -> ParamError:
    """A refusal that names the setting it is about, so a front end can name its flag."""
    return ParamError("network", key, message, message)


def _whole(value, what: str, low: int, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise _refuse(key, f"{what} must be a whole number >= {low}, got {value!r}")
    return int(value)


def _rate(value, what: str, high: float | None = None) -> Any:
    arr = np.asarray(value, dtype=object)
    try:
        num = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise _refuse(what, f"{what} must be a number (or one per network)") from None
    if arr.dtype == bool or any(isinstance(v, (bool, np.bool_, str)) for v in np.ravel(arr)) or num.ndim > 1:
        raise _refuse(what, f"{what} must be a number (or one per network)")
    bad = ~np.isfinite(num) | (num < 0) | ((num >= high) if high is not None else False)
    if np.any(bad):
        limit = f" and below {high:g}" if high is not None else ""
        raise _refuse(what, f"{what} must be >= 0{limit}, got {value!r}")
    return float(num) if num.ndim == 0 else num


def _activations(config: NetworkConfig, depth: int) -> tuple[tuple[str, ...], tuple[dict, ...]]:
    given = config.activation
    names = tuple(s.strip() for s in given.split(",")) if isinstance(given, str) else tuple(given)
    if len(names) == 1:
        names = names * depth
    if depth and len(names) != depth:
        raise _refuse("activation", f"give one activation or one per hidden layer ({depth}), got {len(names)}")
    given_params = dict(config.activation_params or {})
    for key in given_params:  # each layer takes the keys its activation has; a key none has is refused
        if not any(key in acts.get(n).params for n in names):
            acts.check_params(names[0] if names else "identity", {key: given_params[key]})
    params = tuple(
        acts.check_params(n, {k: v for k, v in given_params.items() if k in acts.get(n).params}) for n in names
    )
    return names, params


def resolve(config: NetworkConfig, data: Dataset) -> Resolved:
    """Every setting checked (ValueError with one line saying what to change) and derived values."""
    widths = tuple(config.layers)
    at_most(len(widths), MAX_LAYERS, "the number of hidden layers", "the number of layers", "layers")
    for w in widths:
        _whole(w, "a layer width", 1, "layers")
        at_most(int(w), MAX_WIDTH, "a layer width", "the width", "layers")
    depth = len(widths)
    names, params = _activations(config, depth)
    inputs = check_inputs(config.inputs)

    loss = config.loss
    if data.kind == CLASSIFICATION:
        loss = loss or ("bce" if data.classes == 2 else "cross-entropy")
    else:
        loss = loss or "mse"
    if loss not in losses.LOSSES:
        raise _refuse("loss", f"unknown loss {loss!r}; choose one of: {', '.join(losses.LOSSES)}")
    if data.kind != CLASSIFICATION and loss != "mse":
        raise _refuse("loss", f"{loss} needs classes; a regression set trains with mse")
    if data.kind == CLASSIFICATION and data.classes > 2 and loss != "cross-entropy":
        raise _refuse("loss", f"{data.classes} classes need cross-entropy ({loss} here handles two)")
    out_act = config.output_activation
    acts.get(out_act)
    if loss != "mse" and out_act != "identity":
        raise _refuse("output_activation", f"{loss} works on logits: the output activation must be identity")
    out_params = acts.check_params(out_act, None)

    if config.init not in layers.INITS:
        raise _refuse("init", f"unknown init {config.init!r}; choose one of: {', '.join(layers.INITS)}")
    residual = tuple(bool(config.residual) and k > 0 and widths[k] == widths[k - 1] for k in range(depth))
    arch = layers.Architecture(
        len(inputs),
        widths,
        losses.outputs(loss, max(data.classes, 1)),
        names,
        params,
        out_act,
        out_params,
        bool(config.batch_norm),
        residual,
    )

    l1, l2 = _rate(config.l1, "l1"), _rate(config.l2, "l2")
    dropout = _rate(config.dropout, "dropout", high=1.0)
    if config.optimizer not in optim.OPTIMIZERS:
        raise _refuse(
            "optimizer", f"unknown optimizer {config.optimizer!r}; choose one of: {', '.join(optim.OPTIMIZERS)}"
        )
    opt = optim.OPTIMIZERS[config.optimizer]
    filled = optim.check_params(config.optimizer, config.optimizer_params)
    if config.schedule is not None and config.schedule not in SCHEDULES:
        raise _refuse("schedule", f"unknown schedule {config.schedule!r}; choose one of: {', '.join(SCHEDULES)}")
    if config.schedule == "plateau":
        raise _refuse("schedule", "plateau watches a synthetic loss curve; choose another schedule for the network")

    lengths = {len(v) for v in (l1, l2, dropout) if np.ndim(v)}
    for key, value in filled.items():
        if np.ndim(value) > (1 if opt.params[key].kind == FLOATS else 0):
            lengths.add(len(value))
    if len(lengths) > 1:
        raise _refuse("sweep", f"per-network values disagree on the number of networks: {sorted(lengths)}")
    runs = lengths.pop() if lengths else 1
    at_most(runs, MAX_RUNS, "the number of networks", "the number of sweep values", "sweep")

    n_train = len(data.train)
    batch = _whole(config.batch_size, "batch size", 1, "batch_size")
    if batch > n_train:
        raise _refuse("batch_size", f"batch size {batch} is larger than the {n_train} training points; lower it")
    epochs = _whole(config.epochs, "epochs", 1, "epochs")
    iterations = -(-n_train // batch)
    steps = epochs * iterations
    at_most(steps, MAX_STEPS, "epochs × iterations per epoch", "epochs or raise the batch size", "epochs")
    at_most(steps * runs, MAX_RUN_STEPS, "networks × epochs × iterations", "epochs or the number of networks", "epochs")
    if config.batch_norm and n_train % batch == 1:
        raise _refuse(
            "batch_size",
            f"batch norm needs 2 or more points per batch; {n_train} points in batches "
            f"of {batch} leave one alone: change the batch size",
        )
    _whole(config.seed, "seed", 0, "seed")
    _whole(config.grid, "grid", 2, "grid")
    at_most(int(config.grid), MAX_GRID, "the grid", "the grid size", "grid")
    _whole(config.grid_every, "grid_every", 0, "grid")

    def column(v, shape):  # one network takes plain scalars (layers.Views drops the run axis)
        if np.ndim(v) == 0 or runs == 1:
            return float(np.ravel(v)[0])
        return np.asarray(v, dtype=np.float64).reshape(shape)

    return Resolved(
        config,
        arch,
        loss,
        runs,
        inputs,
        column(l1, (runs, 1)),
        column(l2, (runs, 1)),
        column(dropout, (runs, 1, 1)),
        bool(np.any(np.asarray(dropout) > 0)),
        bool(np.any(np.asarray(l1) > 0) or np.any(np.asarray(l2) > 0)),
        opt,
        filled,
        optim.per_row_hp(opt, filled, runs),
        iterations,
        steps,
    )
