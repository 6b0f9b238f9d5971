"""Zalando's Fashion-MNIST: 70,000 grayscale 28x28 images of clothes in 10 classes."""

from ._files import RemoteFile, fetch
from ._parsers import read_idx_gz

KERAS_ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
FILES = {
    "train_images": ("train-images-idx3-ubyte.gz",
                     "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84"),
    "train_labels": ("train-labels-idx1-ubyte.gz",
                     "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845"),
    "test_images": ("t10k-images-idx3-ubyte.gz",
                    "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073"),
    "test_labels": ("t10k-labels-idx1-ubyte.gz",
                    "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5"),
}
REMOTE = {key: RemoteFile("fashion-mnist", name, sha256, KERAS_ORIGIN + name)
          for key, (name, sha256) in FILES.items()}
CLASS_NAMES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
               "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]


def load_fashion_mnist(data_dir=None):
    """Load Fashion-MNIST as ``(x_train, y_train), (x_test, y_test)``, like Keras does.

    Images are ``uint8`` arrays of shape ``(n, 28, 28)`` with values 0-255; labels are 0-9 (see
    ``CLASS_NAMES``). 60,000 training and 10,000 test images.

    Example:
    >>> (x_train, y_train), (x_test, y_test) = load_fashion_mnist()
    >>> x_train.shape, CLASS_NAMES[y_train[0]]
    ((60000, 28, 28), 'Ankle boot')
    """
    arrays = {key: read_idx_gz(fetch(remote, data_dir)) for key, remote in REMOTE.items()}
    return ((arrays["train_images"], arrays["train_labels"]),
            (arrays["test_images"], arrays["test_labels"]))
