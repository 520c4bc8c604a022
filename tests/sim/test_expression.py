"""User-typed surfaces: right values, right gradients, and nothing typed ever runs as code."""

import ast
import builtins
import time
import warnings

import numpy as np
import pytest

from dltutor.sim.expression import FUNCTIONS, MAX_DEPTH, MAX_LENGTH, compile_expression, custom_surface, parse_bounds
from dltutor.sim.surfaces import SURFACES

RNG = np.random.default_rng(7)
X = RNG.uniform(-3, 3, (40, 30))
Y = RNG.uniform(-3, 3, (40, 30))

CASES = [
    ("x**2 + 10*y**2", lambda x, y: x**2 + 10 * y**2),
    ("x^2 + y^3", lambda x, y: x**2 + y**3),
    ("-x**2 + y", lambda x, y: -(x**2) + y),
    ("-x^2 - -y", lambda x, y: -(x**2) + y),
    ("2^-x", lambda x, y: 2.0**-x),
    ("sin(x) * cos(y)", lambda x, y: np.sin(x) * np.cos(y)),
    ("exp(-(x**2 + y**2) / 2)", lambda x, y: np.exp(-(x**2 + y**2) / 2)),
    (
        "log(1 + x**2) + log10(1 + y**2) + log2(x + y)",
        lambda x, y: np.log(1 + x**2) + np.log10(1 + y**2) + np.log2(x + y),
    ),
    (
        "sqrt(x) + abs(y) + sign(x*y) + floor(y) + ceil(x)",
        lambda x, y: np.sqrt(x) + np.abs(y) + np.sign(x * y) + np.floor(y) + np.ceil(x),
    ),
    (
        "arcsin(x/3) + acos(y/3) + atan(x) + arctan(y) + asin(y/4) + arccos(x/4)",
        lambda x, y: (
            np.arcsin(x / 3) + np.arccos(y / 3) + np.arctan(x) + np.arctan(y) + np.arcsin(y / 4) + np.arccos(x / 4)
        ),
    ),
    (
        "sinh(x) - cosh(y) + tanh(x*y) + tan(x/4) + ln(abs(y))",
        lambda x, y: np.sinh(x) - np.cosh(y) + np.tanh(x * y) + np.tan(x / 4) + np.log(np.abs(y)),
    ),
    ("pi*x + e*y - 1.5e-1 + .5 - 3. + 2E2", lambda x, y: np.pi * x + np.e * y - 0.15 + 0.5 - 3 + 200),
    (
        "min(x, y) + 2*max(x, y) + atan2(y, x) + arctan2(x, y) + hypot(x, y)",
        lambda x, y: np.minimum(x, y) + 2 * np.maximum(x, y) + np.arctan2(y, x) + np.arctan2(x, y) + np.hypot(x, y),
    ),
    (
        "sigmoid(x) + softplus(y) + relu(x - y)",
        lambda x, y: 1 / (1 + np.exp(-x)) + np.log1p(np.exp(y)) + np.maximum(x - y, 0),
    ),
    ("(1.5 - x + x*y)**2 + (2.25 - x + x*y**2)**2 + (2.625 - x + x*y**3)**2", SURFACES["beale"].f),
    ("x² + 3·y − π", lambda x, y: x**2 + 3 * y - np.pi),
    ("x / y + 1 / (x - x)", lambda x, y: x / y + 1 / (x - x)),  # inf everywhere, quietly
]


@pytest.mark.parametrize("text,reference", CASES, ids=[c[0] for c in CASES])
def test_values_match_numpy(text, reference):
    f = compile_expression(text)
    with np.errstate(all="ignore"):
        expected = reference(X, Y)
    got = f(X, Y)
    assert got.shape == X.shape and got.dtype == np.float64
    np.testing.assert_allclose(got, expected, rtol=1e-13, atol=1e-13)  # nan == nan here


def test_precedence_and_associativity():
    assert compile_expression("-x**2")(3.0, 0.0) == -9.0
    assert compile_expression("-x^2")(3.0, 0.0) == -9.0
    assert compile_expression("2^3^2")(0.0, 0.0) == 512.0  # right-associative, as in maths
    assert compile_expression("1 - 2 - 3")(0.0, 0.0) == -4.0
    assert compile_expression("8 / 4 / 2")(0.0, 0.0) == 1.0
    assert compile_expression("2 * (x + 1)")(1.0, 0.0) == 4.0


def test_broadcasts_and_never_aliases_its_input():
    x = np.array([1.0, 2.0, 3.0])
    out = compile_expression("x")(x, 0.0)
    out[0] = 99.0
    assert x[0] == 1.0
    assert compile_expression("5")(np.zeros((2, 3)), np.zeros(3)).shape == (2, 3)
    np.testing.assert_array_equal(compile_expression("x + y")([[1], [2]], [10, 20]), [[11, 21], [12, 22]])
    assert compile_expression("x**-1")(2, 0) == 0.5  # ints are taken as floats


def test_overflow_is_inf_without_warning_or_delay():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        t0 = time.perf_counter()
        assert compile_expression("9**9**9")(0.0, 0.0) == np.inf
        assert compile_expression("9**9**9**9")(0.0, 0.0) == np.inf
        assert compile_expression("9" * 300)(0.0, 0.0) == 1e300  # a 300-digit literal, as a float
        assert compile_expression("0x" + "f" * 298)(0.0, 0.0) == np.inf  # an integer beyond 1.8e308
        assert np.isnan(compile_expression("log(x)")(-1.0, 0.0))
        assert np.isnan(compile_expression("sqrt(x) + 0*exp(9**9)")(-1.0, 0.0))
        assert time.perf_counter() - t0 < 0.5


ATTACKS = [
    "__import__('os').system('echo hi')",
    "().__class__.__bases__",
    "().__class__.__bases__[0].__subclasses__()",
    "x.real",
    "open('/etc/passwd')",
    "[x for x in y]",
    "(x for x in y)",
    "lambda: 1",
    "(lambda: 1)()",
    "x if y else 1",
    '"a" * 9',
    "b'a' * 9",
    "f'{x}'",
    "x[0]",
    "globals()",
    "getattr(x, 'real')",
    "eval('1')",
    "exp(x, y)",
    "atan2(x)",
    "sin(x=1)",
    "sin(*x)",
    "max(**x)",
    "x" * 10_000,
    "(" * 1000 + "x" + ")" * 1000,
    "(" * (MAX_DEPTH + 1) + "x" + ")" * (MAX_DEPTH + 1),
    "sin(" * (MAX_DEPTH + 1) + "x" + ")" * (MAX_DEPTH + 1),
    "-" * 60 + "x",
    "x" + "+x" * 120,  # short, but more than 200 parts
    "1j*x",
    "True + x",
    "None",
    "...",
    "os",
    "X + y",
    "Sin(x)",
    "exp",
    "x(2)",
    "2(x + 1)",
    "2x",
    "x ** ",
    "(x",
    "x y",
    "",
    "   ",
    "x, y",
    "{}",
    "{x}",
    "[x]",
    "x // y",
    "x % y",
    "x @ y",
    "x | y",
    "~x",
    "not x",
    "x < y",
    "x and y",
    "(x := 1)",
    "await x",
    "x\n+ 1",
    "x\x00",
    "ｅｘｐ(x)",  # full-width letters that Python would normalise to exp
    "√x",
]


@pytest.mark.parametrize("text", ATTACKS, ids=[repr(a[:30]) for a in ATTACKS])
def test_attack_is_refused_with_one_line(text):
    with pytest.raises(ValueError) as info:
        compile_expression(text)
    message = str(info.value)
    assert message and "\n" not in message and len(message) < 400


def test_all_refusals_are_fast():
    t0 = time.perf_counter()
    for text in ATTACKS:
        with pytest.raises(ValueError):
            compile_expression(text)
    assert time.perf_counter() - t0 < 0.3


def test_user_text_is_only_parsed_never_compiled_or_run(monkeypatch):
    real_compile = builtins.compile

    def only_ast(source, filename, mode, flags=0, *args, **kwargs):
        assert flags & ast.PyCF_ONLY_AST, "user text compiled to code"
        return real_compile(source, filename, mode, flags, *args, **kwargs)

    def forbidden(*args, **kwargs):
        raise AssertionError("eval/exec called")

    monkeypatch.setattr(builtins, "compile", only_ast)
    monkeypatch.setattr(builtins, "eval", forbidden)
    monkeypatch.setattr(builtins, "exec", forbidden)
    f = compile_expression("sin(x) + y**2")
    assert f(0.0, 2.0) == 4.0
    with pytest.raises(ValueError):
        compile_expression("__import__('os')")


@pytest.mark.parametrize(
    "text,message",
    [
        ("os", "name 'os' is not allowed; use x, y, pi, e and functions sin, cos"),
        ("X + y", "name 'X' is not allowed; did you mean 'x'?"),
        ("x.real", "attribute access is not allowed"),
        ("x" * 412, f"expression is too long (412 characters; at most {MAX_LENGTH})"),
        ("x ** ", "'x **' is not a complete expression"),
        ("exp(x, y)", "function 'exp' takes 1 argument (got 2)"),
        ("hypot(x)", "function 'hypot' takes 2 arguments (got 1)"),
        ("2x", "write 2*x for a product"),
    ],
)
def test_messages_say_what_is_wrong(text, message):
    with pytest.raises(ValueError) as info:
        compile_expression(text)
    assert message in str(info.value)


def test_flat_chains_are_not_deep_nesting():
    # sixty terms in a row are long but not nested (the size limit still applies)
    assert compile_expression("x" + " + x" * 60)(1.0, 0.0) == 61.0
    assert compile_expression("1**" * 60 + "2")(0.0, 0.0) == 1.0
    nested = "sin(" * 30 + "x" + ")" * 30
    assert np.isfinite(compile_expression(nested)(1.0, 0.0))


def test_function_table_is_consistent():
    for name, fn in FUNCTIONS.items():
        args = ", ".join(["x"] * fn.arity)
        assert np.isfinite(compile_expression(f"{name}({args})")(0.5, 0.0)), name


# --- custom_surface -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,name,bounds",
    [
        ("x**2 + 10*y**2", None, ((-5, 5), (-3, 3))),
        ("(1 - x)^2 + 100*(y - x^2)^2", "rosenbrock", None),
        ("(x*x + y - 11)**2 + (x + y*y - 7)**2", "himmelblau", None),
        ("20 + x**2 - 10*cos(2*pi*x) + y**2 - 10*cos(2*pi*y)", "rastrigin", None),
        ("1 - exp(-(x**2 + y**2)/2)", "plateau", None),
    ],
)
def test_central_difference_matches_analytic_gradient(text, name, bounds):
    if name:
        reference = SURFACES[name]
        bounds = reference.bounds
        analytic = reference.df
    else:
        analytic = lambda x, y: (2 * x, 20 * y)  # noqa: E731
    surface = custom_surface(text, bounds)
    (x0, x1), (y0, y1) = bounds
    x, y = RNG.uniform(x0, x1, 300), RNG.uniform(y0, y1, 300)
    for got, want in zip(surface.df(x, y), analytic(x, y)):
        assert np.all(np.abs(got - want) / np.maximum(1.0, np.abs(want)) < 1e-6)
    assert surface.grad(np.stack([x, y], -1)).shape == (300, 2)


def test_gradient_is_finite_or_nan_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        steep = custom_surface("exp(1000*x)")
        dx, dy = steep.df(np.array([0.70978]), np.array([0.0]))  # f(x+h) overflows, f(x-h) does not
        assert np.isnan(dx[0]) and dy[0] == 0.0
        dx, _ = custom_surface("sqrt(x) + y**2").df(np.array([0.0, 1.0]), np.zeros(2))
        assert np.isnan(dx[0]) and abs(dx[1] - 0.5) < 1e-6


def test_minimum_estimate_on_the_grid_and_off_it():
    surface = custom_surface("(x-1)**2 + (y+2)**2")
    cell = 10 / 200
    ((mx, my),) = surface.minima
    assert abs(mx - 1) < cell and abs(my + 2) < cell
    ((mx, my),) = custom_surface("(x-0.123)**2 + (y+1.987)**2").minima  # refined between grid points
    assert abs(mx - 0.123) < 1e-6 and abs(my + 1.987) < 1e-6


def test_surface_fields():
    surface = custom_surface("  x^2 + y^2 ", ((-2, 2), (-1, 3)))
    assert surface.name == "x^2 + y^2"
    assert surface.title == "Custom surface"
    assert surface.formula == "f(x, y) = x^2 + y^2"
    assert surface.bounds == ((-2.0, 2.0), (-1.0, 3.0))
    assert surface.start == pytest.approx((-1.4, 2.4))  # 70% towards the upper-left corner
    assert surface.value(np.array([[1.0, 2.0]]))[0] == 5.0
    assert custom_surface("x^2", start=(1, 2)).start == (1.0, 2.0)


def test_start_avoids_the_minimum():
    surface = custom_surface("(x + 3.5)**2 + (y - 3.5)**2")  # minimum at the usual start
    assert surface.minima == ((-3.5, 3.5),)
    assert np.hypot(*np.subtract(surface.start, surface.minima[0])) > 1


@pytest.mark.parametrize("text", ["x**2 - y**2", "x + y", "3"])
def test_no_minimum_inside_the_frame(text):
    surface = custom_surface(text)
    assert surface.minima == ()
    assert np.all(np.isfinite(surface.start))


def test_flat_surface_is_allowed():
    surface = custom_surface("3")
    np.testing.assert_array_equal(surface.f(np.zeros((2, 2)), 1.0), np.full((2, 2), 3.0))
    assert surface.grad(np.array([0.5, 0.5])).tolist() == [0.0, 0.0]


@pytest.mark.parametrize("text", ["log(-1 - x**2)", "sqrt(-1) * x", "1/0 + y"])
def test_nowhere_finite_is_refused(text):
    with pytest.raises(ValueError, match="not a finite number anywhere"):
        custom_surface(text)


@pytest.mark.parametrize("bounds", [((5, -5), (-5, 5)), ((0, np.inf), (0, 1)), ((0, 1), (2, 2))])
def test_custom_surface_checks_bounds(bounds):
    with pytest.raises(ValueError):
        custom_surface("x", bounds)


# --- parse_bounds -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        ("-5,5,-3,3", ((-5.0, 5.0), (-3.0, 3.0))),
        (" -2 , 2 ", ((-2.0, 2.0), (-2.0, 2.0))),
        ("1e-3,2e-3,0,1.5", ((0.001, 0.002), (0.0, 1.5))),
    ],
)
def test_parse_bounds_accepts(text, expected):
    assert parse_bounds(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "5",
        "1,2,3",
        "1,2,3,4,5",
        "a,b",
        "1,,2,3",
        "5,-5",
        "1,1",
        "-5,5,3,-3",
        "0,inf",
        "nan,1",
        "-1e308,1e308",
        "0;1",
    ],
)
def test_parse_bounds_refuses(text):
    with pytest.raises(ValueError) as info:
        parse_bounds(text)
    assert "\n" not in str(info.value)
