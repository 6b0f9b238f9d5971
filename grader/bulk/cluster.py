"""The Dask side of bulk grading: one code path for this machine alone and for a cluster.

With no address, :func:`open_cluster` starts a local cluster on this machine (one worker process
per grading slot); with ``tcp://HOST:8786`` it joins a running one, whose workers were started
with the kit installed and ``--resources grading=N`` (their slots).

A worker grades only with the lead's kit: :class:`KitCheck`, a worker plugin (applied to the
workers there now and to those that join later), compares the worker's
:func:`~grader.bulk.kit.kit_identity` with the lead's. A worker that matches offers its slots
under a resource named after the kit (:func:`kit_resource`), the only resource the jobs ask
for; one that differs offers none, so Dask never gives it a job, and it tells the lead why
(an event on :data:`REFUSALS`).

Example:
>>> with open_cluster(None, slots=2) as client:                          # doctest: +SKIP
...     slots = offer_slots(client, kit_identity())
"""

import logging
import time
from contextlib import contextmanager

from distributed.diagnostics.plugin import WorkerPlugin

from messages import _

SLOTS = "grading"           # a worker's grading slots: dask worker --resources grading=N
REFUSALS = "kit-refusals"   # the event topic of the workers that refuse the lead's jobs
GRADING = "kit-grading"     # the event topic of jobs starting and ending on a worker
CONNECT_SECONDS = 20


class ClusterError(Exception):
    """The cluster cannot be used (not the students' fault); the message says why and the fix."""


def kit_resource(identity):
    """The resource a worker with this kit offers its slots under."""
    return f"kit-{identity['code']}"


class KitCheck(WorkerPlugin):
    """Run on every worker (now and later): offer its grading slots for the lead's kit, or
    refuse them and say why."""

    name = "kit-check"

    def __init__(self, identity):
        self.identity = identity

    async def setup(self, worker):
        from .kit import differences, kit_identity

        found = differences(self.identity, kit_identity())
        if found:
            worker.log_event(REFUSALS, {"worker": worker.address, "name": str(worker.name),
                                        "kit": self.identity["code"], "differences": found})
            return
        slots = worker.state.total_resources.get(SLOTS, 0)
        if slots:
            await worker.set_resources(**{kit_resource(self.identity): slots})


@contextmanager
def open_cluster(scheduler, slots, tls=None):
    """A Dask client: on the cluster at ``scheduler`` (``tls://``, with the certificate in the
    folder ``tls``), else on a local cluster of ``slots`` worker processes with a temporary
    certificate of its own (closed on exit). Either way every connection is TLS: a process
    without the key (a student's, another cohort's) cannot join or talk to it."""
    from distributed import Client, LocalCluster

    from .certs import CertificateError, cluster_security, default_folder

    if scheduler:
        if not scheduler.startswith("tls://"):
            raise ClusterError(_("the grading cluster must use TLS, so that students' code "
                                 "cannot reach it: start the scheduler with `make scheduler` "
                                 "and give its tls:// address (not {address})").format(
                address=scheduler))
        try:
            client = Client(scheduler, timeout=CONNECT_SECONDS,
                            security=cluster_security(tls or default_folder()))
        except CertificateError as error:
            raise ClusterError(str(error)) from None
        except (OSError, TimeoutError) as error:
            raise ClusterError(_("could not reach the Dask scheduler at {address} ({error}). "
                                 "Fix: start it there with `make scheduler` (with the same "
                                 "certificate as this machine), or check the address and "
                                 "port").format(address=scheduler, error=error)) from None
        try:
            yield client
        finally:
            client.close()
        return
    # One thread and one slot per worker process; the memory limits are the grader's own (per
    # student process), so Dask's memory manager, which would pause or restart workers, is off.
    cluster = LocalCluster(n_workers=slots, threads_per_worker=1, processes=True,
                           resources={SLOTS: 1}, memory_limit=0, dashboard_address=":0",
                           host="127.0.0.1", silence_logs=logging.CRITICAL, security=True)
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def offer_slots(client, identity, wait=60):
    """Ask every worker for its slots for ``identity``'s kit; return ``({host: slots},
    [refusals])``. Waits up to ``wait`` seconds until every worker there has answered, offering
    its slots or refusing (a refusal travels as an event, which may come a moment later)."""
    client.register_plugin(KitCheck(identity), name=f"kit-check-{identity['code']}")
    resource = kit_resource(identity)
    deadline = time.monotonic() + wait
    while True:
        workers = client.scheduler_info(n_workers=-1)["workers"]
        offering = {address for address, worker in workers.items()
                    if worker.get("resources", {}).get(resource)}
        grading = {address for address, worker in workers.items()
                   if worker.get("resources", {}).get(SLOTS)}  # (others offer nothing)
        answered = offering | set(_refused(client, identity))
        if (offering and answered >= grading) or time.monotonic() > deadline:
            return slots_by_host(client, resource), refusals(client, identity)
        time.sleep(0.5)


def slots_by_host(client, resource):
    """``{host: slots}`` of the workers offering ``resource`` now."""
    found = {}
    for address, worker in client.scheduler_info(n_workers=-1)["workers"].items():
        count = worker.get("resources", {}).get(resource, 0)
        if count:
            host = host_of(address)
            found[host] = found.get(host, 0) + int(count)
    return found


def host_of(address):
    """``"tcp://10.0.0.5:40123"`` -> ``"10.0.0.5"``."""
    return address.rsplit("://", 1)[-1].rsplit(":", 1)[0]


def refusals(client, identity):
    """``[(worker, [differences])]``: the workers of the cluster that refused this kit, each as
    ``"name (address)"`` (or its address when it has no name of its own)."""
    return sorted((address if name == address else f"{name} ({address})", found)
                  for address, (name, found) in _refused(client, identity).items())


def _refused(client, identity):
    """``{address: (name, [differences])}`` of the workers there now that refused this kit."""
    there = set(client.scheduler_info(n_workers=-1)["workers"])
    seen = {}
    for _time, message in client.get_events(REFUSALS):
        address = message["worker"]
        if address in there and message["kit"] == identity["code"]:
            seen[address] = (message.get("name", address), message["differences"])
    return seen


def dashboard(client):
    """The dashboard's address, when the cluster has one (its page needs bokeh where the
    scheduler runs)."""
    services = client.scheduler_info().get("services", {})
    if "dashboard" not in services:
        return ""
    try:  # a lambda travels by value: the scheduler's machine need not have the kit
        page = client.run_on_scheduler(
            lambda: __import__("importlib.util").util.find_spec("bokeh") is not None)
    except Exception:
        return ""
    return client.dashboard_link if page else ""


class BusyWorkers:
    """Which worker grades which file now, as the workers tell (events on :data:`GRADING`)."""

    def __init__(self, client):
        self.now = {}
        self.client = client
        client.subscribe_topic(GRADING, self._heard)

    def _heard(self, event):
        _time, message = event
        if message["state"] == "started":
            self.now[message["worker"]] = message["job"]
        elif self.now.get(message["worker"]) == message["job"]:
            del self.now[message["worker"]]

    def close(self):
        self.client.unsubscribe_topic(GRADING)
