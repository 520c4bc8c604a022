"""The layers of docs/architecture.md: imports point downwards only, and the fast front doors stay fast.

One static check reads every import in dltutor (lazy ones inside functions too) and ranks the
modules by layer; runtime checks import each layer in a fresh interpreter and look at what came
with it.
"""

import ast
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import dltutor

PACKAGE = Path(dltutor.__file__).parent

# Lower numbers are lower layers; a module may import its own layer and those below it.
LAYERS = {
    "dltutor.sim": 0,
    "dltutor.kinds": 1,
    "dltutor.scenes": 2,
    "dltutor.plots": 3,
    "dltutor.tables": 3,
    "dltutor.deck": 3,
    "dltutor.store": 3,
    "dltutor.quiz": 4,
    "dltutor.practice": 4,
    "dltutor.review_calendar": 5,
    "dltutor.card_markdown": 5,
    "dltutor.start_up": 5,
    "dltutor.cli": 6,
    "dltutor.tui": 6,
    "dltutor.__main__": 7,
}
ALLOWED_UPWARDS = {("dltutor.cli", "dltutor.tui")}  # the session's entry, imported lazily by the CLI only


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> str | None:
    return max((name for name in LAYERS if module == name or module.startswith(name + ".")), key=len, default=None)


def _is_module(name: str) -> bool:
    relative = Path(*name.split(".")[1:])
    return (PACKAGE / relative).with_suffix(".py").is_file() or (PACKAGE / relative / "__init__.py").is_file()


def _imports(path: Path, module: str) -> list[tuple[str, bool]]:
    """(imported dltutor module, at module level?) for every import in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the importing module's package
                base = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
                base = base[: len(base) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            # `from package import submodule` needs the submodule, not what the package's __init__ imports
            names = [f"{source}.{a.name}" if _is_module(f"{source}.{a.name}") else source for a in node.names]
        else:
            continue
        found += [(name, id(node) in top) for name in names if name.startswith("dltutor")]
    return found


def _graph() -> dict[str, list[tuple[str, bool]]]:
    return {_module_name(path): _imports(path, _module_name(path)) for path in PACKAGE.rglob("*.py")}


def test_every_module_belongs_to_a_layer():
    unplaced = sorted(m for m in _graph() if m != "dltutor" and _layer(m) is None)
    assert unplaced == [], f"add these to LAYERS (and to docs/architecture.md): {unplaced}"


def test_imports_point_downwards_only():
    wrong = []
    for module, imports in _graph().items():
        source = _layer(module)
        for target, _ in imports:
            dest = _layer(target)
            if source and dest and LAYERS[dest] > LAYERS[source] and (source, dest) not in ALLOWED_UPWARDS:
                wrong.append(f"{module} imports {target}")
    assert wrong == []


def test_only_the_cli_entry_imports_the_session():
    importers = sorted(
        module
        for module, imports in _graph().items()
        if any(target.startswith("dltutor.tui") for target, _ in imports) and not module.startswith("dltutor.tui")
    )
    assert importers == ["dltutor.cli"]


def test_module_level_imports_have_no_cycle():
    graph = {module: sorted({t for t, top in imports if top and t != module}) for module, imports in _graph().items()}
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in graph.get(node, []):
            if nxt not in graph:
                continue
            if state.get(nxt) == 1:
                cycle = trail[trail.index(nxt) :] + [nxt] if nxt in trail else [node, nxt]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = 2

    for module in graph:
        if module not in state:
            visit(module, [module])


def _run(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def _loaded_after(imports: str, watch: tuple[str, ...]) -> list[str]:
    """Which of `watch` a fresh interpreter has loaded after running `imports`."""
    return _run(f"""
        import sys
        {imports}
        print(" ".join(n for n in {watch!r} if n in sys.modules))
    """).split()


def test_sim_imports_nothing_but_numpy_and_the_standard_library():
    loaded = _run("""
        import sys, pkgutil, importlib
        import dltutor.sim
        for m in pkgutil.iter_modules(dltutor.sim.__path__):
            importlib.import_module("dltutor.sim." + m.name)
        tops = {name.split(".")[0] for name in sys.modules}
        print(" ".join(sorted(tops - set(sys.stdlib_module_names) - {"numpy", "dltutor"})))
    """)
    assert loaded.split() == [] or all(name.startswith("_") for name in loaded.split()), loaded


def test_kind_specs_load_without_the_engine():
    """Help texts and the lab's knob labels read every spec before anything is simulated."""
    assert _loaded_after("from dltutor import kinds; kinds.kinds()", ("numpy", "plotext", "rich", "textual")) == []


UI = ("textual", "typer", "dltutor.cli", "dltutor.tui")


def test_the_core_layers_import_no_front_end():
    for imports in (
        "import dltutor.scenes",
        "import dltutor.plots, dltutor.plots.optimizers",
        "import dltutor.deck, dltutor.deck.load",
        "import dltutor.store",
        "import dltutor.quiz.session, dltutor.quiz.grading, dltutor.quiz.present, dltutor.quiz.generators",
        "import dltutor.tables.optimizers",
    ):
        assert _loaded_after(imports, UI) == [], imports
    assert _loaded_after("import dltutor.scenes", ("rich", "plotext")) == []
    assert _loaded_after("import dltutor.quiz.session, dltutor.quiz.present", ("rich",)) == []


def test_plot_and_quiz_commands_never_import_textual():
    loaded = _run("""
        import sys
        from dltutor.cli import main
        for argv in (["plot", "optimizers", "--json", "--steps", "3"], ["plot", "dropout"], ["quiz"]):
            try:
                main(argv)
            except SystemExit:
                pass
        sys.stdout.flush()
        print("\\nTEXTUAL=" + str("textual" in sys.modules))
    """)
    assert loaded.splitlines()[-1] == "TEXTUAL=False"


def test_a_quiz_asks_its_first_question_before_loading_fsrs_or_the_plots(tmp_path):
    """fsrs is needed for the first answer, the plots and the simulation kinds never: `dltutor quiz`
    starts (benchmarks/bench_quiz.py) without them."""
    code = textwrap.dedent("""
        import sys
        from dltutor.cli import main
        try:
            main(["quiz", "--count", "1"])
        except SystemExit:
            pass
        sys.stdout.flush()
        print("\\nLOADED=" + " ".join(n for n in ("fsrs", "dltutor.plots", "dltutor.kinds", "plotext") if n in sys.modules))
    """)
    env = {**os.environ, "DLTUTOR_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], input="q\n", capture_output=True, text=True, env=env, check=True)
    assert "Question 1 of 1" in out.stdout, out.stdout
    assert out.stdout.splitlines()[-1] == "LOADED=", out.stdout.splitlines()[-1]
