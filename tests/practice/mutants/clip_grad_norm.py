import numpy as np


def per_tensor(grads, max_norm):
    total = float(np.sqrt(sum((g**2).sum() for g in grads)))
    out = []
    for g in grads:
        n = np.linalg.norm(g)
        out.append(g * min(1.0, max_norm / (n + 1e-6)))
    return out, total


def scales_up(grads, max_norm):
    total = float(np.sqrt(sum((g**2).sum() for g in grads)))
    return [g * max_norm / (total + 1e-6) for g in grads], total


def epsilon_missing(grads, max_norm):
    total = float(np.sqrt(sum((g**2).sum() for g in grads)))
    if total <= max_norm:
        return list(grads), total
    return [g * (max_norm / total) for g in grads], total
