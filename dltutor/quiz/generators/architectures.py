"""Layers by the numbers: initialisation scales (dltutor.sim.depth), output sizes, parameter counts."""

from __future__ import annotations

import math

from dltutor.sim.depth import calculate_gain, init_bound, init_std

from ._base import SIG4, WHOLE, Generator, ParamError, draw_int, fixed, integer, numeric, pick, show

FANS = (10, 32, 64, 100, 128, 256, 300, 512, 784, 1000)


def _fans(rng, params):
    fan_in = fixed(params, "fan_in", lambda: pick(rng, FANS), int)
    fan_out = fixed(params, "fan_out", lambda: pick(rng, FANS), int)
    return fan_in, fan_out


def _layer(fan_in, fan_out):
    return (
        f"the weight of nn.Linear({fan_in}, {fan_out}) (shape ({fan_out}, {fan_in}), so fan_in = {fan_in} "
        f"and fan_out = {fan_out})"
    )


# --------------------------------------------------------------------------- Xavier / Glorot


def _xavier_uniform_bound(rng, params):
    fan_in, fan_out = _fans(rng, params)
    a = init_bound("xavier_uniform", fan_in, fan_out)
    return numeric(
        f"nn.init.xavier_uniform_ (gain=1) fills {_layer(fan_in, fan_out)} from U(−a, a). What is a? Give it {SIG4}.",
        a,
        f"a = gain·√(6/(fan_in + fan_out)) = √(6/({fan_in} + {fan_out})) = √{show(6 / (fan_in + fan_out))} "
        f"= {show(a)}\n"
        f"A uniform U(−a, a) has std a/√3 = {show(a / math.sqrt(3))} = √(2/(fan_in + fan_out)), Glorot's "
        f"compromise between keeping the forward and the backward signal at unit variance.",
        {"fan_in": fan_in, "fan_out": fan_out},
    )


def _xavier_normal_std(rng, params):
    fan_in, fan_out = _fans(rng, params)
    std = init_std("xavier_normal", fan_in, fan_out)
    return numeric(
        f"nn.init.xavier_normal_ (gain=1) fills {_layer(fan_in, fan_out)} from N(0, std²). What is std? "
        f"Give it {SIG4}.",
        std,
        f"std = gain·√(2/(fan_in + fan_out)) = √(2/({fan_in} + {fan_out})) = √{show(2 / (fan_in + fan_out))} = "
        f"{show(std)}",
        {"fan_in": fan_in, "fan_out": fan_out},
    )


# --------------------------------------------------------------------------- He / Kaiming


def _kaiming_normal_std(rng, params):
    fan_in, fan_out = _fans(rng, params)
    std = init_std("kaiming_normal", fan_in, fan_out, nonlinearity="relu")
    return numeric(
        f"nn.init.kaiming_normal_(w, mode='fan_in', nonlinearity='relu') fills {_layer(fan_in, fan_out)}. What "
        f"std does it draw from? Give it {SIG4}.",
        std,
        f"std = gain/√fan_in with ReLU's gain √2 = {show(calculate_gain('relu'))}:\n"
        f"  √2/√{fan_in} = √(2/{fan_in}) = {show(std)}\n"
        f"ReLU zeroes half of its inputs, so the weights need twice Xavier's variance (for fan_in = fan_out) "
        f"to keep the signal's scale through depth. fan_out does not enter with mode='fan_in'.",
        {"fan_in": fan_in, "fan_out": fan_out},
    )


def _kaiming_uniform_bound(rng, params):
    fan_in, fan_out = _fans(rng, params)
    a = init_bound("kaiming_uniform", fan_in, fan_out, nonlinearity="relu")
    return numeric(
        f"nn.init.kaiming_uniform_(w, mode='fan_in', nonlinearity='relu') fills {_layer(fan_in, fan_out)} from "
        f"U(−a, a). What is a? Give it {SIG4}.",
        a,
        f"std = √2/√fan_in and a = √3·std, so a = √(6/fan_in) = √(6/{fan_in}) = {show(a)}",
        {"fan_in": fan_in, "fan_out": fan_out},
    )


# --------------------------------------------------------------------------- output sizes


def _out_size(n, k, s, p):
    return (n + 2 * p - k) // s + 1


def _size_working(n, k, s, p):
    out = _out_size(n, k, s, p)
    return out, (
        f"⌊(n + 2p − k)/s⌋ + 1 = ⌊({n} + 2×{p} − {k})/{s}⌋ + 1 = ⌊{n + 2 * p - k}/{s}⌋ + 1 = "
        f"{(n + 2 * p - k) // s} + 1 = {out}"
    )


def _conv_output_size(rng, params):
    for _ in range(100):  # redraw until the kernel fits the padded input
        n = fixed(params, "size", lambda: pick(rng, (7, 13, 14, 28, 32, 56, 64, 96, 224, 227)), int)
        k = fixed(params, "kernel_size", lambda: pick(rng, (1, 3, 5, 7, 11)), int)
        s = fixed(params, "stride", lambda: pick(rng, (1, 1, 2, 2, 4)), int)
        p = fixed(params, "padding", lambda: pick(rng, (0, 0, 1, 2, 3)), int)
        trivial = (k, s, p) == (1, 1, 0) and params.get("kernel_size") is None  # the output is the input
        if n + 2 * p >= k and not trivial:
            break
    else:
        raise ParamError("kernel_size", "must be at most size + 2·padding")
    out, working = _size_working(n, k, s, p)
    return integer(
        f"nn.Conv2d(3, 16, kernel_size={k}, stride={s}, padding={p}) is applied to a {n}×{n} image. What is the "
        f"height (= width) of its output? Give {WHOLE}.",
        out,
        f"output = {working} (PyTorch floors; dilation 1).",
        {"size": n, "kernel_size": k, "stride": s, "padding": p},
    )


def _pool_output_size(rng, params):
    n = fixed(params, "size", lambda: pick(rng, (7, 13, 14, 27, 28, 32, 55, 56, 112, 224)), int)
    k = fixed(params, "kernel_size", lambda: pick(rng, (2, 3)), int)
    default_stride = params.get("stride") is None and rng.random() < 0.5
    s = k if default_stride else fixed(params, "stride", lambda: pick(rng, (1, 2, 2)), int)
    p = fixed(params, "padding", lambda: pick(rng, (0, 0, 1)) if k >= 2 else 0, int)
    if p > k // 2:
        raise ParamError("padding", f"must be at most kernel_size/2 ({k // 2}), as PyTorch requires")
    if n + 2 * p < k:
        raise ParamError("size", "must be at least kernel_size − 2·padding")
    out, working = _size_working(n, k, s, p)
    call = (
        f"nn.MaxPool2d(kernel_size={k}"
        + ("" if default_stride else f", stride={s}")
        + (f", padding={p})" if p else ")")
    )
    note = f"stride defaults to kernel_size, so s = {k}; " if default_stride else ""
    return integer(
        f"{call} is applied to a {n}×{n} feature map. What is the height (= width) of its output? Give {WHOLE}.",
        out,
        f"{note}output = {working} (ceil_mode=False floors).",
        {"size": n, "kernel_size": k} | ({} if default_stride else {"stride": s}) | ({"padding": p} if p else {}),
    )


# --------------------------------------------------------------------------- parameter counts


def _linear_params(rng, params):
    n_in = fixed(params, "in_features", lambda: pick(rng, FANS), int)
    n_out = fixed(params, "out_features", lambda: pick(rng, FANS), int)
    bias = rng.random() >= 0.2
    count = n_in * n_out + (n_out if bias else 0)
    return integer(
        f"How many trainable parameters does nn.Linear({n_in}, {n_out}{'' if bias else ', bias=False'}) have? "
        f"Give {WHOLE}.",
        count,
        f"weight: out × in = {n_out} × {n_in} = {n_in * n_out}"
        + (f"; bias: out = {n_out}; total {n_in * n_out} + {n_out} = {count}" if bias else f"; no bias: total {count}"),
        {"in_features": n_in, "out_features": n_out},
    )


def _conv2d_params(rng, params):
    c_in = fixed(params, "in_channels", lambda: pick(rng, (1, 3, 16, 32, 64, 128)), int)
    c_out = fixed(params, "out_channels", lambda: pick(rng, (8, 16, 32, 64, 128, 256)), int)
    k = fixed(params, "kernel_size", lambda: pick(rng, (1, 3, 5, 7)), int)
    weights = c_out * c_in * k * k
    count = weights + c_out
    return integer(
        f"How many trainable parameters does nn.Conv2d({c_in}, {c_out}, kernel_size={k}) (bias=True, the "
        f"default) have? Give {WHOLE}.",
        count,
        f"weight: C_out × C_in × k × k = {c_out} × {c_in} × {k} × {k} = {weights}; bias: one per output "
        f"channel = {c_out}; total {count}.\nThe count does not depend on the image size: the same kernels "
        f"slide over every position.",
        {"in_channels": c_in, "out_channels": c_out, "kernel_size": k},
    )


def _recurrent_params(rng, params, name, gates, what):
    i = fixed(params, "input_size", lambda: pick(rng, (10, 32, 50, 100, 128, 300)), int)
    h = fixed(params, "hidden_size", lambda: pick(rng, (16, 32, 64, 128, 256, 512)), int)
    per_gate = h * i + h * h + 2 * h
    count = gates * per_gate
    return integer(
        f"How many trainable parameters does nn.{name}(input_size={i}, hidden_size={h}) (one layer, "
        f"bias=True) have? Give {WHOLE}.",
        count,
        f"{what}. Each has W_i ({h}×{i}), W_h ({h}×{h}) and, as PyTorch keeps two bias vectors "
        f"b_ih and b_hh, 2 × {h} biases:\n"
        f"  {gates}·(H·I + H·H + 2H) = {gates} × ({h * i} + {h * h} + {2 * h}) = {gates} × {per_gate} = {count}",
        {"input_size": i, "hidden_size": h},
    )


def _lstm_params(rng, params):
    return _recurrent_params(rng, params, "LSTM", 4, "An LSTM has 4 gate blocks (input, forget, cell, output)")


def _gru_params(rng, params):
    return _recurrent_params(rng, params, "GRU", 3, "A GRU has 3 gate blocks (reset, update, new)")


def _embedding_params(rng, params):
    num = fixed(params, "num_embeddings", lambda: pick(rng, (1000, 5000, 10000, 30000, 32000, 50257)), int)
    dim = fixed(params, "embedding_dim", lambda: pick(rng, (16, 32, 64, 128, 300, 512, 768)), int)
    count = num * dim
    return integer(
        f"How many trainable parameters does nn.Embedding({num}, {dim}) have? Give {WHOLE}.",
        count,
        f"One row of {dim} numbers per token: num_embeddings × embedding_dim = {num} × {dim} = {count}. "
        f"No bias; a lookup is the same as multiplying a one-hot vector by this matrix.",
        {"num_embeddings": num, "embedding_dim": dim},
    )


# --------------------------------------------------------------------------- the registry

_FANS = {"fan_in": draw_int("fan_in", 1), "fan_out": draw_int("fan_out", 1)}
_SIZE = {
    "size": draw_int("input height and width", 1),
    "kernel_size": draw_int("kernel size", 1),
    "stride": draw_int("stride", 1),
    "padding": draw_int("padding", 0),
}
_RNN = {"input_size": draw_int("input features I", 1), "hidden_size": draw_int("hidden units H", 1)}

GENERATORS = [
    Generator("xavier_uniform_bound", "xavier-init", "Xavier uniform bound", _FANS, _xavier_uniform_bound),
    Generator("xavier_normal_std", "xavier-init", "Xavier normal std", _FANS, _xavier_normal_std),
    Generator("kaiming_normal_std", "he-init", "He (Kaiming) normal std", _FANS, _kaiming_normal_std),
    Generator("kaiming_uniform_bound", "he-init", "He (Kaiming) uniform bound", _FANS, _kaiming_uniform_bound),
    Generator("conv_output_size", "convolution", "Conv2d output size", _SIZE, _conv_output_size),
    Generator("pool_output_size", "pooling", "MaxPool2d output size", _SIZE, _pool_output_size),
    Generator(
        "linear_params",
        "dense-layers",
        "nn.Linear parameter count",
        {"in_features": draw_int("in_features", 1), "out_features": draw_int("out_features", 1)},
        _linear_params,
    ),
    Generator(
        "conv2d_params",
        "convolution",
        "nn.Conv2d parameter count",
        {
            "in_channels": draw_int("C_in", 1),
            "out_channels": draw_int("C_out", 1),
            "kernel_size": draw_int("kernel size", 1),
        },
        _conv2d_params,
    ),
    Generator("lstm_params", "lstm", "nn.LSTM parameter count", _RNN, _lstm_params),
    Generator("gru_params", "gru", "nn.GRU parameter count", _RNN, _gru_params),
    Generator(
        "embedding_params",
        "embeddings",
        "nn.Embedding parameter count",
        {"num_embeddings": draw_int("vocabulary size", 1), "embedding_dim": draw_int("vector size", 1)},
        _embedding_params,
    ),
]
