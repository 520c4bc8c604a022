"""Golden expected values from PyTorch for every practice exercise check, for tests/practice/test_goldens.py.

Run by hand, never in CI (torch is not a dependency):

    /tmp/torchvenv/bin/pip install torch numpy pyyaml
    /tmp/torchvenv/bin/python tools/goldens/make_practice.py

For each built-in exercise and each of its checks, the check's inputs are built exactly as the
checker builds them (dltutor.practice.inputs, seeded), handed to the torch function below in
float64, and the result is written to tests/practice/goldens.json. Optimizers run one real
`opt.step()` (foreach=False) with the state set as the exercise gives it; schedules drive the
real scheduler; gradients come from autograd. Exercises torch has no function for (precision,
recall and F1, ROC-AUC, early stopping) are checked in tests/practice/test_references.py instead.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from dltutor.practice import inputs  # noqa: E402
from dltutor.practice.child import encode  # noqa: E402
from dltutor.practice.loader import load_catalog  # noqa: E402

torch.set_default_dtype(torch.float64)


def t(a, grad: bool = False) -> torch.Tensor:
    return torch.tensor(np.asarray(a, dtype=np.float64), requires_grad=grad)


def n(x):
    if isinstance(x, torch.Tensor):
        return x.detach().numpy().copy()
    if isinstance(x, (list, tuple)):
        return type(x)(n(v) for v in x)
    return x


def autograd(fn, x, **kw):
    xt = t(x, grad=True)
    fn(xt, **kw).sum().backward()
    return xt.grad


def optimizer_step(cls, param, grad, state: dict, step: int, **hp):
    p = torch.nn.Parameter(t(param))
    opt = cls([p], foreach=False, **hp)
    if step > 1 or cls in (torch.optim.Adam, torch.optim.AdamW, torch.optim.RMSprop, torch.optim.Adagrad):
        if cls is torch.optim.SGD:
            opt.state[p]["momentum_buffer"] = t(state["momentum_buffer"])
        elif state:
            opt.state[p]["step"] = torch.tensor(float(step - 1))
            for key, value in state.items():
                opt.state[p][key] = t(value)
    p.grad = t(grad)
    opt.step()
    return p, opt.state[p]


def sgd(a, nesterov=False):
    hp = dict(
        lr=a["lr"],
        momentum=a["momentum"],
        weight_decay=a["weight_decay"],
        nesterov=nesterov,
        dampening=a.get("dampening", 0.0),
    )
    p, s = optimizer_step(
        torch.optim.SGD, a["param"], a["grad"], {"momentum_buffer": a["momentum_buffer"]}, a["step"], **hp
    )
    return p, s["momentum_buffer"]


def adam(cls, a):
    p, s = optimizer_step(
        cls,
        a["param"],
        a["grad"],
        {"exp_avg": a["exp_avg"], "exp_avg_sq": a["exp_avg_sq"]},
        a["step"],
        lr=a["lr"],
        betas=tuple(a["betas"]),
        eps=a["eps"],
        weight_decay=a["weight_decay"],
    )
    return p, s["exp_avg"], s["exp_avg_sq"]


def schedule(make, epochs, lr=1.0):
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=lr)
    sched = make(opt)
    out = []
    for i in range(epochs):
        out.append(opt.param_groups[0]["lr"])
        if i < epochs - 1:
            opt.step()
            sched.step()
    return np.array(out)


def clip(a):
    params = [torch.nn.Parameter(t(np.zeros_like(g))) for g in a["grads"]]
    for p, g in zip(params, a["grads"]):
        p.grad = t(g)
    total = torch.nn.utils.clip_grad_norm_(params, a["max_norm"], foreach=False)
    return [p.grad for p in params], float(total)


def batch_norm_backward(a):
    x, gamma = t(a["x"], True), t(a["gamma"], True)
    beta = torch.zeros_like(gamma, requires_grad=True)
    F.batch_norm(x, None, None, gamma, beta, training=True, eps=a["eps"]).backward(t(a["grad_out"]))
    return x.grad, gamma.grad, beta.grad


def mlp_backward(a):
    x, W1, b1, W2, b2 = (t(a[k], True) for k in ("x", "W1", "b1", "W2", "b2"))
    F.linear(F.relu(F.linear(x, W1, b1)), W2, b2).backward(t(a["grad_out"]))
    return W1.grad, b1.grad, W2.grad, b2.grad, x.grad


def batch_norm_train(a):
    rm, rv = t(a["running_mean"]), t(a["running_var"])
    y = F.batch_norm(
        t(a["x"]), rm, rv, t(a["gamma"]), t(a["beta"]), training=True, momentum=a["momentum"], eps=a["eps"]
    )
    return y, rm, rv


def dropout(values, a):
    mask = torch.tensor(np.asarray(a["mask"]) != 0)
    return torch.ops.aten.native_dropout_backward(t(values), mask, 1.0 / (1.0 - a["p"]))


def conv_shape(a):
    conv = torch.nn.Conv2d(1, 1, a["kernel_size"], a["stride"], a["padding"], a["dilation"])
    return tuple(conv(torch.zeros(1, 1, a["height"], a["width"])).shape[-2:])


def xavier(a):
    # torch.nn.init.xavier_uniform_/xavier_normal_ (torch/nn/init.py): std = gain·√(2/(fan_in + fan_out)),
    # a = √3·std; the fans are read back from a real weight tensor
    w = torch.empty(a["fan_out"], a["fan_in"])
    fan_in, fan_out = torch.nn.init._calculate_fan_in_and_fan_out(w)
    std = a["gain"] * math.sqrt(2.0 / float(fan_in + fan_out))
    return math.sqrt(3.0) * std, std


def he(a):
    # torch.nn.init.kaiming_uniform_/kaiming_normal_ (mode fan_in): std = calculate_gain('leaky_relu', a)/√fan_in
    w = torch.empty(3, a["fan_in"])
    fan = torch.nn.init._calculate_correct_fan(w, "fan_in")
    std = torch.nn.init.calculate_gain("leaky_relu", a["negative_slope"]) / math.sqrt(fan)
    return math.sqrt(3.0) * std, std


TORCH = {
    "sigmoid": lambda a: torch.sigmoid(t(a["x"])),
    "sigmoid-grad": lambda a: autograd(torch.sigmoid, a["x"]),
    "tanh-grad": lambda a: autograd(torch.tanh, a["x"]),
    "gelu": lambda a: F.gelu(t(a["x"])),
    "gelu-grad": lambda a: autograd(F.gelu, a["x"]),
    "softplus": lambda a: F.softplus(t(a["x"]), a["beta"], a["threshold"]),
    "softplus-grad": lambda a: autograd(F.softplus, a["x"], beta=a["beta"], threshold=a["threshold"]),
    "softmax": lambda a: torch.softmax(t(a["z"]), -1),
    "log-softmax": lambda a: torch.log_softmax(t(a["z"]), -1),
    "logsumexp": lambda a: torch.logsumexp(t(a["x"]), -1),
    "cross-entropy": lambda a: float(F.cross_entropy(t(a["logits"]), torch.tensor(a["target"]))),
    "label-smoothing": lambda a: float(
        F.cross_entropy(t(a["logits"]), torch.tensor(a["target"]), label_smoothing=a["smoothing"])
    ),
    "bce-with-logits": lambda a: float(F.binary_cross_entropy_with_logits(t(a["logits"]), t(a["target"]))),
    "mse": lambda a: (
        float(F.mse_loss(t(a["pred"]), t(a["target"]))),
        autograd(lambda p: F.mse_loss(p, t(a["target"])), a["pred"]),
    ),
    "sgd-momentum": lambda a: sgd(a),
    "nesterov": lambda a: sgd(a, nesterov=True),
    "adagrad": lambda a: (lambda r: (r[0], r[1]["sum"]))(
        optimizer_step(
            torch.optim.Adagrad,
            a["param"],
            a["grad"],
            {"sum": a["state_sum"]},
            a["step"],
            lr=a["lr"],
            lr_decay=a["lr_decay"],
            eps=a["eps"],
            weight_decay=a["weight_decay"],
        )
    ),
    "rmsprop": lambda a: (lambda r: (r[0], r[1]["square_avg"]))(
        optimizer_step(
            torch.optim.RMSprop,
            a["param"],
            a["grad"],
            {"square_avg": a["square_avg"]},
            1,
            lr=a["lr"],
            alpha=a["alpha"],
            eps=a["eps"],
            weight_decay=a["weight_decay"],
        )
    ),
    "adam": lambda a: adam(torch.optim.Adam, a),
    "adamw": lambda a: adam(torch.optim.AdamW, a),
    "clip-grad-norm": clip,
    "step-lr": lambda a: schedule(
        lambda o: torch.optim.lr_scheduler.StepLR(o, a["step_size"], a["gamma"]), a["epochs"], a["base_lr"]
    ),
    "cosine-annealing": lambda a: schedule(
        lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, a["T_max"], a["eta_min"]), a["epochs"], a["base_lr"]
    ),
    "warmup-cosine": lambda a: schedule(
        lambda o: torch.optim.lr_scheduler.SequentialLR(
            o,
            [
                torch.optim.lr_scheduler.LinearLR(o, a["start_factor"], 1.0, total_iters=a["warmup_iters"]),
                torch.optim.lr_scheduler.CosineAnnealingLR(o, a["T_max"], a["eta_min"]),
            ],
            milestones=[a["warmup_iters"]],
        ),
        a["epochs"],
        a["base_lr"],
    ),
    "one-cycle": lambda a: schedule(
        lambda o: torch.optim.lr_scheduler.OneCycleLR(
            o,
            a["max_lr"],
            total_steps=a["total_steps"],
            pct_start=a["pct_start"],
            anneal_strategy="cos",
            div_factor=a["div_factor"],
            final_div_factor=a["final_div_factor"],
            three_phase=False,
            cycle_momentum=False,
        ),
        a["total_steps"],
    ),
    "dropout-forward": lambda a: dropout(a["x"], a),
    "dropout-backward": lambda a: dropout(a["grad_out"], a),
    "batch-norm-train": batch_norm_train,
    "batch-norm-eval": lambda a: F.batch_norm(
        t(a["x"]), t(a["running_mean"]), t(a["running_var"]), t(a["gamma"]), t(a["beta"]), training=False, eps=a["eps"]
    ),
    "batch-norm-backward": batch_norm_backward,
    "layer-norm": lambda a: F.layer_norm(t(a["x"]), (np.shape(a["x"])[-1],), t(a["weight"]), t(a["bias"]), a["eps"]),
    "mlp-forward": lambda a: F.linear(F.relu(F.linear(t(a["x"]), t(a["W1"]), t(a["b1"]))), t(a["W2"]), t(a["b2"])),
    "mlp-backward": mlp_backward,
    "causal-attention": lambda a: F.scaled_dot_product_attention(t(a["q"]), t(a["k"]), t(a["v"]), is_causal=True),
    "conv2d-output-shape": conv_shape,
    "conv2d-param-count": lambda a: sum(
        p.numel()
        for p in torch.nn.Conv2d(a["in_channels"], a["out_channels"], a["kernel_size"], bias=a["bias"]).parameters()
    ),
    "lstm-param-count": lambda a: sum(
        p.numel()
        for p in torch.nn.LSTM(a["input_size"], a["hidden_size"], a["num_layers"], bias=a["bias"]).parameters()
    ),
    "xavier-bounds": xavier,
    "he-bounds": he,
}


def main() -> None:
    catalog = load_catalog([ROOT / "content"], check_references=False)
    assert not catalog.problems, catalog.problems
    goldens: dict = {"torch": torch.__version__, "exercises": {}}
    for ex in catalog.exercises.values():
        for check in ex.checks:
            ref = ex.functions[check.function]
            if ref not in TORCH:
                continue
            args = inputs.build_args(check.args)
            goldens["exercises"].setdefault(ex.id, {})[check.name] = encode(n(TORCH[ref](args)))
    out = ROOT / "tests" / "practice" / "goldens.json"
    out.write_text(json.dumps(goldens, indent=None, separators=(",", ":")) + "\n")
    print(f"wrote {out}: {sum(len(v) for v in goldens['exercises'].values())} checks")


if __name__ == "__main__":
    main()
