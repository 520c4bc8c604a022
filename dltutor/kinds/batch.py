"""The `batch` kind: batch vs mini-batch vs stochastic gradient descent on one regression problem."""

from __future__ import annotations

from dltutor.kinds import Flag, KindSpec, Knob
from dltutor.kinds._module_kind import finish_with, options_of, run_engine

SPEC = KindSpec(
    name="batch",
    summary="batch vs mini-batch vs stochastic gradient descent: loss per update and per epoch",
    options=options_of("gd"),
    run=run_engine("gd"),
    plot="dltutor.plots.batch",
    table="dltutor.tables.batch:table",
    flags=(Flag("--lr", "lr", "Learning rate.", "LR"), Flag("--epochs", "epochs", "Epochs.", "N")),
    knobs=(Knob("lr", "lr", scale=(1e-12, 1e6)), Knob("epochs", "epochs"), Knob("batch_size", "batch size")),
    finish=finish_with("gd", "batch"),
    order=50,
)
