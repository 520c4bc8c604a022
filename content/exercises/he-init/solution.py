import math


def he_bounds(fan_in, negative_slope):
    gain = math.sqrt(2.0 / (1 + negative_slope ** 2))
    std = gain / math.sqrt(fan_in)
    return math.sqrt(3.0) * std, std
