"""Unit tests for the doccano mapping and checks, on crafted exports (no server)."""

from __future__ import annotations

import json

import pytest

from attrib.doccano.agreement import format_agreement, pairwise
from attrib.doccano.convert import (
    DOC_ID_KEY,
    ORIGINAL_KEY,
    SUMMARY_KEY,
    Problem,
    diff_records,
    from_doccano_line,
    from_utf16,
    summarize,
    to_doccano_lines,
    to_utf16,
)
from attrib.doccano.pull import choose_users, convert_export
from attrib.doccano.push import read_documents
from attrib.doccano.validate import boundary_problems, check_record

TEXT = 'وقال الوزير إن "الحكومة ماضية في الإصلاح" أمس.'
#       0123456789...


def _span(text: str, piece: str) -> tuple[int, int]:
    start = text.index(piece)
    return start, start + len(piece)


def _record() -> dict:
    cue, src, cont = (_span(TEXT, "وقال"), _span(TEXT, "الوزير"),
                      _span(TEXT, '"الحكومة ماضية في الإصلاح"'))
    return {
        "id": "doc-7",
        "text": TEXT,
        "outlet": "صحيفة",
        "meta": {"n": 3, "tags": ["a", None]},
        "entities": [
            {"id": 10, "label": "CONTENT", "start_offset": cont[0], "end_offset": cont[1]},
            {"id": 11, "label": "CUE", "start_offset": cue[0], "end_offset": cue[1]},
            {"id": 12, "label": "SOURCE", "start_offset": src[0], "end_offset": src[1]},
        ],
        "relations": [
            {"id": 1, "from_id": 11, "to_id": 12, "type": "source"},
            {"id": 2, "from_id": 11, "to_id": 10, "type": "content"},
        ],
        "date": 20240101,
    }


def _as_exported(line: dict, db_id: int, span_base: int = 900, rel_base: int = 5000) -> dict:
    """What doccano's export makes of an import line: database ids (large,
    with gaps) for example, spans and relations; meta flattened in."""
    old_to_new = {e["id"]: span_base + 7 * i for i, e in enumerate(line["entities"])}
    out = {"id": db_id, "text": line["text"]}
    out.update({k: v for k, v in line.items() if k not in ("text", "entities", "relations")})
    out["entities"] = [{**e, "id": old_to_new[e["id"]]} for e in line["entities"]]
    out["relations"] = [
        {**r, "id": rel_base + 3 * i, "from_id": old_to_new[r["from_id"]],
         "to_id": old_to_new[r["to_id"]]}
        for i, r in enumerate(line["relations"])
    ]
    out["Comments"] = []
    return out


def test_round_trip_restores_document_with_noncontiguous_ids():
    record = _record()
    [line] = to_doccano_lines([record])
    assert "id" not in line  # a meta 'id' would overwrite doccano's own on export
    assert line[DOC_ID_KEY] == "doc-7"
    problems: list[Problem] = []
    back = from_doccano_line(_as_exported(line, db_id=4711), problems)
    assert problems == []
    assert diff_records(record, back) == []
    assert list(back) == list(record)  # original key order
    assert back["meta"] == {"n": 3, "tags": ["a", None]} and back["date"] == 20240101
    assert [e["id"] for e in back["entities"]] == [1, 2, 3]  # renumbered in text order
    assert back["entities"][0]["label"] == "CUE"


def test_meta_is_uniform_across_lines_and_readable():
    other = {"id": 5, "text": "نص آخر", "title": "عنوان"}
    lines = to_doccano_lines([_record(), other])
    keys = [set(x) - {"entities", "relations", "text"} for x in lines]
    assert keys[0] == keys[1]  # no gaps for doccano's DataFrame to fill with NaN
    assert lines[1]["outlet"] == "" and lines[0]["title"] == ""
    assert lines[1][DOC_ID_KEY] == "5"
    assert json.loads(lines[1][ORIGINAL_KEY])["id"] == 5
    assert lines[0][SUMMARY_KEY].startswith("1. وقال ← الوزير: \"الحكومة")


def test_summary_marks_missing_source_and_truncates():
    record = _record()
    record["relations"] = [r for r in record["relations"] if r["type"] == "content"]
    record["text"] = TEXT
    summary = summarize(record)
    assert summary.startswith("1. وقال ← ∅: ")
    long = dict(record, text=TEXT.replace("الإصلاح", "الإصلاح " * 20))
    assert summarize({"text": "لا شيء هنا", "entities": [], "relations": []}) == "—"
    assert len(summarize(long).splitlines()[0]) < 80


def test_dangling_and_duplicate_relations_are_reported_and_dropped():
    [line] = to_doccano_lines([_record()])
    exported = _as_exported(line, db_id=3)
    exported["relations"].append({"id": 99, "from_id": 900, "to_id": 123456, "type": "content"})
    exported["relations"].append(dict(exported["relations"][0], id=98))
    exported["entities"].append(dict(exported["entities"][0], id=77))  # same span twice
    problems: list[Problem] = []
    back = from_doccano_line(exported, problems)
    messages = " | ".join(p.message for p in problems)
    assert "points at a missing span" in messages
    assert "duplicate source relation dropped" in messages or "duplicate" in messages
    assert "1 duplicate span(s) merged" in messages
    assert len(back["relations"]) == 2 and len(back["entities"]) == 3


def test_example_not_pushed_by_attrib_gets_doccano_id():
    problems: list[Problem] = []
    back = from_doccano_line({"id": 42, "text": "نص", "entities": [], "relations": [],
                              "Comments": [], "source_file": "x"}, problems)
    assert back["id"] == "doccano-42" and back["source_file"] == "x"
    assert "not pushed by attrib" in problems[0].message


def test_utf16_offsets_round_trip_after_astral_characters():
    text = "😀 قال"
    assert to_utf16(text, [2, 5]) == [3, 6]
    assert from_utf16(text, [3, 6]) == [2, 5]
    assert from_utf16(text, [1]) == [None]  # inside the emoji's surrogate pair
    assert to_utf16("قال", [0, 3]) == [0, 3]


def test_check_record_finds_guideline_violations():
    text = "قال الوزير إن الخطة جاهزة وأضاف المتحدث أن العمل مستمر"
    ents = [
        ("CUE", "قال"), ("SOURCE", "الوزير"), ("CONTENT", "الخطة جاهزة"),
        ("CONTENT", "العمل مستمر"), ("SOURCE", "المتحدث"),
    ]
    entities = [{"id": i, "label": lab, "start_offset": text.index(p),
                 "end_offset": text.index(p) + len(p)} for i, (lab, p) in enumerate(ents, 1)]
    entities.append({"id": 6, "label": "SOURCE", "start_offset": text.index("الوزير") + 2,
                     "end_offset": text.index("الوزير") + 6})  # off word boundary
    record = {"id": "x", "text": text, "entities": entities, "relations": [
        {"id": 1, "from_id": 1, "to_id": 2, "type": "source"},
        {"id": 2, "from_id": 1, "to_id": 5, "type": "source"},
        {"id": 3, "from_id": 1, "to_id": 3, "type": "content"},
        {"id": 4, "from_id": 1, "to_id": 77, "type": "content"},
    ]}
    messages = [p.message for p in check_record(record)]
    assert any("has 2 sources" in m for m in messages)
    assert any("CONTENT" in m and "'العمل مستمر'" in m and "no cue" in m for m in messages)
    assert any("starts inside a word" in m for m in messages)
    assert any("points at missing entity 77" in m for m in messages)
    assert not any("'الخطة جاهزة'" in m for m in messages)


def test_boundary_rules():
    text = "شدَّد الوزير، على أن"
    assert boundary_problems(text, 0, 5) == []  # the diacritics belong to the word
    assert boundary_problems(text, 0, 3) == ["ends inside a word"]
    assert boundary_problems(text, 6, 12) == []  # before the comma
    assert boundary_problems(text, 5, 12) == ["starts or ends with whitespace"]


def test_read_documents_reports_bad_lines(tmp_path):
    good = _record()
    bad_rel = dict(_record(), id="bad", relations=[{"id": 1, "from_id": 11, "to_id": 404,
                                                    "type": "source"}])
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join([json.dumps(good), "{oops", json.dumps(bad_rel),
                               json.dumps({"text": "بلا معرف"}), json.dumps(good)]) + "\n",
                    encoding="utf-8")
    txt = tmp_path / "article-1.txt"
    txt.write_text("قال أحدهم شيئا", encoding="utf-8")
    records, problems = read_documents([path, txt])
    assert [r["id"] for r in records] == ["doc-7", "in-4", "article-1"]
    where = [p.doc for p in problems]
    assert where == [f"{path}:2", f"{path}:3", f"{path}:5"]
    assert "already used" in problems[2].message


def _user_records(spans: list[tuple[str, int, int]]) -> dict:
    return {"id": "d1", "text": "x" * 50,
            "entities": [{"id": i, "label": lab, "start_offset": s, "end_offset": e}
                         for i, (lab, s, e) in enumerate(spans, 1)],
            "relations": []}


def test_choose_users_never_merges_annotators():
    files = {}
    for user, spans in {"ali": [("CUE", 0, 3)], "mona": [("CUE", 0, 3)], "admin": []}.items():
        rec = _user_records(spans)
        [line] = to_doccano_lines([rec])
        files[user] = [_as_exported(line, db_id=1)]
    pulled = convert_export(files)
    assert pulled.annotators() == ["ali", "mona"]
    with pytest.raises(Exception, match="several annotators"):
        choose_users(pulled, None, per_user=False, only_confirmed=False)
    assert choose_users(pulled, None, per_user=True, only_confirmed=False) == ["ali", "mona"]
    assert choose_users(pulled, "admin", per_user=False, only_confirmed=False) == ["admin"]
    with pytest.raises(Exception, match="not a member"):
        choose_users(pulled, "zaid", per_user=False, only_confirmed=False)


def test_agreement_pairs_use_shared_documents_only():
    text = "قال الوزير إن الخطة جاهزة"
    def rec(doc, content_end):
        return {"id": doc, "text": text, "entities": [
            {"id": 1, "label": "CUE", "start_offset": 0, "end_offset": 3},
            {"id": 2, "label": "SOURCE", "start_offset": 4, "end_offset": 10},
            {"id": 3, "label": "CONTENT", "start_offset": 14, "end_offset": content_end}],
            "relations": [{"id": 1, "from_id": 1, "to_id": 2, "type": "source"},
                          {"id": 2, "from_id": 1, "to_id": 3, "type": "content"}]}
    empty = {"id": "d2", "text": text, "entities": [], "relations": []}
    by_user = {"a": [rec("d1", 25), rec("d2", 25)], "b": [rec("d1", 19), empty], "c": [empty]}
    [pair] = pairwise(by_user)
    assert (pair.a, pair.b, pair.documents) == ("a", "b", 1)
    row = pair.row()
    assert row["CUE_exact_f1"] == 1.0 and row["CONTENT_exact_f1"] == 0.0
    assert row["attribution_f1"] == 0.0  # Jaccard 5/11 < 0.5
    assert "a / b" in format_agreement([pair])
    assert "fewer than two" in format_agreement(pairwise({"a": by_user["a"]}))
