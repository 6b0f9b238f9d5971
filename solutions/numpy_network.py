"""Reference solution: a deep network from scratch, NumPy only.

Same functions as ``exercises/numpy_network.py``, each filled in. Run
``make grade EX=numpy_network SOLUTIONS=1`` to see it pass every check.

Shapes: one example per column. ``X`` is (features, examples), ``Y`` is one-hot (classes,
examples), ``W<l>`` is (units of layer l, units of layer l-1) and ``b<l>`` is (units, 1).
"""

import numpy as np
from sklearn.model_selection import train_test_split

from datasets import load_iris


def initialize_parameters(layer_dims, method="he"):
    parameters = {}
    for layer in range(1, len(layer_dims)):
        fan_in, fan_out = layer_dims[layer - 1], layer_dims[layer]
        if method == "zeros":
            weights = np.zeros((fan_out, fan_in))
        else:
            scale = np.sqrt(2 / fan_in) if method == "he" else np.sqrt(2 / (fan_in + fan_out))
            weights = np.random.randn(fan_out, fan_in) * scale
        parameters[f"W{layer}"] = weights
        parameters[f"b{layer}"] = np.zeros((fan_out, 1))
    return parameters


def sigmoid(Z):
    return 1 / (1 + np.exp(-Z))


def relu(Z):
    return np.maximum(0, Z)


def softmax(Z):
    exps = np.exp(Z - Z.max(axis=0, keepdims=True))
    return exps / exps.sum(axis=0, keepdims=True)


def sigmoid_backward(dA, Z):
    s = sigmoid(Z)
    return dA * s * (1 - s)


def relu_backward(dA, Z):
    return dA * (Z > 0)


def linear_forward(A_prev, W, b):
    return W @ A_prev + b


ACTIVATIONS = {"relu": (relu, relu_backward), "sigmoid": (sigmoid, sigmoid_backward)}


def forward_pass(X, parameters, hidden_activation="relu"):
    activate = ACTIVATIONS[hidden_activation][0]
    layers = len(parameters) // 2
    A, caches = X, []
    for layer in range(1, layers + 1):
        W, b = parameters[f"W{layer}"], parameters[f"b{layer}"]
        Z = linear_forward(A, W, b)
        caches.append((A, W, b, Z))
        A = softmax(Z) if layer == layers else activate(Z)
    return A, caches


def compute_cost(AL, Y):
    return float(-np.sum(Y * np.log(AL)) / Y.shape[1])


def linear_backward(dZ, A_prev, W):
    return W.T @ dZ, dZ @ A_prev.T, dZ.sum(axis=1, keepdims=True)


def backward_pass(AL, Y, caches, hidden_activation="relu"):
    derivative = ACTIVATIONS[hidden_activation][1]
    grads = {}
    dZ = (AL - Y) / Y.shape[1]  # softmax and the mean cross-entropy, differentiated together
    for layer in range(len(caches), 0, -1):
        A_prev, W, _b, _Z = caches[layer - 1]
        dA_prev, grads[f"dW{layer}"], grads[f"db{layer}"] = linear_backward(dZ, A_prev, W)
        if layer > 1:
            dZ = derivative(dA_prev, caches[layer - 2][3])
    return grads


def update_parameters(parameters, grads, learning_rate):
    return {name: value - learning_rate * grads[f"d{name}"] for name, value in parameters.items()}


def train(X, Y, layer_dims, hidden_activation="relu", learning_rate=0.1, epochs=1000,
          init="he"):
    parameters = initialize_parameters(layer_dims, init)
    costs = []
    for _epoch in range(epochs):
        AL, caches = forward_pass(X, parameters, hidden_activation)
        costs.append(compute_cost(AL, Y))
        grads = backward_pass(AL, Y, caches, hidden_activation)
        parameters = update_parameters(parameters, grads, learning_rate)
    return parameters, costs


def predict(X, parameters, hidden_activation="relu"):
    AL, _caches = forward_pass(X, parameters, hidden_activation)
    return AL.argmax(axis=0)


def solve_xor(X, Y):
    without_hidden, _costs = train(X, Y, [2, 2], learning_rate=0.5, epochs=2000)
    with_hidden, _costs = train(X, Y, [2, 8, 2], learning_rate=0.5, epochs=2000)
    return without_hidden, with_hidden


def prepare_iris():
    iris = load_iris()
    X = iris.drop(columns="species").to_numpy()
    codes = iris["species"].astype("category").cat.codes.to_numpy()
    X_train, X_test, c_train, c_test = train_test_split(X, codes, random_state=417)
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    one_hot = np.eye(3)
    return ((X_train - mean) / std).T, ((X_test - mean) / std).T, one_hot[c_train].T, one_hot[c_test].T


def train_iris(X_train, Y_train):
    parameters, _costs = train(X_train, Y_train, [4, 16, 3], learning_rate=0.1, epochs=1000)
    return parameters


def gradient_norms(X, Y, parameters):
    norms = []
    for activation in ("sigmoid", "relu"):
        AL, caches = forward_pass(X, parameters, activation)
        grads = backward_pass(AL, Y, caches, activation)
        norms.append([float(np.linalg.norm(grads[f"dW{layer}"]))
                      for layer in range(1, len(caches) + 1)])
    return norms[0], norms[1]


def symmetry(X, Y):
    first_layers = []
    for init in ("zeros", "he"):
        parameters, _costs = train(X, Y, [4, 5, 3], "sigmoid", learning_rate=0.5, epochs=50,
                                   init=init)
        first_layers.append(parameters["W1"])
    return first_layers[0], first_layers[1]


if __name__ == "__main__":
    X_train, X_test, Y_train, Y_test = prepare_iris()
    parameters = train_iris(X_train, Y_train)
    accuracy = (predict(X_test, parameters) == Y_test.argmax(axis=0)).mean()
    print(f"iris test accuracy, NumPy only: {accuracy:.3f}")
