"""Dropout: kept share and scales in training and at test."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from dltutor.tables._common import num, readable


def table(result: dict[str, Any]) -> Table:
    table = Table(
        title=f"Dropout ({result['params']['mode']}): mean of h without dropout = {float(result['h_mean']):.4g}"
    )
    for col in ("p", "kept (avg)", "train scale", "test scale", "running train mean", "test mean"):
        table.add_column(col, justify="right")
    for i, p in enumerate(result["p"]):
        table.add_row(
            num(p),
            f"{result['kept_fraction'][i].mean():.3f}",
            num(result["train_scale"][i]),
            num(result["test_scale"][i]),
            num(result["running_mean"][i, -1]),
            num(result["test_mean"][i]),
        )
    return readable(table)
