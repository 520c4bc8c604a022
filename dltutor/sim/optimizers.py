"""Optimizers as PyTorch writes them, vectorised over N independent runs.

Each update rule copies the order of operations of the single-tensor code path in
`torch.optim` (torch 2.13, `foreach=False`), so a run here matches PyTorch in float64 to
about 1e-12. Hyperparameter names, defaults and state names (`momentum_buffer`, `exp_avg`,
`exp_avg_sq`, ...) are PyTorch's. Backstitch, which PyTorch does not have, follows
Wang, Peddinti, Xu, Zhang, Povey & Khudanpur (Interspeech 2017), "Backstitch: counteracting
finite-sample bias via negative steps".

Every hyperparameter may be a scalar or an array with one value per row, so a learning-rate
sweep over 1,024 values is one NumPy run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from .params import BOOL, FLOATS, Param, ParamError, fill, nonneg, positive, unit
from .surfaces import Surface

Array = np.ndarray


def _hp(value: Any, n: int) -> Any:
    """A scalar stays a Python scalar (cheap, and exact like torch's floats); an array of n
    per-row values becomes a (1, n) row that broadcasts over the (2, n) parameters."""
    arr = np.asarray(value)
    if arr.ndim == 0:
        return arr.item()
    if arr.shape != (n,):
        raise ValueError(f"a per-row hyperparameter needs {n} values, got shape {arr.shape}")
    return arr.reshape(1, n).astype(bool if arr.dtype == bool else np.float64)


def _is_on(value: Any) -> bool:
    """A switch or coefficient that is on for at least one row (a per-row array always counts)."""
    return bool(np.ndim(value)) or bool(value)


def _lerp_(start: Array, end: Array, weight: Any) -> None:
    """torch's lerp_ in place: two formulas, picked by |weight| < 0.5, for accuracy at both ends.

    torch fuses each into one FMA; NumPy has none, so results can differ in the last bit.
    """
    if np.ndim(weight) == 0:
        if abs(weight) < 0.5:
            start += weight * (end - start)
        else:
            start[...] = end - (end - start) * (1 - weight)
        return
    start[...] = np.where(np.abs(weight) < 0.5, start + weight * (end - start), end - (end - start) * (1 - weight))


def _where(cond: Any, a: Array, b: Array) -> Array:
    """np.where that skips the work when the condition is one scalar."""
    if np.ndim(cond) == 0:
        return a if cond else b
    return np.where(cond, a, b)


def _l2(grad: Array, theta: Array, weight_decay: Any) -> Array:
    """Coupled weight decay, as torch: grad.add(param, alpha=weight_decay)."""
    return grad + weight_decay * theta if _is_on(weight_decay) else grad


# --- update rules -------------------------------------------------------------------------
# Each takes (theta, grad, state, hp, t, grad_fn) with arrays of shape (2, N), updates the state
# in place, and returns the new theta. t counts steps from 1, as torch's state["step"].


def _sgd(theta, grad, state, hp, t, grad_fn):
    g = _l2(grad, theta, hp["weight_decay"])
    m = hp["momentum"]
    if _is_on(m):
        buf = state["momentum_buffer"]
        if t == 1:
            buf[...] = g  # torch starts the buffer at the first gradient, undamped
        else:
            buf *= m
            buf += (1 - hp["dampening"]) * g
        direction = g + m * buf if hp["nesterov"] else buf
        g = _where(m != 0, direction, g)
    return theta + (-hp["lr"]) * g


def _adagrad(theta, grad, state, hp, t, grad_fn):
    g = _l2(grad, theta, hp["weight_decay"])
    clr = hp["lr"] / (1 + (t - 1) * hp["lr_decay"])
    state["sum"] += g * g
    std = np.sqrt(state["sum"])
    std += hp["eps"]
    return theta + (-clr * g) / std


def _rmsprop(theta, grad, state, hp, t, grad_fn):
    g = _l2(grad, theta, hp["weight_decay"])
    alpha, square_avg = hp["alpha"], state["square_avg"]
    square_avg *= alpha
    square_avg += ((1 - alpha) * g) * g
    centered = hp["centered"]
    if _is_on(centered):
        ga = state["grad_avg"]
        _lerp_(ga, g, 1 - alpha)
        avg = _where(centered, np.sqrt(square_avg + (-1 * ga) * ga), np.sqrt(square_avg))
    else:
        avg = np.sqrt(square_avg)
    avg += hp["eps"]
    m = hp["momentum"]
    if _is_on(m):
        buf = state["momentum_buffer"]
        buf *= m
        buf += g / avg
        return _where(m > 0, theta + (-hp["lr"]) * buf, theta + (-hp["lr"] * g) / avg)
    return theta + (-hp["lr"] * g) / avg


def _adadelta(theta, grad, state, hp, t, grad_fn):
    g = _l2(grad, theta, hp["weight_decay"])
    rho, eps = hp["rho"], hp["eps"]
    square_avg, acc_delta = state["square_avg"], state["acc_delta"]
    square_avg *= rho
    square_avg += ((1 - rho) * g) * g
    std = np.sqrt(square_avg + eps)
    delta = np.sqrt(acc_delta + eps)
    delta /= std
    delta *= g
    acc_delta *= rho
    acc_delta += ((1 - rho) * delta) * delta
    return theta + (-hp["lr"]) * delta


def _adam_family(decoupled: bool):
    def step(theta, grad, state, hp, t, grad_fn):
        # Adam is the workhorse of sweeps and basin maps, so it works in place in two scratch
        # buffers; every operation and its order is still torch's.
        lr, wd = hp["lr"], hp["weight_decay"]
        beta1, beta2 = hp["betas"]
        g = grad
        if decoupled:
            if _is_on(wd):
                theta = theta * (1 - lr * wd)
        else:
            g = _l2(grad, theta, wd)
        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
        a, b = _scratch(state, theta)
        weight = 1 - beta1
        if np.ndim(weight) == 0 and abs(weight) < 0.5:  # torch.lerp_, the small-weight formula
            np.subtract(g, exp_avg, out=a)
            a *= weight
            exp_avg += a
        else:
            _lerp_(exp_avg, g, weight)
        exp_avg_sq *= beta2
        np.multiply(g, 1 - beta2, out=a)
        a *= g
        exp_avg_sq += a
        bias_correction1 = 1 - beta1**t
        bias_correction2 = 1 - beta2**t
        step_size = lr / bias_correction1
        bias_correction2_sqrt = bias_correction2**0.5
        second = exp_avg_sq
        amsgrad = hp["amsgrad"]
        if _is_on(amsgrad):
            np.maximum(state["max_exp_avg_sq"], exp_avg_sq, out=state["max_exp_avg_sq"])
            second = _where(amsgrad, state["max_exp_avg_sq"], exp_avg_sq)
        np.sqrt(second, out=a)  # denom
        a /= bias_correction2_sqrt
        a += hp["eps"]
        np.multiply(exp_avg, -step_size, out=b)
        b /= a
        return theta + b

    return step


def _scratch(state: dict[str, Array], like: Array) -> tuple[Array, Array]:
    """Two work arrays kept with the state (not recorded: they are not in Optimizer.state)."""
    if "_scratch" not in state:
        state["_scratch"] = (np.empty_like(like), np.empty_like(like))
    return state["_scratch"]


def _nadam(theta, grad, state, hp, t, grad_fn):
    lr, wd = hp["lr"], hp["weight_decay"]
    beta1, beta2 = hp["betas"]
    md = hp["momentum_decay"]
    bias_correction2 = 1 - beta2**t
    g = grad
    if _is_on(wd):
        decoupled = hp["decoupled_weight_decay"]
        g = _where(decoupled, grad, _l2(grad, theta, wd))
        theta = _where(decoupled, theta * (1 - lr * wd), theta)
    mu = beta1 * (1.0 - 0.5 * (0.96 ** (t * md)))
    mu_next = beta1 * (1.0 - 0.5 * (0.96 ** ((t + 1) * md)))
    state["mu_product"] *= mu
    exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
    _lerp_(exp_avg, g, 1 - beta1)
    exp_avg_sq *= beta2
    exp_avg_sq += ((1 - beta2) * g) * g
    denom = np.sqrt(exp_avg_sq / bias_correction2)
    denom += hp["eps"]
    mu_product = state["mu_product"]
    mu_product_next = mu_product * mu_next
    theta = theta + ((-lr * (1.0 - mu) / (1.0 - mu_product)) * g) / denom
    return theta + (((-lr * mu_next) / (1.0 - mu_product_next)) * exp_avg) / denom


def _backstitch(theta, grad, state, hp, t, grad_fn):
    """A step of −α·lr (uphill), then (1 + α)·lr downhill with the gradient recomputed there."""
    lr, alpha = hp["lr"], hp["alpha"]
    back = theta + (alpha * lr) * grad
    return back - ((1 + alpha) * lr) * grad_fn(back)


# --- the registry -------------------------------------------------------------------------

_BETAS = Param(
    (0.9, 0.999),
    FLOATS,
    low=0.0,
    high=1.0,
    high_open=True,
    length=2,
    doc="decay rates of the running mean of the gradient and of its square",
)
_WD = nonneg(0.0, "L2 penalty added to the gradient (coupled weight decay)")


def _nesterov_needs_momentum(name: str, hp: dict[str, Any]) -> None:
    """torch.optim.SGD refuses nesterov=True without momentum, or with dampening."""
    if np.any(np.asarray(hp["nesterov"])):
        if np.any(np.asarray(hp["momentum"]) <= 0) or np.any(np.asarray(hp["dampening"]) != 0):
            raise ParamError(
                name,
                "nesterov",
                "needs momentum > 0 and dampening = 0",
                f"{name}: Nesterov momentum needs momentum > 0 and dampening = 0",
            )


def _nadam_state(hp: dict[str, Any], shape: tuple[int, int]) -> dict[str, Array]:
    """NAdam's running product of momentum coefficients is one number per run, starting at 1."""
    return {"exp_avg": np.zeros(shape), "exp_avg_sq": np.zeros(shape), "mu_product": np.ones((1, shape[1]))}


def _sgd_params(momentum: float, nesterov: bool) -> dict[str, Param]:
    return {
        "lr": positive(1e-3, "learning rate"),
        "momentum": nonneg(momentum, "fraction of the previous velocity kept each step"),
        "dampening": unit(0.0, "scales down the new gradient in the velocity (0 = none)", high_open=False),
        "weight_decay": _WD,
        "nesterov": Param(nesterov, BOOL, doc="look ahead: step along g + momentum·velocity"),
    }


@dataclass(frozen=True)
class Optimizer:
    name: str
    title: str
    torch: str  # the PyTorch equivalent, or "" if none
    params: dict[str, Param]
    step: Callable[..., Array]
    state: tuple[str, ...]  # per-row state vectors, as PyTorch names them
    initial: dict[str, str] = field(default_factory=dict)  # state name -> hyperparameter giving its start value
    # a state that is not a zero vector (or `initial`'s value) like the parameters: (hp, shape) -> state
    make_state: Callable[[dict[str, Any], tuple[int, int]], dict[str, Array]] | None = None
    check: Callable[[str, dict[str, Any]], None] | None = None  # PyTorch's rules across hyperparameters

    def init_state(self, hp: dict[str, Any], shape: tuple[int, int]) -> dict[str, Array]:
        """The state before the first step, for parameters of `shape` (P, N)."""
        if self.make_state is not None:
            return self.make_state(hp, shape)
        return {key: np.zeros(shape) + (hp[self.initial[key]] if key in self.initial else 0.0) for key in self.state}


OPTIMIZERS: dict[str, Optimizer] = {
    o.name: o
    for o in (
        Optimizer(
            "sgd",
            "Stochastic gradient descent",
            "torch.optim.SGD",
            _sgd_params(0.0, False),
            _sgd,
            ("momentum_buffer",),
            check=_nesterov_needs_momentum,
        ),
        Optimizer(
            "momentum",
            "SGD with momentum",
            "torch.optim.SGD(momentum=0.9)",
            _sgd_params(0.9, False),
            _sgd,
            ("momentum_buffer",),
            check=_nesterov_needs_momentum,
        ),
        Optimizer(
            "nesterov",
            "SGD with Nesterov momentum",
            "torch.optim.SGD(momentum=0.9, nesterov=True)",
            _sgd_params(0.9, True),
            _sgd,
            ("momentum_buffer",),
            check=_nesterov_needs_momentum,
        ),
        Optimizer(
            "adagrad",
            "Adagrad",
            "torch.optim.Adagrad",
            {
                "lr": positive(1e-2, "learning rate"),
                "lr_decay": nonneg(0.0, "lr / (1 + (t − 1)·lr_decay)"),
                "weight_decay": _WD,
                "initial_accumulator_value": nonneg(0.0, "starting value of the sum of squared gradients"),
                "eps": nonneg(1e-10, "added to the denominator for stability"),
            },
            _adagrad,
            ("sum",),
            {"sum": "initial_accumulator_value"},
        ),
        Optimizer(
            "rmsprop",
            "RMSprop",
            "torch.optim.RMSprop",
            {
                "lr": positive(1e-2, "learning rate"),
                "alpha": unit(0.99, "decay rate of the running mean of squared gradients", high_open=False),
                "eps": nonneg(1e-8, "added to the denominator for stability"),
                "weight_decay": _WD,
                "momentum": nonneg(0.0, "momentum applied to the scaled step"),
                "centered": Param(False, BOOL, doc="divide by an estimate of the gradient's variance instead"),
            },
            _rmsprop,
            ("square_avg", "grad_avg", "momentum_buffer"),
        ),
        Optimizer(
            "adadelta",
            "Adadelta",
            "torch.optim.Adadelta",
            {
                "lr": positive(1.0, "scales the delta (Zeiler's rule has none: 1.0)"),
                "rho": unit(0.9, "decay rate of both running averages", high_open=False),
                "eps": nonneg(1e-6, "added inside both square roots"),
                "weight_decay": _WD,
            },
            _adadelta,
            ("square_avg", "acc_delta"),
        ),
        Optimizer(
            "adam",
            "Adam",
            "torch.optim.Adam",
            {
                "lr": positive(1e-3, "learning rate"),
                "betas": _BETAS,
                "eps": nonneg(1e-8, "added to the denominator for stability"),
                "weight_decay": _WD,
                "amsgrad": Param(False, BOOL, doc="divide by the largest second moment seen so far"),
            },
            _adam_family(False),
            ("exp_avg", "exp_avg_sq", "max_exp_avg_sq"),
        ),
        Optimizer(
            "adamw",
            "AdamW",
            "torch.optim.AdamW",
            {
                "lr": positive(1e-3, "learning rate"),
                "betas": _BETAS,
                "eps": nonneg(1e-8, "added to the denominator for stability"),
                "weight_decay": nonneg(1e-2, "decoupled decay: θ ← θ·(1 − lr·weight_decay) before the step"),
                "amsgrad": Param(False, BOOL, doc="divide by the largest second moment seen so far"),
            },
            _adam_family(True),
            ("exp_avg", "exp_avg_sq", "max_exp_avg_sq"),
        ),
        Optimizer(
            "nadam",
            "NAdam",
            "torch.optim.NAdam",
            {
                "lr": positive(2e-3, "learning rate"),
                "betas": _BETAS,
                "eps": nonneg(1e-8, "added to the denominator for stability"),
                "weight_decay": _WD,
                "momentum_decay": nonneg(4e-3, "how fast the momentum schedule μₜ warms up"),
                "decoupled_weight_decay": Param(False, BOOL, doc="decay the weights directly, as AdamW"),
            },
            _nadam,
            ("exp_avg", "exp_avg_sq", "mu_product"),
            make_state=_nadam_state,
        ),
        Optimizer(
            "backstitch",
            "Backstitch SGD",
            "",
            {
                "lr": positive(1e-3, "learning rate"),
                "alpha": nonneg(0.3, "size of the backward step, as a fraction of lr"),
            },
            _backstitch,
            (),
        ),
    )
}


def get_optimizer(name: str) -> Optimizer:
    try:
        return OPTIMIZERS[name]
    except KeyError:
        raise ValueError(f"unknown optimizer {name!r}; choose one of: {', '.join(OPTIMIZERS)}") from None


def check_params(name: str, given: dict[str, Any] | None) -> dict[str, Any]:
    """Defaults filled in and PyTorch's cross-field rules checked (nesterov needs momentum)."""
    opt = get_optimizer(name)
    hp = fill(opt.params, given, name)
    if opt.check is not None:
        opt.check(name, hp)
    return hp


@dataclass
class OptimizerRun:
    """One optimizer's runs from N starts (or with N hyperparameter settings).

    With history, `path` holds every position (steps + 1, N, 2) and `state[name]` every state
    vector after each step (steps, N, 2); `update` is the step actually taken, θₜ − θₜ₋₁.
    A diverged row is frozen where it was last finite and inside the generous bound;
    `diverged_at` is the step that threw it out (−1: never).
    """

    name: str
    params: dict[str, Any]
    final: Array  # (N, 2)
    final_loss: Array  # (N,)
    diverged: Array  # (N,) bool
    diverged_at: Array  # (N,) int
    path: Array | None = None  # (steps + 1, N, 2)
    loss: Array | None = None  # (steps + 1, N)
    grad: Array | None = None  # (steps, N, 2): gradient at θₜ₋₁, before step t
    update: Array | None = None  # (steps, N, 2)
    state: dict[str, Array] = field(default_factory=dict)  # name -> (steps, N, 2) or (steps, N) for scalars


def _rows(start: Array, per_row: list[Any]) -> int:
    """N: from a (N, 2) start or any per-row hyperparameter; they must agree."""
    sizes = {np.shape(start)[0]} if np.ndim(start) == 2 else set()
    sizes |= {np.shape(v)[0] for v in per_row}
    if len(sizes) > 1:
        raise ValueError(f"per-row values disagree on the number of rows: {sorted(sizes)}")
    return sizes.pop() if sizes else 1


def per_row_hp(opt: Optimizer, hp: dict[str, Any], n: int) -> dict[str, Any]:
    """Hyperparameters in the forms the update rules take: a scalar stays a Python scalar (cheap,
    and exact like torch's floats), n per-row values become a (1, n) row; betas a pair of either."""
    out = {}
    for key, value in hp.items():
        if opt.params[key].kind == FLOATS:
            # betas: a pair of scalars, or an (n, 2) array of per-row pairs
            arr = np.asarray(value, dtype=np.float64)
            out[key] = tuple(arr.tolist()) if arr.ndim == 1 else (_hp(arr[:, 0], n), _hp(arr[:, 1], n))
        else:
            out[key] = _hp(value, n)
    return out


def run_optimizer(
    name: str,
    surface: Surface,
    *,
    steps: int,
    start: Any = None,
    params: dict[str, Any] | None = None,
    history: bool = True,
) -> OptimizerRun:
    """Run one optimizer for `steps` steps on a surface, N rows at once.

    `start` is (2,) or (N, 2) (default: the surface's start); any hyperparameter may be an array
    of N values. Rows that leave ten plot-widths or become non-finite are frozen and flagged.
    With `history=False` only the final positions are kept (for sweeps and basin maps).
    """
    opt = get_optimizer(name)
    if int(steps) != steps or steps < 1:
        raise ValueError("steps must be a whole number >= 1")
    filled = check_params(name, params)
    start = np.asarray(surface.start if start is None else start, dtype=np.float64)
    if start.shape[-1:] != (2,) or start.ndim > 2:
        raise ValueError("start must be a point x,y (or one point per row)")
    pair = {k for k, p in opt.params.items() if p.kind == FLOATS}  # betas: a pair is one value
    n = _rows(start, [v for k, v in filled.items() if np.ndim(v) > (1 if k in pair else 0)])
    theta = np.broadcast_to(start, (n, 2)).T.copy()  # (2, N): x and y rows stay contiguous
    hp = per_row_hp(opt, filled, n)

    run = OptimizerRun(name=name, params=filled, **_run_rows(opt, surface, theta, hp, int(steps), history))
    if history:
        _freeze_after_divergence(run)
    return run


def _run_rows(
    opt: Optimizer, surface: Surface, theta: Array, hp: dict[str, Any], steps: int, history: bool
) -> dict[str, Any]:
    """The step loop for one block of rows; theta is (2, n). Returns arrays in (…, n, 2) layout."""
    theta = theta.copy()
    n = theta.shape[1]
    state = opt.init_state(hp, theta.shape)

    def grad_fn(th: Array) -> Array:
        g = np.empty_like(th)
        g[0], g[1] = surface.df(th[0], th[1])
        return g

    low = (surface.center - 10.0 * surface.half_width).reshape(2, 1)
    high = (surface.center + 10.0 * surface.half_width).reshape(2, 1)
    diverged_at = np.full(n, -1)
    active = np.ones(n, dtype=bool)
    rec: dict[str, list] = {"path": [theta], "loss": [surface.f(theta[0], theta[1])], "grad": [], "update": []}
    rec_state: dict[str, list] = {key: [] for key in opt.state}

    with np.errstate(all="ignore"):
        for t in range(1, steps + 1):
            grad = grad_fn(theta)
            new = opt.step(theta, grad, state, hp, t, grad_fn)
            # Two reductions per step find out whether any row left the generous bound; NaN
            # propagates through min and max and fails the comparison, so it is caught too.
            fine = bool(
                np.all(new.min(axis=1, keepdims=True) >= low) and np.all(new.max(axis=1, keepdims=True) <= high)
            )
            if history:
                loss = surface.f(new[0], new[1])
                fine = fine and bool(np.isfinite(loss).all())
            if not fine or not active.all():
                inside = ((new >= low) & (new <= high)).all(axis=0)
                if history:
                    inside &= np.isfinite(loss)
                diverged_at[~inside & active] = t
                active &= inside
                new[:, ~active] = theta[:, ~active]
                if history:
                    loss = surface.f(new[0], new[1])
            if history:
                rec["grad"].append(grad)
                rec["update"].append(new - theta)
                rec["path"].append(new)
                rec["loss"].append(loss)
                for key in opt.state:
                    rec_state[key].append(state[key].copy())
            theta = new
        final_loss = surface.f(theta[0], theta[1])

    out: dict[str, Any] = {
        "final": theta.T.copy(),
        "final_loss": final_loss,
        "diverged": diverged_at >= 0,
        "diverged_at": diverged_at,
    }
    if history:
        out["path"] = np.stack(rec["path"]).transpose(0, 2, 1)
        out["loss"] = np.stack(rec["loss"])
        out["grad"] = np.stack(rec["grad"]).transpose(0, 2, 1)
        out["update"] = np.stack(rec["update"]).transpose(0, 2, 1)
        out["state"] = {}
        for key in opt.state:
            hist = np.stack(rec_state[key])  # (steps, 2 or 1, n)
            out["state"][key] = hist[:, 0, :] if hist.shape[1] == 1 else hist.transpose(0, 2, 1)
    return out


def _freeze_after_divergence(run: OptimizerRun) -> None:
    """After a row diverges, its later state and gradient repeat the last recorded values.

    The row stopped, so its record should stop too (and stay finite for plots and JSON). The
    step that threw it out keeps its update at zero: the row never took it.
    """
    for row in np.flatnonzero(run.diverged):
        d = run.diverged_at[row]  # step d was the bad one; record index d − 1
        for arr in (run.grad, *run.state.values()):
            arr[d - 1 :, row] = arr[d - 2, row] if d >= 2 else 0.0
        run.update[d - 1 :, row] = 0.0
