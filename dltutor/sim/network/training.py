"""Mini-batch training of R networks at once, with everything recorded that a plot or torch needs.

One seed gives three independent generators (SeedSequence.spawn): the initial weights, the data
order of every epoch (a permutation of the training points) and the dropout draws. All R networks
share the initial weights, the data order and the uniform draws behind the dropout masks (a unit
is kept where u >= p), so network r of a batched run is exactly a separate run with its own
hyperparameters. A network that produces a non-finite loss or parameter stops: its parameters
stay at the last finite values, its later losses are nan, and `diverged_at` is the step (counted
from 1) that went wrong. (Its last finite parameters can be huge, so its boundary grid may hold inf
or nan: check `diverged` before drawing it.) Batch norm's running statistics count: one that
overflows is a divergence too. Nothing warns: all arithmetic runs under np.errstate(all="ignore").
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from dltutor.sim.network import layers
from dltutor.sim.network.config import NetworkConfig, Resolved, resolve
from dltutor.sim.network.data import CLASSIFICATION, Dataset
from dltutor.sim.network.inputs import features
from dltutor.sim.network.limits import MAX_FRAME_VALUES, MAX_MASK_VALUES, MAX_RUN_STEPS, MAX_STEPS, MAX_WEIGHT_VALUES
from dltutor.sim.network.losses import accuracy, loss_and_grad, targets
from dltutor.sim.network.results import Grid, TrainResult
from dltutor.sim.schedules import run_schedule

Array = np.ndarray
CHUNK = 2_000_000  # float64s per layer activation when evaluating a grid (bigger grids go in pieces)


class Trainer:
    """Stateful training: `epoch()` trains one more epoch (the session calls it in a worker),
    `grid()` evaluates the current networks, `result()` collects the records."""

    def __init__(self, config: NetworkConfig, data: Dataset):
        self.rs: Resolved = resolve(config, data)
        rs = self.rs
        self.config, self.data, self.runs = config, data, rs.runs
        self.net = layers.Network(rs.arch)
        self.P = self.net.size
        init_ss, order_ss, drop_ss = np.random.SeedSequence(int(config.seed)).spawn(3)
        self.order_rng = np.random.default_rng(order_ss)
        self.drop_rng = np.random.default_rng(drop_ss)
        self.initial = layers.init_params(rs.arch, config.init, np.random.default_rng(init_ss))
        R, P = self.runs, self.P
        self.theta = np.broadcast_to(self.initial, (R, P)).copy()
        self.gbuf = np.zeros((R, P))
        self.V = layers.Views(self.theta, self.net.slots)
        self.G = layers.Views(self.gbuf, self.net.slots)
        self.flat = R == 1  # one network: plain 2-D arrays (see layers.Views)
        shape = (lambda w: (1, w)) if self.flat else (lambda w: (R, 1, w))
        self.running = [(np.zeros(shape(w)), np.ones(shape(w))) for w in rs.arch.hidden] if rs.arch.batch_norm else []
        self.widx = np.flatnonzero(layers.weight_mask(rs.arch))
        bounds = sorted(
            {b for s in self.net.slots for pair in (s.weight, s.bias, s.gamma, s.beta) if pair for b in pair} - {P}
        )
        self.seg_starts = np.array(bounds)
        self.seg_weights = np.array([bounds.index(s.weight[0]) for s in self.net.slots])

        # optimizer state, in the (P, R) layout the update rules expect (views of (R, P) arrays)
        self.hp = dict(rs.hp)
        self.state: dict[str, Array] = {
            key: np.asfortranarray(value)  # (P, R) views of (R, P) memory
            for key, value in rs.opt.init_state(rs.hp, (P, R)).items()
        }
        self.t = 0

        # data
        self.X_train = features(data.x_train, rs.inputs)
        self.X_all = features(np.vstack([data.x_train, data.x_test]), rs.inputs)
        self.X_allT = np.ascontiguousarray(self.X_all.T)  # evaluation runs feature-major
        self.T_train = targets(rs.loss, data.y_train, data.classes)
        self.T_test = targets(rs.loss, data.y_test, data.classes)
        self.n_train = len(self.X_train)

        # the learning rate of every epoch
        lr0 = self.hp["lr"]
        if config.schedule:
            base = np.asarray(lr0, dtype=np.float64).ravel()
            self.lr_table = run_schedule(
                config.schedule, base if base.size > 1 else float(base[0]), int(config.epochs), config.schedule_params
            ).lr  # (1 or R, E)
        else:
            self.lr_table = None

        # records
        self.epochs_done = 0
        self.diverged_at = np.full(R, -1)
        self.dead = np.zeros(R, dtype=bool)
        self.any_dead = False
        self.rec_loss: list[Array] = []
        self.rec_penalty: list[Array] = []
        self.rec_grad: list[Array] = []  # per epoch: mean over its steps of each layer's ‖dL/dW‖²
        self.grad_acc = np.zeros((R, P))
        self.grad_steps = 0
        self.rec_lr: list[Array] = []
        self.rec_order: list[Array] = []
        per_step = sum(rs.arch.hidden) * int(config.batch_size) * (R if np.ndim(rs.dropout) else 1)
        keep_masks = rs.dropout_on and config.record_masks and per_step * rs.steps <= MAX_MASK_VALUES
        self.rec_masks: list | None = [] if keep_masks else None
        self.rec_eval: list[tuple] = []
        self._packed: dict[str, tuple[list, int, Array]] = {}  # see _pack
        self.weight_stride = max(1, -(-R * P * (int(config.epochs) + 1) // MAX_WEIGHT_VALUES))
        self.rec_weights: list[Array] = [self.theta.copy()]
        self.rec_weight_epochs = [0]
        G = int(config.grid)
        every = int(config.grid_every)
        self.grid_x = np.linspace(*data.extent[0], G)
        self.grid_y = np.linspace(*data.extent[1], G)
        gx, gy = np.meshgrid(self.grid_x, self.grid_y)
        self.X_grid = features(np.column_stack([gx.ravel(), gy.ravel()]), rs.inputs)
        self.X_gridT = np.ascontiguousarray(self.X_grid.T)
        if every:
            frames = (int(config.epochs) // every + 1) * R * G * G * rs.arch.outputs
            if frames > MAX_FRAME_VALUES:
                raise ValueError(
                    f"recording the boundary every {every} epochs keeps {frames:,} values; at most "
                    f"{MAX_FRAME_VALUES:,} (raise grid_every, or lower the grid or epochs)"
                )
        self.rec_frames: list[Array] = []
        self.rec_frame_epochs: list[int] = []
        self._evaluate()
        if every:
            self._frame()

    # --- one step -------------------------------------------------------------------------------

    def _noise(self, b: int) -> list | None:
        """Dropout's mask/(1 − p) for each hidden layer, from uniforms shared by all networks."""
        rs = self.rs
        if not rs.dropout_on:
            return None
        p = rs.dropout
        out, keeps = [], []
        for w in rs.arch.hidden:
            u = self.drop_rng.random((b, w))
            keep = u >= p  # (B, w), or (R, B, w) when p differs per network
            keeps.append(keep)
            out.append(keep / (1.0 - p))
        if self.rec_masks is not None:
            self.rec_masks.append(keeps)
        return out

    def _penalty(self, theta: Array, grad: Array | None) -> Array:
        """l1·Σ|w| + (l2/2)·Σw² per network; adds its gradient to grad (R, P) when given."""
        rs = self.rs
        w = theta[:, self.widx]
        value = 0.0
        g = 0.0
        if np.any(np.asarray(rs.l1) > 0):
            value = value + (rs.l1 * np.abs(w)).sum(axis=1)
            g = g + rs.l1 * np.sign(w)
        if np.any(np.asarray(rs.l2) > 0):
            value = value + (rs.l2 / 2.0 * (w * w)).sum(axis=1)
            g = g + rs.l2 * w
        if grad is not None:
            grad[:, self.widx] += g
        return np.broadcast_to(value, (self.runs,)).copy()

    def _grad_at(self, xb: Array, tb: Array, noise) -> Any:
        """dL/dθ at another θ on the same batch and masks (for backstitch); running stats untouched."""
        scratch = np.empty_like(self.theta)
        gscratch = np.zeros_like(self.gbuf)
        Vs, Gs = layers.Views(scratch, self.net.slots), layers.Views(gscratch, self.net.slots)

        def grad_fn(th: Array) -> Array:
            scratch[...] = th.T
            out, cache = self.net.forward_train(Vs, xb, noise, None)
            _, dout = loss_and_grad(self.rs.loss, out, tb)
            self.net.backward(Vs, Gs, cache, dout)
            if self.rs.penalty_on:
                self._penalty(scratch, gscratch)
            return gscratch.T

        return grad_fn

    def step(self, xb: Array, tb: Array, lr: Any = None) -> Array:
        """One optimizer step on a mini-batch for every network; -> its training-mode loss (R,).
        Call it inside np.errstate(all="ignore"), as epoch() and lr_find do (a diverging run overflows)."""
        rs, net = self.rs, self.net
        if lr is not None:
            self.hp["lr"] = lr
        noise = self._noise(len(xb)) if rs.dropout_on else None
        saved = [(m.copy(), v.copy()) for m, v in self.running] if self.running else None
        out, cache = net.forward_train(self.V, xb, noise, self.running)
        value, dout = loss_and_grad(rs.loss, out, tb)
        net.backward(self.V, self.G, cache, dout)
        gbuf = self.gbuf
        self.grad_acc += gbuf * gbuf
        self.grad_steps += 1
        if rs.penalty_on:
            self.rec_penalty.append(self._penalty(self.theta, gbuf))
        self.t += 1
        grad_fn = self._grad_at(xb, tb, noise) if rs.opt.name == "backstitch" else None
        new = rs.opt.step(self.theta.T, gbuf.T, self.state, self.hp, self.t, grad_fn)
        # one cheap test per step: a nan or inf anywhere makes the sum non-finite
        total = (value if self.flat else np.add.reduce(value)) + np.add.reduce(new, axis=None)
        for m, v in self.running:  # an overflowing running variance is a divergence too
            total += np.add.reduce(m, axis=None) + np.add.reduce(v, axis=None)
        if not math.isfinite(total) or self.any_dead:
            value = self._stop_diverged(value, new, saved)
        self.theta[...] = new.T
        self.rec_loss.append(value)
        return value

    def _stop_diverged(self, value: Array, new: Array, saved) -> Array:
        """Freeze every network whose loss or new parameters are not finite (new is (P, R), fixed in place)."""
        bad = ~np.isfinite(value) | ~np.isfinite(new).all(axis=0)
        for m, v in self.running:
            bad = bad | ~(
                np.isfinite(m).reshape(self.runs, -1).all(axis=1) & np.isfinite(v).reshape(self.runs, -1).all(axis=1)
            )
        if not bad.any() and not self.dead.any():
            return value  # the sum overflowed, nothing else: all finite
        newly = bad & ~self.dead
        self.diverged_at[newly] = self.t
        self.dead |= bad
        self.any_dead = True
        keep = self.dead
        new[:, keep] = self.theta.T[:, keep]  # frozen at the last finite parameters
        if saved:
            for (m, v), (m0, v0) in zip(self.running, saved):
                if self.flat:
                    m[...], v[...] = m0, v0
                else:
                    m[keep], v[keep] = m0[keep], v0[keep]
        value = np.where(self.dead, np.nan, value)
        return value.reshape(()) if self.flat else value

    # --- epochs ---------------------------------------------------------------------------------

    def epoch_lr(self, epoch: int) -> Any:
        """The lr of epoch `epoch` (from 0): the schedule's (held at its last value past the end)."""
        if self.lr_table is None:
            return self.rs.hp["lr"]
        col = self.lr_table[:, min(epoch, self.lr_table.shape[1] - 1)]
        return float(col[0]) if col.size == 1 else col.reshape(1, -1)

    def epoch(self) -> bool:
        """Train one epoch; False (and nothing done) once every network has diverged or another
        epoch would pass the step ceiling (a live session trains on until then)."""
        if (
            self.dead.all()
            or self.t + self.rs.iterations > MAX_STEPS
            or (self.t + self.rs.iterations) * self.runs > MAX_RUN_STEPS
        ):
            return False
        lr = self.epoch_lr(self.epochs_done)
        self.rec_lr.append(np.broadcast_to(np.asarray(lr, dtype=np.float64).ravel(), (self.runs,)).copy())
        order = self.order_rng.permutation(self.n_train)
        self.rec_order.append(order)
        X, T = self.X_train[order], self.T_train[order]
        b = int(self.config.batch_size)
        with np.errstate(all="ignore"):
            self.hp["lr"] = lr
            for i in range(0, self.n_train, b):
                self.step(X[i : i + b], T[i : i + b])
            self.epochs_done += 1
            self._evaluate()
            self._record_grad()
        self._keep_records_bounded()
        return True

    def _keep_records_bounded(self) -> None:
        """Records that grow per epoch stay within their budgets also when a live session trains
        past config.epochs: weights are thinned to every other saved epoch, masks stop being kept
        (masks becomes None), frames stop being added."""
        if self.epochs_done % self.weight_stride == 0:
            self.rec_weights.append(self.theta.copy())
            self.rec_weight_epochs.append(self.epochs_done)
            if len(self.rec_weights) * self.theta.size > MAX_WEIGHT_VALUES:
                self.rec_weights, self.rec_weight_epochs = self.rec_weights[::2], self.rec_weight_epochs[::2]
                self.weight_stride *= 2
        if self.rec_masks is not None and self.rec_masks:
            per_step = sum(np.size(m) for m in self.rec_masks[-1])
            if len(self.rec_masks) * per_step > MAX_MASK_VALUES:
                self.rec_masks = None
        every = int(self.config.grid_every)
        if every and self.epochs_done % every == 0:
            G = len(self.grid_x)
            if (len(self.rec_frames) + 1) * self.runs * G * G * self.rs.arch.outputs <= MAX_FRAME_VALUES:
                self._frame()

    def _record_grad(self) -> None:
        sums = np.add.reduceat(self.grad_acc, self.seg_starts, axis=1)[:, self.seg_weights]
        self.rec_grad.append(sums / max(self.grad_steps, 1))
        self.grad_acc[...] = 0.0
        self.grad_steps = 0

    def _evaluate(self) -> None:
        """Evaluation-mode loss (and accuracy) on the whole training and test sets."""
        with np.errstate(all="ignore"):
            out = self.net.forward_eval(self.V, self.X_allT, self.running)
            n = self.n_train
            tr, te = out[:, :n], out[:, n:]
            lt = loss_and_grad(self.rs.loss, tr, self.T_train, grad=False)[0]
            ls = loss_and_grad(self.rs.loss, te, self.T_test, grad=False)[0]
            if self.data.kind == CLASSIFICATION:
                at, ae = accuracy(self.rs.loss, tr, self.data.y_train), accuracy(self.rs.loss, te, self.data.y_test)
            else:
                at = ae = None
        nan = self.dead
        self.rec_eval.append(tuple(None if a is None else np.where(nan, np.nan, a) for a in (lt, ls, at, ae)))

    def _frame(self) -> None:
        self.rec_frames.append(self.grid().output)
        self.rec_frame_epochs.append(self.epochs_done)

    @property
    def metrics(self) -> dict[str, Any]:
        """The latest evaluation: epoch, and train/test loss and accuracy per network (R,) (accuracy None
        for regression), plus diverged_at (R,). What a live view shows in its title."""
        lt, ls, at, ae = self.rec_eval[-1]
        return {
            "epoch": self.epochs_done,
            "train_loss": lt,
            "test_loss": ls,
            "train_acc": at,
            "test_acc": ae,
            "diverged_at": self.diverged_at.copy(),
        }

    def predict(self, X: Array, hidden: bool = False):
        """Evaluation-mode outputs (R, n, K) for network inputs X (n, d) (and hidden units)."""
        with np.errstate(all="ignore"):
            return self.net.forward_eval(self.V, np.ascontiguousarray(X.T), self.running, hidden)

    def grid(self, hidden: bool = False, mode: str = "eval", seed: int = 0) -> Grid:
        """The current networks on the boundary grid, in chunks that keep memory bounded.

        mode "eval" is evaluation mode (dropout off, running statistics). mode "train" is what the
        same network computes in training mode: every grid point gets its own dropout mask, and
        batch norm normalises with the statistics of a training mini-batch (the first batch of the
        last epoch's order, its own dropout drawn too) instead of the running ones. Its draws come
        from default_rng(seed), never from the training generators.
        """
        if mode not in ("eval", "train"):
            raise ValueError(f"mode must be eval or train, got {mode!r}")
        G, R = len(self.grid_x), self.runs
        rs = self.rs
        stats, rng = self.running, np.random.default_rng(seed)
        drop = mode == "train" and rs.dropout_on
        if mode == "train" and rs.arch.batch_norm:
            b = int(self.config.batch_size)
            idx = self.rec_order[-1][:b] if self.rec_order else np.arange(b)
            noise_b = [self._keep(rng.random((b, w))) for w in rs.arch.hidden] if drop else None
            with np.errstate(all="ignore"):
                _, cache = self.net.forward_train(self.V, self.X_train[idx], noise_b, None)
            stats = [(mean, ssq / b) for mean, ssq in cache.stats]  # biased: what training normalises by
        widest = max((*rs.arch.hidden, rs.arch.outputs, 1))
        rows = max(1, CHUNK // (R * widest))
        outs, units = [], []
        for i in range(0, len(self.X_grid), rows):
            XT = self.X_gridT[:, i : i + rows]
            noise = [self._keep(rng.random((w, XT.shape[1]))) for w in rs.arch.hidden] if drop else None
            with np.errstate(all="ignore"):
                res = self.net.forward_eval(self.V, XT, stats, hidden, noise)
            outs.append(res[0] if hidden else res)
            if hidden:
                units.append(res[1])
        output = np.concatenate(outs, axis=1).reshape(R, G, G, -1)
        unit_grids = None
        if hidden:
            unit_grids = [
                np.concatenate([u[k] for u in units], axis=1).reshape(R, G, G, -1) for k in range(len(rs.arch.hidden))
            ]
        return Grid(self.grid_x, self.grid_y, output, unit_grids)

    def _keep(self, u: Array) -> Array:
        """Dropout's mask/(1 − p) from uniforms u (a unit is kept where u >= p)."""
        p = self.rs.dropout
        return (u >= p) / (1.0 - p)

    def _pack(self, name: str, records: list, convert) -> Array:
        """convert(records) as one array, converting only what was added since the last call: the
        lab asks for a result many times a second while a run grows to thousands of epochs, and
        converting every record each time cost tens of ms. A list replaced (the weights, thinned)
        is converted anew. Arrays handed out are never written to again."""
        kept = self._packed.get(name)
        if kept is not None and kept[0] is records and kept[1] <= len(records):
            _, count, packed = kept
            if count < len(records):
                packed = np.concatenate([packed, convert(records[count:])])
        else:
            packed = convert(records)
        self._packed[name] = (records, len(records), packed)
        return packed

    def result(self, grid: bool = True) -> TrainResult:
        """The run so far; with grid, the networks on the boundary grid too (a few ms, which the
        lab's views without a boundary skip at every frame)."""
        rs = self.rs
        names = layers.names(rs.arch)
        slices, shapes = {}, {}
        for i, s in enumerate(self.net.slots):
            slices[f"{i}.weight"], shapes[f"{i}.weight"] = s.weight, (s.fan_out, s.fan_in)
            for key, pair in (("bias", s.bias), ("norm.weight", s.gamma), ("norm.bias", s.beta)):
                if pair:
                    slices[f"{i}.{key}"], shapes[f"{i}.{key}"] = pair, (s.fan_out,)
        R, L = self.runs, len(self.net.slots)
        pack = self._pack
        weights = pack("weights", self.rec_weights, np.array)
        wepochs = np.array(self.rec_weight_epochs)
        if wepochs[-1] != self.epochs_done:
            weights = np.concatenate([weights, self.theta[None]])
            wepochs = np.append(wepochs, self.epochs_done)
        evaluated = [
            None
            if self.rec_eval[0][k] is None
            else pack(f"eval{k}", self.rec_eval, lambda rows, k=k: np.array([r[k] for r in rows]))
            for k in range(4)
        ]
        return TrainResult(
            config=self.config,
            data=self.data,
            loss=rs.loss,
            runs=R,
            param_names=names,
            param_slices=slices,
            param_shapes=shapes,
            initial=self.initial.copy(),
            final=self.theta.copy(),
            running=[(m.reshape(R, -1).copy(), v.reshape(R, -1).copy()) for m, v in self.running],
            order=pack("order", self.rec_order, lambda rows: np.array(rows, dtype=np.int64).reshape(-1, self.n_train)),
            step_loss=pack("loss", self.rec_loss, lambda rows: np.array(rows).reshape(-1, R)),
            step_penalty=pack("penalty", self.rec_penalty, lambda rows: np.array(rows).reshape(-1, R))
            if rs.penalty_on
            else None,
            grad_norm=np.sqrt(pack("grad", self.rec_grad, lambda rows: np.array(rows).reshape(-1, R, L))),
            lr=pack("lr", self.rec_lr, lambda rows: np.array(rows).reshape(-1, R)),
            train_loss=evaluated[0],
            test_loss=evaluated[1],
            train_acc=evaluated[2],
            test_acc=evaluated[3],
            weights=weights,
            weights_epochs=wepochs,
            masks=self.rec_masks,
            diverged_at=self.diverged_at.copy(),
            frames=np.array(self.rec_frames) if self.rec_frames else None,
            frame_epochs=np.array(self.rec_frame_epochs) if self.rec_frames else None,
            grid=self.grid(hidden=True) if grid else None,
            epochs=self.epochs_done,
        )


def train(config: NetworkConfig, data: Dataset) -> TrainResult:
    """Train R networks for config.epochs epochs (stopping early if every one diverges)."""
    trainer = Trainer(config, data)
    for _ in range(int(config.epochs)):
        if not trainer.epoch():
            break
    return trainer.result()
