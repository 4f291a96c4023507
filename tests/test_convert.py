"""Doccano JSONL ⇄ DocBin conversion: lossless on token-aligned records,
snaps reported, bad lines reported with file:line and the rest converted."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import DocBin
from train_data import records, write
from typer.testing import CliRunner

from attrib.cli.main import app
from attrib.tokenizer import blank
from attrib.training.convert import (
    Report,
    docbin_to_records,
    gold_doc_to_record,
    record_to_gold_doc,
    records_to_docbin,
)

NLP = blank()
TEXT = "قال وزير الخارجية إن «المحادثات مستمرة» ، وأضاف أن الوفد سيعود غدا."
TOKENS = [(t.idx, t.idx + len(t.text)) for t in NLP.make_doc(TEXT)]


def roundtrip(record: dict) -> tuple[dict, Report]:
    report = Report()
    docbin = records_to_docbin(NLP, [("mem:1", record)], report)
    back = list(docbin_to_records(DocBin().from_bytes(docbin.to_bytes()), NLP.vocab))
    return back[0], report


def test_hand_written_records_roundtrip_exactly():
    for record in records():
        back, report = roundtrip(record)
        assert back == record
        assert report.snapped == []


@st.composite
def aligned_records(draw):
    """Random token-aligned entities (any label, overlaps allowed), random
    relations between them, extra keys and ids of either type."""
    n = draw(st.integers(0, 6))
    entities = []
    for i in range(n):
        a = draw(st.integers(0, len(TOKENS) - 1))
        b = draw(st.integers(a, min(a + 5, len(TOKENS) - 1)))
        label = draw(st.sampled_from(["CUE", "SOURCE", "CONTENT"]))
        entities.append({"id": i + 1, "label": label, "start_offset": TOKENS[a][0],
                         "end_offset": TOKENS[b][1]})
    relations = []
    if n >= 2:
        for j in range(draw(st.integers(0, 4))):
            x, y = draw(st.integers(1, n)), draw(st.integers(1, n))
            relations.append({"id": j + 1, "from_id": x, "to_id": y,
                              "type": draw(st.sampled_from(["source", "content"]))})
    record = {"id": draw(st.one_of(st.integers(0, 999), st.text(min_size=1, max_size=5))),
              "text": TEXT, "entities": entities, "relations": relations}
    if draw(st.booleans()):
        record["meta"] = {"outlet": draw(st.text(max_size=8)), "n": draw(st.integers()),
                          "tags": draw(st.lists(st.one_of(
                              st.none(), st.booleans(), st.floats(allow_nan=False),
                              st.text(max_size=3)), max_size=3))}
    return record


@settings(max_examples=40, deadline=None)
@given(aligned_records())
def test_roundtrip_is_lossless_on_token_boundaries(record):
    back, report = roundtrip(record)
    assert back == record
    assert report.snapped == []


def test_off_boundary_span_is_snapped_and_reported():
    record = records()[0]
    cue = record["entities"][0]
    assert record["text"][cue["start_offset"]:cue["end_offset"]] == "قال"
    record["entities"][0] = dict(cue, end_offset=cue["end_offset"] - 1)  # "قا"
    doc = record_to_gold_doc(NLP, record, "x.jsonl:7", report := Report())
    assert len(report.snapped) == 1
    assert report.snapped[0].startswith("x.jsonl:7: CUE 0-2 snapped to 0-3")
    back = gold_doc_to_record(doc)
    assert back["entities"][0]["end_offset"] == 3  # snapped, not dropped
    assert len(back["entities"]) == len(record["entities"])


def test_whitespace_entity_is_kept_verbatim():
    record = records()[0]
    space = record["text"].index(" ")
    record["entities"].append({"id": 99, "label": "SOURCE", "start_offset": space,
                               "end_offset": space + 1})
    back, report = roundtrip(record)
    assert back == record
    assert any("SOURCE 3-4: no tokens cover it, kept" in line for line in report.snapped)


def test_gold_doc_carries_attributions():
    doc = record_to_gold_doc(NLP, records()[1])
    atts = doc._.attributions
    assert [a.cue.text for a in atts] == ["أكدت", "وأضافت"]
    assert atts[1].speaker.text == "نقابة المعلمين"
    assert atts[1].implicit  # the source is in the previous sentence
    assert atts[1].contents[0].text == "«لن نتراجع عن حقوقنا»"


def test_cli_convert_both_ways_and_bad_line(tmp_path):
    src = write(tmp_path / "gold.jsonl")
    with src.open("a", encoding="utf-8") as fh:
        fh.write('{"id": "bad", "text": "نص", "entities": [{"id": 1, "label": "CUE", '
                 '"start_offset": 0, "end_offset": 9}], "relations": []}\n')
        fh.write("not json\n")
    runner = CliRunner()
    result = runner.invoke(app, ["convert", str(src), str(tmp_path / "gold.spacy")])
    assert result.exit_code == 2, result.output
    assert f"{src}:9: entity 1 offsets 0-9 outside text" in result.output
    assert f"{src}:10: invalid JSON" in result.output
    assert "8 documents converted" in result.output
    result = runner.invoke(app, ["convert", str(tmp_path / "gold.spacy"),
                                 str(tmp_path / "back.jsonl")])
    assert result.exit_code == 0, result.output
    back = [json.loads(line) for line in (tmp_path / "back.jsonl").open(encoding="utf-8")]
    assert back == records()


def test_cli_convert_rejects_unknown_direction(tmp_path):
    src = write(tmp_path / "gold.jsonl")
    result = CliRunner().invoke(app, ["convert", str(src), str(tmp_path / "x.txt")])
    assert result.exit_code == 1
    assert "convert goes" in result.output


def test_corpus_reader_reads_jsonl_and_docbin_alike(tmp_path):
    from attrib.training.corpus import read_examples

    src = write(tmp_path / "gold.jsonl")
    records_to_docbin(NLP, [("m", r) for r in records()]).to_disk(tmp_path / "gold.spacy")
    from_jsonl = list(read_examples(NLP, src))
    from_docbin = list(read_examples(NLP, tmp_path / "gold.spacy"))
    assert len(from_jsonl) == len(from_docbin) == len(records())
    for a, b in zip(from_jsonl, from_docbin, strict=True):
        assert a.predicted.text == b.predicted.text
        assert [x.as_dict() for x in a.reference._.attributions] == \
            [x.as_dict() for x in b.reference._.attributions]
        assert len(a.predicted.spans) == 0  # the predicted side starts bare
