import math


def gain_missing(fan_in, negative_slope):
    return math.sqrt(3 / fan_in), math.sqrt(1 / fan_in)


def slope_ignored(fan_in, negative_slope):
    return math.sqrt(6 / fan_in), math.sqrt(2 / fan_in)


def std_for_bound(fan_in, negative_slope):
    std = math.sqrt(2 / (1 + negative_slope**2)) / math.sqrt(fan_in)
    return std, std
