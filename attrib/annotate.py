"""The processing core: a stream of documents in, annotated records out, in order.

One long ``nlp.pipe(..., as_tuples=True)`` call runs over a generator, so
``n_process`` workers stay alive and memory stays flat however long the
stream. Rejects from the readers are held only until the documents around
them come out, so output order is input order.

A document whose processing fails must not take the stream down: if the
pipe raises (or a component's error handler silently drops a doc), every
document fed but not returned is retried alone; the one that fails again
becomes a :class:`Reject` carrying the exception, and a fresh pipe continues
with the rest of the input.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from .exchange import doc_to_record
from .io.items import Annotated, Document, Reject

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

Item = Document | Reject


def annotated_from_doc(document: Document, doc: Doc) -> Annotated:
    """The picklable result of one document: exchange record + attributions
    (built once from the doc's links, spans' texts sliced from the record's)."""
    attributions = doc._.attributions
    record = doc_to_record(doc, document.id, document.meta, attributions=attributions)
    return Annotated(
        document=document,
        record=record,
        attributions=[a.as_dict(record["text"]) for a in attributions],
    )


def failed(document: Document, reason: str) -> Reject:
    """The reject for a document whose processing failed: it names the
    document's origin and keeps its id and fields so it can be re-run."""
    return Reject(
        origin=document.origin or str(document.id),
        reason=reason,
        raw={"id": document.id, "text": document.text, **document.meta},
        position=document.position,
    )


def _failure(document: Document, exc: BaseException) -> Reject:
    return failed(document, f"processing failed: {type(exc).__name__}: {exc}")


def _alone(nlp: Language, document: Document) -> Annotated | Reject:
    """Process one document by itself, turning any exception into a reject."""
    try:
        return annotated_from_doc(document, nlp(document.text))
    except Exception as exc:  # noqa: BLE001 - any failure of one doc is that doc's reject
        return _failure(document, exc)


def annotate(
    nlp: Language,
    items: Iterable[Item],
    batch_size: int = 32,
    n_process: int = 1,
) -> Iterator[Annotated | Reject]:
    """Annotate documents, passing rejects through, in input order, lazily."""
    source = iter(items)
    # (sequence number, item) fed to the pipe and not yet given out, in order;
    # our own numbers, so callers' ``position`` values need not be unique.
    pending: deque[tuple[int, Item]] = deque()
    counter = itertools.count()
    fed = [0]  # items drawn from the input by the current pipe

    def feed() -> Iterator[tuple[str, int]]:
        for item in source:
            fed[0] += 1
            seq = next(counter)
            pending.append((seq, item))
            if isinstance(item, Document):
                yield item.text, seq

    def until(seq: int | None) -> Iterator[Annotated | Reject]:
        """Give out pending items before ``seq`` (all when None): rejects as
        they are, documents the pipe skipped processed alone."""
        while pending and (seq is None or pending[0][0] != seq):
            _, item = pending.popleft()
            yield item if isinstance(item, Reject) else _alone(nlp, item)

    while True:
        fed[0] = 0
        try:
            for doc, seq in nlp.pipe(
                feed(), as_tuples=True, batch_size=batch_size, n_process=n_process
            ):
                yield from until(seq)
                _, document = pending.popleft()
                try:
                    yield annotated_from_doc(document, doc)
                except Exception as exc:  # noqa: BLE001 - a bad result rejects one doc
                    yield _failure(document, exc)
        except Exception:  # noqa: BLE001 - the pipe died: retry its docs one by one
            if not fed[0]:
                raise  # it fails before reading anything: not one document's fault
            yield from until(None)
            continue
        yield from until(None)
        return
