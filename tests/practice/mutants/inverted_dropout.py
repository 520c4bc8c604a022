def not_rescaled(x, p, mask):
    return x * mask


def scaled_by_p(x, p, mask):
    return x * mask / p


def grad_not_rescaled(grad_out, p, mask):
    return grad_out * mask


def mask_missing(grad_out, p, mask):
    return grad_out / (1 - p)
