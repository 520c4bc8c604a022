"""Computed-question generators: well-formed over many seeds, reproducible, and right.

"Right" is checked independently of the generators' own code: closed forms written out again in
plain NumPy/math, torch's recursive scheduler rules stepped one epoch at a time, output sizes by
counting window positions, parameter counts by adding up PyTorch's tensor shapes.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from functools import lru_cache

import numpy as np
import pytest

from dltutor.quiz.generators import GENERATORS, Generator, fmt, instantiate
from dltutor.quiz.models import Instance
from dltutor.sim.dropout import run_dropout

SEEDS = range(200)

# the deck's card ids that computed questions belong to
CARDS = {
    "inverted-dropout",
    "minibatch-gradient-descent",
    "epochs-and-iterations",
    "step-decay",
    "exponential-and-inverse-time-decay",
    "cosine-annealing",
    "cosine-warm-restarts",
    "one-cycle",
    "lr-warmup",
    "polynomial-and-linear-decay",
    "sigmoid",
    "tanh",
    "leaky-relu",
    "softmax",
    "cross-entropy",
    "binary-cross-entropy",
    "mse",
    "entropy",
    "kl-divergence",
    "adam",
    "momentum",
    "adagrad",
    "rmsprop",
    "adamw",
    "weight-decay",
    "l2-regularization",
    "xavier-init",
    "he-init",
    "convolution",
    "pooling",
    "dense-layers",
    "lstm",
    "gru",
    "embeddings",
    "precision-recall-f1",
    "label-smoothing",
    "batch-norm",
    "gradient-clipping",
    "network-sizing",
    "attention",
    "mixup",
    "class-imbalance",
}
NAMES = sorted(GENERATORS)


@lru_cache(maxsize=None)
def instances(name: str) -> tuple[Instance, ...]:
    return tuple(instantiate(name, None, seed) for seed in SEEDS)


def accepts(data: dict, given: float) -> bool:
    """The numeric tolerance as the deck defines it: |given − answer| within abs, or rel·|answer|."""
    tol, answer = data["tolerance"], data["answer"]
    limit = tol["abs"] if "abs" in tol else tol["rel"] * abs(answer)
    return abs(given - answer) <= limit


def sig(x: float, n: int) -> float:
    """x rounded to n significant figures, as a learner would write it."""
    return float(f"{x:.{n - 1}e}")


def flat(value):
    return [v for item in value for v in flat(item)] if isinstance(value, (list, tuple)) else [value]


# --------------------------------------------------------------------------- the registry


def test_at_least_forty_generators_each_named_as_registered():
    assert len(GENERATORS) >= 40
    for name, gen in GENERATORS.items():
        assert isinstance(gen, Generator) and gen.name == name
        assert gen.title and callable(gen.make)


def test_every_generator_belongs_to_a_known_card_and_every_card_has_one():
    cards = {gen.card for gen in GENERATORS.values()}
    assert cards <= CARDS, cards - CARDS
    assert CARDS <= cards, CARDS - cards


# --------------------------------------------------------------------------- every generator, 200 seeds


@pytest.mark.parametrize("name", NAMES)
def test_instances_are_well_formed(name):
    gen = GENERATORS[name]
    for inst in instances(name):
        assert inst.card == gen.card
        assert inst.kind in ("numeric", "truefalse", "choice")
        assert inst.prompt.strip() and inst.explanation.strip()
        assert "\\" not in inst.prompt + inst.explanation, "Unicode math, not LaTeX"
        json.dumps(inst.numbers)  # plain values, storable as they are
        if inst.kind == "numeric":
            answer = inst.data["answer"]
            assert isinstance(answer, (int, float)) and math.isfinite(answer)
            ((key, value),) = inst.data["tolerance"].items()
            assert key in ("abs", "rel") and 0 < value < 1
            if key == "rel":
                assert answer != 0, "a relative tolerance around 0 accepts nothing but 0"
            assert inst.data.get("unit") is None or isinstance(inst.data["unit"], str)
        elif inst.kind == "truefalse":
            assert isinstance(inst.data["answer"], bool)
        else:
            assert inst.data["answer"] in inst.data["choices"] and len(set(inst.data["choices"])) >= 2


@pytest.mark.parametrize("name", NAMES)
def test_the_prompt_shows_every_number_drawn(name):
    for inst in instances(name):
        assert inst.numbers, "a computed question draws numbers"
        for key, value in inst.numbers.items():
            for item in flat(value):
                assert fmt(item) in inst.prompt, f"{key}={fmt(item)} missing from: {inst.prompt}"


@pytest.mark.parametrize("name", NAMES)
def test_the_precision_asked_for_is_accepted_and_a_near_miss_is_not(name):
    for inst in instances(name):
        if inst.kind != "numeric":
            continue
        data, answer, prompt = inst.data, inst.data["answer"], inst.prompt
        if "4 significant figures" in prompt:
            assert accepts(data, sig(answer, 4))
            assert not accepts(data, sig(answer, 4) * 1.01)
        elif "whole number" in prompt:
            assert accepts(data, round(answer))
            assert not accepts(data, round(answer) + 1) and not accepts(data, round(answer) - 1)
        else:  # "as a decimal", "the exact decimal": the exact value
            assert re.search(r"as a decimal|exact decimal", prompt), prompt
            assert accepts(data, answer)
            assert not accepts(data, 1.0) or answer == 1.0, "a factor just below 1 must not accept 1"


@pytest.mark.parametrize("name", NAMES)
def test_same_seed_same_question_other_seeds_other_questions(name):
    again = instantiate(name, None, 7)
    assert again == instances(name)[7]
    assert instantiate(name, {}, 7) == again
    prompts = {inst.prompt for inst in instances(name)}
    assert len(prompts) >= 5, f"only {len(prompts)} distinct prompts in {len(SEEDS)} seeds"


@pytest.mark.parametrize("name", NAMES)
def test_fixed_params_are_used_as_given(name):
    gen = GENERATORS[name]
    for seed in (0, 1, 2):
        first = instances(name)[seed]
        given = {k: first.numbers[k] for k in gen.params if k in first.numbers}
        again = instantiate(name, given, seed + 100)
        for key, value in given.items():
            assert again.numbers[key] == value, key


# --------------------------------------------------------------------------- answers, checked independently


def _torch_sgdr(n):
    """CosineAnnealingWarmRestarts.step() applied t times, as torch does it (integer epochs)."""
    T_cur, T_i = 0, n["T_0"]
    for _ in range(n["t"]):
        T_cur += 1
        if T_cur >= T_i:
            T_cur, T_i = T_cur - T_i, T_i * n["T_mult"]
    return n["eta_min"] + (n["lr"] - n["eta_min"]) * (1 + math.cos(math.pi * T_cur / T_i)) / 2


def _sgdr_restart(n):
    """The epoch where the lr returns to its start for the k-th time, stepping torch's rule."""
    T_cur, T_i, restarts, epoch = 0, n["T_0"], 0, 0
    while restarts < n["k"]:
        epoch += 1
        T_cur += 1
        if T_cur >= T_i:
            T_cur, T_i, restarts = T_cur - T_i, T_i * n["T_mult"], restarts + 1
    return epoch


def _recursive(n, factor_at):
    """A scheduler that multiplies the lr by factor_at(epoch) at every step, as torch's are written."""
    lr = n["lr"]
    for epoch in range(1, n["t"] + 1):
        lr *= factor_at(epoch)
    return lr


def _positions(size, k, s, p):
    return len(range(0, size + 2 * p - k + 1, s))


def _softmax(z):
    e = np.exp(np.asarray(z, dtype=float) - max(z))
    return e / e.sum()


def _confusion(n):
    tp, fp, fn = n["TP"], n["FP"], n["FN"]
    return tp / (tp + fp), tp / (tp + fn)


def _clip(n):
    g = np.array(n["weight_grad"] + n["bias_grad"])
    coef = min(1.0, n["max_norm"] / (np.linalg.norm(g) + 1e-6))
    return g * coef, coef


def _bn(n):
    x = np.array(n["x"], dtype=float)
    return x, x.mean(), x.var(), x.var(ddof=1)


def _lstm_like(gates, n):
    In, H = n["input_size"], n["hidden_size"]
    shapes = [(gates * H, In), (gates * H, H), (gates * H,), (gates * H,)]  # weight_ih, weight_hh, bias_ih, bias_hh
    return sum(math.prod(s) for s in shapes)


def _from_prompt(pattern, prompt):
    return float(re.search(pattern, prompt).group(1))


CHECKS = {
    # training
    "dropout_scale": lambda n, i: float(run_dropout({"p": n["p"], "steps": 1, "units": 1}).train_scale[0]),
    "dropout_expected_kept": lambda n, i: n["units"] * (1 - n["p"]),
    "updates_per_epoch": lambda n, i: -(-n["samples"] // n["batch_size"]),
    "total_iterations": lambda n, i: n["epochs"] * len(range(0, n["samples"], n["batch_size"])),
    "batchnorm_value": lambda n, i: (lambda x, m, v, _: (x[n["index"] - 1] - m) / math.sqrt(v + n["eps"]))(*_bn(n)),
    "batchnorm_running_mean": lambda n, i: (1 - n["momentum"]) * n["running"] + n["momentum"] * _bn(n)[1],
    "batchnorm_running_var": lambda n, i: (1 - n["momentum"]) * n["running"] + n["momentum"] * _bn(n)[3],
    "clip_grad_scale": lambda n, i: _clip(n)[1],
    "clip_grad_value": lambda n, i: _clip(n)[0][n["index"]],
    "clip_grad_triggers": lambda n, i: bool(np.any(_clip(n)[0] != np.array(n["weight_grad"] + n["bias_grad"]))),
    "hidden_size_rule": lambda n, i: round(math.sqrt(n["inputs"] * n["outputs"])),
    "mixup_label": lambda n, i: n["lam"] * n["y1"][n["class"]] + (1 - n["lam"]) * n["y2"][n["class"]],
    "mixup_input": lambda n, i: n["lam"] * n["x1"] + (1 - n["lam"]) * n["x2"],
    "class_weight": lambda n, i: sum(n["counts"]) / (len(n["counts"]) * n["counts"][n["class"]]),
    "label_smoothing_true": lambda n, i: (
        (1 - n["label_smoothing"]) * np.eye(n["classes"])[0] + n["label_smoothing"] / n["classes"]
    )[0],
    "label_smoothing_other": lambda n, i: (
        (1 - n["label_smoothing"]) * np.eye(n["classes"])[0] + n["label_smoothing"] / n["classes"]
    )[1],
    # schedules: torch's recursive rules, one step at a time
    "steplr_lr": lambda n, i: _recursive(n, lambda e: n["gamma"] if e % n["step_size"] == 0 else 1.0),
    "multisteplr_lr": lambda n, i: _recursive(n, lambda e: n["gamma"] ** n["milestones"].count(e)),
    "exponentiallr_lr": lambda n, i: _recursive(n, lambda e: n["gamma"]),
    "inverse_time_lr": lambda n, i: n["lr"] / (1 + n["k"] * n["t"]),
    "cosine_lr": lambda n, i: (
        n["eta_min"] + (n["lr"] - n["eta_min"]) * (1 + math.cos(math.pi * n["t"] / n["T_max"])) / 2
    ),
    "sgdr_lr": lambda n, i: _torch_sgdr(n),
    "sgdr_restart_epoch": lambda n, i: _sgdr_restart(n),
    "onecycle_start_lr": lambda n, i: n["max_lr"] / n["div_factor"],
    "onecycle_final_lr": lambda n, i: n["max_lr"] / n["div_factor"] / n["final_div_factor"],
    "warmup_lr": lambda n, i: (
        n["lr"] * (n["start_factor"] + (1 - n["start_factor"]) * min(n["t"], n["total_iters"]) / n["total_iters"])
    ),
    "linear_decay_lr": lambda n, i: (
        n["lr"] * (1 + (n["end_factor"] - 1) * min(n["t"], n["total_iters"]) / n["total_iters"])
    ),
    "polynomial_lr": lambda n, i: n["lr"] * (1 - n["t"] / n["total_iters"]) ** n["power"],
    # activations
    "sigmoid_value": lambda n, i: 1 / (1 + math.exp(-n["x"])),
    "sigmoid_derivative": lambda n, i: math.exp(-n["x"]) / (1 + math.exp(-n["x"])) ** 2,
    "tanh_value": lambda n, i: math.tanh(n["x"]),
    "tanh_derivative": lambda n, i: 1 / math.cosh(n["x"]) ** 2,
    "leaky_relu_output": lambda n, i: n["x"] if n["x"] > 0 else n["negative_slope"] * n["x"],
    "leaky_relu_derivative": lambda n, i: 1.0 if n["x"] > 0 else n["negative_slope"],
    "softmax_prob": lambda n, i: _softmax(n["logits"])[n["class"]],
    "attention_weight": lambda n, i: _softmax(
        np.array(n["keys"]).reshape(-1, n["d_k"]) @ np.array(n["q"]) / math.sqrt(n["d_k"])
    )[n["key"] - 1],
    # losses
    "cross_entropy": lambda n, i: -math.log(_softmax(n["logits"])[n["target"]]),
    "binary_cross_entropy": lambda n, i: -math.log(n["p"] if n["y"] == 1 else 1 - n["p"]),
    "bce_with_logits": lambda n, i: (
        -math.log(1 / (1 + math.exp(-n["z"])) if n["y"] == 1 else 1 - 1 / (1 + math.exp(-n["z"])))
    ),
    "mse_loss": lambda n, i: float(np.mean((np.array(n["prediction"]) - np.array(n["target"])) ** 2)),
    "entropy": lambda n, i: float(
        -(np.array(n["p"]) * np.log(n["p"])).sum() / (math.log(2) if n["unit"] == "bits" else 1.0)
    ),
    "kl_divergence": lambda n, i: float((np.array(n["P"]) * np.log(np.array(n["P"]) / np.array(n["Q"]))).sum()),
    "kl_which_larger": lambda n, i: (
        "KL(P‖Q)"
        if (np.array(n["P"]) * np.log(np.divide(n["P"], n["Q"]))).sum()
        > (np.array(n["Q"]) * np.log(np.divide(n["Q"], n["P"]))).sum()
        else "KL(Q‖P)"
    ),
    "precision": lambda n, i: _confusion(n)[0],
    "recall": lambda n, i: _confusion(n)[1],
    "f1_score": lambda n, i: 2 * _confusion(n)[0] * _confusion(n)[1] / sum(_confusion(n)),
    # optimizers
    "adam_first_step": lambda n, i: n["lr"] * abs(n["g"]) / (abs(n["g"]) + n["eps"]),
    "adam_bias_correction": lambda n, i: 1 / (1 - n["beta"] ** n["t"]),
    "momentum_velocity": lambda n, i: n["g"] * sum(n["momentum"] ** j for j in range(n["k"])),
    "momentum_effective_lr": lambda n, i: n["lr"] * sum(n["momentum"] ** j for j in range(100_000)),
    "adagrad_step": lambda n, i: n["lr"] * abs(n["g"]) / (math.sqrt(n["k"] * n["g"] ** 2) + 1e-10),
    "rmsprop_square_avg": lambda n, i: (1 - n["alpha"]) * n["g"] ** 2 * sum(n["alpha"] ** j for j in range(n["k"])),
    "adamw_decay_factor": lambda n, i: 1 - n["lr"] * n["weight_decay"],
    "weight_decay_factor": lambda n, i: 1 - n["lr"] * n["lam"] / n["n"],
    "l2_penalty": lambda n, i: n["lam"] / 2 * float(np.dot(n["w"], n["w"])),
    "l2_gradient": lambda n, i: n["grad"] + n["lam"] * n["w"],
    # architectures
    "xavier_uniform_bound": lambda n, i: math.sqrt(6 / (n["fan_in"] + n["fan_out"])),
    "xavier_normal_std": lambda n, i: math.sqrt(2 / (n["fan_in"] + n["fan_out"])),
    "kaiming_normal_std": lambda n, i: math.sqrt(2 / n["fan_in"]),
    "kaiming_uniform_bound": lambda n, i: math.sqrt(6 / n["fan_in"]),
    "conv_output_size": lambda n, i: _positions(n["size"], n["kernel_size"], n["stride"], n["padding"]),
    "pool_output_size": lambda n, i: _positions(
        n["size"], n["kernel_size"], n.get("stride", n["kernel_size"]), n.get("padding", 0)
    ),
    "linear_params": lambda n, i: (
        n["in_features"] * n["out_features"] + (0 if "bias=False" in i.prompt else n["out_features"])
    ),
    "conv2d_params": lambda n, i: (
        math.prod((n["out_channels"], n["in_channels"], n["kernel_size"], n["kernel_size"])) + n["out_channels"]
    ),
    "lstm_params": lambda n, i: _lstm_like(4, n),
    "gru_params": lambda n, i: _lstm_like(3, n),
    "embedding_params": lambda n, i: n["num_embeddings"] * n["embedding_dim"],
}


def test_every_generator_has_an_independent_check():
    assert set(CHECKS) == set(GENERATORS)


@pytest.mark.parametrize("name", NAMES)
def test_answer_matches_an_independent_computation(name):
    for inst in instances(name):
        want = CHECKS[name](inst.numbers, inst)
        got = inst.data["answer"]
        if isinstance(got, (bool, str)):
            assert got == want, inst.prompt
        else:
            assert got == pytest.approx(float(want), rel=1e-9, abs=1e-15), inst.prompt


def test_the_checks_can_fail():
    """A generator with a wrong formula is caught (the checks do not merely echo the answer)."""
    inst = instantiate("dropout_scale", None, 3)
    assert CHECKS["dropout_scale"](inst.numbers, inst) != pytest.approx(1 - inst.numbers["p"])
    inst = instantiate("updates_per_epoch", {"samples": 1050, "batch_size": 100}, 0)
    assert inst.data["answer"] == 11 and CHECKS["updates_per_epoch"](inst.numbers, inst) == 11


# --------------------------------------------------------------------------- a few by hand


def test_known_values():
    assert instantiate("dropout_scale", {"p": 0.5}, 0).data["answer"] == pytest.approx(2.0)
    assert (
        instantiate("updates_per_epoch", {"samples": 1050, "batch_size": 100, "drop_last": True}, 0).data["answer"]
        == 10
    )
    assert instantiate("total_iterations", {"samples": 1050, "batch_size": 100, "epochs": 3}, 0).data["answer"] == 33
    assert instantiate("steplr_lr", {"lr": 0.1, "step_size": 10, "gamma": 0.5, "t": 25}, 0).data[
        "answer"
    ] == pytest.approx(0.025)
    assert instantiate("sgdr_restart_epoch", {"T_0": 10, "T_mult": 2, "k": 3}, 0).data["answer"] == 70
    assert instantiate("lstm_params", {"input_size": 10, "hidden_size": 20}, 0).data["answer"] == 2560
    assert instantiate("gru_params", {"input_size": 10, "hidden_size": 20}, 0).data["answer"] == 1920
    assert (
        instantiate("conv_output_size", {"size": 224, "kernel_size": 7, "stride": 2, "padding": 3}, 0).data["answer"]
        == 112
    )
    assert instantiate("weight_decay_factor", {"lr": 0.5, "lam": 5.0, "n": 50000}, 0).data["answer"] == pytest.approx(
        0.99995
    )


def test_decay_factors_do_not_read_as_one_at_six_significant_figures():
    for name in ("adamw_decay_factor", "weight_decay_factor"):
        for inst in instances(name):
            assert f"{inst.data['answer']:.6g}" != "1", inst.prompt


@pytest.mark.parametrize("name", NAMES)
def test_true_false_and_choice_answers_vary(name):
    kinds = {inst.kind for inst in instances(name)}
    if kinds & {"truefalse", "choice"}:
        answers = [inst.data["answer"] for inst in instances(name)]
        assert min(answers.count(a) for a in set(answers)) >= 0.25 * len(answers) and len(set(answers)) >= 2


def test_adam_first_step_shows_eps_when_the_gradient_is_tiny():
    steps = [i for i in instances("adam_first_step") if abs(i.numbers["g"]) < 100 * i.numbers["eps"]]
    assert steps, "some draws put |g| near eps"
    assert any(i.data["answer"] < 0.9 * i.numbers["lr"] for i in steps)


def test_leaky_relu_derivative_at_zero_is_the_slope_as_in_torch():
    inst = instantiate("leaky_relu_derivative", {"x": 0.0, "negative_slope": 0.2}, 0)
    assert inst.data["answer"] == pytest.approx(0.2)


# --------------------------------------------------------------------------- refusals


def test_unknown_generator_is_refused():
    with pytest.raises(ValueError, match="unknown generator 'nope'"):
        instantiate("nope", None, 0)


@pytest.mark.parametrize(
    "params, match",
    [
        ({"q": 0.3}, r"dropout_scale has no parameter 'q'"),
        ({"p": 1.0}, r"dropout_scale\.p must be"),
        ({"p": -0.1}, r"dropout_scale\.p must be"),
        ({"p": "0.3"}, r"dropout_scale\.p must be"),
    ],
)
def test_bad_params_are_refused_naming_generator_and_param(params, match):
    with pytest.raises(ValueError, match=match):
        instantiate("dropout_scale", params, 0)


@pytest.mark.parametrize(
    "name, params, match",
    [
        ("polynomial_lr", {"total_iters": 5, "t": 5}, r"polynomial_lr\.t "),
        ("multisteplr_lr", {"milestones": [30, 10]}, r"multisteplr_lr\.milestones "),
        ("pool_output_size", {"kernel_size": 2, "padding": 2}, r"pool_output_size\.padding "),
        ("conv_output_size", {"size": 4, "kernel_size": 11, "padding": 0}, r"conv_output_size\.kernel_size "),
        ("updates_per_epoch", {"batch_size": 0}, r"updates_per_epoch\.batch_size must be"),
        ("sgdr_lr", {"T_mult": 1.5}, r"sgdr_lr\.T_mult must be"),
        ("entropy", {"unit": "decibans"}, r"entropy\.unit must be"),
    ],
)
def test_impossible_combinations_are_refused(name, params, match):
    with pytest.raises(ValueError, match=match):
        instantiate(name, params, 0)


@pytest.mark.parametrize("seed", [-1, 1.5, "3", True])
def test_bad_seeds_are_refused(seed):
    with pytest.raises(ValueError, match="seed"):
        instantiate("dropout_scale", None, seed)


def test_bisect_helper_agrees_with_multistep_check():
    # the multistep check counts milestones equal to each epoch; cross-check with a bisect count
    for inst in instances("multisteplr_lr")[:50]:
        n = inst.numbers
        passed = bisect.bisect_right(n["milestones"], n["t"])
        assert inst.data["answer"] == pytest.approx(n["lr"] * n["gamma"] ** passed, rel=1e-12)


# --------------------------------------------------------------------------- wording, fairness, precision


def test_ordinals_by_rule():
    from dltutor.quiz.generators._base import counted, ordinal

    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 112, 113)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "23rd",
        "101st",
        "111th",
        "112th",
        "113th",
    ]
    assert (counted(1, "call"), counted(2, "call"), counted(0, "call"), counted(1.0, "bit")) == (
        "1 call",
        "2 calls",
        "0 calls",
        "1 bit",
    )
    assert counted(1, "full batch", "full batches") == "1 full batch"


ORDINAL = re.compile(r"\b(\d+)(st|nd|rd|th)\b")
ONE_PLURAL = re.compile(
    r"(?<![\d.,])1 (calls|steps|epochs|outputs|inputs|units|examples|bits|nats|batches|"
    r"full batches|updates|restarts|milestones)\b"
)


@pytest.mark.parametrize("name", NAMES)
def test_ordinals_and_plurals_are_right_in_every_instance(name):
    for inst in instances(name):
        text = inst.prompt + "\n" + inst.explanation
        for number, suffix in ORDINAL.findall(text):
            n = int(number)
            want = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
            assert suffix == want, f"{number}{suffix} in: {text}"
        assert not ONE_PLURAL.search(text), text


@pytest.mark.parametrize("seed", range(0, 400, 7))
def test_plural_after_one_call_with_a_fixed_epoch(seed):
    inst = instantiate("cosine_lr", {"t": 1}, seed)
    assert "after 1 call to scheduler.step()" in inst.prompt


def test_schedule_questions_are_not_the_trivial_case():
    """Before the first decay, milestone or restart, or past the end of a warm-up, the answer is
    just the base lr (or lr·end_factor): such instances test nothing and are not drawn."""
    for inst in instances("steplr_lr"):
        assert inst.numbers["t"] >= inst.numbers["step_size"]
    for inst in instances("multisteplr_lr"):
        assert inst.numbers["t"] >= inst.numbers["milestones"][0]
    for inst in instances("sgdr_lr"):
        n = inst.numbers
        assert n["t"] > n["T_0"], "past the first restart: the cycle has to be found"
        assert inst.data["answer"] != pytest.approx(n["lr"]), "not on a restart"
    for inst in instances("sgdr_restart_epoch"):
        assert inst.numbers["k"] >= 2
    for inst in instances("warmup_lr"):
        assert 0 < inst.numbers["t"] < inst.numbers["total_iters"]
    for inst in instances("linear_decay_lr"):
        assert 0 < inst.numbers["t"] < inst.numbers["total_iters"]
    for inst in instances("adagrad_step"):
        assert inst.numbers["k"] >= 2
    for name in (
        "steplr_lr",
        "multisteplr_lr",
        "sgdr_lr",
        "warmup_lr",
        "linear_decay_lr",
        "cosine_lr",
        "exponentiallr_lr",
        "inverse_time_lr",
        "polynomial_lr",
    ):
        assert all(i.data["answer"] != pytest.approx(i.numbers["lr"]) for i in instances(name)), name


@pytest.mark.parametrize("name", NAMES)
def test_every_option_offered_is_right_for_some_instance(name):
    offered, right = set(), set()
    for inst in instances(name):
        if inst.kind == "choice":
            offered |= set(inst.data["choices"])
            right.add(inst.data["answer"])
    assert offered <= right, f"never right: {offered - right}"


def test_binary_cross_entropy_explanation_fits_the_instance():
    for inst in instances("binary_cross_entropy"):
        n = inst.numbers
        p_true = n["p"] if n["y"] == 1 else 1 - n["p"]
        if p_true > 0.5:
            assert "right way" in inst.explanation and "wrong way" not in inst.explanation
            assert inst.data["answer"] < math.log(2)
        elif p_true < 0.5:
            assert "wrong way" in inst.explanation and "right way" not in inst.explanation
            assert inst.data["answer"] > math.log(2)


def test_hidden_size_rule_asks_for_and_keys_a_whole_number():
    from dltutor.quiz.grading import right_answer

    for inst in instances("hidden_size_rule"):
        assert isinstance(inst.data["answer"], int)
        assert re.fullmatch(r"\d+ \(±0\.5\)", right_answer(inst)), right_answer(inst)


def _s4(x: float) -> float:
    return float(f"{x:.3e}") if x else 0.0


# Each computed by a learner who carries every intermediate value to 4 significant figures.
CARRIED_ROUTES = {
    "cross_entropy": lambda n: [
        _s4(-math.log(_s4(_softmax(n["logits"])[n["target"]]))),
        _s4(-n["logits"][n["target"]] + _s4(math.log(sum(math.exp(v) for v in n["logits"])))),
        _s4(-math.log(_s4(math.exp(n["logits"][n["target"]])) / _s4(sum(math.exp(v) for v in n["logits"])))),
    ],
    "kl_divergence": lambda n: [
        _s4(sum(_s4(a * math.log(a / b)) for a, b in zip(n["P"], n["Q"]))),
        _s4(sum(_s4(a * _s4(math.log(a / b))) for a, b in zip(n["P"], n["Q"]))),
        _s4(sum(_s4(a * (_s4(math.log(a)) - _s4(math.log(b)))) for a, b in zip(n["P"], n["Q"]))),
    ],
    "sigmoid_derivative": lambda n: [
        _s4(_s4(1 / (1 + math.exp(-n["x"]))) * (1 - _s4(1 / (1 + math.exp(-n["x"]))))),
        _s4(_s4(1 / (1 + math.exp(-n["x"]))) * _s4(1 - _s4(1 / (1 + math.exp(-n["x"]))))),
    ],
    "tanh_derivative": lambda n: [_s4(1 - _s4(math.tanh(n["x"])) ** 2), _s4(1 - _s4(_s4(math.tanh(n["x"])) ** 2))],
}


@pytest.mark.parametrize("name", sorted(CARRIED_ROUTES))
def test_answers_worked_at_four_significant_figures_are_accepted(name):
    from dltutor.quiz.grading import grade

    for seed in range(1000):
        inst = instantiate(name, None, seed)
        for value in CARRIED_ROUTES[name](inst.numbers):
            assert grade(inst, f"{value:.4g}").correct, (inst.prompt, value, inst.data)
        assert not grade(inst, f"{_s4(inst.data['answer']) * 1.01:.4g}").correct, inst.prompt


@pytest.mark.parametrize("name", NAMES)
def test_the_right_answer_as_shown_is_accepted(name):
    from dltutor.quiz.grading import grade, right_answer

    for inst in instances(name):
        if inst.kind == "numeric":
            shown = right_answer(inst).split(" ")[0]
            assert grade(inst, shown).correct, right_answer(inst)
            if "4 significant figures" in inst.prompt:
                assert grade(inst, f"{inst.data['answer']:.4g}").correct, inst.prompt


def test_output_questions_are_not_the_identity():
    assert all(i.numbers["x"] < 0 for i in instances("leaky_relu_output"))
    assert all(
        (i.numbers["kernel_size"], i.numbers["stride"], i.numbers["padding"]) != (1, 1, 0)
        for i in instances("conv_output_size")
    )
