"""The layers of DESIGN.md: imports point downwards only, and the fast front doors stay fast."""

import subprocess
import sys
import textwrap


def _run(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=True)
    return out.stdout.strip()


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


def test_sim_does_not_import_upper_dltutor_layers():
    loaded = _run("""
        import sys, pkgutil, importlib
        import dltutor.sim
        for m in pkgutil.iter_modules(dltutor.sim.__path__):
            importlib.import_module("dltutor.sim." + m.name)
        print(" ".join(sorted(n for n in sys.modules if n.startswith("dltutor") and not n.startswith("dltutor.sim")
                              and n != "dltutor")))
    """)
    assert loaded == ""


def test_scenes_import_no_ui():
    loaded = _run("""
        import sys
        import dltutor.scenes
        print(" ".join(sorted(n for n in ("textual", "rich", "typer", "plotext", "dltutor.cli", "dltutor.tui")
                              if n in sys.modules)))
    """)
    assert loaded == ""


def test_plot_and_quiz_commands_never_import_textual():
    loaded = _run("""
        import sys
        from dltutor.cli import main
        for argv in (["plot", "optimizers", "--json", "--steps", "3"], ["plot", "dropout"], ["quiz"]):
            try:
                main(argv)
            except SystemExit:
                pass
        print("textual" in sys.modules, file=sys.stderr)
        sys.stdout.flush()
        print("\\nTEXTUAL=" + str("textual" in sys.modules))
    """)
    assert loaded.splitlines()[-1] == "TEXTUAL=False"
