"""The Dask engine: same output as the single-process path, in order, with
rejects in place, and nothing lost or duplicated when a worker dies."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator

import pandas as pd
import pytest
from distributed import Client, LocalCluster, default_client
from typer.testing import CliRunner

from attrib.annotate import annotate
from attrib.cli.main import app
from attrib.distributed import (
    ModelLoadError,
    OrderedStream,
    Packed,
    Partition,
    PipelinePlugin,
    decode_documents,
    decode_results,
    encode_documents,
    encode_results,
    partitions,
    pipeline,
    position_of,
    run_dask,
)
from attrib.io.items import Annotated, Document, Reject, Rendered
from attrib.io.writers import PartitionedParquetWriter, open_writer

SPEAKERS = [
    "الوزير سامي الحسن",
    "رئيسة البلدية ليلى منصور",
    "مصدر أمني",
    "المتحدث باسم الشركة",
    "النائب كريم العلي",
]
CUES = ["قال", "أكد", "أوضح", "أعلن", "صرح"]
CLAIMS = [
    "المشروع سيكتمل قبل نهاية العام",
    "الطريق الساحلي سيفتح الأسبوع المقبل",
    "الأسعار لن ترتفع هذا الشهر",
    "المفاوضات ما زالت مستمرة",
    "المدارس ستبقى مفتوحة",
]
QUOTES = [
    "لن نتراجع عن هذا القرار",
    "الوضع تحت السيطرة",
    "نعمل ليل نهار",
    "الأرقام تتحسن",
    "لا تعليق لدينا الآن",
]
FILLER = "وشهدت المدينة اليوم أمطارا غزيرة تسببت في إغلاق عدد من الشوارع الرئيسية. "


def text(i: int, length: int = 1) -> str:
    s, c, k, q = (SPEAKERS[i % 5], CUES[(i // 5) % 5], CLAIMS[(i * 3) % 5], QUOTES[(i * 7) % 5])
    body = f'{c} {s} إن {k}. وأضاف: "{q}". '
    return (body + FILLER * (i % 3)) * length


def items(n: int, length: int = 1, rejects: tuple[int, ...] = ()) -> list[Document | Reject]:
    """``n`` documents, with rejects (as readers make them) at some positions."""
    out: list[Document | Reject] = []
    for pos in range(n + len(rejects)):
        if pos in rejects:
            out.append(Reject(f"in.jsonl:{pos + 1}", "invalid JSON", raw="{", position=pos))
        else:
            out.append(
                Document(
                    id=f"d{pos}",
                    text=text(pos, length),
                    meta={"outlet": "x"},
                    origin=f"in.jsonl:{pos + 1}",
                    position=pos,
                )
            )
    return out


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=40
    ) as local:
        yield local


def single(nlp, inputs: list[Document | Reject], batch_size: int) -> list:
    return list(annotate(nlp, inputs, batch_size=batch_size))


@pytest.mark.slow
def test_same_output_as_single_process(nlp, cluster: LocalCluster) -> None:
    inputs = items(40, rejects=(0, 7, 8, 30, 44))
    expected = single(nlp, inputs, batch_size=4)
    got = list(
        run_dask(iter(inputs), "rules", 4, scheduler=cluster.scheduler_address, warm_documents=8)
    )  # later partitions run in memory zones
    assert got == expected
    assert [type(r).__name__ for r in got].count("Reject") == 5
    assert sum(len(r.attributions) for r in got if isinstance(r, Annotated)) >= 40
    assert [position_of(r) for r in got] == list(range(45))
    with Client(cluster) as client:  # the pipeline was loaded once per worker, by the plugin
        assert all(client.run(lambda: pipeline.cache_info().misses == 1).values())


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["doccano", "jsonl", "csv", "parquet", "html"])
def test_workers_render_the_bytes_the_single_process_writes(
    nlp, cluster: LocalCluster, tmp_path, fmt: str
) -> None:
    inputs = items(20, rejects=(3, 11))
    expected = single(nlp, inputs, batch_size=4)
    got = list(run_dask(iter(inputs), "rules", 4, scheduler=cluster.scheduler_address, render=fmt))
    assert [r for r in got if isinstance(r, Reject)] == [
        r for r in expected if isinstance(r, Reject)
    ]
    rendered = [r for r in got if not isinstance(r, Reject)]
    annotated = [r for r in expected if isinstance(r, Annotated)]
    assert all(isinstance(r, Rendered) for r in rendered)
    assert [(r.document, r.attributions) for r in rendered] == [
        (a.document, len(a.attributions)) for a in annotated
    ]
    with open_writer(fmt, str(tmp_path / "dask")) as writer:
        for r in rendered:
            writer.write_rendered(r.output)
    with open_writer(fmt, str(tmp_path / "single")) as writer:
        for a in annotated:
            writer.write(a)
    assert (tmp_path / "dask").read_bytes() == (tmp_path / "single").read_bytes()


@pytest.mark.slow
def test_killed_worker_loses_and_duplicates_nothing(nlp) -> None:
    """On the local cluster ``run_dask`` starts itself: one of its two
    workers is killed while it holds a partition. Partitions must take long
    enough (~50 ms each here) that some are still running when the test
    looks: with short ones all in-flight work could finish first."""
    inputs = items(60, length=60, rejects=(5, 41))
    expected = single(nlp, inputs, batch_size=4)
    results = run_dask(iter(inputs), "rules", 4, workers=2)
    got = [next(results)]
    client = default_client()  # the one run_dask opened, while it is suspended
    assert len(client.nthreads()) == 2
    deadline = time.monotonic() + 30
    busy: list[str] = []
    while not busy and time.monotonic() < deadline:
        busy = [w for w, keys in client.processing().items() if keys]
    assert busy, "no task in flight to interrupt"
    victim = client.run(os.getpid, workers=busy[:1])[busy[0]]
    os.kill(victim, signal.SIGKILL)
    got.extend(results)
    assert got == expected


@pytest.fixture
def remote_scheduler(tmp_path) -> Iterator[str]:
    """A scheduler and one worker started as their own processes with
    dask's command line, as on a real cluster: nothing shared with the
    test process but the loopback address."""
    info = tmp_path / "scheduler.json"
    common = ["--host", "127.0.0.1", "--no-dashboard"]
    dask = [sys.executable, "-m", "dask"]
    procs = [subprocess.Popen([*dask, "scheduler", "--port", "0", "--scheduler-file", str(info),
                               *common], stderr=subprocess.DEVNULL)]
    try:
        deadline = time.monotonic() + 60
        while not info.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert info.exists(), "the scheduler did not start"
        procs.append(subprocess.Popen([*dask, "worker", "--scheduler-file", str(info),
                                       "--nthreads", "1", "--no-nanny", *common],
                                      stderr=subprocess.DEVNULL))
        address = json.loads(info.read_text())["address"]
        with Client(address, timeout=60) as client:
            client.wait_for_workers(1, timeout=60)
        yield address
    finally:
        for proc in reversed(procs):
            proc.terminate()
            proc.wait(timeout=30)


@pytest.mark.slow
def test_cli_on_a_remote_scheduler(remote_scheduler: str, tmp_path) -> None:
    """``attrib annotate --engine dask --scheduler ADDR`` writes what the
    single-process run writes, bad lines reported in both."""
    lines = [json.dumps({"id": f"d{i}", "text": text(i)}, ensure_ascii=False) for i in range(12)]
    lines.insert(5, "{not json")
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", "utf-8")
    outputs = {}
    for name, extra in (("single", []), ("dask", ["--engine", "dask", "--scheduler",
                                                   remote_scheduler])):
        out = tmp_path / f"{name}.jsonl"
        result = CliRunner().invoke(app, ["annotate", str(source), "-f", "jsonl", "-o", str(out),
                                          "--batch-size", "4", *extra])
        assert result.exit_code == 0, result.output
        assert "in.jsonl:6" in result.stderr
        outputs[name] = out.read_bytes()
    assert outputs["dask"] == outputs["single"]
    rows = [json.loads(line) for line in outputs["dask"].splitlines()]
    assert [r["id"] for r in rows] == [f"d{i}" for i in range(12)]
    assert all(r["attributions"] for r in rows)
    with Client(remote_scheduler) as client:  # the remote worker loaded the rules once
        assert list(client.run(lambda: pipeline.cache_info().misses).values()) == [1]


@pytest.mark.slow
def test_unloadable_model_is_a_clear_error(cluster: LocalCluster) -> None:
    with pytest.raises(ModelLoadError, match="cannot load model '/no/such/model'"):
        run_dask(iter(items(2)), "/no/such/model", 2, scheduler=cluster.scheduler_address)
    with Client(cluster) as client:  # restarted workers must not try it again
        client.unregister_worker_plugin(PipelinePlugin("/no/such/model").name)


def test_partitions_are_pipe_batches_of_documents() -> None:
    inputs = items(7, rejects=(0, 3, 4))
    parts = list(partitions(iter(inputs), 3))
    assert [[d.position for d in p.documents] for p in parts] == [[1, 2, 5], [6, 7, 8], [9]]
    assert [[r.position for r in p.rejects] for p in parts] == [[0, 3, 4], [], []]
    only_rejects = [Reject("x", "bad", position=i) for i in range(50)]
    assert [len(p) for p in partitions(iter(only_rejects), 2)] == [16, 16, 16, 2]


def test_both_scheduler_and_workers_is_an_error() -> None:
    with pytest.raises(ValueError, match="not both"):
        run_dask(iter(items(2)), "rules", 2, scheduler="tcp://127.0.0.1:1", workers=2)


class Done:
    """A finished future with a fixed result, for the ordering logic."""

    def __init__(self, value: object) -> None:
        self.value = value

    def done(self) -> bool:
        return True

    def result(self) -> object:
        if isinstance(self.value, Exception):
            raise self.value
        return self.value

    def release(self) -> None:
        pass


def test_collect_dedupes_and_rejects_lost_positions() -> None:
    docs = [d for d in items(3) if isinstance(d, Document)]
    annotated = [Annotated(document=d, record={"id": d.id}, attributions=[]) for d in docs]
    ordered = OrderedStream(client=None, model="rules", batch_size=3, max_in_flight=1)  # type: ignore[arg-type]
    returned = encode_results([annotated[2], annotated[0], annotated[0]])  # one duplicated
    part = Partition(documents=docs, future=Done(returned))
    out = list(ordered.collect(part))
    assert [type(r).__name__ for r in out] == ["Annotated", "Reject", "Annotated"]
    assert out[0] == annotated[0] and out[2] == annotated[2]
    assert out[1].position == 1 and "no result came back" in out[1].reason
    assert out[1].origin == "in.jsonl:2" and out[1].raw["id"] == "d1"
    assert ordered.duplicates == 1


def test_single_document_failure_becomes_its_reject() -> None:
    doc = items(1)[0]
    ordered = OrderedStream(client=None, model="rules", batch_size=1, max_in_flight=1)  # type: ignore[arg-type]
    part = Partition(documents=[doc], future=Done(RuntimeError("worker ran out of memory")))
    [reject] = list(ordered.collect(part))
    assert isinstance(reject, Reject) and reject.position == 0
    assert "RuntimeError: worker ran out of memory" in reject.reason


def test_plugin_is_named_by_model() -> None:
    assert PipelinePlugin("rules").name != PipelinePlugin("/models/trained").name


def annotated_with(doc_id: str, n: int) -> Annotated:
    """A processed document with ``n`` one-content attributions."""
    span = {"text": "قال", "start": 0, "end": 3}
    atts = [
        {
            "cue": span,
            "source": None,
            "antecedent": None,
            "speaker": None,
            "contents": [{"text": "كلام", "start": 4 + i, "end": 8 + i}],
            "kind": "indirect",
            "implicit": False,
            "confidence": 1.0,
        }
        for i in range(n)
    ]
    doc = Document(id=doc_id, text="قال كلام" * n)
    return Annotated(document=doc, record={"id": doc_id}, attributions=atts)


def test_partitioned_parquet_rolls_files_and_reads_back(tmp_path) -> None:
    out = tmp_path / "out"
    with PartitionedParquetWriter(str(out), rows_per_file=5, rows_per_group=2) as writer:
        for i in range(4):
            writer.write(annotated_with(f"d{i}", 3))
    assert [p.name for p in sorted(out.iterdir())] == [
        "part-00000.parquet",
        "part-00001.parquet",
        "part-00002.parquet",
    ]
    frame = pd.read_parquet(out)
    assert len(frame) == 12 == writer.rows
    assert sorted(frame.groupby("doc_id").size().to_dict().items()) == [
        ("d0", 3),
        ("d1", 3),
        ("d2", 3),
        ("d3", 3),
    ]
    assert [len(pd.read_parquet(p)) for p in sorted(out.iterdir())] == [5, 5, 2]
    with pytest.raises(ValueError, match="already holds part files"):
        PartitionedParquetWriter(str(out)).open()


def test_partitioned_parquet_empty_run_is_readable(tmp_path) -> None:
    out = tmp_path / "empty"
    with PartitionedParquetWriter(str(out)):
        pass
    frame = pd.read_parquet(out)
    assert len(frame) == 0 and "content" in frame.columns


def test_results_travel_without_the_text_and_come_back_whole() -> None:
    doc = items(1)[0]
    assert isinstance(doc, Document)
    record = {"id": doc.id, "text": doc.text, "entities": [], "relations": [], "outlet": "x"}
    result = Annotated(document=doc, record=record, attributions=[])
    packed = Packed.pack(result)
    assert isinstance(packed, Packed) and packed.record["text"] is None
    copy = Document(id=doc.id, text=doc.text, meta=doc.meta, origin=doc.origin, position=0)
    restored = packed.unpack(copy)
    assert restored == result and list(restored.record) == list(record)  # same key order
    # a record whose text is not the document's is sent as it is
    odd = Annotated(document=doc, record={**record, "text": "نص آخر"}, attributions=[])
    assert Packed.pack(odd) is odd


def test_partitions_travel_as_one_payload_each_way() -> None:
    """Documents out and results back as ``bytes`` (one frame for Dask),
    restored to equal objects, with rejects and unpackable results as they are."""
    inputs = items(3, rejects=(1,))
    docs = [d for d in inputs if isinstance(d, Document)]
    payload = encode_documents(docs)
    assert isinstance(payload, bytes) and decode_documents(payload) == docs
    record = {"id": "d0", "text": docs[0].text, "entities": [], "relations": []}
    packed = Packed.pack(Annotated(document=docs[0], record=record, attributions=[{"k": 1}]))
    odd = Annotated(document=docs[1], record={"id": "d2", "text": "نص آخر"}, attributions=[])
    reject = inputs[1]
    assert isinstance(reject, Reject)
    back = decode_results(encode_results([packed, reject, odd]))
    assert back == [packed, reject, odd]
    assert isinstance(back[0], Packed) and back[0].unpack(docs[0]).record == record
