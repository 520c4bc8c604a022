"""Plots a learner can read (issue 15): legends off the data, readable panels, honest drawings,
surfaces that show their shape, starts outside the frame, formula blocks that keep their maths."""

import io
import re

import numpy as np
import pytest
from rich.cells import cell_len
from rich.console import Console

from dltutor import scenes
from dltutor.cli.terminal_plot import Canvas, render


def run(kind, names=(), flags=None, params=()):
    scene = scenes.build_scene(kind, names=list(names), flags=flags or {}, assignments=list(params))
    return scenes.run_scene(scene), scenes.resolve(scene)


def draw(kind, names=(), flags=None, params=(), width=100, height=30, progress=None, color=False):
    result, resolved = run(kind, names, flags, params)
    return render(kind, result, resolved, Canvas(width, height, color=color), progress), result


# --- bounds follow the start ----------------------------------------------------------------


def test_a_start_far_outside_the_surface_widens_the_bounds_instead_of_diverging():
    result, resolved = run("optimizers", ["sgd", "momentum", "adam"], {"--surface": "bowl", "--start": "100,100"})
    x0, x1, y0, y1 = resolved["bounds"]
    assert x0 < 100 < x1 and y0 < 100 < y1 and x1 > 100 + 5  # with a margin
    assert x0 <= -2 and y0 <= -2  # the surface's own frame (and its minimum) still inside
    assert not any(r.diverged for r in result["optimizers"])
    assert result["optimizers"][1].loss[-1] < 1  # momentum gets close to the minimum at (0, 0)


def test_bounds_given_are_kept_even_when_the_start_is_outside():
    _, resolved = run("optimizers", ["sgd"], {"--surface": "bowl", "--start": "100,100", "--bounds": "-3,3,-3,3"})
    assert resolved["bounds"] == [-3, 3, -3, 3]
    _, resolved = run("optimizers", ["sgd"], {"--surface": "bowl"})
    own = scenes.resolve(scenes.build_scene("optimizers", names=["sgd"], flags={"--surface": "bowl"}))["bounds"]
    assert resolved["bounds"] == own  # a start inside changes nothing


# --- formula blocks -------------------------------------------------------------------------


@pytest.mark.parametrize("width", [50, 60, 80])
def test_formula_blocks_wrap_only_their_comments_under_the_comment_column(width):
    from dltutor.cli.deck_view import show_card
    from dltutor.deck import load_deck

    deck = load_deck()
    console = Console(file=io.StringIO(), width=width, color_system=None)
    show_card(deck, deck.cards["adam"], console)
    lines = console.file.getvalue().splitlines()
    (row,) = [i for i, line in enumerate(lines) if "m̂ = m / (1 − β₁ᵗ)" in line]
    column = cell_len(lines[row][: lines[row].index("bias")])  # m̂ has a combining mark: count cells
    assert "bias corrections:" in lines[row]
    following = lines[row + 1]
    if "v̂ = v" not in following:  # the comment went on: only under its own column, never under the maths
        assert following[1:column].strip() == "" and following[column:].strip()
    for line in lines[row : row + 4]:
        for word in ("pull", "towards"):
            if word in line:
                assert cell_len(line[: line.index(word)]) >= column, line


# --- legends ------------------------------------------------------------------------------

VIEWS = [
    ("optimizers", [], {}, []),
    ("optimizers", [], {"--view": "loss"}, []),
    ("optimizers", [], {"--view": "state"}, []),
    ("optimizers", ["sgd", "adam"], {"--view": "sweep", "--sweep": "lr=1e-3:1:8", "--steps": "50"}, []),
    (
        "optimizers",
        ["sgd", "adam"],
        {"--surface": "himmelblau", "--view": "basins", "--steps": "50"},
        ["optimizers.grid=12,6"],
    ),
    ("schedules", ["step", "cosine", "plateau", "linear"], {}, []),
    ("activations", [], {}, []),
    ("activations", ["relu", "tanh", "gelu", "elu"], {"--layout": "grid"}, []),
    ("dropout", [], {}, []),
    ("dropout", [], {"--recurrent": "true"}, []),
    ("batch", [], {}, []),
    ("depth", [], {}, []),
]
SIZES = [(120, 40), (80, 24)]
FRAME = "│┤├┌┐└┘"


def framed(line):
    return any(ch in line for ch in FRAME)


def legend_labels():
    from dltutor.plots import figure

    return [label for _, _, label in figure._legend]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("kind, names, flags, params", VIEWS, ids=lambda v: str(v) if isinstance(v, str) else None)
def test_legends_sit_outside_every_plot_area(kind, names, flags, params, size):
    text, _ = draw(kind, names, flags, params, *size)
    labels = legend_labels()
    lines = text.splitlines()
    assert len(lines) == size[1] and all(len(line) <= size[0] for line in lines)
    if kind != "optimizers" or flags.get("--view") != "basins":
        assert labels, "every kind but basins labels its series"
    top = next(i for i, line in enumerate(lines) if "┌" in line)
    legend_rows = [i for i, line in enumerate(lines[:top]) if any(label in line for label in labels)]
    for label in labels:
        assert any(label in line for line in lines[:top]), label
        assert not any(f" {label}" in line for line in lines if framed(line)), f"{label!r} drawn over the plot"
    assert len(legend_rows) <= (2 if size == (80, 24) else 3)  # the legend never fills the plot
    assert sum(framed(line) for line in lines) >= size[1] // 2


# --- readable panels ----------------------------------------------------------------------


def panel_heights(text):
    """Rows of data in each stacked panel (between a frame's top and bottom lines)."""
    heights, top = [], None
    for r, line in enumerate(text.splitlines()):
        if "┌" in line:
            top = r
        elif "└" in line and top is not None:
            heights.append(r - top - 1)
            top = None
    return heights


@pytest.mark.parametrize(
    "kind, names, flags, height, wanted",
    [
        ("optimizers", [], {"--view": "state"}, 20, 3),
        ("optimizers", [], {"--view": "state"}, 16, 3),
        ("batch", [], {}, 18, 2),
        ("schedules", ["step", "plateau"], {}, 18, 2),
        (
            "activations",
            ["relu", "tanh", "gelu", "elu", "silu", "sigmoid", "selu", "softplus", "leaky_relu"],
            {"--layout": "grid"},
            24,
            3,
        ),
    ],
)
def test_no_panel_is_too_short_to_read(kind, names, flags, height, wanted):
    text, _ = draw(kind, names, flags, width=100, height=height)
    heights = panel_heights(text)
    assert heights and min(heights) >= 4, heights
    if len(heights) < wanted and kind != "activations":
        assert re.search(r"Only \d of \d panels fits? at this height", " ".join(text.split()))


def test_tall_enough_plots_keep_every_panel():
    text, _ = draw("optimizers", flags={"--view": "state"}, width=100, height=40)
    assert len(panel_heights(text)) == 3 and "at this height" not in text


# --- honest drawings ----------------------------------------------------------------------


@pytest.mark.parametrize("height", [16, 24, 40])
def test_a_scaled_down_recurrent_mask_keeps_its_proportions(height):
    text, result = draw("dropout", flags={"--recurrent": "true"}, width=80, height=height)
    lines = [line for line in text.splitlines() if framed(line)]
    middle = len(lines[0]) // 2
    scene = scenes.resolve(scenes.build_scene("dropout", flags={"--recurrent": "true"}))
    masks, other = np.asarray(result["masks"])[0, -1], np.asarray(result["other_masks"])[0, -1]
    elementwise = other if scene["variational"] else masks
    cells = [(r, c, ch) for r, line in enumerate(lines) for c, ch in enumerate(line[:middle]) if ch in "█·"]
    rows, cols = sorted({r for r, _, _ in cells}), sorted({c for _, c, _ in cells})
    assert len(cells) == len(rows) * len(cols)  # one character per cell: nothing drawn over anything
    times, units = len(cols), len(rows)
    shown = elementwise[:times, :units]
    assert sum(ch == "█" for _, _, ch in cells) == shown.sum()
    if (times, units) != elementwise.shape:
        assert "Shown: the first" in " ".join(text.split())


def tick_rows(text):
    """The tick labels under each frame's bottom line, as lists of words."""
    lines = text.splitlines()
    return [lines[r + 1].split() for r, line in enumerate(lines[:-1]) if "└" in line]


@pytest.mark.parametrize(
    "kind, names, flags",
    [
        ("schedules", ["step", "cosine"], {}),
        ("depth", [], {}),
        ("batch", [], {"--epochs": "50"}),
        ("dropout", [], {"--recurrent": "true"}),
        ("optimizers", [], {"--view": "loss", "--steps": "77"}),
    ],
)
def test_counted_axes_have_whole_numbers(kind, names, flags):
    for width, height in SIZES:
        text, _ = draw(kind, names, flags, width=width, height=height)
        rows = tick_rows(text)
        assert rows
        last = rows[-1]  # the bottom panel: epochs, layers, steps, time steps
        assert last and all(re.fullmatch(r"\d+", word) for word in last), last


@pytest.mark.parametrize(
    "kind, names, flags",
    [
        ("activations", ["tanh", "relu"], {}),
        ("optimizers", [], {}),
        ("optimizers", [], {"--surface": "himmelblau"}),
        ("schedules", ["cosine"], {}),
    ],
)
def test_no_negative_zero_tick(kind, names, flags):
    for width, height in SIZES:
        text, _ = draw(kind, names, flags, width=width, height=height)
        words = re.findall(r"-?[\d.]+(?:e-?\d+)?", text)
        assert not any(re.fullmatch(r"-0(\.0*)?", w) for w in words), words


def test_tick_labels_are_round_and_never_negative_zero():
    from dltutor.plots.common import nice_ticks

    ticks, labels = nice_ticks(-0.3, 0.3)
    assert "0" in labels and not any(label.startswith("-0") and float(label) == 0 for label in labels)
    assert nice_ticks(-1e-17, 1.0)[1][0] == "0"
    assert nice_ticks(0, 99, integer=True)[1] == ["0", "20", "40", "60", "80", "99"]
    assert nice_ticks(1, 20, integer=True)[1] == ["1", "5", "10", "15", "20"]
    assert all(re.fullmatch(r"-?\d+(\.\d+)?", label) for label in nice_ticks(0.723, 0.966)[1])


@pytest.mark.parametrize(
    "kind, names",
    [
        ("activations", ["sigmoid", "tanh", "relu"]),
        ("depth", []),
        ("optimizers", ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw", "nadam"]),
    ],
)
def test_every_series_and_mark_has_a_colour_of_its_own(kind, names):
    import plotext

    draw(kind, names, color=True)
    from dltutor.plots import figure

    codes = [plotext.colorize("x", colour) for _, colour, _ in figure._legend if colour not in (None, "white")]
    assert len(codes) == len(set(codes)), figure._legend
    red = [plotext.colorize("x", c) for c in ("red", "red+")]
    series = [plotext.colorize("x", c) for m, c, label in figure._legend if m in ("━━",)]
    assert not set(series) & set(red)  # red is for marks (dead, diverged), never a series


def test_path_plots_have_no_stray_axis_label():
    for width, height in SIZES:
        text, _ = draw("optimizers", width=width, height=height)
        assert not any(re.match(r"y\s", line) for line in text.splitlines())


@pytest.mark.parametrize("width", [70, 80, 100])
def test_tables_never_cut_names(width):
    from dltutor.tables.depth import table

    result, _ = run("depth")
    console = Console(file=io.StringIO(), width=width, color_system=None)
    console.print(table(result))
    out = console.file.getvalue()
    for init in result["inits"]:
        assert re.search(rf"│ {init}\s+│", out), init
    assert "…" not in out


def test_a_divergence_caption_reads_as_a_sentence():
    text, result = draw("optimizers", ["sgd", "adam"], {"--surface": "rosenbrock", "--lr": "1", "--steps": "30"})
    caption = " ".join(text.split())
    assert "Loss at sgd" not in caption
    assert re.search(r"Loss at step 30: adam [\d.e+-]+\. Diverged: sgd at step \d+\.", caption), caption


# --- surfaces -----------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_ravine_looks_like_a_ravine(size):
    """Steep walls top and bottom are shaded densely, the floor along y = 0 is clear, with steps between."""
    text, _ = draw("optimizers", ["sgd"], {"--steps": "1"}, width=size[0], height=size[1])
    rows = [
        line[line.index("┤") + 1 if "┤" in line else line.index("│") + 1 : line.rindex("│")]
        for line in text.splitlines()
        if "│" in line and "┌" not in line
    ]
    inner = [row[len(row) // 4 : 3 * len(row) // 4] for row in rows]  # away from the start marker
    shade = [sum(ch != " " for ch in row) / len(row) for row in inner]
    assert shade[0] == 1 and shade[-1] == 1  # the walls: every cell shaded
    middle = shade[len(shade) // 2 - 1 : len(shade) // 2 + 2]
    assert min(middle) <= 0.1  # the floor: clear
    marks = [set(row) - {" "} for row in inner]
    assert marks[0] != marks[len(marks) // 4]  # and levels between: more than one shade


def test_a_short_plot_keeps_its_whole_caption():
    """The caption names every optimizer's loss; a short plot gives up rows of the figure for it."""
    text, result = draw("optimizers", ["sgd", "momentum", "adam"], width=60, height=13)
    lines = text.splitlines()
    assert len(lines) == 13 and all(len(line) <= 60 for line in lines)
    caption = " ".join(text.split())
    for run in result["optimizers"]:
        assert f"{run.name} " in caption.split("Loss at step")[-1], run.name
    assert caption.endswith(".")


def test_a_legend_cut_for_room_counts_what_it_left_out():
    """A short plot keeps one legend line: the entries that do not fit are counted ("+8 more"),
    so a reader knows there is more than the line shows."""
    names = ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adadelta", "adam", "adamw"]
    whole, _ = draw("optimizers", names, width=140, height=40)
    short, _ = draw("optimizers", names, width=40, height=14)
    everything = set(re.findall(r"\b(" + "|".join(names) + r")\b", " ".join(whole.splitlines()[:4])))
    assert everything == set(names)
    legend = short.splitlines()[1]
    shown = re.findall(r"\b(" + "|".join(names) + r")\b", legend)
    more = re.search(r"\+(\d+) more", legend)
    assert more and shown and len(shown) + int(more.group(1)) >= len(names), legend
    for width in (40, 44, 48):  # however narrow, the counted line fits the figure's width
        narrow, _ = draw("optimizers", names, width=width, height=12)
        assert all(cell_len(row) <= width for row in narrow.splitlines()), width
        assert re.search(r"\+\d+ more", narrow), width
