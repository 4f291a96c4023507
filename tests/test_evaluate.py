"""The project's scores (attrib.evaluate) on small hand-made records."""

from __future__ import annotations

from typing import Any

import pytest

from attrib.evaluate import JACCARD_MIN, MismatchError, evaluate, format_table, jaccard

TEXT = 'صرح المحافظ بأن المياه عادت إلى الأحياء. وقال مدير الشركة: "الخدمة مستقرة".'
#        CUE صرح, SOURCE المحافظ, CONTENT المياه ... الأحياء (indirect)
#        CUE وقال, SOURCE مدير الشركة, CONTENT "الخدمة مستقرة" (direct)
Span = tuple[int, int]


def at(text: str, piece: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    return start, start + len(piece)


def record(text: str, atts: list[tuple[Span, Span | None, list[Span]]],
           doc_id: Any = "e1") -> dict[str, Any]:
    """An exchange record from (cue, source, contents) character spans."""
    entities: dict[tuple[str, int, int], int] = {}
    relations = []

    def ent(label: str, span: Span) -> int:
        return entities.setdefault((label, *span), len(entities) + 1)

    for cue, source, contents in atts:
        c = ent("CUE", cue)
        if source:
            relations.append({"from_id": c, "to_id": ent("SOURCE", source), "type": "source"})
        for content in contents:
            relations.append({"from_id": c, "to_id": ent("CONTENT", content), "type": "content"})
    return {
        "id": doc_id, "text": text,
        "entities": [{"id": i, "label": k[0], "start_offset": k[1], "end_offset": k[2]}
                     for k, i in entities.items()],
        "relations": [{"id": i + 1, **r} for i, r in enumerate(relations)],
    }


INDIRECT = (at(TEXT, "صرح"), at(TEXT, "المحافظ"), [at(TEXT, "المياه عادت إلى الأحياء")])
DIRECT = (at(TEXT, "وقال"), at(TEXT, "مدير الشركة"), [at(TEXT, '"الخدمة مستقرة"')])
GOLD = record(TEXT, [INDIRECT, DIRECT])


def test_perfect_prediction_scores_one_everywhere() -> None:
    result = evaluate([GOLD], [GOLD])
    assert result["documents"] == 1 and result["missing_predictions"] == 0
    for name in ("all", "direct", "indirect"):
        assert result["attribution"][name]["f"] == 1.0
    for mode in ("exact", "overlap"):
        assert all(c["f"] == 1.0 for c in result["spans"][mode].values())
    assert result["attribution"]["direct"]["n_gold"] == 1
    assert result["attribution"]["indirect"]["n_gold"] == 1


def test_quote_marks_are_trimmed_for_attribution_but_not_for_exact_spans() -> None:
    unquoted = (DIRECT[0], DIRECT[1], [at(TEXT, "الخدمة مستقرة")])
    result = evaluate([GOLD], [record(TEXT, [INDIRECT, unquoted])])
    assert result["attribution"]["all"]["f"] == 1.0
    content_exact = result["spans"]["exact"]["CONTENT"]
    assert (content_exact["p"], content_exact["r"]) == (0.5, 0.5)
    assert result["spans"]["overlap"]["CONTENT"]["f"] == 1.0


def test_jaccard_threshold() -> None:
    assert jaccard((0, 10), (0, 5)) == 0.5
    assert jaccard((0, 10), (0, 4)) == 0.4
    assert jaccard((0, 3), (3, 6)) == 0.0
    assert JACCARD_MIN == 0.5
    content = at(TEXT, "المياه عادت إلى الأحياء")  # 23 characters
    enough = (content[0], content[0] + 13)  # 13/23 >= 0.5: a match
    short = (content[0], content[0] + 11)  # 11/23 < 0.5: no match
    for span, expected in ((enough, 1.0), (short, 0.0)):
        pred = record(TEXT, [(INDIRECT[0], INDIRECT[1], [span])])
        result = evaluate([record(TEXT, [INDIRECT])], [pred])
        assert result["attribution"]["all"]["f"] == expected
        # the overlap span score counts any shared character either way
        assert result["spans"]["overlap"]["CONTENT"]["f"] == 1.0


def test_source_containment_matches_a_shorter_mention_elsewhere() -> None:
    text = "قال وزير المالية أحمد سالم إن العجز تراجع. وقال سالم إن الدين مستقر."
    gold = record(text, [(at(text, "وقال"), at(text, "وزير المالية أحمد سالم"),
                          [at(text, "الدين مستقر")])])
    # predicted source: the later bare name, no overlap but contained
    pred = record(text, [(at(text, "وقال"), at(text, "سالم", 1), [at(text, "الدين مستقر")])])
    assert evaluate([gold], [pred])["attribution"]["all"]["f"] == 1.0
    wrong = record(text, [(at(text, "وقال"), at(text, "العجز"), [at(text, "الدين مستقر")])])
    assert evaluate([gold], [wrong])["attribution"]["all"]["f"] == 0.0


def test_source_must_be_absent_on_both_sides_or_present_on_both() -> None:
    gold = record(TEXT, [(INDIRECT[0], None, INDIRECT[2])])
    assert evaluate([gold], [gold])["attribution"]["all"]["f"] == 1.0
    assert evaluate([gold], [record(TEXT, [INDIRECT])])["attribution"]["all"]["f"] == 0.0


def test_direct_indirect_split_by_each_sides_kind() -> None:
    result = evaluate([GOLD], [record(TEXT, [DIRECT])])
    assert result["attribution"]["direct"] == {"p": 1.0, "r": 1.0, "f": 1.0,
                                               "n_pred": 1, "n_gold": 1}
    assert result["attribution"]["indirect"]["r"] == 0.0
    assert result["attribution"]["indirect"]["n_pred"] == 0
    assert result["attribution"]["all"]["r"] == 0.5 and result["attribution"]["all"]["p"] == 1.0


def test_mixed_content_counts_as_direct() -> None:
    text = 'وأوضح الناطق أنه "لا تغيير في الخطة".'
    mixed = record(text, [(at(text, "وأوضح"), at(text, "الناطق"),
                           [at(text, 'أنه "لا تغيير في الخطة"')])])
    assert evaluate([mixed], [mixed])["attribution"]["direct"]["n_gold"] == 1


def test_units_match_one_to_one() -> None:
    gold = record(TEXT, [INDIRECT])
    twice = record(TEXT, [INDIRECT, (at(TEXT, "وقال"), INDIRECT[1], INDIRECT[2])])
    att = evaluate([gold], [twice])["attribution"]["all"]
    assert (att["p"], att["r"], att["n_pred"]) == (0.5, 1.0, 2)


def test_missing_predictions_count_as_empty() -> None:
    other = {**record(TEXT, [DIRECT]), "id": "e2"}
    result = evaluate([GOLD, other], [GOLD])
    assert result["missing_predictions"] == 1
    assert result["attribution"]["all"]["r"] == round(2 / 3, 4)
    assert result["attribution"]["all"]["p"] == 1.0


def test_documents_pair_by_id_not_by_position() -> None:
    second = record("قال الطبيب إن المريض تعافى.", [], doc_id="e2")
    result = evaluate([GOLD, second], [second, GOLD])
    assert result["attribution"]["all"]["f"] == 1.0 and result["missing_predictions"] == 0


def test_text_mismatch_is_an_error() -> None:
    changed = {**GOLD, "text": TEXT.replace("المحافظ", "المحافظة")}
    with pytest.raises(MismatchError, match="e1"):
        evaluate([GOLD], [changed])
    with pytest.raises(MismatchError, match="e1"):
        evaluate([GOLD], [{"id": "e1", "entities": []}])


def test_format_table_lists_every_score() -> None:
    table = format_table(evaluate([GOLD], [record(TEXT, [DIRECT])]))
    assert "documents: 1" in table
    for row in ("attribution all", "attribution direct", "CUE exact", "CONTENT overlap"):
        assert row in table
    line = next(row for row in table.splitlines() if row.startswith("attribution all"))
    assert line.split()[2:5] == ["1.000", "0.500", "0.667"]
