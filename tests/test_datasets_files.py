"""Finding and verifying dataset files: data dir first, then cache, then download."""

import pytest

from datasets import DatasetError
from datasets._files import RemoteFile, fetch, local_copy
from tests.conftest import sha256


def write(folder, dataset, name, data=b"hello"):
    (folder / dataset).mkdir(parents=True, exist_ok=True)
    path = folder / dataset / name
    path.write_bytes(data)
    return path


def test_data_dir_copy_is_used_when_its_checksum_matches(isolated_data):
    path = write(isolated_data, "toy", "a.bin")
    remote = RemoteFile("toy", "a.bin", sha256(path))
    assert fetch(remote) == path


def test_md5_hashes_are_accepted(isolated_data):
    path = write(isolated_data, "toy", "a.bin")
    remote = RemoteFile("toy", "a.bin", "5d41402abc4b2a76b9719d911017c592")  # md5 of b"hello"
    assert fetch(remote) == path


def test_wrong_checksum_names_file_expected_and_fix(isolated_data):
    path = write(isolated_data, "toy", "a.bin", b"tampered")
    remote = RemoteFile("toy", "a.bin", "0" * 64, origin="https://example.org/a.bin")
    with pytest.raises(DatasetError) as error:
        fetch(remote)
    message = str(error.value)
    assert str(path) in message and "0" * 64 in message and sha256(path) in message
    assert "Fix: delete" in message


def test_cache_is_used_after_the_data_dir(isolated_data, tmp_path):
    cached = write(tmp_path / "keras_home" / "datasets", "toy", "a.bin")
    assert fetch(RemoteFile("toy", "a.bin", sha256(cached))) == cached


def test_missing_file_without_download_says_where_it_looked(isolated_data):
    with pytest.raises(DatasetError) as error:
        fetch(RemoteFile("toy", "a.bin", "0" * 64))
    message = str(error.value)
    assert "toy/a.bin" in message and f"Fix: put the file in {isolated_data / 'toy'}/" in message


def test_missing_file_without_a_data_dir_says_how_to_choose_one(isolated_data, monkeypatch):
    monkeypatch.delenv("KIT_DATA_DIR")
    with pytest.raises(DatasetError) as error:
        fetch(RemoteFile("toy", "a.bin", "0" * 64))
    assert "put the file in <data dir>/toy/ and set KIT_DATA_DIR=<data dir>" in str(error.value)


def test_failed_download_is_one_clear_error(isolated_data, tmp_path):
    remote = RemoteFile("toy", "a.bin", "0" * 64, origin=(tmp_path / "nowhere.bin").as_uri())
    with pytest.raises(DatasetError) as error:
        fetch(remote)
    assert "downloading" in str(error.value) and "Fix:" in str(error.value)


def test_alternative_packing_is_found_locally(isolated_data):
    path = write(isolated_data, "toy", "a.csv.gz")
    plain = RemoteFile("toy", "a.csv", "0" * 64)
    packed = RemoteFile("toy", "a.csv.gz", sha256(path))
    assert fetch(plain, alternatives=(packed,)) == path
    assert local_copy(plain) is None
