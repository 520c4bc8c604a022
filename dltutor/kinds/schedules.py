"""The `schedules` kind: learning-rate schedules unfolding over epochs, as torch.optim.lr_scheduler steps them."""

from __future__ import annotations

from typing import Any

from dltutor.kinds import Components, Flag, KindSpec, Knob, component


def options() -> dict[str, Any]:
    from dltutor.sim.params import BOOL, INT, Param, positive

    return {
        "lr": positive(0.1, "base learning rate (the optimizer's initial lr)"),
        "epochs": Param(100, INT, low=1, high=100_000, doc="epochs shown"),
        "log": Param(False, BOOL, doc="logarithmic lr axis"),
    }


def component_params(name: str, given: dict[str, Any], options: dict[str, Any], seed: int) -> dict[str, Any]:
    """A schedule's hyperparameters, with the defaults that depend on the run (T_max = epochs) filled in."""
    from dltutor.sim.schedules import run_schedule

    return run_schedule(name, options["lr"], options["epochs"], given, seed=seed).params


def run(scene: Any, resolved: dict[str, Any]) -> dict[str, Any]:
    import numpy as np

    from dltutor.sim.schedules import SCHEDULES, run_schedule

    runs = []
    for comp in resolved["schedules"]:
        sched = SCHEDULES[component(comp["name"])]
        res = run_schedule(
            sched.name, resolved["lr"], resolved["epochs"], scene.params.get(comp["name"]), seed=scene.seed
        )
        entry = {
            "name": comp["name"],
            "title": sched.title,
            "torch": sched.torch,
            "params": res.params,
            "lr": res.lr[0],
        }
        for key, value in res.extras.items():
            entry[key] = value[0]
        if "reduced" in res.extras:
            entry["reduced_at"] = np.flatnonzero(res.extras["reduced"][0])
        runs.append(entry)
    return {"epoch": np.arange(resolved["epochs"]), "schedules": runs}


SPEC = KindSpec(
    name="schedules",
    summary="learning-rate schedules over epochs (ReduceLROnPlateau with the loss it watches)",
    options=options,
    run=run,
    plot="dltutor.plots.schedules",
    table="dltutor.tables.schedules:table",
    components=Components(
        "dltutor.sim.schedules:SCHEDULES",
        (
            "constant",
            "step",
            "multistep",
            "exponential",
            "inverse-time",
            "polynomial",
            "linear",
            "cosine",
            "cosine-restarts",
            "cyclic",
            "one-cycle",
            "warmup-cosine",
            "plateau",
        ),
        defaults=("step", "cosine", "one-cycle"),
        singular="schedule",
    ),
    flags=(
        Flag("--lr", "lr", "Base learning rate.", "LR"),
        Flag("--epochs", "epochs", "Epochs.", "N"),
        Flag("--log", "log", "Logarithmic lr axis.", switch="true"),
    ),
    knobs=(Knob("lr", "base lr", scale=(1e-12, 1e6)), Knob("epochs", "epochs")),
    component_params=component_params,
    order=20,
)
