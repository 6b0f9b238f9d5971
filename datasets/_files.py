"""Finding, fetching and verifying dataset files.

Every loader asks :func:`fetch` for a file by its name and checksum. The file comes from, in order:

1. the data directory (``data_dir`` argument, else the ``KIT_DATA_DIR`` environment variable),
   laid out as ``<data_dir>/<dataset>/<file name>``;
2. the Keras cache (``~/.keras/datasets/<dataset>/``, or ``$KERAS_HOME``);
3. a download from the upstream source into that cache, verified with
   ``keras.utils.get_file``.

Any problem is raised as :class:`DatasetError`, whose message names the file, what was expected and
the fix.
"""

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from messages import N_, _

DATA_DIR_ENV = "KIT_DATA_DIR"
FIX_DAMAGED = N_("Fix: delete it and copy or download it again.")


class DatasetError(Exception):
    """A dataset file is missing, damaged or unreadable. The message says how to fix it."""


@dataclass(frozen=True)
class RemoteFile:
    """One file of a dataset: where it lives upstream and how to recognise it.

    ``file_hash`` is a sha256 (64 hex digits) or md5 (32 hex digits) of the exact bytes.
    """

    dataset: str
    name: str
    file_hash: str
    origin: str | None = None

    @property
    def hash_algorithm(self):
        return "md5" if len(self.file_hash) == 32 else "sha256"


def data_dir(data_dir=None):
    """The data directory in force: the argument, else ``$KIT_DATA_DIR``, else ``None``."""
    chosen = data_dir or os.environ.get(DATA_DIR_ENV) or None
    return Path(chosen).expanduser() if chosen else None


def keras_home():
    """Keras's own folder: ``$KERAS_HOME``, else ``~/.keras``."""
    return Path(os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras"))


def cache_dir(dataset):
    """Where Keras keeps downloads of ``dataset`` (``~/.keras/datasets/<dataset>``)."""
    return keras_home() / "datasets" / dataset


_verified = {}


def file_digest(path, algorithm):
    """Hex digest of a file, read in chunks (large files never sit in memory whole)."""
    digest = hashlib.new(algorithm)
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def verify(path, remote):
    """Raise :class:`DatasetError` unless ``path`` holds exactly the bytes ``remote`` describes."""
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if _verified.get(key) == remote.file_hash:
        return
    found = file_digest(path, remote.hash_algorithm)
    if found != remote.file_hash:
        raise DatasetError(
            _("{file} is damaged or not the expected file: its {algorithm} is {found}, expected "
              "{expected}.").format(file=path, algorithm=remote.hash_algorithm, found=found,
                                    expected=remote.file_hash) + "\n"
            + (_("Fix: delete {file} and copy or download it again (upstream: {origin}).")
               if remote.origin else
               _("Fix: delete {file} and copy or download it again.")).format(
                file=path, origin=remote.origin))
    _verified[key] = remote.file_hash


def local_copy(remote, data_dir_=None):
    """The verified file from the data directory or the cache, or ``None`` when neither has it."""
    places = []
    chosen = data_dir(data_dir_)
    if chosen is not None:
        places.append(chosen / remote.dataset / remote.name)
    places.append(cache_dir(remote.dataset) / remote.name)
    for path in places:
        if path.is_file():
            verify(path, remote)
            return path
    return None


def fetch(remote, data_dir_=None, alternatives=()):
    """Path of a verified local copy of ``remote``, downloading it into the cache if need be.

    ``alternatives`` are other files with the same content in another packing (say, the gzipped
    CSV beside the plain one); a local copy of any of them is used before a download.
    """
    for candidate in (remote, *alternatives):
        found = local_copy(candidate, data_dir_)
        if found is not None:
            return found
    if remote.origin is None:
        raise DatasetError(missing_message(remote, data_dir_,
                                           reason=_("it has no direct download")))
    try:
        from keras.utils import get_file  # imported late: Keras is slow to import

        downloaded = get_file(
            fname=remote.name,
            origin=remote.origin,
            file_hash=remote.file_hash,
            cache_subdir=str(Path("datasets") / remote.dataset),
        )
    except Exception as error:  # network errors, hash mismatch: one clear message either way
        raise DatasetError(
            missing_message(remote, data_dir_, reason=_("downloading {origin} failed "
                                                        "({error})").format(origin=remote.origin,
                                                                            error=error))
        ) from None
    return Path(downloaded)


def missing_message(remote, data_dir_, reason):
    chosen = data_dir(data_dir_)
    looked = [str(chosen / remote.dataset / remote.name)] if chosen else []
    looked.append(str(cache_dir(remote.dataset) / remote.name))
    return "\n".join([
        could_not_get(remote, reason),
        _("Looked in: {places}.").format(places=", ".join(looked)),
        _("Fix: {where}, or connect to the internet and run again.").format(
            where=where_to_put(remote, chosen))])


def could_not_get(remote, reason):
    """The first line of every "missing" message: which file, and why it is not here."""
    return _("Could not get {file}: {reason}.").format(file=f"{remote.dataset}/{remote.name}",
                                                       reason=reason)


def where_to_put(remote, chosen, files=None):
    """The fix's first half: the data directory in force, else how to choose one."""
    files = files or _("the file")
    if chosen:
        return _("put {files} in {folder}").format(files=files, folder=f"{chosen / remote.dataset}/")
    return _("put {files} in {folder} and set {variable}=<data dir> (or pass --data-dir)").format(
        files=files, folder=f"<data dir>/{remote.dataset}/", variable=DATA_DIR_ENV)
