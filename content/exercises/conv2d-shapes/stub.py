"""Conv2d output size and parameter count (card: convolution).

For torch.nn.Conv2d. kernel_size, stride, padding and dilation are each an int (the same for both
sides) or a pair (height, width).

    conv2d_output_shape(height, width, kernel_size, stride, padding, dilation) -> (h_out, w_out)
        per side: ⌊(in + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1      (ints)

    conv2d_param_count(in_channels, out_channels, kernel_size, bias) -> int
        out_channels·in_channels·kh·kw weights, plus out_channels biases if bias

Check it with:  dltutor practice conv2d-shapes   (add --watch to re-check on every save)
"""


def conv2d_output_shape(height, width, kernel_size, stride, padding, dilation):
    raise NotImplementedError


def conv2d_param_count(in_channels, out_channels, kernel_size, bias):
    raise NotImplementedError
