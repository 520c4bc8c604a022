"""The `depth` kind: activation spread and gradient size layer by layer for several initialisations."""

from __future__ import annotations

from dltutor.kinds import KindSpec, Knob
from dltutor.kinds._module_kind import finish_with, options_of, run_engine

SPEC = KindSpec(
    name="depth",
    summary="activation spread and gradient size per layer for five initialisations",
    options=options_of("depth"),
    run=run_engine("depth"),
    plot="dltutor.plots.depth",
    table="dltutor.tables.depth:table",
    knobs=(Knob("activation", "activation"), Knob("layers", "layers"), Knob("width", "width")),
    finish=finish_with("depth", "depth"),
    order=60,
)
