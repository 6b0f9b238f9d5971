"""Sign Language MNIST: 28x28 grayscale hand signs for the letters A-Y except J (Kaggle)."""

from pathlib import Path

from messages import _

from ._files import DatasetError, RemoteFile, could_not_get, fetch, verify, where_to_put
from ._files import data_dir as chosen_data_dir
from ._parsers import read_pixel_csv

KAGGLE_DATASET = "datamunge/sign-language-mnist"
KAGGLE_URL = "https://www.kaggle.com/datasets/datamunge/sign-language-mnist"
CSV = {
    "train": RemoteFile("sign-language-mnist", "sign_mnist_train.csv",
                        "b7ff39ad5f1210fa765ce11aa5f20c2e97fe467ffc22231aac923c863eef75c4"),
    "test": RemoteFile("sign-language-mnist", "sign_mnist_test.csv",
                       "178c0dd21c4b0e86d58df12f14ea1e9efa795ad19d146802b3b28094a16d56ae"),
}
CSV_GZ = {
    "train": RemoteFile("sign-language-mnist", "sign_mnist_train.csv.gz",
                        "be7a610565cfb0a558aa2625d554674629aa03f94e6061376b128114dd5acf6a"),
    "test": RemoteFile("sign-language-mnist", "sign_mnist_test.csv.gz",
                       "6421b0f6bfb368d698d9afc66892e004430ab5fe6d3f340663eb4b78567c273a"),
}
# Label k is the letter chr(ord('A') + k); 9 (J) and 25 (Z) need motion and are absent.
LETTERS = {k: chr(ord("A") + k) for k in range(26) if k not in (9, 25)}


def _from_kaggle(split, data_dir=None):
    """Download through kagglehub (when installed) and return the verified CSV's path."""
    remote = CSV[split]

    def manual_fix(reason):
        files = _("{train} and {test} (or .csv.gz)").format(train="sign_mnist_train.csv",
                                                             test="sign_mnist_test.csv")
        return "\n".join([
            could_not_get(remote, reason),
            _("Fix: download the dataset from {url} and {where}").format(
                url=KAGGLE_URL, where=where_to_put(remote, chosen_data_dir(data_dir), files))])

    try:
        import kagglehub
    except ImportError:
        raise DatasetError(manual_fix(_("kagglehub is not installed"))) from None
    try:
        folder = Path(kagglehub.dataset_download(KAGGLE_DATASET))
    except Exception as error:  # no network, no credentials, Kaggle down: one message
        raise DatasetError(manual_fix(_("kagglehub could not download it ({error})").format(
            error=error))) from None
    for path in sorted(folder.rglob(remote.name)):
        verify(path, remote)
        return path
    raise DatasetError(manual_fix(_("the Kaggle download in {folder} has no {file}").format(
        folder=folder, file=remote.name)))


def load_sign_language_mnist(data_dir=None):
    """Load Sign Language MNIST as ``(train, test)`` pandas DataFrames.

    Each row is one image: a ``label`` column (0-24, no 9) then ``pixel1`` .. ``pixel784``
    (28x28, row by row, 0-255). 27,455 training and 7,172 test rows. ``LETTERS`` maps labels to
    letters.

    Example:
    >>> train, test = load_sign_language_mnist()
    >>> train.shape, LETTERS[int(train.label[0])]
    ((27455, 785), 'D')
    """
    frames = []
    for split in ("train", "test"):
        try:
            path = fetch(CSV_GZ[split], data_dir, alternatives=(CSV[split],))
        except DatasetError:  # no local copy and no direct URL: Kaggle is the upstream
            path = _from_kaggle(split, data_dir)
        frames.append(read_pixel_csv(path))
    return tuple(frames)
