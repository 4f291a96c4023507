"""Throughput of the Dask engine against the single-process path.

Runs the same articles (default: the first 4,000 of the corpus) the way
``attrib annotate -f jsonl -o OUT`` does: through ``attrib.annotate.annotate``
and the writer in a fresh process, then through ``attrib.distributed.stream``
(workers render the output, the client writes it) on local clusters of 1
and 2 workers started by ``attrib.distributed.connect``. It checks that every
run writes the same bytes and the same rejects, and prints words/s and the
ratio to the single-process run. Cluster start-up (spawning workers, loading
the pipeline) is timed apart from processing, since a long corpus pays it
once. Worker memory (RSS) is sampled before, during and after each run to
show it stays flat. The load average is printed too, and the CPU seconds of
every process: on a shared machine they say how much of the CPUs the
benchmark really had.

    .venv/bin/python bench/dask_throughput.py [--n 4000] [--workers 1 2] [--repeat 2]
        [--format jsonl|csv|parquet|doccano|html|none] [--json out.json]

``--format none`` compares the engines without output (records compared in
memory); ``--repeat`` runs every configuration that many times, interleaved,
and keeps the fastest of each.

Workers import the package when they start, after the single-process run:
on a checkout that is being edited, benchmark a copy
(``cp -r attrib /tmp/snap/ && PYTHONPATH=/tmp/snap python bench/...``) or
the "identical" column compares two versions of the pipeline.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import multiprocessing
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import psutil

import attrib
from attrib.annotate import annotate
from attrib.distributed import connect, prepare, stream
from attrib.io.items import Annotated, Document, Reject, Rendered
from attrib.io.readers import read_inputs
from attrib.io.writers import FORMATS, open_writer

CORPUS = "/work/shared/corpus/news.jsonl"
SAMPLES = 4  # memory samples per run, besides before and after
NO_OUTPUT = "none"


def rss_mb() -> float:
    return psutil.Process().memory_info().rss / 2**20


def cpu_s() -> float:
    """CPU seconds of this process, all threads (a worker's, via client.run)."""
    times = psutil.Process().cpu_times()
    return times.user + times.system


def load_average() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def sampled(results: Iterable[Any], every: int, sample: Callable[[], None]) -> Iterator[Any]:
    for i, result in enumerate(results, start=1):
        if i % every == 0:
            sample()
        yield result


def digest(results: Iterable[Annotated | Reject]) -> list[Any]:
    """What must be identical between engines: records, attributions, rejects."""
    return [
        (r.record, r.attributions) if isinstance(r, Annotated) else r.as_record() for r in results
    ]


def consume(results: Iterable[Annotated | Rendered | Reject], fmt: str, out: Path) -> list[Any]:
    """Write the documents to ``out`` as ``attrib annotate -f FMT -o OUT``
    does (Dask results come rendered by the workers) and return what must be
    identical between engines: the output file's bytes (a hash) and the
    rejects. With ``fmt`` "none", nothing is written: the records are compared."""
    if fmt == NO_OUTPUT:
        return digest(results)  # type: ignore[arg-type]
    rejects: list[Any] = []
    with open_writer(fmt, str(out)) as writer:
        for r in results:
            if isinstance(r, Reject):
                rejects.append(r.as_record())
            elif isinstance(r, Rendered):
                writer.write_rendered(r.output)
            else:
                writer.write(r)
    written = hashlib.sha256(out.read_bytes()).hexdigest()
    out.unlink()
    return [written, *rejects]


def fresh(run: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    """``run(*args)`` in a new process: the pipeline's caches (word types,
    normalised forms) live in modules and survive ``attrib.load``, so a
    single-process run after the first would start warm, unlike the Dask
    workers, which are new processes every time."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(run, *args).result()


def run_single(
    items: list[Document | Reject], model: str, batch_size: int, fmt: str, out: Path
) -> dict[str, Any]:
    t0 = time.perf_counter()
    nlp = attrib.load(model)
    startup = time.perf_counter() - t0
    memory = [rss_mb()]
    t0, c0 = time.perf_counter(), cpu_s()
    every = max(1, len(items) // SAMPLES)
    annotated = annotate(nlp, items, batch_size=batch_size)
    results = consume(sampled(annotated, every, lambda: memory.append(rss_mb())), fmt, out)
    seconds, cpu = time.perf_counter() - t0, cpu_s() - c0
    memory.append(rss_mb())
    return {
        "engine": "single",
        "workers": 1,
        "startup_s": startup,
        "seconds": seconds,
        "cpu_s": {"process": cpu},
        "memory_mb": {"process": memory},
        "results": results,
        "load": load_average(),
    }


def run_cluster(
    items: list[Document | Reject], model: str, batch_size: int, workers: int, fmt: str, out: Path
) -> dict[str, Any]:
    t0 = time.perf_counter()
    with connect(workers=workers) as client:  # the cluster `attrib annotate` starts
        prepare(client, model)
        startup = time.perf_counter() - t0
        memory: dict[str, list[float]] = {}

        def sample() -> None:
            for address, mb in client.run(rss_mb).items():
                memory.setdefault(address, []).append(mb)

        sample()
        every = max(1, len(items) // SAMPLES)
        before = client.run(cpu_s)
        t0, c0 = time.perf_counter(), cpu_s()
        render = None if fmt == NO_OUTPUT else fmt
        results = stream(client, items, model, batch_size, render=render)
        results = consume(sampled(results, every, sample), fmt, out)
        seconds = time.perf_counter() - t0
        cpu = {"client+scheduler": cpu_s() - c0}
        cpu.update({w: s - before[w] for w, s in client.run(cpu_s).items()})
        sample()
    return {
        "engine": "dask",
        "workers": workers,
        "startup_s": startup,
        "seconds": seconds,
        "cpu_s": cpu,
        "memory_mb": memory,
        "results": results,
        "load": load_average(),
    }


def projected_ratio(run: dict[str, Any], single: dict[str, Any], cores: int) -> float:
    """The speed-up this run would have on ``cores`` idle cores, from CPU
    seconds: its processes cannot finish before their CPU total spread over
    the cores, nor before the busiest worker. Only an estimate, for a shared
    machine where wall time measures the neighbours as much as the code."""
    cpu = run["cpu_s"]
    workers = [v for k, v in cpu.items() if k != "client+scheduler"] or [0.0]
    wall = max(sum(cpu.values()) / cores, max(workers))
    return sum(single["cpu_s"].values()) / wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default=CORPUS)
    parser.add_argument("--n", type=int, default=4000, help="articles to process")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--model", default="rules")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run every configuration this many times, interleaved, and "
        "keep each one's fastest run (on a shared machine)",
    )
    parser.add_argument(
        "--format",
        default="jsonl",
        choices=[*FORMATS, NO_OUTPUT],
        help="output written by every run, as `attrib annotate -f FORMAT` writes it "
        f"(default jsonl; {NO_OUTPUT}: annotate only)",
    )
    parser.add_argument("--json", help="also write the measurements here")
    args = parser.parse_args()

    items = list(itertools.islice(read_inputs([args.corpus]), args.n))
    words = sum(len(i.text.split()) for i in items if isinstance(i, Document))
    print(
        f"{len(items)} articles, {words:,} words; {os.cpu_count()} CPUs, "
        f"load average {load_average()} before"
    )

    out = Path(tempfile.mkdtemp(prefix="dask-bench-")) / f"out.{args.format}"
    print(f"output: {args.format}" + ("" if args.format == NO_OUTPUT else f" to {out.parent}"))
    tries: list[list[dict[str, Any]]] = [[] for _ in range(1 + len(args.workers))]
    for _ in range(max(1, args.repeat)):
        tries[0].append(fresh(run_single, items, args.model, args.batch_size, args.format, out))
        for i, n in enumerate(args.workers, start=1):
            tries[i].append(run_cluster(items, args.model, args.batch_size, n, args.format, out))
    if any(run["results"] != t[0]["results"] for t in tries for run in t):
        print("results differ between repeats of one configuration")
    runs = [min(t, key=lambda run: run["seconds"]) for t in tries]
    if any(run["results"] != runs[0]["results"] for run in runs[1:]):
        # Tell a Dask bug from a pipeline that changed on disk during the run
        # (workers import the code when they start, after the single run).
        again = fresh(run_single, items, args.model, args.batch_size, args.format, out)
        drift = again["results"] != runs[0]["results"]
        print(
            "results differ; single-process run repeated: "
            + (
                "it differs too: the pipeline changed during the benchmark"
                if drift
                else "it matches the first: the Dask runs really differ"
            )
        )
        if drift:
            runs[0]["results"] = again["results"]
    base = words / runs[0]["seconds"]
    print(
        f"{'engine':<8} {'workers':>7} {'startup s':>9} {'run s':>7} {'words/s':>9} "
        f"{'ratio':>6} {'with startup':>12}  identical  load (1/5/15 min) after"
    )
    for run in runs:
        rate = words / run["seconds"]
        total = words / (run["seconds"] + run["startup_s"])
        same = run["results"] == runs[0]["results"]
        if not same:
            pairs = zip(run["results"], runs[0]["results"], strict=False)
            diff = [i for i, (a, b) in enumerate(pairs) if a != b]
            print(
                f"  {run['engine']}/{run['workers']}: {len(run['results'])} results, "
                f"{len(diff)} differ from single, first at {diff[:5]}"
            )
        run.update(words_per_s=rate, ratio=rate / base, identical=same)
        print(
            f"{run['engine']:<8} {run['workers']:>7} {run['startup_s']:>9.1f} "
            f"{run['seconds']:>7.1f} {rate:>9,.0f} {rate / base:>6.2f} "
            f"{total / (words / (runs[0]['seconds'] + runs[0]['startup_s'])):>12.2f}  "
            f"{str(same):<9}  {run['load']}"
        )
    cores = os.cpu_count() or 1
    print(f"CPU seconds during the run, and the ratio projected for {cores} idle cores:")
    for run in runs:
        run["projected_ratio"] = projected_ratio(run, runs[0], cores)
        spent = ", ".join(f"{k} {v:.1f}" for k, v in run["cpu_s"].items())
        print(
            f"  {run['engine']}/{run['workers']}: {spent}; "
            f"projected ratio {run['projected_ratio']:.2f}"
        )
    print("memory (RSS MB: before, samples during, after):")
    for run in runs:
        for who, values in run["memory_mb"].items():
            print(
                f"  {run['engine']}/{run['workers']} {who}: " + " ".join(f"{v:.0f}" for v in values)
            )
    out.parent.rmdir()
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump([{k: v for k, v in r.items() if k != "results"} for r in runs], fh, indent=2)


if __name__ == "__main__":
    main()
