def plain_momentum(param, grad, momentum_buffer, step, lr, momentum, weight_decay):
    g = grad + weight_decay * param
    buf = g if step == 1 else momentum * momentum_buffer + g
    return param - lr * buf, buf


def lookahead_without_momentum(param, grad, momentum_buffer, step, lr, momentum, weight_decay):
    g = grad + weight_decay * param
    buf = g if step == 1 else momentum * momentum_buffer + g
    return param - lr * (g + buf), buf
