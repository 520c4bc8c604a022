"""A plotext figure started and finished at an exact size: the CLI and the session's lab share it.

The legend is not plotext's (drawn inside the plot, top-left, right where paths and schedules
begin): `dltutor.plots.draw` collects each labelled series here, and `finish_figure` writes them
as a line of coloured labels under the title, outside every plot area.
"""

from __future__ import annotations

DEFAULT_THEME = "pro"  # no background colour: fits dark and light terminals
LEGEND_GAP = "   "

# (marks, colour, label) of each labelled series of the figure being drawn; plotext's own figure
# is module state too, and both are reset by start_figure.
_legend: list[tuple[str, object, str]] = []


def start_figure(width: int, height: int, theme: str = DEFAULT_THEME):
    """The plotext module, cleared and sized, ready for `dltutor.plots.draw`."""
    import plotext as plt

    plt.clear_figure()
    plt.limitsize(False, False)
    plt.theme(theme)
    plt.plotsize(width, height)
    _legend.clear()
    return plt


def add_to_legend(marks: str, color: object, label: str) -> None:
    """One legend entry; a series drawn again (the same marks and colour in another panel) is listed once."""
    if label and not any(m == marks and c == color for m, c, _ in _legend):
        _legend.append((marks, color, label))


def legend_lines(width: int, color: bool) -> list[str]:
    """The legend as centred lines of at most `width` cells, filled greedily (none without labels)."""
    import plotext as plt

    room = max(10, width - 2)
    lines: list[tuple[list, int]] = []
    current: list[tuple[str, object, str]] = []
    used = 0
    for marks, colour, label in _legend:
        text = f"{marks} {label}"[:room]
        need = len(text) + (len(LEGEND_GAP) if current else 0)
        if current and used + need > room:
            lines.append((current, used))
            current, used, need = [], 0, len(text)
        current.append((marks, colour, text[len(marks):]))
        used += need
    if current:
        lines.append((current, used))
    out = []
    for entries, used in lines:
        parts = [(plt.colorize(marks, colour) if color and colour else marks) + rest for marks, colour, rest in entries]
        out.append(" " * max(0, (width - used) // 2) + LEGEND_GAP.join(parts))
    return out


def finish_figure(plt, width: int, height: int, color: bool) -> str:
    """The drawn figure built as text of exactly width × height, its legend under the title."""
    plt.main()  # back from any subplot to the whole figure before sizing and building it
    legend = legend_lines(width, color)
    legend = legend[: max(0, height - 10)]  # never at the cost of the plot itself
    plt.plotsize(width, height - len(legend))
    rows = plt.build().split("\n")
    if legend:
        at = 1 if rows and rows[0].strip() and not any(ch in plt.uncolorize(rows[0]) for ch in "┌┐│") else 0
        rows[at:at] = [line + " " * max(0, width - _plain_len(line)) for line in legend]
    text = "\n".join(rows)
    return text if color else plt.uncolorize(text)


def _plain_len(line: str) -> int:
    import plotext as plt

    return len(plt.uncolorize(line))
