"""Drawing: a scene's results onto a plotext-like `plt` that the caller hands in.

The CLI and the TUI lab both pass the `plotext` module; the same code draws both. Which module
draws a kind is the kind's spec's `plot`.
Every `draw` takes the result of `scenes.run_scene`, the resolved scene, how much of the run to
show (`progress` in (0, 1], None for all of it, used by animations) and returns the one-line
caption that tells the learner what to look at. Nothing here imports Textual or prints.
"""

from __future__ import annotations

from typing import Any

from dltutor import kinds


def draw(
    plt: Any,
    kind: str,
    result: dict[str, Any],
    scene: dict[str, Any],
    progress: float | None = None,
    plain: bool = False,
) -> str:
    """Draw one scene into `plt` (already cleared and sized); return its caption.

    `plain`: there will be no colour (--no-color, NO_COLOR), so each line gets a character of its
    own instead. Leaves the whole figure active (not the last subplot), so the caller can size and
    build it.
    """
    spec = kinds.get(kind)
    drawer = spec.load(spec.plot).draw
    recorder = LegendOutside(plt)
    caption = drawer(PlainLines(recorder) if plain else recorder, result, scene, progress)
    plt.main()
    return caption


class LegendOutside:
    """A `plt` that keeps labels out of plotext's legend (drawn over the data, top-left) and hands
    them to the figure, which lists them under the title: a legend never covers a line."""

    LINE = "━━"  # a braille line's entry in colour; without colour PlainLines gives each line a character

    def __init__(self, plt: Any) -> None:
        self._plt = plt

    def plot(self, *args: Any, label: str | None = None, **kwargs: Any) -> Any:
        self._note(kwargs, label, line=True)
        return self._plt.plot(*args, **kwargs)

    def scatter(self, *args: Any, label: str | None = None, **kwargs: Any) -> Any:
        self._note(kwargs, label, line=False)
        return self._plt.scatter(*args, **kwargs)

    def _note(self, kwargs: dict[str, Any], label: str | None, line: bool) -> None:
        if not label:
            return
        from dltutor.plots.figure import add_to_legend

        marker = kwargs.get("marker") or "•"
        marks = self.LINE if marker == "braille" else marker * 2 if line else marker
        add_to_legend(marks, kwargs.get("color"), label)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._plt, name)


class PlainLines:
    """A `plt` whose braille lines are drawn with one character per colour (o, x, +, ...), so lines
    told apart by colour stay apart without it; the legend shows the same characters."""

    MARKS = ("o", "x", "+", "*", "#", "%", "@", "=", "~", "^")  # none of the plots' own marks (· • ○ ✚ ● ×)

    def __init__(self, plt: Any) -> None:
        self._plt = plt
        self._marks: dict[str, str] = {}

    def plot(self, *args: Any, marker: str | None = None, color: str | None = None, **kwargs: Any) -> Any:
        if marker == "braille":
            marker = self._marks.setdefault(str(color), self.MARKS[len(self._marks) % len(self.MARKS)])
        return self._plt.plot(*args, marker=marker, color=color, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._plt, name)
