"""Log-softmax without taking the log of a softmax (card: softmax).

Write log_softmax(z) for logits z of shape (N, C), along the last axis (torch's log_softmax):

    log_softmax(z)_i = z_i − m − log Σ_j e^(z_j − m),   m = max_j z_j

Return an (N, C) array. It must be finite for logits spread over thousands (0, −800, −2000)
and for logits of 1000.
Check it with:  dltutor practice log-softmax   (add --watch to re-check on every save)
"""

import numpy as np


def log_softmax(z):
    raise NotImplementedError
