"""The names of what can be simulated, without importing the engine.

Help texts and the lab's knobs need these lists before anything is simulated; importing the
registries would load NumPy (~90 ms) just to print them. A test keeps them equal to the registries.
"""

OPTIMIZERS = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adadelta", "adam", "adamw", "nadam",
              "backstitch")
SCHEDULES = ("constant", "step", "multistep", "exponential", "inverse-time", "polynomial", "linear", "cosine",
             "cosine-restarts", "cyclic", "one-cycle", "warmup-cosine", "plateau")
ACTIVATIONS = ("identity", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu", "gelu", "silu", "mish", "softplus",
               "softsign", "hardtanh", "hardsigmoid")
SURFACES = ("bowl", "ravine", "rosenbrock", "beale", "himmelblau", "booth", "saddle", "rastrigin", "plateau")
