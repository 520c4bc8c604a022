"""The network engine against PyTorch: the same networks, data order and dropout masks trained by
torch.nn + torch.optim in float64 (tools/goldens/make_network.py), and by a hand-written torch
backstitch loop with autograd (tools/goldens/make_backstitch.py)."""

import json
from pathlib import Path

import numpy as np
import pytest

from dltutor.sim.activations import ACTIVATIONS
from dltutor.sim.network import NetworkConfig, make_dataset, train
from dltutor.sim.optimizers import OPTIMIZERS

GOLDENS = Path(__file__).parents[1] / "goldens"
GOLDEN = json.loads((GOLDENS / "network.json").read_text())
CASES = GOLDEN["cases"]
BACKSTITCH = json.loads((GOLDENS / "backstitch.json").read_text())["cases"]
RTOL = 1e-10


def config(spec: dict) -> NetworkConfig:
    return NetworkConfig(**{k: tuple(v) if isinstance(v, list) else v for k, v in spec["config"].items()})


def close(ours, theirs, what):
    """Relative agreement to RTOL, measured against the array's own scale (so a weight that
    crosses zero is held to 1e-10 of the layer's weights, not of itself)."""
    ours, theirs = np.asarray(ours, dtype=np.float64), np.asarray(theirs, dtype=np.float64)
    assert ours.shape == theirs.shape, what
    scale = np.max(np.abs(theirs))
    err = np.max(np.abs(ours - theirs)) / scale if scale else np.max(np.abs(ours))
    assert err <= RTOL, f"{what}: relative error {err:.2e}"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["name"])
def test_training_matches_pytorch(case):
    check_training(case)


@pytest.mark.parametrize("case", BACKSTITCH, ids=lambda c: c["name"])
def test_backstitch_training_matches_pytorch(case):
    assert case["config"]["optimizer"] == "backstitch"
    check_training(case)


def check_training(case):
    # R networks trained at once here; torch trained each one separately (one column per network)
    result = train(config(case), make_dataset(**case["data"]))
    assert not result.diverged.any()
    np.testing.assert_allclose(result.step_loss, case["step_loss"], rtol=RTOL, atol=0)
    close(result.train_loss[1:], case["train_loss"], "evaluation-mode train loss")
    close(result.test_loss[1:], case["test_loss"], "evaluation-mode test loss")
    if case["step_penalty"] is not None:
        np.testing.assert_allclose(result.step_penalty, case["step_penalty"], rtol=RTOL, atol=0)
    final = np.asarray(case["final"])
    for r in range(result.runs):
        for name, (lo, hi) in result.param_slices.items():
            close(result.final[r, lo:hi], final[r, lo:hi], f"network {r}: final {name}")
    np.testing.assert_allclose(result.final, final, rtol=RTOL, atol=1e-14)
    for (mean, var), (tmean, tvar) in zip(result.running, case["running"]):
        close(mean, tmean, "running mean")
        close(var, tvar, "running var")


def test_goldens_cover_every_activation_optimizer_loss_and_layer():
    configs = [c["config"] for c in CASES]
    acts = {a for c in configs for a in str(c.get("activation", "tanh")).split(",")}
    assert acts == set(ACTIVATIONS)
    assert {c.get("optimizer", "sgd") for c in configs} == {n for n, o in OPTIMIZERS.items() if o.torch}
    assert {c.get("loss") for c in configs} >= {"mse", "bce", "cross-entropy"}
    for key in ("l1", "l2", "dropout", "batch_norm", "residual", "schedule"):
        assert any(c.get(key) for c in configs), key
    assert sum(len(c["final"]) > 1 for c in CASES) >= 4  # batched sweeps, each network checked
    # backstitch (no torch.optim class) with each layer kind, a penalty, and a sweep that includes α = 0
    configs = [c["config"] for c in BACKSTITCH]
    for key in ("l1", "l2", "dropout", "batch_norm", "residual"):
        assert any(c.get(key) for c in configs), key
    assert any(0.0 in np.ravel(c["optimizer_params"].get("alpha", [])) for c in configs)
