"""TLS for a grading cluster: the certificate its scheduler, workers and lead share.

A cluster talks only to its own: every connection to the scheduler and between workers is TLS
with a certificate made for the cluster, whose key no student's process can read (it lives in
the kit's ``.grader/tls/``, outside anything the sandbox lets a student's code read). A local
cluster makes a temporary one in memory for each run (``LocalCluster(security=True)``); a cluster
of machines uses the one ``make certs`` writes once:

    python -m grader.bulk.certs [FOLDER]     # make certs: writes ca.pem, cert.pem, key.pem

then copy that folder to the same place in the kit on every machine of the cluster (``make
scheduler`` and ``make worker`` refuse to start without it). The certificate is distributed's
own (``Security.temporary``), written to files, valid for a year.

Example:
>>> security = cluster_security(Path(".grader/tls"))                   # doctest: +SKIP
>>> Client("tls://10.0.0.5:8786", security=security)                     # doctest: +SKIP
"""

import sys
from pathlib import Path

from messages import _

from ..environment import default_cache_dir

FILES = {"ca": "ca.pem", "cert": "cert.pem", "key": "key.pem"}


class CertificateError(Exception):
    """The cluster's certificate is missing or unreadable; the message says the fix."""


def default_folder():
    """Where the cluster's certificate is kept: ``tls/`` in the grader's cache (``.grader/``)."""
    return default_cache_dir() / "tls"


def make_certificates(folder):
    """Write a new certificate and key for a cluster into ``folder`` (the key readable by its
    owner only). Returns the folder."""
    from distributed.security import Security

    made = Security.temporary()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    (folder / FILES["ca"]).write_text(made.tls_ca_file)
    (folder / FILES["cert"]).write_text(made.tls_scheduler_cert)
    key = folder / FILES["key"]
    key.touch(mode=0o600)
    key.chmod(0o600)
    key.write_text(made.tls_scheduler_key)
    return folder


def cluster_security(folder):
    """distributed's ``Security`` for every role (scheduler, worker, client), from ``folder``;
    :class:`CertificateError` when a file is missing."""
    from distributed.security import Security

    folder = Path(folder)
    missing = [name for name in FILES.values() if not (folder / name).is_file()]
    if missing:
        raise CertificateError(_(
            "no TLS certificate for the grading cluster in {folder} (missing: {files}). Fix: run "
            "`make certs` once, then copy that folder to the same place in the kit on every "
            "machine of the cluster").format(folder=folder, files=", ".join(missing)))
    ca, cert, key = (str(folder / FILES[name]) for name in ("ca", "cert", "key"))
    return Security(require_encryption=True, tls_ca_file=ca,
                    tls_client_cert=cert, tls_client_key=key,
                    tls_scheduler_cert=cert, tls_scheduler_key=key,
                    tls_worker_cert=cert, tls_worker_key=key)


def main(argv):
    folders = [arg for arg in argv if not arg.startswith("--")]
    folder = Path(folders[0]) if folders else default_folder()
    if (folder / FILES["key"]).exists() and "--force" not in argv:
        print(_("{folder} already holds a certificate (its cluster uses it); --force makes a "
                "new one").format(folder=folder))
        return 0
    make_certificates(folder)
    print(_("Wrote the grading cluster's TLS certificate to {folder}. Copy this folder to the "
            "same place in the kit on every machine of the cluster; keep it private.").format(
        folder=folder))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
