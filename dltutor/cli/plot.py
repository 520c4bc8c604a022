"""`dltutor plot KIND`: its flags, help and dispatch are built from the kind specs (dltutor.kinds).

A flag that several kinds take (`--lr`) is one option whose help lists the kinds; a kind with
components gets its `--optimizers`-style list flag. Drawing flags are the same for every kind.
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path
from typing import Any, Optional

import typer

from dltutor import kinds
from dltutor.cli.common import fail

THEMES = (
    "default",
    "clear",
    "pro",
    "matrix",
    "windows",
    "dark",
    "retro",
    "elegant",
    "mature",
    "dreamland",
    "grandpa",
    "salad",
    "girly",
    "serious",
    "sahara",
    "scream",
)  # plotext's themes


def _help() -> str:
    lines = [
        "Run one simulation and draw it in the terminal, print a summary table, or export it as JSON.",
        "",
        "[b]Kinds[/b]",
        "",
    ]
    lines += [f"  [b]{name}[/b]: {spec.summary}" + "\n" for name, spec in kinds.kinds().items()]
    lines += [
        "[b]Examples[/b]",
        "",
        "  dltutor plot optimizers --surface rosenbrock --optimizers sgd,momentum,adam --lr 1e-3 --animate",
        "",
        "  dltutor plot schedules --schedules step,cosine-restarts -p step.step_size=10 --table",
        "",
        "  dltutor plot activations relu gelu -p gelu.approximate=tanh --json",
        "",
    ]
    return "\n".join(lines)


def _kind_options() -> list[inspect.Parameter]:
    """One option per component-list flag and per kind flag, merged across kinds."""
    params = []
    for name, spec in kinds.kinds().items():
        if spec.components is not None:
            params.append(
                _option(
                    f"list_{name}",
                    f"--{name}",
                    "A,B",
                    f"{name}: comma-separated, from: {', '.join(spec.components.names)}.",
                )
            )
    merged: dict[str, tuple[Any, list[str]]] = {}
    for name, spec in kinds.kinds().items():
        for flag in spec.flags:
            merged.setdefault(flag.name, (flag, []))[1].append(name)
    for flag_name, (flag, owners) in merged.items():
        help_ = f"{', '.join(owners)}: {flag.help}"
        key = "flag_" + flag_name.lstrip("-").replace("-", "_")
        if flag.switch is not None:
            params.append(
                inspect.Parameter(
                    key,
                    inspect.Parameter.KEYWORD_ONLY,
                    annotation=bool,
                    default=typer.Option(False, flag_name, help=help_),
                )
            )
        else:
            params.append(_option(key, flag_name, flag.metavar, help_))
    return params


def _option(key: str, flag: str, metavar: str, help_: str) -> inspect.Parameter:
    return inspect.Parameter(
        key,
        inspect.Parameter.KEYWORD_ONLY,
        annotation=Optional[str],
        default=typer.Option(None, flag, metavar=metavar, help=help_),
    )


def _common_options() -> list[inspect.Parameter]:
    kw = inspect.Parameter.KEYWORD_ONLY

    def opt(key: str, annotation: Any, default: Any) -> inspect.Parameter:
        return inspect.Parameter(key, kw, annotation=annotation, default=default)

    return [
        inspect.Parameter(
            "kind",
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
            annotation=str,
            default=typer.Argument(..., metavar="KIND", help=", ".join(kinds.kinds()) + "."),
        ),
        inspect.Parameter(
            "names",
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
            annotation=Optional[list[str]],
            default=typer.Argument(None, metavar="[NAMES]...", help="Components to show (same as --optimizers, ...)."),
        ),
        opt("seed", int, typer.Option(0, "--seed", metavar="N", help="Seed for every random draw.")),
        opt(
            "param",
            Optional[list[str]],
            typer.Option(
                None,
                "-p",
                "--param",
                metavar="NAME.KEY=VALUE",
                help="A setting, e.g. adam.betas=0.8,0.99 or dropout.p=0.3 "
                "(repeatable). Label a name to show it twice: "
                "sgd:slow,sgd:fast.",
            ),
        ),
        opt(
            "width",
            Optional[int],
            typer.Option(None, "--width", metavar="COLS", help="Plot width (default: the terminal's)."),
        ),
        opt(
            "height",
            Optional[int],
            typer.Option(None, "--height", metavar="ROWS", help="Plot height (default: the terminal's)."),
        ),
        opt(
            "theme",
            str,
            typer.Option("pro", "--theme", metavar="THEME", help="A plotext theme: " + ", ".join(THEMES) + "."),
        ),
        opt("no_color", bool, typer.Option(False, "--no-color", help="No colour (also when NO_COLOR is set).")),
        opt("color", bool, typer.Option(False, "--color", help="Colour even when stdout is not a terminal.")),
        opt(
            "output",
            Optional[Path],
            typer.Option(
                None, "--output", "-o", metavar="FILE", help="Write the plot to FILE: .txt plain text, .html in colour."
            ),
        ),
        opt("animate", bool, typer.Option(False, "--animate", help="Let the run unfold frame by frame.")),
        opt("fps", float, typer.Option(15.0, "--fps", metavar="N", help="Animation frames per second (1 to 60).")),
        opt("frames", int, typer.Option(60, "--frames", metavar="N", help="Animation frames (1 to 10000).")),
        opt("table", bool, typer.Option(False, "--table", help="Print a summary table instead of the plot.")),
        opt(
            "as_json", bool, typer.Option(False, "--json", help="Print the scene and raw results as one JSON document.")
        ),
    ]


def register(app: typer.Typer) -> None:
    """Add `plot` to the app, with the flags of every kind known now."""
    params = _common_options() + _kind_options()

    def plot(**given: Any) -> None:
        _plot(given)

    plot.__signature__ = inspect.Signature(params)  # typer reads the options from the signature
    plot.__annotations__ = {p.name: p.annotation for p in params}
    app.command("plot", help=_help())(plot)


def _plot(given: dict[str, Any]) -> None:
    from dltutor import scenes

    kind = given["kind"]
    if kind not in kinds.kinds():
        fail(f"plot: KIND: unknown kind {kind!r}; choose one of: {', '.join(kinds.kinds())}")
    spec = kinds.get(kind)
    lists = {key[len("list_") :]: value for key, value in given.items() if key.startswith("list_")}
    for list_kind, value in lists.items():
        if value is not None and list_kind != kind:
            fail(f"plot: --{list_kind} does not apply to `plot {kind}`")
    _check_drawing_flags(given)
    flags: dict[str, str | None] = {}
    for key, value in given.items():
        if key.startswith("flag_") and value not in (None, False):
            flags["--" + key[len("flag_") :].replace("_", "-")] = "true" if value is True else value
    chosen = [*(given["names"] or []), *([lists[kind]] if lists.get(kind) else [])]
    if chosen and spec.components is None:
        fail(f"plot: NAMES: `plot {kind}` takes no list of names")
    try:
        scene = scenes.build_scene(kind, names=chosen, flags=flags, assignments=given["param"], seed=given["seed"])
        resolved = scene.resolved
        result = scenes.run_scene(scene)
    except scenes.SceneError as err:
        fail(f"plot: {err}")
        return
    if given["as_json"]:
        import json

        document = {"command": scenes.command(scene), "scene": resolved, "result": scenes.to_jsonable(result)}
        sys.stdout.write(json.dumps(document, allow_nan=False) + "\n")
        return
    if given["table"]:
        from dltutor.cli.summary import print_summary

        print_summary(scene, result)
        return
    _draw(kind, result, resolved, given)


OUTPUT_SUFFIXES = (".txt", ".html")  # what `save` can write: plain text, or text in colour


def _check_drawing_flags(given: dict[str, Any]) -> None:
    output = given["output"]
    if output is not None and output.suffix.lower() not in OUTPUT_SUFFIXES:
        fail(
            f"plot: --output: cannot write {output.suffix or 'a file without an extension'}; "
            f"use a name ending in {' or '.join(OUTPUT_SUFFIXES)}"
        )
    if given["theme"] not in THEMES:
        fail(f"plot: --theme: must be one of {', '.join(THEMES)}")
    if not 1 <= given["fps"] <= 60:
        fail("plot: --fps: must be a number from 1 to 60")
    if not 1 <= given["frames"] <= 10_000:
        fail("plot: --frames: must be a whole number from 1 to 10000")
    for flag in ("width", "height"):
        if given[flag] is not None and not 1 <= given[flag] <= 1000:
            fail(f"plot: --{flag}: must be a whole number from 1 to 1000")


def _draw(kind: str, result: Any, resolved: dict[str, Any], given: dict[str, Any]) -> None:
    import shutil

    from dltutor.cli.terminal_plot import Canvas, TooSmall, render, save, wants_color
    from dltutor.cli.terminal_plot import animate as run_animation

    size = shutil.get_terminal_size(fallback=(100, 30))
    on_terminal = sys.stdout.isatty()
    width, height, theme, output = given["width"], given["height"], given["theme"], given["output"]
    # a terminal's last line is kept free for the prompt that follows
    canvas = Canvas(
        width or size.columns,
        height or (size.lines - 1 if on_terminal else size.lines),
        theme,
        wants_color(given["no_color"], given["color"]),
    )
    try:
        if output is not None:
            text = render(kind, result, resolved, Canvas(canvas.width, canvas.height, theme, not given["no_color"]))
            try:
                save(text, output)
            except OSError as err:
                fail(f"plot: --output: cannot write {output}: {err.strerror or err}")
            typer.echo(f"wrote {output}", err=True)
            return
        if given["animate"] and on_terminal:
            run_animation(kind, result, resolved, canvas, given["fps"], given["frames"])
            return
        sys.stdout.write(render(kind, result, resolved, canvas) + "\n")
    except TooSmall as err:
        fail(f"plot: {err}", code=1)
