"""He (Kaiming) initialisation bounds (card: he-init).

Write he_bounds(fan_in, negative_slope) for torch.nn.init.kaiming_uniform_ and kaiming_normal_
with mode='fan_in', nonlinearity='leaky_relu' and a = negative_slope. Return two floats:

    gain  = √(2 / (1 + a²))
    std   = gain / √fan_in                 (kaiming_normal_)
    bound = √3 · std                       (kaiming_uniform_: U(−bound, bound))

as (bound, std).
Check it with:  dltutor practice he-init   (add --watch to re-check on every save)
"""

import math


def he_bounds(fan_in, negative_slope):
    raise NotImplementedError
