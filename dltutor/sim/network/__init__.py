"""The network lab's engine: a small MLP trained on 2-D data, batched over R networks, PyTorch-exact.

data (data sets, CSV, expressions, inputs), layers (forward and backward), losses, config (what to
train, checked), training (the loop and its records), lrfind (the learning-rate range test),
export (a run as JSON-ready data), knobs (the Param specs of the scene and `build`).
"""

from dltutor.sim.network.config import NetworkConfig, resolve
from dltutor.sim.network.data import DATASETS, FEATURES, Dataset, expression_dataset, load_csv, make_dataset
from dltutor.sim.network.layers import INITS
from dltutor.sim.network.losses import LOSSES
from dltutor.sim.network.training import Grid, Trainer, TrainResult, train
from dltutor.sim.network.lrfind import LRFindResult, lr_find
from dltutor.sim.network.export import replay

__all__ = ["DATASETS", "FEATURES", "INITS", "LOSSES", "Dataset", "Grid", "LRFindResult", "NetworkConfig",
           "TrainResult", "Trainer", "expression_dataset", "load_csv", "lr_find", "make_dataset", "replay", "resolve",
           "train"]
