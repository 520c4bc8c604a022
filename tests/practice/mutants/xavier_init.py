import math


def std_for_bound(fan_in, fan_out, gain):
    std = gain * math.sqrt(2 / (fan_in + fan_out))
    return std, std


def gain_missing(fan_in, fan_out, gain):
    return math.sqrt(6 / (fan_in + fan_out)), math.sqrt(2 / (fan_in + fan_out))


def fan_in_only(fan_in, fan_out, gain):
    return gain * math.sqrt(3 / fan_in), gain * math.sqrt(1 / fan_in)
