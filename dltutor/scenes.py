"""Scenes: what to simulate, in one vocabulary shared by cards, the CLI, the TUI lab and JSON.

A Scene records only what was chosen (the kind, the components, the options and hyperparameters
that were set); `resolve` fills in every default, `run_scene` simulates it, and `command` writes
it back as the `dltutor plot ...` line that reproduces it. Nothing here draws or prints.
"""

from __future__ import annotations

import dataclasses
import importlib
import math
import re
import shlex
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from dltutor.sim.params import BOOL, CHOICE, FLOAT, FLOATS, INT, INTS, Param, fill, positive
from dltutor.sim.surfaces import SURFACES, get_surface

KINDS = ("optimizers", "schedules", "activations", "dropout", "batch", "depth")

# Engine modules are imported when a scene needs them: `dltutor plot activations` should not pay
# for loading the optimizers, schedules and training toys it does not show.
_REGISTRY = {"optimizers": ("optimizers", "OPTIMIZERS"), "schedules": ("schedules", "SCHEDULES"),
             "activations": ("activations", "ACTIVATIONS")}
_MODULE_OF_KIND = {"dropout": "dropout", "batch": "gd", "depth": "depth"}


def sim(module: str):
    """A dltutor.sim module, imported on first use."""
    return importlib.import_module(f"dltutor.sim.{module}")


def registry(kind: str) -> dict[str, Any] | None:
    """The components a kind is made of (optimizers, schedules, activations), or None."""
    if kind not in _REGISTRY:
        return None
    module, name = _REGISTRY[kind]
    return getattr(sim(module), name)


def options_spec(kind: str) -> dict[str, Param]:
    """The kind-level options of a scene: its own knobs, not those of one component."""
    if kind in _MODULE_OF_KIND:
        return sim(_MODULE_OF_KIND[kind]).PARAMS
    return _OPTIONS[kind]

DEFAULT_NAMES = {
    "optimizers": ("sgd", "momentum", "adam"),
    "schedules": ("step", "cosine", "one-cycle"),
    "activations": ("sigmoid", "tanh", "relu"),
}
_SINGULAR = {"optimizers": "optimizer", "schedules": "schedule", "activations": "activation"}
# A component shown may carry a label, `sgd:slow`, so one optimizer (schedule, activation) can be
# shown twice with different settings: `--optimizers sgd:slow,sgd:fast -p sgd:slow.lr=0.001`.
_LABEL = re.compile(r"[A-Za-z0-9_-]{1,20}")


def component(name: str) -> str:
    """The registered component a shown name stands for: 'sgd:slow' -> 'sgd'."""
    return name.partition(":")[0]

class SurfaceParam(Param):
    """A named surface, or an expression in x and y (checked by the safe expression compiler)."""

    def problem(self, value: Any) -> str | None:
        """What is wrong with the value, in one line, or None."""
        if not isinstance(value, str):
            return f"must be {self.allowed()}"
        if value in SURFACES:
            return None
        from dltutor.sim.expression import compile_expression

        try:
            compile_expression(value)
        except ValueError as err:
            return f"{value!r} is neither a named surface ({', '.join(SURFACES)}) nor a usable expression: {err}"
        return None

    def check(self, value: Any) -> bool:
        return self.problem(value) is None

    def allowed(self) -> str:
        return "one of " + ", ".join(SURFACES) + ", or an expression in x and y such as \"x**2 + 10*y**2\""


class SweepParam(Param):
    """NAME=LO:HI:N: N values of one hyperparameter, log-spaced when LO and HI are both > 0."""

    def check(self, value: Any) -> bool:
        try:
            parse_sweep(value)
        except (TypeError, ValueError):
            return False
        return True

    def allowed(self) -> str:
        return "NAME=LO:HI:N, e.g. lr=1e-4:1:40 (N from 2 to 4096; log-spaced when LO and HI are > 0)"


def parse_sweep(text: str) -> tuple[str, np.ndarray, bool]:
    """'lr=1e-4:1:40' -> ("lr", 40 values, log-spaced?)."""
    name, sep, rng = str(text).partition("=")
    lo, hi, count = rng.split(":")
    lo_f, hi_f, n = float(lo), float(hi), int(count)
    if not sep or not name.strip() or not (2 <= n <= 4096) or not (math.isfinite(lo_f) and math.isfinite(hi_f)):
        raise ValueError(text)
    if lo_f == hi_f:
        raise ValueError(text)
    log = lo_f > 0 and hi_f > 0
    values = np.geomspace(lo_f, hi_f, n) if log else np.linspace(lo_f, hi_f, n)
    return name.strip(), values, log


VIEWS = ("path", "loss", "state", "sweep", "basins")

_OPTIONS: dict[str, dict[str, Param]] = {
    "optimizers": {
        "surface": SurfaceParam("ravine", "surface", doc="a named loss surface or an expression in x and y"),
        "bounds": Param(None, FLOATS, length=4, doc="plot bounds xmin,xmax,ymin,ymax (custom surfaces)"),
        "steps": Param(200, INT, low=1, high=100_000, doc="optimizer steps"),
        "start": Param(None, FLOATS, length=2, doc="start point x,y (default: the surface's own)"),
        "lr": Param(None, FLOAT, low=0.0, low_open=True,
                    doc="learning rate for every optimizer (default: each one's PyTorch default)"),
        "view": Param("path", CHOICE, choices=VIEWS,
                      doc="path: over the surface; loss: loss per step; state: what drives each step; "
                          "sweep: final loss against a hyperparameter; basins: where each start ends"),
        "sweep": SweepParam("lr=1e-4:1:40", "sweep", doc="the hyperparameter range of the sweep view"),
        "grid": Param((48, 24), INTS, low=2, high=400, length=2, doc="start points across x and y (basins view)"),
    },
    "schedules": {
        "lr": positive(0.1, "base learning rate (the optimizer's initial lr)"),
        "epochs": Param(100, INT, low=1, high=100_000, doc="epochs shown"),
        "log": Param(False, BOOL, doc="logarithmic lr axis"),
    },
    "activations": {
        "x_min": Param(-5.0, FLOAT, low=-1e6, doc="left end of the x range"),
        "x_max": Param(5.0, FLOAT, high=1e6, doc="right end of the x range"),
        "points": Param(201, INT, low=2, high=100_000, doc="points on the x range"),
        "layout": Param("overlay", CHOICE, choices=("overlay", "grid"),
                        doc="overlay: all in one plot; grid: one panel per activation"),
    },
}

# Flags of `dltutor plot` that set a kind-level option, and the option they set.
FLAG_OPTIONS = {"--surface": "surface", "--bounds": "bounds", "--steps": "steps", "--start": "start",
                "--lr": "lr", "--epochs": "epochs", "--view": "view", "--sweep": "sweep", "--log": "log",
                "--layout": "layout", "--mode": "mode", "--recurrent": "recurrent"}


class SceneError(ValueError):
    """A scene that cannot be built; `flag` is the command-line flag the problem came from."""

    def __init__(self, flag: str, message: str):
        super().__init__(f"{flag}: {message}" if flag else message)
        self.flag = flag
        self.message = message


@dataclass
class Scene:
    kind: str
    names: tuple[str, ...] = ()  # the components shown (empty: the kind's defaults)
    options: dict[str, Any] = field(default_factory=dict)  # kind-level options that were set
    params: dict[str, dict[str, Any]] = field(default_factory=dict)  # component -> hyperparameters set
    seed: int = 0

    @property
    def shown(self) -> tuple[str, ...]:
        return self.names or DEFAULT_NAMES.get(self.kind, ())


# --- building a scene from text (flags, -p strings, card front matter) ---------------------

def parse_value(spec: Param, text: str) -> Any:
    """A command-line string as the value a Param expects; ValueError says what is allowed."""
    text = text.strip()
    try:
        if spec.kind == FLOAT:
            return float(text)
        if spec.kind == INT:
            number = float(text)
            if not number.is_integer():
                raise ValueError
            return int(number)
        if spec.kind == BOOL:
            word = text.lower()
            if word in ("true", "yes", "on", "1"):
                return True
            if word in ("false", "no", "off", "0"):
                return False
            raise ValueError
        if spec.kind == FLOATS:
            return tuple(float(x) for x in text.split(","))
        if spec.kind == INTS:
            return tuple(int(x) for x in text.split(","))
    except (ValueError, OverflowError):
        raise ValueError(f"must be {spec.allowed()}") from None
    return text  # choices and name lists: the owner checks them


def build_scene(kind: str, *, names: list[str] | tuple[str, ...] | None = None,
                flags: dict[str, str | None] | None = None, assignments: list[str] | None = None,
                seed: int | None = None) -> Scene:
    """A checked Scene from command-line text.

    `flags` maps flag names ("--lr") to their raw text; `assignments` are `-p NAME.KEY=VALUE`
    strings. Every problem raises SceneError naming the flag and what is allowed.
    """
    if kind not in KINDS:
        raise SceneError("KIND", f"unknown kind {kind!r}; choose one of: {', '.join(KINDS)}")
    scene = Scene(kind=kind, seed=0 if seed is None else seed)
    if scene.seed < 0 or scene.seed >= 2 ** 63:
        raise SceneError("--seed", "must be a whole number >= 0")
    components = registry(kind)
    if names:
        if components is None:
            raise SceneError(f"--{kind}" if kind in _REGISTRY else "NAMES",
                             f"`plot {kind}` takes no list of names")
        chosen = tuple(dict.fromkeys(n.strip() for name in names for n in name.split(",") if n.strip()))
        for name in chosen:
            base, colon, label = name.partition(":")
            if base not in components:
                raise SceneError(f"--{kind}", f"unknown {_SINGULAR[kind]} {base!r}; "
                                              f"choose from: {', '.join(components)}")
            if colon and not _LABEL.fullmatch(label):
                raise SceneError(f"--{kind}", f"in {name!r}, the label after ':' must be 1 to 20 letters, "
                                              "digits, - or _ (e.g. sgd:slow)")
        scene.names = chosen
    spec = options_spec(kind)
    for flag, text in (flags or {}).items():
        if text is None:
            continue
        key = FLAG_OPTIONS[flag]
        if key not in spec:
            usable = [f for f, k in FLAG_OPTIONS.items() if k in spec]
            raise SceneError(flag, f"does not apply to `plot {kind}`"
                                   + (f" (it takes {', '.join(usable)})" if usable else ""))
        scene.options[key] = _parsed(spec[key], str(text), flag)
    for text in assignments or ():
        _assign(scene, text)
    _check_cost(resolve(scene))  # every value checked now, so running cannot fail on input
    return scene


# Optimizer steps × rows run (one per start point or swept value) × optimizers: about two seconds
# here. Above it a run is refused at once, rather than leaving the terminal busy for minutes.
MAX_ROW_STEPS = 100_000_000


def _check_cost(resolved: dict[str, Any]) -> None:
    if resolved["kind"] != "optimizers":
        return
    view, steps, count = resolved["view"], resolved["steps"], max(1, len(resolved["optimizers"]))
    if view == "basins":
        rows, knob = resolved["grid"][0] * resolved["grid"][1], "the grid (-p optimizers.grid=NX,NY)"
    elif view == "sweep":
        rows, knob = len(parse_sweep(resolved["sweep"])[1]), "the number of values in --sweep"
    else:
        rows, knob = 1, ""
    if steps * rows * count > MAX_ROW_STEPS:
        where = f"{steps:,} steps × {rows:,} runs × {count} optimizer(s)" if rows > 1 else \
            f"{steps:,} steps × {count} optimizer(s)"
        raise SceneError("--steps", f"{where} is {steps * rows * count:,} optimizer steps; at most "
                                    f"{MAX_ROW_STEPS:,} (a few seconds): lower --steps"
                                    + (f" or {knob}" if knob else ""))


def scene_from_mapping(data: Any) -> Scene:
    """A Scene from a card's `sim:` mapping, checked exactly as the same command line would be.

    {kind: optimizers, optimizers: [sgd, adam], surface: ravine, lr: 0.05,
     params: {adam: {betas: [0.8, 0.99]}}, seed: 1}
    Keys other than kind, the kind's own list, params and seed are the kind's options.
    """
    if not isinstance(data, dict):
        raise SceneError("sim", "must be a mapping with at least `kind`")
    data = dict(data)
    kind = data.pop("kind", None)
    if kind not in KINDS:
        raise SceneError("sim.kind", f"must be one of: {', '.join(KINDS)}")
    names = data.pop(kind, None) if kind in _REGISTRY else None
    if isinstance(names, str):
        names = [names]
    if names is not None and (not isinstance(names, list) or not all(isinstance(n, str) for n in names)):
        raise SceneError(f"sim.{kind}", "must be a list of names")
    params = data.pop("params", None) or {}
    seed = data.pop("seed", 0)
    if not isinstance(params, dict) or not all(isinstance(v, dict) for v in params.values()):
        raise SceneError("sim.params", "must map each component to its hyperparameters")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise SceneError("sim.seed", "must be a whole number >= 0")
    assignments = [f"{kind}.{key}={text(value)}" for key, value in data.items()]
    assignments += [f"{owner}.{key}={text(value)}" for owner, values in params.items() for key, value in values.items()]
    try:
        return build_scene(kind, names=names, assignments=assignments, seed=seed)
    except SceneError as err:  # name the field of the card, not the command-line flag
        raise SceneError(_sim_field(kind, err.flag), err.message) from None


def _sim_field(kind: str, flag: str) -> str:
    """'-p optimizers.surface=moon' -> 'sim.surface'; '-p adam.betas=1' -> 'sim.params.adam.betas'."""
    if flag.startswith("-p ") and "." in flag:
        owner, _, rest = flag[3:].partition(".")
        key = rest.split("=", 1)[0]
        return f"sim.{key}" if owner == kind else f"sim.params.{owner}.{key}"
    if flag.startswith("--"):
        return f"sim.{flag[2:]}"
    return "sim"


def _parsed(spec: Param, text: str, flag: str) -> Any:
    try:
        value = parse_value(spec, text)
    except ValueError as err:
        raise SceneError(flag, str(err)) from None
    if isinstance(spec, SurfaceParam):
        message = spec.problem(value)
        if message:
            raise SceneError(flag, message)
    elif not spec.check(value):
        raise SceneError(flag, f"must be {spec.allowed()}")
    return value


def _assign(scene: Scene, text: str) -> None:
    """Apply one `-p NAME.KEY=VALUE`: NAME is a component shown, or the kind for scene options."""
    flag = f"-p {text}"
    target, sep, value = text.partition("=")
    owner, dot, key = target.strip().partition(".")
    if not sep or not dot or not owner or not key:
        raise SceneError("-p", f"expected NAME.KEY=VALUE (e.g. adam.betas=0.8,0.99), got {text!r}")
    if owner == scene.kind:
        spec = options_spec(scene.kind)
        if key not in spec:
            raise SceneError(flag, f"{owner} has no setting {key!r}; it has: {', '.join(spec)}")
        scene.options[key] = _parsed(spec[key], value, flag)
        return
    components = registry(scene.kind)
    if components is None:
        raise SceneError(flag, f"NAME must be {scene.kind!r} for `plot {scene.kind}`")
    if component(owner) not in components:
        raise SceneError(flag, f"unknown name {owner!r}; use {scene.kind!r} or one of: {', '.join(components)}")
    if owner not in scene.shown:
        raise SceneError(flag, f"{owner} is not shown (shown: {', '.join(scene.shown)}); "
                               f"add it with --{scene.kind}")
    spec = components[component(owner)].params
    if key not in spec:
        raise SceneError(flag, f"{owner} has no parameter {key!r}; it has: {', '.join(spec) or 'none'}")
    scene.params.setdefault(owner, {})[key] = _parsed(spec[key], value, flag)


# --- resolving: every default filled in --------------------------------------------------

def resolve(scene: Scene) -> dict[str, Any]:
    """The scene with every default filled in: what a run actually uses (and what JSON echoes)."""
    try:
        options = _resolve_options(scene)
        out: dict[str, Any] = {"kind": scene.kind, "seed": scene.seed, **options}
        if scene.kind in _REGISTRY:
            out[scene.kind] = [{"name": name, "params": _component_params(scene, name, options)}
                               for name in scene.shown]
        if scene.kind == "optimizers" and out["view"] == "sweep":
            _check_sweep(out)
        return out
    except SceneError:
        raise
    except ValueError as err:
        raise SceneError(_flag_for(scene, str(err)), str(err)) from None


def _flag_for(scene: Scene, message: str) -> str:
    """Which flag to blame for an error raised by the engine's own checks."""
    owner, _, rest = message.partition(".")
    key = rest.split(" ", 1)[0]
    if key and (owner in scene.params or owner in (scene.kind, "gd")):
        return "-p"
    for flag, option in FLAG_OPTIONS.items():
        if message.startswith(option) or f" {option} " in message:
            return flag
    return "-p"


def _resolve_options(scene: Scene) -> dict[str, Any]:
    kind, given = scene.kind, scene.options
    if kind in ("dropout", "batch", "depth"):
        return {k: _plain(v) for k, v in _module_checked(kind, given).items()}
    options = fill(options_spec(kind), given, kind)
    if kind == "optimizers":
        surface = scene_surface(options)
        options["bounds"] = [v for pair in surface.bounds for v in pair]
        options["start"] = list(surface.start if options["start"] is None else options["start"])
        options["grid"] = list(options["grid"])
    if kind == "activations" and not options["x_min"] < options["x_max"]:
        raise SceneError("-p", "activations.x_min must be less than activations.x_max")
    return options


def _module_checked(kind: str, given: dict[str, Any]) -> dict[str, Any]:
    return sim(_MODULE_OF_KIND[kind])._checked(given)


def _component_params(scene: Scene, name: str, options: dict[str, Any]) -> dict[str, Any]:
    given, base = dict(scene.params.get(name, {})), component(name)
    if scene.kind == "optimizers":
        if options.get("lr") is not None:
            given.setdefault("lr", options["lr"])
        return {k: _plain(v) for k, v in sim("optimizers").check_params(base, given).items()}
    if scene.kind == "schedules":
        result = sim("schedules").run_schedule(base, options["lr"], options["epochs"], given, seed=scene.seed)
        return result.params
    used, _, _ = sim("activations").evaluate(base, np.zeros(1), given)
    return {k: _plain(v) for k, v in used.items()}


def _plain(value: Any) -> Any:
    """NumPy scalars and tuples as plain JSON-ready Python."""
    if isinstance(value, (tuple, list, np.ndarray)):
        return [_plain(v) for v in np.asarray(value, dtype=object).tolist()] if np.ndim(value) else _plain(
            np.asarray(value).item())
    if isinstance(value, np.generic):
        return value.item()
    return value


def scene_surface(options: dict[str, Any]):
    """The Surface a scene names: a built-in one (seen through other bounds if given), or a
    custom expression over its bounds."""
    name, bounds = options["surface"], options.get("bounds")
    pairs = None if bounds is None else ((bounds[0], bounds[1]), (bounds[2], bounds[3]))
    if pairs is not None and not (pairs[0][0] < pairs[0][1] and pairs[1][0] < pairs[1][1]):
        raise SceneError("--bounds", "must be xmin,xmax,ymin,ymax with xmin < xmax and ymin < ymax")
    if name in SURFACES:
        surface = get_surface(name)
        return surface if pairs in (None, surface.bounds) else dataclasses.replace(surface, bounds=pairs)
    from dltutor.sim.expression import custom_surface

    try:
        return custom_surface(name, pairs) if pairs else custom_surface(name)
    except ValueError as err:
        raise SceneError("--surface", str(err)) from None


# --- running ------------------------------------------------------------------------------

def run_scene(scene: Scene) -> dict[str, Any]:
    """Simulate a scene: a dict of plain values and NumPy arrays (see `to_jsonable`)."""
    resolved = resolve(scene)
    runner = {"optimizers": _run_optimizers, "schedules": _run_schedules, "activations": _run_activations,
              "dropout": _run_module, "batch": _run_module, "depth": _run_module}[scene.kind]
    return runner(scene, resolved)


def _run_optimizers(scene: Scene, resolved: dict[str, Any]) -> dict[str, Any]:
    surface = scene_surface(resolved)
    out: dict[str, Any] = {"surface": {
        "name": surface.name, "title": surface.title, "formula": surface.formula,
        "bounds": [list(b) for b in surface.bounds], "minima": [list(m) for m in surface.minima],
        "start": resolved["start"]}}
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


def _one_run(surface, comp: dict[str, Any], resolved: dict[str, Any]) -> dict[str, Any]:
    opt = registry("optimizers")[component(comp["name"])]
    run = sim("optimizers").run_optimizer(opt.name, surface, steps=resolved["steps"], start=resolved["start"], params=_hyper(comp))
    d = int(run.diverged_at[0])
    return {
        "name": comp["name"], "title": opt.title, "torch": opt.torch, "params": comp["params"],
        "path": run.path[:, 0], "loss": run.loss[:, 0], "grad": run.grad[:, 0], "update": run.update[:, 0],
        "step_size": np.linalg.norm(run.update[:, 0], axis=-1),
        "state": {k: v[:, 0] for k, v in run.state.items()},
        "final": run.final[0], "final_loss": float(run.final_loss[0]),
        "diverged": bool(run.diverged[0]), "diverged_at": d if d >= 0 else None,
    }


def _sweep(surface, resolved: dict[str, Any]) -> dict[str, Any]:
    """Final loss against one hyperparameter, all values in one vectorised run per optimizer."""
    name, values, log = parse_sweep(resolved["sweep"])
    runs = []
    for comp in resolved["optimizers"]:
        params = {**_hyper(comp), name: values}
        run = sim("optimizers").run_optimizer(component(comp["name"]), surface, steps=resolved["steps"],
                                              start=resolved["start"], params=params, history=False)
        runs.append({"name": comp["name"], "final_loss": run.final_loss, "final": run.final,
                     "diverged": run.diverged, "diverged_at": run.diverged_at})
    return {"param": name, "values": values, "log": log, "optimizers": runs}


def _check_sweep(resolved: dict[str, Any]) -> None:
    name, values, _ = parse_sweep(resolved["sweep"])
    for comp in resolved["optimizers"]:
        params = registry("optimizers")[component(comp["name"])].params
        spec = params.get(name)
        if spec is None or spec.kind != FLOAT:
            numeric = ", ".join(k for k, p in params.items() if p.kind == FLOAT)
            raise SceneError("--sweep", f"{comp['name']} has no numeric parameter {name!r}; it has: {numeric}")
        if not spec.check(values):
            raise SceneError("--sweep", f"{comp['name']}.{name} must be {spec.allowed()}")


def _basins(surface, resolved: dict[str, Any]) -> dict[str, Any]:
    """For a grid of starts, the index of the known minimum each run ends near.

    -1: ended somewhere else (a local minimum, or still travelling); -2: diverged. "Near" is
    within 2% of the plot's diagonal.
    """
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
        run = sim("optimizers").run_optimizer(component(comp["name"]), surface, steps=resolved["steps"], start=starts,
                                              params=_hyper(comp), history=False)
        basin = np.full(len(starts), -1)
        if len(minima):
            dist = np.linalg.norm(run.final[:, None, :] - minima[None], axis=-1)
            basin = np.where(dist.min(axis=1) <= near, dist.argmin(axis=1), -1)
        basin[run.diverged] = -2
        runs.append({"name": comp["name"], "basin": basin.reshape(ny, nx),
                     "final_loss": run.final_loss.reshape(ny, nx)})
    return {"x": xs, "y": ys, "minima": minima, "optimizers": runs}


def _run_schedules(scene: Scene, resolved: dict[str, Any]) -> dict[str, Any]:
    runs = []
    for comp in resolved["schedules"]:
        sched = registry("schedules")[component(comp["name"])]
        res = sim("schedules").run_schedule(sched.name, resolved["lr"], resolved["epochs"],
                                     scene.params.get(comp["name"]), seed=scene.seed)
        entry = {"name": comp["name"], "title": sched.title, "torch": sched.torch, "params": res.params,
                 "lr": res.lr[0]}
        for key, value in res.extras.items():
            entry[key] = value[0]
        if "reduced" in res.extras:
            entry["reduced_at"] = np.flatnonzero(res.extras["reduced"][0])
        runs.append(entry)
    return {"epoch": np.arange(resolved["epochs"]), "schedules": runs}


def _run_activations(scene: Scene, resolved: dict[str, Any]) -> dict[str, Any]:
    x = np.linspace(resolved["x_min"], resolved["x_max"], resolved["points"])
    runs = []
    for comp in resolved["activations"]:
        activations = sim("activations")
        act = activations.ACTIVATIONS[component(comp["name"])]
        used, y, dy = activations.evaluate(act.name, x, scene.params.get(comp["name"]))
        runs.append({"name": comp["name"], "title": act.title, "formula": act.formula, "torch": act.torch,
                     "params": comp["params"], "y": y, "dy": dy,
                     "saturated": activations.saturated(dy), "dead": activations.dead(dy)})
    return {"x": x, "activations": runs}


def _run_module(scene: Scene, resolved: dict[str, Any]) -> dict[str, Any]:
    module = _MODULE_OF_KIND[scene.kind]
    run = getattr(sim(module), f"run_{module}")
    given = {k: v for k, v in resolved.items() if k not in ("kind", "seed")}
    result = run(given, seed=scene.seed)
    out = {f.name: getattr(result, f.name) for f in dataclasses.fields(result)}
    if scene.kind == "dropout" and given["recurrent"]:
        # the same draws with the other kind of recurrent mask, so both can be shown side by side
        other = run({**given, "variational": not given["variational"]}, seed=scene.seed)
        out["other_masks"] = other.masks
    return out


# --- writing a scene back ----------------------------------------------------------------

def text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ",".join(text(v) for v in value)
    if isinstance(value, float):
        return repr(value) if not value.is_integer() or abs(value) >= 1e16 else str(int(value))
    return str(value)


def command(scene: Scene) -> str:
    """The `dltutor plot ...` command line that rebuilds this scene exactly."""
    words = ["dltutor", "plot", scene.kind]
    if scene.names:
        words.append(f"--{scene.kind}={','.join(scene.names)}")
    spec = options_spec(scene.kind)
    flag_of = {option: flag for flag, option in FLAG_OPTIONS.items()}
    for key, value in scene.options.items():
        if key in flag_of and key in spec and spec[key].kind == BOOL:
            words.append(flag_of[key] if value else f"-p {scene.kind}.{key}=false")
        elif key in flag_of and key in spec:
            words.append(f"{flag_of[key]}={text(value)}")
        else:
            words.append(f"-p {scene.kind}.{key}={text(value)}")
    for owner, values in scene.params.items():
        for key, value in values.items():
            words.append(f"-p {owner}.{key}={text(value)}")
    if scene.seed:
        words.append(f"--seed={scene.seed}")
    return " ".join(w if w.startswith("-p ") else shlex.quote(w) for w in words)


def to_jsonable(value: Any) -> Any:
    """Arrays to lists, NumPy scalars to Python, non-finite floats to None (JSON has no NaN)."""
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "f":
            obj = value.astype(object)
            obj[~np.isfinite(value)] = None
            return obj.tolist()
        return value.tolist()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
