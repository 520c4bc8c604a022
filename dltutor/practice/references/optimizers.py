"""One optimizer step as torch.optim writes it (from the engine), and the usual wrong versions.

Every function takes the parameter, its gradient, the state tensors as torch names them and the
step number t (from 1, as torch's state["step"] after the increment), and returns the new
parameter and the new state. The engine updates state in place, so it gets copies.
"""

from __future__ import annotations

import numpy as np

from dltutor.practice.references import reference, unknown_mistake
from dltutor.sim.optimizers import check_params, get_optimizer


def _engine(name: str, param, grad, state: dict, step: int, **hp):
    state = {k: np.array(v, dtype=np.float64) for k, v in state.items()}
    new = get_optimizer(name).step(
        np.array(param, dtype=np.float64),
        np.array(grad, dtype=np.float64),
        state,
        check_params(name, hp),
        int(step),
        None,
    )
    state.pop("_scratch", None)
    return new, state


def _adam_engine(name, param, grad, exp_avg, exp_avg_sq, step, lr, betas, eps, weight_decay):
    """Adam or AdamW as the engine steps it (torch's order of operations): (param, m, v)."""
    state = {"exp_avg": exp_avg, "exp_avg_sq": exp_avg_sq}
    new, s = _engine(name, param, grad, state, step, lr=lr, betas=tuple(betas), eps=eps, weight_decay=weight_decay)
    return new, s["exp_avg"], s["exp_avg_sq"]


@reference("sgd-momentum", mistakes=("dampened-first-step", "lr-in-buffer", "decay-after-momentum"))
def sgd_momentum(param, grad, momentum_buffer, step, lr, momentum, dampening, weight_decay, mistake=None):
    if mistake is None:
        new, state = _engine(
            "momentum",
            param,
            grad,
            {"momentum_buffer": momentum_buffer},
            step,
            lr=lr,
            momentum=momentum,
            dampening=dampening,
            weight_decay=weight_decay,
        )
        return new, state["momentum_buffer"]
    g = grad + weight_decay * param if mistake != "decay-after-momentum" else grad
    if mistake == "dampened-first-step":
        buf = (1 - dampening) * g if step == 1 else momentum * momentum_buffer + (1 - dampening) * g
        return param - lr * buf, buf
    buf = g.copy() if step == 1 else momentum * momentum_buffer + (1 - dampening) * g
    if mistake == "lr-in-buffer":
        buf = lr * g if step == 1 else momentum * momentum_buffer + lr * (1 - dampening) * g
        return param - buf, buf
    if mistake == "decay-after-momentum":
        return param - lr * (buf + weight_decay * param), buf
    raise unknown_mistake(mistake)


@reference("nesterov", mistakes=("plain-momentum", "lookahead-without-momentum"))
def nesterov(param, grad, momentum_buffer, step, lr, momentum, weight_decay, mistake=None):
    if mistake is None:
        new, state = _engine(
            "nesterov",
            param,
            grad,
            {"momentum_buffer": momentum_buffer},
            step,
            lr=lr,
            momentum=momentum,
            weight_decay=weight_decay,
            nesterov=True,
        )
        return new, state["momentum_buffer"]
    g = grad + weight_decay * param
    buf = g.copy() if step == 1 else momentum * momentum_buffer + g
    if mistake == "plain-momentum":
        return param - lr * buf, buf
    if mistake == "lookahead-without-momentum":
        return param - lr * (g + buf), buf
    raise unknown_mistake(mistake)


@reference("adagrad", mistakes=("eps-inside-sqrt", "decay-counts-from-one"))
def adagrad(param, grad, state_sum, step, lr, lr_decay, eps, weight_decay, mistake=None):
    if mistake is None:
        new, state = _engine(
            "adagrad",
            param,
            grad,
            {"sum": state_sum},
            step,
            lr=lr,
            lr_decay=lr_decay,
            eps=eps,
            weight_decay=weight_decay,
        )
        return new, state["sum"]
    g = grad + weight_decay * param
    total = state_sum + g * g
    if mistake == "eps-inside-sqrt":
        return param - (lr / (1 + (step - 1) * lr_decay)) * g / np.sqrt(total + eps), total
    if mistake == "decay-counts-from-one":
        return param - (lr / (1 + step * lr_decay)) * g / (np.sqrt(total) + eps), total
    raise unknown_mistake(mistake)


@reference("rmsprop", mistakes=("eps-inside-sqrt", "alpha-swapped"))
def rmsprop(param, grad, square_avg, lr, alpha, eps, weight_decay, mistake=None):
    if mistake is None:
        new, state = _engine(
            "rmsprop",
            param,
            grad,
            {"square_avg": square_avg, "grad_avg": np.zeros_like(param), "momentum_buffer": np.zeros_like(param)},
            1,
            lr=lr,
            alpha=alpha,
            eps=eps,
            weight_decay=weight_decay,
        )
        return new, state["square_avg"]
    g = grad + weight_decay * param
    if mistake == "eps-inside-sqrt":
        sq = alpha * square_avg + (1 - alpha) * g * g
        return param - lr * g / np.sqrt(sq + eps), sq
    if mistake == "alpha-swapped":
        sq = (1 - alpha) * square_avg + alpha * g * g
        return param - lr * g / (np.sqrt(sq) + eps), sq
    raise unknown_mistake(mistake)


def _adam_by_hand(
    param, grad, exp_avg, exp_avg_sq, step, lr, betas, eps, *, correct=True, eps_inside=False, eps_early=False
):
    b1, b2 = betas
    m = b1 * exp_avg + (1 - b1) * grad
    v = b2 * exp_avg_sq + (1 - b2) * grad * grad
    bc1, bc2 = (1 - b1**step, 1 - b2**step) if correct else (1.0, 1.0)
    if eps_inside:
        denom = np.sqrt(v / bc2 + eps)
    elif eps_early:
        denom = (np.sqrt(v) + eps) / np.sqrt(bc2)
    else:
        denom = np.sqrt(v) / np.sqrt(bc2) + eps
    return param - (lr / bc1) * m / denom, m, v


@reference("adam", mistakes=("no-bias-correction", "eps-inside-sqrt", "eps-before-bias-correction", "decoupled-decay"))
def adam(param, grad, exp_avg, exp_avg_sq, step, lr, betas, eps, weight_decay, mistake=None):
    if mistake is None:
        return _adam_engine("adam", param, grad, exp_avg, exp_avg_sq, step, lr, betas, eps, weight_decay)
    g = grad + weight_decay * param
    if mistake == "no-bias-correction":
        return _adam_by_hand(param, g, exp_avg, exp_avg_sq, step, lr, betas, eps, correct=False)
    if mistake == "eps-inside-sqrt":
        return _adam_by_hand(param, g, exp_avg, exp_avg_sq, step, lr, betas, eps, eps_inside=True)
    if mistake == "eps-before-bias-correction":
        return _adam_by_hand(param, g, exp_avg, exp_avg_sq, step, lr, betas, eps, eps_early=True)
    if mistake == "decoupled-decay":
        return _adam_by_hand(param * (1 - lr * weight_decay), grad, exp_avg, exp_avg_sq, step, lr, betas, eps)
    raise unknown_mistake(mistake)


@reference("adamw", mistakes=("decay-after-step", "coupled-l2", "decay-without-lr", "no-bias-correction"))
def adamw(param, grad, exp_avg, exp_avg_sq, step, lr, betas, eps, weight_decay, mistake=None):
    if mistake is None:
        return _adam_engine("adamw", param, grad, exp_avg, exp_avg_sq, step, lr, betas, eps, weight_decay)
    if mistake == "decay-after-step":
        new, m, v = _adam_by_hand(param, grad, exp_avg, exp_avg_sq, step, lr, betas, eps)
        return new * (1 - lr * weight_decay), m, v
    if mistake == "coupled-l2":
        return _adam_by_hand(param, grad + weight_decay * param, exp_avg, exp_avg_sq, step, lr, betas, eps)
    if mistake == "decay-without-lr":
        return _adam_by_hand(param * (1 - weight_decay), grad, exp_avg, exp_avg_sq, step, lr, betas, eps)
    if mistake == "no-bias-correction":
        return _adam_by_hand(
            param * (1 - lr * weight_decay), grad, exp_avg, exp_avg_sq, step, lr, betas, eps, correct=False
        )
    raise unknown_mistake(mistake)


@reference("clip-grad-norm", mistakes=("per-tensor", "scales-up", "epsilon-missing"))
def clip_grad_norm(grads, max_norm, mistake=None):
    """torch.nn.utils.clip_grad_norm_: scale all gradients by min(1, max_norm / (total + 1e-6))."""
    grads = [np.asarray(g, dtype=np.float64) for g in grads]
    norms = np.array([np.linalg.norm(g.ravel()) for g in grads])
    total = float(np.linalg.norm(norms))
    if mistake == "per-tensor":
        return [g * min(1.0, max_norm / (n + 1e-6)) for g, n in zip(grads, norms)], total
    if mistake == "scales-up":
        return [g * (max_norm / (total + 1e-6)) for g in grads], total
    if mistake == "epsilon-missing":
        return [g * min(1.0, max_norm / total) for g in grads], total
    if mistake:
        raise unknown_mistake(mistake)
    coef = min(max_norm / (total + 1e-6), 1.0)
    return [g * coef for g in grads], total
