"""Early stopping with patience (card: early-stopping).

Write early_stopping(val_losses, patience, min_delta), the rule of Keras' EarlyStopping and
Lightning's EarlyStopping (mode "min"), run over a list of validation losses, epoch 0 first.

    an epoch improves when loss < best − min_delta (best starts at +inf)
    on an improvement: best = loss, best_epoch = epoch, wait = 0;  otherwise wait += 1
    training stops at the first epoch where wait reaches patience

Return (stop_epoch, best_epoch): stop_epoch is None when training never stops.
Check it with:  dltutor practice early-stopping   (add --watch to re-check on every save)
"""


def early_stopping(val_losses, patience, min_delta):
    raise NotImplementedError
