"""A small MLP's forward and backward passes, written by hand, batched over R independent networks.

Every network's parameters live in one flat vector, in the order torch's
``nn.Sequential(...).parameters()`` lists them (per hidden layer: Linear.weight (out, in),
Linear.bias, BatchNorm1d.weight, BatchNorm1d.bias; then the output Linear), so
``torch.nn.utils.vector_to_parameters`` loads it unchanged. R networks are the rows of an (R, P)
array; each layer's weights are a (R, out, in) view of it and a layer is one batched matmul, so a
sweep of 64 networks costs about as many NumPy calls as one network does.

A hidden layer is Linear -> [BatchNorm1d] -> activation -> [inverted dropout] -> [+ its input,
when residual]. With batch norm the Linear has no bias (bias=False, as usual before a norm: the
norm would cancel it, and its gradient would be rounding noise that Adam blows up to full steps).
The output layer is a Linear followed by `output_activation` (identity for logits).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from dltutor.sim import activations as acts
from dltutor.sim.depth import init_bound, init_std

Array = np.ndarray

BN_EPS = 1e-5  # nn.BatchNorm1d's defaults
BN_MOMENTUM = 0.1

INITS = ("torch-default", "xavier_uniform", "xavier_normal", "kaiming_uniform", "kaiming_normal", "zeros", "playground")
INIT_DOCS = {
    "torch-default": "what nn.Linear does: kaiming_uniform_(a=√5) weights, bias U(−1/√fan_in, 1/√fan_in)",
    "xavier_uniform": "nn.init.xavier_uniform_ (gain 1): U(−b, b), b = √(6/(fan_in + fan_out)); bias 0",
    "xavier_normal": "nn.init.xavier_normal_ (gain 1): N(0, 2/(fan_in + fan_out)); bias 0",
    "kaiming_uniform": "nn.init.kaiming_uniform_ (torch's defaults a=0, fan_in, leaky_relu): "
    "U(−b, b), b = √(6/fan_in); bias 0",
    "kaiming_normal": "nn.init.kaiming_normal_ (torch's defaults): N(0, 2/fan_in); bias 0",
    "zeros": "every weight and bias 0: all units of a layer stay identical (no symmetry breaking)",
    "playground": "TensorFlow Playground's: weights U(−0.5, 0.5), biases 0.1",
}


@dataclass(frozen=True)
class Architecture:
    """The shape of the network; see the module docstring for the layer order."""

    inputs: int
    hidden: tuple[int, ...]
    outputs: int
    activations: tuple[str, ...]  # one per hidden layer
    act_params: tuple[dict, ...]  # filled-in parameters of each
    output_activation: str = "identity"
    output_act_params: dict = field(default_factory=dict)
    batch_norm: bool = False
    residual: tuple[bool, ...] = ()  # per hidden layer: add the layer's input (equal widths only)

    @property
    def dims(self) -> tuple[int, ...]:
        return (self.inputs, *self.hidden, self.outputs)


@dataclass(frozen=True)
class Slot:
    """Where one Linear layer (and its batch norm) sits in the flat vector: (start, stop) pairs."""

    fan_in: int
    fan_out: int
    weight: tuple[int, int]
    bias: tuple[int, int] | None
    gamma: tuple[int, int] | None = None
    beta: tuple[int, int] | None = None


def layout(arch: Architecture) -> tuple[list[Slot], int]:
    """The slots of every Linear layer and the parameter count P, in torch's parameter order."""
    slots, pos = [], 0
    dims = arch.dims
    for i in range(len(dims) - 1):
        fan_in, fan_out = dims[i], dims[i + 1]
        hidden = i < len(arch.hidden)
        norm = hidden and arch.batch_norm
        w = (pos, pos + fan_out * fan_in)
        pos = w[1]
        b = None
        if not norm:
            b = (pos, pos + fan_out)
            pos = b[1]
        g = be = None
        if norm:
            g, be = (pos, pos + fan_out), (pos + fan_out, pos + 2 * fan_out)
            pos += 2 * fan_out
        slots.append(Slot(fan_in, fan_out, w, b, g, be))
    return slots, pos


def names(arch: Architecture) -> list[str]:
    """Names of the parameters in flat-vector order (model.parameters() order): '0.weight', '0.bias',
    '0.norm.weight', ... (layer index, then Linear or BatchNorm1d parameter)."""
    out = []
    for i, s in enumerate(layout(arch)[0]):
        out.append(f"{i}.weight")
        if s.bias:
            out.append(f"{i}.bias")
        if s.gamma:
            out += [f"{i}.norm.weight", f"{i}.norm.bias"]
    return out


def init_params(arch: Architecture, scheme: str, rng: np.random.Generator) -> Array:
    """One network's starting parameters (P,), drawn layer by layer in torch's order."""
    if scheme not in INITS:
        raise ValueError(f"unknown init {scheme!r}; choose one of: {', '.join(INITS)}")
    slots, n = layout(arch)
    theta = np.zeros(n)
    for s in slots:
        shape = (s.fan_out, s.fan_in)
        lo, hi = s.weight
        if scheme == "torch-default":
            bound = init_bound("kaiming_uniform", s.fan_in, s.fan_out, a=math.sqrt(5))
            theta[lo:hi] = rng.uniform(-bound, bound, shape).ravel()
            if s.bias:
                bb = 1.0 / math.sqrt(s.fan_in)
                theta[s.bias[0] : s.bias[1]] = rng.uniform(-bb, bb, s.fan_out)
        elif scheme in ("xavier_uniform", "kaiming_uniform"):
            bound = init_bound(scheme, s.fan_in, s.fan_out)
            theta[lo:hi] = rng.uniform(-bound, bound, shape).ravel()
        elif scheme in ("xavier_normal", "kaiming_normal"):
            theta[lo:hi] = rng.normal(0.0, init_std(scheme, s.fan_in, s.fan_out), shape).ravel()
        elif scheme == "playground":
            theta[lo:hi] = rng.uniform(-0.5, 0.5, shape).ravel()
            if s.bias:
                theta[s.bias[0] : s.bias[1]] = 0.1
        if s.gamma:
            theta[s.gamma[0] : s.gamma[1]] = 1.0  # BatchNorm1d: weight 1, bias 0
    return theta


def weight_mask(arch: Architecture) -> Array:
    """(P,) True at Linear weights: what the L1 and L2 penalties act on (not biases, not norms)."""
    slots, n = layout(arch)
    mask = np.zeros(n, dtype=bool)
    for s in slots:
        mask[s.weight[0] : s.weight[1]] = True
    return mask


# --- activations: torch's formulas, few NumPy calls ---------------------------------------------------
# The four everyday activations are computed here in as few calls as possible (a network step is
# overhead-bound); they are the formulas of dltutor.sim.activations, except that tanh is NumPy's
# own (within an ulp of libm's). The others call dltutor.sim.activations directly.


def act_train(name: str, params: dict, z: Array) -> tuple[Array, Array | None]:
    """f(z) and f′(z) (None for identity: nothing to multiply by)."""
    if name == "identity":
        return z, None
    if name == "tanh":
        y = np.tanh(z)
        d = np.multiply(y, y)
        np.subtract(1.0, d, out=d)
        return y, d
    if name == "relu":
        return np.maximum(z, 0.0), z > 0
    if name == "sigmoid":
        y = np.exp(-z)
        y += 1.0
        np.divide(1.0, y, out=y)
        return y, y * (1.0 - y)
    return acts.ACTIVATIONS[name].fn(z, params)


def act_eval(name: str, params: dict, z: Array) -> Array:
    """f(z) only, in place where it can be."""
    if name == "identity":
        return z
    if name == "tanh":
        return np.tanh(z, out=z)
    if name == "relu":
        return np.maximum(z, 0.0, out=z)
    if name == "sigmoid":
        np.negative(z, out=z)
        np.exp(z, out=z)
        z += 1.0
        return np.divide(1.0, z, out=z)
    return acts.ACTIVATIONS[name].fn(z, params)[0]


# --- views of a flat (R, P) buffer ------------------------------------------------------------------
# Batch axes are always counted from the end (the batch is axis −2, units axis −1), so the same code
# runs R networks as (R, B, C) arrays or, when R = 1, one network as plain (B, C) matrices: a tiny
# network is overhead-bound and 2-D calls are the cheapest NumPy has. Reductions call
# np.add.reduce directly (np.sum and .mean() cost several times more per call on small arrays).


class Views:
    """Per-layer views into an (R, P) buffer of parameters or of gradients (no copies).

    With R = 1 (`flat`) every view drops the run axis: W is (out, in), a bias (out,)."""

    def __init__(self, buf: Array, slots: list[Slot]):
        r = buf.shape[0]
        self.buf = buf
        self.flat = flat = r == 1

        def seg(pair, *shape):
            if pair is None:
                return None
            v = buf[:, pair[0] : pair[1]]
            return v.reshape(shape) if flat else v.reshape(r, *shape)

        self.W = [seg(s.weight, s.fan_out, s.fan_in) for s in slots]
        self.WT = [w.swapaxes(-1, -2) for w in self.W]
        self.b = [seg(s.bias, s.fan_out) for s in slots]  # (R, out) or (out,)
        self.brow = [seg(s.bias, 1, s.fan_out) for s in slots]  # adds to (…, B, out)
        self.bcol = [seg(s.bias, s.fan_out, 1) for s in slots]  # adds to (…, out, n)
        self.gamma = [seg(s.gamma, s.fan_out) for s in slots]
        self.beta = [seg(s.beta, s.fan_out) for s in slots]
        self.grow = [seg(s.gamma, 1, s.fan_out) for s in slots]
        self.berow = [seg(s.beta, 1, s.fan_out) for s in slots]
        self.gcol = [seg(s.gamma, s.fan_out, 1) for s in slots]
        self.becol = [seg(s.beta, s.fan_out, 1) for s in slots]


@dataclass
class Cache:
    """What the backward pass needs from one forward pass in training mode."""

    inputs: list = field(default_factory=list)  # each layer's input h (the first is X, (B, d))
    dact: list = field(default_factory=list)  # f′(z) per hidden layer (None: identity)
    xhat: list = field(default_factory=list)  # batch norm: normalised z per hidden layer
    invstd: list = field(default_factory=list)
    noise: list = field(default_factory=list)  # dropout: mask/(1 − p) per hidden layer, or None
    stats: list = field(default_factory=list)  # batch norm: (batch mean, sum of squared deviations) per layer
    dout_act: Array | None = None  # f′ of the output activation


class Network:
    """Forward and backward passes for one Architecture; R is taken from the buffers passed in.

    Batch-norm running statistics are pairs (mean, var) of arrays shaped (R, 1, C), or (1, C) for flat views.
    """

    def __init__(self, arch: Architecture):
        self.arch = arch
        self.slots, self.size = layout(arch)
        self.depth = len(arch.hidden)
        self.residual = tuple(arch.residual) or (False,) * self.depth

    def forward_train(self, V: Views, X: Array, noise: list | None, running: list | None) -> tuple[Array, Cache]:
        """Training mode on a batch X (B, d): batch statistics (running stats updated in place when
        `running` is given), dropout by `noise[l]` (mask / (1 − p), or None). -> (output (R, B, K)
        or (B, K) for flat views, cache)."""
        arch, cache = self.arch, Cache()
        inputs, dacts, noises = cache.inputs, cache.dact, cache.noise
        mm = np.dot if V.flat else np.matmul  # np.dot: the cheapest call for plain matrices
        h = X
        for l in range(self.depth):
            inputs.append(h)
            z = mm(h, V.WT[l])
            if arch.batch_norm:
                z, xhat, invstd, stats = _bn_train(z, V.grow[l], V.berow[l], None if running is None else running[l])
                cache.xhat.append(xhat)
                cache.invstd.append(invstd)
                cache.stats.append(stats)
            else:
                z += V.brow[l]
            a, d = act_train(arch.activations[l], arch.act_params[l], z)
            dacts.append(d)
            nz = noise[l] if noise else None
            if nz is not None:
                a = a * nz
            noises.append(nz)
            h = h + a if self.residual[l] else a
        inputs.append(h)
        out = mm(h, V.WT[-1])
        out += V.brow[-1]
        if arch.output_activation != "identity":
            out, cache.dout_act = act_train(arch.output_activation, arch.output_act_params, out)
        return out, cache

    def backward(self, V: Views, G: Views, cache: Cache, dout: Array) -> None:
        """Gradients of the loss into G's buffer, given dL/d(output) (R, B, K) or (B, K)."""
        reduce = np.add.reduce
        mm = np.dot if V.flat else np.matmul
        dz = dout if cache.dout_act is None else dout * cache.dout_act
        last = self.depth
        mm(dz.swapaxes(-1, -2), cache.inputs[last], out=G.W[last])
        reduce(dz, axis=-2, out=G.b[last])
        if last == 0:
            return
        dh = mm(dz, V.W[last])  # dL/dh, h the last hidden block's output
        for k in range(last - 1, -1, -1):
            da = dh if cache.noise[k] is None else dh * cache.noise[k]
            dz = da if cache.dact[k] is None else da * cache.dact[k]
            if self.arch.batch_norm:
                dz = _bn_backward(dz, cache.xhat[k], cache.invstd[k], V.grow[k], G, k)
            mm(dz.swapaxes(-1, -2), cache.inputs[k], out=G.W[k])
            if G.b[k] is not None:
                reduce(dz, axis=-2, out=G.b[k])
            if k:
                below = mm(dz, V.W[k])
                if self.residual[k]:  # h_{k+1} = h_k + a_k: the skip passes dh straight down
                    below += dh
                dh = below

    def forward_eval(self, V: Views, XT: Array, running: list | None, hidden: bool = False, noise: list | None = None):
        """Evaluation mode (dropout off, running statistics) on inputs given feature-major, XT (d, n)
        (long rows make each NumPy call cheap per point). -> output (R, n, K) and, with hidden=True,
        each hidden layer's activation (R, n, width) before any residual sum.

        `running` may hold other (mean, biased variance) pairs, and `noise` dropout's mask/(1 − p)
        per hidden layer, feature-major (width, n): the training-mode view of the same network."""
        arch = self.arch
        h, units = XT, []
        for l in range(self.depth):
            z = np.matmul(V.W[l], h)  # (…, out, n)
            if arch.batch_norm:
                mean, var = running[l]
                z -= mean.swapaxes(-1, -2)
                z *= 1.0 / np.sqrt(var.swapaxes(-1, -2) + BN_EPS)
                z *= V.gcol[l]
                z += V.becol[l]
            else:
                z += V.bcol[l]
            a = act_eval(arch.activations[l], arch.act_params[l], z)
            if noise:
                a = a * noise[l]
            if hidden:
                units.append(a)
            h = h + a if self.residual[l] else a
        out = np.matmul(V.W[-1], h)
        out += V.bcol[-1]
        if arch.output_activation != "identity":
            out = act_eval(arch.output_activation, arch.output_act_params, out)
        out = _runs_first(out, V.flat)
        return (out, [_runs_first(u, V.flat) for u in units]) if hidden else out


def _runs_first(a: Array, flat: bool) -> Array:
    """(…, C, n) feature-major -> (R, n, C)."""
    a = a.swapaxes(-1, -2)
    return a[None] if flat else a


def _bn_train(z: Array, gamma: Array, beta: Array, running) -> tuple[Array, Array, Array, tuple]:
    """BatchNorm1d in training mode over the batch axis (−2): biased variance to normalise,
    unbiased (÷ (B − 1)) into the running variance, momentum 0.1."""
    reduce = np.add.reduce
    b = z.shape[-2]
    mean = reduce(z, axis=-2, keepdims=True)
    mean /= b
    zc = z - mean
    ssq = reduce(zc * zc, axis=-2, keepdims=True)
    invstd = ssq / b
    invstd += BN_EPS
    np.sqrt(invstd, out=invstd)
    np.divide(1.0, invstd, out=invstd)
    xhat = zc * invstd
    if running is not None:
        rm, rv = running
        rm *= 1.0 - BN_MOMENTUM
        rm += BN_MOMENTUM * mean
        rv *= 1.0 - BN_MOMENTUM
        rv += BN_MOMENTUM * (ssq / (b - 1))
    out = xhat * gamma
    out += beta
    return out, xhat, invstd, (mean, ssq)


def _bn_backward(dy: Array, xhat: Array, invstd: Array, gamma: Array, G: Views, k: int) -> Array:
    """dL/dz from dL/dy for y = γ·x̂ + β with batch statistics; writes dL/dγ and dL/dβ into G."""
    reduce = np.add.reduce
    b = dy.shape[-2]
    reduce(dy * xhat, axis=-2, out=G.gamma[k])
    reduce(dy, axis=-2, out=G.beta[k])
    dx = dy - G.berow[k] / b
    dx -= xhat * (G.grow[k] / b)
    dx *= gamma * invstd
    return dx
