"""The diabetes data (Efron et al., 2004) that scikit-learn ships: no download needed.

442 patients, ten measurements at baseline (age, sex, body mass index, blood pressure and six
blood serum measurements) and, the target, a measure of disease progression one year later. The
measurements come in their own units (``scaled=False``), so scaling them is the student's job.
"""

from pathlib import Path

from messages import _

from ._files import DatasetError, RemoteFile, verify

FILES = (  # scikit-learn's own copies, checked before use
    RemoteFile("diabetes", "diabetes_data_raw.csv.gz",
               "7fc0ded571454b1982210d3bb43f0aca44eae01a0b8654a3b24022bdb6b38009"),
    RemoteFile("diabetes", "diabetes_target.csv.gz",
               "8e53f65eb811df43c206f3534bb3af0e5fed213bc37ed6ba36310157d6023803"),
)
TARGET = "progression"


def load_diabetes():
    """Load the 442 patients as a DataFrame: columns ``age``, ``sex``, ``bmi``, ``bp``,
    ``s1`` ... ``s6`` (unscaled) and ``progression`` (the target, 25 to 346).

    Example:
    >>> diabetes = load_diabetes()
    >>> diabetes.shape
    (442, 11)
    """
    import sklearn
    from sklearn.datasets import load_diabetes as sklearn_diabetes

    folder = Path(sklearn.__file__).parent / "datasets" / "data"
    for remote in FILES:
        path = folder / remote.name
        if not path.is_file():
            raise DatasetError(_("{file} is missing from scikit-learn's installation. Fix: "
                                 "reinstall it (pip install --force-reinstall -r "
                                 "requirements.txt).").format(file=path))
        try:
            verify(path, remote)
        except DatasetError as error:
            raise DatasetError(str(error).splitlines()[0] + "\n" + _(
                "Fix: reinstall scikit-learn (pip install --force-reinstall -r "
                "requirements.txt).")) from None
    frame = sklearn_diabetes(as_frame=True, scaled=False).frame
    return frame.rename(columns={"target": TARGET})
