"""A finished run as plain JSON-ready data: everything needed to replay it in torch.

The data set and split, the network (torch's parameter names and shapes), the initial and final
flat parameter vectors, the order of the training points in every epoch, the dropout keep-masks,
per-step and per-epoch losses and accuracies, and the final boundary grid. nan (after a network
diverged) becomes None, so the result passes json.dumps(..., allow_nan=False).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from dltutor.sim.network.training import TrainResult


def plain(value: Any) -> Any:
    """NumPy arrays and scalars as lists and Python numbers; nan and ±inf as None."""
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return plain(value.item())
        if value.dtype.kind == "f":
            return (
                [plain(v) for v in value]
                if value.ndim > 1
                else [None if not math.isfinite(v) else v for v in value.tolist()]
            )
        return value.tolist()
    if isinstance(value, (np.floating, float)):
        v = float(value)
        return v if math.isfinite(v) else None
    if isinstance(value, (np.integer, np.bool_)):
        return value.item()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def replay(result: TrainResult, *, grid: bool = True, masks: bool = True) -> dict:
    """The run as nested dicts and lists (see the module docstring)."""
    data, cfg = result.data, result.config
    out = {
        "config": plain({k: v for k, v in cfg.__dict__.items()}),
        "data": {
            "name": data.name,
            "kind": data.kind,
            "classes": data.classes,
            "noise": data.noise,
            "train_share": data.train_share,
            "seed": data.seed,
            "extent": plain(data.extent),
            "x": plain(data.x),
            "y": plain(data.y),
            "train": plain(data.train),
            "test": plain(data.test),
            "labels": plain(data.labels),
        },
        "loss": result.loss,
        "runs": result.runs,
        "parameters": [
            {"name": n, "shape": list(result.param_shapes[n]), "slice": list(result.param_slices[n])}
            for n in result.param_names
        ],
        "initial": plain(result.initial),
        "final": plain(result.final),
        "running": [{"mean": plain(m), "var": plain(v)} for m, v in result.running],
        "order": plain(result.order),
        "step_loss": plain(result.step_loss),
        "step_penalty": plain(result.step_penalty),
        "lr": plain(result.lr),
        "train_loss": plain(result.train_loss),
        "test_loss": plain(result.test_loss),
        "train_acc": plain(result.train_acc),
        "test_acc": plain(result.test_acc),
        "grad_norm": plain(result.grad_norm),
        "diverged_at": plain(result.diverged_at),
        "epochs": result.epochs,
    }
    if masks and result.masks is not None:
        out["masks"] = [[m.astype(np.int8).tolist() for m in step] for step in result.masks]
    if grid and result.grid is not None:
        out["grid"] = {"x": plain(result.grid.x), "y": plain(result.grid.y), "output": plain(result.grid.output)}
    return out
