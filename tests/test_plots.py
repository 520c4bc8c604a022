"""What a learner relies on in a drawn plot, checked on the plain text it renders to."""

import os
import pty
import re
import subprocess
import sys

import numpy as np
import pytest

from dltutor import scenes
from dltutor.cli.terminal_plot import Canvas, TooSmall, render

ESC = "\x1b"


def draw(kind, names=(), flags=None, params=(), width=100, height=30, progress=None, color=False):
    scene = scenes.build_scene(kind, names=list(names), flags=flags or {}, assignments=list(params))
    result = scenes.run_scene(scene)
    return render(kind, result, scenes.resolve(scene), Canvas(width, height, color=color), progress), result


def cell(text, char):
    """(row, column) of every occurrence of char inside a plot's frame (the legend is outside it)."""
    return [
        (r, c) for r, line in enumerate(text.splitlines()) if "│" in line for c, ch in enumerate(line) if ch == char
    ]


@pytest.mark.parametrize(
    "kind, names, words",
    [
        ("optimizers", ["sgd", "adam"], ["Ill-conditioned ravine", "sgd", "adam", "start", "minimum"]),
        ("schedules", ["step", "cosine"], ["Learning rate per epoch", "step", "cosine", "epoch", "lr"]),
        ("activations", ["relu", "tanh"], ["relu f′", "tanh f", "dead: f′ = 0", "saturated", "x"]),
        ("dropout", [], ["mask at step", "kept", "dropped", "running mean while training", "training step"]),
        ("batch", [], ["minibatch (batch 32)", "stochastic", "update (log)", "epoch"]),
        ("depth", [], ["std of each layer's output", "kaiming_normal", "layer"]),
    ],
)
def test_titles_legends_and_axis_labels(kind, names, words):
    text, _ = draw(kind, names)
    for word in words:
        assert word in text, word
    lines = text.splitlines()
    assert len(lines) == 30 and all(len(line) <= 100 for line in lines)
    assert ESC not in text


def test_a_converging_path_ends_at_the_minimum_marker():
    flags = {"--surface": "bowl", "--lr": "0.1", "--steps": "300"}
    early, _ = draw("optimizers", ["momentum"], {**flags, "--steps": "1"})
    late, result = draw("optimizers", ["momentum"], flags)
    assert np.linalg.norm(result["optimizers"][0].final) < 1e-3
    (minimum,) = cell(early, "✚")  # where the minimum sits on these fixed axes
    (end,) = cell(late, "●") or cell(late, "✚")  # the end marker, unless it hides under the minimum
    assert abs(end[0] - minimum[0]) <= 1 and abs(end[1] - minimum[1]) <= 1
    (start,) = cell(early, "○")
    assert abs(start[1] - minimum[1]) > 10  # and the start is far away: the test can fail


def test_paths_keep_one_point_per_braille_dot_they_pass():
    from dltutor.plots.common import distinct_dots

    # 0..1 on a 10-character-wide plot is 20 dots across; a crawl of 1,000 points inside two dots
    xs = np.concatenate([[0.0, 0.5], np.linspace(0.9, 0.99, 1000), [1.0]])
    ys = np.zeros_like(xs)
    idx = distinct_dots(xs, ys, ((0.0, 1.0), (-1.0, 1.0)), (10, 5))
    assert idx[0] == 0 and idx[-1] == len(xs) - 1
    dots = np.floor(xs * 20)
    assert sorted(dots[idx]) == sorted(set(dots))  # each dot the path passes, once
    assert len(idx) == 5  # not 1,003
    assert len(distinct_dots(np.linspace(0, 1, 5000), np.linspace(-1, 1, 5000), ((0, 1), (-1, 1)), (200, 60))) <= 240


def test_a_diverged_run_is_labelled():
    text, result = draw("optimizers", ["sgd"], {"--surface": "rosenbrock", "--lr": "1", "--steps": "30"})
    assert result["optimizers"][0].diverged
    assert "sgd (diverged)" in text and re.search(r"Diverged: sgd at step \d+\.", " ".join(text.split()))


def test_the_dropout_grid_shows_exactly_the_kept_units():
    text, result = draw("dropout", params=["dropout.p=0.3", "dropout.steps=40"])
    mask = np.asarray(result["masks"])[0, -1]
    legend = 1  # "█ kept"
    assert text.count("█") - legend == mask.sum()
    assert f"kept {mask.sum()} of 64 units" in text
    kept_share = np.asarray(result["masks"]).mean()
    assert abs((1 - kept_share) - 0.3) < 0.03  # over 40 steps × 64 units the dropped share is p


@pytest.mark.parametrize("variational", ["true", "false"])
def test_recurrent_dropout_shows_each_mask_kind_under_its_own_title(variational):
    text, result = draw(
        "dropout",
        flags={"--recurrent": "true"},
        params=["dropout.steps=5", "dropout.units=12", f"dropout.variational={variational}"],
    )
    masks = {"true": np.asarray(result["masks"]), "false": np.asarray(result["other_masks"])}[variational]
    assert np.all(masks[0, -1] == masks[0, -1][0])  # the variational mask: one row repeated over time
    # In the drawing, the right panel ("variational") has each unit's row all kept or all dropped;
    # the left panel ("element-wise") has at least one row that changes along time.
    lines = text.splitlines()
    assert "element-wise" in lines[0] and lines[0].index("element-wise") < lines[0].index("variational")
    middle = max(line.index("┐") for line in lines if "┐" in line[: len(line) // 2 + 10]) + 1
    left = [line[:middle] for line in lines[2:]]
    right = [line[middle:] for line in lines[2:]]

    def uniform_rows(panel):
        rows = [re.sub(r"[^█·]", "", row) for row in panel]
        return [row for row in rows if row]

    assert all(len(set(row)) == 1 for row in uniform_rows(right))
    assert any(len(set(row)) > 1 for row in uniform_rows(left))


def test_without_colour_each_line_has_its_own_character():
    plain, _ = draw("optimizers", ["sgd", "momentum", "adam"], {"--surface": "bowl", "--lr": "0.05"})
    legend = dict((name, mark) for mark, name in re.findall(r"(\S)\1 (sgd|momentum|adam)\b", plain))
    assert set(legend) == {"sgd", "momentum", "adam"}
    assert len(set(legend.values())) == 3 and not any("\u2800" <= ch <= "\u28ff" for ch in legend.values())
    coloured, _ = draw("optimizers", ["sgd", "momentum", "adam"], {"--surface": "bowl", "--lr": "0.05"}, color=True)
    assert "━━" in coloured and any(
        "\u2801" <= ch <= "\u28ff" for ch in coloured
    )  # with colour, braille lines told apart by hue


def test_animation_frames_reveal_the_run():
    first, _ = draw("schedules", ["step"], {"--epochs": "100"}, progress=0.1)
    last, _ = draw("schedules", ["step"], {"--epochs": "100"}, progress=1.0)
    assert "At epoch 9:" in first and "At epoch 99:" in last


def test_colour_only_when_asked():
    text, _ = draw("schedules", color=True)
    assert ESC in text


def test_too_small_says_so():
    with pytest.raises(TooSmall, match="too small"):
        draw("schedules", width=30, height=10)


def test_sweep_and_basins_views():
    text, result = draw(
        "optimizers",
        ["sgd", "adam"],
        {"--surface": "rosenbrock", "--sweep": "lr=1e-4:1:12", "--steps": "100", "--view": "sweep"},
    )
    assert "against lr" in text and "lr values that lower the loss" in text
    assert np.asarray(result["sweep"]["optimizers"][0]["diverged"])[-1]  # sgd at lr = 1 diverges
    text, result = draw(
        "optimizers",
        ["adam"],
        {"--surface": "himmelblau", "--view": "basins", "--lr": "0.05", "--steps": "300"},
        params=["optimizers.grid=24,12"],
    )
    basin = np.asarray(result["basins"]["optimizers"][0]["basin"])
    assert basin.shape == (12, 24) and set(np.unique(basin)) >= {0, 1, 2, 3}
    assert "Share of starts per minimum" in " ".join(text.split())


def run_cli(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "dltutor", "plot", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )


def test_no_color_environment_means_no_escape_codes_even_when_forced():
    out = run_cli("schedules", "--color", "--width", "60", "--height", "15", env={"NO_COLOR": "1"})
    assert out.returncode == 0 and ESC not in out.stdout
    forced = run_cli("schedules", "--color", "--width", "60", "--height", "15")
    assert ESC in forced.stdout


def test_a_pipe_gets_one_plain_frame_and_no_animation():
    out = run_cli("schedules", "--animate", "--frames", "5", "--width", "60", "--height", "15")
    assert out.returncode == 0
    assert ESC not in out.stdout
    assert out.stdout.count("Learning rate per epoch") == 1


@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_output_writes_the_file(tmp_path, suffix):
    target = tmp_path / f"plot{suffix}"
    out = run_cli("activations", "relu", "--width", "70", "--height", "20", "--output", str(target))
    assert out.returncode == 0 and out.stdout == ""
    body = target.read_text(encoding="utf-8")
    assert "relu f′" in body
    if suffix == ".txt":
        assert ESC not in body
    else:
        assert body.lstrip().startswith("<!DOCTYPE html>") and "<span" in body


def test_too_small_on_the_command_line_is_one_line():
    out = run_cli("schedules", "--width", "30", "--height", "10")
    assert out.returncode == 1 and out.stdout == ""
    assert len(out.stderr.strip().splitlines()) == 1 and "too small" in out.stderr


def test_animation_in_a_terminal_hides_and_restores_the_cursor():
    pid, fd = pty.fork()
    if pid == 0:  # the child runs dltutor on the pseudo-terminal
        os.execv(
            sys.executable,
            [
                sys.executable,
                "-m",
                "dltutor",
                "plot",
                "schedules",
                "--animate",
                "--frames",
                "4",
                "--fps",
                "60",
                "--width",
                "60",
                "--height",
                "15",
            ],
        )
    output = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    _, status = os.waitpid(pid, 0)
    text = output.decode("utf-8", "replace")
    assert os.waitstatus_to_exitcode(status) == 0
    assert "\x1b[?25l" in text and text.rindex("\x1b[?25h") > text.rindex("\x1b[?25l")
    assert len(re.findall("Learning rate per epoch", text)) >= 4  # every frame, redrawn in place


def test_custom_surfaces_are_drawn_and_malicious_ones_refused_quickly():
    text, result = draw("optimizers", ["sgd"], {"--surface": "x**2 + 10*y**2", "--bounds": "-5,5,-3,3", "--lr": "0.05"})
    assert "Custom surface" in text and result["surface"]["bounds"] == [[-5, 5], [-3, 3]]
    assert np.linalg.norm(result["optimizers"][0].final) < 1e-3
    import time

    began = time.perf_counter()
    for attack in [
        "__import__('os').system('id')",
        "().__class__.__bases__",
        "x.real",
        "9**9**9**9**9",
        "(" * 500 + "x" + ")" * 500,
        "x" + "+x" * 5000,
        "open('/etc/passwd')",
        "lambda: 1",
    ]:
        out = run_cli("optimizers", "--surface", attack, "--json")
        assert out.returncode == 2 and out.stdout == "" and "Traceback" not in out.stderr, attack
        assert len(out.stderr.strip().splitlines()) == 1
    assert time.perf_counter() - began < 10  # eight processes, each refusing at once


def test_a_shaded_surface_is_written_in_runs():
    """One escape per run of cells in a style, not one per cell: Rich and Textual make a span of
    every escape, and a frame written cell by cell cost them more than drawing it."""
    coloured, _ = draw("optimizers", ["sgd"], {"--surface": "ravine"}, color=True)
    assert re.search(r"\x1b\[[0-9;]+m([·∙•])\1{5}", coloured)  # the shades come in runs
    assert not re.search(r"(\x1b\[[0-9;]+m)[^\x1b]\x1b\[0m\1", coloured)  # never the same style twice in a row


def test_cached_shading_follows_the_surface_its_bounds_and_the_size():
    """The surface's shading is cached across frames: with a warm cache, in any order, every frame
    is the frame drawn afresh; another surface, other bounds or another size is never served a
    stale shading."""
    from dltutor.plots.optimizers import surface_bands

    cases = [
        ("ravine", None, 100, 30),
        ("ravine", None, 80, 24),
        ("ravine", None, 80, 30),
        ("ravine", "-4,4,-2,2", 80, 24),
        ("himmelblau", None, 80, 24),
        ("x**2 + y**4", None, 80, 24),
        ("x**2 + y**4", "-1,1,-3,3", 80, 24),
    ]

    def frame(surface, bounds, width, height, color):
        flags = {"--surface": surface, "--steps": "20", **({"--bounds": bounds} if bounds else {})}
        return draw("optimizers", ["sgd"], flags, width=width, height=height, color=color)[0]

    cases = [(*case, color) for case in cases for color in (True, False)]
    fresh = {}
    for case in cases:
        surface_bands.cache_clear()
        fresh[case] = frame(*case)
    for case in cases[::-1] + cases:
        assert frame(*case) == fresh[case], case
    shading = {
        re.sub(r"[^·∙•\n]", " ", re.sub(r"\x1b\[[0-9;]*m", "", text)) for case, text in fresh.items() if case[-1]
    }
    assert len(shading) == len(cases) // 2  # each case has a shading of its own


def test_a_plot_is_drawn_alike_in_every_process():
    """plotext dropped duplicate ticks through a set, so which of two y ticks sharing a row was
    shown followed the process's string-hash seed (the lab's 80x24 snapshot changed run to run)."""
    import subprocess
    import sys

    argv = [sys.executable, "-m", "dltutor", "plot", "optimizers", "--optimizers=sgd,momentum"]
    argv += ["--surface=ravine", "--width", "56", "--height", "12"]
    drawn = {
        subprocess.run(argv, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2", "3", "4")
    }
    assert len(drawn) == 1 and "┤" in drawn.pop()


def test_an_activation_curve_is_drawn_from_a_point_per_column_kept_from_frame_to_frame(monkeypatch):
    """201 samples on 60 columns are drawn from about 60 points (plotext draws each segment); an
    animation's growing curve keeps the points it had, so it never shimmers."""
    from dltutor.plots import activations
    from dltutor.plots.figure import start_figure

    scene = scenes.build_scene("activations", names=["relu"])
    result = scenes.run_scene(scene)
    drawn: list[list[float]] = []
    for progress in (0.5, None):
        plt = start_figure(60, 20)
        monkeypatch.setattr(plt, "plot", lambda xs, ys, **kw: drawn.append(list(xs)))
        activations.draw(plt, result, scene.resolved, progress)
    half, whole = drawn[0], drawn[2]  # f at half way and at the end (each draw plots f, then f′)
    assert len(result["x"]) == 201 and 55 <= len(whole) <= 61
    assert whole[0] == result["x"][0] and whole[-1] == result["x"][-1]
    assert set(half[:-1]) <= set(whole) and half == sorted(half)
