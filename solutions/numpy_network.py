### BEGIN SOLUTION
# The master of exercises/numpy_network.py and its notebook: the reference solution, with the
# instructions students read. `make exercises` writes the exercise from it, each solution block
# replaced by `raise NotImplementedError` (or left out, at the top level).
### END SOLUTION

# %% [markdown]
# # Exercise 5: a deep network from scratch, with NumPy alone.
#
# Keras hides the arithmetic of a network. Here you write it yourself: the parameters, the
# forward pass, the cost, the backward pass (backpropagation) and gradient descent. Then you use
# your network: XOR, which a network without a hidden layer cannot learn; the iris flowers of
# exercise 1; vanishing gradients; and why weights must not start at zero. Fill in each function,
# replacing ``raise NotImplementedError``, and run ``make grade EX=numpy_network`` after each
# step. Use NumPy only: a step that uses Keras or TensorFlow fails.
#
# Shapes: one example per column. ``X`` has shape (features, m) for m examples, ``Y`` is one-hot
# with shape (classes, m), ``W1`` has shape (units of layer 1, features) and ``b1`` (units of
# layer 1, 1). The hidden layers use relu or sigmoid; the output layer is always softmax, with
# the mean cross-entropy as the cost. The grader checks each backward pass by numerical
# gradient checking: it nudges every number by a tiny step and sees how the cost moves.
#
# **연습 문제 5.** NumPy만으로 심층 신경망을 처음부터 만듭니다.
#
# Keras는 신경망의 계산 과정을 감춰 둡니다. 여기서는 파라미터 초기화, 순전파, 비용 계산,
# 역전파(backpropagation), 경사 하강법(gradient descent)을 여러분이 직접 작성합니다. 그다음 직접
# 만든 신경망을 써 봅니다. 은닉층(hidden layer)이 없는 신경망으로는 학습할 수 없는 XOR,
# 연습 문제 1의 붓꽃, 그래디언트(gradient) 소실, 그리고 가중치(weight)를 0으로 시작하면 안 되는
# 이유를 다룹니다. 함수마다 ``raise NotImplementedError``를 여러분의 코드로 바꾸고, 한 단계를 끝낼
# 때마다 ``make grade EX=numpy_network``를 실행하세요. NumPy만 쓰세요. Keras나 TensorFlow를 쓴
# 단계는 통과하지 못합니다.
#
# 배열의 모양: 열 하나가 샘플 하나입니다. 샘플이 m개일 때 ``X``의 모양은 (특성 수, m)이고, ``Y``는
# 모양이 (클래스 수, m)인 원-핫 배열입니다. ``W1``의 모양은 (층 1의 유닛 수, 특성 수), ``b1``의
# 모양은 (층 1의 유닛 수, 1)입니다. 은닉층은 relu나 sigmoid를 쓰고, 출력층은 언제나 softmax이며,
# 비용은 교차 엔트로피의 평균입니다. 채점기는 역전파 함수마다 수치 그래디언트 검사로 결과를
# 확인합니다. 숫자 하나하나를 아주 조금씩 움직여 보고 비용이 어떻게 바뀌는지 살피는 방법입니다.


# %%
import numpy as np  # noqa: F401  (you will need these)
from sklearn.model_selection import train_test_split  # noqa: F401

from datasets import load_iris  # noqa: F401


# %% [markdown]
# ## 1-2. Initialize the parameters · 파라미터 초기화


# %%
def initialize_parameters(layer_dims, method="he"):
    """Steps 1 and 2. Make the weights and biases of a network with these layer sizes.

    ``layer_dims`` lists the units of every layer, the input first: ``[4, 16, 3]`` is 4
    features, a hidden layer of 16 units and 3 outputs. For each layer l from 1, make
    ``W<l>`` of shape (layer_dims[l], layer_dims[l-1]) and ``b<l>`` of zeros of shape
    (layer_dims[l], 1). The weights are random normal numbers (``np.random.randn``) times a
    scale that keeps the signal from growing or shrinking layer after layer:
      * ``"he"`` (for relu): ``np.sqrt(2 / layer_dims[l-1])``,
      * ``"glorot"`` (Xavier, for sigmoid): ``np.sqrt(2 / (layer_dims[l-1] + layer_dims[l]))``,
      * ``"zeros"``: all weights 0 (step 22 shows why nobody does this).

    Returns:
        A dict ``{"W1": ..., "b1": ..., "W2": ..., ...}``.

    1, 2단계. 주어진 층(layer) 크기대로 신경망의 가중치(weight)와 편향을 만드세요.

    ``layer_dims``는 입력부터 차례로 층마다 유닛 수를 적은 리스트입니다. 예를 들어 ``[4, 16, 3]``은
    특성 4개, 유닛 16개짜리 은닉층(hidden layer) 하나, 출력 3개를 뜻합니다. 1부터 시작하는 층 l마다,
    모양이 (layer_dims[l], layer_dims[l-1])인 ``W<l>``과, 모양이 (layer_dims[l], 1)이고 0으로 채운
    ``b<l>``을 만드세요. 가중치는 정규 분포 난수(``np.random.randn``)에 배율을 곱한 값입니다. 이
    배율은 신호가 층을 지날 때마다 점점 커지거나 작아지지 않게 해 줍니다.
      * ``"he"``(relu용): ``np.sqrt(2 / layer_dims[l-1])``
      * ``"glorot"``(Xavier, sigmoid용): ``np.sqrt(2 / (layer_dims[l-1] + layer_dims[l]))``
      * ``"zeros"``: 가중치를 모두 0으로 둡니다(아무도 이렇게 하지 않는 이유는 22단계에서 봅니다).

    반환값: dict ``{"W1": ..., "b1": ..., "W2": ..., ...}``.
    """
    ### BEGIN SOLUTION
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
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("init_he")


# %% tags=["active-ipynb"]
# check("init_glorot")


# %% [markdown]
# ## 3-5. Activation functions · 활성화 함수


# %%
def sigmoid(Z):
    """Step 3. Sigmoid, element by element: ``1 / (1 + np.exp(-Z))``, between 0 and 1.

    Returns:
        An array of the shape of ``Z``.

    3단계. 원소별로 sigmoid를 계산하세요: ``1 / (1 + np.exp(-Z))``. 값은 0과 1 사이입니다.

    반환값: ``Z``와 모양이 같은 배열.
    """
    ### BEGIN SOLUTION
    return 1 / (1 + np.exp(-Z))
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("sigmoid")


# %%
def relu(Z):
    """Step 4. ReLU, element by element: ``np.maximum(0, Z)``.

    Returns:
        An array of the shape of ``Z``.

    4단계. 원소별로 ReLU를 계산하세요: ``np.maximum(0, Z)``.

    반환값: ``Z``와 모양이 같은 배열.
    """
    ### BEGIN SOLUTION
    return np.maximum(0, Z)
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("relu")


# %%
def softmax(Z):
    """Step 5. Softmax over each column (each example): the column's scores become
    probabilities that add up to 1. Subtract each column's maximum first
    (``Z - Z.max(axis=0, keepdims=True)``): the result is the same, and ``np.exp`` cannot
    overflow.

    Returns:
        An array of the shape of ``Z``, each column summing to 1.

    5단계. 열(샘플)마다 softmax를 계산하세요. 각 열의 점수를 합이 1인 확률로 바꿉니다. 먼저 열마다
    최댓값을 빼세요(``Z - Z.max(axis=0, keepdims=True)``). 그래도 결과는 같고, ``np.exp``에서
    오버플로가 일어나지 않습니다.

    반환값: ``Z``와 모양이 같은 배열. 열마다 합이 1입니다.
    """
    ### BEGIN SOLUTION
    exps = np.exp(Z - Z.max(axis=0, keepdims=True))
    return exps / exps.sum(axis=0, keepdims=True)
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("softmax")


# %% [markdown]
# ## 6-7. Their backward passes · 활성화 함수의 역전파


# %%
def sigmoid_backward(dA, Z):
    """Step 6. Given ``dA``, the gradient of the cost with respect to a layer's output
    A = sigmoid(Z), return ``dZ``, the gradient with respect to its input Z. By the chain rule
    ``dZ = dA * s * (1 - s)`` with ``s = sigmoid(Z)``: the derivative is taken at the input Z.

    Returns:
        ``dZ``, of the shape of ``Z``.

    6단계. 층(layer)의 출력 A = sigmoid(Z)에 대한 비용의 그래디언트(gradient) ``dA``가 주어지면,
    입력 Z에 대한 그래디언트 ``dZ``를 반환하세요. 연쇄 법칙에 따라 ``s = sigmoid(Z)``라 할 때
    ``dZ = dA * s * (1 - s)``입니다. 도함수는 입력 Z에서 구합니다.

    반환값: ``Z``와 모양이 같은 ``dZ``.
    """
    ### BEGIN SOLUTION
    s = sigmoid(Z)
    return dA * s * (1 - s)
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("sigmoid_backward")


# %%
def relu_backward(dA, Z):
    """Step 7. The same for relu: its derivative is 1 where Z > 0 and 0 elsewhere, so
    ``dZ = dA * (Z > 0)``.

    Returns:
        ``dZ``, of the shape of ``Z``.

    7단계. relu도 같은 방식으로 계산하세요. relu의 도함수는 Z > 0인 곳에서 1, 나머지에서 0이므로
    ``dZ = dA * (Z > 0)``입니다.

    반환값: ``Z``와 모양이 같은 ``dZ``.
    """
    ### BEGIN SOLUTION
    return dA * (Z > 0)
    ### END SOLUTION


### BEGIN SOLUTION
ACTIVATIONS = {"relu": (relu, relu_backward), "sigmoid": (sigmoid, sigmoid_backward)}
### END SOLUTION


# %% tags=["active-ipynb"]
# check("relu_backward")


# %% [markdown]
# ## 8-10. The forward pass · 순전파


# %%
def linear_forward(A_prev, W, b):
    """Step 8. A layer's linear part: ``Z = W @ A_prev + b``. ``A_prev`` is the previous
    layer's output (or X), of shape (units before, m); ``b`` (units, 1) is added to every column.

    Returns:
        ``Z``, of shape (units, m).

    8단계. 층(layer)의 선형 계산 ``Z = W @ A_prev + b``를 구현하세요. ``A_prev``는 앞 층의
    출력(또는 X)으로, 모양은 (앞 층의 유닛 수, m)입니다. 모양이 (유닛 수, 1)인 ``b``는 모든 열에
    더해집니다.

    반환값: 모양이 (유닛 수, m)인 ``Z``.
    """
    ### BEGIN SOLUTION
    return W @ A_prev + b
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("linear_forward")


# %%
def forward_pass(X, parameters, hidden_activation="relu"):
    """Steps 9 and 10. The forward pass of the whole network.

    With L = ``len(parameters) // 2`` layers, start from A = X; for l = 1 to L compute
    ``Z = linear_forward(A, W<l>, b<l>)``, append ``(A, W<l>, b<l>, Z)`` to a list ``caches``
    (the backward pass needs them), then A = ``softmax(Z)`` for the last layer and
    ``relu(Z)`` or ``sigmoid(Z)`` (``hidden_activation``) for the others.

    Returns:
        ``(AL, caches)``: the output probabilities, shape (classes, m), and the list of caches.

    9, 10단계. 신경망 전체의 순전파를 구현하세요.

    층(layer)이 L = ``len(parameters) // 2``개일 때, A = X에서 시작해 l = 1부터 L까지
    ``Z = linear_forward(A, W<l>, b<l>)``를 계산하고, ``(A, W<l>, b<l>, Z)``를 리스트 ``caches``에
    추가하세요(역전파에 필요합니다). 그다음 A를 마지막 층이면 ``softmax(Z)``로, 나머지 층이면
    ``hidden_activation``에 따라 ``relu(Z)``나 ``sigmoid(Z)``로 구하세요.

    반환값: ``(AL, caches)``. 모양이 (클래스 수, m)인 출력 확률과 caches 리스트입니다.
    """
    ### BEGIN SOLUTION
    activate = ACTIVATIONS[hidden_activation][0]
    layers = len(parameters) // 2
    A, caches = X, []
    for layer in range(1, layers + 1):
        W, b = parameters[f"W{layer}"], parameters[f"b{layer}"]
        Z = linear_forward(A, W, b)
        caches.append((A, W, b, Z))
        A = softmax(Z) if layer == layers else activate(Z)
    return A, caches
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("forward_pass")


# %% tags=["active-ipynb"]
# check("forward_pass_sigmoid")


# %% [markdown]
# ## 11. The cross-entropy cost · 교차 엔트로피 비용


# %%
def compute_cost(AL, Y):
    """Step 11. The cross-entropy cost, averaged over the m examples:
    ``-np.sum(Y * np.log(AL)) / m`` with ``m = Y.shape[1]``.

    Returns:
        The cost, a float.

    11단계. m개 샘플에 대해 평균한 교차 엔트로피 비용을 구하세요. ``m = Y.shape[1]``일 때 비용은
    ``-np.sum(Y * np.log(AL)) / m``입니다.

    반환값: 비용(float 하나).
    """
    ### BEGIN SOLUTION
    return float(-np.sum(Y * np.log(AL)) / Y.shape[1])
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("compute_cost")


# %% [markdown]
# ## 12-14. The backward pass · 역전파


# %%
def linear_backward(dZ, A_prev, W):
    """Step 12. The backward pass of ``Z = W @ A_prev + b``: given ``dZ`` (the gradient of the
    cost with respect to Z), the gradients with respect to the layer's input and parameters:
    ``dA_prev = W.T @ dZ``, ``dW = dZ @ A_prev.T``, ``db = dZ.sum(axis=1, keepdims=True)``. The
    average over examples (1/m) is already inside ``dZ`` (see step 13).

    Returns:
        ``(dA_prev, dW, db)``, of the shapes of ``A_prev``, ``W`` and b (units, 1).

    12단계. ``Z = W @ A_prev + b``의 역전파: Z에 대한 비용의 그래디언트(gradient) ``dZ``가 주어지면,
    층(layer)의 입력과 파라미터에 대한 그래디언트를 구하세요: ``dA_prev = W.T @ dZ``,
    ``dW = dZ @ A_prev.T``, ``db = dZ.sum(axis=1, keepdims=True)``. 샘플에 대한 평균(1/m)은 이미
    ``dZ`` 안에 들어 있습니다(13단계 참고).

    반환값: ``(dA_prev, dW, db)``. 각각 ``A_prev``, ``W``, b(유닛 수, 1)와 모양이 같습니다.
    """
    ### BEGIN SOLUTION
    return W.T @ dZ, dZ @ A_prev.T, dZ.sum(axis=1, keepdims=True)
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("linear_backward")


# %%
def backward_pass(AL, Y, caches, hidden_activation="relu"):
    """Steps 13 and 14. The backward pass of the whole network: the gradient of the cost for
    every parameter.

    For softmax with the mean cross-entropy the output layer's gradient is simply
    ``dZ = (AL - Y) / m``. Then for l = L down to 1, with ``(A_prev, W, b, Z) = caches[l-1]``:
    ``dA_prev, dW<l>, db<l> = linear_backward(dZ, A_prev, W)``; unless l is 1, the next dZ is
    the hidden activation's backward pass of ``dA_prev`` at the Z of the layer below
    (``caches[l-2]``): ``relu_backward`` or ``sigmoid_backward``.

    Returns:
        A dict ``{"dW1": ..., "db1": ..., ...}``, each of the shape of its parameter.

    13, 14단계. 신경망 전체의 역전파를 구현하세요. 모든 파라미터에 대한 비용의
    그래디언트(gradient)를 구합니다.

    softmax와 교차 엔트로피 평균을 함께 쓰면 출력층의 그래디언트는 간단히
    ``dZ = (AL - Y) / m``입니다. 그다음 l = L부터 1까지 내려가면서,
    ``(A_prev, W, b, Z) = caches[l-1]``로
    ``dA_prev, dW<l>, db<l> = linear_backward(dZ, A_prev, W)``를 구하세요. l이 1이 아니면, 다음 dZ는
    ``dA_prev``에 은닉 활성화(activation)의 역전파(``relu_backward``나 ``sigmoid_backward``)를
    적용한 값입니다. 이때 도함수는 아래 층(``caches[l-2]``)의 Z에서 구합니다.

    반환값: dict ``{"dW1": ..., "db1": ..., ...}``. 각 값은 해당 파라미터와 모양이 같습니다.
    """
    ### BEGIN SOLUTION
    derivative = ACTIVATIONS[hidden_activation][1]
    grads = {}
    dZ = (AL - Y) / Y.shape[1]  # softmax and the mean cross-entropy, differentiated together
    for layer in range(len(caches), 0, -1):
        A_prev, W, _b, _Z = caches[layer - 1]
        dA_prev, grads[f"dW{layer}"], grads[f"db{layer}"] = linear_backward(dZ, A_prev, W)
        if layer > 1:
            dZ = derivative(dA_prev, caches[layer - 2][3])
    return grads
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("backward_pass")


# %% tags=["active-ipynb"]
# check("backward_pass_sigmoid")


# %% [markdown]
# ## 15. One gradient descent update · 경사 하강법으로 한 번 업데이트하기


# %%
def update_parameters(parameters, grads, learning_rate):
    """Step 15. One gradient descent update: every parameter moves against its gradient,
    ``W<l> - learning_rate * dW<l>`` and ``b<l> - learning_rate * db<l>``.

    Returns:
        A new dict with the same keys as ``parameters``.

    15단계. 경사 하강법(gradient descent)으로 한 번 업데이트하세요. 모든 파라미터를
    그래디언트(gradient)의 반대 방향으로 움직입니다: ``W<l> - learning_rate * dW<l>``,
    ``b<l> - learning_rate * db<l>``.

    반환값: ``parameters``와 키가 같은 새 dict.
    """
    ### BEGIN SOLUTION
    return {name: value - learning_rate * grads[f"d{name}"] for name, value in parameters.items()}
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("update_parameters")


# %% [markdown]
# ## 16-18. Training on iris · 붓꽃으로 학습하기


# %%
def prepare_iris():
    """Step 16. The iris data of exercise 1, laid out for this network.

    Take the four measurements and the species codes (0, 1, 2 in alphabetical order, as
    ``LabelEncoder`` gives), split them with ``train_test_split(..., random_state=417)`` as in
    exercise 1, standardize both sets with the mean and standard deviation of the training rows
    only (``X_train.mean(axis=0)``, ``X_train.std(axis=0)``), and turn everything to one example
    per column: X of shape (4, m) and Y one-hot of shape (3, m) (``np.eye(3)[codes].T``).

    Returns:
        ``(X_train, X_test, Y_train, Y_test)``.

    16단계. 연습 문제 1의 붓꽃 데이터를 이 신경망에 맞는 모양으로 준비하세요.

    측정값 네 개와 품종 코드(``LabelEncoder``가 주는 것처럼 알파벳 순서의 0, 1, 2)를 가져와, 연습
    문제 1에서처럼 ``train_test_split(..., random_state=417)``로 나누세요. 그다음 학습 행만으로 구한
    평균과 표준편차(``X_train.mean(axis=0)``, ``X_train.std(axis=0)``)로 두 세트를 모두 표준화하고,
    열 하나가 샘플 하나가 되도록 모두 바꾸세요. X는 모양이 (4, m)이고, Y는 모양이 (3, m)인 원-핫
    배열입니다(``np.eye(3)[codes].T``).

    반환값: ``(X_train, X_test, Y_train, Y_test)``.
    """
    ### BEGIN SOLUTION
    iris = load_iris()
    X = iris.drop(columns="species").to_numpy()
    codes = iris["species"].astype("category").cat.codes.to_numpy()
    X_train, X_test, c_train, c_test = train_test_split(X, codes, random_state=417)
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    one_hot = np.eye(3)
    return ((X_train - mean) / std).T, ((X_test - mean) / std).T, one_hot[c_train].T, one_hot[c_test].T
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("prepare_iris")


# %%
def train(X, Y, layer_dims, hidden_activation="relu", learning_rate=0.1, epochs=1000,
          init="he"):
    """Step 17. The training loop (full-batch gradient descent).

    ``parameters = initialize_parameters(layer_dims, init)``; then, ``epochs`` times:
    ``forward_pass``, ``compute_cost`` (append it to a list ``costs``), ``backward_pass``,
    ``update_parameters``.

    Returns:
        ``(parameters, costs)``: the trained parameters and one cost per epoch.

    17단계. 학습 반복문을 만드세요. 전체 배치(batch)로 하는 경사 하강법(gradient descent)입니다.

    먼저 ``parameters = initialize_parameters(layer_dims, init)``을 실행한 다음, ``epochs``번
    반복하세요: ``forward_pass``, ``compute_cost``(비용은 리스트 ``costs``에 추가합니다),
    ``backward_pass``, ``update_parameters``.

    반환값: ``(parameters, costs)``. 학습한 파라미터와, 에포크(epoch)마다 하나씩 기록한 비용입니다.
    """
    ### BEGIN SOLUTION
    parameters = initialize_parameters(layer_dims, init)
    costs = []
    for _epoch in range(epochs):
        AL, caches = forward_pass(X, parameters, hidden_activation)
        costs.append(compute_cost(AL, Y))
        grads = backward_pass(AL, Y, caches, hidden_activation)
        parameters = update_parameters(parameters, grads, learning_rate)
    return parameters, costs
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("train")


# %%
def predict(X, parameters, hidden_activation="relu"):
    """Step 18. The predicted class of each example: the row with the highest probability in
    its column of ``forward_pass(...)[0]`` (``argmax(axis=0)``).

    Returns:
        An array of class numbers, one per example.

    18단계. 샘플마다 클래스를 예측하세요. ``forward_pass(...)[0]``에서 샘플의 열을 보고, 확률이 가장
    큰 행을 고르면 됩니다(``argmax(axis=0)``).

    반환값: 샘플마다 클래스 번호가 하나씩 든 배열.
    """
    ### BEGIN SOLUTION
    AL, _caches = forward_pass(X, parameters, hidden_activation)
    return AL.argmax(axis=0)
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("predict")


# %% [markdown]
# ## 19-22. Experiments · 실험


# %%
def solve_xor(X, Y):
    """Step 19. XOR: (0, 0) and (1, 1) are one class, (0, 1) and (1, 0) the other. A single
    layer draws one straight line, and no straight line splits these points.

    Train two networks on the four points with your ``train``: ``[2, 2]`` (no hidden layer) and
    ``[2, 8, 2]`` (a hidden layer of 8 relu units), each with ``learning_rate=0.5`` and
    ``epochs=2000``. The grader measures both: the first can never get all four right; the
    second must.

    Returns:
        ``(parameters_without_hidden_layer, parameters_with_hidden_layer)``.

    19단계. XOR: (0, 0)과 (1, 1)이 한 클래스, (0, 1)과 (1, 0)이 다른 클래스입니다. 층(layer)
    하나로는 직선 하나만 그을 수 있는데, 어떤 직선으로도 이 점들을 나눌 수 없습니다.

    여러분이 만든 ``train``으로 네 점을 학습 데이터로 삼아 신경망 두 개를 학습시키세요. ``[2, 2]``는
    은닉층(hidden layer)이 없는 신경망이고, ``[2, 8, 2]``는 relu 유닛 8개짜리 은닉층이 있는
    신경망입니다. 둘 다 ``learning_rate=0.5``, ``epochs=2000``으로 학습시키세요. 채점기는 두
    신경망을 모두 평가합니다. 첫 번째 신경망은 네 점을 결코 모두 맞힐 수 없고, 두 번째 신경망은 모두
    맞혀야 합니다.

    반환값: ``(parameters_without_hidden_layer, parameters_with_hidden_layer)``.
    """
    ### BEGIN SOLUTION
    without_hidden, _costs = train(X, Y, [2, 2], learning_rate=0.5, epochs=2000)
    with_hidden, _costs = train(X, Y, [2, 8, 2], learning_rate=0.5, epochs=2000)
    return without_hidden, with_hidden
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("solve_xor")


# %%
def train_iris(X_train, Y_train):
    """Step 20. Iris with no Keras: ``train(X_train, Y_train, [4, 16, 3], "relu",
    learning_rate=0.1, epochs=1000)``. The grader measures the test accuracy of the parameters
    you return with its own forward pass; it must reach 0.92.

    Returns:
        The trained parameters.

    20단계. Keras 없이 붓꽃을 분류하세요:
    ``train(X_train, Y_train, [4, 16, 3], "relu", learning_rate=0.1, epochs=1000)``. 채점기는
    여러분이 반환한 파라미터로 자체 순전파를 실행해 테스트 정확도(accuracy)를 잽니다. 정확도가 0.92
    이상이어야 합니다.

    반환값: 학습한 파라미터.
    """
    ### BEGIN SOLUTION
    parameters, _costs = train(X_train, Y_train, [4, 16, 3], learning_rate=0.1, epochs=1000)
    return parameters
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("train_iris")


# %%
def gradient_norms(X, Y, parameters):
    """Step 21. Vanishing gradients. ``parameters`` is a deep network (9 layers of weights)
    given by the grader. Run one forward and one backward pass with sigmoid hidden layers, then
    with relu, and measure the size of each layer's weight gradient,
    ``np.linalg.norm(grads["dW<l>"])`` for l = 1 to L. Look at the numbers: with sigmoid the
    first layers get almost nothing to learn from, since each layer multiplies the gradient by
    sigmoid's derivative, at most 0.25.

    Returns:
        ``(sigmoid_norms, relu_norms)``: two lists of L floats, layer 1 first.

    21단계. 그래디언트(gradient) 소실. ``parameters``는 채점기가 주는 깊은 신경망으로,
    가중치(weight)가 있는 층(layer)이 9개입니다. 은닉층(hidden layer)에 sigmoid를 써서 순전파와
    역전파를 한 번씩 하고, relu로도 한 번씩 한 다음, 층마다 가중치 그래디언트의 크기
    ``np.linalg.norm(grads["dW<l>"])``을 l = 1부터 L까지 재세요. 숫자를 살펴보세요. sigmoid를 쓰면
    앞쪽 층은 학습에 쓸 신호를 거의 받지 못합니다. 층을 지날 때마다 그래디언트에 sigmoid의
    도함수(최댓값 0.25)가 곱해지기 때문입니다.

    반환값: ``(sigmoid_norms, relu_norms)``. float L개로 된 리스트 두 개로, 층 1부터 차례로 들어
    있습니다.
    """
    ### BEGIN SOLUTION
    norms = []
    for activation in ("sigmoid", "relu"):
        AL, caches = forward_pass(X, parameters, activation)
        grads = backward_pass(AL, Y, caches, activation)
        norms.append([float(np.linalg.norm(grads[f"dW{layer}"]))
                      for layer in range(1, len(caches) + 1)])
    return norms[0], norms[1]
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("gradient_norms")


# %%
def symmetry(X, Y):
    """Step 22. Why weights must not start equal. Train ``[4, 5, 3]`` with sigmoid hidden
    units, ``learning_rate=0.5``, ``epochs=50``, once with ``init="zeros"`` and once with
    ``init="he"``, and return the first layer's weights of each. From zeros every hidden unit
    gets the same gradient at every update, so all 5 rows of ``W1`` stay equal: five units that
    act as one.

    Returns:
        ``(W1_from_zeros, W1_from_he)``.

    22단계. 가중치(weight)를 같은 값으로 시작하면 안 되는 이유. sigmoid 은닉 유닛을 쓰는
    ``[4, 5, 3]`` 신경망을 ``learning_rate=0.5``, ``epochs=50``으로, 한 번은 ``init="zeros"``,
    한 번은 ``init="he"``로 학습시키고, 각각의 첫 번째 층(layer) 가중치를 반환하세요. 0에서 시작하면
    가중치를 업데이트할 때마다 모든 은닉 유닛이 같은 그래디언트(gradient)를 받으므로, ``W1``의 행
    5개가 계속 똑같습니다. 유닛 다섯 개가 하나처럼 움직이는 셈입니다.

    반환값: ``(W1_from_zeros, W1_from_he)``.
    """
    ### BEGIN SOLUTION
    first_layers = []
    for init in ("zeros", "he"):
        parameters, _costs = train(X, Y, [4, 5, 3], "sigmoid", learning_rate=0.5, epochs=50,
                                   init=init)
        first_layers.append(parameters["W1"])
    return first_layers[0], first_layers[1]
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("symmetry")


# %% [markdown]
# ## All together · 모두 함께


# %% tags=["active-ipynb"]
# check()


### BEGIN SOLUTION
if __name__ == "__main__":
    X_train, X_test, Y_train, Y_test = prepare_iris()
    parameters = train_iris(X_train, Y_train)
    accuracy = (predict(X_test, parameters) == Y_test.argmax(axis=0)).mean()
    print(f"iris test accuracy, NumPy only: {accuracy:.3f}")
### END SOLUTION
