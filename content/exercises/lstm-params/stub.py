"""How many parameters an LSTM has (card: lstm).

Write lstm_param_count(input_size, hidden_size, num_layers, bias): the number of parameters of
torch.nn.LSTM(input_size, hidden_size, num_layers, bias) (unidirectional, no projection), an int.

Per layer, with h = hidden_size and n_in its input size (input_size for layer 1, h after):
    weight_ih (4h × n_in), weight_hh (4h × h), and if bias: bias_ih (4h) and bias_hh (4h)

Check it with:  dltutor practice lstm-params   (add --watch to re-check on every save)
"""


def lstm_param_count(input_size, hidden_size, num_layers, bias):
    raise NotImplementedError
