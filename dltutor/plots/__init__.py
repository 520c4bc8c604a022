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


def draw(plt: Any, kind: str, result: dict[str, Any], scene: dict[str, Any], progress: float | None = None,
         plain: bool = False) -> str:
    """Draw one scene into `plt` (already cleared and sized); return its caption.

    `plain`: there will be no colour (--no-color, NO_COLOR), so each line gets a character of its
    own instead. Leaves the whole figure active (not the last subplot), so the caller can size and
    build it.
    """
    spec = kinds.get(kind)
    drawer = spec.load(spec.plot).draw
    caption = drawer(PlainLines(plt) if plain else plt, result, scene, progress)
    plt.main()
    return caption


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
