"""The Python API: attrib.attribute, attrib.to_doccano, attrib.to_frame."""

from __future__ import annotations

import pytest
from spacy.language import Language
from standin import make_standin

import attrib
from attrib.exchange import validate_record
from attrib.io.tables import COLUMNS

SAID = "قال الطبيب إن اللقاح آمن. وأضاف: الجرعة الثانية ضرورية."
NOTHING = "افتتح المعرض أبوابه صباحاً."


@pytest.fixture(scope="module")
def standin() -> Language:
    return make_standin()


def test_attribute_yields_records_in_order(standin: Language) -> None:
    out = list(attrib.attribute([SAID, NOTHING], nlp=standin, batch_size=1))
    assert [r["id"] for r in out] == [0, 1]
    assert [r["text"] for r in out] == [SAID, NOTHING]
    assert all(validate_record(r) == [] for r in out)
    assert len(out[0]["entities"]) == 5 and out[1]["entities"] == []


def test_attribute_is_lazy(standin: Language) -> None:
    def texts():  # noqa: ANN202
        yield SAID
        raise AssertionError("read past the first text")

    records = attrib.attribute(texts(), nlp=standin, batch_size=1)
    assert next(records)["text"] == SAID


def test_to_doccano_keeps_extra_fields(standin: Language) -> None:
    record = attrib.to_doccano(standin(SAID), doc_id="t", extra={"outlet": "قناة", "text": "x"})
    assert (record["id"], record["text"], record["outlet"]) == ("t", SAID, "قناة")
    implicit = [r for r in record["relations"] if r["type"] == "source"]
    assert len(implicit) == 2 and implicit[0]["to_id"] == implicit[1]["to_id"]


def test_to_frame_rows_and_offsets(standin: Language) -> None:
    docs = list(standin.pipe([SAID, NOTHING, SAID]))
    frame = attrib.to_frame(docs, ids=["a", "b", "c"])
    assert list(frame.columns) == list(COLUMNS)
    assert frame["doc_id"].tolist() == ["a", "a", "c", "c"]
    assert frame["implicit"].tolist() == [False, True, False, True]
    assert frame["speaker"].tolist() == ["الطبيب"] * 4
    for row in frame.itertuples():
        assert SAID[row.content_start:row.content_end] == row.content
        assert SAID[row.cue_start:row.cue_end] == row.cue
    assert frame["source_start"].isna().tolist() == [False, True, False, True]


def test_to_frame_defaults_ids_to_positions_and_handles_nothing(standin: Language) -> None:
    frame = attrib.to_frame(standin.pipe([NOTHING, SAID]))
    assert frame["doc_id"].tolist() == ["1", "1"]
    empty = attrib.to_frame([standin(NOTHING)])
    assert empty.empty and list(empty.columns) == list(COLUMNS)


def test_to_frame_refuses_ids_of_another_length(standin: Language) -> None:
    with pytest.raises(ValueError, match="differ in length"):
        attrib.to_frame([standin(SAID)], ids=["a", "b"])


def test_the_rule_pipeline_through_the_api(nlp: Language) -> None:
    text = "قال وزير الصحة إن المستشفيات جاهزة."
    [record] = attrib.attribute([text], nlp=nlp)
    labels = {(e["label"], text[e["start_offset"]:e["end_offset"]]) for e in record["entities"]}
    assert ("CUE", "قال") in labels and ("CONTENT", "المستشفيات جاهزة") in labels
    frame = attrib.to_frame([nlp(text)])
    assert frame["cue"].tolist() == ["قال"]
