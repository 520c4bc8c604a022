"""The lab: a scene simulated and drawn live, with knobs that re-simulate at once.

The drawing is `dltutor.plots` with plotext (the same code as `dltutor plot`), shown as text; the
knobs build a Scene with `dltutor.scenes`, exactly as the command line does, and the line under the
plot shows that command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Input, Select, Static

from dltutor import catalog

if TYPE_CHECKING:
    from dltutor.scenes import Scene

_LISTED = ("optimizers", "schedules", "activations")  # the kinds whose components are named in a list

# dltutor.scenes and dltutor.plots (and with them NumPy and plotext) are imported where they are
# used, so the session paints its first frame before they load.

FRAMES = 60  # an animation runs in this many frames, whatever the number of steps
SPEEDS = (5, 10, 15, 30, 60)  # frames per second

# The lab's keys, shared by every screen that shows a lab; each screen's action_lab(what) calls Lab.act.
LAB_BINDINGS = [
    Binding("space", "lab('toggle')", "Play/pause", id="lab.play"),
    Binding("full_stop", "lab('step')", "Step", show=False, id="lab.step"),
    Binding("r", "lab('reset')", "Reset", show=False, id="lab.reset"),
    Binding("left_square_bracket", "lab('halve')", "lr ÷2", show=False, id="lab.halve"),
    Binding("right_square_bracket", "lab('double')", "lr ×2", show=False, id="lab.double"),
    Binding("plus", "lab('faster')", "Faster", show=False, id="lab.faster"),
    Binding("minus", "lab('slower')", "Slower", show=False, id="lab.slower"),
]


class LabPlot(Static):
    """The plot, drawn by the same code and the same plotext as `dltutor plot`, shown as text.

    (textual-plotext's own figure mixes up subplots across redraws — duplicated legends,
    overlapping panels, IndexError in plotext's build — so the lab renders through the plotext
    module exactly as the command line does.) A figure plotext cannot build at some size becomes a
    one-line message, never a crash.
    """

    DEFAULT_CSS = "LabPlot { width: 1fr; height: 1fr; }"

    class Resized(Message):
        """The plot's own size changed (a caption of another height moves it, not only the window)."""

    def show_figure(self, kind: str, result: dict[str, Any], scene: dict[str, Any],
                    progress: float | None) -> str | None:
        """Draw and show one frame; returns the caption (None when there is no room)."""
        from dltutor.plots import draw
        from dltutor.terminal_plot import finish_figure, start_figure

        width, height = self.size.width, self.size.height
        if width < 20 or height < 6:
            self.update(Text("Too little room for the plot here.", style="dim"), layout=False)
            return None
        plt = start_figure(width, height)
        caption = draw(plt, kind, result, scene, progress, plain=self.app.no_color)  # NO_COLOR: marks, not hues
        try:
            text = finish_figure(plt, width, height, color=True)
        except (IndexError, ValueError, ZeroDivisionError):
            self.update(Text("This view cannot be drawn at this size; make the window larger.", style="dim"),
                        layout=False)
            return caption
        self.update(Text.from_ansi(text, no_wrap=True, overflow="crop"), layout=False)  # its size is the CSS's
        return caption

    def on_resize(self) -> None:
        self.post_message(self.Resized())


def scene_knobs(scene: Scene) -> dict[str, str]:
    """The values the knob panel shows for a scene."""
    from dltutor import scenes

    resolved = scenes.resolve(scene)
    kind = scene.kind
    knobs = {"names": ",".join(scene.shown), "params": " ".join(
        f"{owner}.{k}={scenes.text(v)}" for owner, values in scene.params.items() for k, v in values.items())}
    if kind == "optimizers":
        knobs.update(surface=resolved["surface"], lr="" if resolved["lr"] is None else scenes.text(resolved["lr"]),
                     steps=str(resolved["steps"]))
    elif kind in ("schedules", "batch"):
        knobs.update(lr=scenes.text(resolved["lr"]), steps=str(resolved["epochs"]))
    elif kind == "dropout":
        knobs.update(lr=scenes.text(resolved["p"]), steps=str(resolved["steps"]))
    return knobs


class Lab(Vertical):
    """Plot, command line and knobs for one scene; animates on demand."""

    DEFAULT_CSS = """
    Lab { height: 1fr; }
    Lab LabPlot { height: 1fr; min-height: 8; }
    Lab .caption { height: 3; color: $text-muted; }  /* fixed: a new caption must not resize (and redraw) the plot */
    Lab .command { height: 1; color: $accent; }  /* plot, caption and command have fixed sizes, so */
                                                  /* updating them skips a layout pass (update(layout=False)) */
    Lab .error { height: auto; color: $error; }
    Lab .knobs { height: auto; }
    Lab .knobs Input { width: 1fr; }
    Lab .knobs Input.wide { width: 2fr; }
    Lab .knobs Select { width: 22; }
    """

    playing: reactive[bool] = reactive(False)

    class SceneChanged(Message):
        def __init__(self, command: str) -> None:
            super().__init__()
            self.command = command

    def __init__(self, scene: Scene | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scene = scene
        self.result: dict[str, Any] | None = None
        self.resolved: dict[str, Any] | None = None
        self.progress = 1.0
        self.fps = 15
        self._timer = None
        self._play_when_ready = False
        self._knobs_ready = False

    def compose(self) -> ComposeResult:
        yield LabPlot(id="plot")
        yield Static("", classes="caption", id="caption")
        yield Static("", classes="command", id="command")
        yield Static("", classes="error", id="error")

    def on_mount(self) -> None:
        self.call_after_refresh(self._mount_knobs)
        if self.scene is not None:
            self.show(self.scene)

    async def _mount_knobs(self) -> None:
        """The knob rows join after the first frame: a Select and four Inputs cost the session's
        start-up ~20 ms of styling, and nobody types into them in the first frame."""
        await self.mount_all([
            Horizontal(Select([(name, name) for name in catalog.SURFACES], prompt="surface", id="surface",
                              allow_blank=True),
                       Input(placeholder="names: sgd,adam", id="names", tooltip="the components shown, comma-separated"),
                       classes="knobs"),
            Horizontal(Input(placeholder="lr (dropout: p)", id="lr", tooltip="learning rate; for dropout, p"),
                       Input(placeholder="steps/epochs", id="steps", tooltip="steps, or epochs for schedules and batch"),
                       Input(placeholder="-p NAME.KEY=VALUE … (Enter applies)", id="params", classes="wide",
                             tooltip="hyperparameters, e.g. adam.betas=0.8,0.99 momentum.momentum=0.8"),
                       classes="knobs"),
        ])
        self._knobs_ready = True
        self._fill_knobs(self.scene)

    # --- the scene ------------------------------------------------------------------------

    def show(self, scene: Scene | None, message: str = "") -> None:
        """Simulate and draw a scene (None: an empty lab with a message).

        The simulation runs in a worker thread, so switching cards never waits for it; the plot
        appears when it is done (a newer scene replaces an older one still running).
        """
        self.stop()
        self.scene = scene
        self.result = None
        self.query_one("#error", Static).update("")
        if scene is None:
            self.resolved = None
            self.query_one("#command", Static).update(Text(message), layout=False)
            self.query_one("#caption", Static).update("", layout=False)
            self.query_one("#plot", LabPlot).update("", layout=False)
            self._fill_knobs(None)
            return
        from dltutor import scenes

        self.resolved = scenes.resolve(scene)
        self.progress = 1.0
        self.query_one("#command", Static).update(Text(scenes.command(scene), no_wrap=True, overflow="ellipsis"),
                                                  layout=False)
        self.query_one("#caption", Static).update(Text("simulating…"), layout=False)
        self._fill_knobs(scene)
        self.run_worker(lambda: self._simulate(scene), thread=True, exclusive=True, group="simulate")
        self.post_message(self.SceneChanged(scenes.command(scene)))

    def _simulate(self, scene: Scene) -> None:
        from dltutor import scenes

        result = scenes.run_scene(scene)
        self.app.call_from_thread(self._simulated, scene, result)

    def _simulated(self, scene: Scene, result: dict[str, Any]) -> None:
        if scene is not self.scene:
            return  # the learner has moved on
        self.result = result
        self.redraw()
        if self._play_when_ready:
            self.play()

    def _fill_knobs(self, scene: Scene | None) -> None:
        if not self._knobs_ready:
            return  # _mount_knobs fills them once they exist
        knobs = scene_knobs(scene) if scene else {}
        surface = self.query_one("#surface", Select)
        surface.display = scene is not None and scene.kind == "optimizers"
        self.query_one("#names", Input).display = scene is not None and scene.kind in _LISTED
        with self.prevent(Select.Changed, Input.Changed):
            if knobs.get("surface") in catalog.SURFACES:
                surface.value = knobs["surface"]
            for key in ("names", "lr", "steps", "params"):
                self.query_one(f"#{key}", Input).value = knobs.get(key, "")

    def redraw(self) -> None:
        if self.result is None or self.scene is None:
            return
        widget = self.query_one("#plot", LabPlot)
        if not widget.size.width or not widget.size.height:
            return  # not laid out yet: its Resized message draws it at its real size
        caption = widget.show_figure(self.scene.kind, self.result, self.resolved,
                                     None if self.progress >= 1 else self.progress)
        if caption is not None:
            self.query_one("#caption", Static).update(Text(caption), layout=False)

    def on_lab_plot_resized(self, event: LabPlot.Resized) -> None:
        self.redraw()  # contours and sampling follow the plot's real size

    # --- knobs ----------------------------------------------------------------------------

    @on(Input.Submitted)
    @on(Select.Changed)
    def apply_knobs(self, event: Input.Submitted | Select.Changed) -> None:
        event.stop()
        if self.scene is None:
            return
        if isinstance(event, Select.Changed) and (self.resolved or {}).get("surface") == event.value:
            return  # the Select announcing the value it was given (as when the knobs mount): nothing changed
        if isinstance(event, Select.Changed) and not event.select.display:
            return
        self.rebuild()

    def rebuild(self, overrides: dict[str, str] | None = None) -> bool:
        """Build the scene from the knobs (plus overrides) as the command line would; True if it worked."""
        if not self._knobs_ready:
            return False
        from dltutor import scenes

        kind = self.scene.kind
        knobs = {key: self.query_one(f"#{key}", Input).value.strip() for key in ("names", "lr", "steps", "params")}
        surface = self.query_one("#surface", Select).value
        knobs.update(overrides or {})
        flags: dict[str, str | None] = {}
        assignments = [a for a in knobs["params"].split() if a]
        lr_flag = {"optimizers": "--lr", "schedules": "--lr", "batch": "--lr"}.get(kind)
        steps_flag = {"optimizers": "--steps", "dropout": "--steps", "schedules": "--epochs",
                      "batch": "--epochs"}.get(kind)
        if kind == "optimizers" and isinstance(surface, str):
            flags["--surface"] = surface
        if lr_flag and knobs["lr"]:
            flags[lr_flag] = knobs["lr"]
        if kind == "dropout" and knobs["lr"]:
            assignments.append(f"dropout.p={knobs['lr']}")
        if steps_flag and knobs["steps"]:
            flags[steps_flag] = knobs["steps"]
        for key, value in self.scene.options.items():  # keep what the knobs do not show
            flag = next((f for f, k in scenes.FLAG_OPTIONS.items() if k == key), None)
            if flag not in flags and key not in ("lr", "steps", "epochs", "surface", "p"):
                assignments.insert(0, f"{kind}.{key}={scenes.text(value)}")
        names = [knobs["names"]] if knobs["names"] and kind in _LISTED else None
        try:
            scene = scenes.build_scene(kind, names=names, flags=flags, assignments=assignments, seed=self.scene.seed)
        except scenes.SceneError as err:
            self.query_one("#error", Static).update(Text(str(err)))
            return False
        self.show(scene)
        return True

    def scale(self, factor: float) -> None:
        """[ and ]: halve or double the learning rate (dropout: p; clamped to what is allowed)."""
        from dltutor import scenes

        if self.resolved is None:
            return
        kind = self.scene.kind
        if kind == "optimizers":
            current = self.resolved["lr"] or self.resolved["optimizers"][0]["params"]["lr"]
            self.rebuild({"lr": scenes.text(current * factor)})
        elif kind in ("schedules", "batch"):
            self.rebuild({"lr": scenes.text(self.resolved["lr"] * factor)})
        elif kind == "dropout":
            self.rebuild({"lr": scenes.text(min(0.95, max(0.05, self.resolved["p"] * factor)))})

    def act(self, what: str) -> None:
        """A lab key: toggle, step, reset, halve, double, faster, slower."""
        {"toggle": self.toggle, "step": self.step, "reset": self.reset, "halve": lambda: self.scale(0.5),
         "double": lambda: self.scale(2.0), "faster": lambda: self.faster(True),
         "slower": lambda: self.faster(False)}[what]()

    # --- animation ------------------------------------------------------------------------

    def play(self) -> None:
        if self.result is None:  # still simulating: start as soon as the result arrives
            self._play_when_ready = True
            self.playing = True
            return
        self._play_when_ready = False
        if self.progress >= 1:
            self.progress = 0.0
        self.playing = True
        self._restart_timer()

    def stop(self) -> None:
        self.playing = False
        self._play_when_ready = False
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def toggle(self) -> None:
        self.stop() if self.playing else self.play()

    def step(self) -> None:
        """One frame forward (from the start when the animation is complete)."""
        self.stop()
        if self.result is None:
            return
        self.progress = 1 / FRAMES if self.progress >= 1 else min(1.0, self.progress + 1 / FRAMES)
        self.redraw()

    def reset(self) -> None:
        self.stop()
        self.progress = 1 / FRAMES
        self.redraw()

    def faster(self, up: bool) -> None:
        i = SPEEDS.index(self.fps) if self.fps in SPEEDS else 2
        self.fps = SPEEDS[min(len(SPEEDS) - 1, i + 1) if up else max(0, i - 1)]
        if self.playing:
            self._restart_timer()
        self.notify(f"{self.fps} frames per second", timeout=1.5)

    def _restart_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_interval(1 / self.fps, self._tick)

    def _tick(self) -> None:
        self.progress = min(1.0, self.progress + 1 / FRAMES)
        self.redraw()
        if self.progress >= 1:
            self.stop()
