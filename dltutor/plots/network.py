"""A network trained on 2-D data (dltutor.kinds.network), and the views that explain it.

boundary: the output over the plane as shaded cells (hue: the class; ░▒▓: how sure), points on top.
neurons:  one small panel per hidden unit, layer by layer (a dead ReLU is one flat tone).
loss:     training and test loss (and accuracy) per epoch.
weights:  the weights' spread per layer, and the gradient's size per layer over the epochs.
modes:    the same network in training mode and in evaluation mode, side by side.
lr-find:  the learning-rate range test: smoothed loss against lr, steepest point and suggestion.
sweep:    final test loss against the swept hyperparameter, one network per value.

plotext has no contour or image: a heatmap is one scatter call per (class, shade) with one point
per character cell, as the optimizers' basins view does. Without colour (a PlainLines plt) the
shades carry the class: two classes run from blank (sure of class 0) through ▒ (the boundary) to █.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dltutor.plots import PlainLines
from dltutor.plots.common import colour, fmt, linear_axis, lists, log_axis, positive, shown, thin
from dltutor.plots.figure import set_background

CLASS_COLOURS = ("orange+", "cyan+", "green+", "magenta+", "red+", "blue+", "gray+", "orange")
SHADES = (None, "░", "▒", "▓")  # colour: how sure (below 60 %: blank, the boundary's band; 75 %; 90 %; above)
LEVELS = (0.6, 0.75, 0.9)
PLAIN_SHADES = (None, "░", "▒", "▓", "█")  # no colour: p(class 1) in fifths; blank = sure of class 0
TRAIN_MARKS = ("●", "■", "▲", "◆", "★", "♦", "♣", "♠")
TEST_MARKS = ("○", "□", "△", "◇", "☆", "◊", "♧", "♤")
WRONG = "×"
MAX_UNITS_PER_LAYER = 6
MAX_LAYERS_SHOWN = 4


def draw(plt: Any, result: Any, scene: dict[str, Any], progress: float | None) -> str:
    view = scene["view"]
    return {
        "boundary": _boundary,
        "neurons": _neurons,
        "loss": _loss,
        "weights": _weights,
        "modes": _modes,
        "lr-find": _lr_find,
        "sweep": _sweep,
    }[view](plt, result, scene, progress)


def _size(plt) -> tuple[int, int]:
    width, height = plt.plotsize()
    return int(width or 100), int(height or 30)


def _plain(plt) -> bool:
    return isinstance(plt, PlainLines)


def _epoch_shown(train, progress) -> int:
    return shown(train.epochs + 1, progress) - 1


def _diverged_step(train) -> int | None:
    d = int(np.asarray(train.diverged_at)[0])
    return d if d >= 0 else None


def _diverged_by(train, epoch: int) -> int | None:
    """The step at which the (first) network diverged, if it had by the end of `epoch`."""
    d = _diverged_step(train)
    rs = train.order.shape[1] if train.order.size else 1
    per_epoch = -(-rs // int(train.config.batch_size))
    return d if d is not None and d <= epoch * per_epoch else None


# --- turning outputs into classes and shades --------------------------------------------------


def classes_and_confidence(output: np.ndarray, loss: str, kind: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(class, confidence in [0.5, 1] or [1/K, 1], p of class 1 for two classes) of raw outputs (..., K).
    Regression: class is the sign of the value (1 for > 0), confidence grows with |value|."""
    with np.errstate(all="ignore"):
        if loss == "cross-entropy":
            z = output - output.max(axis=-1, keepdims=True)
            p = np.exp(z)
            p /= p.sum(axis=-1, keepdims=True)
            return p.argmax(axis=-1), p.max(axis=-1), p[..., 1] if p.shape[-1] > 1 else p[..., 0]
        v = output[..., 0]
        if loss == "bce":
            p1 = 1.0 / (1.0 + np.exp(-v))
        elif kind == "regression":
            scale = np.nanmax(np.abs(v)) or 1.0
            p1 = 0.5 + 0.5 * np.clip(v / scale, -1, 1)
        else:  # mse on two classes: targets −1 and +1
            p1 = 0.5 + 0.5 * np.clip(v, -1, 1)
    p1 = np.nan_to_num(p1, nan=0.5)
    cls = (p1 > 0.5).astype(np.int64)
    return cls, np.maximum(p1, 1 - p1), p1


def _cells(grid_x, grid_y, nx: int, ny: int):
    """nx × ny cell centres spanning the grid's extent edge to edge, each on its own character of a
    canvas nx wide and ny high (plotext puts x on column floor(0.5 + (nx − 1)·(x − x0)/(x1 − x0))),
    and each one's nearest grid index."""
    nx, ny = max(2, nx), max(2, ny)
    xs = np.linspace(grid_x[0], grid_x[-1], nx)
    ys = np.linspace(grid_y[0], grid_y[-1], ny)
    ix = np.clip(np.round((xs - grid_x[0]) / (grid_x[1] - grid_x[0])).astype(int), 0, len(grid_x) - 1)
    iy = np.clip(np.round((ys - grid_y[0]) / (grid_y[1] - grid_y[0])).astype(int), 0, len(grid_y) - 1)
    return xs, ys, ix, iy


def _share(total: int, parts: int, i: int) -> int:
    """Panel i's share of `total` characters split into `parts`, as plotext splits a figure (the
    last `total % parts` panels get one more)."""
    base, rest = divmod(total, parts)
    return base + (1 if i >= parts - rest else 0)


def axes(plt, extent, size: tuple[int, int], ticks: bool = True, title: bool = True) -> tuple[int, int]:
    """Fix the axes of a plane panel (limits, five ticks a side, or none) and return its canvas
    size in characters: the panel less the tick labels, the frame and the title. The height is one
    row more than that: `dltutor plot` shrinks the figure by its caption's lines less two once it
    is drawn (a one-line caption makes it a row taller), and a spare row only draws one twice."""
    (x0, x1), (y0, y1) = extent
    plt.xlim(x0, x1)
    plt.ylim(y0, y1)
    width, height = size
    if not ticks:
        plt.xticks([])
        plt.yticks([])
        return width - 2, height - 1 - int(title)
    xt, yt = np.linspace(x0, x1, 5), np.linspace(y0, y1, 5)
    ylabels = [f"{v:.2g}" for v in yt]
    plt.xticks(xt.tolist(), [f"{v:.2g}" for v in xt])
    plt.yticks(yt.tolist(), ylabels)
    return width - max(len(t) for t in ylabels) - 2, height - 2 - int(title)


def heat_cells(
    output: np.ndarray, grid_x, grid_y, loss: str, kind: str, classes: int, plain: bool, nx: int, ny: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple[tuple[str, Any], ...]]:
    """The network's output over an nx × ny canvas (see _cells) as shades: (xs, ys, each cell's
    index into shades (ny × nx, row 0 at the lowest y), shades: (mark, colour) with "" for none)."""
    xs, ys, ix, iy = _cells(grid_x, grid_y, nx, ny)
    cls, conf, p1 = classes_and_confidence(output[np.ix_(iy, ix)], loss, kind)
    if plain:
        if loss == "cross-entropy" and classes > 2:
            marks = ("░", "▒", "▓", "█", "▚", "▞", "▖", "▗")
            shades = (("", None), ("·", None)) + tuple((marks[k % 8], None) for k in range(classes))
            index = np.where(cls < 0, 0, np.where(conf < 0.5, 1, np.where(cls < classes, cls + 2, 0)))
            return xs, ys, index, shades
        level = np.where(cls < 0, 0, np.minimum((p1 * 5).astype(int), 4))
        return xs, ys, level, tuple((mark or "", None) for mark in PLAIN_SHADES)
    levels = LEVELS if classes <= 2 else tuple(1 / classes + (1 - 1 / classes) * x for x in (0.2, 0.5, 0.8))
    shade = np.digitize(conf, levels)
    hues = max(classes, 2)
    shades = (("", None),) + tuple(
        (mark, CLASS_COLOURS[k % len(CLASS_COLOURS)]) for k in range(hues) for mark in SHADES if mark
    )
    drawn = len(SHADES) - 1
    index = np.where((shade > 0) & (cls >= 0) & (cls < hues), 1 + cls * drawn + shade - 1, 0)
    return xs, ys, index, shades


def heat(plt, output: np.ndarray, grid_x, grid_y, loss: str, kind: str, classes: int, canvas: tuple[int, int]) -> None:
    """The network's output over the plane as one scattered point per cell of the canvas (for a
    panel among several; a one-panel figure shades its cells with `heat_background` instead)."""
    xs, ys, index, shades = heat_cells(output, grid_x, grid_y, loss, kind, classes, _plain(plt), *canvas)
    xx, yy = np.meshgrid(xs, ys)
    for k, (mark, hue) in enumerate(shades):
        cells = index == k
        if mark and cells.any():
            plt.scatter(*lists(xx[cells], yy[cells]), marker=mark, **({} if hue is None else {"color": hue}))


def heat_background(plt, output: np.ndarray, grid_x, grid_y, loss: str, kind: str, classes: int) -> None:
    """The network's output over the plane as the shaded background of a one-panel figure: the
    same cells `heat` would scatter, sampled at the plot area's real size once it is built, and
    written into the built text instead of being placed point by point by plotext (see
    `dltutor.plots.figure.set_background`). Points drawn on top keep their cells."""
    plain = _plain(plt)
    shades = heat_cells(output, grid_x, grid_y, loss, kind, classes, plain, 2, 2)[3]

    def bands(columns: int, rows: int) -> list[list[int]]:
        index = heat_cells(output, grid_x, grid_y, loss, kind, classes, plain, columns, rows)[2]
        return index[::-1].tolist()  # row 0 at the top

    set_background(bands, shades)


def points(plt, data, output: np.ndarray | None, grid_x, grid_y, loss: str) -> int:
    """Training points filled, test points hollow, in their class's hue; × where the boundary
    drawn puts a point in another class. Returns how many are marked ×."""
    labels = np.asarray(data.y)
    regression = data.kind == "regression"
    cls_of = (labels > 0).astype(np.int64) if regression else labels.astype(np.int64)
    wrong = np.zeros(len(labels), dtype=bool)
    if output is not None and not regression:
        gx, gy = np.asarray(grid_x), np.asarray(grid_y)
        ix = np.clip(np.round((data.x[:, 0] - gx[0]) / (gx[1] - gx[0])).astype(int), 0, len(gx) - 1)
        iy = np.clip(np.round((data.x[:, 1] - gy[0]) / (gy[1] - gy[0])).astype(int), 0, len(gy) - 1)
        predicted = classes_and_confidence(output[iy, ix], loss, data.kind)[0]
        wrong = predicted != cls_of
    plain = _plain(plt)
    split = np.zeros(len(labels), dtype=bool)
    split[np.asarray(data.train)] = True
    for k in np.unique(cls_of):
        hue = {} if plain else {"color": CLASS_COLOURS[k % len(CLASS_COLOURS)]}
        for on_train, marks in ((True, TRAIN_MARKS), (False, TEST_MARKS)):
            chosen = (cls_of == k) & (split == on_train) & ~wrong
            if chosen.any():
                plt.scatter(*lists(data.x[chosen, 0], data.x[chosen, 1]), marker=marks[k % len(marks)], **hue)
        bad = (cls_of == k) & wrong
        if bad.any():
            plt.scatter(*lists(data.x[bad, 0], data.x[bad, 1]), marker=WRONG, **({} if plain else {"color": "red+"}))
    return int(wrong.sum())


def _output_at(train, epoch: int) -> np.ndarray | None:
    """Network 0's boundary output (G, G, K) as recorded at the last frame not after `epoch`."""
    if train.frames is None or epoch >= train.epochs:
        return np.asarray(train.grid.output)[0]
    k = int(np.searchsorted(np.asarray(train.frame_epochs), epoch, side="right")) - 1
    return np.asarray(train.frames)[max(k, 0), 0]


def _metrics(train, epoch: int) -> str:
    parts = [f"train loss {fmt(train.train_loss[epoch, 0])}", f"test loss {fmt(train.test_loss[epoch, 0])}"]
    if train.test_acc is not None:
        parts.append(
            f"test accuracy {train.test_acc[epoch, 0]:.0%}"
            if np.isfinite(train.test_acc[epoch, 0])
            else "test accuracy –"
        )
    return ", ".join(parts)


def _diverged_caption(train) -> str:
    return (
        f"The network diverged at step {_diverged_step(train)}: its loss or weights overflowed, so training "
        "stopped there. A smaller learning rate (--lr) keeps it finite."
    )


# --- boundary ----------------------------------------------------------------------------------


def _boundary(plt, result, scene, progress) -> str:
    train, data = result.train, result.data
    epoch = _epoch_shown(train, progress)
    width, height = _size(plt)
    gone = _diverged_by(train, epoch)
    output = None if gone else _output_at(train, epoch)
    axes(plt, data.extent, (width, height))
    if output is not None and np.isfinite(output).all():
        heat_background(plt, output, train.grid.x, train.grid.y, train.loss, data.kind, data.classes)
    else:
        output = None
    wrong = points(plt, data, output, train.grid.x, train.grid.y, train.loss)
    title = f"{data.name}, epoch {epoch}: {_metrics(train, epoch)}"
    plt.title(title + (" (diverged)" if gone else ""))
    if gone:
        return _diverged_caption(train)
    if data.kind == "regression":
        shading = (
            "blank where it is lowest, through ░▒▓ to █ where it is highest"
            if _plain(plt)
            else "orange below zero, cyan above, denser where it is further from zero"
        )
        return (
            f"The shading is the network's output over the plane: {shading}. Filled points train, hollow ones "
            f"test, marked by the sign of their label. At epoch {epoch}: {_metrics(train, epoch)}."
        )
    marks = "● training and ○ test points" if data.classes <= 2 else "filled training and hollow test points"
    hue = "hue" if not _plain(plt) else "shade"
    return (
        f"The shading is the class the network predicts at each place ({hue}), denser where it is surer; "
        f"{marks} are drawn in their true class, × where the boundary puts them in another ({wrong} now). "
        f"Epoch {epoch}: {_metrics(train, epoch)}."
    )


# --- neurons -----------------------------------------------------------------------------------


def _neurons(plt, result, scene, progress) -> str:
    train = result.train
    units = train.grid.units or []
    if not units:
        plt.title("No hidden layer: nothing to show (give --layers)")
        return "This network has no hidden layer, so it has no hidden units to show; give it some with --layers."
    if _diverged_step(train) is not None:
        plt.title("diverged")
        return _diverged_caption(train)
    layers = units[:MAX_LAYERS_SHOWN]
    cols = min(MAX_UNITS_PER_LAYER, max(u.shape[-1] for u in layers))
    width, height = _size(plt)
    plt.subplots(len(layers), cols)
    dead, total = [], 0
    plain = _plain(plt)
    for k, layer in enumerate(layers):
        values = np.asarray(layer)[0]  # (G, G, width)
        for u in range(min(cols, values.shape[-1])):
            plt.subplot(k + 1, u + 1)
            v = values[..., u]
            total += 1
            span = float(np.nanmax(v) - np.nanmin(v))
            flat = span < 1e-9
            if flat:
                dead.append(f"{k + 1}.{u + 1}")
            panel = (_share(width, cols, u), _share(height, len(layers), k))
            xs, ys, ix, iy = _cells(train.grid.x, train.grid.y, *axes(plt, result.data.extent, panel, ticks=False))
            cell = v[np.ix_(iy, ix)]
            xx, yy = np.meshgrid(xs, ys)
            top = float(np.nanmax(np.abs(cell))) or 1.0
            level = np.minimum((np.abs(cell) / top * 3).astype(int), 2)
            for sign, hue in ((-1, CLASS_COLOURS[0]), (1, CLASS_COLOURS[1])):
                for s, mark in enumerate(SHADES[1:]):
                    cells = ((cell < 0) if sign < 0 else (cell >= 0)) & (level == s)
                    if cells.any():
                        if plain:
                            mark = PLAIN_SHADES[1 + s] if sign > 0 else (None, "·", ":")[s]
                            if mark is None:
                                continue
                        plt.scatter(*lists(xx[cells], yy[cells]), marker=mark, **({} if plain else {"color": hue}))
            plt.title(f"L{k + 1} u{u + 1}" + (" flat" if flat else f" {fmt(np.nanmin(v))}..{fmt(np.nanmax(v))}"))
    shown_units = sum(min(cols, u.shape[-1]) for u in layers)
    every = sum(u.shape[-1] for u in units)
    more = f" ({shown_units} of {every} units shown)" if shown_units < every else ""
    flat_text = (
        f" Units {', '.join(dead)} are flat over the whole plane: they output one value wherever the input "
        "is: a dead ReLU (0 everywhere, so no gradient flows through it), or units that never became "
        "different from each other (--init zeros)."
        if dead
        else " No unit is flat: each one still responds to where the input is."
    )
    linear = set(train.config.inputs) <= {"x1", "x2"}
    how = ": the first layer's units change along straight edges, later layers combine them" if linear else ""
    return (
        f"Each panel is one hidden unit's output over the plane after {train.epochs} epochs, layer by layer"
        f"{more}{how}." + flat_text
    )


# --- loss --------------------------------------------------------------------------------------


def _loss(plt, result, scene, progress) -> str:
    train = result.train
    epoch = _epoch_shown(train, progress)
    epochs = np.arange(epoch + 1)
    accuracy = train.test_acc is not None
    if accuracy:
        plt.subplots(2, 1)
        plt.subplot(1, 1)
    curves = [
        np.asarray(train.train_loss, dtype=float)[: epoch + 1, 0],
        np.asarray(train.test_loss, dtype=float)[: epoch + 1, 0],
    ]
    finite = [c[np.isfinite(c)] for c in curves]
    log = all(len(f) and np.all(f > 0) for f in finite) and max(f.max() for f in finite) > 10 * min(
        f.min() for f in finite
    )
    for i, (name, curve) in enumerate(zip(("training loss", "test loss"), curves)):
        idx = thin(len(curve))
        plt.plot(
            *lists(epochs[idx], positive(curve[idx]) if log else curve[idx]),
            marker="braille",
            color=colour(i),
            label=name,
        )
    if log:
        log_axis(plt, [positive(f) for f in finite], "y")
    linear_axis(plt, 0, max(1, epoch), "x", integer=True)
    plt.title(f"Loss per epoch ({train.loss}, evaluation mode)" + (" (log)" if log else ""))
    if accuracy:
        plt.subplot(2, 1)
        for i, (name, acc) in enumerate((("training accuracy", train.train_acc), ("test accuracy", train.test_acc))):
            series = np.asarray(acc, dtype=float)[: epoch + 1, 0] * 100
            idx = thin(len(series))
            plt.plot(*lists(epochs[idx], series[idx]), marker="braille", color=colour(i), label=name)
        plt.ylim(0, 100)
        linear_axis(plt, 0, 100, "y", integer=True, count=5)
        linear_axis(plt, 0, max(1, epoch), "x", integer=True)
        plt.title("Accuracy per epoch (%)")
    plt.xlabel("epoch")
    gone = _diverged_by(train, epoch)
    if gone:
        return _diverged_caption(train)
    test = curves[1]
    best = int(np.nanargmin(test)) if np.isfinite(test).any() else 0
    text = (
        f"Both curves are measured in evaluation mode on the whole set after each epoch. Test loss was lowest at "
        f"epoch {best} ({fmt(test[best])}) and is {fmt(test[-1])} at epoch {epoch}"
    )
    if epoch - best >= 3 and test[-1] > test[best] * 1.02:
        return (
            text + ": it has turned up while the training loss goes on falling, which is overfitting; early "
            f"stopping would keep the weights of epoch {best}."
        )
    return text + "."


# --- weights -----------------------------------------------------------------------------------


def layers_drawn(count: int, most: int = MAX_LAYERS_SHOWN) -> list[int]:
    """Which of `count` layers a view draws: all of a few; of more, the first, the last and
    evenly spaced ones between (nine overlapping curves read as one tangle, and cost plotext
    twice the time)."""
    if count <= most:
        return list(range(count))
    return sorted({int(round(x)) for x in np.linspace(0, count - 1, most)})


def _weights(plt, result, scene, progress) -> str:
    train = result.train
    epoch = _epoch_shown(train, progress)
    saved = np.asarray(train.weights_epochs)
    k = max(0, int(np.searchsorted(saved, epoch, side="right")) - 1)
    layers = [n for n in train.param_names if n.endswith(".weight") and "norm" not in n]
    plt.subplots(1, 2)
    plt.subplot(1, 1)
    values = [np.asarray(train.weight(int(n.split(".")[0]), k))[0].ravel() for n in layers]
    finite = np.concatenate([v[np.isfinite(v)] for v in values]) if values else np.zeros(1)
    top = float(np.abs(finite).max()) if finite.size else 1.0
    top = top if top > 0 else 1.0
    bins = np.linspace(-top, top, 31)
    centres = (bins[:-1] + bins[1:]) / 2
    drawn = layers_drawn(len(values))
    near_zero = [f"layer {i + 1} {np.mean(np.abs(values[i]) < 1e-3):.0%}" for i in drawn]  # a short caption
    for i in drawn:
        v = values[i]
        counts, _ = np.histogram(v[np.isfinite(v)], bins=bins)
        share = counts / max(1, v.size) * 100
        plt.plot(*lists(centres, share), marker="braille", color=colour(i), label=f"layer {i + 1}")
    plt.title(f"Weights at epoch {int(saved[k])} (% per bin)")
    plt.xlabel("weight")
    plt.subplot(1, 2)
    grad = np.asarray(train.grad_norm, dtype=float)[: max(epoch, 1), 0]  # (epochs, L + 1)
    series_all = []
    for i in (i for i in drawn if i < grad.shape[1]):
        series = grad[:, i]
        series_all.append(positive(series[np.isfinite(series)]))
        idx = thin(len(series))
        plt.plot(*lists(idx + 1, positive(series[idx])), marker="braille", color=colour(i), label=f"layer {i + 1}")
    if grad.size and any(len(s) for s in series_all):
        log_axis(plt, [s for s in series_all if len(s)], "y")
    if grad.size:  # none before the first epoch: plotext would find no x limits for the ticks
        linear_axis(plt, 1, max(2, len(grad)), "x", integer=True)
    plt.title("Gradient size ‖dL/dW‖ per epoch (log)")
    plt.xlabel("epoch")
    if _diverged_by(train, epoch):
        return _diverged_caption(train)
    parts = [
        "Left: how each layer's weights are spread. Right: each layer's gradient size per epoch (the root mean "
        "square of ‖dL/dW‖ over the epoch's steps)."
    ]
    if len(drawn) < len(values):
        names = ", ".join(str(i + 1) for i in drawn[:-1]) + f" and {drawn[-1] + 1}"
        parts.append(f"Layers {names} of {len(values)} are drawn.")
    last = grad[-1] if grad.size else np.ones(1)
    if last[-1] > 0:
        parts.append(
            f"The first layer's gradient is {fmt(last[0] / last[-1])}× the last layer's (a tiny ratio in a deep "
            "sigmoid or tanh net is the vanishing gradient)."
        )
    if scene.get("l1"):
        parts.append(
            "L1 piles weights up near zero (its constant pull makes them hover within a step of it); within "
            "0.001 of zero: " + ", ".join(near_zero) + "."
        )
    if scene.get("l2") or scene.get("weight_decay"):
        parts.append("L2 (weight decay) shrinks every weight in proportion to its size.")
    return " ".join(parts)


# --- modes -------------------------------------------------------------------------------------


def _modes(plt, result, scene, progress) -> str:
    train, data = result.train, result.data
    if _diverged_step(train) is not None:
        plt.title("diverged")
        return _diverged_caption(train)
    width, height = _size(plt)
    plt.subplots(1, 2)
    outputs = (
        ("training mode", np.asarray(result.modes["train"])),
        ("evaluation mode", np.asarray(result.modes["eval"])),
    )
    for i, (name, output) in enumerate(outputs):
        plt.subplot(1, i + 1)
        heat(
            plt,
            output,
            train.grid.x,
            train.grid.y,
            train.loss,
            data.kind,
            data.classes,
            axes(plt, data.extent, (_share(width, 2, i), height)),
        )
        points(plt, data, output, train.grid.x, train.grid.y, train.loss)
        plt.title(name)
    a = classes_and_confidence(outputs[0][1], train.loss, data.kind)[0]
    b = classes_and_confidence(outputs[1][1], train.loss, data.kind)[0]
    differ = float(np.mean(a != b))
    cfg = train.config
    if not (np.any(np.asarray(cfg.dropout) > 0) or cfg.batch_norm):
        return (
            "Without dropout or batch norm a network computes the same function in both modes: the two panels "
            "agree everywhere. Add --dropout 0.3 or --batch-norm to see them differ."
        )
    what = []
    if np.any(np.asarray(cfg.dropout) > 0):
        what.append("each point gets its own dropout mask in training mode (a speckled boundary), none in evaluation")
    if cfg.batch_norm:
        what.append(
            f"batch norm normalises with one mini-batch's statistics (batch size {cfg.batch_size}) in training "
            "mode and with the running averages in evaluation"
        )
    return (
        "The same trained weights, two modes: " + "; ".join(what) + f". The predicted class differs on "
        f"{differ:.0%} of the plane."
    )


# --- lr-find -----------------------------------------------------------------------------------


def _lr_find(plt, result, scene, progress) -> str:
    found = result.lr_find
    n = shown(len(found.lr), progress)
    lr, smooth, raw = np.asarray(found.lr)[:n], np.asarray(found.smooth)[:n], np.asarray(found.loss)[:n]
    ok = np.isfinite(smooth)
    plt.plot(*lists(lr[np.isfinite(raw)], raw[np.isfinite(raw)]), marker="braille", color="gray", label="batch loss")
    plt.plot(*lists(lr[ok], smooth[ok]), marker="braille", color=colour(0), label="smoothed loss")
    log_axis(plt, lr, "x")
    top = float(np.nanmax(smooth[ok])) if ok.any() else 1.0
    low = float(np.nanmin(smooth[ok])) if ok.any() else 0.0
    plt.ylim(low - 0.05 * (top - low), min(top, 4 * max(low, 1e-12) + low) if top > low else low + 1)
    done = n == len(found.lr)
    marks = []
    for value, name, mark, hue in (
        (found.steepest_lr, "steepest", "▼", "red+"),
        (found.valley_lr, "suggested (valley)", "★", "green+"),
    ):
        if done and value is not None:
            at = int(np.argmin(np.abs(np.log(found.lr) - np.log(value))))
            plt.scatter([value], [float(found.smooth[at])], marker=mark, color=hue, label=f"{name} {fmt(value)}")
            marks.append(f"{name} lr {fmt(value)}")
    plt.title(
        f"Learning-rate range test: {len(found.lr)} mini-batches, lr {fmt(found.start_lr)} to {fmt(found.end_lr)}"
    )
    plt.xlabel("learning rate (log)")
    plt.ylabel("loss")
    stop = (
        "it stopped when the smoothed loss passed 4× its best"
        if found.stopped == "diverged"
        else "it ran every iteration"
    )
    if not done:
        return f"The learning rate grows every mini-batch; lr {fmt(lr[-1])} so far."
    if not marks:
        return f"The learning rate grew exponentially over one run; {stop}, too soon to suggest a rate."
    tenth = (
        f"; the lowest loss was at lr {fmt(found.minimum_lr)}, a tenth of it is {fmt(found.minimum_lr / 10)}"
        if found.minimum_lr
        else ""
    )
    return (
        f"The learning rate grew exponentially over one run and {stop}. Train where the loss falls fastest: "
        + ", ".join(marks)
        + tenth
        + "."
    )


# --- sweep -------------------------------------------------------------------------------------


def _sweep(plt, result, scene, progress) -> str:
    sweep = result.sweep
    values = np.asarray(sweep["values"], dtype=float)
    upto = shown(len(values), progress)
    loss = np.asarray(sweep["test_loss"], dtype=float)[:upto]
    train_loss = np.asarray(sweep["train_loss"], dtype=float)[:upto]
    ok = (np.asarray(sweep["diverged_at"]) < 0)[:upto] & np.isfinite(loss)
    v = values[:upto]
    plt.plot(*lists(v[ok], positive(train_loss[ok])), marker="braille", color=colour(1), label="training loss")
    plt.plot(*lists(v[ok], positive(loss[ok])), marker="braille", color=colour(0), label="test loss")
    plt.scatter(*lists(v[ok], positive(loss[ok])), marker="•", color=colour(0))
    if (~ok).any():
        y = float(positive(loss[ok]).max()) if ok.any() else 1.0
        plt.scatter(*lists(v[~ok], np.full(int((~ok).sum()), y)), marker=WRONG, color="red+", label="diverged")
    if sweep["log"]:
        log_axis(plt, values, "x")
    if ok.any() and np.all(loss[ok] > 0):
        log_axis(plt, [positive(loss[ok]), positive(train_loss[ok])], "y")
    epochs = result.train.epochs
    plt.title(f"Final loss after {epochs} epochs against {sweep['param']} ({len(values)} networks, one batched run)")
    plt.xlabel(sweep["param"] + (" (log)" if sweep["log"] else ""))
    if not ok.any():
        return f"Every network diverged; lower the range of {sweep['param']}."
    best = int(np.flatnonzero(ok)[np.argmin(loss[ok])])
    gone = int((~ok).sum())
    return (
        f"Each value trained its own network from the same initial weights and data order. The lowest test loss, "
        f"{fmt(loss[best])}, is at {sweep['param']} = {fmt(v[best])}"
        + (f"; × marks {gone} network(s) that diverged." if gone else ".")
        + " Where the training loss keeps falling but the test loss rises, the networks overfit."
    )
