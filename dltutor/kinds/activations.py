"""The `activations` kind: activation functions and their derivatives, saturated and dead stretches marked."""

from __future__ import annotations

from typing import Any

from dltutor.kinds import Components, Flag, KindSpec, Knob, component


def options() -> dict[str, Any]:
    from dltutor.sim.params import CHOICE, FLOAT, INT, Param

    return {
        "x_min": Param(-5.0, FLOAT, low=-1e6, doc="left end of the x range"),
        "x_max": Param(5.0, FLOAT, high=1e6, doc="right end of the x range"),
        "points": Param(201, INT, low=2, high=100_000, doc="points on the x range"),
        "layout": Param(
            "overlay",
            CHOICE,
            choices=("overlay", "grid"),
            doc="overlay: all in one plot; grid: one panel per activation",
        ),
    }


def finish(resolved: dict[str, Any]) -> None:
    from dltutor.sim.params import ParamError

    if not resolved["x_min"] < resolved["x_max"]:
        raise ParamError("activations", "x_min", "must be less than activations.x_max")


def component_params(name: str, given: dict[str, Any], options: dict[str, Any], seed: int) -> dict[str, Any]:
    from dltutor.sim.activations import check_params

    return check_params(name, given)


def run(scene: Any, resolved: dict[str, Any]) -> dict[str, Any]:
    import numpy as np

    from dltutor.sim import activations

    x = np.linspace(resolved["x_min"], resolved["x_max"], resolved["points"])
    runs = []
    for comp in resolved["activations"]:
        act = activations.ACTIVATIONS[component(comp["name"])]
        used, y, dy = activations.evaluate(act.name, x, scene.params.get(comp["name"]))
        runs.append(
            {
                "name": comp["name"],
                "title": act.title,
                "formula": act.formula,
                "torch": act.torch,
                "params": comp["params"],
                "y": y,
                "dy": dy,
                "saturated": activations.saturated(dy),
                "dead": activations.dead(dy),
            }
        )
    return {"x": x, "activations": runs}


SPEC = KindSpec(
    name="activations",
    summary="activation functions f and their derivatives f′, saturated and dead stretches marked",
    options=options,
    run=run,
    plot="dltutor.plots.activations",
    table="dltutor.tables.activations:table",
    components=Components(
        "dltutor.sim.activations:ACTIVATIONS",
        (
            "identity",
            "sigmoid",
            "tanh",
            "relu",
            "leaky_relu",
            "elu",
            "selu",
            "gelu",
            "silu",
            "mish",
            "softplus",
            "softsign",
            "hardtanh",
            "hardsigmoid",
        ),
        defaults=("sigmoid", "tanh", "relu"),
        singular="activation",
    ),
    flags=(Flag("--layout", "layout", "overlay: one panel; grid: one panel each.", "overlay|grid"),),
    knobs=(Knob("x_min", "x from"), Knob("x_max", "x to"), Knob("layout", "layout")),
    finish=finish,
    component_params=component_params,
    order=30,
)
