import numpy as np


def smoothed_cross_entropy(logits, target, smoothing):
    m = logits.max(axis=1, keepdims=True)
    logp = logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))
    nll = -logp[np.arange(len(target)), target]
    uniform = -logp.mean(axis=1)                  # ε/C on every class, the true one too
    return float(((1 - smoothing) * nll + smoothing * uniform).mean())
