"""Learning-rate schedules at the start, middle and end."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from dltutor.tables._common import non_default, num, readable


def table(result: dict[str, Any]) -> Table:
    epochs = len(result["epoch"])
    table = Table(title=f"Learning-rate schedules over {epochs} epochs")
    for col in ("schedule", "lr[0]", f"lr[{epochs // 2}]", f"lr[{epochs - 1}]", "min", "max", "settings (non-default)"):
        table.add_column(col, justify="left" if col.startswith(("schedule", "settings")) else "right")
    for run in result["schedules"]:
        lr = run["lr"]
        table.add_row(
            run["name"],
            num(lr[0]),
            num(lr[epochs // 2]),
            num(lr[-1]),
            num(lr.min()),
            num(lr.max()),
            non_default(run["params"], "schedules", run["name"]),
        )
    return readable(table)
