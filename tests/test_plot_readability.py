"""Plots a learner can read (issue 15): legends off the data, readable panels, honest drawings,
surfaces that show their shape, starts outside the frame, formula blocks that keep their maths."""

import io

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
    for line in lines[row:row + 4]:
        for word in ("pull", "towards"):
            if word in line:
                assert cell_len(line[: line.index(word)]) >= column, line
