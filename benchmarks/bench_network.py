"""The network lab's engine against the same training loop in torch, on Playground's default scene.

    python benchmarks/bench_network.py        # prints times and ratios; torch is optional

The scene: inputs x1, x2; hidden layers 4, 2; tanh; 250 training points (circle, train share 50%);
batch 10; SGD lr 0.03; MSE; float64; one thread. Every epoch both sides also evaluate the loss on
the training and test sets (evaluation mode) and, in the first benchmark, the network on a 100×100
boundary grid, as the live lab does. Targets: the engine trains at least 3× as many epochs per
second as torch; a sweep of 64 networks (64 learning rates, one batched run) at least 10× faster
than 64 torch runs one after another. Ratios come from one run of this script; without torch
only dltutor's times are printed. Exit status 1 when a target is missed.

Such a network is overhead-bound: a step costs what its NumPy calls cost (about 1–3 µs each), not
its arithmetic. On this scene one step is 35 calls: forward 12 (three np.dot, three bias adds,
tanh and its derivative in 3 per hidden layer), MSE 5, backward 10, gradient record 2, SGD 4,
the divergence test 1, the copy back 1. torch spends several µs on each of its own ops and more
in autograd's bookkeeping.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"  # one thread on both sides, set before NumPy (or torch) loads

import time  # noqa: E402

import numpy as np  # noqa: E402

from dltutor.sim.network import NetworkConfig, Trainer, make_dataset  # noqa: E402

EPOCHS = 60
SWEEP_EPOCHS = 15
SWEEP = 64
TARGET_EPOCHS = 3.0
TARGET_SWEEP = 10.0


def scene(lr=0.03, epochs=EPOCHS) -> tuple[NetworkConfig, object]:
    data = make_dataset("circle", seed=0)
    return NetworkConfig(
        layers=(4, 2),
        activation="tanh",
        loss="mse",
        batch_size=10,
        epochs=epochs,
        optimizer="sgd",
        optimizer_params={"lr": lr},
        grid=100,
        init="playground",
    ), data


def numpy_epochs(epochs: int = EPOCHS) -> float:
    """Seconds per epoch, boundary grid included."""
    config, data = scene(epochs=epochs)
    trainer = Trainer(config, data)
    begin = time.perf_counter()
    for _ in range(epochs):
        trainer.epoch()
        trainer.grid()
    return (time.perf_counter() - begin) / epochs


def numpy_sweep(epochs: int = SWEEP_EPOCHS) -> float:
    lrs = np.geomspace(1e-3, 1.0, SWEEP)
    config, data = scene(lr=lrs, epochs=epochs)
    begin = time.perf_counter()
    trainer = Trainer(config, data)
    for _ in range(epochs):
        trainer.epoch()
    trainer.grid()
    return time.perf_counter() - begin


class TorchLoop:
    """The same loop in torch: nn.Sequential, nn.MSELoss, torch.optim.SGD(foreach=False)."""

    def __init__(self):
        import torch

        torch.set_num_threads(1)
        self.torch = torch
        config, data = scene()
        trainer = Trainer(config, data)  # only for the data, the inputs and the grid points
        self.X = torch.from_numpy(trainer.X_train)
        self.T = torch.from_numpy(trainer.T_train)
        self.X_all = torch.from_numpy(trainer.X_all)
        self.T_test = torch.from_numpy(trainer.T_test)
        self.grid = torch.from_numpy(trainer.X_grid)
        self.initial = torch.from_numpy(trainer.initial)
        self.orders = [torch.from_numpy(np.random.default_rng(e).permutation(len(self.X))) for e in range(EPOCHS)]

    def model(self, lr: float):
        torch, nn = self.torch, self.torch.nn
        model = nn.Sequential(nn.Linear(2, 4), nn.Tanh(), nn.Linear(4, 2), nn.Tanh(), nn.Linear(2, 1)).double()
        torch.nn.utils.vector_to_parameters(self.initial.clone(), model.parameters())
        return model, torch.optim.SGD(model.parameters(), lr=lr, foreach=False), nn.MSELoss()

    def epoch(self, model, opt, crit, e: int, grid: bool) -> None:
        torch = self.torch
        model.train()
        order = self.orders[e % len(self.orders)]
        for i in range(0, len(order), 10):
            idx = order[i : i + 10]
            opt.zero_grad()
            loss = crit(model(self.X[idx]), self.T[idx])
            loss.backward()
            opt.step()
        model.eval()
        with torch.no_grad():
            out = model(self.X_all)
            n = len(self.X)
            crit(out[:n], self.T).item()
            crit(out[n:], self.T_test).item()
            if grid:
                model(self.grid)

    def epochs(self, epochs: int = EPOCHS) -> float:
        model, opt, crit = self.model(0.03)
        begin = time.perf_counter()
        for e in range(epochs):
            self.epoch(model, opt, crit, e, grid=True)
        return (time.perf_counter() - begin) / epochs

    def sweep(self, epochs: int = SWEEP_EPOCHS) -> float:
        begin = time.perf_counter()
        for lr in np.geomspace(1e-3, 1.0, SWEEP):
            model, opt, crit = self.model(float(lr))
            for e in range(epochs):
                self.epoch(model, opt, crit, e, grid=False)
            with self.torch.no_grad():
                model(self.grid)
        return time.perf_counter() - begin


def verdict(ratio: float, target: float) -> str:
    return f">= {target:g}x " + ("ok" if ratio >= target else "MISSED")


def main() -> int:
    numpy_epochs(5)  # warm up
    ours = min(numpy_epochs() for _ in range(3))
    ours_sweep = min(numpy_sweep() for _ in range(2))
    print("Playground's default scene (4,2 tanh, 250 points, batch 10, SGD, MSE), float64, one thread")
    print(
        f"dltutor: {1 / ours:7.0f} epochs/s with a 100x100 boundary each epoch; "
        f"sweep of {SWEEP} networks x {SWEEP_EPOCHS} epochs: {ours_sweep * 1e3:.0f} ms"
    )
    try:
        loop = TorchLoop()
    except ImportError:
        print("torch: not installed; no ratios")
        return 0
    loop.epochs(5)
    theirs = min(loop.epochs() for _ in range(3))
    theirs_sweep = loop.sweep()
    r1, r2 = theirs / ours, theirs_sweep / ours_sweep
    print(f"torch:   {1 / theirs:7.0f} epochs/s;  {SWEEP} runs in sequence: {theirs_sweep * 1e3:.0f} ms")
    print(f"epochs per second: {r1:5.1f}x  {verdict(r1, TARGET_EPOCHS)}")
    print(f"sweep of {SWEEP}:       {r2:5.1f}x  {verdict(r2, TARGET_SWEEP)}")
    return 0 if r1 >= TARGET_EPOCHS and r2 >= TARGET_SWEEP else 1


if __name__ == "__main__":
    raise SystemExit(main())
