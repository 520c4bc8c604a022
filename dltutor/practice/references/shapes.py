"""Shapes, parameter counts and initialisation bounds: whole numbers and closed forms from torch.nn."""

from __future__ import annotations

import math

from dltutor.practice.references import reference, unknown_mistake


def _pair(v):
    return (v, v) if isinstance(v, int) else tuple(v)


@reference("conv2d-output-shape", mistakes=("dilation-ignored", "plus-one-missing", "padding-once"))
def conv2d_output_shape(height, width, kernel_size, stride, padding, dilation, mistake=None):
    """nn.Conv2d: out = ⌊(in + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1, per side."""
    out = []
    for size, k, s, p, d in zip((height, width), _pair(kernel_size), _pair(stride), _pair(padding), _pair(dilation)):
        if mistake == "dilation-ignored":
            out.append((size + 2 * p - (k - 1) - 1) // s + 1)
        elif mistake == "plus-one-missing":
            out.append((size + 2 * p - d * (k - 1) - 1) // s)
        elif mistake == "padding-once":
            out.append((size + p - d * (k - 1) - 1) // s + 1)
        elif mistake:
            raise unknown_mistake(mistake)
        else:
            out.append((size + 2 * p - d * (k - 1) - 1) // s + 1)
    return tuple(out)


@reference("conv2d-param-count", mistakes=("in-channels-missing", "bias-per-weight", "bias-ignored"))
def conv2d_param_count(in_channels, out_channels, kernel_size, bias, mistake=None):
    kh, kw = _pair(kernel_size)
    weights = out_channels * in_channels * kh * kw
    if mistake == "in-channels-missing":
        return out_channels * kh * kw + (out_channels if bias else 0)
    if mistake == "bias-per-weight":
        return 2 * weights if bias else weights
    if mistake == "bias-ignored":
        return weights + out_channels
    if mistake:
        raise unknown_mistake(mistake)
    return weights + (out_channels if bias else 0)


@reference("lstm-param-count", mistakes=("one-bias", "three-gates", "input-size-every-layer"))
def lstm_param_count(input_size, hidden_size, num_layers, bias, mistake=None):
    """nn.LSTM: per layer W_ih (4h × in), W_hh (4h × h), and with bias b_ih and b_hh (4h each)."""
    gates = 3 if mistake == "three-gates" else 4
    total = 0
    for layer in range(num_layers):
        fan = input_size if layer == 0 or mistake == "input-size-every-layer" else hidden_size
        total += gates * hidden_size * (fan + hidden_size)
        if bias:
            total += gates * hidden_size * (1 if mistake == "one-bias" else 2)
    if mistake not in (None, "one-bias", "three-gates", "input-size-every-layer"):
        raise unknown_mistake(mistake)
    return total


@reference("xavier-bounds", mistakes=("std-for-bound", "gain-missing", "fan-in-only"))
def xavier_bounds(fan_in, fan_out, gain, mistake=None):
    """(xavier_uniform_'s bound a, xavier_normal_'s std): gain·√(6/(fan_in + fan_out)), gain·√(2/(...))."""
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    bound = math.sqrt(3.0) * std
    if mistake == "std-for-bound":
        return std, std
    if mistake == "gain-missing":
        return bound / gain, std / gain
    if mistake == "fan-in-only":
        return gain * math.sqrt(3.0 / fan_in), gain * math.sqrt(1.0 / fan_in)
    if mistake:
        raise unknown_mistake(mistake)
    return bound, std


@reference("he-bounds", mistakes=("gain-missing", "slope-ignored", "std-for-bound"))
def he_bounds(fan_in, negative_slope, mistake=None):
    """(kaiming_uniform_'s bound, kaiming_normal_'s std), mode fan_in, nonlinearity leaky_relu:
    gain = √(2/(1 + a²)), std = gain/√fan_in, bound = √3·std."""
    gain = math.sqrt(2.0 / (1 + negative_slope**2))
    if mistake == "gain-missing":
        gain = 1.0
    elif mistake == "slope-ignored":
        gain = math.sqrt(2.0)
    elif mistake not in (None, "std-for-bound"):
        raise unknown_mistake(mistake)
    std = gain / math.sqrt(fan_in)
    return (std if mistake == "std-for-bound" else math.sqrt(3.0) * std), std
