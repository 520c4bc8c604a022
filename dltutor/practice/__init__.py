"""Practice: the learner implements a formula in NumPy and dltutor checks it against torch's numbers.

Exercises are content (content/exercises/<id>/: exercise.yaml, stub.py, solution.py); nothing in
them is executed by dltutor. Expected values come from named references in `references/` (the
engine, or NumPy code tested against committed torch goldens). The learner's file runs in a child
process with time and memory limits (`sandbox`); `checker` compares what came back and names the
common mistake it looks like. No UI imports here.
"""
