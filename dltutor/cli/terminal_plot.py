"""`dltutor plot` in a terminal: a scene drawn with plotext, to the screen, animated, or to a file.

The drawing itself lives in `dltutor.plots` (shared with the TUI); this module only sizes the
figure, adds the caption, strips colour where it must, and runs the animation loop.
"""

from __future__ import annotations

import io
import os
import sys
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dltutor.plots import draw
from dltutor.plots.figure import DEFAULT_THEME, finish_figure, start_figure

MIN_WIDTH, MIN_HEIGHT = 40, 12
MIN_FIGURE_HEIGHT = 8  # the figure's rows left when a long caption takes the rest


class TooSmall(ValueError):
    """The plot does not fit; the message says how much room it needs."""


@dataclass
class Canvas:
    width: int
    height: int
    theme: str = DEFAULT_THEME
    color: bool = True


def render(
    kind: str, result: dict[str, Any], scene: dict[str, Any], canvas: Canvas, progress: float | None = None
) -> str:
    """One frame as text: the plot, then its caption wrapped to the width."""
    if canvas.width < MIN_WIDTH or canvas.height < MIN_HEIGHT:
        raise TooSmall(
            f"the terminal is too small to draw this plot ({canvas.width}×{canvas.height}; "
            f"it needs at least {MIN_WIDTH}×{MIN_HEIGHT}; try --width and --height)"
        )
    plt = start_figure(canvas.width, canvas.height - 2, canvas.theme)
    caption = draw(plt, kind, result, scene, progress, plain=not canvas.color)
    lines = textwrap.wrap(caption, canvas.width) or [""]
    # The caption says what the plot shows (and what it leaves out): on a short canvas the plot
    # gives up rows for it, down to MIN_FIGURE_HEIGHT; a caption longer still ends in "…".
    room = canvas.height - MIN_FIGURE_HEIGHT
    if len(lines) > room:
        lines = lines[:room]
        lines[-1] = lines[-1][: canvas.width - 1] + "…"
    text = finish_figure(plt, canvas.width, canvas.height - len(lines), canvas.color)
    return text.rstrip("\n") + "\n" + "\n".join(lines)


def wants_color(no_color: bool, force: bool, stream=None) -> bool:
    """Colour unless told not to (--no-color, NO_COLOR), and only on a terminal unless forced."""
    if no_color or os.environ.get("NO_COLOR"):
        return False
    return force or (stream or sys.stdout).isatty()


def save(text: str, path: Path) -> None:
    """Write a frame: `.html` keeps the colours (via Rich), anything else is plain text."""
    if path.suffix.lower() == ".html":
        from rich.console import Console
        from rich.text import Text

        rich_text = Text.from_ansi(text, no_wrap=True)
        width = max((len(line) for line in rich_text.plain.splitlines()), default=1)
        console = Console(record=True, file=io.StringIO(), width=width, color_system="truecolor")
        console.print(rich_text)
        from rich.terminal_theme import MONOKAI

        path.write_text(console.export_html(theme=MONOKAI, inline_styles=True), encoding="utf-8")
    else:
        from plotext import uncolorize

        path.write_text(uncolorize(text) + "\n", encoding="utf-8")


def animate(kind: str, result: dict[str, Any], scene: dict[str, Any], canvas: Canvas, fps: float, frames: int) -> None:
    """Redraw in place, frame by frame, with the cursor hidden (Rich Live restores it on exit,
    Ctrl-C included; the caller turns the interrupt into exit status 130)."""
    from rich.console import Console
    from rich.live import Live
    from rich.text import Text

    console = Console(highlight=False)
    period = 1.0 / fps
    with Live(console=console, auto_refresh=False, vertical_overflow="crop", transient=False) as live:
        for k in range(1, frames + 1):
            began = time.perf_counter()
            frame = render(kind, result, scene, canvas, progress=k / frames)
            live.update(Text.from_ansi(frame, no_wrap=True, overflow="crop"), refresh=True)
            time.sleep(max(0.0, period - (time.perf_counter() - began)))
