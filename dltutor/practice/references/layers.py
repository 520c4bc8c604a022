"""Layers as torch computes them, in NumPy float64: dropout, batch norm, layer norm, a two-layer
MLP and causal attention. Checked against torch goldens in tests/practice/test_goldens.py."""

from __future__ import annotations

import numpy as np

from dltutor.practice.references import reference, unknown_mistake
from dltutor.practice.references.activations import softmax as _softmax


@reference("dropout-forward", mistakes=("not-rescaled", "scaled-by-p"))
def dropout_forward(x, p, mask, mistake=None):
    """Inverted dropout, training mode: kept units are scaled by 1/(1 − p) (torch: mask·(1/(1 − p)))."""
    if mistake == "not-rescaled":
        return x * mask
    if mistake == "scaled-by-p":
        return x * mask / p
    if mistake:
        raise unknown_mistake(mistake)
    return x * (mask * (1.0 / (1.0 - p)))


@reference("dropout-backward", mistakes=("grad-not-rescaled", "mask-missing"))
def dropout_backward(grad_out, p, mask, mistake=None):
    if mistake == "grad-not-rescaled":
        return grad_out * mask
    if mistake == "mask-missing":
        return grad_out / (1.0 - p)
    if mistake:
        raise unknown_mistake(mistake)
    return grad_out * (mask * (1.0 / (1.0 - p)))


@reference(
    "batch-norm-train",
    mistakes=("biased-running-var", "unbiased-normalisation", "momentum-swapped", "eps-outside-sqrt"),
)
def batch_norm_train(x, gamma, beta, running_mean, running_var, momentum, eps, mistake=None):
    n = x.shape[0]
    mean = x.mean(axis=0)
    var = ((x - mean) ** 2).mean(axis=0)
    unbiased = var * (n / (n - 1))
    norm_var = unbiased if mistake == "unbiased-normalisation" else var
    if mistake == "eps-outside-sqrt":
        y = (x - mean) / (np.sqrt(norm_var) + eps) * gamma + beta
    else:
        y = (x - mean) / np.sqrt(norm_var + eps) * gamma + beta
    keep = momentum if mistake == "momentum-swapped" else 1 - momentum
    new_mean = keep * running_mean + (1 - keep) * mean
    new_var = keep * running_var + (1 - keep) * (var if mistake == "biased-running-var" else unbiased)
    if mistake not in (None, "biased-running-var", "unbiased-normalisation", "momentum-swapped", "eps-outside-sqrt"):
        raise unknown_mistake(mistake)
    return y, new_mean, new_var


@reference("batch-norm-eval", mistakes=("batch-statistics", "eps-outside-sqrt"))
def batch_norm_eval(x, gamma, beta, running_mean, running_var, eps, mistake=None):
    if mistake == "batch-statistics":
        mean, var = x.mean(axis=0), x.var(axis=0)
        return (x - mean) / np.sqrt(var + eps) * gamma + beta
    if mistake == "eps-outside-sqrt":
        return (x - running_mean) / (np.sqrt(running_var) + eps) * gamma + beta
    if mistake:
        raise unknown_mistake(mistake)
    return (x - running_mean) / np.sqrt(running_var + eps) * gamma + beta


@reference("batch-norm-backward", mistakes=("statistics-held-constant", "mean-path-only", "beta-grad-averaged"))
def batch_norm_backward(x, gamma, eps, grad_out, mistake=None):
    """Gradients of y = γ·(x − μ)/√(σ² + ε) + β (training mode, batch statistics) for (N, D) inputs."""
    mean = x.mean(axis=0)
    inv_std = 1.0 / np.sqrt(((x - mean) ** 2).mean(axis=0) + eps)
    xhat = (x - mean) * inv_std
    dgamma, dbeta = (grad_out * xhat).sum(axis=0), grad_out.sum(axis=0)
    if mistake == "statistics-held-constant":
        dx = grad_out * gamma * inv_std
    elif mistake == "mean-path-only":
        dx = gamma * inv_std * (grad_out - grad_out.mean(axis=0))
    elif mistake in (None, "beta-grad-averaged"):
        dx = gamma * inv_std * (grad_out - grad_out.mean(axis=0) - xhat * (grad_out * xhat).mean(axis=0))
    else:
        raise unknown_mistake(mistake)
    if mistake == "beta-grad-averaged":
        dbeta = grad_out.mean(axis=0)
    return dx, dgamma, dbeta


@reference("layer-norm", mistakes=("over-batch-axis", "unbiased-variance", "eps-outside-sqrt"))
def layer_norm(x, weight, bias, eps, mistake=None):
    axis = 0 if mistake == "over-batch-axis" else -1
    mean = x.mean(axis=axis, keepdims=True)
    var = x.var(axis=axis, keepdims=True, ddof=1 if mistake == "unbiased-variance" else 0)
    if mistake == "eps-outside-sqrt":
        return (x - mean) / (np.sqrt(var) + eps) * weight + bias
    if mistake not in (None, "over-batch-axis", "unbiased-variance"):
        raise unknown_mistake(mistake)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


@reference("mlp-forward", mistakes=("relu-missing", "bias-after-relu"))
def mlp_forward(x, W1, b1, W2, b2, mistake=None):
    """Linear(W1, b1) → ReLU → Linear(W2, b2), torch's layout: y = x·Wᵀ + b, W is (out, in)."""
    pre = x @ W1.T + b1
    if mistake == "relu-missing":
        return pre @ W2.T + b2
    if mistake == "bias-after-relu":
        return (np.maximum(x @ W1.T, 0.0) + b1) @ W2.T + b2
    if mistake:
        raise unknown_mistake(mistake)
    return np.maximum(pre, 0.0) @ W2.T + b2


@reference(
    "mlp-backward", mistakes=("relu-mask-missing", "mask-includes-zero", "weight-grad-transposed", "bias-grad-averaged")
)
def mlp_backward(x, W1, b1, W2, b2, grad_out, mistake=None):
    """(dW1, db1, dW2, db2, dx) for the MLP above, given ∂L/∂y = grad_out (ReLU'(0) = 0, as torch)."""
    pre = x @ W1.T + b1
    h = np.maximum(pre, 0.0)
    dW2, db2 = grad_out.T @ h, grad_out.sum(axis=0)
    dh = grad_out @ W2
    if mistake == "relu-mask-missing":
        dpre = dh
    elif mistake == "mask-includes-zero":
        dpre = dh * (pre >= 0)
    else:
        dpre = dh * (pre > 0)
    dW1, db1, dx = dpre.T @ x, dpre.sum(axis=0), dpre @ W1
    if mistake == "weight-grad-transposed":
        dW1, dW2 = x.T @ dpre, h.T @ grad_out
    elif mistake == "bias-grad-averaged":
        db1, db2 = dpre.mean(axis=0), grad_out.mean(axis=0)
    elif mistake not in (None, "relu-mask-missing", "mask-includes-zero"):
        raise unknown_mistake(mistake)
    return dW1, db1, dW2, db2, dx


@reference("causal-attention", mistakes=("no-scaling", "scaled-by-d", "mask-transposed", "masked-with-zero"))
def causal_attention(q, k, v, mistake=None):
    """F.scaled_dot_product_attention(q, k, v, is_causal=True) for (..., T, d) inputs."""
    d, t = q.shape[-1], q.shape[-2]
    scale = {"no-scaling": 1.0, "scaled-by-d": 1.0 / d}.get(mistake, 1.0 / np.sqrt(d))
    scores = (q @ np.swapaxes(k, -1, -2)) * scale
    allowed = np.tril(np.ones((t, k.shape[-2]), dtype=bool))
    if mistake == "mask-transposed":
        allowed = allowed.T
    if mistake == "masked-with-zero":
        scores = np.where(allowed, scores, 0.0)
    elif mistake in (None, "no-scaling", "scaled-by-d", "mask-transposed"):
        scores = np.where(allowed, scores, -np.inf)
    else:
        raise unknown_mistake(mistake)
    return _softmax(scores) @ v
