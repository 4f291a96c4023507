"""Throughput of the attribution pipeline against spaCy's bare Arabic tokenizer.

Runs ``spacy.blank("ar")`` and the pipeline over the same N corpus articles in
one process and prints words/s of both and their ratio (words: whitespace-
split tokens of the texts), so the number is comparable across machines. The
pipeline is timed on the path ``attrib annotate`` takes (``annotate()``:
``nlp.pipe`` + exchange records + doccano lines), and the resident memory is
sampled along that stream: a flat stream shows almost no growth between its
first and second half.

    .venv/bin/python bench/throughput.py --n 2000 --model rules
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import psutil

DEFAULT_CORPUS = "/work/shared/corpus/news.jsonl"
SAMPLE_EVERY = 50
WARMUP = 100


def read_texts(corpus: Path, n: int) -> list[str]:
    """The first ``n`` non-empty texts of a JSONL corpus."""
    texts: list[str] = []
    with corpus.open(encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line).get("text")
            if isinstance(text, str) and text.strip():
                texts.append(text)
                if len(texts) == n:
                    break
    return texts


def timed(docs: Iterable[Any]) -> float:
    start = time.perf_counter()
    for _ in docs:
        pass
    return time.perf_counter() - start


class MemorySampler:
    """Resident set size along a stream, sampled every few items."""

    def __init__(self) -> None:
        self.process = psutil.Process()
        self.samples: list[int] = []

    def through(self, items: Iterable[Any]) -> Iterator[Any]:
        self.samples.append(self.process.memory_info().rss)
        for i, item in enumerate(items, start=1):
            if i % SAMPLE_EVERY == 0:
                self.samples.append(self.process.memory_info().rss)
            yield item
        self.samples.append(self.process.memory_info().rss)

    def report(self) -> dict[str, float]:
        mib = 1024 * 1024
        half = len(self.samples) // 2
        return {
            "rss_start_mib": round(self.samples[0] / mib, 1),
            "rss_peak_mib": round(max(self.samples) / mib, 1),
            "growth_mib": round((max(self.samples) - self.samples[0]) / mib, 1),
            "second_half_growth_mib": round(
                (max(self.samples[half:]) - max(self.samples[: half or 1])) / mib, 1
            ),
        }


def annotate_stream(nlp: Any, texts: list[str], batch_size: int) -> Iterator[str]:
    """The CLI's path: documents → annotate → doccano lines (kept nowhere)."""
    from attrib.annotate import annotate
    from attrib.io.items import Annotated, Document

    items = (Document(id=i, text=t, position=i) for i, t in enumerate(texts))
    for result in annotate(nlp, items, batch_size=batch_size):
        record = result.record if isinstance(result, Annotated) else result.as_record()
        yield json.dumps(record, ensure_ascii=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="articles (default 2000)")
    parser.add_argument("--corpus", type=Path, default=Path(DEFAULT_CORPUS))
    parser.add_argument("--model", default="rules", help="'rules' or a pipeline path")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = parser.parse_args(argv)

    import spacy

    import attrib

    # Warm-up articles come after the measured ones, so caches keyed on
    # tokens (normalisation, lexicon look-ups) are warm but not pre-filled.
    loaded = read_texts(args.corpus, args.n + WARMUP)
    texts, warmup = loaded[: args.n], loaded[args.n:]
    if not texts:
        print(f"no texts in {args.corpus}", file=sys.stderr)
        return 2
    words = sum(len(t.split()) for t in texts)
    chars = sum(len(t) for t in texts)

    blank = spacy.blank("ar")
    timed(blank.pipe(warmup))
    t_blank = timed(blank.pipe(texts, batch_size=args.batch_size))

    # The pipeline alone (nlp.pipe), in a pipeline of its own so that its
    # first pass over the texts is as cold as the tokenizer's.
    alone = attrib.load(args.model)
    timed(alone.pipe(warmup))
    t_alone = timed(alone.pipe(texts, batch_size=args.batch_size))
    del alone

    load_start = time.perf_counter()
    nlp = attrib.load(args.model)
    t_load = time.perf_counter() - load_start
    timed(nlp.pipe(warmup))
    memory = MemorySampler()
    t_pipe = timed(memory.through(annotate_stream(nlp, texts, args.batch_size)))
    # New words grow spaCy's vocabulary and string store (and bounded caches)
    # for any pipeline; a second pass over the same texts sees no new word,
    # so growth there would be a per-document leak.
    repeat = MemorySampler()
    timed(repeat.through(annotate_stream(nlp, texts, args.batch_size)))

    result = {
        "articles": len(texts),
        "words": words,
        "characters": chars,
        "model": args.model,
        "pipes": nlp.pipe_names,
        "load_s": round(t_load, 2),
        "blank_ar_words_per_s": round(words / t_blank),
        "nlp_pipe_words_per_s": round(words / t_alone),
        "ratio": round(t_blank / t_alone, 3),
        "pipeline_words_per_s": round(words / t_pipe),
        "pipeline_docs_per_s": round(len(texts) / t_pipe, 1),
        "ratio_with_records": round(t_blank / t_pipe, 3),
        **memory.report(),
        # Against the first pass's peak, not the repeat's own start: between
        # passes the allocator hands a trained pipeline's large, short-lived
        # arrays back to the system, and they come back with the first batch
        # (a working set, not a leak).
        "repeat_pass_growth_mib": round(
            (max(repeat.samples) - max(memory.samples)) / (1024 * 1024), 1
        ),
        "repeat_pass_working_set_mib": repeat.report()["growth_mib"],
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"{result['articles']} articles, {words:,} words, {chars:,} characters "
          f"(model {args.model}: {', '.join(nlp.pipe_names)}; loaded in {t_load:.2f} s)")
    print(f"  spacy.blank('ar') tokenizer : {result['blank_ar_words_per_s']:>10,} words/s")
    print(f"  attrib pipeline (nlp.pipe)  : {result['nlp_pipe_words_per_s']:>10,} words/s")
    target = 0.5 if args.model == "rules" else 0.1  # the rules' bar, a trained pipeline's bar
    print(f"  ratio pipeline / tokenizer  : {result['ratio']:>10.3f}   (target >= {target})")
    print(f"  pipeline + records (annotate path): {result['pipeline_words_per_s']:>10,} words/s"
          f"  ({result['pipeline_docs_per_s']} docs/s), ratio {result['ratio_with_records']:.3f}")
    print(f"  memory over the annotate stream: start {result['rss_start_mib']} MiB, "
          f"peak {result['rss_peak_mib']} MiB, growth {result['growth_mib']} MiB "
          f"(second half vs first: {result['second_half_growth_mib']:+} MiB)")
    print(f"  growth on a repeat pass over the same articles: "
          f"{result['repeat_pass_growth_mib']:+} MiB over the first pass's peak "
          f"(no new words: leaks would show here; batch working set "
          f"{result['repeat_pass_working_set_mib']} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
