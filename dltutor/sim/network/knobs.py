"""The network lab's knobs as Param specs (as other sim modules declare theirs), and `build`, which
turns filled-in values into a data set and a NetworkConfig. The scene layer parses and checks user
input against PARAMS; sizes past a ceiling are refused later, by `config.resolve`, with what to lower."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import numpy as np

from dltutor.sim import activations as acts
from dltutor.sim.network.config import NetworkConfig
from dltutor.sim.network.data import DATASETS, Dataset, make_dataset
from dltutor.sim.network.inputs import FEATURES
from dltutor.sim.network.layers import INITS
from dltutor.sim.network.limits import MAX_GRID, MAX_POINTS, MAX_WIDTH
from dltutor.sim.network.owndata import expression_dataset, load_csv
from dltutor.sim.optimizers import OPTIMIZERS
from dltutor.sim.params import BOOL, CHOICE, FLOAT, INT, INTS, NAMES, Names, Param, fill, nonneg, positive, split_names
from dltutor.sim.schedules import SCHEDULES


class DataParam(Param):
    """A built-in data set, a CSV file (x1, x2, label) or an expression in x and y (class: f > 0)."""

    def check(self, value: Any) -> bool:
        return isinstance(value, str) and bool(value.strip())

    def allowed(self) -> str:
        return "one of " + ", ".join(DATASETS) + ', a FILE.csv, or an expression such as "x*y"'


class ActivationsParam(Param):
    """One activation, or one per hidden layer: 'relu' or 'relu,tanh'."""

    def check(self, value: Any) -> bool:
        names = split_names(value)
        return bool(names) and all(n in acts.ACTIVATIONS for n in names)

    def allowed(self) -> str:
        return "an activation or comma-separated ones (one per hidden layer) from " + ", ".join(acts.ACTIVATIONS)


PARAMS: dict[str, Param] = {
    "data": DataParam("circle", doc="data set: a built-in name, a CSV file, or an expression (label: f(x, y) > 0)"),
    "noise": Param(0.0, FLOAT, low=0.0, high=50.0, doc="noise, percent (Playground's slider)"),
    "train_share": Param(50.0, FLOAT, low=10.0, high=90.0, doc="percent of the points used for training"),
    "data_seed": Param(0, INT, low=0, doc="seed of the data set and its split"),
    "points": Param(
        None, INT, low=4, high=MAX_POINTS, doc="points to draw (default: Playground's 500, or 1200 for regression)"
    ),
    "layers": Param((4, 2), INTS, low=1, high=MAX_WIDTH, doc="hidden widths, e.g. 4,2 (0 to 8 layers)"),
    "activation": ActivationsParam("tanh", doc="hidden activation, or one per layer"),
    "output_activation": Param(
        "identity",
        CHOICE,
        choices=tuple(acts.ACTIVATIONS),
        doc="after the output layer (identity for logits; mse may use tanh)",
    ),
    "inputs": Names(("x1", "x2"), NAMES, choices=tuple(FEATURES), doc="the network's input features"),
    "init": Param("torch-default", CHOICE, choices=INITS, doc="weight initialisation (torch.nn.init names)"),
    "loss": Param(
        "auto",
        CHOICE,
        choices=("auto", "mse", "bce", "cross-entropy"),
        doc="auto: mse for regression, bce for two classes, cross-entropy for more",
    ),
    "l1": nonneg(0.0, "L1 rate: + l1·Σ|w| over the weights"),
    "l2": nonneg(0.0, "L2 rate: + (l2/2)·Σw² over the weights"),
    "dropout": Param(0.0, FLOAT, low=0.0, high=1.0, high_open=True, doc="dropout p after each hidden activation"),
    "batch_norm": Param(False, BOOL, doc="BatchNorm1d after each hidden Linear"),
    "residual": Param(False, BOOL, doc="skip connections between hidden layers of equal width"),
    "optimizer": Param("sgd", CHOICE, choices=tuple(OPTIMIZERS), doc="torch.optim optimizer"),
    "lr": positive(0.03, "learning rate (Playground's 0.03)"),
    "schedule": Param(
        "none",
        CHOICE,
        choices=("none", *(s for s in SCHEDULES if s != "plateau")),
        doc="learning-rate schedule, stepped once per epoch",
    ),
    "batch_size": Param(10, INT, low=1, high=MAX_POINTS, doc="points per mini-batch"),
    "epochs": Param(100, INT, low=1, doc="passes over the training set"),
    "seed": Param(0, INT, low=0, doc="seed of the initial weights, data order and dropout masks"),
    "grid": Param(100, INT, low=2, high=MAX_GRID, doc="boundary grid points per side"),
}


def dataset(values: dict[str, Any]) -> Dataset:
    """The data set the (filled-in) values describe."""
    source = values["data"].strip()
    common = {"train_share": values["train_share"], "seed": values["data_seed"]}
    if source in DATASETS:
        return make_dataset(source, noise=values["noise"], points=values["points"], **common)
    if source.lower().endswith(".csv") or Path(source).is_file():
        return load_csv(source, **common)
    extra = {} if values["points"] is None else {"points": values["points"]}
    return expression_dataset(source, noise=values["noise"], **extra, **common)


def build(
    given: dict[str, Any] | None = None, optimizer_params: dict | None = None, schedule_params: dict | None = None
) -> tuple[NetworkConfig, Dataset]:
    """Values (defaults filled in, each checked) -> (config, data). optimizer_params may set any
    hyperparameter of the optimizer besides lr; lr may be an array of R values for a sweep."""
    values = fill(PARAMS, given, "network")
    config = NetworkConfig(
        layers=tuple(int(w) for w in values["layers"]),
        activation=values["activation"],
        output_activation=values["output_activation"],
        inputs=split_names(values["inputs"]),
        init=values["init"],
        loss=None if values["loss"] == "auto" else values["loss"],
        l1=values["l1"],
        l2=values["l2"],
        dropout=values["dropout"],
        batch_norm=values["batch_norm"],
        residual=values["residual"],
        optimizer=values["optimizer"],
        optimizer_params={**(optimizer_params or {}), "lr": values["lr"]},
        schedule=None if values["schedule"] == "none" else values["schedule"],
        schedule_params=schedule_params,
        batch_size=values["batch_size"],
        epochs=values["epochs"],
        seed=values["seed"],
        grid=values["grid"],
    )
    return config, dataset(values)


def sweep_config(config: NetworkConfig, name: str, values) -> NetworkConfig:
    """config with one hyperparameter given as R values (a sweep trained as one batched run):
    dropout, l1, l2, or any hyperparameter of the optimizer (lr, weight_decay, momentum, ...)."""
    values = np.asarray(values, dtype=np.float64)
    if values.ndim != 1 or len(values) < 1:
        raise ValueError(f"a sweep over {name} needs a list of values")
    if name in ("dropout", "l1", "l2"):
        return dataclasses.replace(config, **{name: values})
    if name not in OPTIMIZERS[config.optimizer].params:
        raise ValueError(
            f"cannot sweep {name!r}: choose dropout, l1, l2 or one of {config.optimizer}'s "
            f"hyperparameters ({', '.join(OPTIMIZERS[config.optimizer].params)})"
        )
    return dataclasses.replace(config, optimizer_params={**config.optimizer_params, name: values})
