def lstm_param_count(input_size, hidden_size, num_layers, bias):
    h, total = hidden_size, 0
    for layer in range(num_layers):
        n_in = input_size if layer == 0 else h
        total += 4 * h * (n_in + h) + (8 * h if bias else 0)
    return total
