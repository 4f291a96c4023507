"""Writers: each format, from Annotated items made by the stand-in pipeline."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from standin import make_standin

from attrib.annotate import annotate
from attrib.exchange import validate_record
from attrib.io.html import paint
from attrib.io.items import Annotated, Document, Reject
from attrib.io.tables import COLUMNS
from attrib.io.writers import RejectsWriter, open_writer

TEXTS = [
    'قال رئيس البلدية إن الطريق سيفتح قريباً. وأضاف: "العمل مستمر ليلاً".',
    "لا أحد تكلم هنا.",
    "أكدت <الشركة> أن الأرباح ارتفعت & تضاعفت.",
]


@pytest.fixture(scope="module")
def annotated() -> list[Annotated]:
    items = [Document(id=f"w{i}", text=t, meta={"outlet": "صحيفة"}, position=i)
             for i, t in enumerate(TEXTS)]
    out = list(annotate(make_standin(), items))
    assert all(isinstance(o, Annotated) for o in out)
    return out  # type: ignore[return-value]


def write(fmt: str, path: Path, items: list[Annotated]) -> Path:
    with open_writer(fmt, str(path)) as writer:
        for item in items:
            writer.write(item)
    return path


def test_doccano_lines_follow_the_guidelines(tmp_path: Path, annotated: list[Annotated]) -> None:
    lines = write("doccano", tmp_path / "o.jsonl", annotated).read_text("utf-8").splitlines()
    assert len(lines) == 3
    first = json.loads(lines[0])
    assert list(first)[:4] == ["id", "text", "entities", "relations"]
    assert first["outlet"] == "صحيفة" and "attributions" not in first
    assert validate_record(first) == []
    labelled = {(e["label"], first["text"][e["start_offset"]:e["end_offset"]])
                for e in first["entities"]}
    assert labelled == {("CUE", "قال"), ("SOURCE", "رئيس البلدية"),
                        ("CONTENT", "الطريق سيفتح قريباً"), ("CUE", "وأضاف"),
                        ("CONTENT", '"العمل مستمر ليلاً"')}
    # the implicit وأضاف points at the earlier speaker
    ids = {e["id"]: first["text"][e["start_offset"]:e["end_offset"]] for e in first["entities"]}
    sources = {ids[r["from_id"]]: ids[r["to_id"]] for r in first["relations"]
               if r["type"] == "source"}
    assert sources == {"قال": "رئيس البلدية", "وأضاف": "رئيس البلدية"}
    assert json.loads(lines[1])["entities"] == []


def test_jsonl_adds_attributions(tmp_path: Path, annotated: list[Annotated]) -> None:
    line = json.loads(write("jsonl", tmp_path / "o.jsonl", annotated).read_text("utf-8")
                      .splitlines()[0])
    second = line["attributions"][1]
    assert set(second) >= {"cue", "speaker", "source", "antecedent", "contents", "kind",
                           "confidence", "implicit"}
    assert (second["source"], second["antecedent"]["text"], second["implicit"],
            second["kind"]) == (None, "رئيس البلدية", True, "direct")


def test_csv_one_row_per_content_with_exact_offsets(tmp_path: Path,
                                                    annotated: list[Annotated]) -> None:
    path = write("csv", tmp_path / "o.csv", annotated)
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == list(COLUMNS)
    assert [r["doc_id"] for r in rows] == ["w0", "w0", "w2"]  # w1 has no attribution
    for row in rows:
        text = TEXTS[int(row["doc_id"][1])]
        for role in ("cue", "speaker", "content"):
            assert text[int(row[f"{role}_start"]):int(row[f"{role}_end"])] == row[role]
    assert rows[1]["implicit"] == "True" and rows[1]["source"] == ""
    assert rows[2]["source"] == "<الشركة>"


def test_csv_of_nothing_still_has_a_header(tmp_path: Path) -> None:
    path = write("csv", tmp_path / "o.csv", [])
    assert path.read_text("utf-8").strip().split(",") == list(COLUMNS)


def test_parquet_row_groups_and_types(tmp_path: Path, annotated: list[Annotated]) -> None:
    path = tmp_path / "o.parquet"
    writer = open_writer("parquet", str(path))
    writer.rows_per_group = 2  # type: ignore[attr-defined]
    with writer:
        for item in annotated:
            writer.write(item)
    assert pq.ParquetFile(path).num_row_groups == 2  # 2 rows, then 1: flushed in chunks
    frame = pd.read_parquet(path)
    assert list(frame.columns) == list(COLUMNS) and len(frame) == 3
    assert frame["antecedent_start"].isna().tolist() == [True, False, True]
    assert frame["cue_start"].dtype == "int64"


def test_parquet_of_nothing_is_a_valid_empty_table(tmp_path: Path) -> None:
    frame = pd.read_parquet(write("parquet", tmp_path / "o.parquet", []))
    assert list(frame.columns) == list(COLUMNS) and frame.empty


def test_parquet_needs_a_file() -> None:
    with pytest.raises(ValueError, match="-o FILE"):
        open_writer("parquet", None)


def test_unknown_format_is_named() -> None:
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        open_writer("xml", None)


def test_html_is_rtl_escaped_and_lists_who_said_what(tmp_path: Path,
                                                     annotated: list[Annotated]) -> None:
    page = write("html", tmp_path / "o.html", annotated).read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert '<html lang="ar" dir="rtl">' in page and "direction: rtl" in page
    assert page.count("<section") == 3
    assert "&lt;الشركة&gt;" in page and "<الشركة>" not in page
    assert page.count('<ol class="who-said-what">') == 2
    assert "(implicit)" in page
    assert "no attribution found" in page


def test_stdout_writer(capsys: pytest.CaptureFixture[str], annotated: list[Annotated]) -> None:
    with open_writer("doccano", "-") as writer:
        writer.write(annotated[1])
    assert json.loads(capsys.readouterr().out)["id"] == "w1"


def test_paint_lets_inner_spans_show_through() -> None:
    ents = [
        {"label": "CONTENT", "start_offset": 0, "end_offset": 20},
        {"label": "CUE", "start_offset": 5, "end_offset": 8},
        {"label": "SOURCE", "start_offset": 9, "end_offset": 12},
        {"label": "CUE", "start_offset": 22, "end_offset": 25},
    ]
    assert paint(30, ents) == [
        {"start": 0, "end": 5, "label": "CONTENT"},
        {"start": 5, "end": 8, "label": "CUE"},
        {"start": 8, "end": 9, "label": "CONTENT"},
        {"start": 9, "end": 12, "label": "SOURCE"},
        {"start": 12, "end": 20, "label": "CONTENT"},
        {"start": 22, "end": 25, "label": "CUE"},
    ]


def test_paint_prefers_the_cue_on_equal_spans() -> None:
    ents = [{"label": "SOURCE", "start_offset": 0, "end_offset": 3},
            {"label": "CUE", "start_offset": 0, "end_offset": 3}]
    assert paint(3, ents) == [{"start": 0, "end": 3, "label": "CUE"}]


def test_rejects_writer_is_lazy_unless_eager(tmp_path: Path) -> None:
    lazy = tmp_path / "lazy.jsonl"
    with RejectsWriter(str(lazy)):
        pass
    assert not lazy.exists()
    with RejectsWriter(str(lazy)) as rejects:
        rejects.write(Reject(origin="f:2", reason="invalid JSON", raw="{x"))
    assert json.loads(lazy.read_text("utf-8")) == {"origin": "f:2", "reason": "invalid JSON",
                                                   "raw": "{x"}
    eager = tmp_path / "eager.jsonl"
    with RejectsWriter(str(eager), eager=True):
        pass
    assert eager.read_text("utf-8") == ""
