"""Training-loop arithmetic: dropout, batches and epochs, batch norm, clipping, targets and sizing."""

from __future__ import annotations

import math

import numpy as np

from dltutor.sim.params import BOOL, Param, positive, unit

from ._base import (
    SIG4,
    WHOLE,
    Generator,
    ParamError,
    counted,
    draw_float,
    draw_int,
    fixed,
    fmt,
    integer,
    numeric,
    paren,
    pick,
    show,
    truefalse,
    vec,
)

P_DROP = (0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.75, 0.8)
BATCH_SIZES = (16, 32, 50, 64, 100, 128, 200, 256, 512)


# --------------------------------------------------------------------------- inverted dropout


def _dropout_scale(rng, params):
    p = fixed(params, "p", lambda: pick(rng, P_DROP))
    keep = 1.0 - p
    scale = 1.0 / keep
    return numeric(
        f"nn.Dropout(p={fmt(p)}) is in training mode. By what factor does it multiply the units it "
        f"keeps? Give the answer {SIG4}.",
        scale,
        f"Each unit is kept with probability 1 − p = 1 − {fmt(p)} = {show(keep)}. Inverted dropout divides "
        f"the kept units by that probability so the expected output equals the input:\n"
        f"  scale = 1/(1 − p) = 1/{show(keep)} = {show(scale)}\n"
        f"At test time (model.eval()) nothing is dropped and nothing is scaled.",
        {"p": p},
    )


def _dropout_expected_kept(rng, params):
    p = fixed(params, "p", lambda: pick(rng, P_DROP))
    n = fixed(params, "units", lambda: pick(rng, (100, 128, 200, 256, 300, 500, 512, 1000, 1024)), int)
    kept = n * (1.0 - p)
    return numeric(
        f"A layer of {fmt(n)} units is followed by nn.Dropout(p={fmt(p)}) in training mode. How many units "
        f"are kept on average in one forward pass? Give the answer {SIG4}.",
        kept,
        f"Each unit is zeroed with probability p and kept with probability 1 − p, independently:\n"
        f"  E[kept] = n·(1 − p) = {fmt(n)} × {show(1.0 - p)} = {show(kept)}\n"
        f"(The kept ones are scaled by 1/(1 − p) = {show(1.0 / (1.0 - p))}.)",
        {"units": n, "p": p},
    )


# --------------------------------------------------------------------------- batches and epochs


def _dataset(rng, params):
    b = fixed(params, "batch_size", lambda: pick(rng, BATCH_SIZES), int)
    n = fixed(params, "samples", lambda: 10 * int(rng.integers(50, 6001)), int)
    return n, b


def _per_epoch_working(n, b, drop_last):
    full, rest = divmod(n, b)
    if drop_last:
        return full, (
            f"drop_last=True: ⌊N/B⌋ = ⌊{fmt(n)}/{fmt(b)}⌋ = "
            f"{counted(full, 'full batch', 'full batches')}; "
            f"the leftover {counted(rest, 'example')} {'is' if rest == 1 else 'are'} skipped"
        )
    count = full + (rest > 0)
    how = (
        f"{counted(full, 'full batch', 'full batches')} and one last batch of {rest}"
        if rest
        else f"exactly {counted(full, 'full batch', 'full batches')}"
    )
    return count, f"drop_last=False (the default): ⌈N/B⌉ = ⌈{fmt(n)}/{fmt(b)}⌉ = {count} ({how})"


def _updates_per_epoch(rng, params):
    n, b = _dataset(rng, params)
    drop_last = bool(params["drop_last"])
    count, working = _per_epoch_working(n, b, drop_last)
    return integer(
        f"A DataLoader serves {fmt(n)} training examples with batch_size={fmt(b)} and "
        f"drop_last={drop_last}. How many parameter updates happen in one epoch? Give {WHOLE}.",
        count,
        f"One update per batch. {working}.",
        {"samples": n, "batch_size": b},
    )


def _total_iterations(rng, params):
    n, b = _dataset(rng, params)
    epochs = fixed(params, "epochs", lambda: pick(rng, (2, 3, 5, 10, 20, 30, 50, 90, 100)), int)
    per_epoch, working = _per_epoch_working(n, b, False)
    total = epochs * per_epoch
    return integer(
        f"You train for {counted(epochs, 'epoch')} on {fmt(n)} examples with batch_size={fmt(b)} "
        f"(drop_last=False). How many iterations (optimizer steps) is that in total? Give {WHOLE}.",
        total,
        f"Iterations per epoch: {working}.\n"
        f"Total = epochs × iterations per epoch = {fmt(epochs)} × {per_epoch} = {total}.",
        {"epochs": epochs, "samples": n, "batch_size": b},
    )


# --------------------------------------------------------------------------- batch norm


def _batch(rng, size=4):
    while True:
        x = [int(v) for v in rng.integers(-4, 7, size)]
        if len(set(x)) > 1:
            return x


def _batchnorm_value(rng, params):
    eps = float(params["eps"])
    x = _batch(rng)
    mu = float(np.mean(x))
    j = pick(rng, [i for i, v in enumerate(x) if v != mu])
    var = float(np.mean((np.array(x) - mu) ** 2))  # biased: what training-mode BN normalises with
    y = (x[j] - mu) / math.sqrt(var + eps)
    return numeric(
        f"A BatchNorm1d layer (training mode, γ = 1, β = 0, eps = {fmt(eps)}) sees one feature with the "
        f"batch values x = {vec(x)}. What is the normalised value of x{j + 1} = {fmt(x[j])}? "
        f"Give the answer {SIG4}.",
        y,
        f"Mean μ = ({' + '.join(paren(fmt(v)) for v in x)})/{len(x)} = {show(mu)}\n"
        f"Variance, biased (divide by n = {len(x)}, as batch norm does when normalising): "
        f"σ² = mean((x − μ)²) = {show(var)}\n"
        f"x̂ = (x − μ)/√(σ² + ε) = ({fmt(x[j])} − {paren(show(mu))})/√({show(var)} + {fmt(eps)}) = {show(y)}",
        {"x": x, "eps": eps, "index": j + 1},
    )


def _batchnorm_running(rng, params, which):
    m = float(params["momentum"])
    x = _batch(rng)
    arr = np.array(x, dtype=float)
    if which == "mean":
        running = pick(rng, (0.0, 0.5, 1.0, 2.0, -1.0))
        stat, how = float(arr.mean()), "the batch mean"
    else:
        running = pick(rng, (1.0, 0.5, 2.0, 4.0))
        stat, how = float(arr.var(ddof=1)), f"the unbiased batch variance (divide by n − 1 = {len(x) - 1})"
    new = (1.0 - m) * running + m * stat
    if new == 0.0:  # keep the answer gradeable with a relative tolerance
        running = 1.0
        new = (1.0 - m) * running + m * stat
    return numeric(
        f"A BatchNorm1d layer with momentum={fmt(m)} has running_{which} = {fmt(running)} for one feature. "
        f"In training mode it sees the batch values x = {vec(x)} for that feature. What is running_{which} "
        f"after this forward pass? Give the answer {SIG4}.",
        new,
        f"PyTorch's update: running ← (1 − momentum)·running + momentum·statistic, with {how}.\n"
        f"  statistic = {show(stat)}\n"
        f"  running_{which} = {show(1.0 - m)} × {paren(fmt(running))} + {fmt(m)} × {paren(show(stat))} = {show(new)}"
        + (
            "\n(Normalising the batch itself uses the biased variance; the running estimate uses the unbiased one.)"
            if which == "var"
            else ""
        ),
        {"running": running, "x": x, "momentum": m},
    )


def _batchnorm_running_mean(rng, params):
    return _batchnorm_running(rng, params, "mean")


def _batchnorm_running_var(rng, params):
    return _batchnorm_running(rng, params, "var")


# --------------------------------------------------------------------------- gradient clipping

# integer vectors with whole-number norms, so the total norm is easy to find on paper
NORM_VECTORS = (
    (3, 4),
    (6, 8),
    (5, 12),
    (8, 15),
    (1, 2, 2),
    (2, 3, 6),
    (1, 4, 8),
    (2, 6, 9),
    (4, 4, 7),
    (2, 10, 11),
    (3, 4, 12),
    (2, 5, 14),
)
MAX_NORMS = (0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0)
GRAD_SCALES = (1.0, 0.1, 0.5, 2.0)
MAX_TOTAL = max(math.hypot(*v) for v in NORM_VECTORS) * max(GRAD_SCALES)


def _gradients(rng):
    """(weight grad, bias grad, total norm): one concatenated vector split into two tensors."""
    base = pick(rng, NORM_VECTORS)
    s = pick(rng, GRAD_SCALES)
    signs = rng.choice((-1, 1), size=len(base))
    g = [round(float(sg * v * s), 6) for sg, v in zip(signs, base)]
    total = math.sqrt(sum(v * v for v in g))
    return g[:-1], g[-1:], total


def _clip_setup(rng, params, above=True):
    """Gradients and a max_norm below their norm (above=True), or on either side of it, half and half."""
    w, b, total = _gradients(rng)
    below = above or rng.random() < 0.5  # max_norm below the norm: clipping happens
    options = [m for m in MAX_NORMS if (m < total if below else m > total)]
    max_norm = fixed(params, "max_norm", lambda: pick(rng, options))
    for _ in range(200):  # a fixed max_norm: redraw the gradients until the question works
        if (max_norm < total) if above else (max_norm != total):
            return w, b, total, max_norm
        w, b, total = _gradients(rng)
    raise ParamError("max_norm", f"must be below {MAX_TOTAL:g}, the largest gradient norm drawn; got {fmt(max_norm)}")


def _clip_text(w, b, max_norm):
    return (
        f"A model has two parameters with weight.grad = {vec(w)} and bias.grad = {vec(b)}. You call "
        f"torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm={fmt(max_norm)}) (the 2-norm)."
    )


def _norm_working(w, b, total):
    squares = " + ".join(f"{paren(fmt(v))}²" for v in w + b)
    return f"total_norm = ‖all gradients as one vector‖ = √({squares}) = {show(total)}"


def _clip_grad_scale(rng, params):
    w, b, total, max_norm = _clip_setup(rng, params)
    coef = min(max_norm / (total + 1e-6), 1.0)
    return numeric(
        _clip_text(w, b, max_norm) + f" By what factor are the gradients multiplied? Give it {SIG4}.",
        coef,
        f"{_norm_working(w, b, total)}\n"
        f"clip_coef = max_norm/(total_norm + 1e-6) = {fmt(max_norm)}/({show(total)} + 1e-6) = {show(coef)}, "
        f"clamped to at most 1. Every gradient is multiplied by it, so the total norm becomes max_norm.",
        {"weight_grad": w, "bias_grad": b, "max_norm": max_norm},
    )


def _clip_grad_value(rng, params):
    w, b, total, max_norm = _clip_setup(rng, params)
    coef = min(max_norm / (total + 1e-6), 1.0)
    i = int(rng.integers(len(w)))
    clipped = w[i] * coef
    return numeric(
        _clip_text(w, b, max_norm) + f" What is weight.grad[{i}] (now {fmt(w[i])}) afterwards? Give it {SIG4}.",
        clipped,
        f"{_norm_working(w, b, total)}\n"
        f"clip_coef = max_norm/(total_norm + 1e-6) = {fmt(max_norm)}/{show(total)} ≈ {show(coef)}\n"
        f"weight.grad[{i}] = {paren(fmt(w[i]))} × {show(coef)} = {show(clipped)}: the direction is kept, only the "
        f"length shrinks.",
        {"weight_grad": w, "bias_grad": b, "max_norm": max_norm, "index": i},
    )


def _clip_grad_triggers(rng, params):
    w, b, total, max_norm = _clip_setup(rng, params, above=False)
    clips = max_norm < total
    verdict = (
        "total_norm > max_norm, so the coefficient is below 1 and the gradients shrink"
        if clips
        else "total_norm < max_norm, so the coefficient is clamped to 1 and the gradients stay as they are"
    )
    return truefalse(
        _clip_text(w, b, max_norm) + " True or false: the call changes the gradients.",
        clips,
        f"{_norm_working(w, b, total)}\n"
        f"clip_coef = min(max_norm/(total_norm + 1e-6), 1) = min({fmt(max_norm)}/{show(total)}, 1): "
        f"{verdict}. Clipping by norm only acts on gradients longer than max_norm.",
        {"weight_grad": w, "bias_grad": b, "max_norm": max_norm},
    )


# --------------------------------------------------------------------------- network sizing


def _hidden_size_rule(rng, params):
    n_in = fixed(params, "inputs", lambda: pick(rng, (8, 10, 13, 20, 30, 50, 64, 100, 256, 784, 1000)), int)
    n_out = fixed(params, "outputs", lambda: pick(rng, (1, 2, 3, 4, 5, 10)), int)
    h = math.sqrt(n_in * n_out)
    return integer(
        f"A network has {counted(n_in, 'input')} and {counted(n_out, 'output')}. The geometric-pyramid rule "
        f"of thumb puts √(n_in·n_out) units in a single hidden layer. How many units is that, to the nearest "
        f"whole number?",
        round(h),
        f"√(n_in·n_out) = √({fmt(n_in)} × {fmt(n_out)}) = √{n_in * n_out} {'=' if h.is_integer() else '≈'} {show(h, 4)} → "
        f"{counted(round(h), 'unit')}.\n"
        f"A starting point only (Masters, 1993): validation performance decides the final size.",
        {"inputs": n_in, "outputs": n_out},
    )


# --------------------------------------------------------------------------- mixup

LAMBDAS = (0.1, 0.2, 0.25, 0.3, 0.4, 0.6, 0.7, 0.75, 0.8, 0.9)


def _one_hot(c, k):
    return [1 if i == c else 0 for i in range(k)]


def _mixup_label(rng, params):
    lam = fixed(params, "lam", lambda: pick(rng, LAMBDAS))
    k = int(rng.integers(3, 6))
    a, b = (int(v) for v in rng.choice(k, size=2, replace=False))
    c = pick(rng, (a, b))
    y1, y2 = _one_hot(a, k), _one_hot(b, k)
    value = lam * y1[c] + (1.0 - lam) * y2[c]
    return numeric(
        f"Mixup with λ = {fmt(lam)} blends an example of class {a} (one-hot y₁ = {vec(y1)}) with one of "
        f"class {b} (y₂ = {vec(y2)}), classes numbered from 0. The mixed target is ỹ = λ·y₁ + (1 − λ)·y₂. "
        f"What is ỹ's entry for class {c}? Give it as a decimal.",
        value,
        f"ỹ[{c}] = λ·y₁[{c}] + (1 − λ)·y₂[{c}] = {fmt(lam)} × {y1[c]} + {show(1.0 - lam)} × {y2[c]} = {show(value)}.\n"
        f"The inputs are blended with the same λ, and the loss is computed against the soft target.",
        {"lam": lam, "y1": y1, "y2": y2, "class": c},
    )


def _mixup_input(rng, params):
    lam = fixed(params, "lam", lambda: pick(rng, LAMBDAS))
    while True:
        x1, x2 = (int(v) for v in rng.integers(0, 256, size=2))
        if x1 != x2:
            break
    value = lam * x1 + (1.0 - lam) * x2
    return numeric(
        f"Mixup with λ = {fmt(lam)} blends two images. One pixel is {x1} in the first image and {x2} in "
        f"the second. What is that pixel in the mixed image x̃ = λ·x₁ + (1 − λ)·x₂? Give it {SIG4}.",
        value,
        f"x̃ = {fmt(lam)} × {x1} + {show(1.0 - lam)} × {x2} = {show(lam * x1)} + {show((1.0 - lam) * x2)} "
        f"= {show(value)}",
        {"lam": lam, "x1": x1, "x2": x2},
    )


# --------------------------------------------------------------------------- class imbalance

COUNTS = (20, 50, 100, 150, 200, 250, 400, 500, 800, 1000, 2000, 5000)


def _class_weight(rng, params):
    k = int(rng.integers(2, 5))
    counts = [int(v) for v in rng.choice(COUNTS, size=k, replace=False)]
    c = int(rng.integers(k))
    n = sum(counts)
    w = n / (k * counts[c])
    listing = ", ".join(f"class {i}: {fmt(v)}" for i, v in enumerate(counts))
    return numeric(
        f"A training set has {k} classes with these counts: {listing}. With 'balanced' class weights "
        f"w_c = N/(K·n_c) (scikit-learn's compute_class_weight, passed to nn.CrossEntropyLoss(weight=...)), "
        f"what is the weight of class {c}? Give it {SIG4}.",
        w,
        f"N = {' + '.join(fmt(v) for v in counts)} = {n}, K = {k}\n"
        f"w_{c} = N/(K·n_{c}) = {n}/({k} × {fmt(counts[c])}) = {show(w)}\n"
        f"Rare classes get weights above 1, common ones below; a balanced set gives every class 1.",
        {"counts": counts, "class": c},
    )


# --------------------------------------------------------------------------- label smoothing


def _smoothing(rng, params, k_choices):
    eps = fixed(params, "label_smoothing", lambda: pick(rng, (0.05, 0.1, 0.15, 0.2, 0.3)))
    k = fixed(params, "classes", lambda: pick(rng, k_choices), int)
    return eps, k


def _smoothing_rule(eps, k):
    return (
        f"nn.CrossEntropyLoss(label_smoothing=ε) trains against (1 − ε)·one_hot + ε/K: every class gets "
        f"ε/K = {fmt(eps)}/{k} = {show(eps / k)}"
    )


def _label_smoothing_true(rng, params):
    eps, k = _smoothing(rng, params, (2, 3, 4, 5, 10))
    value = 1.0 - eps + eps / k
    return numeric(
        f"nn.CrossEntropyLoss(label_smoothing={fmt(eps)}) on a {fmt(k)}-class problem. What target "
        f"probability does the true class get? Give it {SIG4}.",
        value,
        f"{_smoothing_rule(eps, k)}, and the true class also keeps 1 − ε:\n"
        f"  1 − ε + ε/K = 1 − {fmt(eps)} + {show(eps / k)} = {show(value)}",
        {"label_smoothing": eps, "classes": k},
    )


def _label_smoothing_other(rng, params):
    eps, k = _smoothing(rng, params, (3, 4, 5, 10, 100, 1000))
    value = eps / k
    return numeric(
        f"nn.CrossEntropyLoss(label_smoothing={fmt(eps)}) on a {fmt(k)}-class problem. What target "
        f"probability does each wrong class get? Give it {SIG4}.",
        value,
        f"{_smoothing_rule(eps, k)}.\nA wrong class has 0 in the one-hot vector, so its target is "
        f"ε/K = {show(value)} (the true class gets 1 − ε + ε/K = {show(1.0 - eps + value)}).",
        {"label_smoothing": eps, "classes": k},
    )


# --------------------------------------------------------------------------- the registry

_P = {"p": unit(None, "dropout probability (drawn when not given)")}
_DATA = {"samples": draw_int("number of training examples N", 1), "batch_size": draw_int("batch size B", 1)}
_LAM = {"lam": draw_float("mixup's λ", 0.0, 1.0, low_open=True, high_open=True)}
_SMOOTH = {
    "label_smoothing": draw_float("ε", 0.0, 1.0, low_open=True, high_open=True),
    "classes": draw_int("number of classes K", 2),
}
_BN_MOMENTUM = {
    "momentum": Param(
        0.1, low=0.0, high=1.0, low_open=True, high_open=True, doc="BatchNorm's momentum (torch default 0.1)"
    )
}
_CLIP = {"max_norm": positive(None, "clip_grad_norm_'s max_norm")}

GENERATORS = [
    Generator("dropout_scale", "inverted-dropout", "Inverted dropout: scale of kept units", _P, _dropout_scale),
    Generator(
        "dropout_expected_kept",
        "inverted-dropout",
        "Dropout: expected kept units",
        {**_P, "units": draw_int("units in the layer", 1)},
        _dropout_expected_kept,
    ),
    Generator(
        "updates_per_epoch",
        "minibatch-gradient-descent",
        "Updates per epoch",
        {**_DATA, "drop_last": Param(False, BOOL, doc="DataLoader's drop_last")},
        _updates_per_epoch,
    ),
    Generator(
        "total_iterations",
        "epochs-and-iterations",
        "Total iterations for E epochs",
        {**_DATA, "epochs": draw_int("epochs E", 1)},
        _total_iterations,
    ),
    Generator(
        "batchnorm_value",
        "batch-norm",
        "Batch norm: a normalised value",
        {"eps": positive(1e-5, "BatchNorm's eps")},
        _batchnorm_value,
    ),
    Generator(
        "batchnorm_running_mean", "batch-norm", "Batch norm: running mean update", _BN_MOMENTUM, _batchnorm_running_mean
    ),
    Generator(
        "batchnorm_running_var",
        "batch-norm",
        "Batch norm: running variance update",
        _BN_MOMENTUM,
        _batchnorm_running_var,
    ),
    Generator("clip_grad_scale", "gradient-clipping", "Clipping by global norm: the factor", _CLIP, _clip_grad_scale),
    Generator(
        "clip_grad_value", "gradient-clipping", "Clipping by global norm: a clipped gradient", _CLIP, _clip_grad_value
    ),
    Generator(
        "clip_grad_triggers", "gradient-clipping", "Clipping by global norm: does it clip?", _CLIP, _clip_grad_triggers
    ),
    Generator(
        "hidden_size_rule",
        "network-sizing",
        "√(n·m) hidden units",
        {"inputs": draw_int("input features", 1), "outputs": draw_int("outputs", 1)},
        _hidden_size_rule,
    ),
    Generator("mixup_label", "mixup", "Mixup: a mixed label", _LAM, _mixup_label),
    Generator("mixup_input", "mixup", "Mixup: a mixed pixel", _LAM, _mixup_input),
    Generator("class_weight", "class-imbalance", "Balanced class weight N/(K·n_c)", {}, _class_weight),
    Generator(
        "label_smoothing_true", "label-smoothing", "Label smoothing: the true class", _SMOOTH, _label_smoothing_true
    ),
    Generator(
        "label_smoothing_other", "label-smoothing", "Label smoothing: another class", _SMOOTH, _label_smoothing_other
    ),
]
