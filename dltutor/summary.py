"""A compact Rich table of a scene's results: what `dltutor plot` prints without --json."""

from __future__ import annotations

from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table

from dltutor import scenes


def _num(x: Any) -> str:
    return "–" if x is None or not np.isfinite(x) else f"{x:.4g}"


def _params(params: dict[str, Any], defaults: dict[str, Any], skip: tuple[str, ...] = ()) -> str:
    """The settings that differ from their defaults (the JSON has all of them)."""
    return ", ".join(f"{k}={scenes.text(v)}" for k, v in params.items()
                     if k not in skip and scenes.text(v) != scenes.text(defaults.get(k)))


def _defaults(kind: str, name: str) -> dict[str, Any]:
    return {k: p.default for k, p in scenes.registry(kind)[scenes.component(name)].params.items()}


def print_summary(scene: scenes.Scene, result: dict[str, Any], console: Console | None = None) -> None:
    console = console or Console()
    table = _TABLES[scene.kind](result)
    console.print(table)
    console.print(f"[dim]{scenes.command(scene)}  (add --json for every step)[/dim]", soft_wrap=True)


def _optimizers(result: dict[str, Any]) -> Table:
    if "sweep" in result:
        return _sweep(result)
    if "basins" in result:
        return _basins(result)
    s = result["surface"]
    table = Table(title=f"{s['title']}: {s['formula']}  start {tuple(s['start'])}")
    for col in ("optimizer", "lr", "final loss", "final (x, y)", "outcome", "other settings (non-default)"):
        table.add_column(col, justify="right" if col in ("lr", "final loss") else "left")
    for run in result["optimizers"]:
        x, y = run["final"]
        outcome = f"diverged at step {run['diverged_at']}" if run["diverged"] else "finished"
        table.add_row(run["name"], _num(run["params"]["lr"]), _num(run["final_loss"]), f"({x:.4g}, {y:.4g})",
                      outcome, _params(run["params"], _defaults("optimizers", run["name"]), ("lr",)))
    return table


def _sweep(result: dict[str, Any]) -> Table:
    """Per optimizer: the swept value that ended lowest, and the range that did not diverge."""
    s, sweep = result["surface"], result["sweep"]
    name, values = sweep["param"], np.asarray(sweep["values"], dtype=float)
    table = Table(title=f"{s['title']}: final loss against {name} ({len(values)} values from {values[0]:.3g} "
                        f"to {values[-1]:.3g})")
    for col in ("optimizer", f"best {name}", "its final loss", f"{name} that did not diverge", "diverged"):
        table.add_column(col, justify="left" if col in ("optimizer", f"{name} that did not diverge") else "right")
    for run in sweep["optimizers"]:
        loss = np.asarray(run["final_loss"], dtype=float)
        fine = ~np.asarray(run["diverged"], dtype=bool) & np.isfinite(loss)
        if fine.any():
            best = int(np.flatnonzero(fine)[np.argmin(loss[fine])])
            kept = values[fine]
            table.add_row(run["name"], _num(values[best]), _num(loss[best]), f"{kept.min():.3g} to {kept.max():.3g}",
                          f"{int((~fine).sum())} of {len(values)}")
        else:
            table.add_row(run["name"], "–", "–", "none", f"{len(values)} of {len(values)}")
    return table


def _basins(result: dict[str, Any]) -> Table:
    """Per optimizer: the share of start points that ended in each known minimum."""
    s, basins = result["surface"], result["basins"]
    minima = [f"({x:.3g}, {y:.3g})" for x, y in np.asarray(basins["minima"], dtype=float).reshape(-1, 2)]
    starts = len(basins["x"]) * len(basins["y"])
    table = Table(title=f"{s['title']}: where {starts} start points end")
    for col in ("optimizer", *minima, "other", "diverged"):
        table.add_column(col, justify="left" if col == "optimizer" else "right")
    for run in basins["optimizers"]:
        basin = np.asarray(run["basin"]).ravel()
        shares = [f"{np.mean(basin == i):.0%}" for i in range(len(minima))]
        table.add_row(run["name"], *shares, f"{np.mean(basin == -1):.0%}", f"{np.mean(basin == -2):.0%}")
    return table


def _schedules(result: dict[str, Any]) -> Table:
    epochs = len(result["epoch"])
    table = Table(title=f"Learning-rate schedules over {epochs} epochs")
    for col in ("schedule", "lr[0]", f"lr[{epochs // 2}]", f"lr[{epochs - 1}]", "min", "max", "settings (non-default)"):
        table.add_column(col, justify="left" if col.startswith(("schedule", "settings")) else "right")
    for run in result["schedules"]:
        lr = run["lr"]
        table.add_row(run["name"], _num(lr[0]), _num(lr[epochs // 2]), _num(lr[-1]), _num(lr.min()), _num(lr.max()),
                      _params(run["params"], _defaults("schedules", run["name"])))
    return table


def _activations(result: dict[str, Any]) -> Table:
    x = result["x"]
    table = Table(title=f"Activations on [{x[0]:g}, {x[-1]:g}]")
    for col in ("activation", "f(x_min)", "f(x_max)", "max f′", "saturated", "dead", "settings (non-default)"):
        table.add_column(col, justify="left" if col.startswith(("activation", "settings")) else "right")
    for run in result["activations"]:
        table.add_row(run["name"], _num(run["y"][0]), _num(run["y"][-1]), _num(np.max(run["dy"])),
                      f"{run['saturated'].mean():.0%}", f"{run['dead'].mean():.0%}", _params(run["params"], _defaults("activations", run["name"])))
    return table


def _dropout(result: dict[str, Any]) -> Table:
    table = Table(title=f"Dropout ({result['params']['mode']}): mean of h without dropout = {float(result['h_mean']):.4g}")
    for col in ("p", "kept (avg)", "train scale", "test scale", "running train mean", "test mean"):
        table.add_column(col, justify="right")
    for i, p in enumerate(result["p"]):
        table.add_row(_num(p), f"{result['kept_fraction'][i].mean():.3f}", _num(result["train_scale"][i]),
                      _num(result["test_scale"][i]), _num(result["running_mean"][i, -1]), _num(result["test_mean"][i]))
    return table


def _batch(result: dict[str, Any]) -> Table:
    table = Table(title=f"Linear regression, {result['params']['samples']} samples, "
                        f"{result['params']['epochs']} epochs (best possible loss {float(result['min_loss']):.4g})")
    for col in ("flavour", "batch size", "updates/epoch", "lr", "final loss", "outcome"):
        table.add_column(col, justify="left" if col in ("flavour", "outcome") else "right")
    for f, flavour in enumerate(result["flavours"]):
        for i, lr in enumerate(result["lr"]):
            diverged = bool(result["diverged"][f, i])
            table.add_row(str(flavour), str(result["batch_size"][f]), str(result["updates_per_epoch"][f]), _num(lr),
                          _num(result["epoch_loss"][f, i, -1]),
                          f"diverged at update {result['diverged_at'][f, i]}" if diverged else "finished")
    return table


def _depth(result: dict[str, Any]) -> Table:
    p = result["params"]
    table = Table(title=f"{p['layers']} layers of {p['width']} units, {p['activation']}")
    for col in ("init", "weight std", "act std L1", f"act std L{p['layers']}", "‖∂L/∂W‖ L1",
                f"‖∂L/∂W‖ L{p['layers']}"):
        table.add_column(col, justify="left" if col == "init" else "right")
    for i, init in enumerate(result["inits"]):
        table.add_row(str(init), _num(result["weight_std"][i]), _num(result["act_std"][i, 0]),
                      _num(result["act_std"][i, -1]), _num(result["weight_grad_norm"][i, 0]),
                      _num(result["weight_grad_norm"][i, -1]))
    return table


_TABLES = {"optimizers": _optimizers, "schedules": _schedules, "activations": _activations,
           "dropout": _dropout, "batch": _batch, "depth": _depth}
