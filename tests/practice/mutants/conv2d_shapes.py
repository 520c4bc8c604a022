def _pair(v):
    return (v, v) if isinstance(v, int) else tuple(v)


def dilation_ignored(height, width, kernel_size, stride, padding, dilation):
    k, s, p = _pair(kernel_size), _pair(stride), _pair(padding)
    return tuple((n + 2 * p[i] - k[i]) // s[i] + 1 for i, n in enumerate((height, width)))


def plus_one_missing(height, width, kernel_size, stride, padding, dilation):
    k, s, p, d = _pair(kernel_size), _pair(stride), _pair(padding), _pair(dilation)
    return tuple((n + 2 * p[i] - d[i] * (k[i] - 1) - 1) // s[i] for i, n in enumerate((height, width)))


def padding_once(height, width, kernel_size, stride, padding, dilation):
    k, s, p, d = _pair(kernel_size), _pair(stride), _pair(padding), _pair(dilation)
    return tuple((n + p[i] - d[i] * (k[i] - 1) - 1) // s[i] + 1 for i, n in enumerate((height, width)))


def in_channels_missing(in_channels, out_channels, kernel_size, bias):
    kh, kw = _pair(kernel_size)
    return out_channels * kh * kw + (out_channels if bias else 0)


def bias_per_weight(in_channels, out_channels, kernel_size, bias):
    kh, kw = _pair(kernel_size)
    w = out_channels * in_channels * kh * kw
    return w + (w if bias else 0)


def bias_ignored(in_channels, out_channels, kernel_size, bias):
    kh, kw = _pair(kernel_size)
    return out_channels * in_channels * kh * kw + out_channels
