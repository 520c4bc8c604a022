"""A plotext figure started and finished at an exact size: the CLI and the session's lab share it.

The legend is not plotext's (drawn inside the plot, top-left, right where paths and schedules
begin): `dltutor.plots.draw` collects each labelled series here, and `finish_figure` writes them
as a line of coloured labels under the title, outside every plot area.
"""

from __future__ import annotations

import re

DEFAULT_THEME = "pro"  # no background colour: fits dark and light terminals
LEGEND_GAP = "   "

# (marks, colour, label) of each labelled series of the figure being drawn; plotext's own figure
# is module state too, and both are reset by start_figure.
_legend: list[tuple[str, object, str]] = []
# A shaded background for a one-panel figure: (bands(columns, rows) -> int array, shades).
_background: list[tuple] = []
ESCAPE = re.compile(r"(\x1b\[[0-9;]*m)")


def start_figure(width: int, height: int, theme: str = DEFAULT_THEME):
    """The plotext module, cleared and sized, ready for `dltutor.plots.draw`."""
    import plotext as plt

    _same_in_every_process()
    plt.clear_figure()
    plt.limitsize(False, False)
    plt.theme(theme)
    plt.plotsize(width, height)
    _legend.clear()
    _background.clear()
    return plt


def _same_in_every_process() -> None:
    """plotext drops duplicate ticks and points through a set (`_utility.no_duplicates`), so the
    order they are drawn in, and so which of two tick labels sharing a row is shown, followed
    Python's string-hash seed: the same plot drew other y ticks in another process. Dropping them
    in order (the alternative plotext's own source keeps in a comment) draws the same every time."""
    import plotext._utility as utility

    if utility.no_duplicates is not _in_order:
        utility.no_duplicates = _in_order


def _in_order(data) -> list:
    return list(dict.fromkeys(data))


def add_to_legend(marks: str, color: object, label: str) -> None:
    """One legend entry; a series drawn again (the same marks and colour in another panel) is listed once."""
    if label and not any(m == marks and c == color for m, c, _ in _legend):
        _legend.append((marks, color, label))


def set_background(bands, shades) -> None:
    """Shade the empty cells of a one-panel figure's plot area once it is built.

    `bands(columns, rows)` gives each character cell of the plot area (row 0 at the top) an index
    into `shades`, a tuple of (mark, colour) with "" for no mark. Writing the cells into the built
    text costs a fraction of what plotext takes to place thousands of scattered points, and it
    never covers data: only blank cells are shaded.
    """
    _background[:] = [(bands, shades)]


def _shade(rows: list[str], color: bool) -> list[str]:
    import plotext as plt

    bands, shades = _background[0]
    top = bottom = None
    for r, row in enumerate(rows):
        if top is None and "┌" in row:
            top = r
        elif top is not None and "└" in row:
            bottom = r
            break
    if top is None or bottom is None or bottom - top < 2:
        return rows
    frame = plt.uncolorize(rows[top])
    left, right = frame.index("┌"), frame.index("┐") if "┐" in frame else -1
    if right - left < 2:
        return rows
    grid = bands(right - left - 1, bottom - top - 1)
    marks = [mark or " " for mark, _ in shades]
    styles = [_sgr(colour) if color and mark and colour is not None else "" for mark, colour in shades]
    out = rows[: top + 1]
    for r in range(top + 1, bottom):
        out.append(_shade_row(rows[r], _band_runs(grid[r - top - 1], left + 1), left, right, marks, styles))
    return out + rows[bottom:]


def _sgr(colour: object) -> str:
    """The escape codes plotext opens a run of `colour` with."""
    import plotext as plt

    coloured = plt.colorize("x", colour)
    return coloured[: coloured.index("x")]


def _band_runs(line, first: int) -> list[tuple[int, int, int]]:
    """A row of bands as (start column, end column, band) runs of equal bands; the row's cell 0
    is the text's column `first`."""
    runs, start = [], 0
    for column in range(1, len(line) + 1):
        if column == len(line) or line[column] != line[start]:
            runs.append((first + start, first + column, int(line[start])))
            start = column
    return runs


BLANKS = re.compile("( +)")


def _shade_row(row: str, runs, left: int, right: int, marks: list[str], styles: list[str]) -> str:
    """One row of the built plot with its blank cells inside the frame (left < column < right)
    shaded by `runs` (see _band_runs), written as runs too: one escape per run of cells in the
    same style, not one per cell.

    Rich and Textual turn every escape into a span of their own, so a shaded background written
    cell by cell costs them several times what the same picture costs in runs. A cell's style is
    the escape codes in effect since the last reset, as a terminal reads them; band 0 is no shade.
    """
    pieces: list[list[str]] = []  # [style, text] with no two neighbours in the same style

    def add(style: str, text: str) -> None:
        if pieces and pieces[-1][0] == style:
            pieces[-1][1] += text
        else:
            pieces.append([style, text])

    column, active = 0, ""
    for token in ESCAPE.split(row):
        if not token:
            continue
        if token[0] == "\x1b":
            active = "" if token == "\x1b[0m" else active + token
            continue
        for piece in BLANKS.split(token):
            if not piece:
                continue
            end = column + len(piece)
            if piece[0] != " " or end <= left + 1 or column >= right:
                add(active, piece)
                column = end
                continue
            for start, stop, band in runs:  # blank cells: the shades under them
                a, b = max(start, column), min(stop, end)
                if a >= b:
                    continue
                if a > column:
                    add(active, " " * (a - column))
                add(styles[band] if band else active, marks[band] * (b - a))
                column = b
            if end > column:
                add(active, " " * (end - column))
            column = end
    return "".join(f"{style}{text}\x1b[0m" if style else text for style, text in pieces)


def legend_lines(width: int, color: bool, most: int = 3) -> list[str]:
    """The legend as centred lines of at most `width` cells, filled greedily (none without labels),
    at most `most` of them: what does not fit is counted at the end ("+1 more"), never dropped
    without a word."""
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
        current.append((marks, colour, text[len(marks) :]))
        used += need
    if current:
        lines.append((current, used))
    if len(lines) > most:
        dropped = sum(len(entries) for entries, _ in lines[most:])
        entries, used = list(lines[most - 1][0]), lines[most - 1][1]
        while entries and used + len(LEGEND_GAP) + len(f"+{dropped} more") > room:  # room for the count
            marks, _, rest = entries.pop()
            used -= len(marks) + len(rest) + (len(LEGEND_GAP) if entries else 0)
            dropped += 1
        more = f"+{dropped} more"
        used += (len(LEGEND_GAP) if entries else 0) + len(more)
        lines = [*lines[: most - 1], ([*entries, ("", None, more)], used)]
    out = []
    for entries, used in lines:
        parts = [(plt.colorize(marks, colour) if color and colour else marks) + rest for marks, colour, rest in entries]
        out.append(" " * max(0, (width - used) // 2) + LEGEND_GAP.join(parts))
    return out


def finish_figure(plt, width: int, height: int, color: bool) -> str:
    """The drawn figure built as text of exactly width × height, its legend under the title."""
    plt.main()  # back from any subplot to the whole figure before sizing and building it
    legend = legend_lines(width, color, most=1 if height < 16 else 3)  # never at the cost of the plot itself
    plt.plotsize(width, height - len(legend))
    rows = plt.build().split("\n")
    if _background:
        rows = _shade(rows, color)
    if legend:
        at = 1 if rows and rows[0].strip() and not any(ch in plt.uncolorize(rows[0]) for ch in "┌┐│") else 0
        rows[at:at] = [line + " " * max(0, width - _plain_len(line)) for line in legend]
    text = "\n".join(rows)
    return text if color else plt.uncolorize(text)


def _plain_len(line: str) -> int:
    import plotext as plt

    return len(plt.uncolorize(line))
