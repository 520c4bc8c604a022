"""Signal and gradient size at the first and last layer, per initialisation."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from dltutor.tables._common import num, readable


def table(result: dict[str, Any]) -> Table:
    p = result["params"]
    table = Table(title=f"{p['layers']} layers of {p['width']} units, {p['activation']}")
    for col in ("init", "weight std", "act std L1", f"act std L{p['layers']}", "‖∂L/∂W‖ L1", f"‖∂L/∂W‖ L{p['layers']}"):
        table.add_column(col, justify="left" if col == "init" else "right")
    for i, init in enumerate(result["inits"]):
        table.add_row(
            str(init),
            num(result["weight_std"][i]),
            num(result["act_std"][i, 0]),
            num(result["act_std"][i, -1]),
            num(result["weight_grad_norm"][i, 0]),
            num(result["weight_grad_norm"][i, -1]),
        )
    return readable(table)
