"""Loss surfaces: analytic gradients, minima and bounds are what the plots and cards claim."""

import numpy as np
import pytest

from dltutor.sim.surfaces import SURFACES, get_surface


@pytest.mark.parametrize("name", list(SURFACES))
def test_gradient_matches_central_differences(name):
    surface = SURFACES[name]
    rng = np.random.default_rng(1)
    (x0, x1), (y0, y1) = surface.bounds
    points = np.column_stack([rng.uniform(x0, x1, 200), rng.uniform(y0, y1, 200)])
    h = 1e-6
    numeric = np.stack(
        [(surface.value(points + h * e) - surface.value(points - h * e)) / (2 * h) for e in np.eye(2)], axis=-1
    )
    scale = np.maximum(1.0, np.abs(numeric))
    assert np.all(np.abs(surface.grad(points) - numeric) / scale < 1e-5)


@pytest.mark.parametrize("name", [n for n, s in SURFACES.items() if s.minima])
def test_minima_are_stationary_and_lowest(name):
    surface = SURFACES[name]
    minima = np.array(surface.minima)
    assert np.all(np.abs(surface.grad(minima)) < 1e-4)
    _, _, z = surface.grid(121, 121)
    assert surface.value(minima).max() <= z.min() + 1e-9


def test_himmelblau_has_four_minima_at_zero():
    surface = SURFACES["himmelblau"]
    assert len(surface.minima) == 4
    np.testing.assert_allclose(surface.value(np.array(surface.minima)), 0.0, atol=1e-9)


def test_ravine_is_ill_conditioned():
    # Hessian of a·x² + b·y² is diag(2a, 2b): condition number b/a.
    surface = SURFACES["ravine"]
    h = 1e-4
    hxx = (surface.grad(np.array([h, 0.0]))[0] - surface.grad(np.array([-h, 0.0]))[0]) / (2 * h)
    hyy = (surface.grad(np.array([0.0, h]))[1] - surface.grad(np.array([0.0, -h]))[1]) / (2 * h)
    assert hyy / hxx >= 50


def test_plateau_gradient_is_tiny_at_the_start():
    surface = SURFACES["plateau"]
    assert np.linalg.norm(surface.grad(np.array(surface.start))) < 1e-2


@pytest.mark.parametrize("name", list(SURFACES))
def test_starts_lie_inside_the_bounds(name):
    surface = SURFACES[name]
    (x0, x1), (y0, y1) = surface.bounds
    assert x0 <= surface.start[0] <= x1 and y0 <= surface.start[1] <= y1
    assert not surface.escaped(np.array(surface.start))


def test_escape_flags_far_and_non_finite_points():
    surface = SURFACES["bowl"]
    points = np.array([[0.0, 0.0], [49.0, 0.0], [51.0, 0.0], [np.nan, 0.0], [0.0, -np.inf]])
    assert surface.escaped(points).tolist() == [False, False, True, True, True]


def test_unknown_surface_lists_the_valid_ones():
    with pytest.raises(ValueError, match="choose one of: bowl, ravine"):
        get_surface("moon")
