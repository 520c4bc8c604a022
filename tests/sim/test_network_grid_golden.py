"""The boundary grid in evaluation and training mode against PyTorch (tools/goldens/make_network_grid.py):
torch's model.eval() on the grid, and model.train() with dltutor's dropout draws replayed and every
BatchNorm1d normalising by the statistics torch computed for the training mini-batch."""

import json
from pathlib import Path

import numpy as np
import pytest

from dltutor.sim.network import NetworkConfig, make_dataset
from dltutor.sim.network.training import Trainer

GOLDEN = json.loads((Path(__file__).parents[1] / "goldens" / "network_grid.json").read_text())
CASES = GOLDEN["cases"]
RTOL = 1e-10


def trained(case: dict) -> Trainer:
    cfg = NetworkConfig(**{k: tuple(v) if isinstance(v, list) else v for k, v in case["config"].items()})
    trainer = Trainer(cfg, make_dataset(**case["data"]))
    for _ in range(cfg.epochs):
        assert trainer.epoch()
    return trainer


def close(ours, theirs, what):
    """Relative agreement to RTOL against the grid's own scale (outputs cross zero on the boundary)."""
    ours, theirs = np.asarray(ours), np.asarray(theirs)
    assert ours.shape == theirs.shape, what
    err = np.max(np.abs(ours - theirs)) / np.max(np.abs(theirs))
    assert err <= RTOL, f"{what}: relative error {err:.2e}"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["name"])
def test_grid_matches_pytorch(case):
    trainer = trained(case)
    close(trainer.grid().output, case["eval"], "evaluation-mode grid")
    close(trainer.grid(mode="train", seed=case["grid_seed"]).output, case["train"], "training-mode grid")


def test_grid_goldens_cover_dropout_batch_norm_residual_and_a_sweep():
    configs = [c["config"] for c in CASES]
    assert any(c.get("dropout") and not c.get("batch_norm") for c in configs)
    assert any(c.get("batch_norm") and not c.get("dropout") for c in configs)
    assert any(c.get("batch_norm") and c.get("dropout") and c.get("residual") for c in configs)
    assert any(isinstance(c.get("dropout"), list) for c in configs)
    # the two modes differ wherever dropout or batch norm is on, and only there
    for c in CASES:
        same = np.allclose(c["eval"], c["train"], rtol=1e-12, atol=1e-12)
        assert same == (not c["config"].get("dropout") and not c["config"].get("batch_norm")), c["name"]
