"""What the summary tables of every kind share: number formatting and non-default settings."""

from __future__ import annotations

from typing import Any

import numpy as np

from dltutor import scenes


def num(x: Any) -> str:
    return "–" if x is None or not np.isfinite(x) else f"{x:.4g}"


def non_default(params: dict[str, Any], kind: str, name: str, skip: tuple[str, ...] = ()) -> str:
    """The settings of a component that differ from its defaults (the JSON has all of them)."""
    defaults = {k: p.default for k, p in scenes.registry(kind)[scenes.component(name)].params.items()}
    return ", ".join(
        f"{k}={scenes.text(v)}"
        for k, v in params.items()
        if k not in skip and scenes.text(v) != scenes.text(defaults.get(k))
    )


NAME_COLUMNS = ("optimizer", "init", "activation", "schedule", "flavour")


def readable(table):
    """A table whose names are never cut: a name column keeps its longest name whole on one line
    (`xavier_uniform`, not `xavier_un…`); other columns fold rather than end in "…" when the
    terminal is too narrow for them, so no digit is lost."""
    from rich.cells import cell_len

    for column in table.columns:
        if str(column.header) in NAME_COLUMNS:
            column.no_wrap = True
            column.min_width = max([cell_len(str(c)) for c in column.cells] + [cell_len(str(column.header))])
        else:
            column.overflow = "fold"
    return table
