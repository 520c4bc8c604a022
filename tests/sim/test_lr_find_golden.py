"""The learning-rate range test against PyTorch (tools/goldens/make_lr_find.py): a torch loop with
LambdaLR over the same start, data order and dropout masks, smoothed, stopped and read for suggestions
by fastai's rules, written independently in the generator."""

import json
from pathlib import Path

import numpy as np
import pytest

from dltutor.sim.network import NetworkConfig, make_dataset
from dltutor.sim.network.lrfind import lr_find

CASES = json.loads((Path(__file__).parents[1] / "goldens" / "lr_find.json").read_text())["cases"]
RTOL = 1e-10


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["name"])
def test_lr_find_matches_pytorch_and_fastai(case):
    cfg = NetworkConfig(**{k: tuple(v) if isinstance(v, list) else v for k, v in case["config"].items()})
    res = lr_find(cfg, make_dataset(**case["data"]), **case["find"])
    assert res.stopped == case["stopped"]
    np.testing.assert_allclose(res.lr, case["lr"], rtol=1e-15, atol=0)
    np.testing.assert_allclose(res.loss, case["loss"], rtol=RTOL, atol=0)
    np.testing.assert_allclose(res.smooth, case["smooth"], rtol=RTOL, atol=0)
    for key in ("steepest_lr", "minimum_lr", "valley_lr"):
        if case[key] is None:
            assert getattr(res, key) is None, key
        else:
            assert getattr(res, key) == pytest.approx(case[key], rel=1e-15), key


def test_lr_find_goldens_cover_both_stops_and_no_suggestion():
    assert {c["stopped"] for c in CASES} == {"diverged", "end"}
    assert any(c["find"].get("stop_div") is False for c in CASES)
    assert any(c["valley_lr"] is None for c in CASES)
    assert any(c["config"].get("dropout") and c["config"].get("batch_norm") for c in CASES)
    # more iterations than one pass over the data, with a short last batch
    assert any(c["find"]["num_it"] * c["config"]["batch_size"] > 64 and 32 % c["config"]["batch_size"] for c in CASES)
