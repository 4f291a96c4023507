"""spaCy corpus reader for GUIDELINES JSONL (and converted ``.spacy`` files).

Registered as ``attrib.JsonlCorpus.v1`` so a training config can point
``[corpora.train] path`` straight at a gold JSONL file: records are turned
into Examples with the pipeline's own tokenizer each epoch (the predicted
doc is ``nlp.make_doc(text)``, the reference the gold doc). Bad lines and
snapped spans are reported once per file (on the ``attrib.training``
logger, which prints warnings to stderr) and the rest is used.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import DocBin
from spacy.training import Example
from spacy.util import registry

from .convert import Report, record_to_gold_doc
from .records import LineError, read_jsonl

logger = logging.getLogger("attrib.training")
_reported: set[tuple[str, float]] = set()


def report_once(path: Path, report: Report, errors: list[LineError]) -> None:
    key = (str(path), path.stat().st_mtime)
    if key in _reported:
        return
    _reported.add(key)
    for err in errors:
        logger.warning("skipped %s", err)
    for line in report.snapped[:20]:
        logger.warning("snapped %s", line)
    if len(report.snapped) > 20:
        logger.warning("... and %d more snapped spans in %s", len(report.snapped) - 20, path)
    if errors or report.snapped:
        logger.warning("%s: %s", path, report.summary())


def read_examples(nlp: Language, path: str | Path, limit: int = 0) -> Iterator[Example]:
    """Examples from a JSONL or ``.spacy`` file."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"training data not found: {path}")
    if path.suffix == ".spacy":
        docs = DocBin().from_disk(path).get_docs(nlp.vocab)
        for i, ref in enumerate(docs):
            if limit and i >= limit:
                return
            yield Example(nlp.make_doc(ref.text), ref)
        return
    report = Report()
    errors: list[LineError] = []
    examples = []
    for origin, item in read_jsonl(path):
        if isinstance(item, LineError):
            errors.append(item)
            continue
        if limit and len(examples) >= limit:
            break
        ref = record_to_gold_doc(nlp, item, origin, report)
        examples.append(Example(nlp.make_doc(item["text"]), ref))
    report_once(path, report, errors)
    yield from examples


@registry.readers("attrib.JsonlCorpus.v1")
def create_jsonl_corpus(path: Path | None, limit: int = 0,
                        shuffle: bool = False) -> Callable[[Language], Iterator[Example]]:
    """A corpus callable for ``[corpora.*]``; ``path`` may be JSONL or .spacy."""

    def corpus(nlp: Language) -> Iterator[Example]:
        if path is None:
            raise ValueError("attrib.JsonlCorpus.v1: no path given (set paths.train/dev)")
        examples = list(read_examples(nlp, path, limit))
        if shuffle:
            random.shuffle(examples)
        yield from examples

    return corpus
