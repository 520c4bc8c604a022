"""Xavier (Glorot) initialisation bounds (card: xavier-init).

Write xavier_bounds(fan_in, fan_out, gain) returning two floats:

    bound = the a of torch.nn.init.xavier_uniform_ (weights drawn from U(−a, a))
          = gain·√(6 / (fan_in + fan_out))
    std   = the standard deviation of torch.nn.init.xavier_normal_
          = gain·√(2 / (fan_in + fan_out))

Check it with:  dltutor practice xavier-init   (add --watch to re-check on every save)
"""

import math


def xavier_bounds(fan_in, fan_out, gain):
    raise NotImplementedError
