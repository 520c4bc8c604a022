"""Two-dimensional loss surfaces that optimizers race down.

Each surface is vectorised: `value` takes points of shape (..., 2) and returns (...),
`grad` returns the analytic gradient (..., 2). Bounds frame the plot, `minima` are the known
global (or, for Himmelblau, all four) minimisers, and `start` is a start that shows the
surface's character.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from .params import Param

Array = np.ndarray


@dataclass(frozen=True)
class Surface:
    name: str
    title: str
    formula: str  # Unicode, for captions and cards
    f: Callable[[Array, Array], Array]  # f(x, y)
    df: Callable[[Array, Array], tuple[Array, Array]]  # (∂f/∂x, ∂f/∂y)
    bounds: tuple[tuple[float, float], tuple[float, float]]  # ((x_min, x_max), (y_min, y_max))
    start: tuple[float, float]
    minima: tuple[tuple[float, float], ...] = ()
    note: str = ""  # what the surface is for
    saddles: tuple[tuple[float, float], ...] = field(default=())

    def value(self, xy: Array) -> Array:
        """Loss at points (..., 2)."""
        xy = np.asarray(xy, dtype=np.float64)
        return self.f(xy[..., 0], xy[..., 1])

    def grad(self, xy: Array) -> Array:
        """Analytic gradient at points (..., 2), shape (..., 2)."""
        xy = np.asarray(xy, dtype=np.float64)
        return np.stack(self.df(xy[..., 0], xy[..., 1]), axis=-1)

    @property
    def center(self) -> Array:
        return np.array([(lo + hi) / 2 for lo, hi in self.bounds])

    @property
    def half_width(self) -> Array:
        return np.array([(hi - lo) / 2 for lo, hi in self.bounds])

    def escaped(self, xy: Array) -> Array:
        """Rows (..., 2) that are non-finite or more than ten plot-widths from the centre.

        Generous on purpose: momentum may overshoot the frame and come back; a run this far out
        (or at inf/nan) is not coming back and is reported as diverged.
        """
        with np.errstate(invalid="ignore"):
            inside = np.abs(xy - self.center) <= 10.0 * self.half_width
        return ~inside.all(axis=-1)

    def grid(self, nx: int = 80, ny: int = 40) -> tuple[Array, Array, Array]:
        """Loss on a regular grid over the bounds: (xs (nx,), ys (ny,), z (ny, nx))."""
        xs = np.linspace(*self.bounds[0], nx)
        ys = np.linspace(*self.bounds[1], ny)
        xx, yy = np.meshgrid(xs, ys)
        return xs, ys, self.f(xx, yy)


# --- the surfaces -------------------------------------------------------------------------


def _bowl(x, y):
    return x * x + y * y


def _bowl_grad(x, y):
    return 2 * x, 2 * y


# Ravine: Hessian diag(0.2, 20), condition number 100. Plain SGD must keep lr < 2/20 = 0.1 to
# stay stable across the steep y direction, and then crawls along x at 1 − 0.2·lr per step.
RAVINE_A, RAVINE_B = 0.1, 10.0


def _ravine(x, y):
    return RAVINE_A * x * x + RAVINE_B * y * y


def _ravine_grad(x, y):
    return 2 * RAVINE_A * x, 2 * RAVINE_B * y


def _rosenbrock(x, y):
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2


def _rosenbrock_grad(x, y):
    r = y - x * x
    return -2 * (1 - x) - 400 * x * r, 200 * r


def _beale_terms(x, y):
    return 1.5 - x + x * y, 2.25 - x + x * y * y, 2.625 - x + x * y**3


def _beale(x, y):
    a, b, c = _beale_terms(x, y)
    return a * a + b * b + c * c


def _beale_grad(x, y):
    a, b, c = _beale_terms(x, y)
    dx = 2 * a * (y - 1) + 2 * b * (y * y - 1) + 2 * c * (y**3 - 1)
    dy = 2 * a * x + 2 * b * 2 * x * y + 2 * c * 3 * x * y * y
    return dx, dy


def _himmelblau(x, y):
    return (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2


def _himmelblau_grad(x, y):
    a, b = x * x + y - 11, x + y * y - 7
    return 4 * x * a + 2 * b, 2 * a + 4 * y * b


def _booth(x, y):
    return (x + 2 * y - 7) ** 2 + (2 * x + y - 5) ** 2


def _booth_grad(x, y):
    a, b = x + 2 * y - 7, 2 * x + y - 5
    return 2 * a + 4 * b, 4 * a + 2 * b


def _saddle(x, y):
    return x * x - y * y


def _saddle_grad(x, y):
    return 2 * x, -2 * y


def _rastrigin(x, y):
    return 20 + x * x - 10 * np.cos(2 * np.pi * x) + y * y - 10 * np.cos(2 * np.pi * y)


def _rastrigin_grad(x, y):
    return 2 * x + 20 * np.pi * np.sin(2 * np.pi * x), 2 * y + 20 * np.pi * np.sin(2 * np.pi * y)


# Plateau: a Gaussian well in a flat plain. Far from the well the gradient is ~1e-3 or smaller,
# so SGD barely moves while Adam and RMSprop, which divide by the gradient's own scale, walk on.
def _plateau(x, y):
    return 1 - np.exp(-(x * x + y * y) / 2)


def _plateau_grad(x, y):
    e = np.exp(-(x * x + y * y) / 2)
    return x * e, y * e


_HIMMELBLAU_MINIMA = ((3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126))

SURFACES: dict[str, Surface] = {
    s.name: s
    for s in (
        Surface(
            "bowl",
            "Quadratic bowl",
            "f(x, y) = x² + y²",
            _bowl,
            _bowl_grad,
            ((-5, 5), (-5, 5)),
            (-4.0, 3.0),
            ((0.0, 0.0),),
            "Perfectly round: every method goes straight to the centre.",
        ),
        Surface(
            "ravine",
            "Ill-conditioned ravine",
            "f(x, y) = 0.1·x² + 10·y²  (condition number 100)",
            _ravine,
            _ravine_grad,
            ((-10, 10), (-3, 3)),
            (-9.0, 2.0),
            ((0.0, 0.0),),
            "Steep walls and a shallow floor: a step small enough for the walls is tiny along the floor.",
        ),
        Surface(
            "rosenbrock",
            "Rosenbrock's valley",
            "f(x, y) = (1 − x)² + 100·(y − x²)²",
            _rosenbrock,
            _rosenbrock_grad,
            ((-2, 2), (-1, 3)),
            (-1.5, 2.0),
            ((1.0, 1.0),),
            "Finding the curved valley is easy; following it to (1, 1) is hard.",
        ),
        Surface(
            "beale",
            "Beale's function",
            "f(x, y) = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²",
            _beale,
            _beale_grad,
            ((-4.5, 4.5), (-4.5, 4.5)),
            (1.0, 1.5),
            ((3.0, 0.5),),
            "Flat basins beside steep ridges: no single step size suits both.",
        ),
        Surface(
            "himmelblau",
            "Himmelblau's function",
            "f(x, y) = (x² + y − 11)² + (x + y² − 7)²",
            _himmelblau,
            _himmelblau_grad,
            ((-5, 5), (-5, 5)),
            (0.0, 0.0),
            _HIMMELBLAU_MINIMA,
            "Four equal minima: where you start decides where you end.",
        ),
        Surface(
            "booth",
            "Booth's function",
            "f(x, y) = (x + 2y − 7)² + (2x + y − 5)²",
            _booth,
            _booth_grad,
            ((-10, 10), (-10, 10)),
            (-8.0, -8.0),
            ((1.0, 3.0),),
            "A tilted quadratic valley with one minimum at (1, 3).",
        ),
        Surface(
            "saddle",
            "Saddle",
            "f(x, y) = x² − y²",
            _saddle,
            _saddle_grad,
            ((-5, 5), (-5, 5)),
            (-4.5, 1e-3),
            (),
            "No minimum: a start almost on the ridge shows how slowly plain gradient descent escapes a saddle point.",
            saddles=((0.0, 0.0),),
        ),
        Surface(
            "rastrigin",
            "Rastrigin's function",
            "f(x, y) = 20 + Σ (xᵢ² − 10·cos 2πxᵢ)",
            _rastrigin,
            _rastrigin_grad,
            ((-5.12, 5.12), (-5.12, 5.12)),
            (3.2, -2.7),
            ((0.0, 0.0),),
            "A sea of local minima around one global minimum at the origin.",
        ),
        Surface(
            "plateau",
            "Plateau",
            "f(x, y) = 1 − exp(−(x² + y²)/2)",
            _plateau,
            _plateau_grad,
            ((-6, 6), (-6, 6)),
            (4.0, 3.0),
            ((0.0, 0.0),),
            "A well in a flat plain: far from it the gradient is tiny.",
        ),
    )
}


def get_surface(name: str) -> Surface:
    try:
        return SURFACES[name]
    except KeyError:
        raise ValueError(f"unknown surface {name!r}; choose one of: {', '.join(SURFACES)}") from None


class SurfaceParam(Param):
    """A named surface, or an expression in x and y (checked by the safe expression compiler)."""

    def problem(self, value: Any) -> str | None:
        if not isinstance(value, str):
            return f"must be {self.allowed()}"
        if value in SURFACES:
            return None
        from dltutor.sim.expression import compile_expression

        try:
            compile_expression(value)
        except ValueError as err:
            import difflib

            near = difflib.get_close_matches(value.strip().lower(), list(SURFACES), n=1, cutoff=0.6)
            if near:  # a misspelt name, not an expression: say which name, not which functions exist
                return f"{value!r} is not a named surface; did you mean {near[0]}? (named: {', '.join(SURFACES)})"
            return f"{value!r} is neither a named surface ({', '.join(SURFACES)}) nor a usable expression: {err}"
        return None

    def check(self, value: Any) -> bool:
        return self.problem(value) is None

    def allowed(self) -> str:
        return "one of " + ", ".join(SURFACES) + ', or an expression in x and y such as "x**2 + 10*y**2"'
