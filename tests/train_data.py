"""Tiny hand-written Arabic gold documents for the training tests.

Each document is built from pieces: plain strings, or (label, text, key)
triples that become entities; relations name entity keys. Offsets are
computed, so the records are exact by construction.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

Piece = str | tuple[str, str, str]

DOCS: list[tuple[str, list[Piece], list[tuple[str, str, str]]]] = [
    ("t1", [("CUE", "قال", "c"), " ", ("SOURCE", "وزير المالية", "s"), " إن ",
            ("CONTENT", "الميزانية الجديدة ستقر قبل نهاية الشهر", "t"), "."],
     [("c", "source", "s"), ("c", "content", "t")]),
    ("t2", [("CUE", "أكدت", "c"), " ", ("SOURCE", "نقابة المعلمين", "s"), " أن ",
            ("CONTENT", "الإضراب سيستمر حتى تحقيق المطالب", "t"), ".\n",
            ("CUE", "وأضافت", "c2"), ": ", ("CONTENT", "«لن نتراجع عن حقوقنا»", "t2"), "."],
     [("c", "source", "s"), ("c", "content", "t"), ("c2", "source", "s"),
      ("c2", "content", "t2")]),
    ("t3", [("CUE", "وأوضح", "c"), " ", ("SOURCE", "المتحدث باسم الشرطة", "s"), ": ",
            ("CONTENT", "\"تم القبض على المشتبه بهم في ساعة متأخرة من الليل\"", "t"), "."],
     [("c", "source", "s"), ("c", "content", "t")]),
    ("t4", ["زار الوفد المدينة أمس. ", ("CUE", "وذكر", "c"), " ", ("SOURCE", "مصدر مطلع", "s"),
            " أن ", ("CONTENT", "الزيارة تناولت ملف المياه", "t"), "."],
     [("c", "source", "s"), ("c", "content", "t")]),
    ("t5", [("CONTENT", "ارتفعت أسعار الخضار بشكل كبير", "t"), "، ", ("CUE", "بحسب", "c"), " ",
            ("SOURCE", "تقرير الغرفة التجارية", "s"), "."],
     [("c", "source", "s"), ("c", "content", "t")]),
    ("t6", [("CUE", "دعا", "c"), " ", ("SOURCE", "رئيس البلدية", "s"), " السكان إلى ",
            ("CONTENT", "ترشيد استهلاك المياه خلال الصيف", "t"), ".\n",
            "وتعاني المدينة من نقص في الموارد."],
     [("c", "source", "s"), ("c", "content", "t")]),
    ("t7", ["افتتح المعرض صباح اليوم. ", ("CUE", "وقالت", "c"), " ", ("SOURCE", "المديرة", "s"),
            ": ", ("CONTENT", "«المعرض يضم أكثر من مئة عمل فني»", "t"), "."],
     [("c", "source", "s"), ("c", "content", "t")]),
    ("t8", [("SOURCE", "الخبير الاقتصادي", "s"), " ", ("CUE", "يرى", "c"), " أن ",
            ("CONTENT", "التضخم سيتراجع في العام المقبل", "t"), "."],
     [("c", "source", "s"), ("c", "content", "t")]),
]


def build_record(doc_id: str, pieces: list[Piece],
                 relations: list[tuple[str, str, str]]) -> dict[str, Any]:
    text, entities, ids = "", [], {}
    for piece in pieces:
        if isinstance(piece, str):
            text += piece
            continue
        label, span_text, key = piece
        ids[key] = len(entities) + 1
        entities.append({"id": ids[key], "label": label, "start_offset": len(text),
                         "end_offset": len(text) + len(span_text)})
        text += span_text
    return {
        "id": doc_id,
        "text": text,
        "entities": entities,
        "relations": [{"id": i, "from_id": ids[a], "to_id": ids[b], "type": t}
                      for i, (a, t, b) in enumerate(relations, start=1)],
        "outlet": "test",
    }


def records() -> list[dict[str, Any]]:
    return [build_record(*doc) for doc in DOCS]


def write(path: Path, recs: list[dict[str, Any]] | None = None) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for rec in recs if recs is not None else records():
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path
