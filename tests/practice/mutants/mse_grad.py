def factor_two_missing(pred, target):
    d = pred - target
    return float((d**2).mean()), d / d.size


def divided_by_rows(pred, target):
    d = pred - target
    return float((d**2).mean()), 2 * d / len(d)


def sign_flipped(pred, target):
    d = target - pred
    return float((d**2).mean()), 2 * d / d.size
