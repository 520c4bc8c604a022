"""`dltutor quiz` start-up: time to the first question against `python -c "import numpy, rich, yaml"`.

    python benchmarks/bench_quiz.py

Target: at most 2x. The quiz is answered `q` at once through stdin, so the time measured is
start-up, deck (cached after the first run), session and the first question. Exit 1 when missed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

from _shared import dltutor_command, interleaved_medians, wall_seconds

TARGET = 2.0


def main() -> int:
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "DLTUTOR_HOME": home}
        subprocess.run(
            [*dltutor_command(), "quiz", "--count", "1"], input="q\n", text=True, env=env, capture_output=True
        )  # warm the deck cache once, as any second run would find it
        baseline, ours = interleaved_medians(
            lambda: wall_seconds([sys.executable, "-c", "import numpy, rich, yaml"]),
            lambda: wall_seconds([*dltutor_command(), "quiz", "--count", "1"], "q\n", env),
        )
    ratio = ours / baseline
    ok = ratio <= TARGET
    print(
        f"`dltutor quiz` to its first question: {ours * 1e3:.0f} ms; `import numpy, rich, yaml`: "
        f"{baseline * 1e3:.0f} ms; ratio {ratio:.2f} (target <= {TARGET}) {'ok' if ok else 'MISSED'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
