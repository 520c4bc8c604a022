"""Simulation kinds: each one described once, in a `KindSpec`, and found here by name.

A kind (optimizers, schedules, dropout, ...) is one module in this package that defines `SPEC`:
its components, its options and the flags that set them, its runner, its plot and table modules
and the lab's knobs. The scene layer, the CLI, the tables and the lab read the spec; nobody else
keeps a list of kinds. Adding a kind = a module here plus its sim, plot and table modules (see
docs/architecture.md). A test registers a throwaway kind with `register`.

Spec modules are loaded for help texts and the lab's knobs, before anything is simulated, so they
must not import NumPy at module level: options and runners are functions, called when needed.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Protocol

if TYPE_CHECKING:
    import threading


@dataclass(frozen=True)
class Flag:
    """A `dltutor plot` flag that sets one option of the kinds that take it."""

    name: str  # "--lr"
    option: str  # the option it sets: "lr"
    help: str
    metavar: str = "VALUE"
    switch: str | None = None  # a flag without a value: the text it sets the option to ("true", "basins")
    also: tuple[tuple[str, str], ...] = ()  # further options it sets: (("view", "sweep"),)


@dataclass(frozen=True)
class Knob:
    """One box under the lab's plot: which option it sets and what it is called for this kind."""

    option: str
    label: str  # shown beside the box: "learning rate", "dropout p"
    scale: tuple[float, float] | None = None  # `[` and `]` halve and double it, kept within [low, high]
    choices: tuple[str, ...] = ()  # a drop-down of these (options with fixed choices get one anyway)


@dataclass(frozen=True)
class Components:
    """The named parts a kind shows side by side (optimizers racing, schedules compared)."""

    registry: str  # "module:attribute" of the {name: component} dict in the engine
    names: tuple[str, ...]  # every registered name, without importing the engine (a test keeps them equal)
    defaults: tuple[str, ...]  # shown when none are named
    singular: str  # "optimizer", for messages


class LiveRun(Protocol):
    """A simulation the lab advances one unit at a time (the network trains epoch by epoch): it
    shows the state as it goes, trains on past the scene's end when played, and its state at
    `total` units is exactly what `run` returns. Only one thread at a time touches it: `lock`."""

    unit: str  # "epoch"
    total: int  # the units the scene asks for
    lock: threading.Lock

    @property
    def done(self) -> int: ...  # units done so far

    def advance(self) -> bool: ...  # one unit more; False (nothing done) at a ceiling or when it cannot go on

    def result(self) -> Any: ...  # the current state, as the kind's plot draws it

    def why_stopped(self) -> str: ...  # after advance() said False: why, in a few words for the learner

    def shows(self, resolved: dict[str, Any]) -> bool: ...  # could it show this scene too (another view)?

    def adopt(self, resolved: dict[str, Any]) -> None: ...  # show it from now on (called with `lock` held)


@dataclass(frozen=True)
class KindSpec:
    """Everything the front ends need to know about one kind of simulation."""

    name: str  # also the scene's `kind` and the word after `dltutor plot`
    summary: str  # one line for help texts
    options: Callable[[], dict[str, Any]]  # the kind-level options as {key: Param} (loads the engine)
    run: Callable[[Any, dict[str, Any]], Any]  # (scene, resolved scene) -> result
    plot: str  # module whose draw(plt, result, scene, progress) returns a caption
    table: str  # "module:function" turning a result into a rich Table
    components: Components | None = None
    flags: tuple[Flag, ...] = ()
    knobs: tuple[Knob, ...] = ()
    # resolved scene -> nothing; checks across options and fills in defaults that depend on others
    finish: Callable[[dict[str, Any]], None] | None = None
    # (component name, its given params, resolved options, seed) -> its params with defaults filled in
    component_params: Callable[[str, dict[str, Any], dict[str, Any], int], dict[str, Any]] | None = None
    order: int = 100  # position in help texts and the lab's kind cycle
    # (scene, resolved scene) -> a LiveRun the lab trains on unit by unit, or None when this scene is
    # drawn from one finished run (every kind without the hook; the network's lr-find and sweep views)
    live: Callable[[Any, dict[str, Any]], LiveRun | None] | None = None
    # (resolved scene, result) -> (unit, how many an animation reveals) for the lab's status line
    # ("step 34 of 200"); None: the scene's `steps` or `epochs`, whichever it has
    progress: Callable[[dict[str, Any], Any], tuple[str, int] | None] | None = None

    def load(self, target: str) -> Any:
        """The object a "module:attribute" (or plain module) reference names, imported on first use."""
        module, _, attr = target.partition(":")
        loaded = importlib.import_module(module)
        return getattr(loaded, attr) if attr else loaded

    def registry(self) -> dict[str, Any] | None:
        return None if self.components is None else self.load(self.components.registry)

    def flag(self, option: str) -> str | None:
        """The flag that sets an option of this kind, if it has one."""
        return next((f.name for f in self.flags if f.option == option and f.switch is None), None)


def component(name: str) -> str:
    """The registered component a shown name stands for: 'sgd:slow' -> 'sgd' (a label shows one twice)."""
    return name.partition(":")[0]


_KINDS: dict[str, KindSpec] = {}


def _discover() -> None:
    """Every kind module of this package (os.scandir: pkgutil costs a few ms of start-up)."""
    for folder in __path__:
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            name, dot, suffix = entry.name.partition(".")
            if suffix == "py" and not name.startswith("_"):
                spec = importlib.import_module(f"{__name__}.{name}").SPEC
                _KINDS.setdefault(spec.name, spec)


def kinds() -> dict[str, KindSpec]:
    """Every kind by name, in help order."""
    if not _KINDS:
        _discover()
    return dict(sorted(_KINDS.items(), key=lambda item: (item[1].order, item[0])))


def get(name: str) -> KindSpec:
    """The spec of a kind; KeyError for an unknown name."""
    return kinds()[name]


def register(spec: KindSpec) -> Callable[[], None]:
    """Add a kind at run time (tests, plug-ins); returns the function that removes it again."""
    kinds()
    _KINDS[spec.name] = spec
    return lambda: _KINDS.pop(spec.name, None)
