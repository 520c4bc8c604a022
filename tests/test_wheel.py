"""The wheel carries the deck, and the installed package finds it there."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("dltutor-*.whl")
    return built


def test_the_wheel_holds_every_content_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    content = [p.relative_to(ROOT) for p in (ROOT / "content").rglob("*") if p.is_file()]
    assert content, "the repository has a deck"
    missing = [str(p) for p in content if f"dltutor/{p.as_posix()}" not in names]
    assert missing == []


def test_the_installed_package_loads_its_own_deck(wheel, tmp_path):
    zipfile.ZipFile(wheel).extractall(tmp_path)
    code = (
        "import dltutor.deck as d; deck = d.load_deck([d.builtin_dir()]); "
        "print(d.builtin_dir()); print(len(deck.cards), len(deck.problems))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path), "PATH": ""},
    )
    where, counts = out.stdout.strip().splitlines()
    assert Path(where) == tmp_path / "dltutor" / "content"
    cards, problems = map(int, counts.split())
    expected = len([p for p in (ROOT / "content").rglob("[0-9][0-9]-*.md")])
    assert cards == expected and problems == 0
