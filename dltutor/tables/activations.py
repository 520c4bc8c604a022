"""Activations: their ends, steepest slope, saturated and dead shares."""

from __future__ import annotations

from typing import Any

import numpy as np
from rich.table import Table

from dltutor.tables._common import non_default, num, readable


def table(result: dict[str, Any]) -> Table:
    x = result["x"]
    table = Table(title=f"Activations on [{x[0]:g}, {x[-1]:g}]")
    for col in ("activation", "f(x_min)", "f(x_max)", "max f′", "saturated", "dead", "settings (non-default)"):
        table.add_column(col, justify="left" if col.startswith(("activation", "settings")) else "right")
    for run in result["activations"]:
        table.add_row(
            run["name"],
            num(run["y"][0]),
            num(run["y"][-1]),
            num(np.max(run["dy"])),
            f"{run['saturated'].mean():.0%}",
            f"{run['dead'].mean():.0%}",
            non_default(run["params"], "activations", run["name"]),
        )
    return readable(table)
