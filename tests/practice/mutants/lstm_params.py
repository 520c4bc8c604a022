def one_bias(input_size, hidden_size, num_layers, bias):
    total = 0
    for layer in range(num_layers):
        n_in = input_size if layer == 0 else hidden_size
        total += 4 * hidden_size * (n_in + hidden_size) + (4 * hidden_size if bias else 0)
    return total


def three_gates(input_size, hidden_size, num_layers, bias):
    total = 0
    for layer in range(num_layers):
        n_in = input_size if layer == 0 else hidden_size
        total += 3 * hidden_size * (n_in + hidden_size) + (6 * hidden_size if bias else 0)
    return total


def input_size_every_layer(input_size, hidden_size, num_layers, bias):
    per_layer = 4 * hidden_size * (input_size + hidden_size) + (8 * hidden_size if bias else 0)
    return num_layers * per_layer
