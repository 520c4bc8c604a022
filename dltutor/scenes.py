"""Scenes: what to simulate, in one vocabulary shared by cards, the CLI, the TUI lab and JSON.

A Scene records only what was chosen (the kind, the components, the options and hyperparameters
that were set); `resolve` fills in every default, `run_scene` simulates it, and `command` writes
it back as the `dltutor plot ...` line that reproduces it. Nothing here draws or prints, and
nothing here knows one kind from another: each kind's spec (dltutor.kinds) says what it takes.
"""

from __future__ import annotations

import dataclasses
import math
import re
import shlex
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from dltutor import kinds
from dltutor.kinds import KindSpec, component
from dltutor.sim.params import BOOL, FLOAT, FLOATS, INT, INTS, Param, ParamError, fill

# A component shown may carry a label, `sgd:slow`, so one optimizer (schedule, activation) can be
# shown twice with different settings: `--optimizers sgd:slow,sgd:fast -p sgd:slow.lr=0.001`.
_LABEL = re.compile(r"[A-Za-z0-9_-]{1,20}")


def registry(kind: str) -> dict[str, Any] | None:
    """The components a kind is made of (optimizers, schedules, activations), or None."""
    return kinds.get(kind).registry()


def options_spec(kind: str) -> dict[str, Param]:
    """The kind-level options of a scene: its own knobs, not those of one component."""
    return kinds.get(kind).options()


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
    # every default filled in, kept by build_scene (which checks a scene by resolving it) so that
    # nobody resolves it twice: for schedules, resolving runs them
    resolved: dict[str, Any] | None = field(default=None, compare=False, repr=False)

    @property
    def spec(self) -> KindSpec:
        return kinds.get(self.kind)

    @property
    def shown(self) -> tuple[str, ...]:
        components = self.spec.components
        return self.names or (components.defaults if components else ())


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


def build_scene(
    kind: str,
    *,
    names: list[str] | tuple[str, ...] | None = None,
    flags: dict[str, str | None] | None = None,
    assignments: list[str] | None = None,
    seed: int | None = None,
) -> Scene:
    """A checked Scene from command-line text.

    `flags` maps flag names ("--lr") to their raw text (a switch: "true"); `assignments` are
    `-p NAME.KEY=VALUE` strings. Every problem raises SceneError naming the flag and what is allowed.
    """
    if kind not in kinds.kinds():
        raise SceneError("KIND", f"unknown kind {kind!r}; choose one of: {', '.join(kinds.kinds())}")
    spec = kinds.get(kind)
    scene = Scene(kind=kind, seed=0 if seed is None else seed)
    if scene.seed < 0 or scene.seed >= 2**63:
        raise SceneError("--seed", "must be a whole number >= 0")
    if names:
        scene.names = _checked_names(spec, names)
    _apply_flags(scene, spec, {f: t for f, t in (flags or {}).items() if t is not None})
    for text_ in assignments or ():
        _assign(scene, text_)
    scene.resolved = resolve(scene)  # every value checked now, so running cannot fail on input
    return scene


def _checked_names(spec: KindSpec, names: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    components = spec.components
    if components is None:
        raise SceneError("NAMES", f"`plot {spec.name}` takes no list of names")
    chosen = tuple(dict.fromkeys(n.strip() for name in names for n in name.split(",") if n.strip()))
    for name in chosen:
        base, colon, label = name.partition(":")
        if base not in components.names:
            raise SceneError(
                f"--{spec.name}", f"unknown {components.singular} {base!r}; choose from: {', '.join(components.names)}"
            )
        if colon and not _LABEL.fullmatch(label):
            raise SceneError(
                f"--{spec.name}",
                f"in {name!r}, the label after ':' must be 1 to 20 letters, digits, - or _ (e.g. sgd:slow)",
            )
    return chosen


def _apply_flags(scene: Scene, spec: KindSpec, flags: dict[str, str]) -> None:
    """Set the options the given flags stand for; a flag this kind does not take is refused."""
    by_name = {f.name: f for f in spec.flags}
    options = spec.options()
    set_by: dict[str, tuple[str, Any]] = {}  # option -> (flag, value), to catch two flags disagreeing
    for flag, raw in flags.items():
        if flag not in by_name:
            usable = ", ".join(by_name)
            raise SceneError(
                flag, f"does not apply to `plot {scene.kind}`" + (f" (it takes {usable})" if usable else "")
            )
        meta = by_name[flag]
        pairs = [(meta.option, meta.switch if meta.switch is not None else str(raw)), *meta.also]
        for option, text_ in pairs:
            value = _parsed(options[option], text_, flag)
            if option in set_by and set_by[option][1] != value:
                raise SceneError(flag, f"contradicts {set_by[option][0]}; choose one")
            set_by[option] = (flag, value)
            scene.options[option] = value


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
    if not isinstance(kind, str) or kind not in kinds.kinds():
        raise SceneError("sim.kind", f"must be one of: {', '.join(kinds.kinds())}")
    names = data.pop(kind, None) if kinds.get(kind).components else None
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
        for meta in kinds.get(kind).flags:
            if meta.name == flag:
                return f"sim.{meta.option}"
        return f"sim.{flag[2:]}"
    return "sim"


def _parsed(spec: Param, text_: str, flag: str) -> Any:
    try:
        value = parse_value(spec, text_)
        problem = spec.problem(value)
    except (TypeError, ValueError) as err:
        raise SceneError(flag, str(err)) from None
    if problem:
        raise SceneError(flag, problem)
    return value


def _assign(scene: Scene, text_: str) -> None:
    """Apply one `-p NAME.KEY=VALUE`: NAME is a component shown, or the kind for scene options."""
    flag = f"-p {text_}"
    target, sep, value = text_.partition("=")
    owner, dot, key = target.strip().partition(".")
    if not sep or not dot or not owner or not key:
        raise SceneError("-p", f"expected NAME.KEY=VALUE (e.g. adam.betas=0.8,0.99), got {text_!r}")
    if owner == scene.kind:
        spec = options_spec(scene.kind)
        if key not in spec:
            raise SceneError(flag, f"{owner} has no setting {key!r}; it has: {', '.join(spec)}")
        scene.options[key] = _parsed(spec[key], value, flag)
        return
    components = scene.spec.components
    if components is None:
        raise SceneError(flag, f"NAME must be {scene.kind!r} for `plot {scene.kind}`")
    if component(owner) not in components.names:
        raise SceneError(flag, f"unknown name {owner!r}; use {scene.kind!r} or one of: {', '.join(components.names)}")
    if owner not in scene.shown:
        raise SceneError(flag, f"{owner} is not shown (shown: {', '.join(scene.shown)}); add it with --{scene.kind}")
    spec = registry(scene.kind)[component(owner)].params
    if key not in spec:
        raise SceneError(flag, f"{owner} has no parameter {key!r}; it has: {', '.join(spec) or 'none'}")
    scene.params.setdefault(owner, {})[key] = _parsed(spec[key], value, flag)


def edit(
    scene: Scene,
    options: dict[str, str | None] | None = None,
    names: str | None = None,
    params: list[str] | None = None,
    seed: int | None = None,
) -> Scene:
    """The scene with some settings changed and everything else kept (the lab's knobs).

    `options` maps kind options to new text (None or "": back to the default); `names` replaces
    the components shown ("" for the defaults; their settings go with a component that leaves);
    `params` replaces every `NAME.KEY=VALUE` component setting; `seed` replaces the seed. Raises
    SceneError as build_scene does.
    """
    options = options or {}
    assignments = [f"{scene.kind}.{k}={text(v)}" for k, v in scene.options.items() if k not in options]
    assignments += [f"{scene.kind}.{k}={t}" for k, t in options.items() if t not in (None, "")]
    shown = scene.names if names is None else tuple(n.strip() for n in names.split(",") if n.strip())
    visible = Scene(scene.kind, shown).shown
    if params is None:
        assignments += [
            f"{owner}.{k}={text(v)}"
            for owner, values in scene.params.items()
            if owner in visible
            for k, v in values.items()
        ]
    else:
        assignments += params
    return build_scene(
        scene.kind, names=list(shown) or None, assignments=assignments, seed=scene.seed if seed is None else seed
    )


# --- resolving: every default filled in --------------------------------------------------


def resolve(scene: Scene) -> dict[str, Any]:
    """The scene with every default filled in: what a run actually uses (and what JSON echoes)."""
    spec = scene.spec
    owner = scene.kind
    try:
        options = fill(spec.options(), scene.options, scene.kind)
        out: dict[str, Any] = {"kind": scene.kind, "seed": scene.seed, **options}
        if spec.components is not None:
            out[scene.kind] = []
            for name in scene.shown:
                owner = name
                params = spec.component_params(component(name), dict(scene.params.get(name, {})), options, scene.seed)
                out[scene.kind].append({"name": name, "params": params})
            owner = scene.kind
        if spec.finish is not None:
            spec.finish(out)
    except ParamError as err:
        raise _blame(scene, owner, err) from None
    return {key: _plain(value) for key, value in out.items()}


def _blame(scene: Scene, owner: str, err: ParamError) -> SceneError:
    """A SceneError naming the flag or `-p` setting a ParamError came from, and the kind's own name."""
    if owner == scene.kind:
        flag = scene.spec.flag(err.key)
        plain = str(err) == f"{err.owner}.{err.key} {err.problem}"  # not a message of its own
        if flag:
            message = err.problem if plain else str(err)
        else:
            flag, message = f"-p {scene.kind}.{err.key}", f"{owner}.{err.key} {err.problem}" if plain else str(err)
    else:  # a component's hyperparameter
        flag, message = f"-p {owner}.{err.key}", str(err).replace(f"{err.owner}.", f"{owner}.", 1)
    return SceneError(flag, message)


def _plain(value: Any) -> Any:
    """NumPy scalars and tuples as plain JSON-ready Python (a component's params too)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (tuple, list, np.ndarray)):
        return (
            [_plain(v) for v in np.asarray(value, dtype=object).tolist()]
            if np.ndim(value)
            else _plain(np.asarray(value).item())
        )
    if isinstance(value, np.generic):
        return value.item()
    return value


# --- running ------------------------------------------------------------------------------


def run_scene(scene: Scene) -> Any:
    """Simulate a scene: plain values, NumPy arrays and result dataclasses (see `to_jsonable`)."""
    return scene.spec.run(scene, scene.resolved if scene.resolved is not None else resolve(scene))


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
    switches = {(f.option, f.switch): f.name for f in scene.spec.flags if f.switch is not None}
    for key, value in scene.options.items():
        flag = scene.spec.flag(key)
        if (key, text(value)) in switches:
            words.append(switches[key, text(value)])
        elif flag:
            words.append(f"{flag}={text(value)}")
        else:
            words.append(f"-p {scene.kind}.{key}={text(value)}")
    for owner, values in scene.params.items():
        for key, value in values.items():
            words.append(f"-p {owner}.{key}={text(value)}")
    if scene.seed:
        words.append(f"--seed={scene.seed}")
    return " ".join(w if w.startswith("-p ") else shlex.quote(w) for w in words)


def to_jsonable(value: Any) -> Any:
    """Arrays to lists, NumPy scalars to Python, non-finite floats to None (JSON has no NaN);
    result dataclasses become objects of their fields."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
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
