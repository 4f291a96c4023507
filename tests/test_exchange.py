"""Exchange format (GUIDELINES JSONL) ⇄ Doc and the Attribution data model."""

import pytest
import spacy

from attrib.exchange import (
    RecordError,
    doc_to_record,
    record_attributions,
    record_to_doc,
    validate_record,
)
from attrib.model import Attribution, kind_of, set_attributions
from attrib.tokenizer import blank

TEXT = 'قال وزير المالية إن العجز تراجع. وأضاف: "سنواصل الإصلاح".'


@pytest.fixture(scope="module")
def make_doc():
    nlp = blank()
    return nlp.make_doc


def _span(doc, text, label):
    start = doc.text.index(text)
    return doc.char_span(start, start + len(text), label=label)


def _gold_doc(make_doc):
    doc = make_doc(TEXT)
    source = _span(doc, "وزير المالية", "SOURCE")
    first = Attribution(
        cue=_span(doc, "قال", "CUE"),
        contents=(_span(doc, "العجز تراجع", "CONTENT"),),
        source=source,
        kind="indirect",
    )
    second = Attribution(
        cue=_span(doc, "وأضاف", "CUE"),
        contents=(_span(doc, '"سنواصل الإصلاح"', "CONTENT"),),
        antecedent=source,
        kind="direct",
        confidence=0.8,
    )
    set_attributions(doc, [second, first])
    return doc


def test_set_attributions_fills_groups_and_sorts(make_doc):
    doc = _gold_doc(make_doc)
    atts = doc._.attributions
    assert [a.cue.text for a in atts] == ["قال", "وأضاف"]
    assert atts[1].implicit and atts[1].speaker.text == "وزير المالية"
    assert [s.text for s in doc.spans["attrib_sources"]] == ["وزير المالية"]  # shared, kept once
    assert [s.text for s in doc.spans["attrib_cues"]] == ["قال", "وأضاف"]
    assert {s.label_ for s in doc.spans["attrib_contents"]} == {"CONTENT"}


def test_attributions_survive_serialisation(make_doc):
    doc = _gold_doc(make_doc)
    restored = spacy.tokens.Doc(doc.vocab).from_bytes(doc.to_bytes())
    assert [a.as_dict() for a in restored._.attributions] == [
        a.as_dict() for a in doc._.attributions
    ]


def test_record_has_exact_offsets_and_relations(make_doc):
    record = doc_to_record(
        _gold_doc(make_doc), doc_id="d1", extra={"outlet": "x", "text": "ignored"}
    )
    assert record["id"] == "d1" and record["outlet"] == "x" and record["text"] == TEXT
    for ent in record["entities"]:
        piece = TEXT[ent["start_offset"] : ent["end_offset"]]
        assert piece == piece.strip() and piece
    labels = [e["label"] for e in record["entities"]]
    assert labels.count("SOURCE") == 1 and labels.count("CUE") == 2
    assert sorted(r["type"] for r in record["relations"]) == [
        "content",
        "content",
        "source",
        "source",
    ]
    assert not validate_record(record)


def test_record_round_trips_through_doc(make_doc):
    record = doc_to_record(_gold_doc(make_doc), doc_id="d1")
    snapped: list[str] = []
    again = doc_to_record(record_to_doc(make_doc, record, snapped), doc_id="d1")
    assert again == record and snapped == []
    # the second cue's source lies in an earlier sentence: an implicit speaker
    atts = record_to_doc(make_doc, record)._.attributions
    assert atts[1].implicit and atts[0].source is not None


def test_snapping_is_reported(make_doc):
    record = {
        "id": 1,
        "text": TEXT,
        "relations": [],
        "entities": [{"id": 7, "label": "CUE", "start_offset": 1, "end_offset": 3}],
    }
    snapped: list[str] = []
    record_to_doc(make_doc, record, snapped)
    assert snapped and "snapped to 0-3" in snapped[0]


def test_validation_names_what_is_wrong():
    bad = {
        "text": "قال",
        "entities": [{"id": 1, "label": "WHO", "start_offset": 0, "end_offset": 9}],
        "relations": [{"id": 1, "from_id": 1, "to_id": 5, "type": "source"}],
    }
    problems = " ".join(validate_record(bad))
    assert "unknown label 'WHO'" in problems
    assert "outside text" in problems
    assert "missing entity 5" in problems
    with pytest.raises(RecordError):
        record_to_doc(spacy.blank("ar").make_doc, bad)


def test_record_attributions_group_by_cue_with_noncontiguous_ids():
    record = {
        "text": "قال زيد إن عمرا غائب",
        "entities": [
            {"id": 40, "label": "CUE", "start_offset": 0, "end_offset": 3},
            {"id": 17, "label": "SOURCE", "start_offset": 4, "end_offset": 7},
            {"id": 99, "label": "CONTENT", "start_offset": 11, "end_offset": 20},
        ],
        "relations": [
            {"id": 3, "from_id": 40, "to_id": 99, "type": "content"},
            {"id": 8, "from_id": 40, "to_id": 17, "type": "source"},
        ],
    }
    (att,) = record_attributions(record)
    assert (att.source.start, att.contents[0].end) == (4, 20)


def test_kind_of_contents(make_doc):
    doc = make_doc('قال "نعم" وإنه "ربما" لاحقا')
    assert kind_of([doc[1:4]]) == "direct"
    assert kind_of([doc[4:9]]) == "mixed"
    assert kind_of([doc[8:9]]) == "indirect"
