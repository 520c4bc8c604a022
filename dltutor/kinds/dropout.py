"""The `dropout` kind: the mask at each step and the running mean it leaves; recurrent masks side by side."""

from __future__ import annotations

from typing import Any

from dltutor.kinds import Flag, KindSpec, Knob
from dltutor.kinds._module_kind import finish_with, options_of, run_engine

_run = run_engine("dropout")


def run(scene: Any, resolved: dict[str, Any]) -> dict[str, Any]:
    out = _run(scene, resolved)
    if resolved["recurrent"]:
        # the same draws with the other kind of recurrent mask, so both can be shown side by side
        other = _run(scene, {**resolved, "variational": not resolved["variational"]})
        out["other_masks"] = other["masks"]
    return out


SPEC = KindSpec(
    name="dropout",
    summary="dropout masks step by step and the running mean they leave (inverted or standard; recurrent)",
    options=options_of("dropout"),
    run=run,
    plot="dltutor.plots.dropout",
    table="dltutor.tables.dropout:table",
    flags=(
        Flag("--steps", "steps", "Steps.", "N"),
        Flag("--mode", "mode", "Where the scaling lives.", "inverted|standard"),
        Flag("--recurrent", "recurrent", "Element-wise vs variational masks over time.", switch="true"),
    ),
    knobs=(Knob("p", "dropout p", scale=(0.05, 0.95)), Knob("steps", "steps"), Knob("mode", "mode")),
    finish=finish_with("dropout", "dropout"),
    order=40,
)
