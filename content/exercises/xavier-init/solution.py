import math


def xavier_bounds(fan_in, fan_out, gain):
    std = gain * math.sqrt(2.0 / (fan_in + fan_out))
    return math.sqrt(3.0) * std, std          # U(−a, a) has variance a²/3
