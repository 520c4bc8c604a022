"""The interactive session's speed, as ratios and times measured here and now (headless).

    python benchmarks/bench_tui.py

1. Cold start to the first painted frame of the learn screen: at most 1.6x a minimal Textual app
   with one Static, both started the same way (a fresh process, headless) in the same run.
2. Switching to the longest card: at most 100 ms.
3. One animation frame (simulation state + drawing + plotext build) at 30 fps: at most 10 ms.
Exit status 1 when a target is missed.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time

STARTUP = """
import asyncio, os, sys, time
began = time.perf_counter()
{setup}
async def main():
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        print(time.perf_counter() - began)
asyncio.run(main())
"""
MINIMAL = """
from textual.app import App
from textual.widgets import Static
class Minimal(App):
    def compose(self):
        yield Static("hello")
app = Minimal()
"""
OURS = """
from dltutor.tui import make_app
app = make_app()
"""


def startup(setup: str, home: str, repeats: int = 5) -> float:
    runs = []
    for _ in range(repeats):
        began = time.perf_counter()
        subprocess.run([sys.executable, "-c", STARTUP.format(setup=setup)], check=True, capture_output=True,
                       env={"DLTUTOR_HOME": home, "PATH": "", "HOME": home, "TERM": "xterm-256color"})
        runs.append(time.perf_counter() - began)
    return statistics.median(runs)


async def in_app_timings() -> tuple[float, float]:
    from dltutor.store import open_store
    from dltutor.tui import make_app
    from dltutor.tui.lab import Lab

    with tempfile.TemporaryDirectory() as home:
        app = make_app(store=open_store(__import__("pathlib").Path(home)))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            longest = max(app.deck.cards.values(), key=lambda c: len(c.body)).id
            switches = []
            for _ in range(5):
                app.screen.open_card(next(iter(app.deck.cards)))
                await pilot.pause()
                began = time.perf_counter()
                app.screen.open_card(longest)
                await pilot.pause()
                switches.append(time.perf_counter() - began)
            app.screen.open_card("momentum")
            await pilot.pause()
            lab = app.screen.query_one("#lab", Lab)
            plot = lab.query_one("#plot")
            frames = []
            lab.reset()
            for _ in range(30):
                began = time.perf_counter()
                lab._tick()
                plot.render()
                frames.append(time.perf_counter() - began)
    return statistics.median(switches), statistics.median(frames)


def main() -> int:
    import asyncio

    with tempfile.TemporaryDirectory() as home:
        subprocess.run([sys.executable, "-c", STARTUP.format(setup=OURS)], capture_output=True,
                       env={"DLTUTOR_HOME": home, "PATH": "", "HOME": home})  # warm the deck cache
        minimal, ours = startup(MINIMAL, home), startup(OURS, home)
    ratio = ours / minimal
    switch, frame = asyncio.run(in_app_timings())
    results = [
        (f"cold start to first frame: {ours * 1e3:.0f} ms vs minimal app {minimal * 1e3:.0f} ms, ratio {ratio:.2f}"
         " (target <= 1.6)", ratio <= 1.6),
        (f"switch to the longest card: {switch * 1e3:.0f} ms (target <= 100)", switch <= 0.1),
        (f"one animation frame: {frame * 1e3:.1f} ms (target <= 10)", frame <= 0.01),
    ]
    for text, ok in results:
        print(f"{text} {'ok' if ok else 'MISSED'}")
    return 0 if all(ok for _, ok in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
