"""Losses and information measures (natural logs unless the prompt says bits), and P/R/F1."""

from __future__ import annotations

import math

import numpy as np

from dltutor.sim.activations import softmax
from dltutor.sim.params import CHOICE, Param

from ._base import SIG4, Generator, carried, choice, composition, fmt, numeric, paren, pick, show, vec


def _logits(rng, k):
    return [int(v) / 2 for v in rng.integers(-6, 7, size=k)]


# --------------------------------------------------------------------------- cross-entropy


# A learner who carries 4 significant figures through softmax or log-sum-exp (each about 1 to 4 in size)
# lands within ±6e-4 of the loss (checked over every draw); below a loss of 0.1 that error would swamp a
# 4-figure answer, so such draws (a near-certain right class) are redrawn.
CE_SLACK = 6e-4
CE_MIN_LOSS = 0.1


def _cross_entropy(rng, params):
    while True:
        k = int(rng.integers(3, 5))
        z = _logits(rng, k)
        y = int(rng.integers(k))
        p = softmax(z)
        loss = -math.log(float(p[y]))
        if loss >= CE_MIN_LOSS:
            break
    lse = math.log(float(np.exp(np.asarray(z)).sum()))
    return numeric(
        f"F.cross_entropy(logits, target) for one example with logits z = {vec(z)} (classes 0 to {k - 1}) and "
        f"target class {y}. What is the loss (natural log)? Give it {SIG4}.",
        loss,
        f"Cross-entropy on logits is −log softmax(z)_y = −z_y + ln Σⱼ e^(zⱼ)\n"
        f"ln Σⱼ e^(zⱼ) = ln({' + '.join(f'e^{fmt(v)}' for v in z)}) = {show(lse)}\n"
        f"loss = −({fmt(z[y])}) + {paren(show(lse))} = {show(loss)}  (softmax gives class {y} p = {show(p[y])})\n"
        f"F.cross_entropy takes raw logits: it applies log_softmax itself.",
        {"logits": z, "target": y},
        tolerance=carried(loss, CE_SLACK),
    )


def _binary_cross_entropy(rng, params):
    p = pick(rng, (0.05, 0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.9, 0.95, 0.99))
    y = int(rng.integers(2))
    loss = -(y * math.log(p) + (1 - y) * math.log(1 - p))
    term = f"−ln p = −ln {fmt(p)}" if y == 1 else f"−ln(1 − p) = −ln {show(1 - p)}"
    p_true = p if y == 1 else 1 - p
    if p_true > 0.5:
        verdict = (
            f"The true label gets probability {show(p_true)}: a prediction leaning the right way costs less "
            f"than ln 2 ≈ 0.6931 (the cost of p = 0.5) and nothing as that probability goes to 1; "
            f"a confident wrong one would cost without bound."
        )
    elif p_true < 0.5:
        verdict = (
            f"The true label gets only probability {show(p_true)}: a prediction leaning the wrong way costs "
            f"more than ln 2 ≈ 0.6931, and the loss grows without bound as that probability goes to 0."
        )
    else:
        verdict = "p = 0.5 commits to neither label and costs ln 2 ≈ 0.6931 whatever the label."
    return numeric(
        f"F.binary_cross_entropy(input, target) for one example: the model's probability is p = {fmt(p)} and "
        f"the label is y = {y}. What is the loss (natural log)? Give it {SIG4}.",
        loss,
        f"BCE = −[y·ln p + (1 − y)·ln(1 − p)]. With y = {y} only one term remains: {term} = {show(loss)}.\n" + verdict,
        {"p": p, "y": y},
    )


def _bce_with_logits(rng, params):
    while True:
        z = int(rng.integers(-8, 9)) / 2
        if z != 0:
            break
    y = int(rng.integers(2))
    loss = max(z, 0.0) - z * y + math.log1p(math.exp(-abs(z)))
    s = 1.0 / (1.0 + math.exp(-z))
    return numeric(
        f"F.binary_cross_entropy_with_logits(input, target) for one example with logit z = {fmt(z)} and "
        f"label y = {y}. What is the loss (natural log)? Give it {SIG4}.",
        loss,
        f"σ(z) = {show(s)}, so this is BCE of p = σ(z): "
        f"{'−ln σ(z) = ln(1 + e^(−z))' if y == 1 else '−ln(1 − σ(z)) = ln(1 + e^z)'} = {show(loss)}.\n"
        f"PyTorch computes it stably as max(z, 0) − z·y + ln(1 + e^(−|z|)), never forming σ(z) first.",
        {"z": z, "y": y},
    )


# --------------------------------------------------------------------------- mse


def _mse(rng, params):
    n = int(rng.integers(3, 5))
    while True:
        pred = [int(v) / 2 for v in rng.integers(-6, 7, size=n)]
        target = [int(v) / 2 for v in rng.integers(-6, 7, size=n)]
        if pred != target:
            break
    diff = np.subtract(pred, target)
    loss = float(np.mean(diff**2))
    return numeric(
        f"F.mse_loss(prediction, target) (reduction='mean') with prediction = {vec(pred)} and target = "
        f"{vec(target)}. What is the loss? Give it {SIG4}.",
        loss,
        f"Differences: {', '.join(show(v) for v in diff)}\n"
        f"Squares: {', '.join(show(v * v) for v in diff)}, sum {show((diff**2).sum())}\n"
        f"Mean over the {n} elements: {show((diff**2).sum())}/{n} = {show(loss)}",
        {"prediction": pred, "target": target},
    )


# --------------------------------------------------------------------------- entropy and KL

_UNITS = {"bits": (math.log2, "log₂"), "nats": (math.log, "ln")}


def _entropy(rng, params):
    unit = params.get("unit") or pick(rng, ("bits", "nats"))
    log, name = _UNITS[unit]
    p = composition(rng, int(rng.integers(2, 5)))
    h = -sum(v * log(v) for v in p)
    terms = " + ".join(f"{fmt(v)}·{name} {fmt(v)}" for v in p)
    return numeric(
        f"What is the entropy of the distribution p = {vec(p)}, in {unit}? Give it {SIG4}.",
        h,
        f"H(p) = −Σ pᵢ·{name} pᵢ = −({terms}) = {show(h)} {unit[:-1] if show(h) == '1' else unit}\n"
        f"The most it can be for {len(p)} outcomes is {name} {len(p)} = {show(log(len(p)))} (uniform); "
        f"1 bit = ln 2 ≈ 0.6931 nats.",
        {"p": p, "unit": unit},
        unit=unit,
    )


def _two_distributions(rng):
    k = int(rng.integers(2, 5))
    while True:
        p, q = composition(rng, k), composition(rng, k)
        if p != q:
            return p, q


def _kl(p, q):
    return sum(a * math.log(a / b) for a, b in zip(p, q))


# As for cross-entropy: logs carried to 4 significant figures (ln pᵢ − ln qᵢ, up to about 3 in size) land
# within ±7e-4 of KL, and below 0.1 that swamps a 4-figure answer, so near-equal P and Q are redrawn.
KL_SLACK = 7e-4
KL_MIN = 0.1


def _kl_divergence(rng, params):
    while True:
        p, q = _two_distributions(rng)
        kl = _kl(p, q)
        if kl >= KL_MIN:
            break
    terms = " + ".join(f"{fmt(a)}·ln({fmt(a)}/{fmt(b)})" for a, b in zip(p, q))
    return numeric(
        f"P = {vec(p)} and Q = {vec(q)} are distributions over the same outcomes. What is KL(P‖Q) in nats "
        f"(natural log)? Give it {SIG4}.",
        kl,
        f"KL(P‖Q) = Σ pᵢ·ln(pᵢ/qᵢ) = {terms} = {show(kl)} nats\n"
        f"It is ≥ 0, zero only when P = Q, and not symmetric: KL(Q‖P) = {show(_kl(q, p))} here.\n"
        f"In PyTorch: F.kl_div(Q.log(), P, reduction='sum') (the input is log Q, the target P).",
        {"P": p, "Q": q},
        unit="nats",
        tolerance=carried(kl, KL_SLACK),
    )


def _kl_which_larger(rng, params):
    while True:  # a clear difference (and never equal): P and Q mirror images of each other would tie
        p, q = _two_distributions(rng)
        a, b = _kl(p, q), _kl(q, p)
        if abs(a - b) >= 0.1 * max(a, b):
            break
    options = ["KL(P‖Q)", "KL(Q‖P)"]  # never equal: draws closer than 10% apart were redrawn
    answer = options[0] if a > b else options[1]
    return choice(
        f"P = {vec(p)} and Q = {vec(q)}. Which is larger?",
        options,
        answer,
        f"KL(P‖Q) = Σ pᵢ·ln(pᵢ/qᵢ) = {show(a)} nats; KL(Q‖P) = Σ qᵢ·ln(qᵢ/pᵢ) = {show(b)} nats.\n"
        f"KL divergence is not symmetric: it weighs the log-ratio by the first distribution, so it is large "
        f"where that one puts mass the other barely covers.",
        {"P": p, "Q": q},
    )


# --------------------------------------------------------------------------- precision, recall, F1


def _confusion(rng):
    return {
        "TP": int(rng.integers(5, 96)),
        "FP": int(rng.integers(1, 41)),
        "FN": int(rng.integers(1, 41)),
        "TN": int(rng.integers(50, 501)),
    }


def _counts_text(c):
    return ", ".join(f"{k} = {v}" for k, v in c.items())


def _prf(rng, params, which):
    c = _confusion(rng)
    tp, fp, fn = c["TP"], c["FP"], c["FN"]
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    f1 = 2 * tp / (2 * tp + fp + fn)
    lines = {
        "precision": f"precision = TP/(TP + FP) = {tp}/({tp} + {fp}) = {show(precision)}: of the predicted "
        f"positives, the share that are real",
        "recall": f"recall = TP/(TP + FN) = {tp}/({tp} + {fn}) = {show(recall)}: of the real positives, the "
        f"share that were found",
        "F1 score": f"F1 = 2PR/(P + R) = 2TP/(2TP + FP + FN) = {2 * tp}/({2 * tp} + {fp} + {fn}) = {show(f1)}, "
        f"with P = {show(precision)} and R = {show(recall)}",
    }
    answer = {"precision": precision, "recall": recall, "F1 score": f1}[which]
    return numeric(
        f"A binary classifier on a test set: {_counts_text(c)}. What is its {which}? Give it as a decimal {SIG4}.",
        answer,
        lines[which] + ".\nTN does not enter precision, recall or F1.",
        c,
    )


def _precision(rng, params):
    return _prf(rng, params, "precision")


def _recall(rng, params):
    return _prf(rng, params, "recall")


def _f1(rng, params):
    return _prf(rng, params, "F1 score")


# --------------------------------------------------------------------------- the registry

GENERATORS = [
    Generator("cross_entropy", "cross-entropy", "Cross-entropy of logits and a label", {}, _cross_entropy),
    Generator(
        "binary_cross_entropy",
        "binary-cross-entropy",
        "Binary cross-entropy of p and a label",
        {},
        _binary_cross_entropy,
    ),
    Generator("bce_with_logits", "binary-cross-entropy", "BCE with logits", {}, _bce_with_logits),
    Generator("mse_loss", "mse", "Mean squared error of two vectors", {}, _mse),
    Generator(
        "entropy",
        "entropy",
        "Entropy of a distribution",
        {"unit": Param(None, CHOICE, choices=("bits", "nats"), doc="bits (log₂) or nats (ln)")},
        _entropy,
    ),
    Generator("kl_divergence", "kl-divergence", "KL(P‖Q)", {}, _kl_divergence),
    Generator("kl_which_larger", "kl-divergence", "KL is not symmetric", {}, _kl_which_larger),
    Generator("precision", "precision-recall-f1", "Precision from counts", {}, _precision),
    Generator("recall", "precision-recall-f1", "Recall from counts", {}, _recall),
    Generator("f1_score", "precision-recall-f1", "F1 from counts", {}, _f1),
]
