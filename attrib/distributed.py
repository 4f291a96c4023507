"""Attribute a large corpus on a Dask cluster, streaming and in input order.

Why it is built this way:

* Workers run the *same* code as the single-process path
  (:func:`attrib.annotate.annotate` on a list of documents) and send back
  :class:`~attrib.io.items.Annotated` objects (without the text the client
  already has, see :class:`Packed`), so the writers cannot tell which engine
  ran: the output is identical record for record. ``attrib annotate`` asks
  for more: the workers also render the output format (the writer's own
  ``render``), so the one client process, which also hosts the scheduler
  and the nannies, only orders and writes.
* On a small machine the client competes with the workers for the same
  cores, so what it spends per document is taken from them: one pickle per
  partition each way, plain tuples inside, unpickled without the garbage
  collector (:func:`encode_results`), and local clusters without the
  housekeeping a batch run does not need (:data:`LOCAL_CLUSTER_CONFIG`).
* A partition holds whole ``nlp.pipe`` batches (:data:`PARTITION_BATCHES` of
  ``batch_size`` documents), so even a trained model sees the batches of the
  single-process run.
* The pipeline is loaded once per worker process (:func:`pipeline` is cached
  and :class:`PipelinePlugin` warms it when a worker starts or restarts), not
  once per task.
* At most ``max_in_flight`` partitions are submitted at a time and results are
  gathered from the head of the queue, so neither the client nor the cluster
  ever holds the corpus; after a warm-up each worker runs its partitions in
  spaCy memory zones (:data:`WARM_DOCUMENTS`), so worker memory stays flat
  however large the input.
* Every input position comes out exactly once. A worker that dies mid-task is
  handled by Dask (the task runs again elsewhere); results are keyed by
  position, so a re-run cannot duplicate and a gap cannot go unnoticed: a
  position with no result becomes a :class:`~attrib.io.items.Reject` saying so.
  A partition that keeps failing is re-run one document at a time, so only the
  document that breaks it is rejected.
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import dask
from distributed import Client, Future, LocalCluster
from distributed.diagnostics.plugin import WorkerPlugin

from .annotate import failed
from .io.items import Annotated, Document, Reject, Rendered
from .io.writers import WRITERS

if TYPE_CHECKING:
    from spacy.language import Language

Result = Annotated | Reject

log = logging.getLogger(__name__)

#: Task retries for exceptions raised by a partition task (worker deaths are
#: retried by the scheduler itself, up to ``distributed.scheduler.allowed-failures``).
RETRIES = 2
#: Rejects held per partition, in partitions' worth: beyond this a partition
#: is closed early (its last pipe batch is then short; the rule pipeline's
#: output does not depend on batching, a trained model's may by rounding).
MAX_HELD_REJECTS = 8
#: ``nlp.pipe`` batches per partition (task): whole batches, so the batches
#: are those of the single-process run; several, so that Dask's per-task cost
#: (client, scheduler and worker bookkeeping) is spread over more documents.
PARTITION_BATCHES = 4
#: Partitions submitted ahead per worker thread (results are gathered in
#: order, so a slow partition at the head must not leave workers idle).
IN_FLIGHT_PER_THREAD = 4


# --------------------------------------------------------------------------- #
# Worker side
# --------------------------------------------------------------------------- #


@lru_cache(maxsize=4)
def pipeline(model: str) -> Language:
    """The pipeline for ``model``, loaded once per process (rules or a path)."""
    import attrib

    return attrib.load(model)


class PipelinePlugin(WorkerPlugin):
    """Loads the pipeline when a worker starts, including workers that the
    nanny restarts after a crash, so that no task pays for loading it and a
    model that cannot load fails at registration with its real error."""

    def __init__(self, model: str) -> None:
        self.model = model
        self.name = f"attrib-pipeline-{model}"

    def setup(self, worker: Any) -> None:
        pipeline(self.model)


def position_of(result: Result | Packed | Rendered | tuple[int, Any, Any]) -> int:
    if isinstance(result, tuple):
        return result[0]
    if isinstance(result, Annotated | Rendered):
        return result.document.position
    return result.position


#: Documents each worker processes with a growing vocabulary before it
#: switches to one ``memory_zone`` per partition. A zone frees the strings
#: and lexemes it created, which keeps memory flat but would re-create even
#: the most common words in every partition (measured on the corpus: +70% CPU
#: with zones from the start); after this many documents the common words are
#: permanent and a zone only drops the rare ones (+13% CPU over no zones,
#: against a single process that grew by 530 MB over the 16,933 articles).
WARM_DOCUMENTS = 2000

_processed: dict[str, int] = {}  # documents processed per model, in this worker


@dataclass
class Packed:
    """An :class:`Annotated` on its way back from a worker, without the
    document and the text the client already holds (two of the three
    copies of the text that would travel); :meth:`unpack` restores it exactly."""

    position: int
    record: dict[str, Any]  # with "text" set to None, in its place
    attributions: list[dict[str, Any]]

    @classmethod
    def pack(cls, result: Result) -> Result | Packed:
        if not isinstance(result, Annotated) or result.record.get("text") != result.document.text:
            return result
        record = dict(result.record)
        record["text"] = None  # same key order when restored
        return cls(result.document.position, record, result.attributions)

    def unpack(self, document: Document) -> Annotated:
        record = dict(self.record)
        record["text"] = document.text
        return Annotated(document=document, record=record, attributions=self.attributions)


def _annotate(nlp: Language, documents: list[Document], batch_size: int) -> list[Result]:
    from .annotate import annotate

    return list(annotate(nlp, documents, batch_size=batch_size, n_process=1))


# What travels, one pickle per partition each way. Dask serialises a returned
# list element by element, each with its own header and ``loads`` call on
# the client (measured: ~4,000 calls, ~0.4 CPU s of the client's event loop
# per 4,000 documents); a ``bytes`` result is sent as it is, in one frame.
# Inside, plain tuples rather than dataclasses: unpickling 512 results took
# 20 ms as dataclasses and 6 ms as tuples, on the client that also
# schedules and writes. Rejects and unpackable results (rare) go as they are.


def encode_documents(documents: list[Document]) -> bytes:
    return _dumps([(d.id, d.text, d.meta, d.origin, d.position) for d in documents])


def decode_documents(payload: bytes) -> list[Document]:
    return [Document(*fields) for fields in _loads(payload)]


def encode_results(results: list[Result], render: str | None = None) -> bytes:
    """A document's result goes as ``(position, record without the text,
    attributions)`` (see :class:`Packed`), or, when the client asked for the
    output of format ``render``, as ``(position, output, number of
    attributions)`` (see :class:`~attrib.io.items.Rendered`)."""
    return _dumps([_shipped(result, render) for result in results])


def _shipped(result: Result, render: str | None) -> Any:
    if not isinstance(result, Annotated):
        return result
    if render is not None:
        output = WRITERS[render].render(result)
        return (result.document.position, output, len(result.attributions))
    packed = Packed.pack(result)
    return (
        (packed.position, packed.record, packed.attributions)
        if isinstance(packed, Packed)
        else packed
    )


def decode_results(payload: bytes) -> list[Result | tuple[int, Any, Any]]:
    return _loads(payload)


def _dumps(objects: list[Any]) -> bytes:
    return pickle.dumps(objects, protocol=pickle.HIGHEST_PROTOCOL)


def _loads(payload: bytes) -> list[Any]:
    """Unpickle with the cyclic garbage collector paused: a partition's
    results are thousands of new dicts and lists, which trigger collections
    that scan everything the client (with the scheduler and the nannies in
    the same process) holds; none of these objects is garbage. Measured on
    4,000 documents: the client's own CPU 0.34 -> 0.21 s."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(payload)  # noqa: S301 - our own client's and workers' data
    finally:
        if enabled:
            gc.enable()


def process_partition(
    model: str,
    batch_size: int,
    documents: bytes,
    warm_documents: int = WARM_DOCUMENTS,
    render: str | None = None,
) -> bytes:
    """Annotate one partition (:func:`encode_documents`) on a worker, exactly
    as the single-process path does (a failing document is its own reject
    there); the results come back packed, or rendered for output format
    ``render`` (:func:`encode_results`)."""
    results = _process(model, batch_size, decode_documents(documents), warm_documents)
    return encode_results(results, render)


def _process(
    model: str, batch_size: int, documents: list[Document], warm_documents: int
) -> list[Result]:
    """If the pipe as a whole raises, each document is run on its own so
    that only failing ones become rejects."""
    nlp = pipeline(model)
    warm = _processed.get(model, 0) >= warm_documents
    _processed[model] = _processed.get(model, 0) + len(documents)
    try:
        if not warm:
            return _annotate(nlp, documents, batch_size)
        with nlp.memory_zone():
            return _annotate(nlp, documents, batch_size)
    except Exception:
        log.exception("partition at position %s failed; isolating", documents[0].position)
    results: list[Result] = []
    for document in documents:
        try:
            results.extend(_annotate(nlp, [document], 1))
        except Exception as error:  # noqa: BLE001 - reported as a reject
            results.append(failed(document, f"processing failed: {type(error).__name__}: {error}"))
    return results


# --------------------------------------------------------------------------- #
# Client side
# --------------------------------------------------------------------------- #


@dataclass
class Partition:
    """Documents submitted together, with the rejects that came between them
    in the input (they are yielded in place once the partition is done)."""

    documents: list[Document] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    future: Future | None = None

    def __len__(self) -> int:
        return len(self.documents) + len(self.rejects)


#: Dask settings for the local clusters :func:`connect` starts, which run
#: one batch job and are then shut down. Each one cuts the CPU that Dask
#: spends beside the tasks, which on a small machine is taken from the
#: workers (measured with tasks that only sleep, 2 workers, 32 tasks in 5 s:
#: client+scheduler+nannies 0.36 -> 0.24 CPU s, each worker 0.15 -> 0.09):
#:
#: * the worker's statistical profiler (for the dashboard's profile page)
#:   samples the task thread's stack every 10 ms from the event loop, taking
#:   the GIL each time; nobody looks at it in a batch run;
#: * the event-loop health check ("tick", 20 ms: only for warnings about a
#:   blocked loop), the system monitor (500 ms, dashboard plots) and the
#:   nanny's memory monitor (100 ms; at 1 s a worker that runs away with
#:   memory is still stopped within a second).
#:
#: A remote cluster (``--scheduler``) keeps its own settings.
LOCAL_CLUSTER_CONFIG: dict[str, Any] = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "500ms",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "1s",
}


@contextmanager
def connect(scheduler: str | None = None, workers: int | None = None) -> Iterator[Client]:
    """A client on the cluster at ``scheduler``, or on a fresh local cluster
    of ``workers`` single-threaded processes (the pipeline is not
    thread-parallel, and the GIL would serialise threads anyway)."""
    if scheduler and workers:
        raise ValueError("give either a scheduler address or a number of workers, not both")
    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    n_workers = workers or os.cpu_count() or 1
    with (
        dask.config.set(LOCAL_CLUSTER_CONFIG),  # the nannies pass it on to their workers
        LocalCluster(
            n_workers=n_workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # any free port: other clusters may hold 8787
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


class ModelLoadError(RuntimeError):
    """The pipeline could not be loaded on the workers (the message has why)."""


def prepare(client: Client, model: str, timeout: float = 120) -> int:
    """Load the pipeline on every worker (now and on any later restart) and
    return the number of worker threads."""
    if not client.scheduler_info().get("workers"):
        client.wait_for_workers(1, timeout=timeout)
    try:
        client.register_plugin(PipelinePlugin(model))
    except Exception as error:
        raise ModelLoadError(
            f"cannot load model {model!r} on the Dask workers: {type(error).__name__}: {error}"
        ) from error
    return max(1, sum(client.nthreads().values()))


def partitions(items: Iterable[Document | Reject], size: int) -> Iterator[Partition]:
    """Group the input, lazily, into partitions of ``size`` documents (a
    multiple of the batch size, so that the ``nlp.pipe`` batches are those of
    the single-process run). Rejects do not count; a long run of them (more
    than :data:`MAX_HELD_REJECTS` partitions' worth) closes a partition early
    so they are not all held in memory."""
    current = Partition()
    for item in items:
        if isinstance(item, Document):
            current.documents.append(item)
        else:
            current.rejects.append(item)
        if len(current.documents) >= size or len(current.rejects) >= MAX_HELD_REJECTS * size:
            yield current
            current = Partition()
    if len(current):
        yield current


class OrderedStream:
    """Submits partitions with a bounded window and yields results in input
    order, each position exactly once."""

    def __init__(
        self,
        client: Client,
        model: str,
        batch_size: int,
        max_in_flight: int,
        warm_documents: int = WARM_DOCUMENTS,
        partition_batches: int = PARTITION_BATCHES,
        render: str | None = None,
    ) -> None:
        self.client = client
        self.render = render
        self.model = model
        self.batch_size = batch_size
        self.warm_documents = warm_documents
        self.partition_size = batch_size * max(1, partition_batches)
        self.max_in_flight = max(1, max_in_flight)
        self.last = -1  # highest position yielded so far
        self.duplicates = 0

    def submit(self, documents: list[Document]) -> Future:
        return self.client.submit(
            process_partition,
            self.model,
            self.batch_size,
            encode_documents(documents),
            self.warm_documents,
            self.render,
            pure=False,
            retries=RETRIES,
        )

    def run(self, items: Iterable[Document | Reject]) -> Iterator[Result | Rendered]:
        pending: deque[Partition] = deque()
        for partition in partitions(items, self.partition_size):
            if partition.documents:
                partition.future = self.submit(partition.documents)
            pending.append(partition)
            while len(pending) > self.max_in_flight or (pending and self._done(pending[0])):
                yield from self.collect(pending.popleft())
        while pending:
            yield from self.collect(pending.popleft())
        if self.duplicates:
            log.warning("dropped %d duplicated results (re-run tasks)", self.duplicates)

    @staticmethod
    def _done(partition: Partition) -> bool:
        return partition.future is None or partition.future.done()

    def results(self, partition: Partition) -> list[Result | tuple[int, Any, Any]]:
        """The partition's results; a partition that failed for good is
        re-run document by document so that only real failures are rejected."""
        if partition.future is None:
            return []
        try:
            return decode_results(partition.future.result())
        except Exception as error:  # noqa: BLE001 - isolated below
            reason = f"{type(error).__name__}: {error}"
        finally:
            partition.future.release()
            partition.future = None
        if len(partition.documents) == 1:
            return [failed(partition.documents[0], f"processing failed on the cluster: {reason}")]
        log.warning("partition failed (%s); re-running its documents one by one", reason)
        singles = [(doc, self.submit([doc])) for doc in partition.documents]
        out: list[Result | tuple[int, Any, Any]] = []
        for document, future in singles:
            try:
                out.extend(decode_results(future.result()))
            except Exception as error:  # noqa: BLE001 - reported as a reject
                out.append(
                    failed(
                        document,
                        f"processing failed on the cluster: {type(error).__name__}: {error}",
                    )
                )
            finally:
                future.release()
        return out

    def restore(self, result: Result | tuple[int, Any, Any], document: Document) -> Any:
        """A result as it travelled (see :func:`encode_results`), made whole
        with the client's own copy of its document."""
        if not isinstance(result, tuple):
            return result
        _, first, second = result
        if self.render is not None:
            return Rendered(document=document, output=first, attributions=second)
        return Packed(document.position, first, second).unpack(document)

    def collect(self, partition: Partition) -> Iterator[Result | Rendered]:
        """Yield the partition's documents and rejects in position order:
        one result per position, a reject for any position that got none."""
        expected = {doc.position: doc for doc in partition.documents}
        by_position: dict[int, Result | Rendered] = {}
        for result in self.results(partition):
            pos = position_of(result)
            if pos not in expected or pos in by_position:
                self.duplicates += 1
                continue
            by_position[pos] = self.restore(result, expected[pos])
        for pos, document in expected.items():
            if pos not in by_position:
                by_position[pos] = failed(document, "no result came back from the cluster")
        for reject in partition.rejects:
            by_position.setdefault(reject.position, reject)
        for pos in sorted(by_position):
            if pos <= self.last:
                self.duplicates += 1
                continue
            self.last = pos
            yield by_position[pos]


def stream(
    client: Client,
    items: Iterable[Document | Reject],
    model: str,
    batch_size: int,
    max_in_flight: int | None = None,
    warm_documents: int = WARM_DOCUMENTS,
    partition_batches: int = PARTITION_BATCHES,
    render: str | None = None,
) -> Iterator[Result | Rendered]:
    """Annotate ``items`` on an existing cluster (the pipeline must have been
    registered with :func:`prepare`). ``max_in_flight`` defaults to
    :data:`IN_FLIGHT_PER_THREAD` partitions per worker thread, so a worker
    never idles while the head of the queue is still being computed.

    With ``render`` (an output format), documents come back as
    :class:`~attrib.io.items.Rendered`: the workers also do the writer's
    serialisation (``Writer.render``), and the client, which schedules,
    orders and writes for all of them, only puts the output out (measured
    per 512 corpus articles: rendering JSON lines 20 ms, now on the workers;
    unpickling the lines 1.2 ms against 6 ms for the records they replace).
    """
    if render is not None and render not in WRITERS:
        raise ValueError(f"unknown output format {render!r}")
    threads = max(1, sum(client.nthreads().values()))
    window = max_in_flight or IN_FLIGHT_PER_THREAD * threads
    yield from OrderedStream(
        client, model, batch_size, window, warm_documents, partition_batches, render
    ).run(items)


def run_dask(
    items: Iterable[Document | Reject],
    model: str,
    batch_size: int,
    scheduler: str | None = None,
    workers: int | None = None,
    *,
    warm_documents: int = WARM_DOCUMENTS,
    render: str | None = None,
) -> Iterator[Result | Rendered]:
    """``attrib annotate --engine dask``: results in input order, rejects in
    place, identical to the single-process path. Connects to ``scheduler``
    or starts a local cluster of ``workers`` processes.

    Connecting and loading the model happen *now*, so a bad address or model
    raises here (``ValueError``, ``OSError``, :class:`ModelLoadError`), where
    the caller can report it, not in the middle of writing. The cluster is
    shut down when the returned iterator is exhausted or closed."""
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    model = str(model)
    stack = ExitStack()
    try:
        client = stack.enter_context(connect(scheduler, workers))
        threads = prepare(client, model)
    except BaseException:
        stack.close()
        raise
    log.info("attributing on %d Dask worker threads", threads)
    return _streaming(
        stack,
        stream(client, items, model, batch_size, warm_documents=warm_documents, render=render),
    )


def _streaming(
    stack: ExitStack, results: Iterator[Result | Rendered]
) -> Iterator[Result | Rendered]:
    with stack:
        yield from results
