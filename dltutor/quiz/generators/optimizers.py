"""Optimizer arithmetic, run through dltutor.sim.optimizers on a constant-gradient surface.

A surface f(x, y) = g·(x + y) has the same gradient (g, g) everywhere, so "k steps of a constant
gradient" is simply k steps of the engine's torch-faithful update rule; both coordinates move
alike and the x coordinate is read off.
"""

from __future__ import annotations

import numpy as np

from dltutor.sim.optimizers import OptimizerRun, run_optimizer
from dltutor.sim.params import nonneg, positive, unit
from dltutor.sim.surfaces import Surface

from ._base import SIG4, Generator, counted, draw_int, fixed, fmt, numeric, ordinal, paren, pick, show, vec

LRS = (0.001, 0.0003, 0.01, 0.1, 0.0001, 0.05)
GRADS = (0.5, 1.0, 2.0, -1.0, 0.1, 3.0, -2.0, 4.0)


def constant_gradient(g: float) -> Surface:
    """f(x, y) = g·(x + y): gradient (g, g) everywhere; wide bounds, so no run counts as diverged."""
    return Surface(
        "constant-gradient",
        "Constant gradient",
        f"f(x, y) = {g}·(x + y)",
        lambda x, y: g * (x + y),
        lambda x, y: (np.full_like(x, g), np.full_like(y, g)),
        ((-1e9, 1e9), (-1e9, 1e9)),
        (0.0, 0.0),
    )


def run_constant(name: str, g: float, steps: int, params: dict, start: float = 0.0) -> OptimizerRun:
    return run_optimizer(name, constant_gradient(g), steps=steps, start=(start, start), params=params)


# --------------------------------------------------------------------------- Adam


def _adam_first_step(rng, params):
    lr = fixed(params, "lr", lambda: pick(rng, LRS))
    if params.get("eps") is None and rng.random() < 0.5:  # |g| comparable to eps: the eps shows
        eps = pick(rng, (1e-8, 1e-6, 1e-3))
        g = float(f"{eps * pick(rng, (0.5, 1, 2, 3, 4, -1, -2)):.6g}")
    else:
        eps = fixed(params, "eps", lambda: 1e-8)
        g = pick(rng, GRADS)
    b1, b2 = 0.9, 0.999
    run = run_constant("adam", g, 1, {"lr": lr, "eps": eps})
    step = abs(float(run.update[0, 0, 0]))
    return numeric(
        f"torch.optim.Adam(params, lr={fmt(lr)}, betas=(0.9, 0.999), eps={fmt(eps)}) takes its first step on a "
        f"weight whose gradient is g = {fmt(g)}. How large is the step |Δθ|? Give it {SIG4}.",
        step,
        f"m₁ = (1 − β₁)·g = {show((1 - b1) * g)},  v₁ = (1 − β₂)·g² = {show((1 - b2) * g * g)}\n"
        f"Bias correction: m̂ = m₁/(1 − β₁¹) = {fmt(g)},  v̂ = v₁/(1 − β₂¹) = {show(g * g)}\n"
        f"|Δθ| = lr·|m̂|/(√v̂ + ε) = {fmt(lr)} × {show(abs(g))}/({show(abs(g))} + {fmt(eps)}) = {show(step)}\n"
        + (
            "When |g| ≫ ε, as here, the first step is ≈ lr whatever the gradient's size: Adam's steps are scale-free."
            if abs(g) > 1000 * eps
            else "Here |g| is comparable to ε, so ε visibly shrinks the step below lr; with |g| ≫ ε it would be ≈ lr."
        ),
        {"lr": lr, "eps": eps, "g": g},
    )


def _adam_bias_correction(rng, params):
    which, symbol, betas = pick(rng, (("m", "β₁", (0.8, 0.9, 0.95)), ("v", "β₂", (0.99, 0.999, 0.98))))
    beta = fixed(params, "beta", lambda: pick(rng, betas))
    t = fixed(params, "t", lambda: int(rng.integers(1, 11)), int)
    factor = 1.0 / (1.0 - beta**t)
    return numeric(
        f"Adam's running average {which} (decay {symbol} = {fmt(beta)}) starts at 0, so early on it is biased "
        f"towards 0. At step t = {t}, by what factor does the bias correction {which}̂ = {which}/(1 − {symbol}ᵗ) "
        f"multiply {which}? Give it {SIG4}.",
        factor,
        f"1/(1 − {symbol}ᵗ) = 1/(1 − {fmt(beta)}^{t}) = 1/(1 − {show(beta**t)}) = 1/{show(1 - beta**t)} = "
        f"{show(factor)}\nThe factor falls towards 1 as t grows: after a few multiples of 1/(1 − {symbol}) "
        f"= {show(1 / (1 - beta))} steps the correction no longer matters.",
        {"beta": beta, "t": t},
    )


# --------------------------------------------------------------------------- momentum

MOMENTA = (0.5, 0.8, 0.9, 0.95, 0.99)


def _momentum_velocity(rng, params):
    mu = fixed(params, "momentum", lambda: pick(rng, MOMENTA))
    g = pick(rng, GRADS)
    k = fixed(params, "k", lambda: int(rng.integers(2, 11)), int)
    run = run_constant("momentum", g, k, {"lr": 0.01, "momentum": mu})
    v = float(run.state["momentum_buffer"][k - 1, 0, 0])
    first = [g]
    for _ in range(min(k, 3) - 1):
        first.append(mu * first[-1] + g)
    listing = ", ".join(f"v{i + 1} = {show(x)}" for i, x in enumerate(first))
    return numeric(
        f"torch.optim.SGD(params, lr=0.01, momentum={fmt(mu)}) sees the same gradient g = {fmt(g)} at every "
        f"step. PyTorch starts the velocity at v₁ = g and then updates v ← μ·v + g. What is the velocity "
        f"after k = {counted(k, 'step')}? Give it {SIG4}.",
        v,
        f"{listing}, ...\nIn closed form v_k = g·(1 + μ + … + μ^(k−1)) = g·(1 − μᵏ)/(1 − μ) = "
        f"{fmt(g)} × (1 − {fmt(mu)}^{k})/(1 − {fmt(mu)}) = {show(v)}\n"
        f"It approaches g/(1 − μ) = {show(g / (1 - mu))}; each step moves θ by lr·v.",
        {"momentum": mu, "g": g, "k": k},
    )


def _momentum_effective_lr(rng, params):
    mu = fixed(params, "momentum", lambda: pick(rng, MOMENTA))
    lr = fixed(params, "lr", lambda: pick(rng, LRS))
    eff = lr / (1.0 - mu)
    return numeric(
        f"SGD with lr={fmt(lr)} and momentum={fmt(mu)} (PyTorch's form v ← μ·v + g, θ ← θ − lr·v) follows a "
        f"long stretch of constant gradient. Once the velocity has settled, each step equals that of plain "
        f"SGD with what learning rate? Give it {SIG4}.",
        eff,
        f"At steady state v = μ·v + g, so v = g/(1 − μ) and the step is lr·g/(1 − μ):\n"
        f"  effective lr = lr/(1 − μ) = {fmt(lr)}/(1 − {fmt(mu)}) = {show(eff)}\n"
        f"That is why raising momentum from 0.9 to 0.99 calls for a 10× smaller lr.",
        {"lr": lr, "momentum": mu},
    )


# --------------------------------------------------------------------------- Adagrad and RMSprop


def _adagrad_step(rng, params):
    lr = fixed(params, "lr", lambda: pick(rng, (0.01, 0.1, 0.5, 1.0, 0.05)))
    g = pick(rng, GRADS)
    k = fixed(params, "k", lambda: int(rng.integers(2, 17)), int)  # the 1st update is just lr
    run = run_constant("adagrad", g, k, {"lr": lr})
    step = abs(float(run.update[k - 1, 0, 0]))
    return numeric(
        f"torch.optim.Adagrad(params, lr={fmt(lr)}) (eps=1e-10, no lr_decay) sees the same gradient "
        f"g = {fmt(g)} at every step. How large is the {ordinal(k)} update |Δθ|? Give it {SIG4}.",
        step,
        f"After k steps the sum of squared gradients is k·g² = {k} × {show(g * g)} = {show(k * g * g)}\n"
        f"|Δθ_k| = lr·|g|/(√(k·g²) + ε) = {fmt(lr)} × {show(abs(g))}/{show(np.sqrt(k * g * g))} ≈ lr/√k "
        f"= {show(step)}\n"
        f"The sum only grows, so Adagrad's steps shrink like 1/√k even when the gradient does not.",
        {"lr": lr, "g": g, "k": k},
    )


def _rmsprop_square_avg(rng, params):
    alpha = fixed(params, "alpha", lambda: pick(rng, (0.9, 0.99, 0.5, 0.8, 0.95)))
    g = pick(rng, GRADS)
    k = fixed(params, "k", lambda: int(rng.integers(1, 11)), int)
    run = run_constant("rmsprop", g, k, {"lr": 0.01, "alpha": alpha})
    sq = float(run.state["square_avg"][k - 1, 0, 0])
    return numeric(
        f"torch.optim.RMSprop(params, alpha={fmt(alpha)}) starts with square_avg = 0 and sees the same gradient "
        f"g = {fmt(g)} at every step (square_avg ← α·square_avg + (1 − α)·g²). What is square_avg after "
        f"k = {counted(k, 'step')}? Give it {SIG4}.",
        sq,
        f"Unrolled: (1 − α)·g²·(1 + α + … + α^(k−1)) = (1 − αᵏ)·g²\n"
        f"  = (1 − {fmt(alpha)}^{k}) × {show(g * g)} = {show(1 - alpha**k)} × {show(g * g)} = {show(sq)}\n"
        f"A moving average, not a sum: it levels off at g² = {show(g * g)} (Adagrad's sum would be "
        f"{show(k * g * g)}). RMSprop has no bias correction, so early steps are larger than later ones.",
        {"alpha": alpha, "g": g, "k": k},
    )


# --------------------------------------------------------------------------- weight decay and L2


# Draws whose shrink per step is below this are redrawn: 1 − 1e-5 = 0.99999 still reads as itself
# at 6 significant figures (what the quiz shows as the right answer); 1 − 2e-8 would read as 1.
MIN_SHRINK = 1e-5


def _decay_tolerance(shrink: float) -> dict:
    # 1 − shrink is close to 1: a relative tolerance would accept "1"; judge the shrink itself
    return {"abs": shrink * 1e-3}


def _adamw_decay_factor(rng, params):
    for _ in range(100):
        lr = fixed(params, "lr", lambda: pick(rng, (0.001, 0.01, 0.1, 0.0003, 0.05)))
        wd = fixed(params, "weight_decay", lambda: pick(rng, (0.01, 0.05, 0.1, 0.5, 1.0, 0.0001)))
        if lr * wd >= MIN_SHRINK:
            break
    run = run_optimizer(
        "adamw", constant_gradient(0.0), steps=1, start=(1.0, 1.0), params={"lr": lr, "weight_decay": wd}
    )
    factor = float(run.final[0, 0])  # θ = 1 with zero gradient: only the decay acts
    return numeric(
        f"torch.optim.AdamW(params, lr={fmt(lr)}, weight_decay={fmt(wd)}). Before its Adam step, by what factor "
        f"does each step multiply every weight? Give the exact decimal.",
        factor,
        f"AdamW decays the weights directly, decoupled from the gradient: θ ← θ·(1 − lr·λ)\n"
        f"  1 − lr·λ = 1 − {fmt(lr)} × {fmt(wd)} = 1 − {show(lr * wd)} = {show(factor, 12)}\n"
        f"(Adam's own weight_decay adds λ·θ to the gradient instead, which then gets divided by √v̂.)",
        {"lr": lr, "weight_decay": wd},
        tolerance=_decay_tolerance(lr * wd),
    )


def _weight_decay_factor(rng, params):
    for _ in range(100):
        eta = fixed(params, "lr", lambda: pick(rng, (0.1, 0.5, 0.01, 0.05, 1.0)))
        lam = fixed(params, "lam", lambda: pick(rng, (0.1, 1.0, 5.0, 0.5, 2.0)))
        n = fixed(params, "n", lambda: pick(rng, (100, 1000, 10000, 50000)), int)
        shrink = eta * lam / n
        if shrink >= MIN_SHRINK:
            break
    factor = 1.0 - shrink
    return numeric(
        f"Training with the L2-regularised cost C = C₀ + (λ/2n)·Σw² by gradient descent, with learning rate "
        f"η = {fmt(eta)}, λ = {fmt(lam)} and n = {fmt(n)} training examples. By what factor is every weight "
        f"multiplied in each update, before the C₀ gradient step? Give the exact decimal.",
        factor,
        f"∂C/∂w = ∂C₀/∂w + (λ/n)·w, so w ← w − η·(∂C₀/∂w + (λ/n)·w) = (1 − ηλ/n)·w − η·∂C₀/∂w\n"
        f"  1 − ηλ/n = 1 − {fmt(eta)} × {fmt(lam)}/{fmt(n)} = 1 − {show(shrink)} = {show(factor, 12)}\n"
        f"(In PyTorch's SGD, weight_decay plays the role of λ/n: the factor is 1 − lr·weight_decay.)",
        {"lr": eta, "lam": lam, "n": n},
        tolerance=_decay_tolerance(shrink),
    )


LAMBDAS = (0.01, 0.1, 0.5, 0.001, 0.05, 0.2)


def _weights(rng, n):
    while True:
        w = [int(v) / 2 for v in rng.integers(-6, 7, size=n)]
        if any(w):
            return w


def _l2_penalty(rng, params):
    lam = fixed(params, "lam", lambda: pick(rng, LAMBDAS))
    w = _weights(rng, int(rng.integers(3, 5)))
    sq = sum(v * v for v in w)
    penalty = lam / 2 * sq
    return numeric(
        f"A model's weights are w = {vec(w)}. What is the L2 penalty (λ/2)·‖w‖² with λ = {fmt(lam)}? Give it {SIG4}.",
        penalty,
        f"‖w‖² = {' + '.join(f'({fmt(v)})²' for v in w)} = {show(sq)}\n"
        f"(λ/2)·‖w‖² = {fmt(lam)}/2 × {show(sq)} = {show(penalty)}\n"
        f"The ½ makes its gradient simply λ·w, which is what SGD's weight_decay=λ adds.",
        {"w": w, "lam": lam},
    )


def _l2_gradient(rng, params):
    lam = fixed(params, "lam", lambda: pick(rng, LAMBDAS))
    while True:
        w = int(rng.integers(-8, 9)) / 2
        g = int(rng.integers(-10, 11)) / 10
        if w != 0 and g + lam * w != 0:
            break
    total = g + lam * w
    return numeric(
        f"A weight w = {fmt(w)} has data-loss gradient ∂L/∂w = {fmt(g)}. With the L2 penalty (λ/2)·w² added "
        f"to the loss (λ = {fmt(lam)}), what is the total gradient on w? Give it {SIG4}.",
        total,
        f"∂/∂w (λ/2)·w² = λ·w = {fmt(lam)} × {paren(fmt(w))} = {show(lam * w)}\n"
        f"total = {fmt(g)} + {paren(show(lam * w))} = {show(total)}\n"
        f"The extra term always points away from 0 in w, so the step pulls the weight towards 0.",
        {"w": w, "grad": g, "lam": lam},
    )


# --------------------------------------------------------------------------- the registry

_K = {"k": draw_int("number of steps", 1, 10_000)}

GENERATORS = [
    Generator(
        "adam_first_step",
        "adam",
        "Adam: size of the first step",
        {"lr": positive(None, "learning rate"), "eps": positive(None, "Adam's eps")},
        _adam_first_step,
    ),
    Generator(
        "adam_bias_correction",
        "adam",
        "Adam: bias-correction factor",
        {"beta": unit(None, "β₁ or β₂"), "t": draw_int("step number", 1, 100_000)},
        _adam_bias_correction,
    ),
    Generator(
        "momentum_velocity",
        "momentum",
        "Momentum: velocity after k steps",
        {"momentum": unit(None, "μ"), **_K},
        _momentum_velocity,
    ),
    Generator(
        "momentum_effective_lr",
        "momentum",
        "Momentum: effective learning rate",
        {"momentum": unit(None, "μ"), "lr": positive(None, "learning rate")},
        _momentum_effective_lr,
    ),
    Generator(
        "adagrad_step",
        "adagrad",
        "Adagrad: k-th step size",
        {"lr": positive(None, "learning rate"), **_K},
        _adagrad_step,
    ),
    Generator(
        "rmsprop_square_avg",
        "rmsprop",
        "RMSprop: square_avg after k steps",
        {"alpha": unit(None, "α"), **_K},
        _rmsprop_square_avg,
    ),
    Generator(
        "adamw_decay_factor",
        "adamw",
        "AdamW: decay factor per step",
        {"lr": positive(None, "learning rate"), "weight_decay": positive(None, "λ")},
        _adamw_decay_factor,
    ),
    Generator(
        "weight_decay_factor",
        "weight-decay",
        "Weight decay factor 1 − ηλ/n",
        {"lr": positive(None, "η"), "lam": positive(None, "λ"), "n": draw_int("training examples", 1)},
        _weight_decay_factor,
    ),
    Generator("l2_penalty", "l2-regularization", "L2 penalty (λ/2)·‖w‖²", {"lam": nonneg(None, "λ")}, _l2_penalty),
    Generator(
        "l2_gradient", "l2-regularization", "Gradient with an L2 penalty", {"lam": nonneg(None, "λ")}, _l2_gradient
    ),
]
