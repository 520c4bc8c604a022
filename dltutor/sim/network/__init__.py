"""The network lab's engine: a small MLP trained on 2-D data, batched over R networks, PyTorch-exact.

data (the built-in data sets), owndata (CSV files and expressions), inputs (features), layers
(forward and backward), losses, config (what to train, checked), training (the loop), results
(what a run records), lrfind (the learning-rate range test), export (a run as JSON-ready data),
knobs (the Param specs of the scene, and build), limits (the ceilings).
"""

from dltutor.sim.network.config import NetworkConfig, resolve
from dltutor.sim.network.data import DATASETS, Dataset, make_dataset
from dltutor.sim.network.export import replay
from dltutor.sim.network.inputs import FEATURES
from dltutor.sim.network.layers import INITS
from dltutor.sim.network.losses import LOSSES
from dltutor.sim.network.lrfind import LRFindResult, lr_find
from dltutor.sim.network.owndata import expression_dataset, load_csv
from dltutor.sim.network.training import Grid, Trainer, TrainResult, train

__all__ = [
    "DATASETS",
    "FEATURES",
    "INITS",
    "LOSSES",
    "Dataset",
    "Grid",
    "LRFindResult",
    "NetworkConfig",
    "TrainResult",
    "Trainer",
    "expression_dataset",
    "load_csv",
    "lr_find",
    "make_dataset",
    "replay",
    "resolve",
    "train",
]
