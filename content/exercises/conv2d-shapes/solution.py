def pair(v):
    return (v, v) if isinstance(v, int) else tuple(v)


def conv2d_output_shape(height, width, kernel_size, stride, padding, dilation):
    return tuple((size + 2 * p - d * (k - 1) - 1) // s + 1
                 for size, k, s, p, d in zip((height, width), pair(kernel_size), pair(stride),
                                             pair(padding), pair(dilation)))


def conv2d_param_count(in_channels, out_channels, kernel_size, bias):
    kh, kw = pair(kernel_size)
    return out_channels * in_channels * kh * kw + (out_channels if bias else 0)
