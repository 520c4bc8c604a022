def dampened_first_step(param, grad, momentum_buffer, step, lr, momentum, dampening, weight_decay):
    g = grad + weight_decay * param
    buf = momentum * momentum_buffer + (1 - dampening) * g  # the zeros passed in at step 1 are used
    return param - lr * buf, buf


def lr_in_buffer(param, grad, momentum_buffer, step, lr, momentum, dampening, weight_decay):
    g = grad + weight_decay * param
    v = lr * g if step == 1 else momentum * momentum_buffer + lr * (1 - dampening) * g
    return param - v, v


def decay_after_momentum(param, grad, momentum_buffer, step, lr, momentum, dampening, weight_decay):
    buf = grad.copy() if step == 1 else momentum * momentum_buffer + (1 - dampening) * grad
    return param - lr * (buf + weight_decay * param), buf
