"""The summary table of an optimizer race, a sweep or a basin map."""

from __future__ import annotations

from typing import Any

import numpy as np
from rich.table import Table

from dltutor.tables._common import non_default, num, readable


def table(result: dict[str, Any]) -> Table:
    if "sweep" in result:
        return _sweep(result)
    if "basins" in result:
        return _basins(result)
    s = result["surface"]
    table = Table(title=f"{s['title']}: {s['formula']}  start {tuple(s['start'])}")
    for col in ("optimizer", "lr", "final loss", "final (x, y)", "outcome", "other settings (non-default)"):
        table.add_column(col, justify="right" if col in ("lr", "final loss") else "left")
    for run in result["optimizers"]:
        x, y = run.final
        outcome = f"diverged at step {run.diverged_at}" if run.diverged else "finished"
        table.add_row(
            run.name,
            num(run.params["lr"]),
            num(run.final_loss),
            f"({x:.4g}, {y:.4g})",
            outcome,
            non_default(run.params, "optimizers", run.name, ("lr",)),
        )
    return readable(table)


def _sweep(result: dict[str, Any]) -> Table:
    """Per optimizer: the swept value that ended lowest, and the range that did not diverge."""
    s, sweep = result["surface"], result["sweep"]
    name, values = sweep["param"], np.asarray(sweep["values"], dtype=float)
    table = Table(
        title=f"{s['title']}: final loss against {name} ({len(values)} values from {values[0]:.3g} to {values[-1]:.3g})"
    )
    for col in ("optimizer", f"best {name}", "its final loss", f"{name} that did not diverge", "diverged"):
        table.add_column(col, justify="left" if col in ("optimizer", f"{name} that did not diverge") else "right")
    for run in sweep["optimizers"]:
        loss = np.asarray(run["final_loss"], dtype=float)
        fine = ~np.asarray(run["diverged"], dtype=bool) & np.isfinite(loss)
        if fine.any():
            best = int(np.flatnonzero(fine)[np.argmin(loss[fine])])
            kept = values[fine]
            table.add_row(
                run["name"],
                num(values[best]),
                num(loss[best]),
                f"{kept.min():.3g} to {kept.max():.3g}",
                f"{int((~fine).sum())} of {len(values)}",
            )
        else:
            table.add_row(run["name"], "–", "–", "none", f"{len(values)} of {len(values)}")
    return readable(table)


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
    return readable(table)
