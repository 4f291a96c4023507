"""Readers: every input record becomes one Document or one Reject, in order."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from attrib.io.items import Document, Reject
from attrib.io.readers import read_inputs

TEXT_A = "قال المدير إن المصنع سيفتح أبوابه غداً."
TEXT_B = "أكدت الوزيرة أن الميزانية جاهزة."


def jsonl(path: Path, *lines: str | dict) -> str:
    body = "\n".join(line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)
                     for line in lines)
    path.write_text(body + "\n", encoding="utf-8")
    return str(path)


def test_txt_file_is_one_document_named_after_the_file(tmp_path: Path) -> None:
    path = tmp_path / "خبر.txt"
    path.write_text(TEXT_A, encoding="utf-8")
    [doc] = read_inputs([str(path)])
    assert isinstance(doc, Document)
    assert (doc.id, doc.text, doc.meta, doc.position) == ("خبر", TEXT_A, {}, 0)


def test_txt_keeps_crlf_and_drops_only_the_bom(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbf" + "سطر\r\nآخر".encode())
    [doc] = read_inputs([str(path)])
    assert doc.text == "سطر\r\nآخر"


def test_jsonl_fields_ids_and_meta(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path / "in.jsonl",
        {"id": "d1", "text": TEXT_A, "outlet": "جريدة", "date": "2024-01-02"},
        "",
        {"text": TEXT_B},
    )
    first, second = read_inputs([path])
    assert (first.id, first.text, first.meta) == ("d1", TEXT_A, {"outlet": "جريدة",
                                                                  "date": "2024-01-02"})
    assert second.id == "in.jsonl:3"  # stable default: file name and line
    assert second.origin.endswith("in.jsonl:3")
    assert [first.position, second.position] == [0, 1]


def test_jsonl_custom_text_and_id_fields(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "in.jsonl", {"key": 7, "body": TEXT_A, "text": "عنوان"})
    [doc] = read_inputs([path], text_field="body", id_field="key")
    assert (doc.id, doc.text, doc.meta) == (7, TEXT_A, {"text": "عنوان"})


def test_jsonl_bad_lines_become_rejects_naming_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(
        b'{"text": "\xd9\x86\xd8\xb5"}\n'  # fine: "نص"
        b"{not json\n"
        b'{"title": "x"}\n'
        b'{"text": "\xff\xfe"}\n'
        b'{"text": "   "}\n'
        b'{"text": 12}\n'
        b"[1, 2]\n"
    )
    items = list(read_inputs([str(path)]))
    assert [type(i).__name__ for i in items] == ["Document"] + ["Reject"] * 6
    reasons = {r.origin.rsplit("/", 1)[-1]: r.reason for r in items[1:]}
    assert reasons["bad.jsonl:2"].startswith("invalid JSON")
    assert "no field 'text'" in reasons["bad.jsonl:3"]
    assert "not valid UTF-8" in reasons["bad.jsonl:4"]
    assert "empty text" in reasons["bad.jsonl:5"]
    assert "not a string" in reasons["bad.jsonl:6"]
    assert "not a JSON object" in reasons["bad.jsonl:7"]
    assert [i.position for i in items] == list(range(7))


def test_huge_text_is_rejected_and_its_raw_is_cut(tmp_path: Path) -> None:
    huge = "ك" * 5_000_001
    path = jsonl(tmp_path / "big.jsonl", {"text": huge}, {"text": TEXT_A})
    rejected, ok = read_inputs([path])
    assert isinstance(rejected, Reject) and isinstance(ok, Document)
    assert "too long" in rejected.reason and "5,000,001" in rejected.reason
    assert len(rejected.raw) < 20_000


def test_max_chars_is_a_parameter(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT_A, encoding="utf-8")
    [item] = read_inputs([str(path)], max_chars=10)
    assert isinstance(item, Reject) and "limit 10" in item.reason


def test_undecodable_txt_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("سطر أول\nسطر".encode() + b"\xff\n")
    [item] = read_inputs([str(path)])
    assert isinstance(item, Reject)
    assert item.origin == f"{path}:2"
    assert "not valid UTF-8" in item.reason


def test_csv_text_column_id_meta_and_multiline_cells(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(
        'id,body,outlet\nc1,"' + TEXT_A + '\nسطر ثان",جريدة\n,' + TEXT_B + ",موقع\n",
        encoding="utf-8",
    )
    first, second = read_inputs([str(path)], text_column="body")
    assert (first.id, first.text, first.meta) == ("c1", TEXT_A + "\nسطر ثان", {"outlet": "جريدة"})
    assert second.id == "in.csv:4"  # the second record starts on line 4
    assert second.text == TEXT_B


def test_csv_bad_rows_are_rejected_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(
        b"id,text\n"
        b"r1,\xff\n"
        b"r2,\n"
        b"r3,a,b\n"
        + f"r4,{TEXT_B}\n".encode()
    )
    items = list(read_inputs([str(path)]))
    assert [type(i).__name__ for i in items] == ["Reject", "Reject", "Reject", "Document"]
    assert items[0].origin == f"{path}:2" and "UTF-8" in items[0].reason
    assert items[1].origin == f"{path}:3" and "empty text" in items[1].reason
    assert items[2].origin == f"{path}:4" and "3 cells" in items[2].reason


def test_csv_without_the_text_column_rejects_each_row(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("id,body\n1,نص\n2,نص آخر\n", encoding="utf-8")
    items = list(read_inputs([str(path)]))
    assert len(items) == 2 and all(isinstance(i, Reject) for i in items)
    assert "no field 'text' (fields: body, id)" in items[0].reason


def test_directory_is_read_recursively_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.txt").write_text(TEXT_B, encoding="utf-8")
    (tmp_path / "sub" / "a.txt").write_text(TEXT_A, encoding="utf-8")
    jsonl(tmp_path / "c.jsonl", {"id": "j", "text": TEXT_A})
    (tmp_path / "notes.md").write_text("ليس مدخلاً", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("مخفي", encoding="utf-8")
    items = list(read_inputs([str(tmp_path)]))
    assert [i.id for i in items] == ["b", "j", "sub/a"]


def test_missing_path_is_a_reject(tmp_path: Path) -> None:
    [item] = read_inputs([str(tmp_path / "nope.txt")])
    assert isinstance(item, Reject) and item.reason == "no such file or directory"


def test_positions_run_over_all_inputs(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text(TEXT_A, encoding="utf-8")
    path = jsonl(tmp_path / "in.jsonl", {"text": TEXT_B}, "{oops")
    items = list(read_inputs([str(a), path, str(a)]))
    assert [i.position for i in items] == [0, 1, 2, 3]


def test_stdin_jsonl(tmp_path: Path) -> None:
    data = ("\n" + json.dumps({"id": "s", "text": TEXT_A}, ensure_ascii=False) + "\n{x\n").encode()
    doc, bad = read_inputs(["-"], stdin=io.BytesIO(data))
    assert (doc.id, doc.text) == ("s", TEXT_A)
    assert bad.origin == "stdin:3" and "invalid JSON" in bad.reason


def test_stdin_plain_text_is_one_document() -> None:
    text = "\n" + TEXT_A + "\n" + TEXT_B + "\n"
    [doc] = read_inputs(["-"], stdin=io.BytesIO(text.encode()))
    assert (doc.id, doc.text) == ("stdin", text)


@pytest.mark.parametrize("data", [b"", b"  \n\n"])
def test_empty_stdin_is_a_reject(data: bytes) -> None:
    [item] = read_inputs(["-"], stdin=io.BytesIO(data))
    assert isinstance(item, Reject) and item.origin == "stdin"


def test_reading_is_lazy(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "in.jsonl", *({"text": f"نص {i}"} for i in range(3)))
    stream = read_inputs([path, str(tmp_path / "missing.txt")])
    assert next(stream).text == "نص 0"  # nothing beyond the first line is needed yet


def test_lone_surrogate_escapes_are_rejected_but_escaped_pairs_kept(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text('{"text": "\\ud83d\\ude00 نص"}\n{"text": "نص \\udc00"}\n', "utf-8")
    ok, bad = read_inputs([str(path)])
    assert isinstance(ok, Document) and ok.text == "😀 نص"
    assert isinstance(bad, Reject) and "surrogate" in bad.reason and bad.origin.endswith(":2")


def test_csv_cells_up_to_the_limit_are_read_and_bigger_ones_rejected(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text(f"text\n{'ب' * 200_000}\n{'ج' * 300_001}\n{TEXT_A}\n", "utf-8")
    long_ok, too_long, short = read_inputs([str(path)], max_chars=300_000)
    assert isinstance(long_ok, Document) and len(long_ok.text) == 200_000
    assert isinstance(too_long, Reject) and too_long.origin == f"{path}:3"
    assert too_long.reason.startswith("text too long")
    assert isinstance(short, Document) and short.text == TEXT_A
