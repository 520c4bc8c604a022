"""The lab: a scene simulated and drawn live, with knobs that re-simulate at once.

The drawing is `dltutor.plots` with plotext (the same code as `dltutor plot`), shown as text; the
knobs build a Scene with `dltutor.scenes`, exactly as the command line does, and the line under the
plot shows that command.
"""

from __future__ import annotations

import asyncio
import math
import threading
import time
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from rich.markup import escape
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.css.scalar import Unit
from textual.message import Message
from textual.reactive import reactive
from textual.widget import MountError
from textual.widgets import Input, Select, Static

from dltutor.tui.widgets import KnobSelect

if TYPE_CHECKING:
    from dltutor.kinds import KindSpec
    from dltutor.scenes import Scene

# dltutor.scenes and dltutor.plots (and with them NumPy and plotext) are imported where they are
# used, so the session paints its first frame before they load.

FRAMES = 60  # an animation runs in this many frames, whatever the number of steps
SPEEDS = (5, 10, 15, 30, 60)  # frames per second
UNITS_PER_FRAME = 4  # a live run played trains this many units (epochs) a frame: 60 a second at 15 fps

# The lab's keys, shared by every screen that shows a lab; each screen's action_lab(what) calls Lab.act.
LAB_BINDINGS = [
    Binding("space", "lab('toggle')", "Play/pause", id="lab.play"),
    Binding("full_stop", "lab('step')", "Step", show=False, id="lab.step"),
    Binding("r", "lab('reset')", "Reset", show=False, id="lab.reset"),
    Binding("backspace", "lab('restore')", "Card's scene", show=False, id="lab.restore"),
    Binding("v", "lab('view')", "Next view", show=False, id="lab.view"),
    Binding("left_square_bracket", "lab('halve')", "lr ÷2", show=False, id="lab.halve"),
    Binding("right_square_bracket", "lab('double')", "lr ×2", show=False, id="lab.double"),
    Binding("plus", "lab('faster')", "Faster", show=False, id="lab.faster"),
    Binding("minus", "lab('slower')", "Slower", show=False, id="lab.slower"),
]


@lru_cache(maxsize=1024)
def _ansi_row(row: str) -> Text:
    return Text.from_ansi(row, no_wrap=True, overflow="crop")


def ansi_text(text: str) -> Text:
    """plotext's output as Rich text, decoded row by row with the rows kept: most repeat from one
    frame to the next (axes, shading, the part of a path already drawn), and decoding a frame
    cost ~1.6 ms of its 10 (plotext ends every row's styles, so rows decode alone alike)."""
    return Text("\n", no_wrap=True, overflow="crop").join(_ansi_row(row) for row in text.split("\n"))


class LabPlot(Static):
    """The plot, drawn by the same code and the same plotext as `dltutor plot`, shown as text.

    (textual-plotext's own figure mixes up subplots across redraws — duplicated legends,
    overlapping panels, IndexError in plotext's build — so the lab renders through the plotext
    module exactly as the command line does.) A figure plotext cannot build at some size becomes a
    one-line message, never a crash.
    """

    DEFAULT_CSS = "LabPlot { width: 1fr; height: 1fr; }"

    drawn_at: tuple[int, int] | None = None  # the size the shown figure was drawn for

    class Resized(Message):
        """The plot's own size changed (a caption of another height moves it, not only the window)."""

    def show_figure(
        self, kind: str, result: dict[str, Any], scene: dict[str, Any], progress: float | None, height: int = 0
    ) -> str | None:
        """Draw and show one frame (at `height` rows: the height the next layout gives the plot, when
        that is known to change; else its own); returns the caption (None when there is no room)."""
        from dltutor.plots import draw
        from dltutor.plots.figure import finish_figure, start_figure

        width, height = self.size.width, height or self.size.height
        self.drawn_at = (width, height)
        if width < 20 or height < 6:
            self.update(Text("Too little room for the plot here.", style="dim"), layout=False)
            return None
        plt = start_figure(width, height)
        caption = draw(plt, kind, result, scene, progress, plain=self.app.no_color)  # NO_COLOR: marks, not hues
        try:
            text = finish_figure(plt, width, height, color=True)
        except (IndexError, ValueError, ZeroDivisionError, TypeError):  # plotext on an axis without limits
            self.update(
                Text("This view cannot be drawn at this size; make the window larger.", style="dim"), layout=False
            )
            return caption
        self.update(ansi_text(text), layout=False)  # its size is the CSS's
        return caption

    def on_resize(self) -> None:
        if (self.size.width, self.size.height) != self.drawn_at:  # drawn for this size already: nothing to do
            self.post_message(self.Resized())


def knob_values(scene: Scene, resolved: dict[str, Any]) -> dict[str, str]:
    """What each box shows for a scene: the resolved value of the option its knob sets."""
    from dltutor import scenes

    values = {
        knob.option: "" if resolved.get(knob.option) is None else scenes.text(resolved[knob.option])
        for knob in scene.spec.knobs
    }
    values["names"] = ",".join(scene.shown)
    values["params"] = " ".join(
        f"{owner}.{k}={scenes.text(v)}" for owner, settings in scene.params.items() for k, v in settings.items()
    )
    return values


class Lab(Vertical):
    """Plot, command line and knobs for one scene; animates on demand."""

    DEFAULT_CSS = """
    Lab { height: 1fr; }
    Lab LabPlot { height: 1fr; min-height: 10; }
    Lab .caption { height: 3; color: $text-muted; }  /* sized to the text's lines by `_set_text`, which */
    Lab .status { height: 1; color: $text-muted; }  /* (all three: see _set_text) */
    Lab .command { height: 1; color: $accent; }  /* skips the layout pass while the line count stays */
                                                  /* updating them skips a layout pass (update(layout=False)) */
    Lab .error { height: auto; color: $error; }
    Lab .knobs { height: auto; grid-size: 2; grid-rows: 3; grid-gutter: 0 1; }
    Lab .knobs Input, Lab .knobs Select { width: 1fr; }
    """

    playing: reactive[bool] = reactive(False)

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
        self._knobs_after_plot = False  # the scene's kind changed: its knobs come after its first plot
        self._knobs_kind: str | None = None
        self._knobs_lock = asyncio.Lock()
        self.live: Any = None  # the scene's LiveRun, for kinds the lab trains unit by unit (the network)
        self._run = 0  # which scene's simulation is current: a frame of an older one is dropped
        self._gen = 0  # which training worker may go on: stop() and every new one end the others
        self._training = False  # a worker is training the live run now
        self.origin: Scene | None = scene  # the scene the lab was given (the card's), restored by backspace
        self._caption_rows: dict[tuple[str, Any, int], int] = {}  # (kind, view, width): see _caption_box_rows

    def compose(self) -> ComposeResult:
        yield LabPlot(id="plot")
        yield Static("", classes="caption", id="caption")
        yield Static("", classes="status", id="status")
        yield Static("", classes="command", id="command")
        yield Static("", classes="error", id="error")

    def on_mount(self) -> None:
        self.call_after_refresh(self._mount_knobs)
        if self.scene is not None:
            self.show(self.scene)

    async def _mount_knobs(self) -> None:
        """The knob rows join after the first frame: a Select and a few Inputs cost the session's
        start-up ~20 ms of styling, and nobody types into them in the first frame."""
        self._knobs_ready = True
        await self._show_knobs(self.scene)

    def _going_away(self) -> bool:
        """The lab or the app is closing: no widget of it may be touched now (quitting while the
        knobs mounted once set a Select whose children were already gone: NoMatches, a traceback).
        Textual keeps these flags private; they are read defensively."""
        return (
            not self.is_attached
            or getattr(self, "_closing", False)
            or getattr(self, "_closed", False)
            or getattr(self.app, "_closing", False)
            or getattr(self.app, "_exit", False)
        )

    async def _show_knobs(self, scene: Scene | None) -> None:
        """Knobs for the scene's kind: rebuilt when the kind changes, refilled otherwise.

        One at a time and never cancelled mid-mount (a grid cut off mid-mount and then removed made
        a Select's own mount find no overlay: NoMatches, a crash on quick card switches); a call
        whose scene is no longer the lab's does nothing, the newer one queued behind it does the
        work. The kind counts as shown only once its grid is mounted: filling a half-mounted
        drop-down raised NoMatches."""
        async with self._knobs_lock:
            if self._going_away() or scene is not self.scene:
                return  # closing, or a newer scene's call is queued behind this one
            kind = scene.kind if scene else None
            if kind != self._knobs_kind:
                self._knobs_kind = None
                await self._remove_knobs()
                grid = self._knob_grid(scene.spec) if scene is not None else None
                if grid is None or self._going_away():
                    return
                try:
                    await self.mount(grid)
                except MountError:  # the lab left the screen while the grid was being built
                    return
                self._knobs_kind = kind
                self._fit_knobs()
                for box in self.query(".knobs Select").results(Select):  # its label on the box it draws
                    box.query_one("SelectCurrent").border_title = box.border_title
            self._fill_knobs(scene)

    async def _remove_knobs(self) -> None:
        """Remove the knob grid, all of it: Textual's Input subscribes to its screen's text-selection
        signal with a callback that holds the Input and never unsubscribes it, so every grid removed
        stayed in memory with its caches (~5,000 objects a switch between kinds, which every full
        garbage collection walked again: pauses past 50 ms after a few dozen switches)."""
        for box in self.query(".knobs Input").results(Input):
            self.screen.text_selection_started_signal.unsubscribe(box)
        await self.query(".knobs").remove()

    # The knobs are shown only when they leave the plot, its caption, status and command this many
    # rows: a network's ten knobs beside a card took 18 of 38, squeezed the plot to its minimum and
    # ran off the bottom. Hidden, the status line says where they are (the full-screen lab, L).
    ROWS_KEPT_FROM_KNOBS = 24
    KNOB_ROWS_FROM = 30  # and never in a lab shorter than this

    def _knob_columns(self) -> int:
        return max(2, min(5, self.size.width // 28))  # two beside a card, four or five full-screen

    def _fit_knobs(self) -> None:
        """As many knobs to a row as fit; none when the lab is too short to show them and a
        readable plot."""
        for grid in self.query(".knobs").results():
            grid.styles.grid_size_columns = self._knob_columns()
            grid.display = self.knobs_shown
        self._show_status()

    @property
    def knobs_shown(self) -> bool:
        grid = next(iter(self.query(".knobs").results()), None)
        return self._room_for_knobs(0 if grid is None else len(grid.children))

    def _room_for_knobs(self, count: int) -> bool:
        rows = -(-count // self._knob_columns()) * 3  # grid-rows: 3
        return self.size.height >= self.KNOB_ROWS_FROM and self.size.height - rows >= self.ROWS_KEPT_FROM_KNOBS

    def on_resize(self) -> None:
        self._fit_knobs()

    def _knob_grid(self, spec: KindSpec) -> Grid:
        """The kind's own knobs (and its components), then its `-p` settings."""
        options = spec.options()
        boxes: list[Any] = []
        if spec.components is not None:
            names = Input(
                placeholder=",".join(spec.components.defaults),
                id="knob-names",
                tooltip=f"the {spec.components.singular}s shown, comma-separated: " + ", ".join(spec.components.names),
            )
            names.border_title = f"{spec.components.singular}s"
            boxes.append(names)
        for knob in spec.knobs:
            choices = knob.choices or options[knob.option].choices
            if choices:
                box: Any = KnobSelect(
                    [(c, c) for c in choices], prompt=knob.label, id=f"knob-{knob.option}", allow_blank=True
                )
            else:
                box = Input(placeholder="default", id=f"knob-{knob.option}", tooltip=options[knob.option].doc)
            box.border_title = escape(knob.label + (" [ ]" if knob.scale else ""))  # [ and ] halve, double
            boxes.append(box)
        settings = Input(
            placeholder="NAME.KEY=VALUE … (Enter applies)",
            id="knob-params",
            tooltip="settings of one component or of the scene, e.g. adam.betas=0.8,0.99",
        )
        settings.border_title = "settings (-p)"
        boxes.append(settings)
        grid = Grid(*boxes, classes="knobs")
        grid.display = self._room_for_knobs(len(boxes))  # hidden from its first frame if it would not fit
        return grid

    # --- the scene ------------------------------------------------------------------------

    def load(self, scene: Scene | None, message: str = "") -> None:
        """Show a scene that a card (or the kind cycle) brings: the one backspace comes back to."""
        self.origin = scene
        self.show(scene, message)

    def show(self, scene: Scene | None, message: str = "") -> None:
        """Simulate and draw a scene (None: an empty lab with a message).

        The simulation runs in a worker thread, so switching cards never waits for it; the plot
        appears when it is done (a newer scene replaces an older one still running). A live run's
        first state is drawn at once, and its worker trains it on from there.
        """
        was_playing, was_filling = self.playing, self._training and not self.playing
        self.stop()
        self._run += 1
        live = self.live
        if scene is not None and live is not None and scene.resolved is not None and live.shows(scene.resolved):
            self._show_again(scene, live, was_playing, was_filling)  # another view of the same run: it goes on
            return
        self.scene = scene
        self.result = None
        self.live = None
        self._training = False
        self.query_one("#error", Static).update("")
        if scene is None:
            self.resolved = None
            self._set_text("#command", message)
            self._set_text("#caption", "")
            self._set_text("#status", "")
            self.query_one("#plot", LabPlot).update("", layout=False)
            return
        from dltutor import scenes

        self.resolved = scene.resolved or scenes.resolve(scene)
        self.progress = 1.0
        self._set_text("#command", scenes.command(scene))
        # The caption box takes the height this view's captions need at this width, if known, or
        # keeps its own: the plot is then drawn once at its final size, not again when its caption
        # arrives with another height.
        box = self.query_one("#caption", Static)
        rows = self._caption_rows.get(self._caption_key(scene.kind, self.resolved))
        self._set_text("#caption", "simulating…", rows or (int(box.styles.height.value) if box.styles.height else 1))
        if self._knobs_ready and scene.kind == self._knobs_kind:
            self.run_worker(self._show_knobs(scene), group="knobs")  # refilled: cheap
        elif self._knobs_ready:  # another kind's grid: mounted once the plot is drawn (tens of ms of
            self._knobs_after_plot = True  # styling that would otherwise delay the card and its plot)
        run, gen, resolved = self._run, self._gen, self.resolved
        live = scene.spec.live(scene, resolved) if scene.spec.live is not None else None
        if live is None:
            self.run_worker(lambda: self._simulate(scene, run), thread=True, group="simulate")
            return
        # A live run's first state (its initial weights) takes a few ms: drawn here, the card and
        # its plot reach the screen in one frame. Once that frame is painted (training meanwhile
        # would slow it, competing for the interpreter), a worker trains it to the scene's end.
        self._live_frame(live, run, gen, live.result(), False, "")
        painted = threading.Event()
        self.call_after_refresh(painted.set)
        self.run_worker(lambda: self._train(live, run, gen, live.total, after=painted), thread=True, group="simulate")

    def _simulate(self, scene: Scene, run: int) -> None:
        """(A worker thread.) Run the scene once and draw it."""
        from dltutor import scenes

        result = scenes.run_scene(scene)
        if run == self._run:
            self._post(self._simulated, scene, result)

    def _show_again(self, scene: Scene, live: Any, playing: bool, filling: bool) -> None:
        """The live run shown as another scene (its next view) from where it is: training on if it was
        played, on to the scene's end if it was getting there, else staying where it is."""
        self.scene, self.resolved = scene, scene.resolved
        self.result = None  # its worker brings the state for this view (which may need the boundary grid)
        self.query_one("#error", Static).update("")
        from dltutor import scenes

        self._set_text("#command", scenes.command(scene))
        if self._knobs_ready:
            self.run_worker(self._show_knobs(scene), group="knobs")
        run, gen, resolved = self._run, self._gen, scene.resolved
        self.playing = playing
        self._training = playing or filling

        def adopt_and_train() -> None:
            with live.lock:
                live.adopt(resolved)
            if playing:
                self._train(live, run, gen, until=None)
            elif filling:
                self._train(live, run, gen, until=live.total)
            else:
                self._train(live, run, gen, until=None, more=0)

        self.run_worker(adopt_and_train, thread=True, group="simulate")

    def _post(self, callback: Any, *args: Any) -> bool:
        """(A worker thread.) Run callback on the app's thread; False when the lab or app has gone."""
        if self._going_away():
            return False
        try:
            self.app.call_from_thread(callback, *args)
        except RuntimeError:  # the app stopped between the check and the call: nothing left to draw on
            return False
        return True

    def _train(
        self, live: Any, run: int, gen: int, until: int | None, more: int | None = None, after: Any = None
    ) -> None:
        """(A worker thread.) Advance the live run until `until` units (or `more` units past where it
        is once this worker has it), as fast as it goes (a card's scene arrives in well under a
        second), or, played (both None), at UNITS_PER_FRAME × fps units a second until paused or a
        ceiling (watchable: the boundary forms over seconds). Its state is shown where it starts,
        at most `fps` times a second, and once more where it stops. With `after` (an Event set once
        the starting state is painted) it is shown already: training starts when that is set."""
        if after is not None:
            after.wait(1.0)
        with live.lock:  # one worker at a time: a newer one waits here for an older one to finish
            if more is not None:  # counted from here: an older worker may have trained a unit meanwhile
                until = live.done + more
            ended = ""
            if after is not None or self._post(self._live_frame, live, run, gen, live.result(), False, ""):
                shown = began = time.perf_counter()
                start, rate = live.done, UNITS_PER_FRAME * self.fps
                while gen == self._gen and run == self._run and not self._going_away():
                    if until is not None and live.done >= until:
                        break
                    if until is None:  # paced: wait until the next unit is due
                        if rate != UNITS_PER_FRAME * self.fps:  # + or - pressed: the pace counts from here
                            began, start, rate = time.perf_counter(), live.done, UNITS_PER_FRAME * self.fps
                        time.sleep(max(0.0, began + (live.done - start) / rate - time.perf_counter()))
                    if not live.advance():
                        ended = live.why_stopped()
                        break
                    if time.perf_counter() - shown >= 1 / self.fps:
                        if not self._post(self._live_frame, live, run, gen, live.result(), False, ""):
                            return
                        shown = time.perf_counter()
                if run == self._run:
                    self._post(self._live_frame, live, run, gen, live.result(), True, ended)

    def _live_frame(self, live: Any, run: int, gen: int, result: Any, finished: bool, ended: str) -> None:
        """The live run's state arrives: draw it; when its worker finished, it stops playing."""
        if run != self._run:
            return  # the learner has moved on
        self.live = live
        self.result = result
        self.progress = 1.0
        if gen == self._gen:
            self._training = not finished
        if finished and gen == self._gen:
            self.playing = False
            if ended:
                self.notify(f"stopped at {live.unit} {live.done}: {ended}", timeout=4)
        self._drawn()

    def _simulated(self, scene: Scene, result: dict[str, Any]) -> None:
        if scene is not self.scene:
            return  # the learner has moved on
        self.result = result
        self._drawn()

    def _drawn(self) -> None:
        """A result arrived: draw it, then mount a new kind's knobs, then play if asked to."""
        self.redraw()
        if self._knobs_after_plot:  # once the plot is on the screen
            self._knobs_after_plot = False
            self.call_after_refresh(self._knobs_for, self.scene)
        if self._play_when_ready:
            self.play()

    def _knobs_for(self, scene: Scene | None) -> None:
        if not self._going_away():
            self.run_worker(self._show_knobs(scene), group="knobs")

    def _fill_knobs(self, scene: Scene | None) -> None:
        if not self._knobs_ready or scene is None or scene.kind != self._knobs_kind or self._going_away():
            return  # _show_knobs fills them once they exist (and never while the app is closing)
        values = knob_values(scene, self.resolved or {})
        with self.prevent(Select.Changed, Input.Changed):
            for box in self.query(".knobs Input, .knobs Select").results():
                value = values.get(box.id.removeprefix("knob-"), "")
                if isinstance(box, Select):
                    if value in box._legal_values:
                        box.value = value
                    else:
                        box.clear()  # a custom surface, say: shown by the command line, not the list
                else:
                    box.value = value

    def redraw(self, laid_out: bool = False) -> None:
        """Draw the current frame at the height the plot will have at the next layout (`laid_out`:
        the one it has, just given by a layout with nothing under the plot changed since)."""
        if self.result is None or self.scene is None or self._going_away():
            return
        widget = self.query_one("#plot", LabPlot)
        if not widget.size.width or not widget.size.height:
            return  # not laid out yet: its Resized message draws it at its real size
        progress = None if self.progress >= 1 else self.progress
        height = widget.size.height if laid_out else self._plot_rows()
        caption = widget.show_figure(self.scene.kind, self.result, self.resolved, progress, height)
        if caption is not None and self._set_text("#caption", caption, self._caption_box_rows(caption)):
            # a caption of another height moves the plot: drawn again now at the height it will
            # have, not once more after the layout has moved it
            widget.show_figure(self.scene.kind, self.result, self.resolved, progress, self._plot_rows())
        self._show_status()

    def _caption_box_rows(self, caption: str) -> int:
        """The caption box's height: the most lines this view's captions have needed at this width.
        Its numbers change length as a run goes on (0.9× then 0.441×), and a box that followed
        them would move the plot up and down, a layout and a second drawing each time."""
        key = self._caption_key(self.scene.kind, self.resolved)
        rows = self._caption_rows[key] = max(
            self._wrapped_lines(self.query_one("#caption", Static), caption), self._caption_rows.get(key, 0)
        )
        return rows

    def _caption_key(self, kind: str, resolved: dict[str, Any]) -> tuple[str, Any, int]:
        return kind, resolved.get("view"), self.query_one("#caption", Static).size.width

    def _plot_rows(self) -> int:
        """The plot's height at the next layout: the lab's less what its other parts take, the
        caption, status and command boxes as just sized (the plot is drawn once, at its coming
        size; if this is ever off, its Resized message draws it again)."""
        plot, taken = self.query_one("#plot", LabPlot), 0
        for child in self.children:
            if child is plot or not child.display:
                continue
            height = child.styles.height
            fixed = height is not None and height.unit == Unit.CELLS
            taken += int(height.value) if fixed else child.outer_size.height
        floor = plot.styles.min_height
        return max(int(floor.value) if floor else 0, self.content_size.height - taken)

    def _set_text(self, selector: str, text: str, rows: int = 0) -> bool:
        """Show a caption or command whole, wrapped to the width: the box takes as many lines as
        the text needs, or `rows` (a layout pass only when that number changes, so animation frames
        stay cheap). True when the box changed height."""
        widget = self.query_one(selector, Static)
        lines = rows or self._wrapped_lines(widget, text)
        had = widget.styles.height
        if had is not None and had.value == lines:
            widget.update(Text(text), layout=False)
            return False
        widget.styles.height = lines
        widget.update(Text(text))
        return True

    def _wrapped_lines(self, widget: Static, text: str) -> int:
        width = max(10, (widget.size.width or self.size.width or 80))
        return max(1, len(Text(text).wrap(self.app.console, width))) if text else 1

    def _show_status(self) -> None:
        """Playing or paused, and where the run is: 'step 34 of 200'."""
        if self.resolved is None:
            return
        if self.live is not None:
            self._set_text("#status", self._live_status())
            return
        spec = self.scene.spec if self.scene is not None else None
        if spec is not None and spec.progress is not None and self.result is not None:
            counted = spec.progress(self.resolved, self.result)
        else:
            key = next((u for u in ("steps", "epochs") if isinstance(self.resolved.get(u), int)), None)
            counted = (key[:-1], self.resolved[key]) if key else None
        where = ""
        if counted:
            unit, total = counted
            where = f" · {unit} {min(total, math.ceil(total * self.progress))} of {total}"
        state = "▶ playing" if self.playing else "⏸ paused"
        keys = " · space pauses" if self.playing else " · space plays, . steps"
        hidden = "" if self.knobs_shown else " · knobs: L (full-screen lab)"
        self._set_text("#status", state + where + keys + hidden)

    def _live_status(self) -> str:
        """'⏸ paused · epoch 100 of 100 · space trains on, . one epoch, r new seed'."""
        live = self.live
        done = live.done
        where = (
            f"{live.unit} {done} of {live.total}"
            if done <= live.total
            else f"{live.unit} {done} (the scene: {live.total})"
        )
        if self.playing:
            state, keys = "▶ training", " · space pauses"
        elif self._training:
            state, keys = "training", " · space trains on past the end"
        else:
            state = "⏸ paused"
            keys = f" · space trains on, . one {live.unit}, r new seed"
        hidden = "" if self.knobs_shown else " · knobs: L (full-screen lab)"
        return f"{state} · {where}{keys}{hidden}"

    def watch_playing(self, playing: bool) -> None:
        if self.is_mounted:
            self._show_status()

    def on_lab_plot_resized(self, event: LabPlot.Resized) -> None:
        moved = False
        if self.scene is not None:  # a new width wraps the command otherwise
            from dltutor import scenes

            moved = self._set_text("#command", scenes.command(self.scene))
        self.redraw(laid_out=not moved)  # contours and sampling follow the plot's real size

    # --- knobs ----------------------------------------------------------------------------

    @on(Input.Submitted)
    @on(Select.Changed)
    def apply_knobs(self, event: Input.Submitted | Select.Changed) -> None:
        """A knob was set: the scene with that one setting changed, everything else kept."""
        event.stop()
        widget = event.input if isinstance(event, Input.Submitted) else event.select
        if self.scene is None or not (widget.id or "").startswith("knob-"):
            return
        key = widget.id.removeprefix("knob-")
        value = "" if isinstance(widget, Select) and widget.is_blank() else str(widget.value).strip()
        if key == "names":
            self.change(names=value)
        elif key == "params":
            self.change(params=value.split())
        else:
            if isinstance(event, Select.Changed) and value == knob_values(self.scene, self.resolved or {}).get(key):
                return  # the Select announcing the value it was given: nothing changed
            self.change(options={key: value})

    def change(self, **changes: Any) -> bool:
        """Rebuild the scene with some settings changed (see scenes.edit); True if it worked."""
        from dltutor import scenes

        if self.scene is None:
            return False
        try:
            scene = scenes.edit(self.scene, **changes)
        except scenes.SceneError as err:
            knob = next((k for k in self.scene.spec.knobs if f"{self.scene.kind}.{k.option}=" in err.flag), None)
            self.query_one("#error", Static).update(Text(f"{knob.label}: {err.message}" if knob else str(err)))
            return False
        self.query_one("#error", Static).update("")
        training_on, old = self.live is not None and self.playing, self.live
        self.show(scene)
        if training_on and self.live is not old:  # a live run being played: the new one trains on from its start
            self.play()
        return True

    def scale(self, factor: float) -> None:
        """[ and ]: halve or double the kind's scalable knob (the learning rate; dropout's p),
        kept within the knob's range."""
        from dltutor import scenes

        if self.resolved is None or self.scene is None:
            return
        knob = next((k for k in self.scene.spec.knobs if k.scale), None)
        if knob is None:
            self.notify(f"{self.scene.kind} has nothing for [ and ] to halve or double", timeout=2)
            return
        current = self.resolved.get(knob.option)
        if current is None and self.scene.spec.components is not None:  # each component's own default
            current = self.resolved[self.scene.kind][0]["params"].get(knob.option)
        if not isinstance(current, (int, float)):
            return
        low, high = knob.scale
        self.change(options={knob.option: scenes.text(min(high, max(low, current * factor)))})

    def next_view(self) -> None:
        """v: the kind's next view (optimizers: path, loss, state, ...; network: boundary, neurons, ...)."""
        if self.scene is None or self.resolved is None:
            return
        spec = self.scene.spec.options().get("view")
        if spec is None or not spec.choices:
            self.notify(f"{self.scene.kind} has one view", timeout=2)
            return
        views = list(spec.choices)
        current = self.resolved.get("view", views[0])
        following = views[(views.index(current) + 1) % len(views)] if current in views else views[0]
        if self.change(options={"view": following}):
            self.notify(f"view: {following}", timeout=1.5)

    def restore(self) -> None:
        """Back to the scene the card brought, whatever the knobs did to it."""
        if self.origin is not None and self.scene is not self.origin:
            self.show(self.origin)

    def act(self, what: str) -> None:
        """A lab key: toggle, step, reset, restore, view, halve, double, faster, slower."""
        {
            "toggle": self.toggle,
            "step": self.step,
            "reset": self.reset,
            "restore": self.restore,
            "view": self.next_view,
            "halve": lambda: self.scale(0.5),
            "double": lambda: self.scale(2.0),
            "faster": lambda: self.faster(True),
            "slower": lambda: self.faster(False),
        }[what]()

    # --- animation ------------------------------------------------------------------------

    def play(self) -> None:
        if self.result is None:  # still simulating: start as soon as the result arrives
            self._play_when_ready = True
            self.playing = True
            return
        self._play_when_ready = False
        if self.live is not None:  # train on, past the scene's end, until paused
            self.stop()
            self.playing = True
            self._start_training(more=None)
            return
        if self.progress >= 1:
            self.progress = 0.0
        self.playing = True
        self._restart_timer()

    def _start_training(self, more: int | None) -> None:
        """Train the live run `more` units (None: on, until paused) in a worker."""
        live, run, gen = self.live, self._run, self._gen
        self._training = True
        self._show_status()
        self.run_worker(lambda: self._train(live, run, gen, None, more), thread=True, group="simulate")

    def stop(self) -> None:
        self.playing = False
        self._play_when_ready = False
        self._gen += 1  # a training worker stops after its current unit
        self._training = False
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def toggle(self) -> None:
        self.stop() if self.playing else self.play()

    def step(self) -> None:
        """One frame forward (from the start when the animation is complete); a live run trains one unit."""
        self.stop()
        if self.live is not None:
            self._start_training(more=1)
            return
        if self.result is None:
            return
        self.progress = 1 / FRAMES if self.progress >= 1 else min(1.0, self.progress + 1 / FRAMES)
        self.redraw()

    def reset(self) -> None:
        """Back to the first frame; a live run starts again from new initial weights (the next seed)."""
        if self.live is not None and self.scene is not None:
            self.change(seed=self.scene.seed + 1)
            return
        self.stop()
        self.progress = 1 / FRAMES
        self.redraw()

    def faster(self, up: bool) -> None:
        i = SPEEDS.index(self.fps) if self.fps in SPEEDS else 2
        self.fps = SPEEDS[min(len(SPEEDS) - 1, i + 1) if up else max(0, i - 1)]
        if self.live is not None:
            self.notify(f"{UNITS_PER_FRAME * self.fps} {self.live.unit}s per second", timeout=1.5)
            return  # the training worker reads fps as it goes
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
