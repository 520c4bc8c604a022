"""The network kind: final loss and accuracy of the trained network(s), or the range test's suggestions."""

from __future__ import annotations

from typing import Any

import numpy as np
from rich.table import Table

from dltutor.tables._common import num


def _pct(x: Any) -> str:
    return "–" if x is None or not np.isfinite(x) else f"{x:.1%}"


def table(result: Any) -> Table:
    if result.lr_find is not None:
        return _lr_find(result)
    train = result.train
    diverged = np.asarray(train.diverged_at)
    first = ("network",) if result.sweep is None else (result.sweep["param"],)
    out = Table(title=f"{train.data.name}: {train.runs} network(s), {train.loss}, {train.epochs} epochs")
    for col in (*first, "train loss", "test loss", "train acc", "test acc", "best test (epoch)", "diverged at"):
        out.add_column(col, justify="left" if col == first[0] else "right")
    test = np.asarray(train.test_loss, dtype=float)
    for r in range(train.runs):
        label = num(float(result.sweep["values"][r])) if result.sweep is not None else "1"
        column = test[:, r]
        best = int(np.nanargmin(column)) if np.isfinite(column).any() else None
        train_acc, test_acc = (None if a is None else float(a[-1, r]) for a in (train.train_acc, train.test_acc))
        out.add_row(
            label,
            num(float(train.train_loss[-1, r])),
            num(float(test[-1, r])),
            _pct(train_acc),
            _pct(test_acc),
            "–" if best is None else f"{num(float(column[best]))} ({best})",
            f"step {int(diverged[r])}" if diverged[r] >= 0 else "–",
        )
    return out


def _lr_find(result: Any) -> Table:
    found = result.lr_find
    out = Table(
        title=f"Learning-rate range test: {len(found.lr)} of {found.num_it} mini-batches "
        f"({'stopped: loss ran away' if found.stopped == 'diverged' else 'ran to the end'})"
    )
    for col in ("steepest lr", "valley lr (suggested)", "lr at minimum", "minimum / 10", "lowest smoothed loss"):
        out.add_column(col, justify="right")
    smooth = np.asarray(found.smooth, dtype=float)
    low = float(np.nanmin(smooth)) if np.isfinite(smooth).any() else None
    out.add_row(
        num(found.steepest_lr),
        num(found.valley_lr),
        num(found.minimum_lr),
        num(None if found.minimum_lr is None else found.minimum_lr / 10),
        num(low),
    )
    return out
