"""Batch, mini-batch and stochastic gradient descent: final loss per flavour and lr."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from dltutor.tables._common import num, readable


def table(result: dict[str, Any]) -> Table:
    table = Table(
        title=f"Linear regression, {result['params']['samples']} samples, "
        f"{result['params']['epochs']} epochs (best possible loss {float(result['min_loss']):.4g})"
    )
    for col in ("flavour", "batch size", "updates/epoch", "lr", "final loss", "outcome"):
        table.add_column(col, justify="left" if col in ("flavour", "outcome") else "right")
    for f, flavour in enumerate(result["flavours"]):
        for i, lr in enumerate(result["lr"]):
            diverged = bool(result["diverged"][f, i])
            table.add_row(
                str(flavour),
                str(result["batch_size"][f]),
                str(result["updates_per_epoch"][f]),
                num(lr),
                num(result["epoch_loss"][f, i, -1]),
                f"diverged at update {result['diverged_at'][f, i]}" if diverged else "finished",
            )
    return readable(table)
