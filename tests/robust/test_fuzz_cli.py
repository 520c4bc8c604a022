"""Every option of `dltutor plot`, `quiz`, `cards`, `show`, `check` and `stats`, given any text.

Whatever the value: the exit status is 0, 1 or 2, and a non-zero status comes with exactly one
line on stderr and never a traceback. Runs `dltutor.cli.main(argv)` in this process (a crash
surfaces as the exception itself), except the last test, which passes bytes that are not UTF-8
through a real process's argv.

Which commands can exit 1 (everything a user can get wrong is 2):
- `dltutor plot` when the plot does not fit (--width/--height, or the terminal, below what the
  plot needs: "the terminal is too small");
- `dltutor check` when the deck has problems (with or without --dump);
- `dltutor` with no command when stdin or stdout is not a terminal (not fuzzed here).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dltutor.cli import app, main
from dltutor.deck.load import CONTROL

from ..quiz.conftest import TOPIC_ID, write_deck

# Values that parsers get wrong: empty, blank, signs, non-finite and overflowing numbers, digits
# that are not ASCII, flag-looking words, separators, escape sequences, line breaks, very long text.
SPECIAL = [
    "",
    " ",
    "0",
    "-1",
    "-0",
    "1",
    "2",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "1e309",
    "-1e309",
    "1e-320",
    "9" * 40,
    "-" + "9" * 40,
    "0x10",
    "1_000",
    "١٢",
    "５",
    "--json",
    "-p",
    "--",
    "-h",
    "--help",
    "--version",
    "-",
    "=",
    ",",
    ",,",
    "a,b",
    "1,2",
    "1,2,3,4",
    "-5,5,-3,3",
    "5,-5,3,-3",
    "nan,nan",
    "inf,0,0,1",
    "lr=1e-4:1:4",
    "lr=0:0:2",
    "lr=1:2:99999999",
    "x**2",
    "9**9**9",
    "__import__('os')",
    "\x1b]0;pwned\x07",
    "\x9b31m",
    "a\nb",
    "\t",
    "é",
    "\u202e",
    "\U0001f4a5",
    "x" * 5000,
    "sgd,,adam",
    "adam,adam",
    "pro",
    "grid",
]
NO_NUL = st.characters(exclude_characters="\x00", exclude_categories=["Cs"])  # argv never holds either
VALUES = st.one_of(
    st.sampled_from(SPECIAL),
    st.text(NO_NUL, max_size=30),
    st.integers(-(10**30), 10**30).map(str),
    st.floats().map(str),
    st.lists(st.sampled_from(["sgd", "adam", "x", "1", ",", "-", "."]), max_size=6).map("".join),
)
FUZZ = settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
# Worst cases a user may ask for (100,000 optimizer steps take 12 s): valid, only slow. Skip them.
COSTLY = {"--steps": 500, "--epochs": 500, "--width": 300, "--height": 200}


def run(argv: list[str]) -> tuple[int, str, str]:
    """`dltutor argv` in this process: (exit status, stdout, stderr). Any exception is a failure."""
    out, err = io.StringIO(), io.StringIO()
    stdin, stdout, stderr = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(""), out, err  # a quiz reads end of input at once
    try:
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
    finally:
        sys.stdin, sys.stdout, sys.stderr = stdin, stdout, stderr
    return exit_info.value.code, out.getvalue(), err.getvalue()


def assert_clean_exit(argv: list[str]) -> tuple[int, str, str]:
    code, out, err = run(argv)
    assert code in (0, 1, 2), (argv, code, err)
    assert "Traceback" not in out + err
    if code != 0:
        lines = err.strip("\n").split("\n")
        assert len(lines) == 1, (argv, err)
        # 2: "dltutor: what is wrong"; 1 from check: its summary ("3 problem(s); loaded ...")
        assert lines[0].startswith("dltutor: ") or argv[0] == "check" and code == 1, (argv, err)
    return code, out, err


def strict_json(text: str):
    """JSON as the standard has it: NaN and Infinity are not JSON."""

    def refuse(constant):
        raise AssertionError(f"{constant} in JSON output")

    return json.loads(text, parse_constant=refuse)


def too_costly(option: str, value: str) -> bool:
    try:
        number = float(value.replace(",", " ").split()[0])
    except (ValueError, IndexError):
        return False
    return option in COSTLY and COSTLY[option] < number <= 100_000  # above that, refused at once


def as_path(root: Path, text: str) -> str:
    """Any text as a path inside `root`: never / or .. (the fuzz must not write or walk outside)."""
    return str(root) + "/" + text.replace("..", "__").lstrip("/")


@pytest.fixture
def cwd(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- dltutor plot ---------------------------------------------------------------------------------

SMALL = {
    "optimizers": ["--steps", "5"],
    "schedules": ["--epochs", "5"],
    "activations": [],
    "dropout": ["--steps", "5"],
    "batch": ["--epochs", "1"],
    "depth": ["-p", "depth.layers=3"],
    "network": ["--epochs", "2", "-p", "network.grid=8"],
}
DRAW = ["--width", "60", "--height", "20"]
# option -> the kind it applies to, and whether to draw (drawing options) or print JSON
PLOT_OPTIONS = {
    "--optimizers": "optimizers",
    "--schedules": "schedules",
    "--activations": "activations",
    "--surface": "optimizers",
    "--bounds": "optimizers",
    "--lr": "optimizers",
    "--steps": "optimizers",
    "--epochs": "schedules",
    "--start": "optimizers",
    "--seed": "dropout",
    "--param": "optimizers",
    "--view": "optimizers",
    "--sweep": "optimizers",
    "--layout": "activations",
    "--mode": "dropout",
    "--width": "activations",
    "--height": "activations",
    "--theme": "activations",
    "--output": "activations",
    "--fps": "activations",
    "--frames": "activations",
    "--data": "network",
    "--noise": "network",
    "--inputs": "network",
    "--layers": "network",
    "--activation": "network",
    "--init": "network",
    "--loss": "network",
    "--batch-size": "network",
    "--optimizer": "network",
    "--schedule": "network",
    "--dropout": "network",
    "--l1": "network",
    "--l2": "network",
}
DRAWING = {"--width", "--height", "--theme", "--output", "--fps", "--frames"}
FLAGS = [
    "--basins",
    "--log",
    "--recurrent",
    "--batch-norm",
    "--residual",
    "--no-color",
    "--color",
    "--animate",
    "--table",
    "--json",
]
PARAM_TARGETS = [
    "optimizers.surface",
    "optimizers.lr",
    "optimizers.grid",
    "optimizers.sweep",
    "adam.betas",
    "adam.lr",
    "adam.amsgrad",
    "sgd.momentum",
    "momentum.nesterov",
    "schedules.epochs",
    "step.gamma",
    "dropout.p",
    "dropout.units",
    "activations.points",
    "gelu.approximate",
    "depth.activation",
    "network.grid",
    "network.momentum",
    "network.points",
]


def plot_argv(option: str, value: str, cwd: Path) -> list[str]:
    """A cheap `dltutor plot` of the kind the option applies to, with the option set to `value`."""
    kind = PLOT_OPTIONS[option]
    small = [] if option in ("--steps", "--epochs") else SMALL[kind]
    if option == "--output":
        value = as_path(cwd, value)
    if option in DRAWING:  # drawn, at 60x20 unless the size is what is fuzzed
        tail = [
            word for flag, size in (("--width", "60"), ("--height", "20")) if flag != option for word in (flag, size)
        ]
    else:
        tail = ["--json"]
    return ["plot", kind, *small, option, value, *tail]


def test_the_fuzzed_options_are_every_option_of_plot():
    command = typer.main.get_command(app).commands["plot"]
    options = {
        p.opts[0] if p.opts[0].startswith("--") else p.opts[-1]
        for p in command.params
        if p.param_type_name == "option" and not p.is_flag and p.name != "help"
    }
    flags = {p.opts[0] for p in command.params if p.param_type_name == "option" and p.is_flag and p.name != "help"}
    assert options == set(PLOT_OPTIONS)
    assert flags == set(FLAGS)


@pytest.mark.parametrize("option", list(PLOT_OPTIONS))
@FUZZ
@given(value=VALUES)
@example(value="")
@example(value="-1")
@example(value="1e309")
@example(value="nan")
@example(value="a\nb")
@example(value="--json")
def test_plot_options(cwd, option, value):
    if too_costly(option, value):
        return
    argv = plot_argv(option, value, cwd)
    code, out, err = assert_clean_exit(argv)
    if code == 0 and "--json" in argv:
        assert strict_json(out)["scene"]["kind"] == PLOT_OPTIONS[option]


@FUZZ
@given(value=VALUES, target=st.sampled_from(PARAM_TARGETS))
@example(value="1e309", target="optimizers.lr")
@example(value="nan", target="dropout.p")
@example(value="0.8,nan", target="adam.betas")
@example(value="a\nb", target="gelu.approximate")
@example(value="0.5", target="dropout.p")
@example(value="0.9,0.999", target="adam.betas")
def test_plot_params(cwd, value, target):
    owner = target.split(".")[0]
    kind = {
        "adam": "optimizers",
        "sgd": "optimizers",
        "momentum": "optimizers",
        "step": "schedules",
        "gelu": "activations",
    }.get(owner, owner)
    names = {
        "adam": ["--optimizers", "sgd,adam"],
        "sgd": ["--optimizers", "sgd"],
        "step": ["--schedules", "step"],
        "momentum": ["--optimizers", "momentum"],
        "gelu": ["--activations", "gelu"],
    }.get(owner, [])
    if target in ("optimizers.grid", "activations.points") and too_costly("--steps", value):
        return
    code, out, err = assert_clean_exit(["plot", kind, *SMALL[kind], *names, "-p", f"{target}={value}", "--json"])
    if code == 0:
        assert strict_json(out)["scene"]["kind"] == kind


@FUZZ
@given(kind=VALUES, names=st.lists(VALUES, max_size=3), flags=st.lists(st.sampled_from(FLAGS), max_size=3))
@example(kind="optimizers", names=["sgd", "nope"], flags=[])
@example(kind="depth", names=["relu"], flags=["--json"])
@example(kind="optimizers", names=[], flags=["--basins", "--json"])
def test_plot_kind_names_and_flags(cwd, kind, names, flags):
    if "--animate" in flags or kind == "depth" and "--json" not in flags:
        flags = [f for f in flags if f != "--animate"] + ["--json"]  # piped anyway; keep it cheap
    small = SMALL.get(kind, [])
    if kind == "optimizers" and "--basins" in flags:
        small = ["--steps", "2", "-p", "optimizers.grid=4,3"]
    assert_clean_exit(["plot", kind, *names, *small, *flags, *DRAW])


@pytest.mark.parametrize("size", [["--width", "1", "--height", "1"], ["--width", "10", "--height", "60"]])
def test_a_plot_that_does_not_fit_exits_1_with_one_line(size):
    code, out, err = assert_clean_exit(["plot", "activations", *size])
    assert code == 1 and "too small" in err and out == ""


# --- quiz, cards, show, check, stats --------------------------------------------------------------


@pytest.fixture
def small_deck(tmp_path) -> Path:
    return write_deck(tmp_path / "small")


@pytest.mark.parametrize("option", ["--topic", "--card", "--count", "--seed", "--deck"])
@settings(FUZZ, max_examples=8)
@given(value=VALUES)
@example(value="")
@example(value="-1")
@example(value="1e309")
@example(value="\x1b]0;pwned\x07")
@example(value="a\nb")
@example(value="5")
def test_quiz_options(cwd, small_deck, option, value):
    if too_costly(option, value):
        return
    if option == "--deck":
        value = as_path(cwd, value)
    base = ["quiz", "--deck", str(small_deck)]
    if option not in ("--topic", "--card"):
        base += ["--topic", TOPIC_ID]
    code, out, err = assert_clean_exit([*base, option, value])
    assert code != 1
    if code == 0:  # the quiz ran: stdin is empty, so it ends at once
        assert "No answers this time" in out or "Nothing to ask" in out, out


@pytest.mark.parametrize("argv", [["cards", "--topic"], ["show"], ["stats", "--deck"], ["show", "momentum", "--deck"]])
@settings(FUZZ, max_examples=4)  # each loads the whole built-in deck
@given(value=VALUES)
@example(value="")
@example(value="\x1b]0;pwned\x07")
@example(value="a\nb")
@example(value="-h")
def test_cards_show_and_stats(cwd, argv, value):
    if argv[-1] == "--deck":
        value = as_path(cwd, value)
    code, out, err = assert_clean_exit([*argv, value])
    assert code != 1


@pytest.mark.parametrize(
    "argv",
    [
        ["cards", "--topic", "nope"],
        ["show", "nope"],
        ["quiz", "--card", "nope"],
        ["quiz", "--topic", "a\nb"],
        ["cards", "--topic", "\x1b[2J"],
    ],
)
def test_a_deck_with_problems_and_a_bad_value_is_still_one_line(tmp_path, argv):
    """The deck-problems warning is folded into the error, not printed as a second line."""
    deck = write_deck(tmp_path / "broken")
    (deck / TOPIC_ID / "03-broken.md").write_text("no front matter\n", encoding="utf-8")
    code, out, err = assert_clean_exit([*argv, "--deck", str(deck)])
    assert code == 2
    if argv[0] != "quiz":  # quiz checks its flags before it looks at the deck's problems
        assert "1 problem(s) in the deck" in err
    code, out, err = assert_clean_exit(["cards", "--deck", str(deck)])
    assert code == 0 and err.startswith("dltutor: warning: 1 problem(s)")  # a warning when it succeeds


@settings(FUZZ, max_examples=10)
@given(dirs=st.lists(VALUES, min_size=1, max_size=3))
@example(dirs=["."])
@example(dirs=["nope", "a\nb"])
@example(dirs=["x" * 5000])  # longer than a file name may be: ENAMETOOLONG
def test_check_dirs(cwd, dirs):
    code, out, err = assert_clean_exit(["check", *(as_path(cwd, d) for d in dirs)])
    assert code == 1 or len(err.strip().splitlines()) == 1  # problems (1) or a clean count (0): one summary line


@settings(FUZZ, max_examples=15)
@given(seed=VALUES, as_json=st.booleans())
@example(seed="-1", as_json=False)
@example(seed=str(2**64), as_json=True)
@example(seed="99999999999999999999999", as_json=False)
def test_check_dump_seed(cwd, small_deck, seed, as_json):
    code, out, err = assert_clean_exit(
        ["check", str(small_deck), "--dump", "--seed", seed, *(["--json"] if as_json else [])]
    )
    assert code in (0, 2)  # the small deck has no problems: 1 would be wrong


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "@"],
        ["cards", "--deck", "@"],
        ["show", "momentum", "--deck", "@"],
        ["stats", "--deck", "@"],
        ["quiz", "--deck", "@", "--count", "1"],
    ],
)
def test_paths_too_long_for_the_file_system(cwd, monkeypatch, argv):
    """A deck folder, DLTUTOR_DECKS entry or DLTUTOR_HOME longer than a name may be: a problem or a
    one-line warning, never an OSError."""
    long = str(cwd / ("x" * 5000))
    code, out, err = assert_clean_exit([long if a == "@" else a for a in argv])
    assert code == (1 if argv[0] == "check" else 0)
    monkeypatch.setenv("DLTUTOR_DECKS", long)
    monkeypatch.setenv("DLTUTOR_HOME", long)
    code, out, err = assert_clean_exit([a for a in argv if a != "@" and a != "--deck"])
    assert code in (0, 1)


# --- a real process: argv bytes that are not UTF-8 ------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["show", b"\xff\xfe"],
        ["cards", "--topic", b"\xff"],
        ["quiz", "--card", b"\xc3("],
        ["plot", "optimizers", "--surface", b"x\xff", "--json"],
        ["plot", b"\xff"],
    ],
)
def test_argv_that_is_not_utf8(tmp_path, argv):
    env = {**os.environ, "NO_COLOR": "1", "DLTUTOR_HOME": str(tmp_path / "home")}
    out = subprocess.run(
        [sys.executable, "-m", "dltutor", *(a.encode() if isinstance(a, str) else a for a in argv)],
        capture_output=True,
        env=env,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert out.returncode == 2, out.stderr
    err = out.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1 and err.startswith("dltutor: ")
    assert not CONTROL.search(err.strip())
