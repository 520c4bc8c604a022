"""Loss surfaces typed by the learner, e.g. ``--surface "x**2 + 10*y**2"``, evaluated safely.

A teaching tool must never run a stranger's text as code, so nothing here calls ``eval``,
``exec`` or ``compile`` on what was typed. Instead:

1. Cheap checks on the raw text come first (length, characters, bracket depth), so not even the
   parser sees a 10,000-character string or 1,000 nested parentheses.
2. ``ast.parse(mode="eval")`` turns the text into a syntax tree. Parsing runs nothing.
3. The tree is checked against a whitelist -- numbers, ``x``, ``y``, ``pi``, ``e``, ``+ - * / **``,
   unary minus/plus, calls of the functions in ``FUNCTIONS`` -- with limits on its size and
   nesting, and compiled into a tree of small closures that call NumPy functions. Any other node
   (attributes, subscripts, lambdas, comprehensions, strings, keywords, ...) is refused.
4. Every number becomes a float64 before any arithmetic and nothing is folded ahead of time, so
   ``9**9**9`` overflows to ``inf`` in floating point instead of becoming a Python integer with
   370 million digits. Evaluation runs under ``np.errstate(all="ignore")``: ``log(-1)`` is nan,
   ``1/0`` is inf, and no warning or exception escapes.

Every refusal is a ``ValueError`` whose message is one short line saying what is not allowed.

Choices: ``^`` means ``**`` (learners type it); the characters ``² ³ · × − π`` from the cards'
formulas are accepted as ``**2 **3 * * - pi``; ``min``, ``max``, ``atan2`` and ``hypot`` take two
arguments and work element-wise; an expression without ``x`` or ``y`` is a flat surface (allowed:
it shows that no gradient means no movement).
"""

from __future__ import annotations

import ast
import warnings
from typing import Callable, NamedTuple

import numpy as np

from dltutor.sim.surfaces import Surface

Array = np.ndarray
Evaluator = Callable[[Array, Array], Array]

MAX_LENGTH = 300  # characters of typed text
MAX_NODES = 200  # numbers, names, operators and calls in the tree
MAX_DEPTH = 40  # nesting levels; a chain like a + b - c + d counts as one level


class Function(NamedTuple):
    arity: int
    impl: Callable[..., Array]
    doc: str


def _sigmoid(x: Array) -> Array:
    return np.exp(-np.logaddexp(0.0, -x))  # 1 / (1 + e^-x) without overflow


FUNCTIONS: dict[str, Function] = {
    "sin": Function(1, np.sin, "sine"),
    "cos": Function(1, np.cos, "cosine"),
    "tan": Function(1, np.tan, "tangent"),
    "arcsin": Function(1, np.arcsin, "inverse sine"),
    "asin": Function(1, np.arcsin, "same as arcsin"),
    "arccos": Function(1, np.arccos, "inverse cosine"),
    "acos": Function(1, np.arccos, "same as arccos"),
    "arctan": Function(1, np.arctan, "inverse tangent"),
    "atan": Function(1, np.arctan, "same as arctan"),
    "sinh": Function(1, np.sinh, "hyperbolic sine"),
    "cosh": Function(1, np.cosh, "hyperbolic cosine"),
    "tanh": Function(1, np.tanh, "hyperbolic tangent"),
    "exp": Function(1, np.exp, "e to the power"),
    "log": Function(1, np.log, "natural logarithm"),
    "ln": Function(1, np.log, "same as log"),
    "log10": Function(1, np.log10, "base-10 logarithm"),
    "log2": Function(1, np.log2, "base-2 logarithm"),
    "sqrt": Function(1, np.sqrt, "square root"),
    "abs": Function(1, np.abs, "absolute value"),
    "sign": Function(1, np.sign, "-1, 0 or 1"),
    "floor": Function(1, np.floor, "round down (a staircase: zero gradient)"),
    "ceil": Function(1, np.ceil, "round up"),
    "sigmoid": Function(1, _sigmoid, "1 / (1 + exp(-t))"),
    "softplus": Function(1, lambda t: np.logaddexp(0.0, t), "log(1 + exp(t))"),
    "relu": Function(1, lambda t: np.maximum(t, 0.0), "max(t, 0)"),
    "min": Function(2, np.minimum, "smaller of two, element-wise"),
    "max": Function(2, np.maximum, "larger of two, element-wise"),
    "atan2": Function(2, np.arctan2, "angle of the point (b, a): atan2(y, x)"),
    "arctan2": Function(2, np.arctan2, "same as atan2"),
    "hypot": Function(2, np.hypot, "sqrt(a**2 + b**2)"),
}

CONSTANTS: dict[str, float] = {"pi": float(np.pi), "e": float(np.e)}

HELP = "variables x and y, constants pi and e, numbers, + - * / ** (or ^), parentheses, and the functions " + ", ".join(
    FUNCTIONS
)

_UNICODE = {"^": "**", "²": "**2", "³": "**3", "·": "*", "×": "*", "−": "-", "π": "pi"}
_BINARY = {ast.Add: np.add, ast.Sub: np.subtract, ast.Mult: np.multiply, ast.Div: np.true_divide, ast.Pow: np.power}
_UNARY = {ast.USub: np.negative, ast.UAdd: np.positive}
_SYMBOLS = {
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.MatMult: "@",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.BitOr: "|",
    ast.BitAnd: "&",
    ast.BitXor: "^",
    ast.Invert: "~",
    ast.Not: "not",
}
_REFUSED = {  # node type -> what to tell the learner
    ast.Attribute: "attribute access is not allowed",
    ast.Subscript: "indexing is not allowed",
    ast.Slice: "indexing is not allowed",
    ast.ListComp: "comprehensions are not allowed",
    ast.SetComp: "comprehensions are not allowed",
    ast.DictComp: "comprehensions are not allowed",
    ast.GeneratorExp: "comprehensions are not allowed",
    ast.Lambda: "lambda is not allowed",
    ast.IfExp: "if/else is not allowed",
    ast.Compare: "comparisons are not allowed",
    ast.BoolOp: "'and' and 'or' are not allowed",
    ast.NamedExpr: "assignment is not allowed",
    ast.Starred: "* unpacking is not allowed",
    ast.JoinedStr: "strings are not allowed",
    ast.List: "lists are not allowed; the expression must give one number",
    ast.Tuple: "commas are only allowed between a function's arguments",
    ast.Set: "sets are not allowed",
    ast.Dict: "dicts are not allowed",
}


def _allowed_hint(name: str, choices: list[str]) -> str:
    """'did you mean' for a wrong case (Sin, X, PI), else the whitelist without aliases."""
    for choice in choices:
        if choice.lower() == name.lower():
            return f"did you mean {choice!r}? (names are case-sensitive)"
    primary = [n for n, fn in FUNCTIONS.items() if not fn.doc.startswith("same as")]
    return "use x, y, pi, e and functions " + ", ".join(primary)


# --- checks before and after parsing ------------------------------------------------------


def _translate(text: str) -> str:
    """Strip, check length and characters, and map ^ and card-style Unicode to Python."""
    text = text.strip()
    if not text:
        raise ValueError("expression is empty; type something like x**2 + 10*y**2")
    if len(text) > MAX_LENGTH:
        raise ValueError(f"expression is too long ({len(text)} characters; at most {MAX_LENGTH})")
    source = "".join(_UNICODE.get(c, c) for c in text)
    for c in source:
        if not " " <= c <= "~":  # printable ASCII only: no newlines, tabs, NULs or look-alikes
            raise ValueError(f"character {c!r} is not allowed; use plain ASCII such as x**2, sqrt(x), pi")
    depth = deepest = 0
    for c in source:
        depth += (c in "([{") - (c in ")]}")
        deepest = max(deepest, depth)
    if deepest > MAX_DEPTH:
        raise ValueError(f"expression is nested too deeply (more than {MAX_DEPTH} brackets)")
    return source


def _parse(source: str, text: str) -> ast.expr:
    """ast.parse in eval mode, with every parser failure turned into a one-line ValueError."""
    shown = text.strip()
    try:
        with warnings.catch_warnings():  # e.g. SyntaxWarning for 2(x): we report our own message
            warnings.simplefilter("ignore")
            return ast.parse(source, mode="eval").body
    except SyntaxError as err:
        msg = err.msg or "invalid syntax"
        if "decimal literal" in msg:
            raise ValueError(f"{shown!r} is not a valid expression; write 2*x for a product, not 2x") from None
        if not err.offset or err.offset > len(source) or "never closed" in msg:
            raise ValueError(f"{shown!r} is not a complete expression") from None
        raise ValueError(f"{shown!r} is not a valid expression ({msg})") from None
    except (RecursionError, MemoryError, ValueError, OverflowError):
        raise ValueError(f"{shown!r} could not be parsed") from None


def _same_chain(parent: ast.AST, child: ast.AST) -> bool:
    """Is child the continuation of a chain like a + b - c or a * b / c or a ** b ** c?"""
    if not (isinstance(parent, ast.BinOp) and isinstance(child, ast.BinOp)):
        return False
    groups = {ast.Add: 0, ast.Sub: 0, ast.Mult: 1, ast.Div: 1}
    p, c = groups.get(type(parent.op)), groups.get(type(child.op))
    if child is parent.left:
        return p is not None and p == c
    return isinstance(parent.op, ast.Pow) and isinstance(child.op, ast.Pow)


def _check_size(tree: ast.expr) -> None:
    """Count nodes and nesting without recursion, before anything walks the tree recursively."""
    count, stack = 0, [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise ValueError(f"expression is too large (more than {MAX_NODES} parts)")
        if depth > MAX_DEPTH:
            raise ValueError(f"expression is nested too deeply (more than {MAX_DEPTH} levels)")
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                stack.append((child, depth if _same_chain(node, child) else depth + 1))


# --- compiling the whitelisted tree into NumPy closures -----------------------------------


def _number(value: object) -> np.float64:
    if isinstance(value, bool):
        raise ValueError("True and False are not allowed; use numbers")
    if isinstance(value, int):
        try:
            return np.float64(value)
        except OverflowError:  # an integer literal beyond 1.8e308
            return np.float64(np.inf)
    if isinstance(value, float):
        return np.float64(value)
    if isinstance(value, complex):
        raise ValueError("complex numbers are not allowed")
    if isinstance(value, (str, bytes)):
        raise ValueError("strings are not allowed")
    raise ValueError(f"{value!r} is not allowed")


def _compile(node: ast.expr) -> Evaluator:
    """Turn one whitelisted node into a function of (x, y); refuse anything else."""
    if isinstance(node, ast.Constant):
        value = _number(node.value)
        return lambda x, y: value
    if isinstance(node, ast.Name):
        return _compile_name(node.id)
    if isinstance(node, ast.BinOp):
        op = _BINARY.get(type(node.op))
        if op is None:
            raise ValueError(f"operator {_SYMBOLS.get(type(node.op), '?')!r} is not allowed; use + - * / **")
        left, right = _compile(node.left), _compile(node.right)
        return lambda x, y: op(left(x, y), right(x, y))
    if isinstance(node, ast.UnaryOp):
        op = _UNARY.get(type(node.op))
        if op is None:
            raise ValueError(f"operator {_SYMBOLS.get(type(node.op), '?')!r} is not allowed")
        operand = _compile(node.operand)
        return lambda x, y: op(operand(x, y))
    if isinstance(node, ast.Call):
        return _compile_call(node)
    raise ValueError(_REFUSED.get(type(node), f"{type(node).__name__} is not allowed"))


def _compile_name(name: str) -> Evaluator:
    if name == "x":
        return lambda x, y: x
    if name == "y":
        return lambda x, y: y
    if name in CONSTANTS:
        value = np.float64(CONSTANTS[name])
        return lambda x, y: value
    if name in FUNCTIONS:
        raise ValueError(f"{name!r} is a function; call it like {name}(x)")
    raise ValueError(f"name {name!r} is not allowed; " + _allowed_hint(name, ["x", "y", *CONSTANTS, *FUNCTIONS]))


def _compile_call(node: ast.Call) -> Evaluator:
    if not isinstance(node.func, ast.Name):
        if isinstance(node.func, (ast.Attribute, ast.Lambda, ast.Subscript)):
            return _compile(node.func)  # refused with the message for what it is
        raise ValueError("only named functions can be called; write 2*(x + 1) for a product")
    name = node.func.id
    if name in ("x", "y", *CONSTANTS):
        raise ValueError(f"{name!r} is not a function; write {name}*(...) for a product")
    if name not in FUNCTIONS:
        raise ValueError(f"function {name!r} is not allowed; " + _allowed_hint(name, list(FUNCTIONS)))
    if node.keywords:
        raise ValueError("keyword arguments are not allowed")
    fn = FUNCTIONS[name]
    if len(node.args) != fn.arity:
        plural = "argument" if fn.arity == 1 else "arguments"
        raise ValueError(f"function {name!r} takes {fn.arity} {plural} (got {len(node.args)})")
    args = [_compile(arg) for arg in node.args]
    impl = fn.impl
    if fn.arity == 1:
        (a,) = args
        return lambda x, y: impl(a(x, y))
    a, b = args
    return lambda x, y: impl(a(x, y), b(x, y))


def compile_expression(text: str) -> Evaluator:
    """Compile typed text into ``f(x, y)`` on NumPy arrays; ValueError if anything is not allowed.

    ``f`` broadcasts x against y and returns a new float64 array of that shape (inf/nan where the
    expression is undefined, never a warning).
    """
    if not isinstance(text, str):
        raise ValueError("expression must be text")
    source = _translate(text)
    tree = _parse(source, text)
    _check_size(tree)
    body = _compile(tree)

    def f(x, y):
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        with np.errstate(all="ignore"):
            # adding zeros broadcasts constants and copies, so f("x") never aliases its input
            return body(x, y) + np.zeros(np.broadcast_shapes(x.shape, y.shape))

    return f


# --- bounds and the Surface ---------------------------------------------------------------

Bounds = tuple[tuple[float, float], tuple[float, float]]


def _check_range(axis: str, lo: float, hi: float) -> tuple[float, float]:
    lo, hi = float(lo), float(hi)
    if not (np.isfinite(lo) and np.isfinite(hi)):
        raise ValueError(f"{axis} bounds must be finite numbers (got {lo:g}, {hi:g})")
    if not lo < hi:
        raise ValueError(f"{axis} bounds need min < max (got {lo:g}, {hi:g})")
    if not np.isfinite(hi - lo):
        raise ValueError(f"{axis} range is too wide (got {lo:g}, {hi:g})")
    return lo, hi


def parse_bounds(text: str) -> Bounds:
    """``"xmin,xmax,ymin,ymax"``, or ``"min,max"`` for both axes -> ((xmin, xmax), (ymin, ymax))."""
    usage = "bounds are 'xmin,xmax,ymin,ymax' or 'min,max', e.g. -5,5,-3,3"
    parts = text.split(",")
    if len(parts) not in (2, 4) or len(text) > 200:
        raise ValueError(f"{usage} (got {text[:40]!r})")
    try:
        values = [float(p) for p in parts]
    except ValueError:
        raise ValueError(f"{usage} (got {text[:40]!r})") from None
    if len(values) == 2:
        values *= 2
    return _check_range("x", *values[:2]), _check_range("y", *values[2:])


def _central_difference(f: Evaluator, bounds: Bounds) -> Callable[[Array, Array], tuple[Array, Array]]:
    """Gradient by central differences, step 1e-6 of each axis's range.

    The error of (f(x+h) - f(x-h)) / 2h is about h²·f'''/6 from truncation plus eps·|f|/h from
    rounding; both are tiny for h near 1e-5 of the scale the learner works on. Scaling h with the
    bounds keeps that balance whether the axes span 1e-3 or 1e4 (a fixed h would not). The step
    is divided by the distance actually taken, (x+h) - (x-h), which absorbs the rounding of x+h.
    Results that are not finite (overflow, or nan next to a domain edge) come back as nan.
    """
    hx = 1e-6 * (bounds[0][1] - bounds[0][0])
    hy = 1e-6 * (bounds[1][1] - bounds[1][0])

    def df(x, y):
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        with np.errstate(all="ignore"):
            xp, xm, yp, ym = x + hx, x - hx, y + hy, y - hy
            dx = (f(xp, y) - f(xm, y)) / (xp - xm)
            dy = (f(x, yp) - f(x, ym)) / (yp - ym)
        return np.where(np.isfinite(dx), dx, np.nan), np.where(np.isfinite(dy), dy, np.nan)

    return df


def _lowest_point(f: Evaluator, bounds: Bounds, text: str, n: int = 201) -> tuple[float, float] | None:
    """Lowest point of an n×n grid, refined by a short pattern search; None if flat or on the frame."""
    xs, ys = np.linspace(*bounds[0], n), np.linspace(*bounds[1], n)
    z = f(*np.meshgrid(xs, ys))
    finite = np.isfinite(z)
    if not finite.any():
        raise ValueError(f"{text.strip()!r} is not a finite number anywhere inside the bounds")
    z = np.where(finite, z, np.inf)
    i, j = np.unravel_index(np.argmin(z), z.shape)
    if z[i, j] == z[finite].max() or i in (0, n - 1) or j in (0, n - 1):
        return None  # flat, or still falling at the edge: no minimum inside the frame
    return _refine(f, xs[j], ys[i], z[i, j], xs[1] - xs[0], ys[1] - ys[0], bounds)


_NEIGHBOURS = np.array([(1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (1, -1), (-1, 1), (-1, -1)], float)


def _refine(f, x, y, value, sx, sy, bounds, iterations=100):
    """Pattern search from a grid point: move to the best of 8 neighbours if lower, else halve the step.

    Only strict improvements are taken, so the result is never worse than the grid point.
    """
    (x0, x1), (y0, y1) = bounds
    tiny = 1e-10 * sx
    for _ in range(iterations):
        if sx < tiny:
            break
        px = np.clip(x + sx * _NEIGHBOURS[:, 0], x0, x1)
        py = np.clip(y + sy * _NEIGHBOURS[:, 1], y0, y1)
        v = f(px, py)
        v = np.where(np.isfinite(v), v, np.inf)
        k = int(np.argmin(v))
        if v[k] < value:
            x, y, value = px[k], py[k], v[k]
        else:
            sx, sy = sx / 2, sy / 2
    return float(x), float(y)


def _default_start(f, df, bounds: Bounds, minimum) -> tuple[float, float]:
    """70% of the way from the centre to a corner (upper-left first) with a finite value and
    gradient, away from the minimum."""
    (x0, x1), (y0, y1) = bounds
    cx, cy, hx, hy = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2
    candidates = [(cx + 0.7 * sx * hx, cy + 0.7 * sy * hy) for sx, sy in ((-1, 1), (1, 1), (-1, -1), (1, -1))]
    for px, py in candidates:
        usable = np.isfinite(f(px, py)) and np.all(np.isfinite(df(px, py)))
        far = minimum is None or abs(px - minimum[0]) > 0.1 * hx or abs(py - minimum[1]) > 0.1 * hy
        if usable and far:
            return float(px), float(py)
    return candidates[0]


def custom_surface(
    text: str, bounds: Bounds = ((-5.0, 5.0), (-5.0, 5.0)), start: tuple[float, float] | None = None
) -> Surface:
    """A Surface from typed text (see compile_expression), framed by ``bounds``.

    ``df`` is a central difference (see _central_difference). ``minima`` is an *estimate*: the
    lowest point of a 201×201 grid over the bounds, refined by a short local search; it is empty
    when the surface is flat or lowest on the frame's edge (no minimum inside the plot). Only
    the single lowest point is given, even if the surface has several equal minima.
    ValueError if the text is refused, the bounds are invalid, or f is nowhere finite.
    """
    f = compile_expression(text)
    bounds = (_check_range("x", *bounds[0]), _check_range("y", *bounds[1]))
    df = _central_difference(f, bounds)
    minimum = _lowest_point(f, bounds, text)
    if start is None:
        start = _default_start(f, df, bounds, minimum)
    else:
        start = (float(start[0]), float(start[1]))
        if not np.all(np.isfinite(start)):
            raise ValueError(f"start must be finite (got {start})")
    note = (
        "A custom surface; the minimum marked is estimated from a 201×201 grid."
        if minimum
        else "A custom surface with no minimum inside the plotted bounds."
    )
    return Surface(
        text.strip(),
        "Custom surface",
        f"f(x, y) = {text.strip()}",
        f,
        df,
        bounds,
        start,
        (minimum,) if minimum else (),
        note,
    )
