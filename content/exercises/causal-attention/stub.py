"""Scaled dot-product attention with a causal mask (card: attention).

Write causal_attention(q, k, v) = torch.nn.functional.scaled_dot_product_attention(q, k, v,
is_causal=True): q and k are (..., T, d), v is (..., T, d_v), with any batch axes in front.

    scores = q·kᵀ / √d                          (..., T, T)
    scores[i, j] = −inf where j > i             (position i sees positions 0 … i only)
    out = softmax(scores, along the last axis)·v      (..., T, d_v)

Check it with:  dltutor practice causal-attention   (add --watch to re-check on every save)
"""

import numpy as np


def causal_attention(q, k, v):
    raise NotImplementedError
