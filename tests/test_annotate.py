"""The processing core: order, laziness, and per-document failures."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator

import pytest
from spacy.language import Language
from spacy.tokens import Doc
from standin import FAIL_MARK, make_standin

from attrib.annotate import annotate, annotated_from_doc
from attrib.io.items import Annotated, Document, Reject

SAID = "قال الرئيس إن الحوار مستمر."
ALSO = "وقال الناطق: الهدنة صامدة."


def docs(*texts: str) -> list[Document]:
    return [Document(id=f"d{i}", text=t, origin=f"t:{i + 1}", position=i)
            for i, t in enumerate(texts)]


@pytest.fixture(scope="module")
def standin() -> Language:
    return make_standin()


def test_annotated_from_doc_carries_record_and_attributions(standin: Language) -> None:
    document = Document(id="x", text=SAID, meta={"outlet": "وكالة"})
    result = annotated_from_doc(document, standin(SAID))
    assert result.record["id"] == "x" and result.record["outlet"] == "وكالة"
    [att] = result.attributions
    assert att["cue"]["text"] == "قال" and att["source"]["text"] == "الرئيس"
    assert att["contents"][0]["text"] == "الحوار مستمر"


def test_order_is_input_order_with_rejects_in_place(standin: Language) -> None:
    items: list[Document | Reject] = [
        *docs(SAID, ALSO),
        Reject(origin="f:3", reason="bad", position=2),
        Document(id="d3", text=SAID, position=3),
        Reject(origin="f:5", reason="bad", position=4),
    ]
    out = list(annotate(standin, items, batch_size=2))
    assert [o.document.position if isinstance(o, Annotated) else o.position for o in out] == [
        0, 1, 2, 3, 4]
    assert [type(o).__name__ for o in out] == ["Annotated", "Annotated", "Reject",
                                               "Annotated", "Reject"]


def test_a_failing_document_is_rejected_and_the_rest_goes_on(standin: Language) -> None:
    out = list(annotate(standin, docs(SAID, f"{FAIL_MARK} {SAID}", ALSO), batch_size=8))
    assert [type(o).__name__ for o in out] == ["Annotated", "Reject", "Annotated"]
    assert out[1].origin == "t:2"
    assert "ValueError: stand-in asked to fail" in out[1].reason
    assert out[1].raw["text"].startswith(FAIL_MARK)


class BatchBomb:
    """A component whose ``pipe`` dies on a whole batch, as batched models do."""

    def __call__(self, doc: Doc) -> Doc:
        if FAIL_MARK in doc.text:
            raise RuntimeError("batch exploded")
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        for doc in stream:
            yield self(doc)


@Language.factory("attrib_test_batch_bomb")
def make_batch_bomb(nlp: Language, name: str) -> BatchBomb:
    return BatchBomb()


def test_a_dying_pipe_is_restarted_after_the_bad_document() -> None:
    nlp = make_standin()
    nlp.add_pipe("attrib_test_batch_bomb", first=True)
    texts = [SAID, ALSO, FAIL_MARK, SAID, ALSO, SAID]
    out = list(annotate(nlp, docs(*texts), batch_size=4))
    kinds = [type(o).__name__ for o in out]
    assert kinds == ["Annotated", "Annotated", "Reject", "Annotated", "Annotated", "Annotated"]
    assert "RuntimeError: batch exploded" in out[2].reason
    assert [len(o.attributions) for o in out if isinstance(o, Annotated)] == [1, 1, 1, 1, 1]


def test_documents_dropped_by_an_ignoring_error_handler_are_not_lost() -> None:
    nlp = make_standin()
    nlp.set_error_handler(lambda *args: None)  # nlp.pipe now drops the failing doc
    items = [Document(id=i, text=t) for i, t in enumerate([SAID, FAIL_MARK, ALSO])]  # position 0
    out = list(annotate(nlp, items, batch_size=8))
    assert [o.document.id for o in out] == [0, 1, 2]  # type: ignore[union-attr]
    assert [len(o.attributions) for o in out] == [1, 0, 1]  # type: ignore[union-attr]


def test_a_pipeline_that_cannot_run_at_all_raises() -> None:
    class Broken:
        def pipe(self, *args: object, **kwargs: object) -> Iterator[Doc]:
            raise OSError("no model")

    with pytest.raises(OSError, match="no model"):
        list(annotate(Broken(), docs(SAID)))  # type: ignore[arg-type]


def test_annotate_streams_an_endless_input(standin: Language) -> None:
    endless = (Document(id=i, text=SAID, position=i) for i in itertools.count())
    first = list(itertools.islice(annotate(standin, endless, batch_size=4), 10))
    assert [o.document.id for o in first] == list(range(10))


@pytest.mark.slow
def test_n_process_gives_the_same_result(standin: Language) -> None:
    items = docs(*([SAID, ALSO, f"{FAIL_MARK}"] * 4))
    single = list(annotate(standin, items, batch_size=2))
    multi = list(annotate(standin, items, batch_size=2, n_process=2))
    assert [type(o).__name__ for o in multi] == [type(o).__name__ for o in single]
    assert [o.record for o in multi if isinstance(o, Annotated)] == [
        o.record for o in single if isinstance(o, Annotated)]
