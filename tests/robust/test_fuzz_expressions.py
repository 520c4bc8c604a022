"""Typed surfaces (`--surface "x**2 + 10*y**2"`): any text is refused in one line or evaluated, quietly.

Random strings, strings built from the grammar's own tokens, and random well-formed trees of the
grammar (numbers, x, y, pi, e, + - * / ** ^, unary signs, every whitelisted function): compiling
either raises a one-line ValueError or gives a function that returns a float64 array (finite or
not) with no warning, in well under a second. A well-formed tree within the size limits is never
refused, and evaluates to exactly what NumPy gives for the same operations. Attempts at running
code are refused, and nothing in the module ever reaches eval, exec or compile.
"""

from __future__ import annotations

import ast
import builtins
import time
import warnings
from contextlib import contextmanager

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dltutor.sim import expression
from dltutor.sim.expression import (
    CONSTANTS,
    FUNCTIONS,
    MAX_DEPTH,
    MAX_LENGTH,
    MAX_NODES,
    compile_expression,
    custom_surface,
)

GRID = np.concatenate([np.linspace(-3, 3, 13), [0.0, -0.0, 1e-300, 1e300, -1e300]])
X, Y = np.meshgrid(GRID, GRID[::-1])
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@contextmanager
def python_evaluators_refused():
    """eval, exec and compile raise while typed text is handled (compile only to build an AST,
    which is what ast.parse does: parsing runs nothing)."""
    saved = {name: getattr(builtins, name) for name in ("eval", "exec", "compile")}

    def refuse(name):
        def refused(*args, **kwargs):
            raise AssertionError(f"{name} was called")

        return refused

    def compile_ast_only(source, filename, mode, flags=0, *args, **kwargs):
        if not flags & ast.PyCF_ONLY_AST:
            raise AssertionError("compile was called to make code")
        return saved["compile"](source, filename, mode, flags, *args, **kwargs)

    builtins.eval, builtins.exec, builtins.compile = refuse("eval"), refuse("exec"), compile_ast_only
    try:
        yield
    finally:
        for name, original in saved.items():
            setattr(builtins, name, original)


def one_line_refusal(err: ValueError) -> str:
    message = str(err)
    assert message and "\n" not in message and len(message) < 1000, repr(message)
    return message


def evaluate(text: str):
    """Compile and evaluate on the grid: the array, or the ValueError that refused the text."""
    began = time.perf_counter()
    with warnings.catch_warnings(), python_evaluators_refused():
        warnings.simplefilter("error")  # no RuntimeWarning (overflow, log of 0), no SyntaxWarning
        try:
            f = compile_expression(text)
        except ValueError as err:
            one_line_refusal(err)
            result = err
        else:
            result = f(X, Y)
            assert isinstance(result, np.ndarray) and result.dtype == np.float64 and result.shape == X.shape
    assert time.perf_counter() - began < 1.0, text
    return result


# --- any text ---------------------------------------------------------------------------------

TOKENS = [
    "x",
    "y",
    "pi",
    "e",
    "1",
    "2.5",
    ".5",
    "1e309",
    "9" * 30,
    "0",
    "+",
    "-",
    "*",
    "/",
    "**",
    "^",
    "(",
    ")",
    ",",
    " ",
    "sin",
    "log",
    "sqrt",
    "exp",
    "min",
    "max",
    "atan2",
    "hypot",
    "sigmoid",
    "²",
    "³",
    "·",
    "×",
    "−",
    "π",
    "__",
    "import",
    "lambda",
    ".",
    "[",
    "]",
    ":",
    "=",
    "'",
    '"',
    "\n",
    "\x00",
    "é",
    "#",
    "@",
    "%",
    "//",
    "j",
    "_",
    "os",
    "if",
    "for",
    "in",
    "not",
    "<",
    "~",
    "\\",
    "{",
    "}",
]


@SETTINGS
@given(text=st.one_of(st.text(max_size=60), st.lists(st.sampled_from(TOKENS), max_size=30).map("".join)))
@example(text="")
@example(text=" " * 1000)
@example(text="x" * (MAX_LENGTH + 1))
@example(text="(" * 1000 + "x" + ")" * 1000)
@example(text="-" * 290 + "x")
@example(text="9**9**9**9")
@example(text="x" + "**x" * 99)
@example(text="+".join(["x"] * (MAX_NODES // 2 + 1)))
@example(text="sin(" * (MAX_DEPTH + 1) + "x" + ")" * (MAX_DEPTH + 1))
@example(text="1" * 299)
@example(text="log(0) + 1/0 - sqrt(-1)")
@example(text="exp(exp(exp(x)))")
def test_any_text_is_refused_in_one_line_or_evaluated(text):
    evaluate(text)


# --- well-formed trees --------------------------------------------------------------------------

NUMBERS = st.one_of(
    st.integers(0, 10**400).map(str),
    st.floats(min_value=0, allow_nan=False, allow_infinity=False).map(repr),
    st.sampled_from(["0", "0.0", ".5", "1e308", "1e309", "9" * 400, "1e-320", "2"]),
)
LEAVES = st.one_of(st.sampled_from([("name", n) for n in ("x", "y", *CONSTANTS)]), NUMBERS.map(lambda t: ("num", t)))
BINARY = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.true_divide, "**": np.power, "^": np.power}
UNARY = {"-": np.negative, "+": np.positive}


def _extend(children):
    return st.one_of(
        st.tuples(st.just("bin"), st.sampled_from(sorted(BINARY)), children, children),
        st.tuples(st.just("un"), st.sampled_from(sorted(UNARY)), children),
        st.sampled_from(sorted(FUNCTIONS)).flatmap(
            lambda name: st.tuples(
                st.just("call"),
                st.just(name),
                st.lists(children, min_size=FUNCTIONS[name].arity, max_size=FUNCTIONS[name].arity).map(tuple),
            )
        ),
    )


TREES = st.recursive(LEAVES, _extend, max_leaves=25)


def text_of(tree) -> str:
    kind = tree[0]
    if kind in ("name", "num"):
        return tree[1]
    if kind == "bin":
        return f"({text_of(tree[2])}) {tree[1]} ({text_of(tree[3])})"
    if kind == "un":
        return f"{tree[1]}({text_of(tree[2])})"
    return f"{tree[1]}({', '.join(text_of(a) for a in tree[2])})"


def reference(tree, x, y):
    """The same operations in NumPy, written out independently of the compiler."""
    kind = tree[0]
    if kind == "name":
        return {"x": x, "y": y}.get(tree[1], np.float64(CONSTANTS.get(tree[1], 0.0)))
    if kind == "num":
        return np.float64(float(tree[1]))  # float() of a huge literal is inf, as in the compiler
    if kind == "bin":
        return BINARY[tree[1]](reference(tree[2], x, y), reference(tree[3], x, y))
    if kind == "un":
        return UNARY[tree[1]](reference(tree[2], x, y))
    return FUNCTIONS[tree[1]].impl(*(reference(a, x, y) for a in tree[2]))


def size_and_depth(tree) -> tuple[int, int]:
    """Nodes in Python's tree for text_of(tree), and its depth counted as the compiler's limit does
    (at least: a chain like a + b + c counts once there), which also bounds the bracket nesting."""
    kind = tree[0]
    if kind in ("name", "num"):
        return 1, 1
    children = [tree[2], tree[3]] if kind == "bin" else [tree[2]] if kind == "un" else list(tree[2])
    parts = [size_and_depth(c) for c in children]
    return 1 + (kind == "call") + sum(n for n, _ in parts), 1 + max(d for _, d in parts)


def nested(depth: int, kind: str = "un"):
    """A tree `depth` levels deep: -(-(...x)) or sin(sin(...x))."""
    tree = ("name", "x")
    for _ in range(depth - 1):
        tree = ("un", "-", tree) if kind == "un" else ("call", "sin", (tree,))
    return tree


def balanced(leaves: int):
    """A balanced sum of `leaves` x's: 2 * leaves - 1 nodes, nesting about log2(leaves)."""
    trees = [("name", "x")] * leaves
    while len(trees) > 1:
        trees = [
            ("bin", "+", trees[i], trees[i + 1]) if i + 1 < len(trees) else trees[i] for i in range(0, len(trees), 2)
        ]
    return trees[0]


@SETTINGS
@given(tree=TREES)
@example(tree=nested(MAX_DEPTH))  # at the limits: accepted
@example(tree=nested(MAX_DEPTH // 2, "call"))  # a call is two nodes deep (the call and its name)
@example(tree=balanced(MAX_NODES // 2))  # (x) + (x) ...: 199 nodes, a few characters each
@example(tree=nested(MAX_DEPTH + 1))  # beyond them: refused
@example(tree=balanced(MAX_NODES // 2 + 1))
@example(tree=("bin", "**", ("num", "9"), ("bin", "**", ("num", "9"), ("num", "9"))))
@example(tree=("call", "log", (("bin", "-", ("name", "x"), ("name", "x")),)))
@example(tree=("bin", "/", ("num", "1"), ("num", "0")))
@example(tree=("call", "atan2", (("name", "y"), ("num", "9" * 400))))
def test_well_formed_trees_evaluate_exactly_as_numpy_does(tree):
    text = text_of(tree)
    result = evaluate(text)
    nodes, depth = size_and_depth(tree)
    if isinstance(result, ValueError):  # only the documented limits may refuse a well-formed tree
        assert len(text) > MAX_LENGTH or nodes > MAX_NODES or depth > MAX_DEPTH, (text, str(result))
        assert "too" in str(result), str(result)
        return
    with np.errstate(all="ignore"):
        expected = np.broadcast_to(reference(tree, X, Y), X.shape)
    np.testing.assert_array_equal(result, expected)


@settings(SETTINGS, max_examples=60)
@given(
    tree=TREES, bounds=st.tuples(st.floats(-1e6, 1e6), st.floats(1e-3, 1e6), st.floats(-1e6, 1e6), st.floats(1e-3, 1e6))
)
@example(tree=("bin", "/", ("num", "1"), ("num", "0")), bounds=(-5, 10, -5, 10))
@example(tree=("call", "sqrt", (("un", "-", ("bin", "*", ("name", "x"), ("name", "x"))),)), bounds=(-5, 10, -5, 10))
@example(tree=("call", "log", (("name", "x"),)), bounds=(-5, 10, -5, 10))
def test_a_custom_surface_is_built_or_refused_in_one_line(tree, bounds):
    x0, width, y0, height = bounds
    text = text_of(tree)
    began = time.perf_counter()
    with warnings.catch_warnings(), python_evaluators_refused():
        warnings.simplefilter("error")
        try:
            surface = custom_surface(text, ((x0, x0 + width), (y0, y0 + height)))
        except ValueError as err:
            one_line_refusal(err)
        else:
            (a, b), (c, d) = surface.bounds
            assert a <= surface.start[0] <= b and c <= surface.start[1] <= d
            for mx, my in surface.minima:
                assert a <= mx <= b and c <= my <= d
            gx, gy = surface.df(np.array(surface.start[0]), np.array(surface.start[1]))
            assert np.shape(gx) == np.shape(gy) == ()
    assert time.perf_counter() - began < 1.0, text


# --- attempts at running code --------------------------------------------------------------------

ATTACKS = [
    "__import__('os').system('touch {marker}')",
    "open('{marker}', 'w')",
    "exec(\"open('{marker}', 'w')\")",
    "eval('1')",
    "compile('1', 's', 'eval')",
    "globals()",
    "locals()",
    "vars()",
    "dir()",
    "breakpoint()",
    "input()",
    "print(x)",
    "getattr(x, 'real')",
    "__builtins__",
    "__import__",
    "__class__",
    "x.__class__",
    "x.__class__.__bases__[0].__subclasses__()",
    "().__class__.__base__.__subclasses__()",
    "sin.__globals__",
    "sin.__call__(x)",
    "sin(x).__class__",
    "np.sin(x)",
    "numpy.exp(x)",
    "x.real",
    "pi.real",
    "(x).conjugate()",
    "x[0]",
    "x[:]",
    "x[::-1]",
    "(lambda: 1)()",
    "lambda x: x",
    "(lambda: open('{marker}', 'w'))()",
    "[c for c in 'ab']",
    "{{c for c in 'ab'}}",
    "{{c: 1 for c in 'ab'}}",
    "sum(c for c in (x, y))",
    "[x, y]",
    "(x, y)",
    "{{x, y}}",
    "{{'a': x}}",
    "x if y else 1",
    "x and y",
    "x or y",
    "not x",
    "x < y",
    "x == y",
    "(y := 1)",
    "*x",
    "sin(*[x])",
    "sin(x=1)",
    "sin(**{{}})",
    "f'{{x}}'",
    "'abc'",
    "b'a'",
    "1j",
    "True",
    "None",
    "...",
    "x; y",
    "import os",
    "x\ny",
    "sin(x)(y)",
    "abs(abs)",
    "e(x)",
    "pi(2)",
    "x(1)",
    "~x",
    "x @ y",
    "x // y",
    "x % y",
    "x | y",
    "x & y",
    "x << 2",
    "x >> 2",
    "x ^^ y",
    "await x",
    "yield x",
    "sum([x])",
    "max(x)",
    "min(x, y, 1)",
    "hypot(x)",
    "Sin(x)",
    "SIN(x)",
    "sin",
    "exp",
    "abs",
    "type(x)",
    "object()",
    "setattr(x, 'a', 1)",
    "delattr",
    "memoryview(b'a')",
    "__loader__",
    "__spec__",
    "\uff53\uff49\uff4e(x)",  # full-width letters that NFKC would turn into sin(x): refused as non-ASCII
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_attempts_at_running_code_are_refused(attack, tmp_path):
    marker = tmp_path / "pwned"
    text = attack.format(marker=marker)
    with warnings.catch_warnings(), python_evaluators_refused():
        warnings.simplefilter("error")
        with pytest.raises(ValueError) as refused:
            compile_expression(text)
        with pytest.raises(ValueError):
            custom_surface(text)
    one_line_refusal(refused.value)
    assert not marker.exists()


def test_the_module_never_calls_python_evaluators():
    """No call of eval, exec, compile, __import__, getattr or the namespace functions anywhere in it."""
    tree = ast.parse(open(expression.__file__, encoding="utf-8").read())
    banned = {"eval", "exec", "compile", "__import__", "getattr", "setattr", "globals", "locals", "vars", "open"}
    calls = {
        node.func.id if isinstance(node.func, ast.Name) else node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, (ast.Name, ast.Attribute))
    }
    assert not calls & banned
    assert "parse" in calls  # it does parse (ast.parse), which runs nothing


@pytest.mark.parametrize(
    "text, accepted",
    [
        ("+".join(["x"] * (MAX_NODES // 2)), True),
        ("+".join(["x"] * (MAX_NODES // 2 + 1)), False),
        ("-" * (MAX_DEPTH - 1) + "x", True),
        ("-" * MAX_DEPTH + "x", False),
        ("(" * MAX_DEPTH + "x" + ")" * MAX_DEPTH, True),
        ("(" * (MAX_DEPTH + 1) + "x" + ")" * (MAX_DEPTH + 1), False),
        ("1" * MAX_LENGTH, True),
        ("1" * (MAX_LENGTH + 1), False),
    ],
)
def test_the_limits_are_where_the_module_says(text, accepted):
    result = evaluate(text)
    assert isinstance(result, np.ndarray) is accepted, result
    if not accepted:
        assert "too" in str(result)
