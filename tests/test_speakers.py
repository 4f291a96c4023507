"""Speaker aggregation (``attrib speakers``) on small records written here."""

from __future__ import annotations

import csv
import json
from collections import Counter
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from attrib.cli.main import app
from attrib.speakers import is_name, parse_date, speaker_key, speakers_table

Att = tuple[str, "str | None", str]  # cue, source (None: no speaker), content


def record(doc_id: str, text: str, atts: list[Att], **extra: object) -> dict:
    """An exchange record; each part is looked up after the previous cue."""
    entities: list[dict] = []
    relations: list[dict] = []

    def entity(label: str, part: str, after: int) -> int:
        start = text.index(part, after)
        for ent in entities:
            if (ent["label"], ent["start_offset"]) == (label, start):
                return ent["id"]
        entities.append({"id": len(entities) + 1, "label": label, "start_offset": start,
                         "end_offset": start + len(part)})
        return len(entities)

    after = 0
    for cue, source, content in atts:
        cue_id = entity("CUE", cue, after)
        after = entities[cue_id - 1]["start_offset"]
        if source is not None:
            where = text.rfind(source, 0, after) if source not in text[after:] else after
            relations.append({"id": len(relations) + 1, "from_id": cue_id,
                              "to_id": entity("SOURCE", source, where), "type": "source"})
        relations.append({"id": len(relations) + 1, "from_id": cue_id,
                          "to_id": entity("CONTENT", content, after), "type": "content"})
    return {"id": doc_id, "text": text, "entities": entities, "relations": relations, **extra}


DOCS = [
    record(
        "a1",
        'قال الرئيس الفنزويلي نيكولاس مادورو إن الانتخابات ستجري في موعدها. '
        'وأضاف مادورو: "لن نقبل بأي تدخل". وقالت وزارة الخارجية إن السفير استدعي.',
        [("قال", "الرئيس الفنزويلي نيكولاس مادورو", "الانتخابات ستجري في موعدها"),
         ("وأضاف", "مادورو", '"لن نقبل بأي تدخل"'),
         ("وقالت", "وزارة الخارجية", "السفير استدعي")],
        date="2019-02-03", outlet="قناة الشرق",
    ),
    record(
        "a2",
        "أكّد نيكولاس مادورو أنّ الحوار ممكن. وصرح هو بأن الجيش موحد. "
        "وذكر المصدر أن الاجتماع انتهى. وأشار نفس المصدر إلى أن الوفد غادر.",
        [("أكّد", "نيكولاس مادورو", "الحوار ممكن"),
         ("وصرح", "هو", "بأن الجيش موحد"),
         ("وذكر", "المصدر", "الاجتماع انتهى"),
         ("وأشار", "نفس المصدر", "الوفد غادر")],
        date="2019-01-20T08:30:00", outlet="صحيفة الغرب",
    ),
    record(
        "a3",
        "شدد مادورو على أن البلاد لن تستسلم. وأعلنت الوزارة أن المعبر مغلق.",
        [("شدد", "مادورو", "البلاد لن تستسلم"),
         ("وأعلنت", None, "المعبر مغلق")],
        meta={"date": "1503-20-19", "outlet": "قناة الشرق"},
    ),
]


def write_jsonl(path: Path, records: list[dict], extra_lines: tuple[str, ...] = ()) -> Path:
    lines = [json.dumps(r, ensure_ascii=False) for r in records] + list(extra_lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def pred(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "pred.jsonl", DOCS, ("{not json",))


def test_keys_fold_spelling_and_titles() -> None:
    assert speaker_key("الرئيسُ الفنزويليُّ نيكولاس مادورو") == speaker_key("نيكولاس مادورو")
    assert speaker_key("إبراهيم العمر") == speaker_key("ابراهيم العمر")
    assert speaker_key("الدكتور إبراهيم العمر الذي ترأس الوفد") == speaker_key("ابراهيم العمر")
    assert speaker_key("وزير الدفاع البحريني اللواء حمد آل سالم") == "حمد ال سالم"
    # a title with no name after it stays whole instead of becoming a bare noun
    assert speaker_key("وزير الخارجية") == "وزير الخارجيه"
    assert speaker_key("الرئيس الفنزويلي") == "الرييس الفنزويلي"
    assert is_name("نيكولاس مادورو")
    assert not is_name("نفس المصدر")
    assert not is_name("ضابط في الشرطه")


def test_dates_in_known_formats() -> None:
    assert parse_date("2019-01-20T08:30:00") == date(2019, 1, 20)
    assert parse_date("1503-20-19") == date(2019, 3, 15)  # DDMM-20-YY as some feeds write it
    assert parse_date("next week") is None


def test_aggregation_groups_counts_dates_outlets(pred: Path) -> None:
    problems: list = []
    unattributed: Counter[str] = Counter()
    rows = speakers_table([pred], problems, unattributed, max_examples=2)
    by_key = {r["key"]: r for r in rows}

    maduro = by_key["نيكولاس مادورو"]
    assert rows[0] is maduro  # most statements first
    assert maduro["statements"] == 5  # 2 + (1 + pronoun) + bare surname in another document
    assert maduro["documents"] == 3
    assert maduro["direct"] == 1 and maduro["indirect"] == 4
    assert maduro["speaker"] == "نيكولاس مادورو"  # the plain name, not a titled form
    assert set(maduro["surface_forms"]) == {
        "مادورو (2)", "الرئيس الفنزويلي نيكولاس مادورو (1)", "نيكولاس مادورو (1)", "هو (1)",
    }
    assert (maduro["first_date"], maduro["last_date"]) == ("2019-01-20", "2019-03-15")
    assert maduro["outlets"] == ["قناة الشرق (3)", "صحيفة الغرب (2)"]
    assert maduro["examples"] == ["الانتخابات ستجري في موعدها", '"لن نقبل بأي تدخل"']

    # descriptions are not names: "المصدر" does not join "نفس المصدر"
    assert by_key["المصدر"]["statements"] == 1
    assert by_key["نفس المصدر"]["statements"] == 1
    assert by_key["وزاره الخارجيه"]["statements"] == 1
    assert sum(r["statements"] for r in rows) == 8

    assert sum(unattributed.values()) == 1
    assert [str(p) for p in problems] == [f"{pred}:4: invalid JSON: Expecting property name "
                                          "enclosed in double quotes"]


def test_attributions_list_is_read_when_entities_are_absent(tmp_path: Path) -> None:
    text = "قال المتحدث سامي الحسن إن الطريق مفتوح."
    s, c = text.index("المتحدث"), text.index("الطريق")
    rec = {"id": "b1", "text": text, "attributions": [
        {"speaker": {"start": s, "end": text.index(" إن")},
         "contents": [{"start": c, "end": text.index(".")}]}]}
    rows = speakers_table([write_jsonl(tmp_path / "p.jsonl", [rec])], [])
    assert [(r["key"], r["statements"], r["examples"]) for r in rows] == [
        ("سامي الحسن", 1, ["الطريق مفتوح"])
    ]


def test_unrecognised_date_is_reported_not_fatal(tmp_path: Path) -> None:
    rec = record("c1", "قال سامي الحسن إن الطريق مفتوح.", [("قال", "سامي الحسن", "الطريق مفتوح")],
                 date="الخميس")
    problems: list = []
    rows = speakers_table([write_jsonl(tmp_path / "p.jsonl", [rec])], problems)
    assert rows[0]["first_date"] is None and rows[0]["statements"] == 1
    assert "unrecognised date 'الخميس'" in str(problems[0])


runner = CliRunner()


def test_cli_csv(pred: Path, tmp_path: Path) -> None:
    out = tmp_path / "speakers.csv"
    result = runner.invoke(app, ["speakers", str(pred), "-o", str(out), "--top", "2"])
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 2
    assert rows[0]["key"] == "نيكولاس مادورو" and rows[0]["statements"] == "5"
    assert rows[0]["outlets"] == "قناة الشرق (3) | صحيفة الغرب (2)"


def test_cli_parquet_keeps_lists(pred: Path, tmp_path: Path) -> None:
    out = tmp_path / "speakers.parquet"
    result = runner.invoke(app, ["speakers", str(pred), "-o", str(out)])
    assert result.exit_code == 0, result.output
    frame = pd.read_parquet(out)
    assert len(frame) == 4
    first = frame.iloc[0]
    assert first["key"] == "نيكولاس مادورو"
    assert list(first["outlets"]) == ["قناة الشرق (3)", "صحيفة الغرب (2)"]


def test_cli_plain_table_and_problems(pred: Path) -> None:
    result = runner.invoke(app, ["speakers", str(pred), "--plain", "--top", "1"])
    assert result.exit_code == 0
    lines = result.stdout.strip().splitlines()
    assert lines[0].split("\t")[:3] == ["speaker", "key", "statements"]
    assert lines[1].split("\t")[:3] == ["نيكولاس مادورو", "نيكولاس مادورو", "5"]
    assert len(lines) == 2
    assert f"{pred}:4: invalid JSON" in result.stderr
    assert "4 speakers, 8 statements, 1 attributions without a speaker" in result.stderr


def test_cli_rich_table(pred: Path) -> None:
    result = runner.invoke(app, ["speakers", str(pred)])
    assert result.exit_code == 0
    assert "مادورو" in result.stdout and "Speakers (4 of 4)" in result.stdout


def test_cli_rejects_unknown_suffix(pred: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["speakers", str(pred), "-o", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 2
    assert "suffix" in result.stderr


def test_bad_bytes_and_missing_files_are_reported_and_skipped(tmp_path: Path) -> None:
    rec = record("e1", "قال سامي الحسن إن الطريق مفتوح.", [("قال", "سامي الحسن", "الطريق مفتوح")])
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"\xff\xfe{}\n" + json.dumps(rec, ensure_ascii=False).encode() + b"\n")
    problems: list = []
    rows = speakers_table([tmp_path / "missing.jsonl", path], problems)
    assert [(r["key"], r["statements"]) for r in rows] == [("سامي الحسن", 1)]
    assert [str(p) for p in problems] == [
        f"{tmp_path / 'missing.jsonl'}: cannot open: No such file or directory",
        f"{path}:1: not UTF-8 (byte 0)",
    ]
