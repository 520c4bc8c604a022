"""The `optimizers` kind: optimizers racing over a loss surface, and the views that explain them."""

from __future__ import annotations

import dataclasses
import functools
import math
from dataclasses import dataclass
from typing import Any

from dltutor.kinds import Components, Flag, KindSpec, Knob, component

SURFACES = ("bowl", "ravine", "rosenbrock", "beale", "himmelblau", "booth", "saddle", "rastrigin", "plateau")
VIEWS = ("path", "loss", "state", "sweep", "basins")

# Optimizer steps × rows run (one per start point or swept value) × optimizers: about two seconds
# here. Above it a run is refused at once, rather than leaving the terminal busy for minutes.
MAX_ROW_STEPS = 100_000_000


def options() -> dict[str, Any]:
    from dltutor.sim.params import CHOICE, FLOAT, FLOATS, INT, INTS, Param, SweepParam
    from dltutor.sim.surfaces import SurfaceParam

    return {
        "surface": SurfaceParam("ravine", "surface", doc="a named loss surface or an expression in x and y"),
        "bounds": Param(None, FLOATS, length=4, doc="plot bounds xmin,xmax,ymin,ymax (custom surfaces)"),
        "steps": Param(200, INT, low=1, high=100_000, doc="optimizer steps"),
        "start": Param(None, FLOATS, length=2, doc="start point x,y (default: the surface's own)"),
        "lr": Param(
            None,
            FLOAT,
            low=0.0,
            low_open=True,
            doc="learning rate for every optimizer (default: each one's PyTorch default)",
        ),
        "view": Param(
            "path",
            CHOICE,
            choices=VIEWS,
            doc="path: over the surface; loss: loss per step; state: what drives each step; "
            "sweep: final loss against a hyperparameter; basins: where each start ends",
        ),
        "sweep": SweepParam("lr=1e-4:1:40", "sweep", doc="the hyperparameter range of the sweep view"),
        "grid": Param((48, 24), INTS, low=2, high=400, length=2, doc="start points across x and y (basins view)"),
    }


def scene_surface(options: dict[str, Any]):
    """The Surface a scene names: a built-in one (seen through other bounds if given), or a
    custom expression over its bounds."""
    from dltutor.sim.params import ParamError
    from dltutor.sim.surfaces import SURFACES as BUILT_IN
    from dltutor.sim.surfaces import get_surface

    name, bounds = options["surface"], options.get("bounds")
    pairs = None if bounds is None else ((bounds[0], bounds[1]), (bounds[2], bounds[3]))
    if pairs is not None and not (pairs[0][0] < pairs[0][1] and pairs[1][0] < pairs[1][1]):
        raise ParamError("optimizers", "bounds", "must be xmin,xmax,ymin,ymax with xmin < xmax and ymin < ymax")
    if name in BUILT_IN:
        surface = get_surface(name)
        return surface if pairs in (None, surface.bounds) else dataclasses.replace(surface, bounds=pairs)
    try:
        return _custom_surface(name, pairs)
    except ValueError as err:
        raise ParamError("optimizers", "surface", str(err), str(err)) from None


@functools.lru_cache(maxsize=8)
def _custom_surface(text: str, bounds):
    """A custom surface, built once per (expression, bounds): every frame of an animation asks for
    it, and building one compiles the expression and searches a 201×201 grid for its minimum.
    Surfaces are frozen, so sharing one is safe; a refused expression raises and is not kept."""
    from dltutor.sim.expression import custom_surface

    return custom_surface(text, bounds) if bounds else custom_surface(text)


def finish(resolved: dict[str, Any]) -> None:
    """The surface's own bounds and start filled in; a sweep checked; a run too long refused."""
    from dltutor.sim.params import ParamError

    surface = scene_surface(resolved)
    start = list(surface.start if resolved["start"] is None else resolved["start"])
    bounds = surface.bounds if resolved["bounds"] is not None else _bounds_around(surface.bounds, start)
    resolved["bounds"] = [float(v) for pair in bounds for v in pair]
    resolved["start"] = start
    resolved["grid"] = list(resolved["grid"])
    if resolved["view"] == "sweep":
        _check_sweep(resolved)
    view, steps, count = resolved["view"], resolved["steps"], max(1, len(resolved["optimizers"]))
    if view == "basins":
        rows, knob = resolved["grid"][0] * resolved["grid"][1], "the grid (-p optimizers.grid=NX,NY)"
    elif view == "sweep":
        rows, knob = _sweep_values(resolved)[1].size, "the number of values in --sweep"
    else:
        rows, knob = 1, ""
    if steps * rows * count > MAX_ROW_STEPS:
        where = (
            f"{steps:,} steps × {rows:,} runs × {count} optimizer(s)"
            if rows > 1
            else f"{steps:,} steps × {count} optimizer(s)"
        )
        message = (
            f"{where} is {steps * rows * count:,} optimizer steps; at most {MAX_ROW_STEPS:,} (a few "
            "seconds): lower --steps" + (f" or {knob}" if knob else "")
        )
        raise ParamError("optimizers", "steps", message, message)


def _bounds_around(bounds, start, margin: float = 0.1):
    """The surface's own bounds widened to hold the start with a margin, unless they already do.

    Without this a start far outside (`--start 100,100` on the bowl) would be drawn clipped to the
    frame's edge and, being beyond ten plot-widths of its centre, reported as diverged at step 1.
    Bounds given with --bounds are the learner's choice and are kept as they are.
    """
    out = []
    for (lo, hi), s in zip(bounds, start):
        if lo <= s <= hi:
            out.append((lo, hi))
            continue
        pad = margin * (max(hi, s) - min(lo, s))
        out.append((min(lo, s - pad), max(hi, s + pad)))
    return tuple(out)


def _sweep_values(resolved: dict[str, Any]):
    from dltutor.sim.params import parse_sweep

    return parse_sweep(resolved["sweep"])


def _check_sweep(resolved: dict[str, Any]) -> None:
    from dltutor.sim.optimizers import OPTIMIZERS
    from dltutor.sim.params import FLOAT, ParamError

    name, values, _ = _sweep_values(resolved)
    for comp in resolved["optimizers"]:
        params = OPTIMIZERS[component(comp["name"])].params
        spec = params.get(name)
        if spec is None or spec.kind != FLOAT:
            numeric = ", ".join(k for k, p in params.items() if p.kind == FLOAT)
            message = f"{comp['name']} has no numeric parameter {name!r}; it has: {numeric}"
            raise ParamError("optimizers", "sweep", message, message)
        if not spec.check(values):
            message = f"{comp['name']}.{name} must be {spec.allowed()}"
            raise ParamError("optimizers", "sweep", message, message)


def component_params(name: str, given: dict[str, Any], options: dict[str, Any], seed: int) -> dict[str, Any]:
    """An optimizer's hyperparameters: --lr applies to every optimizer not given its own."""
    from dltutor.sim.optimizers import check_params

    if options.get("lr") is not None:
        given = {"lr": options["lr"], **given}
    return check_params(name, given)


# --- results ------------------------------------------------------------------------------


@dataclass
class PathRun:
    """One optimizer's run from the scene's start, step by step (arrays over steps)."""

    name: str
    title: str
    torch: str
    params: dict[str, Any]
    path: Any  # (steps + 1, 2)
    loss: Any  # (steps + 1,)
    grad: Any  # (steps, 2)
    update: Any  # (steps, 2)
    step_size: Any  # (steps,)
    state: dict[str, Any]
    final: Any  # (2,)
    final_loss: float
    diverged: bool
    diverged_at: int | None  # the step that threw it out

    def gone_by(self, step: int) -> bool:
        """Has this run diverged by `step` (a frame showing steps 0..step)?"""
        return self.diverged_at is not None and self.diverged_at <= step


def run(scene: Any, resolved: dict[str, Any]) -> dict[str, Any]:
    surface = scene_surface(resolved)
    out: dict[str, Any] = {
        "surface": {
            "name": surface.name,
            "title": surface.title,
            "formula": surface.formula,
            "bounds": [list(b) for b in surface.bounds],
            "minima": [list(m) for m in surface.minima],
            "start": resolved["start"],
        }
    }
    view = resolved["view"]
    if view == "sweep":
        out["sweep"] = _sweep(surface, resolved)
    elif view == "basins":
        out["basins"] = _basins(surface, resolved)
    else:
        out["optimizers"] = [_one_run(surface, comp, resolved) for comp in resolved["optimizers"]]
    return out


def _hyper(comp: dict[str, Any]) -> dict[str, Any]:
    return {k: tuple(v) if isinstance(v, list) else v for k, v in comp["params"].items()}


def _one_run(surface, comp: dict[str, Any], resolved: dict[str, Any]) -> PathRun:
    import numpy as np

    from dltutor.sim.optimizers import OPTIMIZERS, run_optimizer

    opt = OPTIMIZERS[component(comp["name"])]
    run = run_optimizer(opt.name, surface, steps=resolved["steps"], start=resolved["start"], params=_hyper(comp))
    d = int(run.diverged_at[0])
    return PathRun(
        name=comp["name"],
        title=opt.title,
        torch=opt.torch,
        params=comp["params"],
        path=run.path[:, 0],
        loss=run.loss[:, 0],
        grad=run.grad[:, 0],
        update=run.update[:, 0],
        step_size=np.linalg.norm(run.update[:, 0], axis=-1),
        state={k: v[:, 0] for k, v in run.state.items()},
        final=run.final[0],
        final_loss=float(run.final_loss[0]),
        diverged=bool(run.diverged[0]),
        diverged_at=d if d >= 0 else None,
    )


def _sweep(surface, resolved: dict[str, Any]) -> dict[str, Any]:
    """Final loss against one hyperparameter, all values in one vectorised run per optimizer."""
    from dltutor.sim.optimizers import run_optimizer

    name, values, log = _sweep_values(resolved)
    runs = []
    for comp in resolved["optimizers"]:
        params = {**_hyper(comp), name: values}
        run = run_optimizer(
            component(comp["name"]),
            surface,
            steps=resolved["steps"],
            start=resolved["start"],
            params=params,
            history=False,
        )
        runs.append(
            {
                "name": comp["name"],
                "final_loss": run.final_loss,
                "final": run.final,
                "diverged": run.diverged,
                "diverged_at": run.diverged_at,
            }
        )
    return {"param": name, "values": values, "log": log, "optimizers": runs}


def _basins(surface, resolved: dict[str, Any]) -> dict[str, Any]:
    """For a grid of starts, the index of the known minimum each run ends near.

    -1: ended somewhere else (a local minimum, or still travelling); -2: diverged. "Near" is
    within 2% of the plot's diagonal.
    """
    import numpy as np

    from dltutor.sim.optimizers import run_optimizer

    nx, ny = resolved["grid"]
    (x0, x1), (y0, y1) = surface.bounds
    xs = x0 + (np.arange(nx) + 0.5) * (x1 - x0) / nx
    ys = y0 + (np.arange(ny) + 0.5) * (y1 - y0) / ny
    xx, yy = np.meshgrid(xs, ys)
    starts = np.column_stack([xx.ravel(), yy.ravel()])
    minima = np.array(surface.minima, dtype=float).reshape(-1, 2)
    near = 0.02 * math.hypot(x1 - x0, y1 - y0)
    runs = []
    for comp in resolved["optimizers"]:
        run = run_optimizer(
            component(comp["name"]), surface, steps=resolved["steps"], start=starts, params=_hyper(comp), history=False
        )
        basin = np.full(len(starts), -1)
        if len(minima):
            dist = np.linalg.norm(run.final[:, None, :] - minima[None], axis=-1)
            basin = np.where(dist.min(axis=1) <= near, dist.argmin(axis=1), -1)
        basin[run.diverged] = -2
        runs.append(
            {"name": comp["name"], "basin": basin.reshape(ny, nx), "final_loss": run.final_loss.reshape(ny, nx)}
        )
    return {"x": xs, "y": ys, "minima": minima, "optimizers": runs}


SPEC = KindSpec(
    name="optimizers",
    summary="optimizers racing over a loss surface (views: path, loss, state, sweep, basins)",
    options=options,
    run=run,
    plot="dltutor.plots.optimizers",
    table="dltutor.tables.optimizers:table",
    components=Components(
        "dltutor.sim.optimizers:OPTIMIZERS",
        ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adadelta", "adam", "adamw", "nadam", "backstitch"),
        defaults=("sgd", "momentum", "adam"),
        singular="optimizer",
    ),
    flags=(
        Flag(
            "--surface",
            "surface",
            "Loss surface: " + ", ".join(SURFACES) + ", or an expression in x and y.",
            "NAME|EXPR",
        ),
        Flag("--bounds", "bounds", "Plot bounds.", "X0,X1,Y0,Y1"),
        Flag("--lr", "lr", "Learning rate.", "LR"),
        Flag("--steps", "steps", "Steps.", "N"),
        Flag("--start", "start", "Start point.", "X,Y"),
        Flag("--view", "view", "View: " + ", ".join(VIEWS) + ".", "VIEW"),
        Flag(
            "--sweep",
            "sweep",
            "Final loss against a hyperparameter, e.g. lr=1e-4:1:40.",
            "NAME=LO:HI:N",
            also=(("view", "sweep"),),
        ),
        Flag("--basins", "view", "Which minimum each start on a grid ends in.", switch="basins"),
    ),
    knobs=(
        Knob("surface", "surface", choices=SURFACES),
        Knob("lr", "lr (all)", scale=(1e-12, 1e6)),
        Knob("steps", "steps"),
    ),
    finish=finish,
    component_params=component_params,
    order=10,
)
