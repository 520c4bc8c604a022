"""The `network` kind: a small MLP trained on 2-D data by dltutor.sim.network, drawn as it learns.

Options are the engine's knobs (dltutor.sim.network.knobs.PARAMS, except its `seed`: the scene's
`--seed` seeds the weights, the data order and the dropout masks; the data set keeps its own
`data_seed`), plus `view`, `sweep` and the range test's `find_range` and `find_iterations`.

Optimizer hyperparameters other than lr: the kind has no components (one network, one optimizer,
chosen by `--optimizer`). Every hyperparameter any torch.optim optimizer here takes is also an
option of the kind, None by default (the optimizer's PyTorch default): `-p network.momentum=0.9`,
`-p network.betas=0.9,0.99`, `-p network.weight_decay=1e-4`. `finish` hands the ones given to the
chosen optimizer's checks and refuses a key it does not take; the resolved scene shows the values
in force (None for keys the optimizer does not have).

The sweep view trains every value of one hyperparameter as ONE batched run (R networks side by
side, identical but for that value): lr, l1, l2, dropout, or any numeric hyperparameter of the
optimizer (weight_decay, momentum, ...).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Any

from dltutor.kinds import Flag, KindSpec, Knob

VIEWS = ("boundary", "neurons", "loss", "weights", "modes", "lr-find", "sweep")
DATA_NAMES = ("circle", "xor", "gauss", "spiral", "moons", "spiral3", "blobs3", "plane", "gauss-regression")
ACTIVATION_CHOICES = ("tanh", "relu", "sigmoid", "leaky_relu", "gelu", "elu", "identity")
INPUT_CHOICES = (
    "x1,x2",
    "x1^2,x2^2",
    "x1,x2,x1^2,x2^2",
    "x1,x2,x1*x2",
    "x1*x2",
    "x1,x2,x1^2,x2^2,x1*x2,sin(x1),sin(x2)",
)  # the lab's drop-down: Playground's useful sets
NETWORK_SWEEPS = ("lr", "l1", "l2", "dropout")
FRAMES = 30  # boundary frames recorded for an animation (every ceil(epochs / FRAMES) epochs)


@functools.lru_cache(maxsize=1)
def _optimizer_keys() -> dict[str, Any]:
    """Every hyperparameter of any optimizer but lr, as an option whose default None means
    "the chosen optimizer's own default" (its range is checked by the optimizer in finish)."""
    from dltutor.sim.optimizers import OPTIMIZERS
    from dltutor.sim.params import Param

    out: dict[str, Any] = {}
    for opt in OPTIMIZERS.values():
        for key, p in opt.params.items():
            if key != "lr" and key not in out:
                out[key] = Param(
                    None, p.kind, length=p.length, doc=f"optimizer hyperparameter (torch.optim name), e.g. {opt.name}'s"
                )
    return out


def widths(value: Any) -> tuple[int, ...] | None:
    """Hidden widths from "4,2", (4, 2), 4, or "none"/"0"/"" (no hidden layer); None if not that."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return () if value == 0 else (value,)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in ("", "none", "0"):
            return ()
        try:
            value = [int(part) for part in text.split(",")]
        except ValueError:
            return None
    if isinstance(value, (list, tuple)) and all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        return tuple(value)
    return None


def _layers_param(engine):
    """The engine's `layers` that also takes `none` (or 0): no hidden layer, as Playground allows."""
    from dltutor.sim.params import Param

    class LayersParam(Param):
        def check(self, value: Any) -> bool:
            got = widths(value)
            return got is not None and all(1 <= w <= engine.high for w in got)

        def allowed(self) -> str:
            return f"comma-separated widths from 1 to {engine.high:g}, or none (no hidden layer)"

    return LayersParam(engine.default, "layers", doc=engine.doc + "; none: no hidden layer")


def options() -> dict[str, Any]:
    import dataclasses

    from dltutor.sim.network.knobs import PARAMS
    from dltutor.sim.params import CHOICE, FLOATS, INT, Param, SweepParam

    own = {k: p for k, p in PARAMS.items() if k != "seed"}
    own["layers"] = _layers_param(PARAMS["layers"])
    # the engine's data and activation Params keep Param's default kind (a number): as text, the
    # scene layer passes what was typed to their own checks instead of reading it as a float
    own["data"] = dataclasses.replace(PARAMS["data"], kind="text")
    own["activation"] = dataclasses.replace(PARAMS["activation"], kind="text")
    return {
        **own,
        "view": Param(
            "boundary",
            CHOICE,
            choices=VIEWS,
            doc="boundary: the output over the plane; neurons: each hidden unit; loss: per epoch; "
            "weights: their spread and gradient size per layer; modes: training vs evaluation mode; "
            "lr-find: the learning-rate range test; sweep: final test loss against a hyperparameter",
        ),
        "sweep": SweepParam(
            "lr=1e-3:3:16",
            "sweep",
            doc="the hyperparameter range of the sweep view: lr, l1, l2, dropout or an optimizer's",
        ),
        "find_range": Param(
            (1e-7, 10.0), FLOATS, low=0.0, low_open=True, length=2, doc="the range test's first and last learning rate"
        ),
        "find_iterations": Param(100, INT, low=6, high=10_000, doc="mini-batches the range test runs"),
        **_optimizer_keys(),
    }


def _problem(owner: str, key: str, message: str):
    from dltutor.sim.params import ParamError

    return ParamError(owner, key, message, message)


def _optimizer_given(resolved: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in resolved.items() if k in _optimizer_keys() and v is not None}


def build(resolved: dict[str, Any], seed: int):
    """(NetworkConfig, Dataset) for a resolved scene; errors as ParamErrors naming their key."""
    import re
    from pathlib import Path

    from dltutor.sim.network import knobs
    from dltutor.sim.optimizers import check_params
    from dltutor.sim.params import ParamError

    source = str(resolved["data"]).strip()
    if (
        re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", source)
        and source not in knobs.DATASETS
        and source not in "xy"
        and not Path(source).is_file()
    ):
        raise _problem(
            "network",
            "data",
            f"unknown data set {source!r}; choose one of: {', '.join(knobs.DATASETS)}, "
            'a FILE.csv, or an expression in x and y such as "x*y"',
        )
    given = {k: resolved[k] for k in knobs.PARAMS if k != "seed"}
    given["layers"] = widths(given["layers"])
    given["seed"] = seed
    opt_given = {k: tuple(v) if isinstance(v, list) else v for k, v in _optimizer_given(resolved).items()}
    try:
        check_params(resolved["optimizer"], {**opt_given, "lr": resolved["lr"]})
    except ParamError as err:
        key = err.key if err.key in _optimizer_keys() else "optimizer"
        message = str(err).replace(f"{err.owner} has no parameter", f"optimizer {err.owner} has no parameter")
        raise _problem("network", key, message) from None
    try:
        config, data = knobs.build(
            {
                **given,
                "layers": tuple(given["layers"]),
                "inputs": given["inputs"] if isinstance(given["inputs"], str) else ",".join(given["inputs"]),
            },
            optimizer_params=opt_given,
        )
    except ParamError as err:
        raise _problem("network", err.key, str(err.problem)) from None
    except ValueError as err:
        raise _problem("network", "data", str(err)) from None
    return config, data


def finish(resolved: dict[str, Any]) -> None:
    """The data set built (a bad CSV row or an unknown name refused here), every setting checked by
    the engine against the data and the ceilings, a sweep checked; the optimizer's hyperparameters
    in force filled in."""
    import dataclasses

    from dltutor.sim.network.config import resolve
    from dltutor.sim.optimizers import OPTIMIZERS, check_params

    resolved["layers"] = list(widths(resolved["layers"]))
    resolved["inputs"] = (
        list(resolved["inputs"])
        if not isinstance(resolved["inputs"], str)
        else [s.strip() for s in resolved["inputs"].split(",")]
    )
    resolved["find_range"] = list(resolved["find_range"])
    lo, hi = resolved["find_range"]
    if not lo < hi:
        raise _problem("network", "find_range", f"the first learning rate ({lo:g}) must be below the last ({hi:g})")
    config, data = build(resolved, resolved.get("seed", 0))
    if resolved["view"] == "sweep":
        config = _swept(config, resolved)
    resolve(config, data)  # its refusals are ParamErrors naming the setting
    if resolved["view"] == "sweep":  # the grid and masks of many networks are not needed, the steps are
        config = dataclasses.replace(config, grid=2, record_masks=False)
    filled = check_params(
        resolved["optimizer"],
        {k: tuple(v) if isinstance(v, list) else v for k, v in _optimizer_given(resolved).items()},
    )
    for key in _optimizer_keys():
        resolved[key] = filled.get(key) if key in OPTIMIZERS[resolved["optimizer"]].params else None


def _swept(config, resolved: dict[str, Any]):
    """The config with the swept hyperparameter set to its values (one network per value)."""
    import dataclasses

    import numpy as np

    from dltutor.sim.optimizers import OPTIMIZERS
    from dltutor.sim.params import FLOAT, parse_sweep

    name, values, _ = parse_sweep(resolved["sweep"])
    opt = OPTIMIZERS[resolved["optimizer"]]
    numeric = [k for k, p in opt.params.items() if p.kind == FLOAT]
    if name not in NETWORK_SWEEPS and name not in numeric:
        choices = ", ".join(dict.fromkeys([*NETWORK_SWEEPS, *numeric]))
        raise _problem("network", "sweep", f"cannot sweep {name!r} with {opt.name}; choose one of: {choices}")
    if name == "dropout" and (np.any(values < 0) or np.any(values >= 1)):
        raise _problem("network", "sweep", "dropout values must be >= 0 and below 1")
    if name in ("l1", "l2") and np.any(values < 0):
        raise _problem("network", "sweep", f"{name} values must be >= 0")
    if name in ("l1", "l2", "dropout"):
        return dataclasses.replace(config, **{name: values})
    spec = opt.params[name]
    if not spec.check(values):
        raise _problem("network", "sweep", f"{opt.name}.{name} must be {spec.allowed()}")
    return dataclasses.replace(config, optimizer_params={**config.optimizer_params, name: values})


# --- the result -------------------------------------------------------------------------------


@dataclass
class NetworkRun:
    """What `dltutor plot network` returns. Its fields are the JSON (`--json`): `replay` is the
    engine's export.replay of the trained network(s) (data set and split, parameter names and
    shapes, initial and final weights, data order per epoch, dropout masks, losses and accuracies
    per step and per epoch, the boundary grid); `sweep`, `lr_find` and `modes` belong to their views.
    The drawing also reads `train` (the engine's TrainResult) and `train_grid`, set after creation
    and so not part of the JSON."""

    view: str
    replay: dict | None = None
    sweep: dict | None = None
    lr_find: Any = None  # dltutor.sim.network.LRFindResult
    modes: dict | None = None  # {"train": (G, G, K) output in training mode, "eval": in evaluation mode}


def modes(trainer: Any, result: Any, seed: int) -> dict:
    """The modes view's two grids of network 0: training mode (draws seeded) and evaluation mode."""
    return {"train": trainer.grid(mode="train", seed=seed).output[0], "eval": result.grid.output[0]}


def run(scene: Any, resolved: dict[str, Any]) -> NetworkRun:
    import dataclasses

    from dltutor.sim.network import Trainer, export, lr_find

    config, data = build(resolved, scene.seed)
    view = resolved["view"]
    if view == "lr-find":
        lo, hi = resolved["find_range"]
        found = lr_find(config, data, start_lr=float(lo), end_lr=float(hi), num_it=int(resolved["find_iterations"]))
        out = NetworkRun(view, lr_find=found)
        out.train, out.data = None, data
        return out
    if view == "sweep":
        config = dataclasses.replace(_swept(config, resolved), grid=2, record_masks=False)
    else:
        config = dataclasses.replace(config, grid_every=max(1, math.ceil(config.epochs / FRAMES)))
    trainer = Trainer(config, data)
    for _ in range(int(config.epochs)):
        if not trainer.epoch():
            break
    result = trainer.result()
    out = NetworkRun(view, replay=export.replay(result, grid=view != "sweep"))
    if view == "sweep":
        from dltutor.sim.params import parse_sweep

        name, values, log = parse_sweep(resolved["sweep"])
        out.sweep = {
            "param": name,
            "values": values,
            "log": log,
            "train_loss": result.train_loss[-1],
            "test_loss": result.test_loss[-1],
            "test_acc": None if result.test_acc is None else result.test_acc[-1],
            "train_acc": None if result.train_acc is None else result.train_acc[-1],
            "diverged_at": result.diverged_at,
        }
    if view == "modes":
        out.modes = modes(trainer, result, scene.seed)
    out.train, out.data = result, data
    return out


LIVE_VIEWS = ("boundary", "neurons", "loss", "weights", "modes")  # drawn from one network's current state
GRID_VIEWS = ("boundary", "neurons", "modes")  # drawn from the networks on the boundary grid


class LiveNetwork:
    """The network trained epoch by epoch in the lab (the spec's `live` hook). The same Trainer,
    seed and settings as `run`, so its state after `total` epochs is what `dltutor plot` draws; it
    records no boundary frames and no dropout masks (the lab draws the current state and exports
    nothing), which leaves the arithmetic untouched."""

    unit = "epoch"

    def __init__(self, scene: Any, resolved: dict[str, Any]):
        import dataclasses
        import threading

        from dltutor.sim.network import Trainer

        config, self.data = build(resolved, scene.seed)
        self.trainer = Trainer(dataclasses.replace(config, grid_every=0, record_masks=False), self.data)
        self.total = int(config.epochs)
        self.view, self.seed = resolved["view"], scene.seed
        self.settings = self._settings(resolved)
        self.lock = threading.Lock()

    @staticmethod
    def _settings(resolved: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in resolved.items() if k != "view"}

    def shows(self, resolved: dict[str, Any]) -> bool:
        """The same training seen in another view (v): the run goes on instead of starting again."""
        return resolved.get("view") in LIVE_VIEWS and self._settings(resolved) == self.settings

    def adopt(self, resolved: dict[str, Any]) -> None:
        self.view = resolved["view"]

    @property
    def done(self) -> int:
        return self.trainer.epochs_done

    def advance(self) -> bool:
        return self.trainer.epoch()

    def why_stopped(self) -> str:
        from dltutor.sim.network.limits import MAX_STEPS

        if self.trainer.dead.all():
            return "the loss diverged (a lower lr helps; r tries another seed)"
        return f"one run takes at most {MAX_STEPS:,} steps (a larger batch size makes each epoch fewer steps)"

    def result(self) -> NetworkRun:
        train = self.trainer.result(grid=self.view in GRID_VIEWS)
        out = NetworkRun(self.view)
        if self.view == "modes":
            out.modes = modes(self.trainer, train, self.seed)
        out.train, out.data = train, self.data
        return out


def progress(resolved: dict[str, Any], result: Any) -> tuple[str, int] | None:
    """What an animation of each view reveals: the range test's mini-batches, the sweep's values,
    otherwise epochs."""
    if result.lr_find is not None:
        return "mini-batch", len(result.lr_find.lr)
    if result.sweep is not None:
        return "value", len(result.sweep["values"])
    return "epoch", result.train.epochs


def live(scene: Any, resolved: dict[str, Any]) -> LiveNetwork | None:
    return LiveNetwork(scene, resolved) if resolved["view"] in LIVE_VIEWS else None


SPEC = KindSpec(
    name="network",
    summary="a small network trained on 2-D data, PyTorch-exact "
    "(views: boundary, neurons, loss, weights, modes, lr-find, sweep)",
    options=options,
    run=run,
    plot="dltutor.plots.network",
    table="dltutor.tables.network:table",
    flags=(
        Flag(
            "--data",
            "data",
            "Data set: " + ", ".join(DATA_NAMES) + ", a FILE.csv (x1,x2,label) or an expression "
            "in x and y (class 1 where it is > 0).",
            "NAME|FILE|EXPR",
        ),
        Flag("--noise", "noise", "Noise, percent (0 to 50).", "PCT"),
        Flag("--inputs", "inputs", "Input features: x1,x2,x1^2,x2^2,x1*x2,sin(x1),sin(x2).", "A,B"),
        Flag("--layers", "layers", "Hidden widths, e.g. 4,2.", "W,W"),
        Flag("--activation", "activation", "Hidden activation, or one per layer.", "NAME"),
        Flag("--init", "init", "Weight initialisation (torch.nn.init names, torch-default, zeros).", "NAME"),
        Flag("--loss", "loss", "auto, mse, bce or cross-entropy.", "NAME"),
        Flag("--lr", "lr", "Learning rate.", "LR"),
        Flag("--epochs", "epochs", "Epochs.", "N"),
        Flag("--batch-size", "batch_size", "Points per mini-batch.", "N"),
        Flag(
            "--optimizer", "optimizer", "A torch.optim optimizer (its other settings: -p network.momentum=0.9).", "NAME"
        ),
        Flag("--schedule", "schedule", "A learning-rate schedule, stepped once per epoch.", "NAME"),
        Flag("--dropout", "dropout", "Dropout p after each hidden activation.", "P"),
        Flag("--l1", "l1", "L1 rate.", "RATE"),
        Flag("--l2", "l2", "L2 rate.", "RATE"),
        Flag("--batch-norm", "batch_norm", "BatchNorm1d after each hidden Linear.", switch="true"),
        Flag("--residual", "residual", "Skip connections between hidden layers of equal width.", switch="true"),
        Flag("--view", "view", "View: " + ", ".join(VIEWS) + ".", "VIEW"),
        Flag(
            "--sweep",
            "sweep",
            "Final loss against a hyperparameter, e.g. lr=1e-4:1:40.",
            "NAME=LO:HI:N",
            also=(("view", "sweep"),),
        ),
    ),
    knobs=(
        Knob("data", "data set", choices=DATA_NAMES),
        Knob("noise", "noise %"),
        Knob("inputs", "inputs", choices=INPUT_CHOICES),
        Knob("layers", "layers"),
        Knob("activation", "activation", choices=ACTIVATION_CHOICES),
        Knob("lr", "lr", scale=(1e-6, 10.0)),
        Knob("l2", "L2 rate"),
        Knob("dropout", "dropout p"),
        Knob("batch_norm", "batch norm", choices=("false", "true")),
        Knob("batch_size", "batch size"),
    ),
    finish=finish,
    live=live,
    progress=progress,
    order=60,
)
